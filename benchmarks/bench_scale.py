"""City-size networks: generated 10^4 and 10^5-pipe trees and meshes, timed in one run (issue 17).

    python benchmarks/bench_scale.py [--repeat 3] [--skip-pandapipes-100k]
    (after scripts/setup.sh test: the pandapipes figures need .venv-pandapipes)

Networks come from tests/network_gen.py (one substation per node, realistic loads, 2 % loop pipes
in the meshes, districts of at most about 75 MW, each fed by its plant). heatnet's modules are compiled
first (``python -m compileall``): the environment may forbid writing bytecode, and a fresh process
would otherwise compile them at every start, which an installed package or a second run does not.
Prints medians of ``--repeat`` runs:

- the 10^5 mesh solved (flows, pressures, temperatures, losses) by a prepared ``PipeNetwork``, and
  the one-off preparation, with the kernel the loop steps ran and the BLAS threads it used;
- the whole ``heatnet run`` (a fresh process: imports, loading, checks, the year's 25 levels and
  the design point, tariffs, accounts) on the 10^5 mesh and tree, and its peak memory (RSS);
- the hydraulics ratio against pandapipes' ``pipeflow`` (timed in its own process on a net already
  built) on the 10^4 mesh and tree, and the largest gaps in flow and pressure drop: like for like
  (both with pandapipes' friction law, Colebrook-White at every Re) on every pipe, and with
  heatnet's default law (64/Re below Re 2,000, a blend up to 4,000) on the turbulent pipes, where
  both laws are Colebrook-White, with the count of pipes below Re 4,000 where they differ by design;
- the same cross-check on the 10^5 mesh, both tools with pandapipes' friction law and water, given
  ``--pandapipes-timeout`` seconds (pandapipes' own run).

Wall-clock times on a shared machine move with its load: the load average is printed with them.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_hydraulics import PANDAPIPES_TIMER  # noqa: E402
from heatnet.model.hydraulics import PipeNetwork, solve_hydraulics  # noqa: E402
from heatnet.model.pipes import WATER, ConstantFluid, pipe_geometry  # noqa: E402
from tests.network_gen import generate_network, node_loads_kw, write_network_folder  # noqa: E402

PANDAPIPES_PYTHON = ROOT / ".venv-pandapipes" / "bin" / "python"

RUN_WITH_PEAK_MEMORY = r"""
import resource, runpy, sys
sys.argv = ["heatnet", "run", sys.argv[1]]
try:
    runpy.run_module("heatnet", run_name="__main__")
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write(f"\ncpu_s {usage.ru_utime + usage.ru_stime}\npeak_rss_kb {usage.ru_maxrss}\n")
"""


def median_time(fn, repeat, cpu=None):
    """Median wall time (s) of ``repeat`` calls, and the last result; the median CPU time of this
    process appended to ``cpu`` if given (wall time on a shared machine includes waiting for a core)."""
    times, cpu_times = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - start_cpu)
    if cpu is not None:
        cpu.append(statistics.median(cpu_times))
    return statistics.median(times), out


def load_average():
    return os.getloadavg()[0]


def solve_after_preparation(net, repeat):
    nodes, pipes, loads = net["nodes"]["id"], net["pipes"], node_loads_kw(net)
    prepare_s, network = median_time(lambda: PipeNetwork(nodes, pipes, net["plant_node"],
                                                         u_w_per_m_k=np.full(len(pipes), 0.3)), 1)
    first = time.perf_counter()
    network.solve(loads)  # the first meshed solve also finds the loop system's pattern and ordering
    first_s = time.perf_counter() - first
    cpu = []
    solve_s, result = median_time(lambda: network.solve(loads), repeat, cpu)
    system = network._system
    from threadpoolctl import threadpool_info
    blas = ", ".join(f"{i['internal_api']} ({i['num_threads']} threads by default)" for i in threadpool_info()
                     if i["user_api"] == "blas")
    print(f"{len(pipes):,}-pipe mesh ({network.n_loops} loops), subscribed loads {loads.sum() / 1e3:,.0f} MW in "
          f"{len(network.roots)} districts, each fed by its plant")
    print(f"  solve after preparation (flows, pressures, temperatures): median {solve_s:.3f} s (CPU {cpu[0]:.3f} s), "
          f"{result.iterations} Newton iterations   [target < 1 s]")
    print(f"  preparation {prepare_s:.3f} s, then the loop system's pattern and ordering at the first solve "
          f"({first_s:.3f} s with that solve)")
    print(f"  loop steps: SuperLU (scipy.sparse.linalg.splu) on the Laplacian of {system['size']} chain ends "
          f"({len(system['pipes'])} pipes on loops in {system['series'].shape[0]} series chains), minimum-degree "
          f"ordering found once; SuperLU's BLAS kernels on 1 thread (threadpoolctl) of {blas}")
    print(f"  largest loop residual {result.max_loop_residual_pa:.2g} Pa, mass imbalance "
          f"{result.max_mass_imbalance_kg_per_s:.2g} kg/s; at the subscribed loads: largest pump head "
          f"{result.pump_head_bar:,.1f} bar, largest velocity {result.pipes['velocity_m_per_s'].abs().max():.2f} m/s, "
          f"largest DN {pipes['dn_mm'].max():.0f}")


def heatnet_run(scenario, repeat):
    """Median wall and CPU time of ``heatnet run`` in a fresh process, and the largest peak RSS (MB)."""
    times, cpu_times, peaks = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", RUN_WITH_PEAK_MEMORY, str(scenario)], capture_output=True,
                             text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=scenario.parent, check=False)
        times.append(time.perf_counter() - start)
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-2000:])
        peaks.append(int(out.stderr.rsplit("peak_rss_kb", 1)[1]) / 1024)
        cpu_times.append(float(out.stderr.rsplit("cpu_s", 1)[1].split()[0]))
    return statistics.median(times), statistics.median(cpu_times), max(peaks)


def pandapipes_case(net, repeat, modes=("hydraulics", "sequential"), timeout_s=None):
    """pandapipes on the network, timed in its own process; heatnet on the same sinks and water, with
    pandapipes' friction law and with its own default. Returns (heatnet's median solve time with
    pandapipes' law, pandapipes' output, gaps, loops), or None past ``timeout_s``."""
    nodes, pipes, loads, plants = net["nodes"]["id"], net["pipes"], node_loads_kw(net), net["plant_node"]
    u = np.full(len(pipes), 0.3)
    first = solve_hydraulics(nodes, pipes, loads, plants, u_w_per_m_k=u)
    inner, rough = pipe_geometry(pipes["dn_mm"])
    demand = first.nodes.set_index("node_id")["demand_kg_per_s"]
    case = {"nodes": list(nodes), "plant_node": plants, "supply_temp_c": 85.0, "ground_temp_c": 10.0,
            "repeat": repeat, "modes": list(modes),
            "pipes": [{"from_node": a, "to_node": b, "length_m": float(length), "diameter_m": float(d),
                       "roughness_m": float(k), "u_w_per_m_k": 0.3} for a, b, length, d, k in
                      zip(pipes["from_node"], pipes["to_node"], pipes["length_m"], inner, rough)],
            "sinks_kg_per_s": {n: float(v) for n, v in demand.items() if v > 0}}
    try:
        out = subprocess.run([str(PANDAPIPES_PYTHON), "-c", PANDAPIPES_TIMER], input=json.dumps(case),
                             capture_output=True, text=True, check=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return None
    theirs = json.loads(out.stdout)
    fluid = ConstantFluid(theirs["density_kg_per_m3"], theirs["viscosity_pa_s"], theirs["heat_capacity_j_per_kg_k"])
    same_sinks = loads * fluid.heat_capacity_j_per_kg_k(72.5) / float(WATER.heat_capacity_j_per_kg_k(72.5))
    gaps, solve_s = {}, None
    for law in ("colebrook", "colebrook_laminar"):
        network = PipeNetwork(nodes, pipes, plants, u_w_per_m_k=u, fluid=fluid, colebrook_divisor=3.71,
                              friction_law=law)
        network.solve(same_sinks)
        seconds, ours = median_time(lambda: network.solve(same_sinks), repeat)  # noqa: B023 (called here)
        solve_s = seconds if law == "colebrook" else solve_s
        flow, dp = ours.mass_flow_kg_per_s, ours.pipes["pressure_drop_bar"].to_numpy()
        below = ours.pipes["reynolds"].to_numpy() < 4000  # where the two laws differ
        dp_gap = np.abs(np.asarray(theirs["dp"]) / dp - 1)
        gaps[law] = {"flow": np.max(np.abs(np.asarray(theirs["flow"]) - flow) / np.abs(flow)), "dp": np.max(dp_gap),
                     "below_4000": int(below.sum()), "dp_below_4000": np.max(dp_gap[below], initial=0.0),
                     "worst_re": float(ours.pipes["reynolds"].to_numpy()[np.argmax(dp_gap)]),
                     "worst_of_largest": float(np.abs(dp[np.argmax(dp_gap)]) / np.max(np.abs(dp))),
                     "dp_of_largest": np.max(np.abs(np.asarray(theirs["dp"]) - dp)) / np.max(np.abs(dp))}
    return solve_s, theirs, gaps, network.n_loops


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per median (the 10^5 runs too)")
    parser.add_argument("--skip-pandapipes-100k", action="store_true", help="skip the 10^5 cross-check (minutes)")
    parser.add_argument("--skip-pandapipes", action="store_true", help="no pandapipes at all")
    parser.add_argument("--pipes", type=int, default=100_000, help="size of the large networks (a quick check: 10000)")
    parser.add_argument("--pandapipes-timeout", type=float, default=600.0, help="seconds given to pandapipes at "
                                                                                  "10^5 pipes")
    parser.add_argument("--compared-pipes", type=int, default=10_000, help="size of the networks timed against "
                                                                           "pandapipes")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "heatnet")], check=True)
    print(f"load average at start {load_average():.1f} on {os.cpu_count()} cores; heatnet's modules compiled first "
          f"(python -m compileall heatnet)")
    with tempfile.TemporaryDirectory() as tmp:
        mesh = generate_network(args.pipes, 0.02, seed=7)
        solve_after_preparation(mesh, args.repeat)
        for kind, loop_frac, target in (("mesh", 0.02, 10.0), ("tree", 0.0, 4.0)):
            scenario = write_network_folder(Path(tmp) / kind, args.pipes, loop_frac, seed=7)
            seconds, cpu_s, peak_mb = heatnet_run(scenario, args.repeat)
            print(f"heatnet run, {args.pipes:,}-pipe {kind}: median {seconds:.2f} s (CPU {cpu_s:.2f} s)   "
                  f"[target < {target:g} s]; peak memory "
                  f"{peak_mb:.0f} MB   [target < 500 MB]   (load average {load_average():.1f})")
    if args.skip_pandapipes:
        return
    if not PANDAPIPES_PYTHON.exists():
        print(f"no pandapipes environment at {PANDAPIPES_PYTHON}: run scripts/setup.sh test")
        return
    for kind, loop_frac in (("mesh", 0.02), ("tree", 0.0)):
        net = generate_network(args.compared_pipes, loop_frac, seed=3)
        solve_s, theirs, gaps, loops = pandapipes_case(net, args.repeat)
        hydraulics_s, sequential_s = theirs["hydraulics_median_seconds"], theirs["sequential_median_seconds"]
        print(f"{args.compared_pipes:,}-pipe {kind} ({loops} loops, {len(net['plants'])} districts), medians: heatnet "
              f"solve {solve_s * 1e3:.1f} ms; pandapipes hydraulics {hydraulics_s * 1e3:.0f} ms, ratio "
              f"{hydraulics_s / solve_s:.0f}x [target >= 20x]; sequential {sequential_s * 1e3:.0f} ms, ratio "
              f"{sequential_s / solve_s:.0f}x   (load average {load_average():.1f})")
        print_gaps(gaps)
    if not args.skip_pandapipes_100k:
        found = pandapipes_case(mesh, 1, modes=("hydraulics",), timeout_s=args.pandapipes_timeout)
        if found is None:
            print(f"{args.pipes:,}-pipe mesh: pandapipes did not finish its hydraulics within "
                  f"{args.pandapipes_timeout:.0f} s: no cross-check at this size")
            return
        _, theirs, gaps, loops = found
        print(f"{args.pipes:,}-pipe mesh ({loops} loops), pandapipes hydraulics {theirs['hydraulics_median_seconds']:.1f} s")
        print_gaps(gaps)


def print_gaps(gaps):
    like, default = gaps["colebrook"], gaps["colebrook_laminar"]
    print(f"  gaps, both tools with Colebrook-White at every Re (like for like), every pipe: flow {like['flow']:.1e} "
          f"relative [target 1e-6], pressure drop {like['dp']:.1e} relative [target 1 %]")
    print(f"  heatnet's default law (64/Re below Re 2,000, blended into Colebrook-White up to 4,000) differs from "
          f"pandapipes' on the {default['below_4000']:,} pipes below Re 4,000, by design (up to "
          f"{default['dp_below_4000']:.0%} of their own drop); the loops they sit on carry flows up to "
          f"{default['flow']:.1e} apart (relative) and drops up to {default['dp']:.0%} apart (that pipe at Re "
          f"{default['worst_re']:,.0f}, its drop {default['worst_of_largest']:.1e} of the largest); every drop within "
          f"{default['dp_of_largest']:.1e} of the network's largest")

if __name__ == "__main__":
    main()
