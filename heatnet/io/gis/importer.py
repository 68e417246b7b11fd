"""Import a network from GIS layers; export a network folder back to GIS.

An operator's network arrives as layers: pipes as lines, substations and plants as points,
in GeoJSON, GeoPackage or Shapefile and in any coordinate reference system.
:func:`import_gis` (this module) reprojects them to Lambert-93 (EPSG:2154), joins the line ends lying
within ``tolerance_m`` of each other into graph nodes, attaches each point to a node,
measures the pipe lengths and reports the defects of the drawing (dangling ends,
unconnected substations, duplicate pipes, parts cut off from the plant...) with their
coordinates. :func:`write_network_folder` writes the result as the ``nodes`` and
``pipes`` tables of a network folder (docs/network-format.md), completed from a base
folder; :func:`export_gis` writes a network folder to a GeoPackage or GeoJSON for QGIS.
The rules are in docs/gis.md.
"""

import re
from pathlib import Path

import numpy as np
import pandas as pd

from heatnet.io.folder import LAMBERT93, WGS84, DataError, read_csv_cells, validate_table
from heatnet.io.gis.layers import _read_layer, _read_pipes, _resolve_mapping
from heatnet.io.gis.report import (CONNECT_TOLERANCE_M, GisImport, PIPE_OPTIONAL, ROLES, TOLERANCE_M, _Report, _gpd,
                                   _outside_lambert93, _to_lonlat)
from heatnet.io.gis.topology import (_attach, _dangling, _disconnected, _drop_degenerate, _duplicates, _name_nodes,
                                     _orient, _read_points, _snap, _split_at_tees, _unconnected, _unique_ids)
from heatnet.io.schema import TABLES


# ---------------------------------------------------------------- import

def _layer_paths(pipes_path, substations_path, plants_path, layer):
    """Point layers default to the layers named substations / plants of a GeoPackage holding the pipes."""
    paths = {"pipes": Path(pipes_path), "substations": substations_path, "plants": plants_path}
    pipes = paths["pipes"]
    if pipes.suffix.lower() == ".gpkg" and pipes.exists() and (substations_path is None or plants_path is None):
        import pyogrio

        try:
            names = {str(n) for n in pyogrio.list_layers(pipes)[:, 0]}
        except Exception:  # read errors are raised with their file when the pipes are read
            names = set()
        for role in ROLES[1:]:
            if paths[role] is None and role in names and layer != role:
                paths[role] = pipes
    return {k: (Path(v) if v is not None else None) for k, v in paths.items()}


def import_gis(pipes_path, substations_path=None, plants_path=None, *, tolerance_m=TOLERANCE_M,
               connect_tolerance_m=CONNECT_TOLERANCE_M, crs=None, layer=None, substations_layer=None,
               plants_layer=None, columns=None, lengths="geometry", split_tees=True, plant_node=None,
               base=None) -> GisImport:
    """Read pipes (lines) and substations / plants (points) from GIS layers into a graph.

    Parameters
    ----------
    pipes_path, substations_path, plants_path : GeoJSON, GeoPackage or Shapefile. A GeoPackage
        holding layers named ``substations`` / ``plants`` next to the pipes needs no point paths.
    tolerance_m : line ends closer than this are one node.
    connect_tolerance_m : a point this close to a free pipe end is connected to it.
    crs : CRS of layers that declare none (e.g. ``"EPSG:2154"``); layers without CRS are refused otherwise.
    layer, substations_layer, plants_layer : layer names in multi-layer files.
    columns : ``{field: column}`` for the pipes (``dn_mm``, ``id``, ``length_m``, ``from_node`` ...)
        or ``{"substations.id": column}``, ``{"plants.node_id": column}`` ...
    lengths : ``"geometry"`` (measured in Lambert-93) or ``"attribute"`` (the layer's length column where given).
    split_tees : cut a pipe where another pipe ends on its interior.
    plant_node : node id or plant id of the main plant (default: the first plant point).
    base : network folder whose substations and plants the points are checked against.

    Returns
    -------
    GisImport
        Raises DataError for unreadable input (missing file, no CRS, wrong geometry type, bad
        diameter, unknown column); defects of the drawing go to ``report``.
    """
    paths = _layer_paths(pipes_path, substations_path, plants_path, layer)
    _check_options(paths["pipes"], tolerance_m, connect_tolerance_m, lengths, crs)
    mapping = _resolve_mapping(columns, paths)
    base_data = _read_base(base) if base is not None else None
    report = _Report()
    layers = {"pipes": _read_layer(paths["pipes"], "pipes", layer, crs, mapping["pipes"])}
    names_of = {"substations": substations_layer, "plants": plants_layer}
    for role in ROLES[1:]:
        if paths[role] is not None:
            layers[role] = _read_layer(paths[role], role, names_of[role], crs, mapping[role])
    pipe_path = paths["pipes"]
    table, node_xy = _pipe_graph(layers["pipes"], pipe_path, lengths, tolerance_m, split_tees, report)
    degree = np.bincount(np.r_[table["a"], table["b"]], minlength=len(node_xy))
    points = {}
    for role in ROLES[1:]:
        if role not in layers:
            continue
        frame = _read_points(layers[role], report)
        node, dist = _attach(frame, node_xy, degree, tolerance_m, max(connect_tolerance_m, tolerance_m))
        node_xy = _unconnected(frame, node, node_xy, degree, table, role, layers[role].path,
                               (tolerance_m, max(connect_tolerance_m, tolerance_m)), report)
        frame["node"], frame["distance_m"] = node, np.where(np.isfinite(dist), dist, np.nan)
        points[role] = frame
    table, node_xy, points = _compact(table, node_xy, points)
    names = _name_nodes(len(node_xy), table, list(points.items()), node_xy, pipe_path, report)
    root = _plant_root(plant_node, names, points, base_data, pipe_path, report)
    table = _orient(table, len(node_xy), root)
    has_point = np.zeros(len(node_xy), dtype=bool)
    for frame in points.values():
        has_point[frame["node"].to_numpy()] = True
    if root is not None:
        has_point[root] = True
    _disconnected(table, node_xy, names, root, pipe_path, report)
    _dangling(table, node_xy, has_point, tolerance_m, pipe_path, report)
    nodes = _node_table(table, node_xy, names, points)
    _outside_lambert93(nodes["lon"].to_numpy(), nodes["lat"].to_numpy(), pipe_path, report)
    pipes = _pipe_table(table, names, layers["pipes"])
    for role, frame in points.items():
        frame["node_id"] = names[frame["node"].to_numpy()]
        points[role] = frame.drop(columns=["node", "node_name", "src"])
    empty = pd.DataFrame(columns=["id", "node_id", "distance_m", "feature", "x_l93", "y_l93"])
    if base_data is not None:
        _check_base(base_data, points, set(names), paths, report)
    return GisImport(nodes=nodes, pipes=pipes, substations=points.get("substations", empty),
                     plants=points.get("plants", empty), plant_node=None if root is None else names[root],
                     report=report.frame(), sources={k: v for k, v in paths.items() if v is not None},
                     layers={k: f"{v.name} ({v.crs})" for k, v in layers.items()},
                     tolerance_m=tolerance_m, base=None if base is None else Path(base))


def _check_options(pipe_path, tolerance_m, connect_tolerance_m, lengths, crs):
    """The import's options, refused with a clear error before any layer is read."""
    if not tolerance_m > 0 or not connect_tolerance_m >= 0:
        raise DataError(pipe_path, f"tolerances must be positive, found tolerance_m={tolerance_m!r}, "
                                   f"connect_tolerance_m={connect_tolerance_m!r}")
    if lengths not in ("geometry", "attribute"):
        raise DataError(pipe_path, f"lengths must be 'geometry' or 'attribute', found {lengths!r}")
    if crs is not None:
        from pyproj import CRS
        from pyproj.exceptions import CRSError

        try:
            CRS.from_user_input(crs)
        except CRSError as exc:
            raise DataError(pipe_path, f"unknown CRS {crs!r} given for layers without one: {exc}") from None


def _pipe_graph(layer, pipe_path, lengths, tolerance_m, split_tees, report):
    """The pipes as edges between snapped nodes: degenerate pipes dropped, tees split, duplicates reported."""
    table = _read_pipes(layer, lengths, report)
    node_xy, table["a"], table["b"] = _snap(table, tolerance_m)
    table = _drop_degenerate(table, tolerance_m, pipe_path, report)
    if table.empty:
        raise DataError(pipe_path, "no pipe is left once the empty and zero-length ones are set aside")
    if split_tees:
        table = _split_at_tees(table, node_xy, tolerance_m, pipe_path, report)
    table, node_xy = _duplicates(table, node_xy, tolerance_m, pipe_path, report)
    table[["a", "b"]] = table[["a", "b"]].astype(int)
    return table, node_xy


def _compact(table, node_xy, points):
    """Drop the nodes no pipe or point uses (ends of left-out pipes) and renumber."""
    used = np.zeros(len(node_xy), dtype=bool)
    used[table[["a", "b"]].to_numpy().ravel()] = True
    for frame in points.values():
        used[frame["node"].to_numpy()] = True
    new = np.cumsum(used) - 1
    table = table.assign(a=new[table["a"].to_numpy()], b=new[table["b"].to_numpy()])
    for frame in points.values():
        frame["node"] = new[frame["node"].to_numpy()]
    return table, node_xy[used], points


def _plant_root(plant_node, names, points, base_data, path, report):
    """Index of the main plant's node: ``plant_node`` (node or plant id), the first plant point, the base's."""
    index = {n: i for i, n in enumerate(names)}
    plants = points.get("plants")
    if plant_node is not None:
        if plant_node in index:
            return index[plant_node]
        if plants is not None and (plants["id"] == plant_node).any():
            return int(plants.loc[plants["id"] == plant_node, "node"].iloc[0])
        raise DataError(path, f"plant_node {plant_node!r} is neither a node nor a plant id of the import")
    if plants is not None and len(plants):
        return int(plants["node"].iloc[0])
    named = base_data["params"].get("plant_node") if base_data else None
    if named in index and not re.fullmatch(r"N\d{4,}", str(named)):
        return index[named]
    report.add("no_plant", path, ["plants"], np.nan, np.nan, "no plant point: parts are measured from the longest "
                                                              "part; give plants (--plants) or plant_node")
    return None


def _node_table(table, node_xy, names, points):
    kind = np.full(len(node_xy), "junction", dtype=object)
    if "plants" in points:
        kind[points["plants"]["node"].to_numpy()] = "plant_site"
    if "substations" in points:
        kind[points["substations"]["node"].to_numpy()] = "delivery"
    recon = np.zeros(len(node_xy), dtype=bool)
    flagged = table["reconstructed"].to_numpy(dtype=bool)
    recon[table["a"].to_numpy()[flagged]] = True
    recon[table["b"].to_numpy()[flagged]] = True
    lon, lat = _to_lonlat(node_xy[:, 0], node_xy[:, 1])
    return pd.DataFrame({"id": names, "kind": kind, "lon": lon, "lat": lat, "reconstructed": recon,
                         "x_l93": node_xy[:, 0], "y_l93": node_xy[:, 1]})


def _pipe_table(table, names, layer):
    """The pipes.csv columns, validated against the schema (errors name the GIS file and feature)."""
    gpd = _gpd()
    table = table.assign(id=_unique_ids(table["id"]))
    optional = [c for c in PIPE_OPTIONAL if c in table.columns and (table[c] != "").any()]
    cells = pd.DataFrame({"id": table["id"], "from_node": names[table["a"].to_numpy()],
                          "to_node": names[table["b"].to_numpy()], "dn_mm": table["dn_mm"].map(repr),
                          "length_m": table["length_m"].map(repr),
                          "reconstructed": np.where(table["reconstructed"], "true", "false"),
                          **{c: table[c] for c in optional}}).astype(str)
    typed = validate_table(cells.reset_index(drop=True), list(table["feature"]), TABLES["pipes"], layer.path)
    columns = ["id", "from_node", "to_node", "dn_mm", "length_m", *optional, "reconstructed"]
    frame = typed[columns].copy()
    frame["feature"] = table["feature"].to_numpy()
    return gpd.GeoDataFrame(frame, geometry=table["geometry"].to_numpy(), crs=LAMBERT93)


# ---------------------------------------------------------------- base folder

def _read_base(base):
    """The base folder's parameters and its substations / plants / nodes tables as strings."""
    from heatnet.io.folder import read_parameters

    base = Path(base)
    if not base.is_dir():
        raise DataError(base, "not a folder: expected the network folder whose tables complete the import")
    tables = {}
    for name in ("substations", "plants", "nodes"):
        path = base / TABLES[name].file
        tables[name] = read_csv_cells(path)[0] if path.exists() else None
    return {"folder": base, "params": read_parameters(base), **tables}


def _base_xy(base_data, node_ids):
    """Lambert-93 position of base nodes (NaN where unknown)."""
    nodes = base_data["nodes"]
    x = np.full(len(node_ids), np.nan)
    y = np.full(len(node_ids), np.nan)
    if nodes is None or not {"id", "lon", "lat"} <= set(nodes.columns):
        return x, y
    lon = pd.to_numeric(nodes["lon"], errors="coerce").set_axis(nodes["id"])
    lat = pd.to_numeric(nodes["lat"], errors="coerce").set_axis(nodes["id"])
    lon = lon[~lon.index.duplicated()].reindex(node_ids).to_numpy()
    lat = lat[~lat.index.duplicated()].reindex(node_ids).to_numpy()
    ok = np.isfinite(lon) & np.isfinite(lat)
    if ok.any():
        from pyproj import Transformer

        x[ok], y[ok] = Transformer.from_crs(WGS84, LAMBERT93, always_xy=True).transform(lon[ok], lat[ok])
    return x, y


def _check_base(base_data, points, node_names, paths, report):
    """Points unknown to the base (warnings); base rows with neither a point nor a node of the import (defects)."""
    for role in ROLES[1:]:
        cells = base_data[role]
        if cells is None or "id" not in cells.columns:
            continue
        path = base_data["folder"] / TABLES[role].file
        known = set(cells["id"])
        frame = points.get(role)
        if frame is not None:
            unknown = ~frame["id"].isin(known)
            report.add(f"unknown_{role[:-1]}", paths[role], list(frame["feature"][unknown]),
                       frame["x_l93"][unknown].to_numpy(), frame["y_l93"][unknown].to_numpy(),
                       f"id not in {path.name} of the base: its point is kept in {role[:-1]}_nodes.csv only")
        drawn = set(frame["id"]) if frame is not None else set()
        node_ids = cells["node_id"] if "node_id" in cells.columns else pd.Series([""] * len(cells))
        missing = (~cells["id"].isin(drawn) & ~node_ids.isin(node_names)).to_numpy()
        if missing.any():
            x, y = _base_xy(base_data, node_ids[missing].tolist())
            report.add(f"missing_{role[:-1]}", path, [f"id {i}" for i in cells["id"][missing]], x, y,
                       [f"no point in the {role} layer and its node_id {n!r} is not a node of the import"
                        for n in node_ids[missing]])
