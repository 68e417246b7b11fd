"""Mass balance at every node and closed loops, over random trees and meshes (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from heatnet.hydraulics import _incidence, solve_hydraulics
from tests.network_cases import random_network


@settings(max_examples=30, deadline=None)
@given(n_pipes=st.integers(1, 150), loops=st.integers(0, 12), seed=st.integers(0, 10_000))
def test_mass_balance_and_loop_closure(n_pipes, loops, seed):
    nodes, pipes, loads = random_network(n_pipes, min(loops, n_pipes // 2), seed)
    result = solve_hydraulics(nodes, pipes, loads, "N0")
    a, _, _ = _incidence(nodes, pipes)
    flows = result.pipes["mass_flow_kg_per_s"].to_numpy()
    demand = result.nodes["demand_kg_per_s"].to_numpy()
    # inflow - outflow = demand at every node, the plant's injection included
    np.testing.assert_allclose(-(a.T @ flows), demand, rtol=0, atol=1e-9)
    # around every loop the pressure drops sum to zero: each pipe's drop is its nodes' pressure difference
    p = result.nodes.set_index("node_id")["supply_pressure_bar"]
    np.testing.assert_allclose(p[pipes["from_node"]].to_numpy() - p[pipes["to_node"]].to_numpy(),
                               result.pipes["pressure_drop_bar"].to_numpy(), rtol=0, atol=1e-9)
