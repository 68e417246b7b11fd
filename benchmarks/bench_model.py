"""Time the reference model and the scenarios (run on demand, not part of the test suite).

    python benchmarks/bench_model.py

Prints, best of several runs:
* ``heatnet run scenarios/2016_baseline.yaml --json`` end to end (a new Python process);
* the in-process evaluation of the baseline alone (network folder already loaded and cached);
* every shipped scenario in one process (target: under 50 ms each): once with nothing kept
  between runs (each scenario evaluates its whole chain of bases), and once as ``compare``
  and the dashboard run them, sharing the bases they have in common.
"""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heatnet.scenarios import clear_cache, run_scenario  # noqa: E402


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), sorted(times)[len(times) // 2]


def main():
    baseline = ROOT / "scenarios" / "2016_baseline.yaml"
    cli = best_of(lambda: subprocess.run([sys.executable, "-m", "heatnet", "run", str(baseline), "--json"],
                                         check=True, capture_output=True, cwd=ROOT), 5)
    print(f"heatnet run 2016_baseline --json, end to end: best {cli[0] * 1000:.0f} ms, median {cli[1] * 1000:.0f} ms")
    run_scenario(baseline)  # warm the network cache
    inproc = best_of(lambda: run_scenario(baseline, use_cache=False), 20)
    print(f"baseline evaluation in process:              best {inproc[0] * 1000:.1f} ms, "
          f"median {inproc[1] * 1000:.1f} ms")
    paths = sorted((ROOT / "scenarios").glob("*.yaml"))
    print("each shipped scenario alone, its whole chain of bases evaluated (nothing kept):")
    worst = 0.0
    for path in paths:
        best, median = best_of(lambda: run_scenario(path, use_cache=False), 10)
        worst = max(worst, best)
        print(f"  {path.name:<36} best {best * 1000:6.1f} ms  median {median * 1000:6.1f} ms")
    print(f"  slowest: {worst * 1000:.1f} ms")

    def all_in_one_process():
        clear_cache()
        for path in paths:
            run_scenario(path)

    best, median = best_of(all_in_one_process, 10)
    each = best / len(paths)
    print(f"all {len(paths)} shipped scenarios in one process, bases shared: best {best * 1000:.1f} ms "
          f"(median {median * 1000:.1f} ms), {each * 1000:.1f} ms per scenario "
          f"({'meets' if each < 0.05 else 'MISSES'} the 50 ms target)")


if __name__ == "__main__":
    main()
