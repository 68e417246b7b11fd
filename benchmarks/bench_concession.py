"""Time the whole concession 2013-2033 in process, with a dispatch per projected year.

    python benchmarks/bench_concession.py

The timeline ``scenarios/timelines/concession_2013_2033.yaml`` has 21 years: 2014-2016 from
their accounts, 18 projected years each with its own hourly dispatch (8,760 or 8,784 hours,
the year's climate and sales). Prints best-of-N times of:

* the cold study: the scenarios already run (their results are kept per process, as in the
  dashboard), every year's dispatch computed anew; target 100 ms;
* one dispatch (``run_operation``) of a projected year, the part that dominates;
* the warm study: the same timeline again, the dispatches kept per process (what the dashboard
  pays on a re-render).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import best  # noqa: E402
from heatnet.studies import concession  # noqa: E402
from heatnet.model.operation import OperationSettings, run_operation  # noqa: E402
from heatnet.scenarios import run_scenario  # noqa: E402

TIMELINE = ROOT / "scenarios" / "timelines" / "concession_2013_2033.yaml"


def cold():
    concession._DISPATCH_CACHE.clear()
    return concession.concession_study(TIMELINE)


def main():
    study = cold()  # runs the scenarios once (kept per process) and warms the imports
    projected = sum(1 for y in study.years if y["kind"] == "projection")
    t_cold, _ = best(cold, 3)
    baseline = run_scenario(ROOT / "scenarios" / "2016_baseline.yaml")
    settings = OperationSettings(dju=2622)
    t_one, _ = best(lambda: run_operation(baseline.state.substations, baseline.state.plants, settings, year=2017,
                                          reference_dju=2622, co2_factors={"gas": 0.227, "wood": 0.024},
                                          hourly_losses_kw=baseline.physics.losses_kw[:8760]), 5)
    t_warm, _ = best(lambda: concession.concession_study(TIMELINE), 5)
    print(f"concession 2013-2033: {len(study.years)} years, {projected} dispatched")
    print(f"  cold (a dispatch per projected year): {t_cold * 1000:8.1f} ms   (target 100 ms)")
    print(f"  one run_operation (2017):             {t_one * 1000:8.1f} ms   x {projected} = "
          f"{t_one * projected * 1000:.0f} ms")
    print(f"  engine without the dispatch (warm):   {t_warm * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
