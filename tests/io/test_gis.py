"""GIS import and export: real files written with geopandas, read back through heatnet.io.gis."""

import json
import math
import os
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from heatnet.io.folder import DataError, load_network
from heatnet.io.gis import KINDS, export_gis, import_gis, write_network_folder
from tests.conftest import LENS, ROOT

EXAMPLE = ROOT / "examples" / "gis"
X0, Y0 = 652_000.0, 6_862_000.0  # Lambert-93 origin of the test networks (Paris area)
TO_WGS84 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


def at(x, y):
    return X0 + x, Y0 + y


def line(*points):
    return LineString([at(*p) for p in points])


def write(path, rows, crs="EPSG:2154", layer=None):
    """Write ``rows`` (dicts with a geometry) to ``path`` in ``crs`` (rows are in Lambert-93)."""
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:2154")
    if crs != "EPSG:2154":
        frame = frame.to_crs(crs)
    frame.to_file(path, layer=layer, engine="pyogrio")
    return path


def pipe(pid, dn, *points):
    return {"id": pid, "dn_mm": dn, "geometry": line(*points)}


def point(pid, x, y, **attrs):
    return {"id": pid, "geometry": Point(at(x, y)), **attrs}


def tree_layers(tmp_path, extra_pipes=(), extra_subs=(), name="net"):
    """Plant -- J (100 m) -- two services to S1 and S2; returns the three paths."""
    pipes = [pipe("P1", 150, (0, 0), (100, 0)), pipe("P2", 65, (100, 0), (100, 50)),
             pipe("P3", 65, (100, 0), (160, 0)), *extra_pipes]
    subs = [point("S1", 100, 50), point("S2", 160, 0), *extra_subs]
    return (write(tmp_path / f"{name}_pipes.gpkg", pipes), write(tmp_path / f"{name}_subs.gpkg", subs),
            write(tmp_path / f"{name}_plants.gpkg", [point("G", 0, 0)]))


def rows_of(result, kind):
    return result.report[result.report["kind"] == kind]


def assert_at(row, x, y, tol_m=1e-3):
    assert row["x_l93"] == pytest.approx(X0 + x, abs=tol_m) and row["y_l93"] == pytest.approx(Y0 + y, abs=tol_m)
    lon, lat = TO_WGS84.transform(X0 + x, Y0 + y)
    assert row["lon"] == pytest.approx(lon, abs=1e-7) and row["lat"] == pytest.approx(lat, abs=1e-7)


def edges(pipes):
    return {frozenset(p) for p in zip(pipes["from_node"], pipes["to_node"])}


# ---------------------------------------------------------------- a clean network

def test_clean_tree_gives_the_graph_oriented_from_the_plant(tmp_path):
    result = import_gis(*tree_layers(tmp_path))
    assert result.clean and result.report.empty
    assert result.plant_node == "N0001"
    assert list(result.pipes["from_node"]) == ["N0001", "N0002", "N0002"]
    assert list(result.pipes["length_m"]) == pytest.approx([100, 50, 60])
    assert dict(zip(result.nodes["id"], result.nodes["kind"])) == {
        "N0001": "plant_site", "N0002": "junction", "N0003": "delivery", "N0004": "delivery"}
    assert dict(zip(result.substations["id"], result.substations["node_id"])) == {"S1": "N0003", "S2": "N0004"}


# ---------------------------------------------------------------- defects, one file each

def test_dangling_end_is_reported_at_the_pipe_end(tmp_path):
    result = import_gis(*tree_layers(tmp_path, extra_pipes=[pipe("P4", 50, (100, 0), (100, -40))]))
    (_, row), = rows_of(result, "dangling_end").iterrows()
    assert row["severity"] == "defect" and "P4" in row["feature"] and row["file"] == "net_pipes.gpkg"
    assert_at(row, 100, -40)
    assert not result.clean


def test_unconnected_substation_is_reported_at_the_point(tmp_path):
    result = import_gis(*tree_layers(tmp_path, extra_subs=[point("S3", 40, 30)]))
    (_, row), = rows_of(result, "unconnected_substation").iterrows()
    assert "S3" in row["feature"] and row["file"] == "net_subs.gpkg" and "30.0 m from pipe P1" in row["message"]
    assert_at(row, 40, 30)
    node = result.substations.set_index("id").loc["S3", "node_id"]
    assert result.nodes.set_index("id").loc[node, "kind"] == "delivery"  # an isolated node at the point


def test_duplicate_pipe_is_reported_at_its_middle_and_left_out(tmp_path):
    copy = pipe("P3bis", 65, (160, 0.3), (100, 0.2))  # the same route, drawn backwards, 0.3 m off
    result = import_gis(*tree_layers(tmp_path, extra_pipes=[copy]))
    (_, row), = rows_of(result, "duplicate_pipe").iterrows()
    assert "P3bis" in row["feature"] and "P3" in row["message"]
    assert_at(row, 130, 0.25)
    assert list(result.pipes["id"]) == ["P1", "P2", "P3"]


def test_disconnected_part_is_reported_where_it_comes_closest(tmp_path):
    island = [pipe("Q1", 50, (300, 0), (400, 0)), pipe("Q2", 50, (400, 0), (400, 80))]
    result = import_gis(*tree_layers(tmp_path, extra_pipes=island))
    (_, row), = rows_of(result, "disconnected_part").iterrows()
    assert "Q1" in row["feature"] and "Q2" in row["feature"] and "2 pipes, 180.0 m" in row["message"]
    assert_at(row, 300, 0)  # the island's node nearest the plant's part (S2's end at 160 m)
    assert "140.0 m from node" in row["message"]
    assert len(rows_of(result, "dangling_end")) == 2


def test_zero_length_closed_and_empty_features_are_left_out(tmp_path):
    extra = [pipe("Z", 50, (160, 0), (160.2, 0)),
             pipe("R", 50, (100, 50), (120, 80), (90, 80), (100, 50.5)),
             {"id": "E", "dn_mm": 50, "geometry": None}]
    result = import_gis(*tree_layers(tmp_path, extra_pipes=extra))
    kinds = dict(zip(result.report["kind"], result.report["feature"]))
    assert "id Z" in kinds["zero_length_pipe"] and "id R" in kinds["closed_pipe"]
    assert "id E" in kinds["empty_geometry"]
    assert list(result.pipes["id"]) == ["P1", "P2", "P3"]
    assert_at(rows_of(result, "zero_length_pipe").iloc[0], 160, 0)


def test_length_attribute_far_from_the_geometry_is_a_warning(tmp_path):
    rows = [dict(pipe("P1", 150, (0, 0), (100, 0)), longueur=130.0),
            dict(pipe("P2", 150, (100, 0), (200, 0)), longueur=102.0)]
    path = write(tmp_path / "p.geojson", rows)
    result = import_gis(path, plant_node="N0001")
    (_, row), = rows_of(result, "length_mismatch").iterrows()
    assert row["severity"] == "warning" and "P1" in row["feature"] and "130.0" in row["message"]
    assert_at(row, 50, 0)
    assert list(result.pipes["length_m"]) == pytest.approx([100, 100])
    kept = import_gis(path, plant_node="N0001", lengths="attribute")
    assert list(kept.pipes["length_m"]) == pytest.approx([130, 102])


def test_a_tee_drawn_without_a_vertex_splits_the_pipe(tmp_path):
    rows = [pipe("M", 150, (0, 0), (200, 0)), pipe("B", 65, (80, 60), (80, 0.4))]
    path = write(tmp_path / "tee.gpkg", rows)
    result = import_gis(path, plant_node="N0001")
    assert set(result.pipes["id"]) == {"M-1", "M-2", "B"}
    assert result.pipes.set_index("id")["length_m"].to_dict() == pytest.approx({"M-1": 80, "M-2": 120, "B": 59.6})
    assert_at(rows_of(result, "pipe_split").iloc[0], 80, 0.4)
    assert rows_of(result, "dangling_end").shape[0] == 2  # the ends of M-2 and B
    unsplit = import_gis(path, plant_node="N0001", split_tees=False)
    assert len(unsplit.pipes) == 2 and len(rows_of(unsplit, "disconnected_part")) == 1


def test_parallel_pipes_and_multipart_lines(tmp_path):
    rows = [pipe("A", 100, (0, 0), (100, 0)), pipe("B", 100, (0, 0), (50, 40), (100, 0)),
            {"id": "C", "dn_mm": 80, "geometry": MultiLineString([[at(100, 0), at(150, 0)],
                                                                  [at(150, 0), at(150, 30)]])},
            {"id": "D", "dn_mm": 80, "geometry": MultiLineString([[at(150, 30), at(150, 60)],
                                                                  [at(150, 90), at(150, 120)]])}]
    result = import_gis(write(tmp_path / "m.gpkg", rows), plant_node="N0001")
    assert set(result.pipes["id"]) == {"A", "B-1", "B-2", "C", "D-1", "D-2"}
    assert result.pipes.set_index("id").loc["C", "length_m"] == pytest.approx(80)
    assert {"parallel_pipe", "multipart_pipe"} <= set(result.report["kind"])
    assert len(edges(result.pipes)) == len(result.pipes)


def test_node_ids_from_points_and_pipe_attributes(tmp_path):
    rows = [dict(pipe("P1", 150, (0, 0), (100, 0)), from_node="PLANT", to_node="J"),
            dict(pipe("P2", 65, (100, 0), (100, 50)), from_node="J", to_node="X")]
    paths = (write(tmp_path / "p.gpkg", rows), write(tmp_path / "s.gpkg", [point("S1", 100, 50.5, node_id="HOUSE")]),
             write(tmp_path / "g.gpkg", [point("G", 0, 0)]))
    result = import_gis(*paths)
    assert set(result.nodes["id"]) == {"PLANT", "J", "HOUSE"} and result.plant_node == "PLANT"
    (_, row), = rows_of(result, "node_id_conflict").iterrows()
    assert "HOUSE" in row["message"] and "X" in row["message"]


# ---------------------------------------------------------------- snapping

@pytest.mark.parametrize("tolerance_m, joined", [(1.0, True), (0.1, False)])
def test_ends_half_a_metre_apart_join_with_one_metre_only(tmp_path, tolerance_m, joined):
    rows = [pipe("P1", 100, (0, 0), (100, 0)), pipe("P2", 100, (100.5, 0), (200, 0))]
    result = import_gis(write(tmp_path / "gap.gpkg", rows), plant_node="N0001", tolerance_m=tolerance_m)
    dangling = rows_of(result, "dangling_end")
    if joined:
        assert len(result.nodes) == 3 and result.pipes["to_node"].iloc[0] == result.pipes["from_node"].iloc[1]
        assert result.nodes.set_index("id").loc["N0002", "x_l93"] == pytest.approx(X0 + 100.25)
        assert_at(dangling.iloc[0], 200, 0)
        assert len(dangling) == 1
    else:
        assert len(result.nodes) == 4 and len(rows_of(result, "disconnected_part")) == 1
        gap = dangling[dangling["x_l93"] < X0 + 150]
        assert sorted(gap["x_l93"] - X0) == pytest.approx([100, 100.5])
        assert all("0.50 m away" in m for m in gap["message"])


def test_a_point_a_few_metres_from_a_free_pipe_end_is_connected(tmp_path):
    paths = tree_layers(tmp_path, extra_subs=[])
    write(paths[1], [point("S1", 103, 50), point("S2", 160, 4)])
    result = import_gis(*paths)
    assert result.clean
    assert result.substations["distance_m"].tolist() == pytest.approx([3, 4])
    strict = import_gis(*paths, connect_tolerance_m=0.5)
    assert len(rows_of(strict, "unconnected_substation")) == 2


# ---------------------------------------------------------------- formats and CRS

def test_same_network_in_three_formats_and_crs_gives_the_same_graph(tmp_path):
    pipes = [pipe("P1", 150, (0, 0), (60, 40), (100, 0)), pipe("P2", 65, (100, 0), (130, 70)),
             pipe("P3", 65, (100, 0), (260, -10), (300, 0)), pipe("P4", 50, (300, 0), (300, 80))]
    subs = [point("S1", 130, 70), point("S2", 300, 80)]
    results = []
    for suffix, crs in ((".geojson", "EPSG:4326"), (".gpkg", "EPSG:3857"), (".shp", "EPSG:2154")):
        folder = tmp_path / suffix[1:]
        folder.mkdir()
        paths = (write(folder / f"pipes{suffix}", pipes, crs), write(folder / f"subs{suffix}", subs, crs),
                 write(folder / f"plants{suffix}", [point("G", 0, 0)], crs))
        results.append(import_gis(*paths))
    first = results[0]
    assert first.clean
    for other in results[1:]:
        assert list(other.nodes["id"]) == list(first.nodes["id"])
        assert np.allclose(other.nodes[["x_l93", "y_l93"]], first.nodes[["x_l93", "y_l93"]], atol=0.01)
        assert other.pipes[["id", "from_node", "to_node", "dn_mm"]].equals(first.pipes[["id", "from_node", "to_node",
                                                                                       "dn_mm"]])
        assert np.allclose(other.pipes["length_m"], first.pipes["length_m"], rtol=1e-3, atol=0.01)
    expected = [math.hypot(60, 40) + math.hypot(40, 40), math.hypot(30, 70),
                math.hypot(160, 10) + math.hypot(40, 10), 80]
    assert list(results[2].pipes["length_m"]) == pytest.approx(expected, abs=0.01)


# ---------------------------------------------------------------- round trips

def test_lens_round_trip_through_a_geopackage(tmp_path):
    from heatnet.model.network import build_graph
    from heatnet.scenarios import initial_state

    lens = load_network(LENS)
    export = export_gis(lens, tmp_path / "lens.gpkg")
    assert export.layers == {"nodes": 55, "pipes": 54, "substations": 37, "plants": 6} and not export.skipped
    result = import_gis(tmp_path / "lens.gpkg", base=LENS)
    assert result.clean and result.plant_node == "PLANT"
    write_network_folder(result, tmp_path / "out")
    net = load_network(tmp_path / "out")
    assert edges(net.pipes) == edges(lens.pipes)  # node ids come back from the pipes' from_node / to_node
    assert dict(zip(net.substations["id"], net.substations["node_id"])) == dict(
        zip(lens.substations["id"], lens.substations["node_id"]))
    back = net.pipes.set_index("id").loc[lens.pipes["id"]]
    assert (back["dn_mm"].to_numpy() == lens.pipes["dn_mm"].to_numpy()).all()
    # Lengths are measured on the geometry: the straight lines between Lens's node positions.
    xy = dict(zip(result.nodes["id"], zip(result.nodes["x_l93"], result.nodes["y_l93"])))
    straight = [math.dist(xy[a], xy[b]) for a, b in zip(lens.pipes["from_node"], lens.pipes["to_node"])]
    assert back["length_m"].to_numpy() == pytest.approx(straight, rel=5e-3)
    # Lens's CSV lengths are the straight lines times one route factor set by hand (reconstruct_layout.py):
    # the ratios agree with each other, not with 1; the length attribute written by the export keeps them.
    ratio = lens.pipes["length_m"].to_numpy() / back["length_m"].to_numpy()
    assert ratio == pytest.approx(np.median(ratio), rel=5e-3) and 1.15 < np.median(ratio) < 1.25
    assert len(rows_of(result, "length_mismatch")) == 54
    kept = import_gis(tmp_path / "lens.gpkg", base=LENS, lengths="attribute")
    assert kept.pipes.set_index("id").loc[lens.pipes["id"], "length_m"].to_numpy() == pytest.approx(
        lens.pipes["length_m"].to_numpy(), rel=5e-3)
    state = initial_state(net, 2016)
    graph = build_graph(state.nodes, state.pipes, state.substations, net.params["plant_node"])
    assert graph.unreachable_substations() == []


def test_lens_round_trip_without_node_names_maps_by_position(tmp_path):
    lens = load_network(LENS)
    export_gis(lens, tmp_path / "lens.gpkg")
    pipes = gpd.read_file(tmp_path / "lens.gpkg", layer="pipes")[["id", "dn_mm", "branch", "geometry"]]
    pipes.to_file(tmp_path / "pipes.shp")
    subs = gpd.read_file(tmp_path / "lens.gpkg", layer="substations").drop(columns=["node_id"])
    result = import_gis(tmp_path / "pipes.shp", write_gdf(subs, tmp_path / "subs.geojson"),
                        write_gdf(gpd.read_file(tmp_path / "lens.gpkg", layer="plants"), tmp_path / "plants.gpkg"),
                        base=LENS)
    assert result.clean and result.nodes["id"].str.fullmatch(r"N\d{4}|PLANT|N_14").all()
    old = lens.nodes.set_index("id")
    new = result.nodes.set_index("id")
    to_l93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    ox, oy = to_l93.transform(old["lon"].to_numpy(), old["lat"].to_numpy())
    from scipy.spatial import cKDTree

    _, nearest = cKDTree(new[["x_l93", "y_l93"]].to_numpy()).query(np.column_stack([ox, oy]))
    mapping = dict(zip(old.index, new.index[nearest]))
    assert len(set(mapping.values())) == len(mapping)
    mapped = {frozenset((mapping[a], mapping[b])) for a, b in zip(lens.pipes["from_node"], lens.pipes["to_node"])}
    assert mapped == edges(result.pipes)
    write_network_folder(result, tmp_path / "out")
    net = load_network(tmp_path / "out")
    assert {s: mapping[n] for s, n in zip(lens.substations["id"], lens.substations["node_id"])} == dict(
        zip(net.substations["id"], net.substations["node_id"]))


def write_gdf(frame, path):
    frame.to_file(path, engine="pyogrio")
    return path


def test_example_round_trip_keeps_the_routes(tmp_path):
    from heatnet.model.network import build_graph
    from heatnet.scenarios import initial_state

    result = import_gis(EXAMPLE / "exemple.gpkg", base=EXAMPLE / "base")
    assert result.clean and result.report.empty and len(result.pipes) == 15 and len(result.substations) == 8
    drawn = gpd.read_file(EXAMPLE / "exemple.gpkg", layer="pipes").set_index("id")["longueur"]
    assert result.pipes.set_index("id")["length_m"].to_dict() == pytest.approx(drawn.to_dict(), abs=0.06)
    write_network_folder(result, tmp_path / "ex")
    net = load_network(tmp_path / "ex")
    state = initial_state(net, 2024)
    assert build_graph(state.nodes, state.pipes, state.substations, net.params["plant_node"]).total_length_m == \
        pytest.approx(drawn.sum(), abs=0.5)
    export_gis(tmp_path / "ex", tmp_path / "ex.geojson")
    again = import_gis(tmp_path / "ex_pipes.geojson", tmp_path / "ex_substations.geojson",
                       tmp_path / "ex_plants.geojson")
    assert again.clean
    assert edges(again.pipes) == edges(net.pipes)
    assert again.pipes.set_index("id")["length_m"].to_dict() == pytest.approx(
        net.pipes.set_index("id")["length_m"].to_dict(), abs=0.01)  # the bends are kept (pipes_routes.gpkg)


# ---------------------------------------------------------------- bad input

def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="nowhere.gpkg: file not found"):
        import_gis(tmp_path / "nowhere.gpkg")


def test_layer_without_crs_is_refused_unless_given(tmp_path):
    path = write(tmp_path / "nocrs.shp", [pipe("P1", 100, (0, 0), (100, 0))])
    path.with_suffix(".prj").unlink()
    with pytest.raises(DataError, match=r"nocrs.shp: the layer has no coordinate reference system"):
        import_gis(path)
    assert import_gis(path, crs="EPSG:2154").pipes["length_m"].tolist() == pytest.approx([100])


def test_a_wrong_crs_is_named(tmp_path):
    path = write(tmp_path / "nocrs.shp", [pipe("P1", 100, (0, 0), (100, 0))])
    path.with_suffix(".prj").unlink()
    with pytest.raises(DataError, match=r"nocrs.shp, feature 1: coordinates cannot be placed in Lambert-93"):
        import_gis(path, crs="EPSG:4326")


def test_polygon_in_the_pipe_layer(tmp_path):
    rows = [pipe("P1", 100, (0, 0), (100, 0)),
            {"id": "X", "dn_mm": 100, "geometry": Polygon([at(0, 0), at(10, 0), at(10, 10)])}]
    with pytest.raises(DataError, match=r"bad.geojson, feature 2: expected LineString or MultiLineString "
                                        r"geometries, found Polygon"):
        import_gis(write(tmp_path / "bad.geojson", rows))


@pytest.mark.parametrize("dn, words", [
    (-100, "feature 2 (id P2), column 'dn_mm': -100 is below the minimum 10 mm"),
    (None, "feature 2 (id P2), column 'dn_mm': empty cell: expected the nominal diameter in mm"),
    ("grand", "feature 2 (id P2), column 'dn_mm': expected the nominal diameter in mm (150, DN150), found 'grand'"),
])
def test_bad_diameter_names_the_file_and_feature(tmp_path, dn, words):
    rows = [pipe("P1", "100", (0, 0), (100, 0)), pipe("P2", dn, (100, 0), (200, 0))]
    with pytest.raises(DataError) as error:
        import_gis(write(tmp_path / "dn.gpkg", rows))
    assert str(error.value) == "dn.gpkg, " + words


def test_diameter_column_names_and_mapping(tmp_path):
    rows = [{"id": "P1", "DIAM": "DN150", "geometry": line((0, 0), (100, 0))}]
    path = write(tmp_path / "p.gpkg", rows)
    with pytest.raises(DataError, match=r"p.gpkg: no diameter column: expected one of \['dn_mm', 'dn', 'diametre'"):
        import_gis(path)
    assert import_gis(path, columns={"dn_mm": "DIAM"}).pipes["dn_mm"].tolist() == [150]
    with pytest.raises(DataError, match=r"p.gpkg: unknown column mapping key 'diameter'; allowed keys"):
        import_gis(path, columns={"diameter": "DIAM"})
    with pytest.raises(DataError, match=r"p.gpkg: column 'DN' \(mapped to dn_mm\) is not in the layer; its "
                                        r"columns: \['id', 'DIAM'\]"):
        import_gis(path, columns={"dn_mm": "DN"})


def test_output_folder_is_not_replaced_without_force(tmp_path):
    result = import_gis(*tree_layers(tmp_path))
    out = tmp_path / "out"
    written = write_network_folder(result, out)
    assert {p.name for p in written} >= {"nodes.csv", "pipes.csv", "substation_nodes.csv", "import_report.csv"}
    (out / "nodes.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(DataError, match=r"out: the output folder exists and is not empty .*--force"):
        write_network_folder(result, out)
    assert (out / "nodes.csv").read_text(encoding="utf-8") == "mine"
    write_network_folder(result, out, overwrite=True)
    assert (out / "nodes.csv").read_text(encoding="utf-8").startswith("id,kind,lon,lat,reconstructed")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # no temporary folder left
    export_gis(LENS, tmp_path / "lens.gpkg")
    with pytest.raises(DataError, match="lens.gpkg: the file exists"):
        export_gis(LENS, tmp_path / "lens.gpkg")


# ---------------------------------------------------------------- command line

def heatnet(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "heatnet", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_cli_import_then_check(tmp_path):
    out = heatnet("import-gis", EXAMPLE / "exemple.gpkg", "--base", EXAMPLE / "base", "--out", tmp_path / "ex")
    assert out.returncode == 0, out.stderr
    assert "0 defects, 0 warnings: clean" in out.stdout and "check of" in out.stderr
    check = heatnet("check", tmp_path / "ex")
    assert check.returncode == 0, check.stderr
    again = heatnet("import-gis", EXAMPLE / "exemple.gpkg", "--base", EXAMPLE / "base", "--out", tmp_path / "ex")
    assert again.returncode == 2 and "--force" in again.stderr and "Traceback" not in again.stderr


def test_cli_defects_exit_1_with_a_json_report(tmp_path):
    paths = tree_layers(tmp_path, extra_subs=[point("S3", 40, 30)])
    out = heatnet("import-gis", paths[0], "--substations", paths[1], "--plants", paths[2], "--json")
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert not data["clean"] and data["summary"]["defects"] == 1
    assert data["report"][0]["kind"] == "unconnected_substation"


def test_cli_export_and_user_error(tmp_path):
    out = heatnet("export-gis", LENS, tmp_path / "lens.gpkg")
    assert out.returncode == 0 and "pipes 54" in out.stdout
    bad = heatnet("import-gis", tmp_path / "nowhere.geojson")
    assert bad.returncode == 2 and "nowhere.geojson: file not found" in bad.stderr and bad.stdout == ""
    column = heatnet("import-gis", tmp_path / "lens.gpkg", "--column", "dn_mm=NOPE")
    assert column.returncode == 2 and "'NOPE' (mapped to dn_mm) is not in the layer" in column.stderr


# ---------------------------------------------------------------- documentation

def test_gis_page_documents_every_report_kind_and_command():
    text = (ROOT / "docs" / "gis.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"`{kind}`" in text, kind
    assert "heatnet import-gis" in text and "heatnet export-gis" in text
    assert "docs/gis.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert (EXAMPLE / "README.md").exists()


# ---------------------------------------------------------------- staging folders: none left behind

def _hidden(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_a_failing_import_leaves_no_staging_folder(tmp_path, monkeypatch, error):
    """Issue 14: whatever stops a write (an error, Ctrl-C), its staging folder goes and no output appears."""
    import heatnet.io.gis.write as gis_write

    result = import_gis(*tree_layers(tmp_path))
    contents = gis_write.folder_contents(result)

    def fail(path):
        path.write_text("half", encoding="utf-8")
        raise error

    monkeypatch.setattr(gis_write, "folder_contents", lambda r: {**contents, "zz_last.csv": fail})
    with pytest.raises(type(error)):
        write_network_folder(result, tmp_path / "out")
    assert _hidden(tmp_path) == [] and not (tmp_path / "out").exists()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "nodes.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(type(error)):  # onto an existing folder: its files stay as they were
        write_network_folder(result, tmp_path / "out", overwrite=True)
    assert _hidden(tmp_path) == [] and (tmp_path / "out" / "nodes.csv").read_text(encoding="utf-8") == "mine"


def test_the_staging_folder_of_a_killed_import_goes_with_the_next_one(tmp_path):

    from heatnet.io.write import staging_dir

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    killed = staging_dir(tmp_path, "out")  # what a killed import leaves: its pid is in the name
    (killed / "nodes.csv").write_text("half", encoding="utf-8")
    killed = killed.rename(tmp_path / killed.name.replace(f".{os.getpid()}.", f".{dead.stdout.strip()}."))
    running = staging_dir(tmp_path, "other")  # a live process's (this one's): left alone
    write_network_folder(import_gis(*tree_layers(tmp_path)), tmp_path / "out")
    assert not killed.exists() and running.is_dir()
    assert _hidden(tmp_path) == [running.name]
