"""Time the whole concession 2013-2033 in process, with a dispatch per projected year.

    python benchmarks/bench_concession.py

The timeline ``scenarios/timelines/concession_2013_2033.yaml`` has 21 years: 2014-2016 from
their accounts, 18 projected years each with the hourly dispatch of its inputs (8,760 or 8,784
hours, the year's climate and sales; 64 outage draws from 2019). Prints best-of-N wall and CPU times
(``time.process_time``) and the machine's load average (a shared machine: the CPU time is the
steadier figure) of:

* the cold study: the scenarios already run (their results are kept per process, as in the
  dashboard), the per-process tables of dispatches and plant years emptied, so every distinct
  year's dispatch is computed anew and the plants of the year (capacities, drawn stops) rebuilt
  (a year whose dispatch inputs equal an earlier year's of the same study takes that year's
  operation: 7 dispatches for the 18 projected years); target 100 ms; the same with every
  projected year dispatched (no year shares another's: what a timeline whose years all differ
  pays per year); and the same with the plants of the year kept (what a second timeline on the
  same scenarios pays);
* one projected year's dispatch (``run_operation`` of the 2020 balance in 2025, 64 draws, no
  tables), the part that dominates;
* the warm study: the same timeline again, the dispatches kept per process (what the dashboard
  pays on a re-render);
* the peer, measured in the same run: the same cold study with the former merit order (every
  draw filled in turn) and the hourly tables, as before this benchmark's target; and the ratio.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import best_wall_cpu as timed, load  # noqa: E402
from heatnet.model import dispatch, operation  # noqa: E402
from heatnet.model.demand import read_profiles  # noqa: E402
from heatnet.scenarios import run_scenario  # noqa: E402
from heatnet.studies import concession  # noqa: E402

TIMELINE = ROOT / "scenarios" / "timelines" / "concession_2013_2033.yaml"


def cold():
    concession._DISPATCH_CACHE.clear()
    operation._PLANT_YEARS.clear()
    return concession.concession_study(TIMELINE)


class _KeepsNone(dict):
    """A study's table of shared dispatches that keeps none."""

    def __setitem__(self, key, value):
        pass


def cold_every_year():
    """The cold study with every projected year dispatched: no year takes an equal year's operation."""
    setup = concession._setup

    def forgetful(*args):
        out = setup(*args)
        out.dispatches = _KeepsNone()
        return out
    concession._setup = forgetful
    try:
        return cold()
    finally:
        concession._setup = setup


def cold_dispatches():
    """Every year's dispatch anew, the plants of each year (capacities, drawn stops) kept per process."""
    concession._DISPATCH_CACHE.clear()
    return concession.concession_study(TIMELINE)


def peer():
    """The cold study as it ran before: each draw filled in turn, the hourly tables built."""
    merit, run = dispatch.merit_order_draws, operation.run_operation
    dispatch.merit_order_draws = lambda *a, hourly=True: dispatch._merit_order_each_draw(*a, True)
    operation.run_operation = lambda *a, tables=True, **k: run(*a, tables=True, **k)
    try:
        return cold()
    finally:
        dispatch.merit_order_draws, operation.run_operation = merit, run


def distinct_dispatches():
    """How many dispatches the cold study runs (the projected years whose inputs differ)."""
    years, run = [], operation.run_operation
    operation.run_operation = lambda *a, **k: years.append(k["year"]) or run(*a, **k)
    try:
        cold()
    finally:
        operation.run_operation = run
    return len(years)


def line(label, times, note=""):
    print(f"  {label:42s} {times[0] * 1000:8.1f} ms wall {times[1] * 1000:8.1f} ms CPU   {load()}"
          f"{note}")


def main():
    study = cold()  # runs the scenarios once (kept per process) and warms the imports
    projected = sum(1 for y in study.years if y["kind"] == "projection")
    distinct = distinct_dispatches()
    print(f"concession 2013-2033: {len(study.years)} years, {projected} projected, {distinct} distinct dispatches")
    t_cold = timed(cold, 7)
    line("cold (a dispatch per distinct year)", t_cold, "   target < 100 ms")
    line("  every projected year dispatched", timed(cold_every_year, 7))
    t_kept = timed(lambda: cold_dispatches(), 7)
    line("  dispatches anew, plants of the year kept", t_kept)
    balance = run_scenario(ROOT / "scenarios" / "2020_balance.yaml")
    settings = operation.OperationSettings(dju=2622)
    losses = concession._losses_kw(balance, 2025)
    profiles = read_profiles()

    def one_year():
        operation._PLANT_YEARS.clear()
        return operation.run_operation(balance.state.substations, balance.state.plants, settings, year=2025,
                                       reference_dju=2622, co2_factors={"gas": 0.227, "wood": 0.024},
                                       profiles=profiles, hourly_losses_kw=losses, tables=False)
    t_year = timed(one_year, 7)
    line("one projected year (2025, 64 draws)", t_year, f"   x {distinct} = {t_year[1] * distinct * 1000:.0f} ms CPU")
    t_year_kept = timed(lambda: operation.run_operation(
        balance.state.substations, balance.state.plants, settings, year=2025, reference_dju=2622,
        co2_factors={"gas": 0.227, "wood": 0.024}, profiles=profiles, hourly_losses_kw=losses, tables=False), 7)
    line("  same, its plants of the year kept", t_year_kept)
    t_warm = timed(lambda: concession.concession_study(TIMELINE), 7)
    line("warm (dispatches kept: the engine alone)", t_warm)
    t_peer = timed(peer, 3)
    line("peer: cold, former merit order + tables", t_peer,
         f"   -> {t_peer[0] / t_cold[0]:.1f}x wall, {t_peer[1] / t_cold[1]:.1f}x CPU")


if __name__ == "__main__":
    main()
