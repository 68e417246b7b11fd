"""Loading a network folder: the Lens data as transcribed, French formats, and every kind of defect."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from heatnet.io.folder import DataError, _plain_numbers, load_network, parse_number, read_csv_columns
from tests.conftest import LENS


def test_lens_loads_all_37_rows_both_years():
    net = load_network(LENS)
    assert len(net.substations) == 37
    assert net.substations["id"].is_unique
    assert net.substations["substation_no"].nunique() == 33  # the study's 33 distinct numbers
    sums = net.loads.groupby("year")[["heat_mwh", "subscribed_kw"]].sum()
    # study 002 §3.1.5: the 2016 rows sum exactly to the printed totals
    assert_allclose(sums.loc[2016, "heat_mwh"], 43240.91, atol=1e-6)
    assert_allclose(sums.loc[2016, "subscribed_kw"], 23992, atol=1e-9)
    # the 2013 rows sum to 50,175 / 25,598 (printed totals 53,158 / 27,387: see test_checks)
    assert_allclose(sums.loc[2013, "heat_mwh"], 50175, atol=1e-9)
    assert_allclose(sums.loc[2013, "subscribed_kw"], 25598, atol=1e-9)


def test_lens_hospital_row_and_decimal_commas():
    net = load_network(LENS)
    loads = net.loads.set_index(["substation_id", "year"])
    assert loads.loc[("14", 2016), "heat_mwh"] == 18517
    assert loads.loc[("14", 2016), "subscribed_kw"] == 8725
    assert loads.loc[("1A", 2016), "heat_mwh"] == pytest.approx(90.86)  # printed "90,86"


@pytest.mark.parametrize("text, value", [
    ("90,86", 90.86), ("1 984,8", 1984.8), ("1.984,8", 1984.8), ("1,984.8", 1984.8), ("43240.91", 43240.91),
    ("11,367,", 11.367), ("-25", -25.0), ("2\u202f622", 2622.0),
])
def test_parse_number_french_and_english(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "", "nan", "inf"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_semicolon_csv_with_decimal_commas_and_cp1252(lens_copy):
    import csv
    import io

    path = lens_copy / "loads.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    converted = [";".join(rows[0])]
    for cells in rows[1:]:
        cells[2] = cells[2].replace(".", ",")  # heat_mwh with a French decimal comma
        converted.append(";".join(cells))
    path.write_bytes("\n".join(converted).encode("cp1252"))
    net = load_network(lens_copy)
    assert net.loads.groupby("year")["heat_mwh"].sum()[2016] == pytest.approx(43240.91)


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _add_column(path, name, values):
    """A column ``name`` added to the CSV ``path``, with ``values`` by the rows' id (empty elsewhere)."""
    import csv
    import io

    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([rows[0] + [name]] + [r + [values.get(r[0], "")] for r in rows[1:]])
    path.write_text(out.getvalue(), encoding="utf-8")


# Each defect: (file, how to break it, words the message must contain)
DEFECTS = {
    "missing column": ("loads.csv", lambda p: _edit(p, "substation_id,year,heat_mwh,subscribed_kw",
                                                    "substation_id,year,heat_mwh,power"),
                       ["loads.csv", "missing column", "subscribed_kw"]),
    "misspelt column": ("loads.csv", lambda p: _edit(p, "substation_id,year,heat_mwh,subscribed_kw",
                                                     "substation_id,year,heat_mwh,subscribed_kW"),
                        ["loads.csv", "line 1", "missing column(s) ['subscribed_kw']",
                         "found 'subscribed_kW' (a misspelling of 'subscribed_kw'?)"]),
    "duplicate id": ("substations.csv", lambda p: _edit(p, "1E,1E,", "1A,1E,"),
                     ["substations.csv", "line 3", "duplicate", "'1A'"]),
    "unknown branch": ("substations.csv", lambda p: _edit(p, ",Ville,,B,N_1A", ",Ville,,Z,N_1A"),
                       ["substations.csv", "line 2", "branch", "'Z'"]),
    "negative kW": ("loads.csv", lambda p: _edit(p, "1A,2016,90.86,170", "1A,2016,90.86,-170"),
                    ["loads.csv", "subscribed_kw", "below the minimum"]),
    "text in a number column": ("loads.csv", lambda p: _edit(p, "1A,2016,90.86,170", "1A,2016,beaucoup,170"),
                                ["loads.csv", "heat_mwh", "expected a number", "beaucoup"]),
    "empty file": ("plants.csv", lambda p: p.write_text(""), ["plants.csv", "empty"]),
    "missing file": ("pipes.csv", lambda p: p.unlink(), ["pipes.csv", "file not found"]),
    "unknown substation id in loads": ("loads.csv", lambda p: _edit(p, "1A,2016,", "99Z,2016,"),
                                       ["loads.csv", "unknown substations id", "'99Z'"]),
    "unknown node of a pipe": ("pipes.csv", lambda p: _edit(p, "P_A1,PLANT,J_A1", "P_A1,PLANT,J_NOWHERE"),
                               ["pipes.csv", "line 2", "to_node", "J_NOWHERE"]),
    "bad boolean": ("clients.csv", lambda p: _edit(p, "city,true", "city,peut-être"),
                    ["clients.csv", "public_building", "true or false"]),
    "unknown category": ("clients.csv", lambda p: _edit(p, "Ville,Ville de Lens,city", "Ville,Ville de Lens,mairie"),
                         ["clients.csv", "category", "'mairie' is not one of"]),
    "bad date": ("tariffs_r2.csv", lambda p: _edit(p, "2016-01-01,r2_1", "2016-13-45,r2_1"),
                 ["tariffs_r2.csv", "effective_date", "a date"]),
    "mix weights not summing to one": ("mix_weights.csv", lambda p: _edit(p, "0.6856", "0.7856"),
                                       ["mix_weights.csv", "sum to 1.1", "expected 1"]),
    "wrong number of cells": ("branches.csv", lambda p: _edit(p, "A,Jean Zay - hôpital,244,", "A,Jean Zay,244,x,"),
                              ["branches.csv", "line 2", "expected 5 cells"]),
    "unknown key in network.yaml": ("network.yaml", lambda p: _edit(p, "name: Lens", "name: Lens\ncolour: red"),
                                    ["network.yaml", "colour", "unknown key", "allowed keys"]),
    "plant node missing": ("network.yaml", lambda p: _edit(p, "plant_node: PLANT", "plant_node: NOPE"),
                           ["network.yaml", "plant_node", "NOPE"]),
    "winter capacity above capacity": ("plants.csv", lambda p: _edit(p, ",11500,1500,", ",15000,1500,"),
                                       ["plants.csv", "winter_capacity_kw", "exceeds capacity_kw"]),
    "infinite integer in network.yaml": ("network.yaml", lambda p: _edit(p, "indexation_base_year: 2016",
                                                                        "indexation_base_year: .inf"),
                                         ["network.yaml", "indexation_base_year", "expected"]),
    "reference DJU no French climate has": ("network.yaml", lambda p: _edit(p, "reference_dju: 2622", "reference_dju: 1"),
                                            ["network.yaml", "reference_dju", "500"]),
    "availability above one": ("plants.csv", lambda p: _edit(p, ",03-31,0.92,", ",03-31,92,"),
                               ["plants.csv", "availability_frac", "above the maximum"]),
    "called hours without a called season": ("plants.csv",
                                             lambda p: _edit(p, ",11-01,03-31,49.3,", ",,03-31,49.3,"),
                                             ["plants.csv", "line 7", "cogestar2", "called_start and called_end"]),
    "called day hours unreadable": ("plants.csv", lambda p: _edit(p, ",49.3,07-15;18-20,", ",49.3,7h-15h,"),
                                    ["plants.csv", "line 7", "called_day_hours", "HH-HH"]),
    "called and must-run": ("plants.csv", lambda p: _add_column(p, "must_run_start", {"cogestar2": "01-01"}),
                            ["plants.csv", "line 7", "both a must-run period and a called season"]),
}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_each_defect_is_named(lens_copy, defect):
    file, breaks, words = DEFECTS[defect]
    breaks(lens_copy / file)
    with pytest.raises(DataError) as info:
        load_network(lens_copy)
    message = str(info.value)
    for word in words:
        assert word in message, f"{defect}: {word!r} not in {message!r}"


def test_not_a_folder(tmp_path):
    with pytest.raises(DataError, match="not a folder"):
        load_network(tmp_path / "nothing")


def test_geojson_layers_replace_csv(lens_copy):
    """Nodes and pipes may come as GIS layers; lengths are measured in Lambert-93 when absent."""
    import geopandas as gpd
    from shapely.geometry import LineString, Point

    from heatnet.io.folder import read_table

    nodes = read_table(lens_copy, "nodes")
    pipes = read_table(lens_copy, "pipes")
    xy = {n.id: (n.lon, n.lat) for n in nodes.itertuples()}
    gpd.GeoDataFrame(nodes.drop(columns=["lon", "lat"]), geometry=[Point(xy[i]) for i in nodes["id"]],
                     crs="EPSG:4326").to_crs("EPSG:2154").to_file(lens_copy / "nodes.geojson")
    lines = gpd.GeoDataFrame(pipes.drop(columns=["length_m"]),
                             geometry=[LineString([xy[a], xy[b]]) for a, b in zip(pipes["from_node"], pipes["to_node"])],
                             crs="EPSG:4326")
    lines.to_file(lens_copy / "pipes.gpkg")
    (lens_copy / "nodes.csv").unlink()
    (lens_copy / "pipes.csv").unlink()
    net = load_network(lens_copy)
    # positions survive the round trip through Lambert-93 to well under a metre
    got = net.nodes.set_index("id")
    assert_allclose(got.loc["J_A1", ["lon", "lat"]].astype(float), xy["J_A1"], atol=1e-7)
    # measured lengths are straight lines: the reconstruction's route factor (about 1.2) is gone
    straight = net.pipes["length_m"].sum()
    assert 6000 < straight < 7500


PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.eE+-_ ni,\u00a0", max_size=7), max_size=4))
def test_numbers_read_at_once_are_the_plain_numbers_cell_by_cell(texts):
    """The whole-column check reads a column at once exactly when every cell matches the plain-number
    pattern, and to the values float() gives cell by cell (else the cell-by-cell path decides)."""
    at_once = _plain_numbers(texts)
    assert (at_once is not None) == all(PLAIN_NUMBER.fullmatch(t) for t in texts)
    if at_once is not None:
        assert at_once.tolist() == [float(t) for t in texts]


def test_csv_read_by_splitting_equals_the_csv_module(tmp_path):
    """The split path and the csv module's path give the same cells and lines (a quote sends a file to
    the csv module's path without changing its cells)."""
    plain = "id;kind\n\nA;junction\nB;delivery\n"
    (tmp_path / "plain.csv").write_text(plain)
    (tmp_path / "quoted.csv").write_text(plain.replace("A;", '"A";'))
    assert read_csv_columns(tmp_path / "plain.csv") == read_csv_columns(tmp_path / "quoted.csv") == (
        {"id": ["A", "B"], "kind": ["junction", "delivery"]}, [3, 4])


@pytest.mark.parametrize("rows", [3, 3000])  # a short table read by hand, a long one through Arrow
@pytest.mark.parametrize("quoted", [False, True])
def test_a_cell_over_the_limit_names_its_line(lens_copy, rows, quoted):
    header, first = (lens_copy / "nodes.csv").read_text().splitlines()[:2]
    cells = first.split(",")
    filler = [",".join([f"F{k}"] + cells[1:]) for k in range(rows)]
    huge = "x" * 140_000
    bad = ",".join(["HUGE", f'"{huge}"' if quoted else huge] + cells[2:])
    (lens_copy / "nodes.csv").write_text("\n".join([header, *filler, bad, *filler[:2]]) + "\n")
    with pytest.raises(DataError, match=rf"nodes.csv, line {rows + 2}: not readable as CSV .*131,072 characters"):
        read_csv_columns(lens_copy / "nodes.csv")
    with pytest.raises(DataError, match=rf"nodes.csv, line {rows + 2}: not readable as CSV"):
        load_network(lens_copy)
