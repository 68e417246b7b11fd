"""Warnings: the figures that should alarm a planner, as data, on the shipped scenarios and on small tables."""

from pathlib import Path

import pandas as pd
import pytest

from heatnet.i18n import warning_text
from heatnet.scenarios import run_scenario
from heatnet.scenarios.warnings import bill_outlier_warnings, density_warnings, peak_warnings

ROOT = Path(__file__).resolve().parents[2]


def _kinds(result):
    return [w["kind"] for w in result.warnings]


def test_extension_12_14_flags_the_overloaded_trunk_and_the_pump_head():
    """The houses' trunk is over its capacity at -9 °C and the pump head over PN 16: both alarms, with the
    figures of the scenario's own design point (the load and the head move with the typical year's design
    loads: 143 % and 27.2 bar before the heating season shaped the year, 165 % and 35.9 bar with it, 150 %
    and 29.8 bar since the buildings follow the design cold spell through their inertia)."""
    result = run_scenario(ROOT / "scenarios" / "extension_12_14.yaml")
    design = result.hydraulics
    overloads = [w for w in result.warnings if w["kind"] == "pipe_overload"]
    assert overloads[0]["extension"] == "12-14 maisons"
    assert overloads[0]["value"] == max(w["value"] for w in overloads) == pytest.approx(design.max_load_frac)
    assert overloads[0]["value"] > 1.0
    pressure = next(w for w in result.warnings if w["kind"] == "pressure_over_rating")
    assert pressure["pump_head_bar"] == pytest.approx(design.pump_head_bar) and pressure["pump_head_bar"] > 16.0
    assert pressure["limit"] == 16.0  # PN 16, data/france/parameters.yaml
    assert result.warnings[0]["severity"] == "alarm"
    # both extensions of the 12/14 district fail both density rules (0.50 MWh/m against 1.5)
    fonds = {w["subject"]: w["value"] for w in result.warnings if w["kind"] == "density_fonds_chaleur"}
    assert fonds["12-14 maisons"] == pytest.approx(0.50, abs=0.005)
    assert "density_contract" in _kinds(result)
    load_text = f"{overloads[0]['value'] * 100:.0f} %"
    head_text = f"{pressure['pump_head_bar']:.1f}".replace(".", ",")
    assert load_text in warning_text(overloads[0], "fr") and head_text in warning_text(pressure, "fr")


def test_baseline_flags_substation_20_and_the_flaubert_bill_but_no_pipe():
    result = run_scenario(ROOT / "scenarios" / "2016_baseline.yaml")
    assert "pipe_overload" not in _kinds(result) and "pressure_over_rating" not in _kinds(result)
    peak = next(w for w in result.warnings if w["kind"] == "peak_over_subscribed")
    assert peak["substation_id"] == "20" and peak["value"] > 1.4
    outliers = [w for w in result.warnings if w["kind"] == "bill_per_dwelling_outlier"]
    assert outliers[0]["substation_id"] == "31A" and outliers[0]["value"] > 6000
    assert "warnings" in result.to_dict()


def test_lievin_pressure_over_pn16_with_static_pressure():
    result = run_scenario(ROOT / "scenarios" / "lievin_interconnection.yaml")
    pressure = next(w for w in result.warnings if w["kind"] == "pressure_over_rating")
    # the head of the design point plus the 3 bar static pressure, over PN 16 (13.2 bar of head before the
    # heating season shaped the typical year, 17.1 with it, 14.4 with the buildings' inertia: 17.4 with the
    # static pressure)
    assert pressure["pump_head_bar"] == pytest.approx(result.hydraulics.pump_head_bar)
    assert pressure["value"] == pytest.approx(pressure["pump_head_bar"] + 3.0) and pressure["value"] > 16.0


def test_peak_warnings_only_over_subscribed():
    peaks = pd.DataFrame({"id": ["a", "b"], "peak_kw": [120.0, 80.0], "subscribed_kw": [100.0, 100.0],
                          "peak_frac_of_subscribed": [1.2, 0.8]})
    subs = pd.DataFrame({"id": ["a", "b"], "substation_no": ["7", "8"], "building": ["École", "Mairie"]})
    out = peak_warnings(peaks, subs)
    assert [w["subject"] for w in out] == ["7 (École)"]


def test_bill_outliers_need_a_median_and_three_times_it():
    bills = pd.DataFrame({"id": list("abcd"), "category": ["social_housing"] * 4, "dwellings": [10, 10, 10, 1],
                          "bill_eur": [10_000.0, 11_000.0, 12_000.0, 5_000.0], "building": list("ABCD")})
    out = bill_outlier_warnings(bills)
    assert [w["substation_id"] for w in out] == ["d"]  # 5,000 per dwelling against a median of 1,150
    assert bill_outlier_warnings(bills.iloc[:2]) == []  # two rows: no median to compare to


def test_density_warnings_follow_the_reports_flags():
    ext = {"name": "X", "kw_per_m": 1.0, "contract_min_kw_per_m": 3.0, "meets_contract_rule": False,
           "mwh_per_m": 2.0, "fonds_chaleur_min_mwh_per_m": 1.5, "meets_fonds_chaleur": True}
    assert [w["kind"] for w in density_warnings([ext])] == ["density_contract"]
