"""The linear program with heat storage against the merit order (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from heatnet.model import dispatch
from heatnet.model.storage import HeatStorage, lp_dispatch_with_storage, windowed_dispatch


@st.composite
def cases(draw):
    hours = draw(st.integers(6, 48))
    n_plants = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2 ** 31))
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, 5000, hours)
    caps = rng.uniform(0, 3000, (n_plants, hours)) * (rng.random((n_plants, hours)) > 0.1)  # some stops
    costs = np.sort(rng.uniform(0.02, 0.12, n_plants))  # marginal costs rise with rank
    tank = HeatStorage(capacity_kwh=draw(st.floats(0, 20000)), power_kw=draw(st.floats(0, 4000)),
                       standing_loss_frac_per_h=draw(st.floats(0, 0.05)))
    return demand, caps, costs, tank


@settings(max_examples=40, deadline=None)
@given(cases())
def test_without_storage_the_lp_and_the_merit_order_agree(case):
    demand, caps, costs, _ = case
    production, unserved = dispatch.merit_order_dispatch(demand, caps)
    merit = dispatch.dispatch_cost_eur(production, unserved, costs)
    lp = lp_dispatch_with_storage(demand, caps, costs)
    assert abs(lp.cost_eur - merit) <= 1e-3 * max(merit, 1.0)  # within 0.1 %


@settings(max_examples=40, deadline=None)
@given(cases())
def test_with_storage_the_lp_never_costs_more_than_the_merit_order(case):
    demand, caps, costs, tank = case
    production, unserved = dispatch.merit_order_dispatch(demand, caps)
    merit = dispatch.dispatch_cost_eur(production, unserved, costs)
    lp = lp_dispatch_with_storage(demand, caps, costs, tank)
    assert lp.cost_eur <= merit * (1 + 1e-9) + 1e-6
    # the balance holds every hour and the tank stays within its bounds
    served = lp.production_kw.sum(axis=0) + lp.unserved_kw + lp.discharge_kw - lp.charge_kw
    np.testing.assert_allclose(served, demand, atol=1e-5 * max(demand.max(), 1))
    assert lp.content_kwh.max() <= tank.capacity_kwh * (1 + 1e-7) + 1e-6
    assert lp.charge_kw.max(initial=0) <= tank.power_kw * (1 + 1e-7) + 1e-6


@st.composite
def years(draw):
    """A cheap base plant with stops and dearer boilers over a few weeks: the Lens pattern."""
    hours = 24 * draw(st.integers(7, 28))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 31)))
    t = np.arange(hours)
    demand = 6000 + 3000 * np.sin(2 * np.pi * t / 24) + rng.normal(0, 800, hours).cumsum() / 10
    demand = np.clip(demand, 500, None)
    base = np.full(hours, 8000.0)
    for start in rng.integers(0, hours, draw(st.integers(0, 3))):
        base[start:start + rng.integers(12, 96)] = 0.0
    caps = np.vstack([base, np.full(hours, 10000.0), np.full(hours, 12000.0)])
    costs = np.array([0.04462, 0.05225, 0.05226])
    tank = HeatStorage(capacity_kwh=draw(st.floats(1000, 100000)), power_kw=draw(st.floats(500, 5000)))
    return demand, caps, costs, tank


@settings(max_examples=25, deadline=None)
@given(years())
def test_the_windowed_program_is_never_dearer_than_the_merit_order_and_near_the_whole_one(case):
    """The program solved on the expensive spells and the hours before them (what a run solves) keeps
    every hour's balance, is never dearer than the merit order, and finds the whole program's cost
    (the tank empty at the start) within 0.1 % of the merit order's cost (the windows leave out only
    what a tank would carry from one spell to a far later one)."""
    demand, caps, costs, tank = case
    production, unserved = dispatch.merit_order_dispatch(demand, caps)
    merit = dispatch.dispatch_cost_eur(production, unserved, costs)
    windowed = windowed_dispatch(demand, caps, costs, tank)
    # the whole period in one program, the tank empty at its start as the windows' is (not a cycle)
    whole = lp_dispatch_with_storage(demand, caps, costs, tank, starts=np.arange(len(demand)) == 0)
    assert windowed.cost_eur <= merit * (1 + 1e-9) + 1e-6
    assert whole.cost_eur <= windowed.cost_eur * (1 + 1e-9) + 1e-6  # the windowed dispatch is one of its choices
    assert windowed.cost_eur - whole.cost_eur <= 1e-3 * merit
    served = windowed.production_kw.sum(axis=0) + windowed.unserved_kw + windowed.discharge_kw - windowed.charge_kw
    np.testing.assert_allclose(served, demand, atol=1e-5 * demand.max())
    assert np.all(windowed.production_kw <= caps * (1 + 1e-9) + 1e-6)
    assert windowed.content_kwh.max() <= tank.capacity_kwh * (1 + 1e-7) + 1e-6
