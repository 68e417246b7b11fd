"""Candidate buildings and candidate routes (street lines) from GIS layers, for the connection plan.

A candidate layer (GeoPackage, GeoJSON, Shapefile; points or polygons, any CRS) has one feature per
building, or per group of identical buildings with ``count``:

* ``id`` (unique), ``use`` (``house``, ``collective``, ``public``, ``tertiary``), ``dwellings``;
* ``heat_mwh`` (annual heat), or ``heated_area_m2`` with ``kwh_per_m2``;
* ``subscribed_kw``, or ``full_load_hours`` (subscribed kW = heat / hours);
* optional: ``year_available``, ``client``, ``category``, ``alternative`` (the heating mode it would keep:
  a mode of data/france/heating_modes.csv), ``service_length_m``, ``substation_capex_eur``, ``count``,
  ``building``, ``source``.

A street layer (lines) gives the candidate routes: each line is a segment between its end points,
end points closer than ``snap_m`` are one node; its length is measured in Lambert-93.
geopandas is imported when a layer is read.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from heatnet.io.folder import LAMBERT93, DataError

USES = ("house", "collective", "public", "tertiary")
NUMERIC = ("dwellings", "heat_mwh", "heated_area_m2", "kwh_per_m2", "subscribed_kw", "full_load_hours",
           "year_available", "service_length_m", "substation_capex_eur", "count")
DEFAULT_ALTERNATIVE = {"house": "gas_individual", "collective": "gas_collective", "public": "gas_collective",
                       "tertiary": "gas_collective"}
DEFAULT_CATEGORY = {"house": "social_housing", "collective": "social_housing", "public": "city",
                    "tertiary": "tertiary"}


def _read(path, what):
    import geopandas as gpd

    path = Path(path)
    if not path.exists():
        raise DataError(path, f"{what} layer not found")
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # the driver's message says what is wrong with the file
        raise DataError(path, f"cannot read as a GIS layer: {exc}") from None
    if frame.crs is None:
        raise DataError(path, "the layer has no coordinate reference system; give one (e.g. EPSG:4326)")
    return frame


def read_candidates(path):
    """A table of candidates (one row per building after ``count``), with lon/lat and Lambert-93 x/y."""
    frame = _read(path, "candidate")
    missing = [c for c in ("id", "use") if c not in frame.columns]
    if missing:
        raise DataError(path, f"missing column(s) {missing}; expected id, use, dwellings, heat_mwh (or "
                              "heated_area_m2 and kwh_per_m2), subscribed_kw (or full_load_hours)")
    for col in NUMERIC:
        if col in frame:
            frame[col] = pd.to_numeric(frame[col], errors="coerce")
    points = frame.geometry.representative_point()
    wgs = points.to_crs("EPSG:4326")
    l93 = points.to_crs(LAMBERT93)
    rows = []
    for k, (_, row) in enumerate(frame.iterrows()):
        rows.extend(_candidate_rows(path, k + 1, row, wgs.iloc[k], l93.iloc[k]))
    table = pd.DataFrame(rows)
    dup = table["id"][table["id"].duplicated()].tolist()
    if dup:
        raise DataError(path, f"duplicate candidate id(s) {dup[:5]}")
    return table


def _get(row, key, default=None):
    value = row.get(key, default)
    return default if value is None or (isinstance(value, float) and np.isnan(value)) else value


def _candidate_rows(path, line, row, wgs, l93):
    use = str(_get(row, "use", ""))
    if use not in USES:
        raise DataError(path, f"use {use!r} is not one of {list(USES)}", line=line, column="use")
    heat = _get(row, "heat_mwh")
    if heat is None:
        area, ratio = _get(row, "heated_area_m2"), _get(row, "kwh_per_m2")
        if area is None or ratio is None:
            raise DataError(path, "give heat_mwh, or heated_area_m2 and kwh_per_m2", line=line, column="heat_mwh")
        heat = area * ratio / 1000.0
    kw = _get(row, "subscribed_kw")
    if kw is None:
        hours = _get(row, "full_load_hours")
        if not hours or hours <= 0:
            raise DataError(path, "give subscribed_kw, or full_load_hours (> 0)", line=line, column="subscribed_kw")
        kw = heat * 1000.0 / hours
    if heat < 0 or kw <= 0:
        raise DataError(path, f"expected heat_mwh >= 0 and subscribed_kw > 0, found {heat} and {kw}", line=line)
    count = int(_get(row, "count", 1))
    base = {"use": use, "building": _get(row, "building", use), "dwellings": int(_get(row, "dwellings", 0)),
            "heat_mwh": float(heat), "subscribed_kw": float(kw),
            "year_available": int(_get(row, "year_available", 0)) or None,
            "client": str(_get(row, "client", "NEW")), "category": _get(row, "category", DEFAULT_CATEGORY[use]),
            "alternative": _get(row, "alternative", DEFAULT_ALTERNATIVE[use]),
            "service_length_m": float(_get(row, "service_length_m", 10.0)),
            "substation_capex_eur": _get(row, "substation_capex_eur"), "source": _get(row, "source"),
            "lon": float(wgs.x), "lat": float(wgs.y), "x_m": float(l93.x), "y_m": float(l93.y)}
    ident = str(row["id"])
    return [dict(base, id=ident if count == 1 else f"{ident}-{k + 1}") for k in range(count)]


def read_streets(path, snap_m=2.0):
    """Street segments (id, from_node, to_node, length_m) and their nodes (id, lon, lat, x_m, y_m)."""
    frame = _read(path, "street")
    if not all(t in ("LineString", "MultiLineString") for t in frame.geom_type):
        raise DataError(path, "a street layer holds lines (LineString)")
    l93 = frame.to_crs(LAMBERT93).geometry
    wgs = frame.to_crs("EPSG:4326").geometry
    ids = frame["id"].astype(str).tolist() if "id" in frame else [f"ST{k + 1}" for k in range(len(frame))]
    ends, segments = {}, []

    def node(x, y, lon, lat):
        key = (round(x / snap_m), round(y / snap_m))
        if key not in ends:
            ends[key] = {"id": f"ST_N{len(ends) + 1}", "x_m": x, "y_m": y, "lon": lon, "lat": lat}
        return ends[key]["id"]

    for k, (line, geo) in enumerate(zip(l93, wgs)):
        parts = list(line.geoms) if line.geom_type == "MultiLineString" else [line]
        gparts = list(geo.geoms) if geo.geom_type == "MultiLineString" else [geo]
        for j, (part, gpart) in enumerate(zip(parts, gparts)):
            (x0, y0), (x1, y1) = part.coords[0], part.coords[-1]
            (lo0, la0), (lo1, la1) = gpart.coords[0], gpart.coords[-1]
            a, b = node(x0, y0, lo0, la0), node(x1, y1, lo1, la1)
            if a != b:
                segments.append({"id": ids[k] if len(parts) == 1 else f"{ids[k]}-{j + 1}", "from_node": a,
                                 "to_node": b, "length_m": float(part.length)})
    return pd.DataFrame(segments), pd.DataFrame(list(ends.values()))
