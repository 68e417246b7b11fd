"""Demand and dispatch: the hourly merit order, its optimality, the plants' contracts."""

import numpy as np
import pandas as pd
import pytest

from heatnet.model import demand
from heatnet.model import dispatch
from heatnet.io.folder import load_network
from heatnet.model.economics import load_references
from heatnet.model.operation import OperationSettings, plants_in_service, run_operation
from heatnet.scenarios import initial_state
from tests.conftest import LENS

NET = load_network(LENS)
STATE = initial_state(NET, 2016)
REFS = load_references()
CO2 = dict(zip(REFS["co2"]["fuel"], REFS["co2"]["kg_co2_per_kwh"]))


def lens_year(**settings):
    return run_operation(STATE.substations, STATE.plants, OperationSettings(**settings), year=2016,
                         reference_dju=2622, co2_factors=CO2)


def test_demand_conserves_annual_heat_and_reports_peaks():
    op = lens_year(dju=2483)
    assert op.hourly["load_kw"].sum() / 1000 == pytest.approx(STATE.substations["heat_mwh"].sum())
    # losses make sales / production the network efficiency
    assert op.sales_mwh / op.heat_input_mwh == pytest.approx(0.90)
    peaks = op.peaks.set_index("id")
    # the hospital (35 % base load) peaks well under its 8,725 kW subscribed
    assert 0.3 < peaks.loc["14", "peak_frac_of_subscribed"] < 1.0


def test_base_load_share_by_category():
    profiles = demand.read_profiles()
    assert profiles["health"] > profiles["social_housing"] > 0
    subs = pd.DataFrame({"id": ["a", "b"], "category": ["health", "education"], "heat_mwh": [876.0, 876.0],
                         "subscribed_kw": [200.0, 500.0]})
    summer = np.full(8760, 25.0)  # no heating at all: only the base load remains
    load, _ = demand.network_load_kw(subs, np.where(np.arange(8760) < 24, 0.0, summer), profiles)
    assert load[100] == pytest.approx((876 * profiles["health"] + 876 * profiles["education"]) * 1000 / 8760)


def test_lbe_contract_and_outages():
    plants = plants_in_service(NET.plants, 2016)
    caps, index = dispatch.available_capacity_kw(plants, 2016)
    lbe = caps[list(plants["id"]).index("lbe")]
    # availability is stops drawn per draw (heatnet.model.outages), not a derate: a running LBE gives 13 MW
    assert lbe.min() == lbe.max() == pytest.approx(13000)
    caps, index = dispatch.available_capacity_kw(plants, 2016, contract_minimum_only=True)
    lbe = pd.Series(caps[list(plants["id"]).index("lbe")], index=index)
    assert lbe["2016-01-15"].max() == pytest.approx(11500) and lbe["2016-07-15"].max() == 1500
    assert lbe["2016-11-01 00:00"] == pytest.approx(11500) and lbe["2016-10-31 23:00"] == 1500
    caps, index = dispatch.available_capacity_kw(plants, 2016, outages=[("lbe", "2016-02-01", "2016-02-03")])
    lbe = pd.Series(caps[list(plants["id"]).index("lbe")], index=index)
    assert (lbe["2016-02-01":"2016-02-03"] == 0).all() and lbe["2016-02-04 00:00"] > 0
    with pytest.raises(ValueError, match="unknown plant"):
        dispatch.available_capacity_kw(plants, 2016, outages=[("nope", "2016-02-01", "2016-02-03")])


def test_unserved_heat_is_reported_not_dropped():
    small = NET.plants[NET.plants["id"] == "zup_boiler_10mw"]
    op = run_operation(STATE.substations, small, OperationSettings(), year=2021, reference_dju=2622,
                       co2_factors=CO2)
    assert op.unserved_mwh > 0
    produced = op.hourly["zup_boiler_10mw"] + op.hourly["unserved_kw"]
    np.testing.assert_allclose(produced, op.hourly["load_kw"] + op.hourly["losses_kw"], rtol=0, atol=1e-6)
    assert op.hourly["zup_boiler_10mw"].max() == pytest.approx(10000)


def test_merit_order_equals_the_linear_program_on_the_lens_year():
    """Marginal costs rising with merit rank: LBE heat (R1 LBE 44.62), then gas boilers (R1G 52.25 / 0.92
    and a little more for the second), then heat bought from the hospital's boilers."""
    op = lens_year(dju=2483, outages=[{"plant_id": "lbe", "start": "2016-01-11", "end": "2016-02-21"}])
    plants = op.plants
    caps, _ = dispatch.available_capacity_kw(plants, 2016, [("lbe", "2016-01-11", "2016-02-21")])
    demand_kw = (op.hourly["load_kw"] + op.hourly["losses_kw"]).to_numpy()
    cost = np.array([0.04462, 0.0568, 0.0570, 0.060, 0.061, 0.062])[:len(plants)]
    production, unserved = dispatch.merit_order_dispatch(demand_kw, caps)
    merit_cost = dispatch.dispatch_cost_eur(production, unserved, cost)
    _, _, lp_cost = dispatch.lp_dispatch(demand_kw, caps, cost)
    assert merit_cost == pytest.approx(lp_cost, rel=1e-3)
    assert merit_cost >= lp_cost * (1 - 1e-9)


def test_co2_and_r1_from_the_mix():
    op = lens_year(dju=2483, energy_prices={"wood_eur_per_mwh": 44.62, "gas_eur_per_mwh": 52.25})
    gas_mwh = sum(op.heat_by_plant_mwh[p] / e for p, e in zip(op.plants["id"], op.plants["efficiency_frac"])
                  if op.plants.set_index("id").loc[p, "fuel"] == "gas")
    assert op.gas_mwh == pytest.approx(gas_mwh)
    assert op.co2_t == pytest.approx(gas_mwh * 0.227 + op.fuel_mwh["wood"] * 0.024)
    assert op.co2_g_per_kwh == pytest.approx(op.co2_t * 1e6 / (op.sales_mwh * 1000))
    r = op.renewable_frac
    assert op.r1_energy_eur_per_mwh == pytest.approx(44.62 * r + 52.25 * (1 - r))
    with pytest.raises(ValueError, match="no price for"):
        lens_year(energy_prices={"wood_eur_per_mwh": 44.62})


def test_merit_order_over_draws_by_patterns_is_filling_each_draw_bit_for_bit():
    """The merit order computed once per pattern of stopped plants gives the same numbers, to the bit,
    as filling every draw in turn: masks on one, two or three plants (a must-run plant's two rows
    sharing one), hours where the demand is met early, zero capacities, and the totals-only call."""
    rng = np.random.default_rng(11)
    for _ in range(200):
        n_plants, hours, draws = int(rng.integers(1, 6)), int(rng.integers(1, 400)), int(rng.integers(1, 9))
        caps = rng.choice([0.0, 3.3, 5.0, 10.0], size=(n_plants, hours)) * rng.random((n_plants, 1)) * 3
        demand_kw = rng.random(hours) * 20 * rng.choice([0.0, 1.0, 1.0])
        masks, shared = {}, None
        for row in rng.choice(n_plants, int(rng.integers(0, n_plants + 1)), replace=False):
            shared = shared if shared is not None and rng.random() < 0.3 else rng.random((draws, hours)) < 0.7
            masks[int(row)] = shared
        reference = dispatch._merit_order_each_draw(demand_kw, caps, masks, draws)
        for got, want in zip(dispatch.merit_order_draws(demand_kw, caps, masks, draws), reference):
            assert got.tobytes() == want.tobytes()
        lean = dispatch.merit_order_draws(demand_kw, caps, masks, draws, hourly=False)
        assert lean[0].tobytes() == reference[0].tobytes() and lean[2].tobytes() == reference[2].tobytes()
        assert lean[1] is None and lean[3] is None


def test_plants_in_service_keep_the_years_plants_in_a_stable_merit_order():
    """The plants of a year: commissioned by then, not yet retired, sorted by rank with equal ranks in
    the table's order (what the table's own filter and stable sort give)."""
    table = pd.DataFrame({"id": list("abcdef"), "merit_order": [3, 1, 2, 1, 3, 2],
                          "commissioned_year": [None, 2010, "2020", 2000, 2015, 2030],
                          "retired_year": [2025, None, None, 2012, None, None]}, index=[10, 11, 12, 13, 14, 15])
    for year in (2005, 2012, 2016, 2020, 2025, 2030):
        c = pd.to_numeric(table["commissioned_year"], errors="coerce")
        r = pd.to_numeric(table["retired_year"], errors="coerce")
        expected = table[~(c > year) & ~(r <= year)].sort_values("merit_order", kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(plants_in_service(table, year), expected)
    assert list(plants_in_service(table, 2020)["id"]) == ["b", "c", "a", "e"]
