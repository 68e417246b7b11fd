"""The linear program with heat storage against the merit order (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from heatnet.model import dispatch
from heatnet.model.storage import HeatStorage, lp_dispatch_with_storage


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
