"""Hydraulics: friction, pressure drops, flows on trees and meshes, temperatures, the pump."""

import numpy as np
import pandas as pd
import pytest

from heatnet.io.folder import load_network
from heatnet.model.hydraulics import HydraulicError, friction_factor, pressure_drop_pa, solve_hydraulics
from heatnet.model.pipes import pipe_geometry, water_density_kg_per_m3, water_viscosity_pa_s
from heatnet.scenarios import initial_state
from tests.conftest import LENS
from tests.network_cases import random_network


def test_colebrook_against_its_implicit_equation_and_laminar():
    re, rr = np.array([1e4, 1e5, 1e6]), np.array([1e-3, 1e-4, 1e-5])
    f = friction_factor(re, rr)
    # the fixed point satisfies Colebrook-White itself
    np.testing.assert_allclose(1 / np.sqrt(f), -2 * np.log10(rr / 3.7 + 2.51 / (re * np.sqrt(f))), rtol=1e-10)
    assert friction_factor(1000.0, 1e-4) == pytest.approx(0.064)
    # Moody chart: Re 1e5, smooth-ish pipe (1e-4) -> about 0.0185
    assert f[1] == pytest.approx(0.0185, abs=3e-4)


def test_pressure_drop_by_hand():
    # 20 kg/s in 100 m of DN 100 (107.1 mm) at 80 °C
    dp, f, re, v = pressure_drop_pa(20.0, 100.0, 0.1071, 1e-4, 80.0)
    rho, mu = water_density_kg_per_m3(80.0), water_viscosity_pa_s(80.0)
    v_hand = 20.0 / (rho * np.pi * 0.1071 ** 2 / 4)
    assert v == pytest.approx(v_hand)
    assert re == pytest.approx(v_hand * 0.1071 * rho / mu)
    assert dp == pytest.approx(f * 100 / 0.1071 * rho * v_hand ** 2 / 2)
    assert pressure_drop_pa(-20.0, 100.0, 0.1071, 1e-4, 80.0)[0] == pytest.approx(-dp)
    assert water_density_kg_per_m3(85.0) == pytest.approx(968.6, abs=0.1)  # IAPWS-95: 968.61


def test_catalogue_reads_the_study_dns_as_outer_diameters():
    inner, rough = pipe_geometry([244, 193, 350])
    np.testing.assert_allclose(inner, [0.2345, 0.1847, 0.3444])
    with pytest.raises(ValueError, match="above the catalogue"):
        pipe_geometry([900])


@pytest.fixture(scope="module")
def lens():
    net = load_network(LENS)
    state = initial_state(net, 2016)
    loads = state.substations.groupby("node_id")["subscribed_kw"].sum()
    return net, loads, solve_hydraulics(net.nodes["id"], net.pipes, loads, "PLANT",
                                        u_w_per_m_k=np.full(len(net.pipes), 0.4))


def test_lens_tree_flows_are_the_downstream_loads(lens):
    net, loads, result = lens
    from heatnet.model.network import build_graph
    state = initial_state(net, 2016)
    graph = build_graph(net.nodes, net.pipes, state.substations, "PLANT")
    downstream = graph.pipe_loads()["downstream_subscribed_kw"]
    mdot_per_kw = result.nodes["demand_kg_per_s"].clip(lower=0).sum() / loads.sum()
    flows = result.pipes.set_index("pipe_id")["mass_flow_kg_per_s"]
    np.testing.assert_allclose(flows[downstream.index], downstream * mdot_per_kw, rtol=1e-12)
    assert result.max_mass_imbalance_kg_per_s < 1e-9


def test_lens_pump_and_critical_substation(lens):
    _, _, result = lens
    # the hospital, at the far end of the most loaded branch, needs the most pressure
    assert result.critical_node == "N_14"
    nodes = result.nodes.set_index("node_id")
    assert nodes.loc["N_14", "differential_pressure_bar"] == pytest.approx(1.0)  # the substation minimum
    assert (nodes.loc[nodes["demand_kg_per_s"] > 0, "differential_pressure_bar"] >= 1.0 - 1e-9).all()
    total = result.nodes["demand_kg_per_s"].clip(lower=0).sum()
    assert result.pump_power_kw == pytest.approx(result.pump_head_bar * 1e5 * total / water_density_kg_per_m3(60)
                                                 / 0.7 / 1000)


def test_supply_temperature_decay_by_hand():
    pipes = pd.DataFrame({"id": ["a"], "from_node": ["P"], "to_node": ["S"], "dn_mm": [100], "length_m": [1000.0]})
    result = solve_hydraulics(["P", "S"], pipes, pd.Series({"S": 500.0}), "P", supply_temp_c=85.0,
                              ground_temp_c=10.0, u_w_per_m_k=[0.5])
    row = result.pipes.iloc[0]
    cp = 4201.75
    expected = 10 + 75 * np.exp(-0.5 * 1000 / (row["mass_flow_kg_per_s"] * cp))
    assert row["supply_temp_out_c"] == pytest.approx(expected, rel=1e-6)
    assert row["supply_heat_loss_kw"] == pytest.approx(row["mass_flow_kg_per_s"] * cp * (85 - expected) / 1000)
    cp_return = 4185.0  # IAPWS-95 at 60 °C
    return_loss = row["mass_flow_kg_per_s"] * cp_return * 50 * (1 - np.exp(
        -0.5 * 1000 / (row["mass_flow_kg_per_s"] * cp_return))) / 1000
    assert row["return_heat_loss_kw"] == pytest.approx(return_loss, rel=1e-9)
    assert row["heat_loss_kw"] == pytest.approx(row["supply_heat_loss_kw"] + return_loss)


def test_meshes_converge_and_close_their_loops():
    nodes, pipes, loads = random_network(300, extra_loops=25, seed=4)
    result = solve_hydraulics(nodes, pipes, loads, "N0")
    assert result.iterations > 0 and result.max_mass_imbalance_kg_per_s < 1e-9
    p = result.nodes.set_index("node_id")["supply_pressure_bar"]
    for pipe in result.pipes.itertuples():
        assert p[pipe.from_node] - p[pipe.to_node] == pytest.approx(pipe.pressure_drop_bar, abs=1e-9)


def test_bad_inputs():
    pipes = pd.DataFrame({"id": ["a"], "from_node": ["P"], "to_node": ["S"], "dn_mm": [100], "length_m": [10.0]})
    with pytest.raises(HydraulicError, match="unknown node"):
        solve_hydraulics(["P", "S"], pipes, pd.Series({"X": 5.0}), "P")
    with pytest.raises(HydraulicError, match="not connected"):
        solve_hydraulics(["P", "S", "T"], pipes, pd.Series({"S": 5.0}), "P")


def test_friction_law_is_continuous_with_its_slope_across_the_transition():
    """64/Re to Re 2,000, Colebrook-White from 4,000, joined so that f and df/dRe are continuous: the
    pressure drop f k q|q| then rises with the flow everywhere (its elasticity 2 + Re/f df/dRe stays > 0)."""
    from heatnet.model.hydraulics import _colebrook, _friction_elasticity
    for rr in (1e-5, 1e-3, 1e-2):
        for edge, law in ((2000.0, lambda re: 64.0 / re), (4000.0, lambda re, rr=rr: _colebrook(re, rr)[0])):
            below, above = friction_factor(edge * (1 - 1e-9), rr), friction_factor(edge * (1 + 1e-9), rr)
            assert below == pytest.approx(above, rel=1e-7) and above == pytest.approx(law(edge), rel=1e-7)
            # the slope from both sides: one-sided differences over 1e-5 of Re agree to 1e-3
            left = (friction_factor(edge, rr) - friction_factor(edge * (1 - 1e-5), rr)) / (edge * 1e-5)
            right = (friction_factor(edge * (1 + 1e-5), rr) - friction_factor(edge, rr)) / (edge * 1e-5)
            assert left == pytest.approx(right, rel=1e-3)
        re = np.geomspace(100, 1e6, 2000)
        f, elasticity = _friction_elasticity(re, np.full_like(re, rr))
        assert (2.0 + elasticity).min() >= 1.0 - 1e-12  # never flatter than laminar flow
        numeric = np.gradient(np.log(f), np.log(re))
        np.testing.assert_allclose(numeric[1:-1], elasticity[1:-1], atol=2e-2)
    assert friction_factor(1000.0, 1e-4, law="colebrook") == pytest.approx(
        _colebrook(np.array(1000.0), 1e-4)[0])  # pandapipes' law, Colebrook at every Re


def test_base_load_mesh_that_cycled_across_the_laminar_switch_converges():
    """A generated 1,000-pipe mesh (20 loops) at 3 % of its subscribed loads: with 64/Re switched to
    Colebrook-White at Re 2,300, Newton's method cycled for ever between two iterates, two loop pipes
    crossing the switch each time (Re 2,225 / 3,016 and 2,827 / 2,036). It converges now, and every
    accepted step lowers the loops' residual."""
    from tests.network_gen import generate_network, node_loads_kw
    net = generate_network(1000, 0.02, seed=1)
    result = solve_hydraulics(net["nodes"]["id"], net["pipes"], node_loads_kw(net) * 0.03, net["plant_node"],
                              supply_temp_c=80.0)
    assert result.network.n_loops == 20 and 0 < result.iterations <= 10
    assert result.max_loop_residual_pa < 1e-6 and result.max_mass_imbalance_kg_per_s < 1e-9
    reynolds = result.pipes["reynolds"].to_numpy()
    assert ((reynolds > 2000) & (reynolds < 4000)).any()  # the case does sit in the transition


def test_sub_networks_each_fed_by_its_plant_solve_as_if_alone():
    """Two generated districts, each its own sub-network with its plant node: the same flows, pressures
    and temperatures as each solved alone; each plant feeds its own district's load; the pump head is
    the larger district's, the pump power the sum of both."""
    from tests.network_gen import generate_network, node_loads_kw
    net = generate_network(1000, 0.02, seed=1000)
    roots = net["plant_node"]
    assert len(roots) == 2
    nodes, pipes, loads = net["nodes"]["id"], net["pipes"], node_loads_kw(net)
    both = solve_hydraulics(nodes, pipes, loads, roots)
    part = both.network.part
    heads, power = [], 0.0
    for root in roots:
        mine = part == part[list(nodes).index(root)]
        ids = set(nodes[mine])
        own = pipes[pipes["from_node"].isin(ids)]
        alone = solve_hydraulics(nodes[mine], own, loads[mine], root)
        where = np.flatnonzero(pipes["from_node"].isin(ids).to_numpy())
        np.testing.assert_allclose(both.mass_flow_kg_per_s[where], alone.mass_flow_kg_per_s, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(both.node_temp_c[mine], alone.node_temp_c, rtol=1e-12)
        assert -both.demand_kg_per_s[list(nodes).index(root)] == pytest.approx(alone.demand_kg_per_s[alone.demand_kg_per_s > 0].sum())
        heads.append(alone.pump_head_bar)
        power += alone.pump_power_kw
    assert both.pump_head_bar == pytest.approx(max(heads)) and both.pump_power_kw == pytest.approx(power)
    assert both.max_mass_imbalance_kg_per_s < 1e-9
    with pytest.raises(HydraulicError, match="one sub-network"):
        solve_hydraulics(nodes, pipes, loads, [roots[0], nodes[part == part[list(nodes).index(roots[0])]].iloc[1]])
