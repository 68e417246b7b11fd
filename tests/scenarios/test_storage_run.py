"""A heat store declared in a scenario (``operation.storage``) is dispatched by the run's linear program."""

import pytest

from heatnet.scenarios import run_scenario
from heatnet.scenarios.files import ScenarioError
from tests.conftest import SCENARIOS


def test_the_shipped_tank_is_dispatched_and_its_effect_reported():
    result = run_scenario(SCENARIOS / "storage_tank_2020.yaml")
    fig, op = result.figures, result.operation
    tank = fig["storage"]
    assert tank["capacity_mwh"] == 200 and tank["power_kw"] == 5000
    assert tank["draws"] == 16 and fig["outage_draws"] == 16  # the year is the expectation over the draws solved
    assert tank["renewable_frac_with"] == pytest.approx(fig["renewable_frac"])
    # it keeps LBE's heat for the hours gas would burn: 92.3 % -> 95.5 % on the same 16 draws
    assert tank["renewable_frac_with"] - tank["renewable_frac_without"] > 0.02
    base = run_scenario(SCENARIOS / "2020_balance.yaml")
    assert tank["renewable_frac_without"] == pytest.approx(base.figures["renewable_frac"], abs=0.01)  # 64 draws
    assert fig["gas_mwh"] < base.figures["gas_mwh"] and fig["co2_t"] < base.figures["co2_t"]
    # every MWh accounted for: production = sales + network losses + the tank's losses - unserved
    assert op.heat_input_mwh == pytest.approx(op.sales_mwh + op.losses_mwh + tank["lost_mwh"] - op.unserved_mwh,
                                              rel=1e-6)
    assert 0 < tank["lost_mwh"] < 0.05 * tank["charged_mwh"]
    assert tank["discharged_mwh"] == pytest.approx(tank["charged_mwh"] - tank["lost_mwh"])


def test_a_tank_with_a_resale_limit_is_refused(tmp_path):
    path = tmp_path / "tank_lievin.yaml"
    path.write_text(f"name: t\nbase: {SCENARIOS / 'lievin_interconnection.yaml'}\nyear: 2020\noperation:\n"
                    "  dju: 2483\n  resale_limit: {client: LIEVIN, plant_id: lbe}\n"
                    "  storage: {capacity_mwh: 10, power_kw: 1000}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="storage"):
        run_scenario(path)


def test_a_bad_tank_names_the_key(tmp_path):
    path = tmp_path / "bad_tank.yaml"
    path.write_text(f"name: t\nbase: {SCENARIOS / '2016_baseline.yaml'}\nyear: 2016\noperation:\n"
                    "  storage: {capacity_mwh: -5, power_kw: 1000}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="capacity_mwh"):
        run_scenario(path)


def test_a_seasonal_store_is_refused_with_its_filling_time(tmp_path):
    """1,000,000 MWh at 5 MW fills in 200,000 h: the windowed program would cover the year on each
    draw (over 20 s of CPU in the long fuzz, seed 14 case 8484) and its empty-at-each-window tank
    does not model a seasonal store. It is refused, naming the key and the 720 h limit."""
    path = tmp_path / "pit.yaml"
    path.write_text(f"name: t\nbase: {SCENARIOS / '2016_baseline.yaml'}\nyear: 2016\noperation:\n"
                    "  storage: {capacity_mwh: 1000000, power_kw: 5000}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"pit.yaml.*storage.*200,000 h.*720 h"):
        run_scenario(path)
