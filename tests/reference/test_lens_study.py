"""Whole scenarios against the figures the study publishes (study 002, section 3)."""

import pytest

from heatnet.scenarios import compare, run_scenario
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def baseline():
    return run_scenario(SCENARIOS / "2016_baseline.yaml")


@pytest.fixture(scope="module")
def balance_2020():
    return run_scenario(SCENARIOS / "2020_balance.yaml")


def test_baseline_quantities(baseline):
    f = baseline.figures
    assert f["subscribed_kw"] == 23992
    # the substation table's 43,240.91; the operating table rounds it to 43,241
    assert f["heat_sold_mwh"] == pytest.approx(43240.91, abs=1e-6)
    assert f["substations"] == 37


def test_baseline_price_accounts_basis(baseline):
    # study §3.3.2: 55.36 EUR HT/MWh = (1,756 + 637.4) kEUR / 43,241 MWh; the printed kEUR are
    # rounded, and 2,393.4 / 43.24091 = 55.350: within the acceptance's 0.05
    assert baseline.figures["price_basis"] == "accounts"
    assert baseline.figures["average_price_eur_per_mwh"] == pytest.approx(55.36, abs=0.05)
    assert baseline.figures["r1_revenue_eur"] == pytest.approx(1_756_000)
    assert baseline.figures["r2_revenue_eur"] == pytest.approx(637_400)


def test_baseline_tariff_basis_is_reported_too(baseline):
    # 41.74 x 43,240.91 + 26.67 x 23,992 over 43,240.91 MWh
    assert baseline.figures["average_price_tariff_basis_eur_per_mwh"] == pytest.approx(
        41.74 + 26.67 * 23992 / 43240.91, abs=1e-9)


def test_baseline_vat_and_renewable_share(baseline):
    # 2016 heat input: biomass 37,269 of 48,182 MWh = 77 % (study §3.3.1) -> R1 at 5.5 %; the hourly
    # dispatch with the calibrated LBE stop reproduces it within half a point
    assert baseline.figures["renewable_frac_reported"] == pytest.approx(37269 / 48182)
    assert baseline.figures["renewable_frac"] == pytest.approx(37269 / 48182, abs=0.005)
    assert baseline.figures["r1_vat_frac"] == 0.055
    assert baseline.figures["average_price_ttc_eur_per_mwh"] == pytest.approx(
        baseline.figures["average_price_eur_per_mwh"] * 1.055)


def test_hospital_shares(baseline):
    hospital = baseline.bills.set_index("id").loc["14"]
    # study §3.4: 43 % of consumption, 36 % of subscribed power (18,517 / 43,241; 8,725 / 23,992)
    assert hospital["heat_frac"] == pytest.approx(0.428, abs=0.0005)
    assert hospital["subscribed_frac"] == pytest.approx(0.364, abs=0.0005)
    # study §3.7: its closure is -42 % of turnover
    assert 0.40 <= hospital["turnover_frac"] <= 0.43


def test_hospital_closure_turnover_loss():
    result = run_scenario(SCENARIOS / "hospital_closure.yaml")
    loss = -result.figures["delta_turnover_hold_unit_frac"]
    assert 0.40 <= loss <= 0.43
    assert result.figures["subscribed_kw"] == 23992 - 8725


def test_2020_balance(balance_2020):
    f = balance_2020.figures
    assert f["subscribed_kw"] == pytest.approx(19360, abs=100)
    assert f["heat_sold_mwh"] == pytest.approx(31170, abs=150)
    # R1 41 and the R2 total held: 41 + 637.4 kEUR / 31,170 MWh = 61.4 (study: "environ 61", +10 %)
    assert f["average_price_eur_per_mwh"] == pytest.approx(61.4, abs=0.5)
    assert f["r2_revenue_eur"] == pytest.approx(637_400)
    assert f["delta_price_frac"] == pytest.approx(0.10, abs=0.015)


def test_2020_balance_bridge_sums_to_the_price(balance_2020):
    bridge = balance_2020.bridge
    assert bridge[0]["price_eur_per_mwh"] == pytest.approx(55.35, abs=0.01)
    total = sum(step["delta_eur_per_mwh"] for step in bridge)
    assert bridge[0]["price_eur_per_mwh"] + total == pytest.approx(balance_2020.figures["average_price_eur_per_mwh"])
    labels = [step["label"] for step in bridge]
    assert any("substation_no 14" in label for label in labels)
    assert any("renovate" in label for label in labels)
    assert any("Extensions DSP" in label for label in labels)


def test_dsp_extensions_density_and_investment_by_hand():
    result = run_scenario(SCENARIOS / "dsp_extensions.yaml")
    (ext,) = result.extensions
    assert ext["substations"] == 21
    assert ext["subscribed_kw"] == pytest.approx(4093, abs=1e-3)
    assert ext["heat_mwh"] == pytest.approx(8934.09, abs=1e-2)
    assert ext["length_m"] == pytest.approx(1000)
    # contract rule: kW per metre of pipe excluding individual branches: 4,093 / 580 m
    assert ext["kw_per_m"] == pytest.approx(4093 / 580, rel=1e-6)
    assert ext["meets_contract_rule"] is True
    assert ext["mwh_per_m"] == pytest.approx(8.93409, rel=1e-4)
    # pipes: 580 m DN 150 at 1,126 EUR/m + 21 x 20 m DN 65 at 778 + (936 - 778) x 15/50 = 825.4 EUR/m
    assert ext["capex_pipes_eur"] == pytest.approx(580 * 1126 + 420 * 825.4, rel=1e-9)
    # substations of 194.9 kW: 28 kEUR each (ELCIMAI band 100-500 kW)
    assert ext["capex_substations_eur"] == pytest.approx(21 * 28000)


def test_every_shipped_scenario_runs():
    paths = sorted(SCENARIOS.glob("*.yaml"))
    assert len(paths) >= 8
    results, table = compare(paths)
    for result in results:
        f = result.figures
        assert f["heat_sold_mwh"] > 0 and f["average_price_eur_per_mwh"] > 0
        if result.bridge:
            total = result.bridge[0]["price_eur_per_mwh"] + sum(s["delta_eur_per_mwh"] for s in result.bridge)
            assert total == pytest.approx(f["average_price_eur_per_mwh"])
    assert list(table.columns) == [r.name for r in results]


def test_extension_12_14_assumptions_by_hand():
    result = run_scenario(SCENARIOS / "extension_12_14.yaml")
    ext = {e["name"]: e for e in result.extensions}
    houses = ext["12-14 maisons"]
    assert houses["substations"] == 288 and houses["subscribed_kw"] == pytest.approx(288 * 8)
    assert houses["length_m"] == pytest.approx(2900 + 288 * 10)
    assert houses["kw_per_m"] == pytest.approx(288 * 8 / 2900)  # services excluded
    assert houses["meets_contract_rule"] is False and houses["meets_fonds_chaleur"] is False
    collective = ext["12-14 collectif et équipements"]
    assert collective["subscribed_kw"] == pytest.approx(4 * 115 + 3 * 150)
    assert collective["capex_substations_eur"] == pytest.approx(7 * 28000)
    variant = run_scenario(SCENARIOS / "extension_12_14_collective.yaml")
    assert variant.figures["average_price_eur_per_mwh"] < result.figures["average_price_eur_per_mwh"]


def test_lievin_interconnection_adds_its_sales_and_plants():
    result = run_scenario(SCENARIOS / "lievin_interconnection.yaml")
    base = run_scenario(SCENARIOS / "new_hospital.yaml")
    assert result.figures["heat_sold_mwh"] - base.figures["heat_sold_mwh"] == pytest.approx(17000)
    assert "lievin_gas_boilers" in set(result.state.plants["id"])
