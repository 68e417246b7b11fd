"""Like-for-like comparisons: an actual year's normalised twin and the bridge's climate-and-outages step."""

import pytest

from heatnet.scenarios import run_scenario
from heatnet.scenarios.twin import run_normalised_twin
from tests.conftest import SCENARIOS

ENERGY = ("renewable_frac", "renewable_frac_p10", "renewable_frac_p90", "co2_t", "gas_mwh", "heat_input_mwh",
          "heat_sold_mwh", "heat_sold_corrected_mwh", "rigueur", "dju", "unserved_mwh")
MONEY = ("r1_revenue_eur", "r2_revenue_eur", "average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh")


def no_measure(tmp_path):
    path = tmp_path / "nothing.yaml"
    path.write_text(f"name: Rien\nbase: {SCENARIOS / '2016_baseline.yaml'}\nyear: 2016\n", encoding="utf-8")
    return path


def test_no_measure_scenario_reproduces_the_baselines_normalised_twin(tmp_path):
    baseline = run_scenario(SCENARIOS / "2016_baseline.yaml")
    twin = run_normalised_twin(SCENARIOS / "2016_baseline.yaml")
    derived = run_scenario(no_measure(tmp_path))
    for key in ENERGY:
        assert derived.figures[key] == twin.figures[key], key
    for key in MONEY:
        assert derived.figures[key] == pytest.approx(twin.figures[key], rel=1e-12), key
    assert derived.figures["plants"] == twin.figures["plants"]
    # the twin is not the actual year: the reference climate sells more, and without the 42-day stop
    # LBE supplies more of it
    assert twin.figures["dju"] == pytest.approx(2622) and baseline.figures["dju"] == pytest.approx(2483)
    assert twin.figures["heat_sold_mwh"] > baseline.figures["heat_sold_mwh"]
    assert twin.figures["heat_sold_mwh"] == pytest.approx(baseline.figures["heat_sold_corrected_mwh"])
    assert twin.figures["renewable_frac"] > baseline.figures["renewable_frac"] + 0.1


def test_bridge_shows_climate_and_outages_as_its_own_step(tmp_path):
    baseline = run_scenario(SCENARIOS / "2016_baseline.yaml")
    derived = run_scenario(no_measure(tmp_path))
    steps = {s["step"]: s for s in derived.bridge}
    assert "climate_and_outages" in steps
    # no measure: the whole price change is the climate (more heat sold, the R2 total spread over it)
    assert steps["climate_and_outages"]["delta_eur_per_mwh"] < 0
    total = derived.figures["average_price_eur_per_mwh"] - baseline.figures["average_price_eur_per_mwh"]
    assert steps["climate_and_outages"]["delta_eur_per_mwh"] == pytest.approx(total, abs=1e-9)
    assert steps["end"]["delta_eur_per_mwh"] == pytest.approx(0, abs=1e-9)
    # a study scenario on 2016's climate: the step is there and is zero for the climate
    closure = run_scenario(SCENARIOS / "hospital_closure.yaml")
    step = next(s for s in closure.bridge if s["step"] == "climate_and_outages")
    assert step["delta_eur_per_mwh"] == pytest.approx(0, abs=1e-9)
