"""Writing: an imported network as a network folder (atomically, never over a folder without
``overwrite``), and a network folder as GIS layers in Lambert-93 for QGIS.
"""

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from heatnet.io.write import check_target, clean_stale, staging_dir
from heatnet.io.folder import (GEO_SUFFIXES, LAMBERT93, WGS84, DataError, Network, _read_text, load_network,
                               read_csv_cells)
from heatnet.io.gis.report import GisImport, ROUTE_MATCH_M, _gpd, _shapely
from heatnet.io.gis.topology import _start_xy
from heatnet.io.schema import TABLES


# ---------------------------------------------------------------- writing a network folder

FORMULA_START = re.compile(r"^(?:[=@\t\r]|[+-](?![\d.]))")  # what a spreadsheet runs as a formula


def _csv_text(frame):
    """A table as CSV; a text cell a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM``) gets
    a leading apostrophe, the usual mark of text (ids never need it: the import refuses such ids)."""
    def cell(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        if isinstance(v, (bool, np.bool_)):
            return "true" if v else "false"
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            return str(int(v))
        text = str(v)
        return "'" + text if FORMULA_START.match(text) else text

    return frame.astype(object).map(cell).to_csv(index=False, lineterminator="\n")


def _yaml_scalar(value):
    text = str(value)
    return text if yaml.safe_load(text) == text and text.strip() == text else json.dumps(text, ensure_ascii=False)


def _set_yaml_key(text, key, value):
    """``text`` with the top-level ``key: value`` replaced (its comment kept) or appended."""
    pattern = re.compile(rf"^{re.escape(key)}:[ \t]*([^#\n]*?)([ \t]*#[^\n]*)?$", re.M)
    if pattern.search(text):
        return pattern.sub(lambda m: f"{key}: {value}" + (m.group(2) or ""), text, count=1)
    return text.rstrip("\n") + f"\n{key}: {value}\n"


def _point_nodes(frame):
    return _csv_text(frame[["id", "node_id", "distance_m", "feature"]].assign(
        distance_m=frame["distance_m"].round(3)))


def _updated_base_table(base, role, frame):
    """The base's substations.csv / plants.csv with node_id taken from the points of the same id."""
    cells, _ = read_csv_cells(base / TABLES[role].file)
    if frame is not None and len(frame) and "node_id" in cells.columns:
        node_of = frame.drop_duplicates("id").set_index("id")["node_id"]
        matched = cells["id"].isin(node_of.index)
        cells.loc[matched, "node_id"] = cells.loc[matched, "id"].map(node_of)
    return _csv_text(cells)


def _table_from_points(role, frame):
    """substations.csv / plants.csv from points carrying all the table's required columns, else None."""
    table = TABLES[role]
    present = [c.name for c in table.columns if c.name in frame.columns]
    if any(c.required and c.name not in present for c in table.columns):
        return None
    return _csv_text(frame[present])


def folder_contents(result: GisImport):
    """File name -> text (or a callable writing the file) of the folder :func:`write_network_folder` writes."""
    files = {}
    nodes = result.nodes[["id", "kind", "lon", "lat", "reconstructed"]].copy()
    nodes[["lon", "lat"]] = nodes[["lon", "lat"]].round(8)
    files["nodes.csv"] = _csv_text(nodes)
    pipes = pd.DataFrame(result.pipes.drop(columns=["geometry", "feature"]))
    pipes["length_m"] = pipes["length_m"].round(2)
    files["pipes.csv"] = _csv_text(pipes)
    routes = result.pipes[["id", "geometry"]]
    files["pipes_routes.gpkg"] = lambda path: routes.to_file(path, layer="pipes", driver="GPKG", engine="pyogrio")
    points = {"substations": result.substations, "plants": result.plants}
    for role, frame in points.items():
        if role in result.sources:
            files[f"{role[:-1]}_nodes.csv"] = _point_nodes(frame)
    base = result.base
    if base is not None:
        for table in TABLES.values():
            source = base / table.file
            if table.name in ("nodes", "pipes") or not source.exists():
                continue
            files[table.file] = (_updated_base_table(base, table.name, points[table.name]) if table.name in points
                                 else lambda path, source=source: shutil.copyfile(source, path))
        text = _read_text(base / "network.yaml")
        if result.plant_node is not None:
            text = _set_yaml_key(text, "plant_node", _yaml_scalar(result.plant_node))
        reconstructed = bool(result.pipes["reconstructed"].any() or result.nodes["reconstructed"].any())
        files["network.yaml"] = _set_yaml_key(text, "layout_reconstructed", str(reconstructed).lower())
    for role, frame in points.items():
        if TABLES[role].file not in files and role in result.sources:
            text = _table_from_points(role, frame)
            if text is not None:
                files[TABLES[role].file] = text
    files["import_report.csv"] = _csv_text(result.report)
    return files


def _make_parent(path):
    """Create the folders above ``path``; a file in the way or a refusal is a DataError naming it."""
    for parent in Path(path).parents:
        if os.path.lexists(parent):
            if not parent.is_dir():
                raise DataError(path, f"{parent} is a file, not a folder: choose another output")
            break
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(path, f"cannot create the folder {Path(path).parent}: {exc.strerror or exc}") from None


def _write_atomically(folder, contents, overwrite):
    """Write ``contents`` (name -> text or callable(path)) into ``folder``: all through a temporary folder,
    moved in place with os.replace; existing files only with ``overwrite``."""
    folder = Path(folder)
    if folder.is_symlink():
        raise DataError(folder, "is a symbolic link: give a plain folder")
    if folder.exists() and not folder.is_dir():
        raise DataError(folder, "exists and is not a folder")
    _make_parent(folder)
    existing = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if existing and not overwrite:
        raise DataError(folder, f"the output folder exists and is not empty ({', '.join(existing[:5])}"
                                f"{' ...' if len(existing) > 5 else ''}): choose another folder, or replace its "
                                "files with --force (overwrite=True)")
    clean_stale(folder.parent)  # the staging folder of an import killed in this folder
    staging = staging_dir(folder.parent, folder.name)
    try:
        for name, content in contents.items():
            if callable(content):
                content(staging / name)
            else:
                (staging / name).write_text(content, encoding="utf-8")
        if not folder.exists():
            os.replace(staging, folder)
            return [folder / name for name in contents]
        for name in contents:
            os.replace(staging / name, folder / name)
        return [folder / name for name in contents]
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # every exit: done, failed or interrupted


def write_network_folder(result: GisImport, folder, *, overwrite=False):
    """Write the import as network-folder tables; returns the paths written.

    Always: nodes.csv, pipes.csv, pipes_routes.gpkg (the routes, for :func:`export_gis`),
    substation_nodes.csv / plant_nodes.csv (each point's node) and import_report.csv. With
    ``result.base``: its network.yaml (plant_node and layout_reconstructed updated) and its
    other tables, substations.csv and plants.csv with node_id from the points of the same
    id. Without a base, substations.csv / plants.csv are written when the points carry all
    their required columns. A non-empty folder is refused unless ``overwrite``; files are
    written to a temporary folder and moved in place.
    """
    return _write_atomically(folder, folder_contents(result), overwrite)


# ---------------------------------------------------------------- export

@dataclass
class GisExport:
    files: list
    layers: dict  # layer name -> number of features
    skipped: list  # what could not be placed (a node without lon/lat)


def _as_network(network):
    return network if isinstance(network, Network) else load_network(network)


def _plain_columns(frame):
    """Columns GIS drivers write: numbers and booleans as they are, anything else as text (None kept)."""
    out = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        values = frame[name]
        if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
            out[name] = values
            continue
        present = values[values.notna()]
        if len(present) == len(values) and len(values) and present.map(lambda v: isinstance(v, (bool, np.bool_))).all():
            out[name] = values.astype(bool)
        elif len(present) and present.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).all():
            out[name] = pd.to_numeric(values)
        else:
            out[name] = values.map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else
                                   ("true" if v else "false") if isinstance(v, (bool, np.bool_)) else
                                   v.isoformat() if hasattr(v, "isoformat") else str(v)).astype(object)
    return out


def _stored_routes(net, ends_xy):
    """Pipe routes from pipes_routes.gpkg or a pipes GIS layer, when their ends match the nodes."""
    shapely = _shapely()
    source = Path(net.sources["pipes"].file) if "pipes" in net.sources else Path()
    candidates = [net.folder / "pipes_routes.gpkg"] + ([source] if source.suffix.lower() in GEO_SUFFIXES else [])
    path = next((p for p in candidates if p.exists()), None)
    routes = np.full(len(net.pipes), None, dtype=object)
    if path is None:
        return routes
    frame = _gpd().read_file(path, engine="pyogrio").to_crs(LAMBERT93)
    if "id" not in frame.columns:
        return routes
    by_id = pd.Series(np.asarray(frame.geometry.array), index=frame["id"].astype(str))
    by_id = by_id[~by_id.index.duplicated()]
    found = by_id.reindex(net.pipes["id"].astype(str)).to_numpy()
    ok = np.array([g is not None and not (isinstance(g, float)) and g.geom_type == "LineString" for g in found])
    if not ok.any():
        return routes
    start = _start_xy(found[ok])
    end = shapely.get_coordinates(shapely.get_point(found[ok], -1))
    a, b = ends_xy[0][ok], ends_xy[1][ok]
    forward = (np.hypot(*(start - a).T) <= ROUTE_MATCH_M) & (np.hypot(*(end - b).T) <= ROUTE_MATCH_M)
    backward = (np.hypot(*(start - b).T) <= ROUTE_MATCH_M) & (np.hypot(*(end - a).T) <= ROUTE_MATCH_M)
    chosen = np.where(forward, found[ok], np.where(backward, shapely.reverse(found[ok]), None))
    routes[np.flatnonzero(ok)] = chosen
    return routes


def network_layers(network):
    """GeoDataFrames in Lambert-93 of a network folder: nodes, pipes, substations, plants; and what was skipped."""
    gpd, shapely = _gpd(), _shapely()
    net = _as_network(network)
    nodes = net.nodes.reset_index(drop=True)
    lon = pd.to_numeric(nodes["lon"], errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(nodes["lat"], errors="coerce").to_numpy(dtype=float)
    placed = np.isfinite(lon) & np.isfinite(lat)
    from pyproj import Transformer

    x, y = np.full(len(nodes), np.nan), np.full(len(nodes), np.nan)
    if placed.any():
        x[placed], y[placed] = Transformer.from_crs(WGS84, LAMBERT93, always_xy=True).transform(lon[placed],
                                                                                            lat[placed])
    xy = pd.DataFrame({"x": x, "y": y}, index=nodes["id"].astype(str))
    skipped = [f"node {n}: no lon/lat" for n in nodes["id"][~placed]]
    layers = {"nodes": gpd.GeoDataFrame(_plain_columns(nodes.drop(columns=["lon", "lat"])[placed]),
                                        geometry=shapely.points(np.column_stack([x, y])[placed]), crs=LAMBERT93)}
    pipes = net.pipes.reset_index(drop=True)
    a = xy.reindex(pipes["from_node"].astype(str)).to_numpy()
    b = xy.reindex(pipes["to_node"].astype(str)).to_numpy()
    ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    skipped += [f"pipe {p}: a node without lon/lat" for p in pipes["id"][~ok]]
    geoms = np.full(len(pipes), None, dtype=object)
    geoms[ok] = shapely.linestrings(np.stack([a[ok], b[ok]], axis=1))
    routes = _stored_routes(net, (a, b))
    geoms = np.where(ok & (routes != None), routes, geoms)  # noqa: E711 (element-wise)
    layers["pipes"] = gpd.GeoDataFrame(_plain_columns(pipes[ok]), geometry=list(geoms[ok]), crs=LAMBERT93)
    for name in ("substations", "plants"):
        frame = net.table(name).reset_index(drop=True)
        at = xy.reindex(frame["node_id"].astype(str)).to_numpy()
        fine = np.isfinite(at).all(axis=1)
        skipped += [f"{name[:-1]} {i}: its node has no lon/lat" for i in frame["id"][~fine]]
        layers[name] = gpd.GeoDataFrame(_plain_columns(frame[fine]), geometry=shapely.points(at[fine]),
                                        crs=LAMBERT93)
    return layers, skipped


def export_gis(network, path, *, overwrite=False) -> GisExport:
    """Write a network (folder or loaded :class:`~heatnet.io.folder.Network`) to GIS in Lambert-93.

    ``.gpkg``: one GeoPackage with the layers nodes, pipes, substations, plants. ``.geojson``:
    one file per layer, ``<stem>_<layer>.geojson``. Pipes follow their stored routes
    (pipes_routes.gpkg of an import, or a pipes GIS layer), else straight lines between their
    nodes. Existing files are replaced only with ``overwrite``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".gpkg", ".geojson"):
        raise DataError(path, "expected an output ending in .gpkg (GeoPackage) or .geojson")
    layers, skipped = network_layers(network)
    layers = {k: v for k, v in layers.items() if len(v)}
    targets = {name: path if suffix == ".gpkg" else path.with_name(f"{path.stem}_{name}.geojson")
               for name in layers}
    _make_parent(path)
    for target in dict.fromkeys(targets.values()):
        check_target(target, overwrite)  # no folder, link or device; an existing file only with overwrite
    clean_stale(path.parent)
    staging = staging_dir(path.parent, path.stem)
    try:
        for name, frame in layers.items():
            temp = staging / targets[name].name
            frame.to_file(temp, layer=name, driver="GPKG" if suffix == ".gpkg" else "GeoJSON", engine="pyogrio")
        for target in dict.fromkeys(targets.values()):
            os.replace(staging / target.name, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return GisExport(files=list(dict.fromkeys(targets.values())), layers={k: len(v) for k, v in layers.items()},
                     skipped=skipped)
