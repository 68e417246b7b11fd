"""Time uncertainty studies: one deterministic scenario in process, samples per second serially and
on a Dask LocalCluster, and the 10^5 scenario-years target.

    python benchmarks/bench_uncertainty.py [--samples 100000] [--workers 2]

Prints, for the 2020 balance (scenarios/studies/balance_2020_lbe_price.yaml), wall and CPU times
(``time.process_time``; this machine is shared: the load average is printed with each figure):

* the deterministic Lens scenario: the prepared scenario's fast engine (one sample), and the full
  ``evaluate()`` for comparison (target: under 10 ms in process);
* samples per second of the fast engine, serially: prices only (the re-priced year) and the whole
  study (climate, availability, the outage realisation, sales, renovation: one dispatch of one
  realisation of the stops per sample), and its peer in the same run: the same samples each
  dispatched over the scenario's 64 outage draws (the expected year per sample, as before the
  outage realisation was an input), with the ratio;
* the whole study at ``--samples`` Latin hypercube samples (one scenario-year each) serially and on
  a LocalCluster of ``--workers`` processes, start-up included (target: 10^5 in under 60 s).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import best, best_wall_cpu as timed, load  # noqa: E402
from heatnet.studies.uncertainty import read_study, run_study  # noqa: E402
from heatnet.studies.uncertainty.prepared import PreparedScenario  # noqa: E402
from heatnet.studies.uncertainty.run import values_of  # noqa: E402

STUDY = ROOT / "scenarios" / "studies" / "balance_2020_lbe_price.yaml"


def deterministic(study):
    """The scenario prepared once with the study's price inputs, then evaluated at the scenario's own
    prices (the year re-priced, no dispatch), at the study's medians (one dispatch), and by evaluate()."""
    start = time.perf_counter()
    prices = [s for s in study.inputs if s.kind == "energy_price"]
    prep = PreparedScenario((STUDY.parent / study.scenario).resolve(), prices)
    prepare_s = time.perf_counter() - start
    own = {"energy_price_wood_eur_per_mwh": np.array([40.951]), "energy_price_gas_eur_per_mwh": np.array([52.25])}
    own_s, _ = best(lambda: prep.evaluate_batch(own), 50)
    whole = PreparedScenario((STUDY.parent / study.scenario).resolve(), study.inputs)
    median = values_of(study, np.full((1, len(study.inputs)), 0.5))
    whole.evaluate_batch(median)
    median_s, _ = best(lambda: whole.evaluate_batch(median), 50)  # the medians: one realisation (32nd draw)
    from heatnet.scenarios.evaluate import evaluate

    r = prep.result
    full_s, _ = best(lambda: evaluate(r.path, r.scenario, r.state, r.network, base=r.base, root=r.root,
                                      refs=prep.refs), 5)
    print(f"prepare the scenario (chain run once):            {prepare_s * 1e3:9.1f} ms   {load()}")
    print(f"deterministic scenario, fast engine (re-priced):   {own_s * 1e3:9.3f} ms   target < 10 ms")
    print(f"deterministic scenario at the medians (one dispatched realisation): {median_s * 1e3:8.3f} ms")
    print(f"deterministic scenario, full evaluate():           {full_s * 1e3:9.1f} ms")
    return prep, whole


def engine_rates(study, prep, whole, n=4096, n_peer=256):
    u = np.random.default_rng(0).random((n, len(study.inputs)))
    columns = values_of(study, u)
    prices = {k: v for k, v in columns.items() if k.startswith("energy_price")}
    t, _ = best(lambda: prep.evaluate_batch(prices), 3)
    print(f"fast engine, prices only:     {n / t:12,.0f} samples/s serial (the dispatched year re-priced)")
    cold = timed(lambda: whole.evaluate_batch(columns))
    warm = timed(lambda: whole.evaluate_batch(columns), 2)
    print(f"fast engine, whole study:     {n / cold[0]:12,.0f} samples/s serial wall, {n / cold[1]:,.0f} CPU "
          f"(typical years computed); {n / warm[0]:,.0f} wall, {n / warm[1]:,.0f} CPU (cached)   {load()}")
    expected = {k: (np.zeros(n_peer) if k == "outage_realisation" else v[:n_peer]) for k, v in columns.items()}
    peer = timed(lambda: whole.evaluate_batch(expected))
    print(f"  peer: each sample the expected year over 64 draws: {n_peer / peer[0]:,.0f} samples/s wall, "
          f"{n_peer / peer[1]:,.0f} CPU -> one realisation a sample {peer[1] / n_peer / (warm[1] / n):.0f}x "
          f"faster (CPU)   {load()}")


def sweep(samples, workers):
    with tempfile.TemporaryDirectory() as tmp:
        raw = yaml.safe_load(STUDY.read_text(encoding="utf-8"))
        raw.update({"scenario": str((STUDY.parent / raw["scenario"]).resolve()), "sobol": None, "tornado": False,
                    "chunk_samples": 2048})
        path = Path(tmp) / "bench.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        for label, kwargs in (("serial", {"serial": True}), (f"LocalCluster x{workers}", {"workers": workers})):
            start, start_cpu = time.perf_counter(), time.process_time()
            run = run_study(path, samples=samples, **kwargs)
            total, cpu = time.perf_counter() - start, time.process_time() - start_cpu
            print(f"{samples:,} scenario-years, {label:16s}: {total:7.1f} s all in ({samples / total:,.0f} samples/s; "
                  f"sampling + evaluation {run.elapsed_s:.1f} s; this process's CPU {cpu:.1f} s)   target < 60 s   "
                  f"{load()}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    study = read_study(STUDY)
    prep, whole = deterministic(study)
    engine_rates(study, prep, whole)
    sweep(args.samples, args.workers)


if __name__ == "__main__":
    main()
