"""Time the Excel workbook of every shipped scenario (scenarios/*.yaml).

    python3 benchmarks/bench_export.py [--repeat N] [--concession]

Runs the scenarios once (timed apart), then builds and writes the workbook N times and
prints the best and median times. Target: under 2 s for the workbook. Not part of the
test suite.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heatnet.studies.concession import concession_view  # noqa: E402
from heatnet.workbook import write_workbook  # noqa: E402
from heatnet.scenarios import run_scenario  # noqa: E402

TARGET_S = 2.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--concession", action="store_true",
                        help="add the 2016-2033 concession view (computed once, outside the timing)")
    args = parser.parse_args(argv)
    paths = sorted((ROOT / "scenarios").glob("*.yaml"))
    start = time.perf_counter()
    results = [run_scenario(p) for p in paths]
    run_s = time.perf_counter() - start
    concession = None
    if args.concession:
        concession = concession_view(ROOT / "scenarios" / "timelines" / "concession_2016_2033.yaml")
    times = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "all.xlsx"
        for _ in range(args.repeat):
            start = time.perf_counter()
            write_workbook(results, out, concession=concession, overwrite=True)  # the same file each run
            times.append(time.perf_counter() - start)
        size_kb = out.stat().st_size / 1024
    rows = sum(len(r.bills) for r in results)
    print(f"{len(results)} scenarios, {rows} substation rows; model runs {run_s:.2f} s")
    print(f"workbook: best {min(times):.3f} s, median {statistics.median(times):.3f} s over {len(times)} "
          f"runs ({size_kb:.0f} kB); target {TARGET_S:.1f} s: {'met' if min(times) < TARGET_S else 'MISSED'}")
    return 0 if min(times) < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
