"""Invariants of the dispatch over random loads and plant sets (hypothesis)."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from heatnet.model import dispatch
from heatnet.model.operation import OperationSettings, run_operation
from tests.model.test_dispatch import CO2, NET, STATE

loads = arrays(np.float64, 48, elements=st.floats(0, 50_000))
capacities = st.lists(arrays(np.float64, 48, elements=st.floats(0, 20_000)), min_size=0, max_size=5)


@settings(max_examples=200, deadline=None)
@given(demand_kw=loads, caps=capacities)
def test_every_hour_balances(demand_kw, caps):
    caps = np.array(caps).reshape(len(caps), 48)
    production, unserved = dispatch.merit_order_dispatch(demand_kw, caps)
    np.testing.assert_allclose(production.sum(axis=0) + unserved, demand_kw, rtol=0, atol=1e-6)
    assert (production >= 0).all() and (unserved >= -1e-9).all()
    assert (production <= caps + 1e-9).all()


def _op(scale=1.0, plants=None):
    subs = STATE.substations.assign(heat_mwh=STATE.substations["heat_mwh"] * scale)
    return run_operation(subs, NET.plants if plants is None else plants, OperationSettings(), year=2021,
                         reference_dju=2622, co2_factors=CO2)


@settings(max_examples=8, deadline=None)
@given(scale=st.floats(1.0, 3.0))
def test_more_load_never_raises_the_renewable_share(scale):
    assert _op(scale).renewable_frac <= _op(1.0).renewable_frac + 1e-12


def test_without_lbe_nothing_is_renewable():
    assert _op(plants=NET.plants[NET.plants["id"] != "lbe"]).renewable_frac == 0.0


@settings(max_examples=8, deadline=None)
@given(capacity_kw=st.floats(0, 20_000), merit=st.integers(1, 99).filter(lambda m: m % 10))
def test_a_second_renewable_plant_never_lowers_the_share(capacity_kw, merit):
    # the table's ranks times ten, the new plant anywhere between them (equal ranks are an error since issue 13)
    extra = pd.DataFrame([{"id": "wood2", "technology": "biomass_boiler", "fuel": "wood", "node_id": "PLANT",
                           "capacity_kw": capacity_kw, "efficiency_frac": 0.85, "renewable": True, "in_dsp": True,
                           "merit_order": merit}])
    plants = pd.concat([NET.plants.assign(merit_order=NET.plants["merit_order"] * 10), extra], ignore_index=True)
    assert _op(2.0, plants).renewable_frac >= _op(2.0).renewable_frac - 1e-12


@settings(max_examples=12, deadline=None)
@given(scale=st.floats(0.02, 2.0), hours=st.floats(0.0, 1000.0), capacity_kw=st.floats(0.0, 40_000.0))
def test_a_called_plant_never_exceeds_the_load_and_every_hour_balances(scale, hours, capacity_kw):
    """A plant called by the electricity system runs first in its called hours, whatever their number and its
    size, even above the load (a small network, a CHP of 40 MW): its output never exceeds the hour's demand
    (load + losses), the hours balance with the other plants and the unserved heat, and its year's heat is
    its called hours at full output where the demand allows it."""
    subs = STATE.substations.assign(heat_mwh=STATE.substations["heat_mwh"] * scale)
    plants = NET.plants.assign(capacity_kw=np.where(NET.plants["id"] == "cogestar2", capacity_kw,
                                                    NET.plants["capacity_kw"]))
    op = run_operation(subs, plants, OperationSettings(dju=2622, outage_draws=0, called_hours={"cogestar2": hours}),
                       year=2016, reference_dju=2622, co2_factors=CO2)
    hourly = op.hourly
    demand_kw = hourly["load_kw"] + hourly["losses_kw"]
    assert (hourly["cogestar2"] <= demand_kw + 1e-6).all()
    produced = hourly[list(op.heat_by_plant_mwh.index)].sum(axis=1) + hourly["unserved_kw"]
    np.testing.assert_allclose(produced, demand_kw, rtol=1e-12, atol=1e-6)
    assert op.heat_by_plant_mwh["cogestar2"] <= hours * capacity_kw / 1000.0 + 1e-6
