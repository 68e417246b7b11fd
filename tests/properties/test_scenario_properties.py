"""Invariants of the tariff and scenario engine over random selections and edits (hypothesis)."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heatnet.io.folder import load_network
from heatnet.scenarios import Scenario, read_scenario, run_scenario, save_scenario
from tests.conftest import LENS, SCENARIOS

IDS = sorted(load_network(LENS).substations["id"])
BASELINE = run_scenario(SCENARIOS / "2016_baseline.yaml")
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def scenario_file(tmp_path, measures, tariff, name="p.yaml"):
    base = os.path.relpath(SCENARIOS / "2016_baseline.yaml", tmp_path)
    body = f"name: P\nbase: {base}\nyear: 2020\nmeasures:\n" + "".join(f"  - {m}\n" for m in measures)
    body += f"tariff: {tariff}\n"
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


@SETTINGS
@given(removed=st.lists(st.sampled_from(IDS), min_size=1, max_size=10, unique=True))
def test_removing_subscribers_never_lowers_r2_per_kw_under_hold_total(tmp_path, removed):
    if len(removed) == len(IDS):
        return
    path = scenario_file(tmp_path, [f"remove_substations: {{ids: {removed!r}}}"], "{r2_policy: hold_total}")
    result = run_scenario(path)
    assert result.figures["r2_eur_per_kw"] >= BASELINE.figures["r2_eur_per_kw"] - 1e-9
    assert result.figures["r2_revenue_eur"] == pytest.approx(BASELINE.figures["r2_revenue_eur"])


@SETTINGS
@given(removed=st.sampled_from(IDS))
def test_hold_unit_r2_margin_falls_by_the_leavers_r2_revenue(tmp_path, removed):
    path = scenario_file(tmp_path, [f"remove_substations: {{ids: [{removed!r}]}}"], "{r2_policy: hold_unit}")
    result = run_scenario(path)
    leaver = BASELINE.bills.set_index("id").loc[removed]
    assert result.figures["r2_eur_per_kw"] == pytest.approx(BASELINE.figures["r2_eur_per_kw"])
    assert result.figures["r2_margin_eur"] == pytest.approx(BASELINE.figures["r2_margin_eur"] - leaver["r2_eur"])


@SETTINGS
@given(saving=st.floats(0.0, 0.9), kw_saving=st.floats(0.0, 0.9), r1=st.floats(10, 120),
       policy=st.sampled_from(["hold_total", "hold_unit"]))
def test_revenue_is_r1_part_plus_r2_part(tmp_path, saving, kw_saving, r1, policy):
    path = scenario_file(tmp_path, [f"renovate: {{all: true, energy_saving_frac: {saving}, "
                                    f"subscribed_saving_frac: {kw_saving}}}"],
                         f"{{r1_eur_per_mwh: {r1}, r2_policy: {policy}}}")
    result = run_scenario(path)
    f, bills = result.figures, result.bills
    assert f["revenue_eur"] == pytest.approx(bills["r1_eur"].sum() + bills["r2_eur"].sum())
    assert f["r1_revenue_eur"] == pytest.approx(r1 * f["heat_sold_mwh"])
    assert f["average_price_eur_per_mwh"] * f["heat_sold_mwh"] == pytest.approx(f["revenue_eur"])
    assert bills["bill_eur"].sum() == pytest.approx(f["revenue_eur"])
    # the bridge closes on the scenario's price
    assert result.bridge[0]["price_eur_per_mwh"] + sum(s["delta_eur_per_mwh"] for s in result.bridge) == \
        pytest.approx(f["average_price_eur_per_mwh"])


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)


@SETTINGS
@given(name=names, year=st.integers(1990, 2060), saving=st.floats(0, 0.99), r1=st.none() | st.floats(1, 200),
       policy=st.sampled_from([None, "hold_total", "hold_unit"]))
def test_scenario_survives_save_and_load(tmp_path, name, year, saving, r1, policy):
    scenario = Scenario.model_validate({
        "name": name, "base": "2016_baseline.yaml", "year": year,
        "measures": [{"renovate": {"clients": ["Ville"], "energy_saving_frac": saving}},
                     {"remove_substations": {"substation_no": ["14"]}}],
        "tariff": {k: v for k, v in {"r1_eur_per_mwh": r1, "r2_policy": policy}.items() if v is not None}})
    path = save_scenario(scenario, tmp_path / "s.yaml", overwrite=True)
    assert read_scenario(path) == scenario
