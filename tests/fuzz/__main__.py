"""``python -m tests.fuzz --cases N [--seed S] [--workers W] [--only 3,17] [--out report.json]``."""

import argparse
import json
import sys
import threading
import time

from tests.fuzz.runner import FAILURES, run_cases, summary


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--first", type=int, default=0, help="number of the first case")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--only", help="replay these case numbers (comma-separated)")
    parser.add_argument("--out", help="write the records and the summary as JSON here")
    args = parser.parse_args(argv)
    started = time.monotonic()
    done = [0]
    log = open(args.out + "l", "a", encoding="utf-8") if args.out else None  # one record a line, as they come
    lock = threading.Lock()

    def progress(msg):
        with lock:
            done[0] += 1
            if log:
                log.write(json.dumps(msg) + "\n")
                log.flush()
        if msg["class"] in FAILURES or done[0] % 250 == 0:
            sys.stderr.write(f"[{time.monotonic() - started:7.0f} s] {done[0]} cases; #{msg['done']} {msg['kind']} "
                             f"{msg['class']}: {msg['label'][:80]} {msg['detail'][:200]}\n")

    if args.only:
        records = run_cases(args.seed, 0, 0, only=[int(x) for x in args.only.split(",")], progress=progress)
    else:
        records, threads = [], []
        step = -(-args.cases // args.workers)
        for w in range(args.workers):
            lo, hi = args.first + w * step, min(args.first + args.cases, args.first + (w + 1) * step)
            t = threading.Thread(target=lambda lo=lo, hi=hi: records.extend(run_cases(args.seed, lo, hi,
                                                                                       progress=progress)))
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
    report = summary(records)
    report.update(seed=args.seed, first=args.first, seconds=round(time.monotonic() - started))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"summary": report, "records": records}, f, indent=1)
    shown = {k: v for k, v in report.items() if k != "failures"}
    print(json.dumps(shown, indent=1))
    for r in report["failures"][:50]:
        print(f"#{r['done']} {r['kind']} {r['class']}: {r['label'][:100]} | {r['detail'][:300]}")
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
