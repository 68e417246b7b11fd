"""Time heatnet's hydraulics against pandapipes on the same networks, in the same run.

    python benchmarks/bench_hydraulics.py      (after scripts/setup.sh test: needs .venv-pandapipes)

For Lens (54 pipes, a tree) and generated networks of 10,000 pipes (a tree and a mesh), prints the
best-of-N solve time of each tool (pandapipes timed inside its own process, net already built),
the ratio, and the largest differences in flow and pressure drop.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heatnet.data import load_network  # noqa: E402
from heatnet.hydraulics import solve_hydraulics  # noqa: E402
from heatnet.pipes import pipe_geometry  # noqa: E402
from heatnet.scenario import initial_state  # noqa: E402
from tests.network_cases import random_network  # noqa: E402

PANDAPIPES_TIMER = r'''
import json, sys, time
import pandapipes as pp
case = json.load(sys.stdin)
net = pp.create_empty_network(fluid="water")
t_k = case["supply_temp_c"] + 273.15
index = {n: pp.create_junction(net, pn_bar=30.0, tfluid_k=t_k) for n in case["nodes"]}
for p in case["pipes"]:
    pp.create_pipe_from_parameters(net, index[p["from_node"]], index[p["to_node"]], length_km=p["length_m"] / 1000,
                                   inner_diameter_mm=p["diameter_m"] * 1000, k_mm=p["roughness_m"] * 1000)
pp.create_ext_grid(net, index[case["plant_node"]], p_bar=30.0, t_k=t_k)
for node, mdot in case["sinks_kg_per_s"].items():
    if mdot > 0:
        pp.create_sink(net, index[node], mdot_kg_per_s=mdot)
times = []
for _ in range(case["repeat"]):
    start = time.perf_counter()
    pp.pipeflow(net, friction_model="colebrook", mode="hydraulics", tol_p=1e-8, tol_m=1e-10, iter=200)
    times.append(time.perf_counter() - start)
json.dump({"seconds": min(times), "flow": net.res_pipe["mdot_from_kg_per_s"].tolist(),
           "dp": (net.res_pipe["p_from_bar"] - net.res_pipe["p_to_bar"]).tolist()}, sys.stdout)
'''


def run_case(name, nodes, pipes, loads, plant_node, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        ours = solve_hydraulics(nodes, pipes, loads, plant_node)
        times.append(time.perf_counter() - start)
    inner, rough = pipe_geometry(pipes["dn_mm"])
    demand = ours.nodes.set_index("node_id")["demand_kg_per_s"]
    case = {"nodes": list(nodes), "plant_node": plant_node, "supply_temp_c": 85.0, "repeat": repeat,
            "pipes": [{"from_node": a, "to_node": b, "length_m": float(length), "diameter_m": float(d),
                       "roughness_m": float(k)} for a, b, length, d, k in
                      zip(pipes["from_node"], pipes["to_node"], pipes["length_m"], inner, rough)],
            "sinks_kg_per_s": {n: float(v) for n, v in demand.items() if v > 0}}
    python = ROOT / ".venv-pandapipes" / "bin" / "python"
    out = subprocess.run([str(python), "-c", PANDAPIPES_TIMER], input=json.dumps(case), capture_output=True,
                         text=True, check=True)
    theirs = json.loads(out.stdout)
    flow_gap = np.max(np.abs(np.asarray(theirs["flow"]) - ours.pipes["mass_flow_kg_per_s"].to_numpy()))
    dp_ours = ours.pipes["pressure_drop_bar"].to_numpy()
    turbulent = ours.pipes["reynolds"].to_numpy() > 4000
    dp_gap = np.max(np.abs(np.asarray(theirs["dp"])[turbulent] / dp_ours[turbulent] - 1))
    ratio = theirs["seconds"] / min(times)
    print(f"{name:<28} heatnet {min(times) * 1000:8.1f} ms   pandapipes {theirs['seconds'] * 1000:8.1f} ms   "
          f"ratio {ratio:5.1f}x   max flow gap {flow_gap:.1e} kg/s   max dp gap {dp_gap:.2%}")


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
