"""Candidate and street layers (heatnet.io.candidates), and the shipped 12/14 district."""

import json
from pathlib import Path

import pytest

from heatnet.io.candidates import read_candidates, read_streets
from heatnet.io.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = ROOT / "scenarios" / "data" / "candidates_12_14.geojson"
STREETS = ROOT / "scenarios" / "data" / "streets_12_14.geojson"


def test_12_14_district_has_the_study_buildings_each_marked_as_an_assumption():
    table = read_candidates(CANDIDATES)
    by_use = table.groupby("use")["dwellings"].agg(["count", "sum"])
    assert by_use.loc["house", "count"] == 288  # study 002 §3.5: 288 Maisons & Cités houses
    assert by_use.loc["collective", "sum"] == 92  # 92 SIA/LTO flats
    assert by_use.loc["public", "count"] == 3  # city buildings (assumption of extension_12_14.yaml)
    assert table["source"].str.contains("RECONSTRUCTED").all()
    assert table["source"].str.contains("ASSUMPTION").all()
    # placed around the anchor points: within 1.5 km of église Saint-Édouard (50.44250, 2.81056)
    assert table["lat"].between(50.43, 50.455).all() and table["lon"].between(2.80, 2.83).all()


def test_streets_are_segments_between_snapped_end_points():
    segments, nodes = read_streets(STREETS)
    assert len(segments) == 91
    assert set(segments["from_node"]) | set(segments["to_node"]) <= set(nodes["id"])
    assert segments["length_m"].between(20, 400).all()


def _write(tmp_path, features):
    path = tmp_path / "c.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": p, "geometry": {"type": "Point", "coordinates": [2.81, 50.44]}}
        for p in features]}))
    return path


def test_demand_rules_and_count(tmp_path):
    path = _write(tmp_path, [{"id": "A", "use": "collective", "dwellings": 10, "heated_area_m2": 700,
                              "kwh_per_m2": 120, "full_load_hours": 1400, "count": 2}])
    table = read_candidates(path)
    assert list(table["id"]) == ["A-1", "A-2"]
    assert table["heat_mwh"].iloc[0] == pytest.approx(84.0)
    assert table["subscribed_kw"].iloc[0] == pytest.approx(60.0)


@pytest.mark.parametrize("props, where", [({"id": "A", "use": "castle", "heat_mwh": 1, "subscribed_kw": 1}, "use"),
                                          ({"id": "A", "use": "house", "subscribed_kw": 1}, "heat_mwh"),
                                          ({"id": "A", "use": "house", "heat_mwh": 10}, "subscribed_kw")])
def test_bad_candidates_name_the_feature_and_the_column(tmp_path, props, where):
    with pytest.raises(DataError) as err:
        read_candidates(_write(tmp_path, [props]))
    assert where in str(err.value) and "line 1" in str(err.value)
