"""Import a network from GIS layers; export a network folder back to GIS.

An operator's network arrives as layers: pipes as lines, substations and plants as points,
in GeoJSON, GeoPackage or Shapefile and in any coordinate reference system.
:func:`import_gis` reprojects them to Lambert-93 (EPSG:2154), joins the line ends lying
within ``tolerance_m`` of each other into graph nodes, attaches each point to a node,
measures the pipe lengths and reports the defects of the drawing (dangling ends,
unconnected substations, duplicate pipes, parts cut off from the plant...) with their
coordinates. :func:`write_network_folder` writes the result as the ``nodes`` and
``pipes`` tables of a network folder (docs/network-format.md), completed from a base
folder; :func:`export_gis` writes a network folder to a GeoPackage or GeoJSON for QGIS.
The rules are in docs/gis.md.
"""

import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from heatnet.data import (GEO_SUFFIXES, LAMBERT93, WGS84, DataError, Network, _read_text, load_network,
                          parse_bool, read_csv_cells, validate_table)
from heatnet.schema import TABLES

TOLERANCE_M = 1.0  # line ends closer than this are one node
CONNECT_TOLERANCE_M = 5.0  # a point this close to a free pipe end is connected to it
LENGTH_MISMATCH_FRAC = 0.05  # a length attribute further than this from the geometry is reported
ROUTE_MATCH_M = 5.0  # a stored route is used for export when its ends are this close to its nodes
MIN_LENGTH_M = TABLES["pipes"].column("length_m").min
DN_MIN_MM = TABLES["pipes"].column("dn_mm").min
DN_MAX_MM = TABLES["pipes"].column("dn_mm").max

ROLES = ("pipes", "substations", "plants")
PIPE_OPTIONAL = ("branch", "kind", "insulation_series", "u_w_per_m_k")
# Field -> accepted layer column names (case-insensitive), by layer.
COLUMN_ALIASES = {
    "pipes": {"id": ("id", "pipe_id"), "dn_mm": ("dn_mm", "dn", "diametre", "diamètre", "diameter"),
              "length_m": ("length_m", "length", "longueur", "longueur_m"), "from_node": ("from_node",),
              "to_node": ("to_node",), "reconstructed": ("reconstructed",),
              **{name: (name,) for name in PIPE_OPTIONAL}},
    "substations": {"id": ("id", "substation_id"), "node_id": ("node_id",)},
    "plants": {"id": ("id", "plant_id"), "node_id": ("node_id",)},
}
GENERATED_PREFIX = {"pipes": "P", "substations": "S", "plants": "G"}

# kind -> (severity, meaning). A defect makes exit code 1; a warning is information.
KINDS = {
    "empty_geometry": ("defect", "a feature without geometry (left out)"),
    "zero_length_pipe": ("defect", "a pipe shorter than the tolerance or than 0.1 m (left out)"),
    "closed_pipe": ("defect", "a pipe whose two ends are one node: a ring drawn as one line (left out)"),
    "dangling_end": ("defect", "a pipe end touching no other pipe and no substation or plant"),
    "unconnected_substation": ("defect", "a substation point farther than the tolerances from any pipe end"),
    "unconnected_plant": ("defect", "a plant point farther than the tolerances from any pipe end"),
    "duplicate_pipe": ("defect", "a second pipe joining the same two nodes along the same route (left out)"),
    "disconnected_part": ("defect", "pipes not connected to the plant's part of the network"),
    "missing_substation": ("defect", "a substation of the base folder with no point and no node of the import"),
    "missing_plant": ("defect", "a plant of the base folder with no point and no node of the import"),
    "length_mismatch": ("warning", "the layer's length attribute differs from the measured length by > 5 %"),
    "multipart_pipe": ("warning", "a MultiLineString whose parts do not join: one pipe per part"),
    "pipe_split": ("warning", "a pipe split where another pipe ends on it (a tee drawn without a vertex)"),
    "parallel_pipe": ("warning", "a second pipe joining the same two nodes by another route: split in two"),
    "duplicate_id": ("warning", "an id used by an earlier feature: renamed <id>-2, <id>-3 ..."),
    "node_id_conflict": ("warning", "two names for one node, or one name for two nodes: the first kept"),
    "outside_lambert93": ("warning", "features outside Lambert-93's area (mainland France): check the CRS"),
    "no_plant": ("warning", "no plant point: parts are measured from the longest part"),
    "unknown_substation": ("warning", "a substation point whose id is not in the base folder"),
    "unknown_plant": ("warning", "a plant point whose id is not in the base folder"),
}
REPORT_COLUMNS = ["kind", "severity", "file", "feature", "x_l93", "y_l93", "lon", "lat", "message"]


def _gpd():
    import geopandas  # imported on use: the rest of the command line does not need it

    return geopandas


def _shapely():
    import shapely

    return shapely


# ---------------------------------------------------------------- result

@dataclass
class GisImport:
    """Nodes, pipes and points of an imported network, and the report of its defects.

    ``nodes``: id, kind, lon, lat, reconstructed, x_l93, y_l93. ``pipes``: a GeoDataFrame in
    Lambert-93 with the pipes.csv columns, ``feature`` and the route oriented from
    ``from_node``. ``substations`` / ``plants``: id, node_id, distance_m, feature, x_l93,
    y_l93 and the layer's other attributes. ``report``: one row per defect or warning
    (:data:`REPORT_COLUMNS`).
    """

    nodes: pd.DataFrame
    pipes: pd.DataFrame
    substations: pd.DataFrame
    plants: pd.DataFrame
    plant_node: str | None
    report: pd.DataFrame
    sources: dict  # role -> path
    layers: dict  # role -> "layer name (source CRS)"
    tolerance_m: float
    base: Path | None = None

    @property
    def defects(self):
        return self.report[self.report["severity"] == "defect"]

    @property
    def clean(self):
        """True when the report holds no defect (warnings allowed)."""
        return self.defects.empty

    def summary(self):
        return {"pipes": int(len(self.pipes)), "nodes": int(len(self.nodes)),
                "length_m": round(float(self.pipes["length_m"].sum()), 2),
                "substations": int(len(self.substations)),
                "substations_connected": int((self.substations["distance_m"].notna()).sum()),
                "plants": int(len(self.plants)), "plant_node": self.plant_node,
                "defects": int(len(self.defects)), "warnings": int(len(self.report) - len(self.defects)),
                "tolerance_m": self.tolerance_m, "sources": {k: str(v) for k, v in self.sources.items()},
                "layers": dict(self.layers)}

    def report_text(self):
        """The summary and one line per report row, readable in a terminal."""
        s = self.summary()
        lines = ["; ".join(f"{role}: {Path(self.sources[role]).name}, layer {self.layers[role]}"
                           for role in self.sources),
                 f"{s['pipes']} pipes, {s['nodes']} nodes, {s['length_m']:,.1f} m; "
                 f"{s['substations_connected']}/{s['substations']} substations connected, {s['plants']} plants, "
                 f"plant node {s['plant_node'] or '-'} (tolerance {self.tolerance_m:g} m)",
                 f"{s['defects']} defects, {s['warnings']} warnings" + ("" if s["defects"] else ": clean")]
        for row in self.report.itertuples():
            where = "" if pd.isna(row.x_l93) else (f" at x {row.x_l93:.2f} y {row.y_l93:.2f} "
                                                   f"(lon {row.lon:.6f}, lat {row.lat:.6f})")
            lines.append(f"{row.severity.upper()} {row.kind}: {row.file}, {row.feature}{where}: {row.message}")
        return "\n".join(lines) + "\n"

    def to_json(self):
        records = self.report.astype(object).where(self.report.notna(), None).to_dict(orient="records")
        return {"clean": self.clean, "summary": self.summary(), "report": records}


class _Report:
    """Rows of the defect report, collected as the import goes."""

    def __init__(self):
        self.rows = []

    def add(self, kind, file, features, xs, ys, messages):
        n = len(features)
        for feature, x, y, message in zip(features, np.broadcast_to(xs, n), np.broadcast_to(ys, n),
                                          np.broadcast_to(np.asarray(messages, dtype=object), n)):
            self.rows.append((kind, KINDS[kind][0], Path(file).name if file else "", feature, float(x), float(y),
                              message))

    def frame(self):
        frame = pd.DataFrame(self.rows, columns=[c for c in REPORT_COLUMNS if c not in ("lon", "lat")])
        frame["x_l93"] = frame["x_l93"].astype(float)
        frame["y_l93"] = frame["y_l93"].astype(float)
        lon, lat = _to_lonlat(frame["x_l93"].to_numpy(), frame["y_l93"].to_numpy())
        frame.insert(6, "lon", lon)
        frame.insert(7, "lat", lat)
        order = frame["severity"].map({"defect": 0, "warning": 1})
        return frame.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)


def _to_lonlat(x, y):
    """WGS84 lon/lat of Lambert-93 coordinates (NaN stays NaN)."""
    from pyproj import Transformer

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    lon, lat = np.full(len(x), np.nan), np.full(len(x), np.nan)
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.any():
        lon[ok], lat[ok] = Transformer.from_crs(LAMBERT93, WGS84, always_xy=True).transform(x[ok], y[ok])
    return lon, lat


# ---------------------------------------------------------------- reading layers

@dataclass
class _Layer:
    role: str
    path: Path
    name: str
    frame: object  # GeoDataFrame in Lambert-93
    columns: dict  # field -> layer column (or None)
    crs: str

    def labels(self, ids=None):
        base = [f"feature {i + 1}" for i in range(len(self.frame))]
        if ids is None:
            return base
        return [f"{b} (id {i})" if i else b for b, i in zip(base, ids)]


def _resolve_mapping(columns, paths):
    """``columns`` keys ``field`` (pipes) or ``layer.field`` -> {role: {field: column}}."""
    out = {role: {} for role in ROLES}
    allowed = sorted(COLUMN_ALIASES["pipes"]) + [f"{r}.{f}" for r in ROLES[1:] for f in COLUMN_ALIASES[r]]
    for key, name in (columns or {}).items():
        role, _, name_of = str(key).rpartition(".")
        role = role or "pipes"
        if role not in COLUMN_ALIASES or name_of not in COLUMN_ALIASES[role]:
            raise DataError(paths.get(role) or paths["pipes"], f"unknown column mapping key {key!r}; allowed "
                                                               f"keys: {allowed}")
        out[role][name_of] = str(name)
    return out


def _choose_layer(path, role, layer):
    import pyogrio

    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:  # the driver's message says what is wrong with the file
        raise DataError(path, f"cannot read as a GIS layer: {exc}") from None
    if layer is not None:
        if layer not in names:
            raise DataError(path, f"no layer {layer!r}; the file's layers: {names}")
        return layer
    if len(names) == 1:
        return names[0]
    if role in names:
        return role
    raise DataError(path, f"the file holds {len(names)} layers {names}: say which one holds the {role} "
                          f"(--{'' if role == 'pipes' else role + '-'}layer)")


def _read_layer(path, role, layer, crs, mapping):
    """One layer, reprojected to Lambert-93, with its columns resolved; DataError on bad input."""
    gpd = _gpd()
    path = Path(path)
    if not path.exists():
        raise DataError(path, f"file not found: expected the {role} layer (GeoJSON, GeoPackage or Shapefile)")
    if path.suffix.lower() not in GEO_SUFFIXES:
        raise DataError(path, f"unsupported format {path.suffix!r}: expected {', '.join(GEO_SUFFIXES)}")
    name = _choose_layer(path, role, layer)
    try:
        frame = gpd.read_file(path, layer=name, engine="pyogrio")
    except Exception as exc:
        raise DataError(path, f"cannot read layer {name!r}: {exc}") from None
    if frame.crs is None:
        if crs is None:
            raise DataError(path, "the layer has no coordinate reference system (CRS): give it with crs= "
                                  "(--crs), e.g. EPSG:2154 for Lambert-93 or EPSG:4326 for lon/lat")
        frame = frame.set_crs(crs)
    source_crs = frame.crs.to_string()
    frame = frame.reset_index(drop=True).to_crs(LAMBERT93)
    bounds = _shapely().bounds(np.asarray(frame.geometry.array))
    present = ~np.isnan(bounds).all(axis=1)
    bad = np.flatnonzero(present & ~np.isfinite(bounds).all(axis=1))
    if len(bad):
        raise DataError(path, f"coordinates cannot be placed in Lambert-93 from {source_crs}: check the layer's "
                              "CRS", line=f"feature {bad[0] + 1}")
    columns = _layer_columns(frame, role, mapping, path)
    return _Layer(role, path, name, frame, columns, source_crs)


def _layer_columns(frame, role, mapping, path):
    names = [c for c in frame.columns if c != frame.geometry.name]
    lower = {c.lower(): c for c in reversed(names)}
    out = {}
    for name_of, aliases in COLUMN_ALIASES[role].items():
        if name_of in mapping:
            if mapping[name_of] not in names:
                raise DataError(path, f"column {mapping[name_of]!r} (mapped to {name_of}) is not in the layer; "
                                      f"its columns: {names}")
            out[name_of] = mapping[name_of]
        else:
            out[name_of] = next((lower[a.lower()] for a in aliases if a.lower() in lower), None)
    return out


def _cells(frame, column):
    """A column as stripped strings, '' where empty (the loader's convention)."""
    if column is None:
        return np.full(len(frame), "", dtype=object)
    values = frame[column]
    if pd.api.types.is_float_dtype(values):  # integers stored as reals (a Shapefile's ids): 12.0 -> "12"
        values = values.map(lambda v: str(int(v)) if float(v).is_integer() else repr(float(v)),
                            na_action="ignore")
    values = values.astype(object)
    return values.where(values.notna(), "").map(str).str.strip().to_numpy(dtype=object)


def _ids(layer, report):
    """Feature ids from the id column, generated where missing; repeats renamed with a warning."""
    cells = _cells(layer.frame, layer.columns["id"])
    prefix = GENERATED_PREFIX[layer.role]
    width = max(4, len(str(len(cells))))
    generated = np.array([f"{prefix}{i + 1:0{width}d}" for i in range(len(cells))], dtype=object)
    ids = pd.Series(np.where(cells == "", generated, cells))
    rank = ids.groupby(ids).cumcount()
    repeat = rank.to_numpy() > 0
    if repeat.any():
        renamed = ids[repeat] + "-" + (rank[repeat] + 1).astype(str)
        first = ids.drop_duplicates()
        first_at = pd.Series(first.index + 1, index=first.to_numpy())
        labels = np.array(layer.labels(ids.to_numpy()), dtype=object)[repeat]
        messages = [f"id {i!r} already used by feature {first_at[i]}: renamed {r!r}"
                    for i, r in zip(ids[repeat], renamed)]
        xy = _representative_xy(np.asarray(layer.frame.geometry.array)[repeat])
        report.add("duplicate_id", layer.path, labels, xy[:, 0], xy[:, 1], messages)
        ids[repeat] = renamed
    return ids.to_numpy(dtype=object)


def _representative_xy(geoms):
    shapely = _shapely()
    xy = np.full((len(geoms), 2), np.nan)
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if ok.any():
        xy[ok] = shapely.get_coordinates(shapely.point_on_surface(geoms[ok]))
    return xy


def _check_types(layer, allowed, expected):
    """DataError naming the first feature whose geometry type is not allowed."""
    shapely = _shapely()
    geoms = np.asarray(layer.frame.geometry.array)
    types = shapely.get_type_id(geoms)
    bad = np.flatnonzero(~np.isin(types, allowed) & ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms))
    if len(bad):
        more = f" (and {len(bad) - 1} more features)" if len(bad) > 1 else ""
        raise DataError(layer.path, f"expected {expected} geometries, found {geoms[bad[0]].geom_type}{more}",
                        line=f"feature {bad[0] + 1}")


def _drop_empty(layer, labels, report):
    shapely = _shapely()
    geoms = np.asarray(layer.frame.geometry.array)
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if empty.any():
        report.add("empty_geometry", layer.path, list(np.asarray(labels, dtype=object)[empty]), np.nan, np.nan,
                   "the feature has no geometry: left out")
    return ~empty


# ---------------------------------------------------------------- pipes

def _parse_dn(layer, labels, keep):
    """Nominal diameters in mm ("150", "DN150", "150 mm", "150,0") of the features ``keep``; DataError naming
    the first bad one."""
    column = layer.columns["dn_mm"]
    if column is None:
        names = [c for c in layer.frame.columns if c != layer.frame.geometry.name]
        raise DataError(layer.path, "no diameter column: expected one of "
                                    f"{list(COLUMN_ALIASES['pipes']['dn_mm'])} or a mapping "
                                    f"columns={{'dn_mm': NAME}} (--column dn_mm=NAME); the layer's columns: {names}")
    cells = pd.Series(_cells(layer.frame, column))
    text = cells.str.replace(r"(?i)^dn|mm$|[\s\u00a0]", "", regex=True).str.replace(",", ".", regex=False)
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    problems = [keep & m for m in ((cells == "").to_numpy(), np.isnan(values), values < DN_MIN_MM,
                                    values > DN_MAX_MM)]
    messages = [lambda c, v: "empty cell: expected the nominal diameter in mm",
                lambda c, v: f"expected the nominal diameter in mm (150, DN150), found {c!r}",
                lambda c, v: f"{v:g} is below the minimum {DN_MIN_MM:g} mm",
                lambda c, v: f"{v:g} is above the maximum {DN_MAX_MM:g} mm"]
    for mask, message in zip(problems, messages):
        bad = np.flatnonzero(mask)
        if len(bad):
            i = bad[0]
            more = f" (and {len(bad) - 1} more features)" if len(bad) > 1 else ""
            raise DataError(layer.path, message(cells[i], values[i]) + more, line=labels[i], column=column)
    return values


def _parse_bools(layer, column, labels):
    cells = pd.Series(_cells(layer.frame, column))
    values = {}
    for cell in cells.unique():  # a handful of distinct spellings
        try:
            values[cell] = parse_bool(cell) if cell else False
        except ValueError:
            i = int(np.flatnonzero(cells == cell)[0])
            raise DataError(layer.path, f"expected true or false, found {cell!r}", line=labels[i],
                            column=column) from None
    return cells.map(values).to_numpy(dtype=bool)


def _read_pipes(layer, lengths, report):
    """One row per pipe part: src, id, feature, geometry (L93), length_m, dn_mm, names of its ends, attributes."""
    shapely = _shapely()
    _check_types(layer, (1, 5), "LineString or MultiLineString")
    ids = _ids(layer, report)
    labels = layer.labels(ids)
    keep = _drop_empty(layer, labels, report)
    dn = _parse_dn(layer, labels, keep)
    frame = layer.frame
    attrs = {"dn_mm": dn, "reconstructed": _parse_bools(layer, layer.columns["reconstructed"], labels),
             "start_name": _cells(frame, layer.columns["from_node"]),
             "end_name": _cells(frame, layer.columns["to_node"])}
    for name in PIPE_OPTIONAL:
        if layer.columns[name] is not None:
            attrs[name] = _cells(frame, layer.columns[name])
    length_cells = pd.Series(_cells(frame, layer.columns["length_m"])).str.replace(",", ".", regex=False)
    attrs["attr_length_m"] = pd.to_numeric(length_cells, errors="coerce").to_numpy(dtype=float)
    table = pd.DataFrame({"src": np.arange(len(frame)), "id": ids, "feature": labels, **attrs,
                          "geometry": np.asarray(frame.geometry.array)})[keep]
    table["measured_m"] = shapely.length(table["geometry"].to_numpy())
    _report_length_mismatch(table, layer, report)
    table = _explode_multi(table, layer, report)
    table["measured_m"] = shapely.length(table["geometry"].to_numpy())
    table["length_m"] = table["measured_m"]
    if lengths == "attribute":
        given = table["attr_length_m"].notna() & (table["attr_length_m"] > 0)
        table.loc[given, "length_m"] = table.loc[given, "attr_length_m"]
    if table.empty:
        raise DataError(layer.path, "the layer has no pipe with a geometry")
    return table.reset_index(drop=True)


def _explode_multi(table, layer, report):
    """MultiLineStrings: one part kept as is, parts joining end to end merged, others one pipe per part."""
    shapely = _shapely()
    geoms = table["geometry"].to_numpy(dtype=object).copy()
    multi = shapely.get_type_id(geoms) == 5
    if not multi.any():
        return table
    single = multi & (shapely.get_num_geometries(geoms) == 1)
    geoms[single] = shapely.get_geometry(geoms[single], 0)
    rest = multi & ~single
    geoms[rest] = shapely.line_merge(geoms[rest])
    table = table.assign(geometry=geoms)
    split = shapely.get_type_id(geoms) == 5
    if not split.any():
        return table
    parts, index = shapely.get_parts(geoms[split], return_index=True)
    pieces = table[split].iloc[index].copy()
    number = pd.Series(index).groupby(index).cumcount().to_numpy() + 1
    pieces["id"] = pieces["id"].to_numpy() + "-" + number.astype(str)
    pieces["start_name"], pieces["end_name"], pieces["geometry"] = "", "", parts
    pieces["attr_length_m"] *= shapely.length(parts) / pieces["measured_m"].to_numpy()  # shared in proportion
    xy = _representative_xy(geoms[split])
    report.add("multipart_pipe", layer.path, list(table["feature"][split]), xy[:, 0], xy[:, 1],
               [f"{n} parts that do not join end to end: one pipe per part ({i}-1 ...)"
                for n, i in zip(np.bincount(index), table["id"][split])])
    return pd.concat([table[~split], pieces]).sort_values("src", kind="stable")


def _report_length_mismatch(table, layer, report):
    given = table["attr_length_m"]
    off = given.notna() & (given > 0) & ((given - table["measured_m"]).abs() > LENGTH_MISMATCH_FRAC * given)
    if off.any():
        mid = _shapely().get_coordinates(_shapely().line_interpolate_point(table["geometry"][off].to_numpy(), 0.5,
                                                                             normalized=True))
        report.add("length_mismatch", layer.path, list(table["feature"][off]), mid[:, 0], mid[:, 1],
                   [f"length attribute {g:.1f} m, geometry {m:.1f} m ({m / g - 1:+.1%})"
                    for g, m in zip(given[off], table["measured_m"][off])])


# ---------------------------------------------------------------- graph

def _snap(table, tolerance_m):
    """Join line ends closer than ``tolerance_m`` (chained: single linkage) into nodes.

    Returns the node positions (cluster centroids, numbered in order of first appearance)
    and the node of each pipe's start and end.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    shapely = _shapely()
    geoms = table["geometry"].to_numpy()
    ends = np.empty((2 * len(geoms), 2))
    ends[0::2] = shapely.get_coordinates(shapely.get_point(geoms, 0))
    ends[1::2] = shapely.get_coordinates(shapely.get_point(geoms, -1))
    pairs = cKDTree(ends).query_pairs(tolerance_m, output_type="ndarray")
    size = len(ends)
    adjacency = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(size, size))
    _, labels = connected_components(adjacency, directed=False)
    _, first = np.unique(labels, return_index=True)
    rank = np.empty_like(first)
    rank[np.argsort(first)] = np.arange(len(first))
    labels = rank[labels]
    counts = np.bincount(labels)
    node_xy = np.column_stack([np.bincount(labels, ends[:, 0]) / counts, np.bincount(labels, ends[:, 1]) / counts])
    return node_xy, labels[0::2], labels[1::2]


def _start_xy(geoms):
    return _shapely().get_coordinates(_shapely().get_point(geoms, 0))


def _mid_xy(geoms):
    return _shapely().get_coordinates(_shapely().line_interpolate_point(geoms, 0.5, normalized=True))


def _drop_degenerate(table, tolerance_m, path, report):
    """Pipes whose ends are one node, or shorter than the schema's minimum: reported, left out."""
    measured = table["measured_m"].to_numpy()
    bad = (table["a"] == table["b"]).to_numpy() | (measured < MIN_LENGTH_M)
    zero = bad & (measured <= max(tolerance_m, MIN_LENGTH_M))
    for kind, mask, text in (
            ("zero_length_pipe", zero, "length {:.2f} m: its ends are one node (tolerance {:g} m); left out"),
            ("closed_pipe", bad & ~zero, "{:.1f} m long but starts and ends at the same node (tolerance {:g} m): "
                                          "split it where the ring closes; left out")):
        if mask.any():
            xy = _start_xy(table["geometry"].to_numpy()[mask])
            report.add(kind, path, list(table["feature"][mask]), xy[:, 0], xy[:, 1],
                       [text.format(m, tolerance_m) for m in measured[mask]])
    return table[~bad].reset_index(drop=True)


def _pieces(row, cuts, chain, suffix):
    """Rows for ``row`` cut at the distances ``cuts`` (from its start) through the nodes ``chain``."""
    from shapely.ops import substring

    out = []
    last = len(cuts) - 2
    for k in range(len(cuts) - 1):
        piece = row.copy()
        piece["geometry"] = substring(row["geometry"], cuts[k], cuts[k + 1])
        piece["measured_m"] = cuts[k + 1] - cuts[k]
        piece["length_m"] = row["length_m"] * piece["measured_m"] / row["measured_m"]
        piece["id"] = f"{row['id']}{suffix}{k + 1}"
        piece["a"], piece["b"] = chain[k], chain[k + 1]
        piece["start_name"] = row["start_name"] if k == 0 else ""
        piece["end_name"] = row["end_name"] if k == last else ""
        out.append(piece)
    return out


def _split_at_tees(table, node_xy, tolerance_m, path, report):
    """Cut a pipe where another pipe's end lies on it (within the tolerance) away from its own ends."""
    shapely = _shapely()
    geoms = table["geometry"].to_numpy()
    points = shapely.points(node_xy)
    node, line = shapely.STRtree(geoms).query(points, predicate="dwithin", distance=tolerance_m)
    a, b, measured = table["a"].to_numpy(), table["b"].to_numpy(), table["measured_m"].to_numpy()
    own = (a[line] == node) | (b[line] == node)
    node, line = node[~own], line[~own]
    at = shapely.line_locate_point(geoms[line], points[node])
    inner = (at > tolerance_m) & (at < measured[line] - tolerance_m)
    node, line, at = node[inner], line[inner], at[inner]
    if not len(line):
        return table
    order = np.lexsort((at, line))
    node, line, at = node[order], line[order], at[order]
    pieces = []
    for index in np.unique(line):  # the few pipes to cut
        sel = line == index
        row = table.iloc[index]
        cuts = np.r_[0.0, at[sel], row["measured_m"]]
        pieces += _pieces(row, cuts, np.r_[row["a"], node[sel], row["b"]], "-")
        report.add("pipe_split", path, [row["feature"]], node_xy[node[sel][0], 0], node_xy[node[sel][0], 1],
                   f"another pipe ends on it: cut into {sel.sum() + 1} pipes {row['id']}-1 ... at "
                   + ", ".join(f"{d:.1f}" for d in at[sel]) + " m from its start")
    rest = table.drop(index=np.unique(line))
    return pd.concat([rest, pd.DataFrame(pieces)]).sort_values("src", kind="stable").reset_index(drop=True)


def _duplicates(table, node_xy, tolerance_m, path, report):
    """Pipes joining the same two nodes: same route (Hausdorff < tolerance) left out, another route cut in two."""
    shapely = _shapely()
    lo = np.minimum(table["a"], table["b"])
    hi = np.maximum(table["a"], table["b"])
    pair = pd.Series(list(zip(lo, hi)), index=table.index)
    repeated = pair.duplicated(keep=False)
    if not repeated.any():
        return table, node_xy
    drop, pieces, new_xy = [], [], []
    for _, group in table[repeated].groupby(pair[repeated], sort=False):  # the few repeated pairs
        kept = [group.index[0]]
        for index in group.index[1:]:
            row = table.loc[index]
            gaps = shapely.hausdorff_distance(row["geometry"], table.loc[kept, "geometry"].to_numpy())
            mid = _mid_xy(np.array([row["geometry"]]))[0]
            drop.append(index)
            if (gaps < tolerance_m).any():
                first = table.loc[kept[int(np.argmin(gaps))]]
                report.add("duplicate_pipe", path, [row["feature"]], mid[0], mid[1],
                           f"joins the same two nodes as {first['feature']} along the same route (Hausdorff "
                           f"distance {gaps.min():.2f} m < {tolerance_m:g} m): left out")
                continue
            node = len(node_xy) + len(new_xy)
            new_xy.append(mid)
            half = row["measured_m"] / 2
            pieces += _pieces(row, [0.0, half, row["measured_m"]], [row["a"], node, row["b"]], "-")
            report.add("parallel_pipe", path, [row["feature"]], mid[0], mid[1],
                       f"joins the same two nodes as {table.loc[kept[0], 'feature']} by another route: cut in two "
                       f"at its middle ({row['id']}-1, {row['id']}-2)")
            kept.append(index)
    table = pd.concat([table.drop(index=drop), pd.DataFrame(pieces)]).sort_values("src", kind="stable")
    return table.reset_index(drop=True), np.vstack([node_xy, *new_xy]) if new_xy else node_xy


# ---------------------------------------------------------------- points

def _read_points(layer, report):
    """One row per point: src, id, feature, node_name (its node_id attribute), x, y, and its other attributes."""
    shapely = _shapely()
    _check_types(layer, (0, 4), "Point")
    geoms = np.asarray(layer.frame.geometry.array).copy()
    multi = shapely.get_type_id(geoms) == 4
    several = np.flatnonzero(multi & (shapely.get_num_geometries(geoms) > 1))
    if len(several):
        raise DataError(layer.path, f"a MultiPoint of {shapely.get_num_geometries(geoms[several[0]])} points: "
                                    "expected one point per feature", line=f"feature {several[0] + 1}")
    geoms[multi] = shapely.get_geometry(geoms[multi], 0)
    ids = _ids(layer, report)
    labels = layer.labels(ids)
    keep = _drop_empty(layer, labels, report)
    xy = np.full((len(geoms), 2), np.nan)
    xy[keep] = shapely.get_coordinates(geoms[keep])
    skip = {layer.columns["id"], layer.columns["node_id"], layer.frame.geometry.name}
    attributes = {c: _cells(layer.frame, c) for c in layer.frame.columns if c not in skip}
    table = pd.DataFrame({"src": np.arange(len(geoms)), "id": ids, "feature": labels,
                          "node_name": _cells(layer.frame, layer.columns["node_id"]), "x_l93": xy[:, 0],
                          "y_l93": xy[:, 1], **{k: v for k, v in attributes.items() if k not in
                                                ("src", "feature", "node_name", "x_l93", "y_l93", "id")}})
    return table[keep].reset_index(drop=True)


def _attach(points, node_xy, degree, tolerance_m, connect_tolerance_m):
    """Node of each point: the nearest node within the tolerance, else the nearest free pipe end within
    ``connect_tolerance_m``; -1 if none. Returns (node, distance_m)."""
    from scipy.spatial import cKDTree

    xy = points[["x_l93", "y_l93"]].to_numpy()
    node = np.full(len(xy), -1)
    dist = np.full(len(xy), np.inf)
    for candidates, radius in ((np.flatnonzero(degree > 0), tolerance_m),
                               (np.flatnonzero(degree == 1), connect_tolerance_m)):
        if not len(candidates) or not len(xy):
            continue
        d, i = cKDTree(node_xy[candidates]).query(xy, distance_upper_bound=radius)
        use = (node < 0) & np.isfinite(d)
        node[use], dist[use] = candidates[i[use]], d[use]
    return node, dist


def _unconnected(points, node, node_xy, degree, table, role, path, tolerances, report):
    """Report points with no node; each gets an isolated node at its position. Returns the extended node_xy."""
    from scipy.spatial import cKDTree

    shapely = _shapely()
    lost = np.flatnonzero(node < 0)
    if not len(lost):
        return node_xy
    xy = points[["x_l93", "y_l93"]].to_numpy()[lost]
    d_node, _ = cKDTree(node_xy[degree > 0]).query(xy)
    (_, pipe), d_pipe = shapely.STRtree(table["geometry"].to_numpy()).query_nearest(
        shapely.points(xy), all_matches=False, return_distance=True)
    report.add(f"unconnected_{role[:-1]}", path, list(points["feature"].iloc[lost]), xy[:, 0], xy[:, 1],
               [f"{dn:.1f} m from the nearest pipe end, {dp:.1f} m from pipe {pid}: beyond the tolerances "
                f"({tolerances[0]:g} m, {tolerances[1]:g} m to a free pipe end); draw its service pipe or move the "
                "point onto the pipe end" for dn, dp, pid in zip(d_node, d_pipe, table["id"].iloc[pipe])])
    node[lost] = len(node_xy) + np.arange(len(lost))
    return np.vstack([node_xy, xy])


# ---------------------------------------------------------------- node names

def _name_nodes(size, table, points, node_xy, path, report):
    """Node ids: the points' node_id, else the pipes' from_node / to_node, else generated N0001 ...

    ``points``: (role, frame with columns node, node_name) in priority order.
    """
    frames = [pd.DataFrame({"node": p["node"], "name": p["node_name"], "priority": 0}) for _, p in points]
    frames += [pd.DataFrame({"node": table[end], "name": table[col], "priority": 1})
               for end, col in (("a", "start_name"), ("b", "end_name"))]
    cand = pd.concat(frames, ignore_index=True)
    cand = cand[cand["name"] != ""].sort_values("priority", kind="stable")
    several = cand.groupby("node", sort=False)["name"].unique()
    several = several[several.map(len) > 1]
    names = np.full(size, None, dtype=object)
    winners = cand.drop_duplicates("node")
    clash = winners.duplicated("name").to_numpy()
    names[winners["node"].to_numpy()[~clash]] = winners["name"].to_numpy()[~clash]
    taken = set(winners["name"])
    free = pd.isna(names)
    width = max(4, len(str(size)))
    generated = [n for n in (f"N{k:0{width}d}" for k in range(1, size + len(taken) + 1)) if n not in taken]
    names[free] = generated[:int(free.sum())]
    if len(several):
        nodes = several.index.to_numpy()
        report.add("node_id_conflict", path, [f"node {names[n]}" for n in nodes], node_xy[nodes, 0],
                   node_xy[nodes, 1], [f"one node named {list(v)}: {names[n]} kept" for n, v in several.items()])
    lost = winners[clash]
    if len(lost):
        nodes = lost["node"].to_numpy()
        report.add("node_id_conflict", path, [f"node {names[n]}" for n in nodes], node_xy[nodes, 0],
                   node_xy[nodes, 1], [f"the name {v!r} is already the name of another node: this one is "
                                       f"{names[n]}" for n, v in zip(nodes, lost["name"])])
    return names


# ---------------------------------------------------------------- topology

def _graph(table, size):
    from scipy.sparse import coo_matrix

    return coo_matrix((table["length_m"].to_numpy(), (table["a"].to_numpy(), table["b"].to_numpy())),
                      shape=(size, size)).tocsr()


def _orient(table, size, root):
    """Swap the ends of pipes so that ``a`` is nearer the root (shortest path by length)."""
    if root is None:
        return table
    from scipy.sparse.csgraph import dijkstra

    dist = dijkstra(_graph(table, size), directed=False, indices=root)
    swap = dist[table["b"].to_numpy()] < dist[table["a"].to_numpy()]
    if swap.any():
        table = table.copy()
        table.loc[swap, ["a", "b"]] = table.loc[swap, ["b", "a"]].to_numpy()
        table.loc[swap, "geometry"] = _shapely().reverse(table.loc[swap, "geometry"].to_numpy())
    return table


def _disconnected(table, node_xy, names, root, path, report):
    """Report each part of the pipes not connected to the root's part (or to the longest part)."""
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    size = len(node_xy)
    _, comp = connected_components(_graph(table, size), directed=False)
    part = comp[table["a"].to_numpy()]
    lengths = pd.Series(table["length_m"].to_numpy()).groupby(part).sum()
    main = comp[root] if root is not None and (part == comp[root]).any() else lengths.idxmax()
    if len(lengths) == 1:
        return
    on_pipes = np.zeros(size, dtype=bool)
    on_pipes[table[["a", "b"]].to_numpy().ravel()] = True
    main_nodes = np.flatnonzero(on_pipes & (comp == main))
    other = np.flatnonzero(on_pipes & (comp != main))
    gap, nearest = cKDTree(node_xy[main_nodes]).query(node_xy[other])
    closest = pd.DataFrame({"node": other, "comp": comp[other], "gap": gap, "to": main_nodes[nearest]})
    closest = closest.loc[closest.groupby("comp")["gap"].idxmin()].set_index("comp")
    reference = f"the plant node {names[root]}" if root is not None and comp[root] == main else "the longest part"
    for c, pipes in table[part != main].groupby(part[part != main]):
        row = closest.loc[c]
        node, to = int(row["node"]), int(row["to"])
        shown = ", ".join(pipes["feature"].iloc[:3]) + (f" and {len(pipes) - 3} more" if len(pipes) > 3 else "")
        report.add("disconnected_part", path, [shown], node_xy[node, 0], node_xy[node, 1],
                   f"{len(pipes)} pipes, {pipes['length_m'].sum():.1f} m, not connected to {reference}; "
                   f"closest to it at node {names[node]}, {row['gap']:.1f} m from node {names[to]}")


def _dangling(table, node_xy, has_point, tolerance_m, path, report):
    """Report degree-1 nodes with no substation or plant."""
    from scipy.spatial import cKDTree

    ends = np.r_[table["a"].to_numpy(), table["b"].to_numpy()]
    degree = np.bincount(ends, minlength=len(node_xy))
    loose = np.flatnonzero((degree == 1) & ~has_point)
    if not len(loose):
        return
    pipe_of = pd.Series(np.r_[np.arange(len(table)), np.arange(len(table))], index=ends)
    pipe = pipe_of[~pipe_of.index.duplicated()].loc[loose].to_numpy()
    on_pipes = np.flatnonzero(degree > 0)
    if len(on_pipes) > 1:
        d, _ = cKDTree(node_xy[on_pipes]).query(node_xy[loose], k=2)
        near = d[:, 1]
    else:
        near = np.full(len(loose), np.inf)
    report.add("dangling_end", path, list(table["feature"].iloc[pipe]), node_xy[loose, 0], node_xy[loose, 1],
               [f"end of pipe {pid} touches no other pipe, substation or plant; the nearest other node is {d:.2f} m "
                f"away (tolerance {tolerance_m:g} m)" for pid, d in zip(table["id"].iloc[pipe], near)])


def _outside_lambert93(lon, lat, path, report):
    from pyproj import CRS

    west, south, east, north = CRS(LAMBERT93).area_of_use.bounds
    out = np.flatnonzero((lon < west) | (lon > east) | (lat < south) | (lat > north))
    if len(out):
        from pyproj import Transformer

        x, y = Transformer.from_crs(WGS84, LAMBERT93, always_xy=True).transform(lon[out[0]], lat[out[0]])
        report.add("outside_lambert93", path, ["nodes"], x, y,
                   f"{len(out)} nodes lie outside Lambert-93's area (lon {west}..{east}, lat {south}..{north}): "
                   "check the layer's CRS; lengths there carry the projection's scale error")


def _unique_ids(ids):
    ids = pd.Series(ids, dtype=object)
    while ids.duplicated().any():
        repeat = ids.duplicated()
        ids[repeat] = ids[repeat] + "-" + (ids.groupby(ids).cumcount()[repeat] + 1).astype(str)
    return ids.to_numpy(dtype=object)


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
    if not tolerance_m > 0 or not connect_tolerance_m >= 0:
        raise DataError(paths["pipes"], f"tolerances must be positive, found tolerance_m={tolerance_m!r}, "
                                        f"connect_tolerance_m={connect_tolerance_m!r}")
    if lengths not in ("geometry", "attribute"):
        raise DataError(paths["pipes"], f"lengths must be 'geometry' or 'attribute', found {lengths!r}")
    mapping = _resolve_mapping(columns, paths)
    if crs is not None:
        from pyproj import CRS
        from pyproj.exceptions import CRSError

        try:
            CRS.from_user_input(crs)
        except CRSError as exc:
            raise DataError(paths["pipes"], f"unknown CRS {crs!r} given for layers without one: {exc}") from None
    base_data = _read_base(base) if base is not None else None
    report = _Report()
    layers = {"pipes": _read_layer(paths["pipes"], "pipes", layer, crs, mapping["pipes"])}
    names_of = {"substations": substations_layer, "plants": plants_layer}
    for role in ROLES[1:]:
        if paths[role] is not None:
            layers[role] = _read_layer(paths[role], role, names_of[role], crs, mapping[role])
    pipe_path = paths["pipes"]
    table = _read_pipes(layers["pipes"], lengths, report)
    node_xy, table["a"], table["b"] = _snap(table, tolerance_m)
    table = _drop_degenerate(table, tolerance_m, pipe_path, report)
    if table.empty:
        raise DataError(pipe_path, "no pipe is left once the empty and zero-length ones are set aside")
    if split_tees:
        table = _split_at_tees(table, node_xy, tolerance_m, pipe_path, report)
    table, node_xy = _duplicates(table, node_xy, tolerance_m, pipe_path, report)
    table[["a", "b"]] = table[["a", "b"]].astype(int)
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
    from heatnet.data import read_parameters

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


# ---------------------------------------------------------------- writing a network folder

def _csv_text(frame):
    def cell(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        if isinstance(v, (bool, np.bool_)):
            return "true" if v else "false"
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            return str(int(v))
        return str(v)

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


def _write_atomically(folder, contents, overwrite):
    """Write ``contents`` (name -> text or callable(path)) into ``folder``: all through a temporary folder,
    moved in place with os.replace; existing files only with ``overwrite``."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DataError(folder, "exists and is not a folder")
    existing = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if existing and not overwrite:
        raise DataError(folder, f"the output folder exists and is not empty ({', '.join(existing[:5])}"
                                f"{' ...' if len(existing) > 5 else ''}): choose another folder, or replace its "
                                "files with --force (overwrite=True)")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
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
        shutil.rmtree(staging, ignore_errors=True)


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
    """Write a network (folder or loaded :class:`~heatnet.data.Network`) to GIS in Lambert-93.

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
    existing = sorted({str(p) for p in targets.values() if p.exists()})
    if existing and not overwrite:
        raise DataError(existing[0], "the file exists: choose another output, or replace it with --force "
                                     "(overwrite=True)")
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.stem}.", dir=path.parent))
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


# ---------------------------------------------------------------- command line

def _column_option(text):
    if "=" not in text:
        raise DataError("--column", f"expected FIELD=COLUMN (e.g. dn_mm=DIAMETRE), found {text!r}")
    key, _, value = text.partition("=")
    return key.strip(), value.strip()


def cmd_import_gis(args):
    result = import_gis(args.pipes, args.substations, args.plants, tolerance_m=args.tolerance_m,
                        connect_tolerance_m=args.connect_tolerance_m, crs=args.crs, layer=args.layer,
                        substations_layer=args.substations_layer, plants_layer=args.plants_layer,
                        columns=dict(_column_option(c) for c in args.column), lengths=args.lengths,
                        split_tees=not args.no_split, plant_node=args.plant_node, base=args.base)
    check = None
    if args.out:
        written = write_network_folder(result, args.out, overwrite=args.force)
        sys.stderr.write(f"heatnet: {len(written)} files written to {args.out}\n")
        if args.base:
            try:
                load_network(args.out)
                check = "valid"
            except DataError as exc:
                check = str(exc)
            sys.stderr.write(f"heatnet: check of {args.out}: {check}\n")
        else:
            sys.stderr.write("heatnet: note: without --base the folder holds the nodes and pipes tables; add "
                             "network.yaml and the other tables (docs/network-format.md) or give --base\n")
    if args.json:
        payload = result.to_json()
        payload["check"] = check
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(result.report_text())
    if not result.clean or check not in (None, "valid"):
        raise SystemExit(1)
    return result


def cmd_export_gis(args):
    export = export_gis(args.folder, args.output, overwrite=args.force)
    layers = ", ".join(f"{k} {v}" for k, v in export.layers.items())
    sys.stdout.write(f"{', '.join(map(str, export.files))}: {layers} (EPSG:2154)\n")
    for note in export.skipped:
        sys.stderr.write(f"heatnet: skipped {note}\n")
    return export


def register_cli(subparsers):
    p = subparsers.add_parser("import-gis", help="read pipes and substations from GIS layers into a network folder; "
                                                 "report the drawing's defects")
    p.add_argument("pipes", help="pipes layer (GeoJSON, GeoPackage, Shapefile; lines, any CRS)")
    p.add_argument("--substations", help="substations layer (points); default: the pipes GeoPackage's "
                                         "'substations' layer")
    p.add_argument("--plants", help="plants layer (points); default: the pipes GeoPackage's 'plants' layer")
    p.add_argument("--layer", help="layer of the pipes in a multi-layer file")
    p.add_argument("--substations-layer", help="layer of the substations in a multi-layer file")
    p.add_argument("--plants-layer", help="layer of the plants in a multi-layer file")
    p.add_argument("--tolerance-m", type=float, default=TOLERANCE_M,
                   help=f"line ends closer than this are one node (default {TOLERANCE_M:g})")
    p.add_argument("--connect-tolerance-m", type=float, default=CONNECT_TOLERANCE_M,
                   help=f"a point this close to a free pipe end is connected to it (default {CONNECT_TOLERANCE_M:g})")
    p.add_argument("--crs", help="CRS of layers that declare none, e.g. EPSG:2154")
    p.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                   help="layer column of a field, e.g. dn_mm=DIAMETRE or substations.id=NUM (repeatable)")
    p.add_argument("--lengths", choices=("geometry", "attribute"), default="geometry",
                   help="pipe lengths measured in Lambert-93 (default) or the layer's length column where given")
    p.add_argument("--no-split", action="store_true", help="do not cut a pipe where another pipe ends on it")
    p.add_argument("--plant-node", help="node id or plant id of the main plant (default: the first plant point)")
    p.add_argument("--base", metavar="FOLDER", help="network folder giving network.yaml and the other tables")
    p.add_argument("--out", metavar="FOLDER", help="write the network folder here")
    p.add_argument("--force", action="store_true", help="replace the files of an existing output folder")
    p.add_argument("--json", action="store_true", help="print the summary and the report as JSON")
    p.set_defaults(func=cmd_import_gis)

    p = subparsers.add_parser("export-gis", help="write a network folder to a GeoPackage / GeoJSON in Lambert-93")
    p.add_argument("folder", help="network folder")
    p.add_argument("output", help="OUT.gpkg (one file, four layers) or OUT.geojson (one file per layer)")
    p.add_argument("--force", action="store_true", help="replace existing output files")
    p.set_defaults(func=cmd_export_gis)
