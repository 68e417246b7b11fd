"""Cold start of the command line: ``heatnet run scenarios/2016_baseline.yaml --json`` in a new process.

    python benchmarks/bench_startup.py [--repeat 10]

Prints the median wall time of the command and of ``python -c "import pandas"`` measured in the
same run (the floor any pandas-based command pays), their ratio, and the heaviest imports of
the command (python -X importtime). heatnet's modules are compiled to bytecode first, as pip does
for the installed libraries and as Python does on a first run (unless PYTHONDONTWRITEBYTECODE is
set: every run would then compile about 50 modules again, and that is what would be measured).
Target: under 1.0 s on the 2-core reference machine, and no openpyxl, streamlit, geopandas or
networkx among the command's imports.
"""

import argparse
import subprocess
import sys
from pathlib import Path

from timing import median

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("openpyxl", "streamlit", "geopandas", "networkx", "shapely", "altair")


def run(args):
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return done


def import_profile():
    """(module, cumulative microseconds) for the top-level packages a cold run imports."""
    done = run(["-X", "importtime", "-m", "heatnet", "run", "scenarios/2016_baseline.yaml", "--json"])
    cumulative = {}
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
            name = parts[2]
            if not name.startswith(" ") and "." not in name and parts[1].isdigit():
                cumulative[name] = max(cumulative.get(name, 0), int(parts[1]))
    return sorted(cumulative.items(), key=lambda kv: -kv[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    run(["-m", "compileall", "-q", "heatnet"])  # bytecode, as an installed package has
    run(["-m", "heatnet", "run", "scenarios/2016_baseline.yaml", "--json"])  # warm the file cache
    command_s, _ = median(lambda: run(["-m", "heatnet", "run", "scenarios/2016_baseline.yaml", "--json"]),
                          args.repeat)
    pandas_s, _ = median(lambda: run(["-c", "import pandas"]), args.repeat)
    help_s, _ = median(lambda: run(["-m", "heatnet", "--help"]), args.repeat)
    profile = import_profile()
    print(f"heatnet run 2016_baseline --json   median of {args.repeat}: {command_s * 1000:7.0f} ms "
          f"(target < 1000 ms)")
    print(f"python -c 'import pandas'          median of {args.repeat}: {pandas_s * 1000:7.0f} ms")
    print(f"ratio run / import pandas: {command_s / pandas_s:.2f}")
    print(f"heatnet --help                     median of {args.repeat}: {help_s * 1000:7.0f} ms")
    print("heaviest imports (cumulative ms): " + ", ".join(f"{n} {us / 1000:.0f}" for n, us in profile[:8]))
    loaded = {name for name, _ in profile}
    print("heavy libraries imported: " + (", ".join(h for h in HEAVY if h in loaded) or "none"))


if __name__ == "__main__":
    main()
