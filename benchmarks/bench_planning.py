"""Time the connection program on a large district: 400 candidates and 1,000 route segments.

    PYTHONPATH=$PWD python benchmarks/bench_planning.py [--seed N] [--repeat R]

A random street tree of 1,000 segments (each street node hangs from an earlier one, 20-150 m),
400 candidate buildings on its nodes (houses of 8 kW and collective or public buildings of 50-600 kW,
1.2-2.0 MWh per kW), the Lens references (DN options with their capacity at 90/60 C and their
installed cost, the base 2020 unit values), the 3 kW/m rule, a budget, and each objective. Prints the
solve's wall and CPU time (the machine is shared: the load average is printed before and after),
HiGHS's status and its relative gap. The issue's target: proven optimum or a gap under 1 % in under 30 s.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import best  # noqa: E402
from heatnet.io.folder import load_network  # noqa: E402
from heatnet.model import physics  # noqa: E402
from heatnet.model.economics import load_references, substation_cost_eur  # noqa: E402
from heatnet.studies import planning as pl  # noqa: E402


def district(seed, n_candidates=400, n_segments=1000):
    rng = np.random.default_rng(seed)
    nodes = ["ROOT"] + [f"S{k}" for k in range(1, n_segments + 1)]
    parents = [nodes[int(rng.integers(max(0, k - 30), k))] for k in range(1, n_segments + 1)]
    streets = pd.DataFrame({"id": [f"E{k}" for k in range(1, n_segments + 1)], "from_node": parents,
                            "to_node": nodes[1:], "length_m": rng.uniform(20, 150, n_segments)})
    house = rng.random(n_candidates) < 0.7
    kw = np.where(house, 8.0, rng.uniform(50, 600, n_candidates))
    refs = load_references()
    cands = pd.DataFrame({"id": [f"C{i}" for i in range(n_candidates)],
                          "node_id": rng.choice(nodes[1:], n_candidates),
                          "service_length_m": np.where(house, 10.0, 15.0), "subscribed_kw": kw,
                          "heat_mwh": kw * rng.uniform(1.2, 2.0, n_candidates),
                          "dwellings": np.where(house, 1, rng.integers(0, 60, n_candidates))})
    cands["capex_eur"] = np.where(house, 5800.0, substation_cost_eur(kw, refs)) + cands["service_length_m"] * 778.0
    cands["alternative_cost_eur"] = cands["heat_mwh"] * 110.0
    cands["building_cost_eur"] = cands["dwellings"] * 20.0
    return streets, cands, refs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--solver", choices=pl.SOLVERS, default="highs",
                        help="highs: HiGHS's own interface (highspy) where installed; scipy: scipy.optimize.milp")
    parser.add_argument("--no-cuts", action="store_true", help="without the DN cover inequalities")
    parser.add_argument("--only", choices=("all", "unconstrained"), default="all")
    args = parser.parse_args()
    options = {"solver": args.solver, "cuts": not args.no_cuts}
    print(f"solver {args.solver}{' (highspy)' if args.solver == 'highs' and pl._highspy() else ''}, "
          f"cover inequalities {'off' if args.no_cuts else 'on'}")
    print("load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())
    streets, cands, refs = district(args.seed)
    net = load_network(ROOT / "data" / "lens")
    dns = pl.dn_table(physics.settings(net.params, refs), refs)
    tree = pl.route_tree(streets, {"ROOT": 12000.0})
    print(f"{len(cands)} candidates, {len(streets)} route segments ({len(tree)} on the tree), {len(dns)} DN options")
    for case, r1_costs in (("Lens 2020 units (R1 costs 43.98)", 43.98), ("cheap heat (R1 costs 25)", 25.0)):
        if args.only != "all":
            break
        print(case)
        econ = pl.Economics(41.0, r1_costs, 41.75, 0.0578, 10.0, 31170.0, 808283.0, 41 + 808283.0 / 31170.0)
        limits = pl.Limits(min_kw_per_m=3.0, budget_eur=8e6, plant_spare_kw=12000.0, max_price_rise_frac=0.05)
        _run(pl.PlanProblem(cands, tree, {"ROOT": 12000.0}, dns, econ, limits), args.repeat, options)
    print("without the kW/m rule and the budget (Lens 2020 units): many more candidates can connect")
    econ = pl.Economics(41.0, 43.98, 41.75, 0.0578, 10.0, 31170.0, 808283.0, 41 + 808283.0 / 31170.0)
    limits = pl.Limits(min_kw_per_m=None, budget_eur=None, plant_spare_kw=12000.0, max_price_rise_frac=0.05)
    _run(pl.PlanProblem(cands, tree, {"ROOT": 12000.0}, dns, econ, limits), args.repeat, options, time_limit_s=30.0,
         gap=0.01)
    print("load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())


def _run(problem, repeat, options, time_limit_s=60.0, gap=1e-4):
    for objective in pl.OBJECTIVES:
        cpu = time.process_time()
        seconds, sol = best(lambda: pl.solve(problem, objective, time_limit_s=time_limit_s, mip_rel_gap=gap, **options),
                            repeat)
        cpu = (time.process_time() - cpu) / repeat
        first = "" if objective != "dwellings" else f"  (most dwellings in {sol.first_stage_seconds:.2f} s wall; least-investment tie-break: {sol.tie_break_status})"
        print(f"{objective:15s} wall {seconds:6.2f} s  cpu {cpu:6.2f} s  status {sol.status:10s} gap {sol.mip_gap if sol.mip_gap is None else round(sol.mip_gap, 4)}  "
              f"value {sol.value:,.0f}  connected {len(sol.selected)}  segments {len(sol.segments)}{first}")


if __name__ == "__main__":
    main()
