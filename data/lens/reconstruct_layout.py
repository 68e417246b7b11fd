"""Reconstruct a schematic layout of the Lens network: writes nodes.csv and pipes.csv.

The study (002, section 3.1.5) gives the total length (about 8,300 m), the three main
branches with their DN and the substations named on each branch; its maps are images
missing from the text. Everything else below is an assumption, made explicit:

* the central plant site sits at PLANT_LATLON (assumed, about 450 m south-east of
  collège Jean Zay, whose position is public);
* branch A (DN 244) runs north-west toward collège Jean Zay and the hospital, branch B
  (DN 193) north-east through the Pas-de-Calais Habitat estate, branch C (DN 350/355)
  south-west toward the sports centre and école Jules Verne;
* each substation hangs off the trunk junction of its group through a service pipe
  whose DN comes from its 2016 subscribed power (SERVICE_DN_BY_KW);
* straight-line lengths are multiplied by one route factor so that the total equals
  the study's 8,300 m (streets are not straight; the factor is reported).

Run from the repository root: ``python data/lens/reconstruct_layout.py``.
"""

import csv
import math
from pathlib import Path

HERE = Path(__file__).parent
PLANT_LATLON = (50.4390, 2.8300)  # assumed: central plant, rue d'Epernay
TOTAL_LENGTH_M = 8300.0  # study 002 §3.1.1 and §3.1.5
M_PER_DEG_LAT = 111_195.0
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(PLANT_LATLON[0]))

# (max subscribed kW, service DN mm): assumed sizing at about 1 m/s and 30 K.
SERVICE_DN_BY_KW = [(150, 50), (400, 65), (700, 80), (1200, 100), (2500, 125), (6000, 150), (1e9, 200)]

# Branch: (trunk DN from the study, heading in degrees from north, groups of substations
# along the trunk, in order from the plant). One trunk junction per group, 250 m apart.
BRANCHES = {
    "A": (244, -45, [["12B", "8"], ["9", "11"], ["30"], ["31A", "31B", "31C", "31D"], ["13", "14"]]),
    "B": (193, 40, [["1A", "1E"], ["1C", "4A"], ["4.1", "4.2", "4.3"], ["5", "6"], ["7", "60"],
                    ["10.1", "10.2", "10.3"]]),
    "C": (350, -150, [["19", "40"], ["18", "50"], ["62", "15"], ["16", "17"], ["20", "21"],
                      ["22", "23"]]),
}
TRUNK_STEP_M = 250.0
SERVICE_OFFSET_M = 70.0


def service_dn(subscribed_kw):
    return next(dn for limit, dn in SERVICE_DN_BY_KW if subscribed_kw <= limit)


def to_lonlat(x_m, y_m):
    return (PLANT_LATLON[1] + x_m / M_PER_DEG_LON, PLANT_LATLON[0] + y_m / M_PER_DEG_LAT)


def main():
    kw = {}
    with open(HERE / "loads.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["year"] == "2016":
                kw[row["substation_id"]] = float(row["subscribed_kw"])
    nodes = [("PLANT", "plant_site", 0.0, 0.0)]
    pipes = []  # id, from, to, dn, straight length, branch, kind
    for branch, (dn, heading_deg, groups) in BRANCHES.items():
        ux, uy = math.sin(math.radians(heading_deg)), math.cos(math.radians(heading_deg))
        previous, px, py = "PLANT", 0.0, 0.0
        for k, group in enumerate(groups, start=1):
            jx, jy = px + TRUNK_STEP_M * ux, py + TRUNK_STEP_M * uy
            junction = f"J_{branch}{k}"
            nodes.append((junction, "junction", jx, jy))
            pipes.append((f"P_{branch}{k}", previous, junction, dn, TRUNK_STEP_M, branch, "trunk"))
            for s, sub in enumerate(group):
                # alternate left / right of the trunk, spread along it
                side = 1 if s % 2 == 0 else -1
                along = (s // 2) * 40.0
                sx = jx + side * SERVICE_OFFSET_M * uy + along * ux
                sy = jy - side * SERVICE_OFFSET_M * ux + along * uy
                node = "N_" + sub.replace(".", "_")
                nodes.append((node, "delivery", sx, sy))
                pipes.append((f"S_{sub}", junction, node, service_dn(kw[sub]), math.hypot(sx - jx, sy - jy),
                              branch, "service"))
            previous, px, py = junction, jx, jy
    route_factor = TOTAL_LENGTH_M / sum(p[4] for p in pipes)
    with open(HERE / "nodes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "lon", "lat", "reconstructed"])
        for node, kind, x, y in nodes:
            lon, lat = to_lonlat(x, y)
            w.writerow([node, kind, f"{lon:.6f}", f"{lat:.6f}", "true"])
    with open(HERE / "pipes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "from_node", "to_node", "dn_mm", "length_m", "branch", "kind", "reconstructed"])
        for pid, a, b, dn, length, branch, kind in pipes:
            w.writerow([pid, a, b, dn, f"{length * route_factor:.1f}", branch, kind, "true"])
    print(f"{len(nodes)} nodes, {len(pipes)} pipes, route factor {route_factor:.3f}")


if __name__ == "__main__":
    main()
