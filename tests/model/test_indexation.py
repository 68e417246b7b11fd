"""Tariff revision formulas (heatnet.model.indexation) on the Lens data and on hand-made series."""

import datetime as dt

import pandas as pd
import pytest

from heatnet.io.errors import DataError
from heatnet.io.folder import load_network
from heatnet.model import indexation as ix
from heatnet.model import tariffs as tf
from tests.conftest import LENS

NET = load_network(LENS)
BASE = dt.date(2016, 1, 1)
R1 = tf.r1_at(NET.tariffs_r1, NET.mix_weights, BASE)
R2 = tf.r2_at(NET.tariffs_r2, BASE)


def test_every_ratio_at_one_gives_the_contract_exactly():
    ratios, notes = ix.index_ratios(NET.indices, 2016, 2016)
    assert set(ratios.values()) == {1.0} and notes == []
    revised = ix.revised_tariffs(R1, R2, ix.revision_coefficients(NET.indexation, ratios))
    assert revised["r1_eur_per_mwh"] == R1.total_eur_per_mwh  # 40.951 + 0.157 + 0.632 (study 002 §3.1.8)
    assert revised["r1_eur_per_mwh"] == pytest.approx(41.74)
    assert revised["r2"] == R2.components_eur_per_kw
    assert revised["r2_eur_per_kw"] == pytest.approx(26.67)


def test_a_path_on_one_index_moves_only_the_terms_that_use_it():
    ratios, notes = ix.index_ratios(NET.indices, 2016, 2020, paths={"works": 0.02})
    assert ratios["works"] == pytest.approx(1.02 ** 4)
    assert all(r == 1.0 for name, r in ratios.items() if name != "works")
    assert {n["index"]: n["how"] for n in notes}["works"] == "path"
    coefficients = ix.revision_coefficients(NET.indexation, ratios)
    users = set(NET.indexation.loc[NET.indexation["index"] == "works", "term"])
    assert users == {"r2_3"}
    for term, k in coefficients.items():
        if term in users:
            assert k == pytest.approx(0.15 + 0.85 * 1.02 ** 4)
        else:
            assert k == 1.0, term
    revised = ix.revised_tariffs(R1, R2, coefficients)
    assert revised["r1_eur_per_mwh"] == R1.total_eur_per_mwh
    assert revised["r2"]["r2_3"] == pytest.approx(2.341 * (0.15 + 0.85 * 1.02 ** 4))
    assert {c: u for c, u in revised["r2"].items() if c != "r2_3"} == \
        {c: u for c, u in R2.components_eur_per_kw.items() if c != "r2_3"}


def test_published_values_win_over_the_path_and_the_last_value_is_held_without_one():
    series = {"bt40": {2016: 100.0, 2018: 110.0}}
    assert ix.index_ratios(series, 2016, 2018, {"bt40": 0.5})[0]["bt40"] == pytest.approx(1.10)
    ratios, notes = ix.index_ratios(series, 2016, 2020)
    assert ratios["bt40"] == pytest.approx(1.10) and notes[0]["how"] == "held"
    assert ix.index_ratios(series, 2016, 2020, {"bt40": {2019: 0.1}})[0]["bt40"] == pytest.approx(1.21)


def test_coefficients_that_do_not_sum_to_one_are_a_data_error(lens_copy):
    path = lens_copy / "indexation.csv"
    text = path.read_text(encoding="utf-8").replace("r2_3,works,0.85,", "r2_3,works,0.80,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_network(lens_copy)
    assert "indexation.csv" in str(err.value) and "r2_3" in str(err.value) and "sum to 0.95" in str(err.value)


def test_an_unknown_index_names_the_file_line_and_column(lens_copy):
    path = lens_copy / "indexation.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("r2_3,works,", "r2_3,bt40,"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_network(lens_copy)
    assert err.value.line is not None and err.value.column == "index" and "'bt40'" in str(err.value)


def test_formulas_table_is_one_row_per_term():
    wide = ix.formulas_table(NET.indexation)
    assert list(wide.index[:2]) == ["r1_energy", "r1_co2"]
    assert wide.sum(axis=1).round(9).eq(1.0).all()
    assert isinstance(wide, pd.DataFrame)
