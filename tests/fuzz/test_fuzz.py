"""The quick fuzz profile: a few hundred seeded cases through the command line, judged by the oracle.

The long profile (>= 10,000 cases) runs on demand: ``python -m tests.fuzz --cases 10000`` (see
tests/fuzz/__init__.py); HEATNET_FUZZ_CASES sets this test's number of cases.
"""

import os

from tests.fuzz.runner import FAILURES, run_cases, summary

CASES = int(os.environ.get("HEATNET_FUZZ_CASES", "300"))


def test_quick_fuzz_profile():
    records = run_cases(seed=int(os.environ.get("HEATNET_FUZZ_SEED", "7")), start=0, stop=CASES)
    report = summary(records)
    assert report["cases"] == CASES
    failures = [f"#{r['done']} {r['kind']} {r['class']}: {r['label'][:80]} | {r['detail'][:200]}"
                for r in report["failures"]]
    assert not failures, "\n".join(failures)
    assert report["classes"].get("ok", 0) > CASES // 10  # the mutants do not all fail: the runs are exercised
    assert report["classes"].get("refused", 0) > CASES // 10
    assert not set(report["classes"]) & set(FAILURES)
