"""Mass balance at every node and closed loops, over random trees and meshes (hypothesis)."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from heatnet.model.hydraulics import solve_hydraulics
from tests.network_cases import random_network


@settings(max_examples=30, deadline=None)
@given(n_pipes=st.integers(1, 150), loops=st.integers(0, 12), seed=st.integers(0, 10_000))
def test_mass_balance_and_loop_closure(n_pipes, loops, seed):
    nodes, pipes, loads = random_network(n_pipes, min(loops, n_pipes // 2), seed)
    result = solve_hydraulics(nodes, pipes, loads, "N0")
    flows = result.pipes.set_index("pipe_id")["mass_flow_kg_per_s"]
    demand = result.nodes.set_index("node_id")["demand_kg_per_s"]
    # inflow - outflow = demand at every node, the plant's injection included (summed here, not by the solver)
    inflow = pd.Series(0.0, index=demand.index)
    for pipe in pipes.itertuples():
        inflow[pipe.to_node] += flows[pipe.id]
        inflow[pipe.from_node] -= flows[pipe.id]
    np.testing.assert_allclose(inflow.to_numpy(), demand.to_numpy(), rtol=0, atol=1e-9)
    assert result.max_loop_residual_pa < 1e-3
    # around every loop the pressure drops sum to zero: each pipe's drop is its nodes' pressure difference
    p = result.nodes.set_index("node_id")["supply_pressure_bar"]
    np.testing.assert_allclose(p[pipes["from_node"]].to_numpy() - p[pipes["to_node"]].to_numpy(),
                               result.pipes["pressure_drop_bar"].to_numpy(), rtol=0, atol=1e-9)
