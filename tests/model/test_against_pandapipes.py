"""Cross-check against pandapipes on Lens and on generated trees and meshes.

pandapipes runs in its own environment (.venv-pandapipes, made by scripts/setup.sh test) through
tests/pandapipes_runner.py: flows must be identical, pressure drops within 1 %, supply
temperatures within 0.1 K.
"""

import json
import os
import subprocess

import numpy as np
import pytest

from heatnet.io.folder import load_network
from heatnet.model.hydraulics import solve_hydraulics
from heatnet.model.pipes import WATER, ConstantFluid, pipe_geometry
from heatnet.scenarios import initial_state
from tests.conftest import LENS, ROOT
from tests.network_cases import random_network

PANDAPIPES_PYTHON = os.environ.get("PANDAPIPES_PYTHON", str(ROOT / ".venv-pandapipes" / "bin" / "python"))
pytestmark = pytest.mark.skipif(not os.path.exists(PANDAPIPES_PYTHON),
                                reason=f"no pandapipes environment at {PANDAPIPES_PYTHON}: run scripts/setup.sh test")


def pandapipes_solve(nodes, pipes, demand, plant_node, u, supply_temp_c=85.0, ground_temp_c=10.0, heat=True):
    inner, rough = pipe_geometry(pipes["dn_mm"])
    case = {"nodes": list(nodes), "plant_node": plant_node, "plant_pressure_bar": 30.0,
            "supply_temp_c": supply_temp_c, "ground_temp_c": ground_temp_c, "heat": heat,
            "pipes": [{"id": i, "from_node": a, "to_node": b, "length_m": float(length), "diameter_m": float(d),
                       "roughness_m": float(k), "u_w_per_m_k": float(uu)}
                      for i, a, b, length, d, k, uu in zip(pipes["id"], pipes["from_node"], pipes["to_node"],
                                                           pipes["length_m"], inner, rough, u)],
            "sinks_kg_per_s": {n: float(v) for n, v in demand.items() if v > 0}}
    out = subprocess.run([PANDAPIPES_PYTHON, str(ROOT / "tests" / "pandapipes_runner.py")], input=json.dumps(case),
                         capture_output=True, text=True, timeout=1800)  # 10^4 pipes took over 600 s on a loaded machine
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout)


# pandapipes writes Colebrook-White with k / (3.71 D), heatnet with Colebrook's 3.7: 0.05 % on the friction
# factor, which on a 10,000-pipe mesh moves some loop flows by 2e-6 of the plant's flow. Compared like
# for like (as the water is); test_colebrook_constant_effect bounds the difference itself.
PANDAPIPES_DIVISOR = 3.71


def first_cp():
    return float(WATER.heat_capacity_j_per_kg_k(72.5))  # mean of 85 °C supply and 60 °C return


def compare(nodes, pipes, loads, plant_node, u, meshed=False):
    """Both solvers on the same network with the same water: pandapipes' property values at the supply
    temperature (its tables differ from heatnet's correlations by up to 0.7 % in viscosity, which moves
    flows in loops by about 5e-4; tests/test_hydraulics.py checks heatnet's correlations)."""
    first = solve_hydraulics(nodes, pipes, loads, plant_node, u_w_per_m_k=u)
    demand = first.nodes.set_index("node_id")["demand_kg_per_s"]
    theirs = pandapipes_solve(nodes, pipes, demand, plant_node, u)
    fluid = ConstantFluid(theirs["density_kg_per_m3"], theirs["viscosity_pa_s"], theirs["heat_capacity_j_per_kg_k"])
    # the same sinks in kg/s: the load in kW is restated with pandapipes' heat capacity
    ours = solve_hydraulics(nodes, pipes, loads * fluid.heat_capacity_j_per_kg_k(72.5) /
                            first_cp(), plant_node, u_w_per_m_k=u, fluid=fluid, colebrook_divisor=PANDAPIPES_DIVISOR)
    flow_ours = ours.pipes["mass_flow_kg_per_s"].to_numpy()
    # On a tree the flows follow from mass balance alone: identical. In a loop they also follow from
    # each tool's friction evaluation, whose pressure drops differ by up to about 0.1 % (asserted
    # below at 1 %): loop flows then agree to 1e-3, or to 1e-6 of the plant's flow for the loop pipes
    # that carry almost nothing.
    total = np.abs(flow_ours).max()
    np.testing.assert_allclose(theirs["mass_flow_kg_per_s"], flow_ours, rtol=1e-3 if meshed else 1e-9,
                               atol=1e-6 * total if meshed else 1e-9)
    dp_ours = ours.pipes["pressure_drop_bar"].to_numpy()
    dp_theirs = np.asarray(theirs["pressure_drop_bar"])
    # turbulent pipes within 1 %; laminar or transitional ones (a loop pipe nearly at rest), where the
    # tools switch friction laws differently, within 1e-4 bar
    turbulent = ours.pipes["reynolds"].to_numpy() > 4000
    np.testing.assert_allclose(dp_theirs[turbulent], dp_ours[turbulent], rtol=0.01)
    np.testing.assert_allclose(dp_theirs[~turbulent], dp_ours[~turbulent], atol=1e-4)
    np.testing.assert_allclose(theirs["node_temp_c"], ours.nodes["supply_temp_c"], atol=0.1)
    return ours, theirs


def test_lens():
    net = load_network(LENS)
    loads = initial_state(net, 2016).substations.groupby("node_id")["subscribed_kw"].sum()
    compare(net.nodes["id"], net.pipes, loads, "PLANT", np.full(len(net.pipes), 0.4))


@pytest.mark.parametrize("n_pipes, loops", [(10, 0), (200, 0), (2000, 0), (10_000, 0), (10, 2), (200, 15),
                                            (2000, 60), (10_000, 100)])
def test_generated(n_pipes, loops):
    nodes, pipes, loads = random_network(n_pipes, loops, seed=n_pipes + loops)
    compare(nodes, pipes, loads, "N0", np.full(len(pipes), 0.3), meshed=loops > 0)


def test_colebrook_constant_effect():
    """3.7 against 3.71 in Colebrook-White: under 0.1 % on pressure drops of a turbulent network."""
    nodes, pipes, loads = random_network(2000, 0, seed=11)
    a = solve_hydraulics(nodes, pipes, loads, "N0")
    b = solve_hydraulics(nodes, pipes, loads, "N0", colebrook_divisor=PANDAPIPES_DIVISOR)
    turbulent = a.pipes["reynolds"].to_numpy() > 4000
    gap = np.abs(b.supply_drop_pa[turbulent] / a.supply_drop_pa[turbulent] - 1)
    assert 0 < gap.max() < 1e-3


@pytest.mark.parametrize("n_pipes", [1000, 10_000])
def test_generated_meshes_like_for_like(n_pipes):
    """Generated town meshes (2 % loop pipes, realistic loads) with pandapipes' own friction law,
    Colebrook-White at every Reynolds number (its friction_model="colebrook"; heatnet's default blends
    64/Re into it between Re 2,000 and 4,000): every pipe's flow within 1e-6 of its own value, every
    pressure drop within 1 %. Measured: 9e-10 and 2e-8 on the 1,000-pipe mesh. Hydraulics only (the
    temperatures are compared above): pandapipes' heat run on the 10,000-pipe mesh takes minutes."""
    from tests.network_gen import generate_network, node_loads_kw
    net = generate_network(n_pipes, 0.02, seed=n_pipes)
    nodes, pipes, loads = net["nodes"]["id"], net["pipes"], node_loads_kw(net)
    u = np.full(len(pipes), 0.3)
    plant_nodes = net["plant_node"]  # one a district, each district its own sub-network
    first = solve_hydraulics(nodes, pipes, loads, plant_nodes, u_w_per_m_k=u)
    theirs = pandapipes_solve(nodes, pipes, first.nodes.set_index("node_id")["demand_kg_per_s"], plant_nodes, u,
                              heat=False)
    fluid = ConstantFluid(theirs["density_kg_per_m3"], theirs["viscosity_pa_s"], theirs["heat_capacity_j_per_kg_k"])
    ours = solve_hydraulics(nodes, pipes, loads * fluid.heat_capacity_j_per_kg_k(72.5) / first_cp(), plant_nodes,
                            u_w_per_m_k=u, fluid=fluid, colebrook_divisor=PANDAPIPES_DIVISOR, friction_law="colebrook")
    assert ours.network.n_loops == round(n_pipes - n_pipes / 1.02)
    assert len(plant_nodes) == {1000: 2, 10_000: 14}[n_pipes]  # districts, so the test covers sub-networks
    flow = ours.pipes["mass_flow_kg_per_s"].to_numpy()
    assert np.abs(flow).min() > 0  # no pipe at rest: the relative gap is defined on every pipe
    np.testing.assert_allclose(theirs["mass_flow_kg_per_s"], flow, rtol=1e-6, atol=0)
    np.testing.assert_allclose(theirs["pressure_drop_bar"], ours.pipes["pressure_drop_bar"], rtol=0.01)
