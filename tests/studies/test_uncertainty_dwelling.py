"""Cost per dwelling against individual gas as an uncertainty figure (issue 16 wired to the comparator
of heatnet.studies.dwelling_cost): exact at the deterministic run, equal in both engines, and the gas
price moving both sides."""

from pathlib import Path

import numpy as np
import pytest
import yaml

from heatnet.scenarios import run_scenario
from heatnet.studies import dwelling_cost as dc
from heatnet.studies.uncertainty import run_study
from heatnet.studies.uncertainty.prepared import PreparedScenario
from heatnet.studies.uncertainty.sampling import QUANTILES
from heatnet.studies.uncertainty.study import Distribution, InputSpec

ROOT = Path(__file__).resolve().parents[2]
BALANCE = ROOT / "scenarios" / "2020_balance.yaml"
FIG = "cost_per_dwelling_vs_gas_eur"


def comparator_gap(figures):
    flat = dc.cost_per_dwelling(figures)["dwellings"]["flat"]
    return flat["network"]["total_ttc_eur"] - flat["gas_individual"]["total_ttc_eur"]


def test_points_give_the_comparator_of_the_deterministic_run_exactly(tmp_path):
    det = comparator_gap(run_scenario(BALANCE).figures)
    path = tmp_path / "points.yaml"
    path.write_text(yaml.safe_dump({
        "name": "points", "scenario": str(BALANCE), "samples": 20, "seed": 3, "chunk_samples": 8,
        "inputs": [{"kind": "r1", "distribution": {"kind": "point", "value": 41}},
                   {"kind": "climate_dju", "distribution": {"kind": "point", "value": 2483}},  # the scenario's operation.dju
                   {"kind": "availability", "plant_id": "lbe", "distribution": {"kind": "point", "value": 0.92}}],
        "sobol": {"base_samples": 8}}), encoding="utf-8")
    report = run_study(path, serial=True).to_dict()
    stats = report["figures"][FIG]
    for q in list(QUANTILES) + ["mean"]:
        assert stats[q] == det, (q, stats[q], det)
    assert stats["sem"] == 0.0
    assert report["deterministic"][FIG] == det
    event = report["events"]["network_dearer_than_gas"]
    assert event["probability"] == (1.0 if det > 0 else 0.0)


@pytest.fixture(scope="module")
def priced():
    specs = [InputSpec(kind="energy_price", fuel="wood", distribution=Distribution(kind="uniform", low=30, high=60)),
             InputSpec(kind="energy_price", fuel="gas", distribution=Distribution(kind="uniform", low=30, high=90))]
    return PreparedScenario(BALANCE, specs)


def test_fast_engine_equals_full_engine(priced):
    rng = np.random.default_rng(11)
    wood, gas = rng.uniform(30, 60, 5), rng.uniform(30, 90, 5)
    fast = priced.evaluate_batch({"energy_price_wood_eur_per_mwh": wood, "energy_price_gas_eur_per_mwh": gas})
    for i in range(len(wood)):
        full = priced.evaluate_full({"energy_price_wood_eur_per_mwh": wood[i], "energy_price_gas_eur_per_mwh": gas[i]})
        assert fast[FIG][i] == pytest.approx(full[FIG], rel=1e-9, abs=1e-9)


def test_gas_price_moves_the_network_r1_and_the_gas_alternative(priced):
    """+10 EUR/MWh of gas heat, wood fixed: the network's side moves through R1 (its gas share), the
    individual boiler's by 10 x the gas plants' efficiency per MWh of gas, VAT included."""
    wood = np.array([41.0, 41.0])
    gas = np.array([60.0, 70.0])  # the input's median is 60: the reference
    out = priced.evaluate_batch({"energy_price_wood_eur_per_mwh": wood, "energy_price_gas_eur_per_mwh": gas})
    data = dc.load_data()
    dwelling = dc.reference_dwelling(data)
    row = data["modes"].loc["gas_individual"]
    final_mwh = dwelling.heating_mwh / row["heating_efficiency_frac"] + dwelling.dhw_mwh / row["dhw_efficiency_frac"]
    efficiency = priced.efficiency[priced.fuels == "gas"].mean()
    gas_side = 10 * efficiency * final_mwh * 1.20  # VAT 20 % on gas energy
    r1_move = out["r1_eur_per_mwh"][1] - out["r1_eur_per_mwh"][0]
    assert r1_move > 0
    delivered = dwelling.heating_mwh / data["modes"].loc["network", "heating_efficiency_frac"] + \
        dwelling.dhw_mwh / data["modes"].loc["network", "dhw_efficiency_frac"]
    r1_vat = 0.055 if out["renewable_frac"][0] >= 0.5 else 0.20
    network_side = r1_move * delivered * (1 + r1_vat)
    assert out[FIG][1] - out[FIG][0] == pytest.approx(network_side - gas_side, rel=1e-9)


def test_dispatch_inputs_in_both_engines():
    specs = [InputSpec(kind="energy_price", fuel="wood", distribution=Distribution(kind="point", value=41)),
             InputSpec(kind="energy_price", fuel="gas", distribution=Distribution(kind="uniform", low=40, high=80)),
             InputSpec(kind="climate_dju", distribution=Distribution(kind="uniform", low=2000, high=3000)),
             InputSpec(kind="availability", plant_id="lbe", distribution=Distribution(kind="uniform", low=0.5, high=1))]
    prep = PreparedScenario(BALANCE, specs)
    columns = {"energy_price_wood_eur_per_mwh": np.array([41.0, 41.0]), "energy_price_gas_eur_per_mwh": np.array([45.0, 75.0]), "dju": np.array([2100.0, 2900.0]),
               "availability_lbe_frac": np.array([0.55, 0.95])}
    fast = prep.evaluate_batch(columns)
    for i in range(2):
        full = prep.evaluate_full({k: v[i] for k, v in columns.items()})
        assert fast[FIG][i] == pytest.approx(full[FIG], abs=0.5)  # EUR a year: the fast engine's losses
