"""Plant availability as events: planned windows and forced outages drawn from a seed."""

import numpy as np
import pandas as pd
import pytest

from heatnet.model import outages
from heatnet.model.operation import OperationSettings, run_operation
from tests.model.test_dispatch import CO2, STATE

HOURS = 8784


def lens_year(**settings):
    return run_operation(STATE.substations, STATE.plants, OperationSettings(**settings), year=2016,
                         reference_dju=2622, co2_factors=CO2)


def test_each_draw_stops_the_plant_its_expected_hours():
    plant = pd.DataFrame({"id": ["lbe"], "availability_frac": [0.92], "mean_repair_h": [72.0]})
    masks = outages.availability_masks(plant, HOURS, 64, seed=3)
    down = ~masks[0]
    per_draw = down.mean(axis=1)
    assert np.all(np.abs(per_draw - 0.08) < 0.002)  # about 8 % of hours in each draw
    assert abs(per_draw.mean() - 0.08) < 0.005  # the mean over draws: the parameter
    # the stops move between draws (timing), and the same seed gives the same stops
    assert (down[0] != down[1]).any()
    np.testing.assert_array_equal(down, ~outages.availability_masks(plant, HOURS, 64, seed=3)[0])
    # about (8 % of the year) / 72 h = 10 stops a year
    starts = np.diff(down[0].astype(int), prepend=0) == 1
    assert 5 <= starts.sum() <= 10


def test_planned_window_is_the_same_every_draw_and_counts_in_the_availability():
    plant = pd.DataFrame({"id": ["b"], "availability_frac": [0.95], "maintenance_days": [10.0],
                          "maintenance_start": ["07-01"], "mean_repair_h": [48.0]})
    down = ~outages.availability_masks(plant, HOURS, 16, seed=0)[0]
    july = slice(181 * 24, 181 * 24 + 240)  # 1-10 July of a non-leap day count
    assert down[:, july].all()
    assert np.all(np.abs(down.mean(axis=1) - 0.05) < 0.002)
    with pytest.raises(ValueError, match="planned maintenance exceed"):
        outages.availability_masks(plant.assign(maintenance_days=30.0), HOURS, 4)


def test_average_year_lbe_stops_and_gas_replaces_it():
    """Acceptance: LBE at 92 %, reference climate. LBE is stopped about 8 % of the hours in each draw,
    the mean availability over draws is the parameter, and the gas burned in its stops is reported."""
    drawn = lens_year(dju=2622)
    assert drawn.draws == 64
    assert abs(drawn.availability_frac_realised["lbe"] - 0.92) < 0.005
    never_down = lens_year(dju=2622, availability_frac={"lbe": 1.0})
    assert never_down.availability_frac_realised["lbe"] == 1.0
    assert drawn.gas_mwh > never_down.gas_mwh + 1000  # LBE's stops cost gas
    assert drawn.co2_t > never_down.co2_t + 200
    assert drawn.renewable_frac_p10 < drawn.renewable_frac < drawn.renewable_frac_p90
    assert drawn.renewable_frac < never_down.renewable_frac - 0.03
    # the expected hourly production still meets the load every hour
    produced = drawn.hourly[list(drawn.plants["id"])].sum(axis=1) + drawn.hourly["unserved_kw"]
    np.testing.assert_allclose(produced, drawn.hourly["load_kw"] + drawn.hourly["losses_kw"], atol=1e-6)


def test_draws_are_reproducible_and_zero_draws_means_dated_stops_only():
    a, b = lens_year(dju=2622, outage_seed=1), lens_year(dju=2622, outage_seed=1)
    assert a.renewable_frac == b.renewable_frac
    assert lens_year(dju=2622, outage_seed=2).renewable_frac != a.renewable_frac
    dated = lens_year(dju=2483, outage_draws=0, outages=[{"plant_id": "lbe", "start": "2016-01-11",
                                                         "end": "2016-02-21"}])
    assert dated.renewable_frac_p10 == pytest.approx(dated.renewable_frac) == dated.renewable_frac_p90
    assert dated.availability_frac_realised["lbe"] == pytest.approx(1 - 42 / 366)


def test_one_realisation_is_its_draw_of_the_whole_set_and_the_mean_of_all_is_the_expected_year():
    """``only`` builds one draw's stops alone, equal to its row of the set; a year operated on each
    realisation k (``outage_realisation``) in turn averages to the expected year over the draws."""
    plant = pd.DataFrame({"id": ["lbe"], "availability_frac": [0.9], "mean_repair_h": [72.0],
                          "maintenance_days": [10.0], "maintenance_start": ["07-01"]})
    whole = outages.availability_masks(plant, HOURS, 16, seed=5)[0]
    for k in (0, 7, 15):
        np.testing.assert_array_equal(outages.availability_masks(plant, HOURS, 16, seed=5, only=k)[0], whole[k:k + 1])
    expected = lens_year(dju=2622, outage_draws=8, outage_seed=4)
    each = [lens_year(dju=2622, outage_draws=8, outage_seed=4, outage_realisation=k) for k in range(1, 9)]
    assert [e.draws for e in each] == [1] * 8
    np.testing.assert_array_equal([e.renewable_frac_draws[0] for e in each], expected.renewable_frac_draws)
    mean_heat = np.mean([e.heat_by_plant_mwh.to_numpy() for e in each], axis=0)
    np.testing.assert_allclose(mean_heat, expected.heat_by_plant_mwh.to_numpy(), rtol=1e-12)
    with pytest.raises(ValueError, match="not one of the 8 outage draws"):
        OperationSettings(outage_draws=8, outage_realisation=9)


def test_totals_without_the_hourly_tables_are_the_same_figures():
    full, lean = lens_year(dju=2622), run_operation(STATE.substations, STATE.plants, OperationSettings(dju=2622),
                                                    year=2016, reference_dju=2622, co2_factors=CO2, tables=False)
    assert lean.hourly is None and lean.monthly_mwh is None and lean.load_duration_kw is None
    assert lean.summary() == full.summary() and lean.plant_figures() == full.plant_figures()


def test_plant_rows_read_the_columns_values():
    """One object array for the whole table gives each cell the value and type of its column's tolist:
    floats, ints, booleans, strings and missing values alike."""
    table = pd.DataFrame({"id": pd.array(["a", None, "c"], dtype="str"), "note": ["x", None, "z"],
                          "capacity_kw": [1.0, np.nan, 3.5], "merit_order": [1, 2, 3], "renewable": [True, False, True],
                          "commissioned_year": pd.array([2001, None, 2013], dtype="Int64"),
                          "retired_year": [None, 2020, None]})
    rows = outages.plant_rows(table)
    for column in table.columns:
        expected = table[column].tolist()
        got = [getattr(row, column) for row in rows]
        assert [type(v) for v in got] == [type(v) for v in expected]
        assert all((pd.isna(g) and pd.isna(e)) if pd.isna(e) else g == e for g, e in zip(got, expected))


def test_ranges_set_at_once_are_the_slices_set_one_by_one():
    """The drawn stops go into the year in one assignment: the same hours as each stop's slice."""
    rng = np.random.default_rng(7)
    for _ in range(200):
        rows, hours, k = int(rng.integers(1, 6)), int(rng.integers(1, 300)), int(rng.integers(1, 8))
        starts = rng.integers(0, hours + 5, (rows, k))
        ends = starts + rng.integers(0, 40, (rows, k))  # empty ranges and ranges past the year's end
        expected = np.zeros((rows, hours), bool)
        for row in range(rows):
            for first, last in zip(starts[row], ends[row]):
                expected[row, first:last] = True
        got = np.zeros((rows, hours), bool)
        outages._set_ranges(got, starts, ends)
        np.testing.assert_array_equal(got, expected)
