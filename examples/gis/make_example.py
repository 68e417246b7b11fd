"""Write exemple.gpkg: a small fictitious heat network as an operator's GIS would hold it.

Three layers in Web Mercator (EPSG:3857), the CRS of web map tools: ``pipes`` (15 lines,
some with bends, French column names ``diametre`` / ``longueur``), ``substations`` (8
points, one drawn 2 m beside its pipe end) and ``plants`` (1 point). Positions are
designed in Lambert-93 metres around an arbitrary origin, then reprojected.

Run from the repository root: ``python examples/gis/make_example.py``.
"""

from pathlib import Path

import geopandas as gpd
from shapely.geometry import LineString, Point

HERE = Path(__file__).parent
ORIGIN_L93 = (842_000.0, 6_519_000.0)  # arbitrary, in the Lyon area
CRS_OUT = "EPSG:3857"

NODES = {  # local metres east / north of the origin
    "plant": (0, 0), "J1": (160, 0), "J2": (320, 0), "J3": (480, 0), "J4": (160, 140), "J5": (160, 300),
    "J6": (320, -180), "J7": (480, -120),
}
# id, from, to, DN mm, bends between the ends
MAINS = [
    ("T01", "plant", "J1", 200, [(80, 10)]),
    ("T02", "J1", "J2", 150, []),
    ("T03", "J2", "J3", 125, []),
    ("T04", "J1", "J4", 100, [(150, 70)]),
    ("T05", "J4", "J5", 100, []),
    ("T06", "J2", "J6", 100, [(330, -90)]),
    ("T07", "J3", "J7", 80, [(500, -60)]),
]
# substation id, name, junction, service end, DN mm
SERVICES = [
    ("SST-01", "Groupe scolaire", "J1", (200, -35), 65),
    ("SST-02", "Résidence Les Tilleuls", "J2", (350, 40), 65),
    ("SST-03", "Gymnase", "J3", (540, 20), 50),
    ("SST-04", "Mairie", "J5", (120, 330), 50),
    ("SST-05", "Résidence Le Parc", "J5", (210, 340), 80),
    ("SST-06", "Collège", "J6", (280, -220), 65),
    ("SST-07", "EHPAD", "J7", (520, -160), 65),
    ("SST-08", "Médiathèque", "J4", (120, 160), 50),
]
OFFSET_M = {"SST-05": (2.0, 0.0)}  # drawn on the building, 2 m from its pipe end


def l93(x, y):
    return ORIGIN_L93[0] + x, ORIGIN_L93[1] + y


def main():
    rows = []
    for pid, a, b, dn, bends in MAINS:
        rows.append({"id": pid, "diametre": f"DN{dn}", "materiau": "acier",
                     "geometry": LineString([l93(*NODES[a]), *(l93(*p) for p in bends), l93(*NODES[b])])})
    for k, (sid, _, junction, end, dn) in enumerate(SERVICES, start=1):
        rows.append({"id": f"B{k:02d}", "diametre": f"DN{dn}", "materiau": "acier",
                     "geometry": LineString([l93(*NODES[junction]), l93(*end)])})
    pipes = gpd.GeoDataFrame(rows, crs="EPSG:2154")
    pipes["longueur"] = pipes.length.round(1)
    subs = gpd.GeoDataFrame(
        [{"id": sid, "nom": name, "geometry": Point(l93(end[0] + OFFSET_M.get(sid, (0, 0))[0],
                                                         end[1] + OFFSET_M.get(sid, (0, 0))[1]))}
         for sid, name, _, end, _ in SERVICES], crs="EPSG:2154")
    plants = gpd.GeoDataFrame([{"id": "chaufferie", "nom": "Chaufferie bois", "geometry": Point(l93(*NODES["plant"]))}],
                              crs="EPSG:2154")
    out = HERE / "exemple.gpkg"
    out.unlink(missing_ok=True)
    for name, frame in (("pipes", pipes), ("substations", subs), ("plants", plants)):
        frame.to_crs(CRS_OUT).to_file(out, layer=name, driver="GPKG", engine="pyogrio")
    print(f"{out}: {len(pipes)} pipes, {len(subs)} substations, {len(plants)} plant ({CRS_OUT})")


if __name__ == "__main__":
    main()
