"""Write the 12/14 district's candidate buildings and reconstructed streets as GeoJSON (WGS84).

    python scenarios/data/make_candidates_12_14.py

Every position is a RECONSTRUCTION placed around the public anchor points of the district (the
study's maps are not in its text): église Saint-Édouard of Cité 12 (50.44250, 2.81056) and mine
shaft 14 (50.447448, 2.821366), and the reconstructed end of branch A (node J_A5 of data/lens).
Every demand ratio is the ASSUMPTION of scenarios/extension_12_14.yaml (study 002 §3.5 gives no
needs): a house 10 MWh and 8 kW; a flat 6 MWh and 5 kW, the 92 SIA/LTO flats in 4 buildings of 23;
3 city buildings of 180 MWh and 150 kW. House module 5,800 EUR (study 002 benchmark, Mende).
"""

import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHURCH = (2.81056, 50.44250)  # église Saint-Édouard, Cité 12 (domain brief)
J_A5 = (2.817519, 50.446949)  # end of branch A in data/lens/nodes.csv (reconstructed layout)
SHAFT_14 = (2.821366, 50.447448)  # mine shaft 14 (domain brief)
M_PER_DEG_LAT = 111_195.0
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(CHURCH[1]))
WHERE = "RECONSTRUCTED position around the église Saint-Édouard and shaft 14 anchor points (see the script)"
HOUSE = ("ASSUMPTION (scenarios/extension_12_14.yaml): ERBM-renovated mining house about 90 m2 x 110 kWh/m2 "
         "= 10 MWh heating + hot water, 8 kW; house module 5,800 EUR (study 002 benchmark Mende)")
FLATS = "ASSUMPTION (scenarios/extension_12_14.yaml): 23 flats x 6 MWh and 5 kW"
CITY = "ASSUMPTION (scenarios/extension_12_14.yaml): city building (school or hall) 180 MWh, 150 kW"


def lonlat(x_m, y_m):
    """Local metres east / north of the church to WGS84."""
    return round(CHURCH[0] + x_m / M_PER_DEG_LON, 7), round(CHURCH[1] + y_m / M_PER_DEG_LAT, 7)


def local(lon, lat):
    return (lon - CHURCH[0]) * M_PER_DEG_LON, (lat - CHURCH[1]) * M_PER_DEG_LAT


def streets():
    """Street lines: the spine from branch A, the loop of the collective buildings, the houses' grid."""
    a5, shaft = local(*J_A5), local(*SHAFT_14)
    lines = [("spine-1", a5, (370, 370)), ("spine-2", (370, 370), (250, 250)), ("shaft-14", a5, shaft)]
    loop = [(250, 250), (125, 250), (0, 250), (0, 125), (0, 0), (125, 0), (250, 0), (250, 125), (250, 250)]
    lines += [(f"loop-{k + 1}", p, q) for k, (p, q) in enumerate(zip(loop, loop[1:]))]
    for k in range(8):  # the collector south of the church, then 8 house streets of 9 x 40 m
        y = -50.0 * (k + 1)
        lines.append((f"collector-{k + 1}", (0, y + 50), (0, y)))
        lines += [(f"street-{k + 1}-{j + 1}", (40.0 * j, y), (40.0 * (j + 1), y)) for j in range(9)]
    return lines


def buildings():
    out = []
    for k in range(8):
        y = -50.0 * (k + 1)
        for j in range(9):
            x = 40.0 * (j + 1)
            for n, (dx, dy) in enumerate(((-5, 12), (5, 12), (-5, -12), (5, -12))):
                out.append({"id": f"MC-{k + 1}-{j + 1}-{n + 1}", "use": "house", "building": "Maison Maisons & Cités",
                            "client": "M&C", "category": "social_housing", "dwellings": 1, "heat_mwh": 10.0,
                            "subscribed_kw": 8.0, "service_length_m": 10.0, "substation_capex_eur": 5800.0,
                            "alternative": "gas_individual", "year_available": 2022, "source": f"{WHERE}; {HOUSE}",
                            "xy": (x + dx, y + dy)})
    for k, xy in enumerate(((125, 265), (0, 265), (125, -15), (265, 0))):
        out.append({"id": f"SIA-{k + 1}", "use": "collective", "building": "Logements collectifs SIA/LTO (23)",
                    "client": "LTO/SIA", "category": "social_housing", "dwellings": 23, "heat_mwh": 138.0,
                    "subscribed_kw": 115.0, "service_length_m": 15.0, "alternative": "gas_collective",
                    "year_available": 2022, "source": f"{WHERE}; {FLATS}", "xy": xy})
    shaft = local(*SHAFT_14)
    for ident, name, xy, year in (("VILLE-ECOLE-1", "École (Cité 12)", (-15, 0), 2022),
                                  ("VILLE-SALLE", "Salle municipale", (-15, 125), 2022),
                                  ("VILLE-ECOLE-2", "École (fosse 14)", (shaft[0] + 15, shaft[1]), 2023)):
        out.append({"id": ident, "use": "public", "building": name, "client": "Ville", "category": "city",
                    "dwellings": 0, "heat_mwh": 180.0, "subscribed_kw": 150.0, "service_length_m": 15.0,
                    "alternative": "gas_collective", "year_available": year, "source": f"{WHERE}; {CITY}", "xy": xy})
    return out


def collection(features):
    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
            "features": features}


def main():
    feats = []
    for b in buildings():
        x, y = b.pop("xy")
        feats.append({"type": "Feature", "properties": b, "geometry": {"type": "Point", "coordinates": lonlat(x, y)}})
    (HERE / "candidates_12_14.geojson").write_text(json.dumps(collection(feats), ensure_ascii=False, indent=0) + "\n",
                                                  encoding="utf-8")
    lines = [{"type": "Feature", "properties": {"id": ident, "source": "RECONSTRUCTED street (no public trace in reach)"},
              "geometry": {"type": "LineString", "coordinates": [lonlat(*p), lonlat(*q)]}}
             for ident, p, q in streets()]
    (HERE / "streets_12_14.geojson").write_text(json.dumps(collection(lines), ensure_ascii=False, indent=0) + "\n",
                                               encoding="utf-8")
    print(len(feats), "candidates,", len(lines), "street segments")


if __name__ == "__main__":
    main()
