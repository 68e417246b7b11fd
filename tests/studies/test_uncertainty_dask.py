"""The same seed gives bit-identical results serially and on a real Dask LocalCluster of 2 worker
processes started here (no mock): sampling happens once, in the caller; tasks only evaluate."""

from pathlib import Path

import numpy as np
import pytest
import yaml

from heatnet.studies.uncertainty import run_study

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("dask.distributed")


def test_serial_and_local_cluster_are_bit_identical(tmp_path):
    study = tmp_path / "small.yaml"
    study.write_text(yaml.safe_dump({
        "name": "small", "scenario": str(ROOT / "scenarios" / "2020_balance.yaml"), "samples": 48, "seed": 11,
        "chunk_samples": 16, "sobol": None,
        "inputs": [{"kind": "energy_price", "fuel": "wood", "distribution": {"default": "wood_heat_price_lens"}},
                   {"kind": "energy_price", "fuel": "gas", "distribution": {"default": "gas_heat_price_lens"}},
                   {"kind": "climate_dju", "sales_dju": 2483, "distribution": {"default": "dju_lens"}},
                   {"kind": "availability", "plant_id": "lbe", "distribution": {"default": "lbe_availability"}},
                   # one realisation of the stops a sample (the lean merit order on the workers too)
                   {"kind": "outage_events", "distribution": {"default": "outage_realisation_64"}}]}),
        encoding="utf-8")
    seen = []
    serial = run_study(study, serial=True)
    cluster = run_study(study, workers=2, progress=lambda done, total: seen.append((done, total)))
    assert cluster.scheduler == "LocalCluster"
    assert list(serial.table.columns) == list(cluster.table.columns)
    for column in serial.table.columns:
        a, b = serial.table[column].to_numpy(), cluster.table[column].to_numpy()
        assert np.array_equal(a, b) if a.dtype == object else np.array_equal(a, b, equal_nan=True), column
    assert serial.report["figures"] == cluster.report["figures"]
    assert seen[-1] == (len(seen), len(seen)) and len(seen) == 1 + 1 + 3  # deterministic, tornado, 3 LHS chunks
    assert np.ptp(serial.table["average_price_eur_per_mwh"]) > 1  # the inputs did move the price
    assert serial.table["outage_realisation"].nunique() > 10
