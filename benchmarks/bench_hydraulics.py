"""Time heatnet's hydraulics against pandapipes on the same networks, in the same run.

    python benchmarks/bench_hydraulics.py      (after scripts/setup.sh test: needs .venv-pandapipes)

For Lens (54 pipes, a tree) and generated networks of 10,000 pipes (a tree and a mesh), prints the
best-of-N solve time of each tool: heatnet's ``PipeNetwork.solve`` (flows, pressures, temperatures,
losses) and pandapipes' ``pipeflow`` in its own process on a net already built, in "hydraulics" mode
and in "sequential" mode (hydraulics then heat); the ratios; and the largest differences in flow,
pressure drop and supply temperature, both tools using pandapipes' water properties and its k / (3.71 D)
in Colebrook-White (solved to 1e-12 on both sides). heatnet's
one-off preparation of a network (spanning tree, loops) is timed apart, and in a second ratio.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heatnet.io.folder import load_network  # noqa: E402
from heatnet.model.hydraulics import PipeNetwork, solve_hydraulics  # noqa: E402
from heatnet.model.pipes import WATER, ConstantFluid, pipe_geometry  # noqa: E402
from heatnet.scenarios import initial_state  # noqa: E402
from benchmarks.timing import best  # noqa: E402
from tests.network_cases import random_network  # noqa: E402

PANDAPIPES_TIMER = r"""
import json, sys, time
import pandapipes as pp
case = json.load(sys.stdin)
net = pp.create_empty_network(fluid="water")
t_k = case["supply_temp_c"] + 273.15
index = {n: pp.create_junction(net, pn_bar=30.0, tfluid_k=t_k) for n in case["nodes"]}
for p in case["pipes"]:
    pp.create_pipe_from_parameters(net, index[p["from_node"]], index[p["to_node"]], length_km=p["length_m"] / 1000,
                                   inner_diameter_mm=p["diameter_m"] * 1000, k_mm=p["roughness_m"] * 1000,
                                   u_w_per_m2k=p["u_w_per_m_k"] / (3.141592653589793 * p["diameter_m"]),
                                   text_k=case["ground_temp_c"] + 273.15)
for plant in ([case["plant_node"]] if isinstance(case["plant_node"], str) else case["plant_node"]):
    pp.create_ext_grid(net, index[plant], p_bar=30.0, t_k=t_k)  # one a sub-network
for node, mdot in case["sinks_kg_per_s"].items():
    if mdot > 0:
        pp.create_sink(net, index[node], mdot_kg_per_s=mdot)
fluid = pp.get_fluid(net)
out = {"density_kg_per_m3": float(fluid.get_density(t_k)), "viscosity_pa_s": float(fluid.get_viscosity(t_k)),
       "heat_capacity_j_per_kg_k": float(fluid.get_heat_capacity(t_k))}
for mode in case.get("modes", ("hydraulics", "sequential")):
    times = []
    for _ in range(case["repeat"]):
        start = time.perf_counter()
        pp.pipeflow(net, friction_model="colebrook", mode=mode, tol_p=1e-8, tol_m=1e-10, tol_T=1e-8, iter=200,
                    tolerance_colebrook=1e-12)
        times.append(time.perf_counter() - start)
    out[mode + "_seconds"] = min(times)
    out[mode + "_median_seconds"] = sorted(times)[len(times) // 2]
    if mode == "hydraulics":
        out["flow"] = net.res_pipe["mdot_from_kg_per_s"].tolist()
        out["dp"] = (net.res_pipe["p_from_bar"] - net.res_pipe["p_to_bar"]).tolist()
    else:
        out["node_temp_c"] = (net.res_junction["t_k"] - 273.15).tolist()
json.dump(out, sys.stdout)
"""


def run_case(name, nodes, pipes, loads, plant_node, repeat):
    """Both tools on the same network, the same sinks (kg/s) and pandapipes' water properties."""
    u = np.full(len(pipes), 0.3)
    first = solve_hydraulics(nodes, pipes, loads, plant_node, u_w_per_m_k=u)
    inner, rough = pipe_geometry(pipes["dn_mm"])
    demand = first.nodes.set_index("node_id")["demand_kg_per_s"]
    case = {"nodes": list(nodes), "plant_node": plant_node, "supply_temp_c": 85.0, "ground_temp_c": 10.0,
            "repeat": repeat,
            "pipes": [{"from_node": a, "to_node": b, "length_m": float(length), "diameter_m": float(d),
                       "roughness_m": float(k), "u_w_per_m_k": 0.3} for a, b, length, d, k in
                      zip(pipes["from_node"], pipes["to_node"], pipes["length_m"], inner, rough)],
            "sinks_kg_per_s": {n: float(v) for n, v in demand.items() if v > 0}}
    python = ROOT / ".venv-pandapipes" / "bin" / "python"
    out = subprocess.run([str(python), "-c", PANDAPIPES_TIMER], input=json.dumps(case), capture_output=True,
                         text=True, check=True)
    theirs = json.loads(out.stdout)
    fluid = ConstantFluid(theirs["density_kg_per_m3"], theirs["viscosity_pa_s"], theirs["heat_capacity_j_per_kg_k"])
    same_sinks = loads * fluid.heat_capacity_j_per_kg_k(72.5) / float(WATER.heat_capacity_j_per_kg_k(72.5))
    setup_s, network = best(lambda: PipeNetwork(nodes, pipes, plant_node, u_w_per_m_k=u, fluid=fluid,
                                                colebrook_divisor=3.71), repeat)  # pandapipes' k / (3.71 D)
    solve_s, ours = best(lambda: network.solve(same_sinks), repeat)
    flow_ours = ours.mass_flow_kg_per_s
    flow_gap = np.max(np.abs(np.asarray(theirs["flow"]) - flow_ours) / (1e-3 * np.abs(flow_ours).max()
                                                                       + np.abs(flow_ours)))
    turbulent = ours.pipes["reynolds"].to_numpy() > 4000
    dp_ratio = np.abs(np.asarray(theirs["dp"]) / ours.pipes["pressure_drop_bar"].to_numpy() - 1)
    dp_gap = np.max(dp_ratio[turbulent])
    # a loop pipe carrying a few 1e-5 of the plant's flow is the most sensitive: shown apart
    carrying = turbulent & (np.abs(flow_ours) > 1e-3 * np.abs(flow_ours).max())
    dp_gap_carrying = np.max(dp_ratio[carrying])
    temp_gap = np.nanmax(np.abs(np.asarray(theirs["node_temp_c"]) - ours.node_temp_c))
    print(f"{name}  ({network.n_loops} loops)")
    print(f"  heatnet solve {solve_s * 1e3:8.2f} ms (prepare once {setup_s * 1e3:.2f} ms; both "
          f"{(solve_s + setup_s) * 1e3:.2f} ms), flows, pressures, temperatures and losses")
    for mode in ("hydraulics", "sequential"):
        seconds = theirs[mode + "_seconds"]
        print(f"  pandapipes {mode:<11} {seconds * 1e3:8.2f} ms   ratio {seconds / solve_s:6.1f}x "
              f"(with heatnet's preparation {seconds / (solve_s + setup_s):5.1f}x)")
    print(f"  largest gaps: flow {flow_gap:.1e} (relative), turbulent dp {dp_gap:.3%} "
          f"({dp_gap_carrying:.3%} on pipes carrying over 0.1 % of the plant's flow), supply temperature "
          f"{temp_gap:.4f} K")


def main():
    net = load_network(ROOT / "data" / "lens")
    loads = initial_state(net, 2016).substations.groupby("node_id")["subscribed_kw"].sum()
    run_case("Lens (54 pipes, tree)", net.nodes["id"], net.pipes, loads, "PLANT", 20)
    nodes, pipes, loads = random_network(10_000, 0, seed=1)
    run_case("10,000 pipes, tree", nodes, pipes, loads, "N0", 3)
    nodes, pipes, loads = random_network(10_000, 200, seed=2)
    run_case("10,000 pipes, 200 loops", nodes, pipes, loads, "N0", 3)


if __name__ == "__main__":
    main()
