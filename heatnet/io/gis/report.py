"""What a GIS import returns: the network's tables and the report of the drawing's defects, with their
coordinates in Lambert-93 and WGS84. Tolerances and defect kinds are declared here.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from heatnet.io.folder import LAMBERT93, WGS84
from heatnet.io.schema import TABLES


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
