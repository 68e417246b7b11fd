"""Run fuzz cases through ``heatnet.cli.main`` in worker processes, with a watchdog, and judge each one.

The oracle: exit 0 with only finite figures, or exit 2 with a message naming a file; never a
traceback, never a hang past 20 s, never more than 1 GiB of memory. ``import-gis`` may also
exit 1 after printing its report of the drawing's defects (its documented answer to a
drawing with defects), counted apart.

A worker runs many cases in one process (the network cache makes a case cost a fraction of a
second); it reports each case on its stdout as one JSON line, with its peak memory. The parent
kills a worker that does not finish a case within the time limit and starts another from the
next case.
"""

import contextlib
import io
import json
import math
import os
import re
import resource
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIME_LIMIT_S = 20.0  # a case's CPU time: the machine may be shared, wall time would measure the neighbours
KILL_AFTER_S = 120.0  # wall time without an answer after which the parent looks at the worker's CPU time
WALL_CAP_S = 1800.0  # a case still waiting for the processor after this long is a hang whatever its CPU time
MEMORY_LIMIT_MIB = 1024
FILE_NAME = re.compile(r"[\w.-]+\.(yaml|yml|csv|xlsx|geojson|gpkg|shp)\b")
FAILURES = ("traceback", "nonfinite", "unnamed", "other_exit", "hang", "memory", "crash")


# ---------------------------------------------------------------- non-finite figures

def _nonfinite(value, path=(), found=None):
    """(path, 'inf' or 'nan') of every non-finite float in a payload; list positions shown as '*'."""
    found = [] if found is None else found
    if isinstance(value, dict):
        for k, v in value.items():
            _nonfinite(v, path + (str(k),), found)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _nonfinite(v, path + ("*",), found)
    else:
        if hasattr(value, "item") and not isinstance(value, (str, bytes)):
            try:
                value = value.item()
            except (ValueError, TypeError):
                return found
        if isinstance(value, float) and not math.isfinite(value):
            found.append((".".join(path), "nan" if value != value else "inf"))
    return found


class Spy:
    """Sees every payload the command line turns into JSON (heatnet.io.jsonable), before NaN becomes null."""

    def __init__(self):
        import heatnet.io.jsonable as module

        self.module, self.original, self.inside, self.found = module, module.jsonable, False, []
        module.jsonable = self.jsonable

    def jsonable(self, value):
        if self.inside:
            return self.original(value)
        self.inside = True
        try:
            self.found.extend(_nonfinite(value))
            return self.original(value)
        finally:
            self.inside = False


# ---------------------------------------------------------------- one case

def run_argv(argv, spy):
    from heatnet.cli import main

    out, err = io.StringIO(), io.StringIO()
    spy.found = []
    tb = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException:  # noqa: BLE001 - this is what the oracle looks for
        code, tb = None, traceback.format_exc(limit=-3)
    return code, out.getvalue(), err.getvalue(), tb, list(spy.found)


def judge(case, code, stdout, stderr, tb, found, allowed_nan):
    """The class of one case's outcome, and a short detail."""
    if tb is not None:
        return "traceback", tb.strip().splitlines()[-1][:300] + " | " + " / ".join(
            line.strip() for line in tb.splitlines() if line.strip().startswith("File")
        )[-300:]
    if code == 0 or (code == 1 and case.kind == "gis"):
        bad = sorted({f"{p} ({k})" for p, k in found if k == "inf" or p not in allowed_nan.get(case.argv[0], ())})
        if bad:
            return "nonfinite", ", ".join(bad[:5])
        if code == 1:
            return "gis_defects_reported", ""
        return "ok", ""
    if code == 2:
        message = stderr.strip()
        if any(name and name in message for name in case.names) or "/" in message or FILE_NAME.search(message):
            return "refused", message[:200]
        return "unnamed", message[:300]
    return "other_exit", f"exit {code}: {stderr.strip()[-200:]}"


def baseline_nan(work):
    """Where the shipped scenarios' own figures are NaN (a figure that does not apply, e.g. a bridge's share):
    a mutant's NaN is a failure only elsewhere."""
    from tests.fuzz.mutate import SCENARIO_FILES

    spy = Spy()
    allowed = {}
    for name in SCENARIO_FILES:
        for argv in (["run", str(work / "scenarios" / name), "--json"],
                     ["hydraulics", str(work / "scenarios" / name), "--json"])[:2 if name.count("/") == 0 else 1]:
            code, _, err, tb, found = run_argv(argv, spy)
            assert code == 0 and tb is None, (argv, err, tb)
            allowed.setdefault(argv[0], set()).update(p for p, k in found if k == "nan")
    allowed["compare"] = {f"scenarios.*.{p}" for p in allowed["run"]} | {"table.*.*"}
    for argv in (["check", str(ROOT / "data" / "lens"), "--json"],
                 ["concession", str(work / "scenarios" / "timelines" / "concession_2016_2033.yaml"), "--json"]):
        code, _, err, tb, found = run_argv(argv, spy)
        assert code == 0 and tb is None, (argv, err, tb)
        allowed[argv[0]] = {p for p, k in found if k == "nan"}
    allowed["import-gis"] = set()
    return allowed


def setup(work):
    from tests.fuzz.mutate import gis_setup, workbook_setup

    shutil.copytree(ROOT / "scenarios", work / "scenarios")
    shutil.copytree(ROOT / "data", work / "data")
    os.mkfifo(work / "scenarios" / "fifo")
    gis_setup(work)
    workbook_setup(work)
    return baseline_nan(work)


def worker(seed, start, stop, work, only=None):
    """Run cases ``start`` .. ``stop - 1`` (or the numbers in ``only``), one JSON line each on stdout."""
    from tests.fuzz.mutate import cleanup, make_case

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = 4 * 2**30  # a runaway case fails here, not the machine; the 1 GiB oracle reads the peak below
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    work = Path(work)
    allowed = setup(work)
    allowed = {k: set(v) for k, v in allowed.items()}
    spy = Spy()
    numbers = only if only is not None else range(start, stop)
    for n in numbers:
        print(json.dumps({"start": n}), flush=True)
        t0 = time.process_time()
        try:
            case = make_case(seed, n, work)
        except Exception:  # noqa: BLE001 - a mutator bug is reported, not hidden
            print(json.dumps({"done": n, "class": "mutator_error", "kind": "?", "label": traceback.format_exc()[-300:],
                              "detail": "", "seconds": 0, "rss_mib": 0}), flush=True)
            continue
        code, out, err, tb, found = run_argv(case.argv, spy)
        cls, detail = judge(case, code, out, err, tb, found, allowed)
        seconds = time.process_time() - t0
        if seconds > TIME_LIMIT_S and cls not in FAILURES:
            cls, detail = "hang", f"{seconds:.1f} s of CPU"
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"done": n, "class": cls, "kind": case.kind, "label": case.label, "detail": detail,
                          "argv": case.argv[0], "seconds": round(seconds, 3),
                          "rss_mib": round(rss)}), flush=True)
        cleanup(work, n)
        if rss > MEMORY_LIMIT_MIB:
            return  # the peak is a high-water mark: a fresh worker measures the next cases


# ---------------------------------------------------------------- the parent

def _spawn(seed, start, stop, only):
    work = tempfile.mkdtemp(prefix="heatnet-fuzz-")
    cmd = [sys.executable, "-m", "tests.fuzz.runner", "--worker", str(seed), str(start), str(stop), work]
    if only is not None:
        cmd += [",".join(map(str, only))]
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MPLBACKEND="Agg", PYTHONHASHSEED="0")
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    return proc, Path(work)


def _cpu_state(pid):
    """A process's scheduler state ("R": running or waiting for a core; "S"/"D": blocked, e.g. on a
    FIFO) and CPU time (user + system, s), from /proc; ("?", inf) where /proc cannot tell, so that the
    wall-time limit alone decides."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return fields[0], (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return "?", math.inf


def _stop(proc, work):
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    shutil.rmtree(work, ignore_errors=True)


def run_cases(seed, start, stop, only=None, setup_timeout_s=1200, progress=None):
    """Run the cases; returns the list of per-case records (one per case, in order of completion)."""
    todo = list(only) if only is not None else list(range(start, stop))
    records = []
    while todo:
        proc, work = _spawn(seed, todo[0], todo[-1] + 1, todo if only is not None else None)
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        current, deadline = None, time.monotonic() + setup_timeout_s
        try:
            while True:
                events = sel.select(timeout=max(0.0, deadline - time.monotonic()))
                if not events:  # the case in progress overran the limit
                    if current is None:
                        raise RuntimeError("fuzz worker setup timed out")
                    state, cpu_s = _cpu_state(proc.pid)
                    if (state == "R" and cpu_s - case_cpu_s < TIME_LIMIT_S
                            and time.monotonic() - case_started < WALL_CAP_S):
                        deadline = time.monotonic() + KILL_AFTER_S  # computing, slowly: waiting for a core
                        continue
                    records.append({"done": current, "class": "hang", "kind": "?", "label": "",
                                    "detail": f"killed after {KILL_AFTER_S:g} s", "seconds": KILL_AFTER_S,
                                    "rss_mib": 0})
                    if progress:  # the parent's own verdicts go to the log as the worker's do
                        progress(records[-1])
                    todo = todo[todo.index(current) + 1:]
                    break
                line = proc.stdout.readline()
                if not line:  # the worker ended: finished, or died in a case, or left to reset its peak
                    proc.wait()
                    if current is not None:
                        records.append({"done": current, "class": "crash", "kind": "?", "label": "",
                                        "detail": f"worker exit {proc.returncode}: {proc.stderr.read()[-300:]}",
                                        "seconds": 0, "rss_mib": 0})
                        if progress:
                            progress(records[-1])
                        todo = todo[todo.index(current) + 1:]
                    elif not records and proc.returncode:
                        raise RuntimeError(f"fuzz worker failed: {proc.stderr.read()[-2000:]}")
                    break
                msg = json.loads(line)
                if "start" in msg:
                    current, deadline = msg["start"], time.monotonic() + KILL_AFTER_S
                    case_started, case_cpu_s = time.monotonic(), _cpu_state(proc.pid)[1]
                else:
                    if msg["rss_mib"] > MEMORY_LIMIT_MIB and msg["class"] not in FAILURES:
                        msg["class"], msg["detail"] = "memory", f"peak {msg['rss_mib']} MiB"
                    records.append(msg)
                    if progress:
                        progress(msg)
                    todo = todo[todo.index(msg["done"]) + 1:]
                    current = None
                    if not todo:
                        break
        finally:
            sel.close()
            _stop(proc, work)
    return records


def summary(records):
    counts = Counter(r["class"] for r in records)
    by_kind = Counter((r["kind"], r["class"]) for r in records)
    failures = [r for r in records if r["class"] in FAILURES or r["class"] == "mutator_error"]
    return {"cases": len(records), "classes": dict(sorted(counts.items())),
            "by_kind": {f"{k}/{c}": v for (k, c), v in sorted(by_kind.items())},
            "max_seconds": max((r["seconds"] for r in records), default=0),
            "max_rss_mib": max((r["rss_mib"] for r in records), default=0),
            "failures": failures}


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--worker":
    seed, start, stop, work = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    only = [int(x) for x in sys.argv[6].split(",")] if len(sys.argv) > 6 else None
    worker(seed, start, stop, work, only)
