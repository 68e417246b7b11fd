"""Reading GIS layers: choosing the layer, mapping its columns, parsing ids, diameters and flags.

geopandas and shapely are imported when a layer is read, never at import time.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from heatnet.io.files import check_path
from heatnet.io.folder import GEO_SUFFIXES, LAMBERT93, DataError, parse_bool
from heatnet.io.gis.report import (COLUMN_ALIASES, DN_MAX_MM, DN_MIN_MM, GENERATED_PREFIX, LENGTH_MISMATCH_FRAC,
                                   PIPE_OPTIONAL, ROLES, _gpd, _shapely)


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
    check_path(path, "file")  # not a folder, a device or a FIFO
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
    coords, index = _shapely().get_coordinates(np.asarray(frame.geometry.array), return_index=True)
    bad = index[~np.isfinite(coords).all(axis=1)]
    if len(bad):
        raise DataError(path, f"coordinates cannot be placed in Lambert-93 from {source_crs}: a vertex is not a "
                              "finite number there; check the vertex and the layer's CRS", line=f"feature {bad[0] + 1}")
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
    formula = [i for i, c in enumerate(cells) if c[:1] in ("=", "@", "\t", "\r") or (
        c[:1] in ("+", "-") and not c[1:2].isdigit())]
    if formula:
        raise DataError(layer.path, f"id {cells[formula[0]]!r:.60} would run as a formula in a spreadsheet: ids "
                                    "are plain names or numbers", line=f"feature {formula[0] + 1}",
                        column=layer.columns["id"])
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
