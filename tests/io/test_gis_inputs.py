"""GIS import on hostile drawings (issue 14): reports and DataErrors, never a traceback, and fast enough."""

import json
import math
import random
import time

import pandas as pd
import pytest

from heatnet import cli
from heatnet.io.folder import DataError
from heatnet.io.gis import import_gis
from heatnet.io.gis.write import _csv_text
from tests.io.test_gis import at, pipe, point, rows_of, tree_layers, write


def test_a_substation_and_a_plant_that_connect_to_nothing_are_reported(tmp_path):
    pipes = write(tmp_path / "p.gpkg", [pipe("P1", 150, (0, 0), (100, 0)), pipe("P2", 65, (100, 0), (100, 50))])
    subs = write(tmp_path / "s.gpkg", [point("S1", 100, 50), point("FAR", 5000, 5000)])
    plants = write(tmp_path / "g.gpkg", [point("G", -3000, -3000)])
    result = import_gis(pipes, subs, plants)
    assert list(rows_of(result, "unconnected_substation")["feature"].str.contains("FAR")) == [True]
    assert len(rows_of(result, "unconnected_plant")) == 1
    assert not result.clean


def test_a_nan_vertex_is_named(tmp_path):
    x, y = at(0, 0)
    doc = {"type": "FeatureCollection",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
           "features": [{"type": "Feature", "properties": {"id": "P1", "dn_mm": 150},
                         "geometry": {"type": "LineString", "coordinates": [[x, y], [x + 100, y]]}},
                        {"type": "Feature", "properties": {"id": "P2", "dn_mm": 65},
                         "geometry": {"type": "LineString", "coordinates": [[x + 100, y], [math.nan, y + 50]]}}]}
    path = tmp_path / "nan.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")  # NaN written as the bare token GIS exports use
    with pytest.raises(DataError, match=r"nan.geojson, feature 2: coordinates cannot be placed"):
        import_gis(path)


def test_formula_ids_are_refused_and_formula_text_is_marked(tmp_path):
    rows = [pipe("P1", 150, (0, 0), (100, 0)), pipe('=HYPERLINK("http://x","y")', 65, (100, 0), (100, 50))]
    path = write(tmp_path / "f.gpkg", rows)
    with pytest.raises(DataError, match="would run as a formula"):
        import_gis(path)
    text = _csv_text(pd.DataFrame({"id": ["S1", "S2", "S3"], "name": ["=1+1", "-x", "-12.5"]}))
    assert text.splitlines()[1:] == ["S1,'=1+1", "S2,'-x", "S3,-12.5"]  # a negative number stays a number


def test_out_under_a_file_is_a_clear_error(tmp_path, capsys):
    pipes, subs, plants = tree_layers(tmp_path)
    (tmp_path / "file").write_text("x")
    code = cli.main(["import-gis", str(pipes), "--substations", str(subs), "--plants", str(plants),
                     "--out", str(tmp_path / "file" / "sub")])
    err = capsys.readouterr().err
    assert code == 2 and "is a file, not a folder" in err and "Errno" not in err, err


def test_twenty_thousand_crossing_lines(tmp_path):
    """Before: over 60 s (10,000 lines: 21 s). Measured in CPU time, so a busy machine does not fail it."""
    rng = random.Random(1)
    rows = []
    for i in range(20_000):
        x, y = rng.uniform(0, 5000), rng.uniform(0, 5000)
        rows.append(pipe(f"P{i}", 100, (x, y), (x + rng.uniform(-300, 300), y + rng.uniform(-300, 300))))
    path = write(tmp_path / "cross.gpkg", rows)
    plant = write(tmp_path / "g.gpkg", [point("G", 0, 0)])
    start = time.process_time()
    try:
        result = import_gis(path, plants_path=plant)
        assert len(result.pipes) > 20_000  # cut at the tees
    except DataError as exc:  # a piece shorter than the schema's minimum is named, which is an answer too
        assert "cross.gpkg, feature" in str(exc)
    assert time.process_time() - start < 45
