"""The command line as a user runs it: a subprocess, JSON on stdout, errors on stderr."""

import json
import subprocess
import sys

import pytest

from tests.conftest import LENS, ROOT, SCENARIOS

REQUIRED_KEYS = {"scenario", "year", "substations", "subscribed_kw", "heat_sold_mwh", "network_length_m",
                 "r1_eur_per_mwh", "r2_eur_per_kw", "r1_revenue_eur", "r2_revenue_eur", "average_price_eur_per_mwh",
                 "average_price_ttc_eur_per_mwh", "renewable_frac", "linear_density_mwh_per_m",
                 "delta_price_frac", "operator_result_eur", "r1_margin_eur", "r2_margin_eur"}


def heatnet(*args):
    return subprocess.run([sys.executable, "-m", "heatnet", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_run_baseline_json():
    out = heatnet("run", "scenarios/2016_baseline.yaml", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert REQUIRED_KEYS <= set(data)
    assert data["subscribed_kw"] == 23992
    assert data["heat_sold_mwh"] == pytest.approx(43240.91)
    assert data["average_price_eur_per_mwh"] == pytest.approx(55.36, abs=0.05)


def test_run_text_is_french_by_default_and_english_on_request():
    fr = heatnet("run", SCENARIOS / "2020_balance.yaml")
    assert fr.returncode == 0 and "Prix moyen (€ HT/MWh)" in fr.stdout and "61,45" in fr.stdout
    en = heatnet("run", SCENARIOS / "2020_balance.yaml", "--lang", "en")
    assert "Average price (EUR excl. VAT/MWh)" in en.stdout and "61.45" in en.stdout
    assert "Price basis: operating accounts; R2: R2 total held" in en.stdout  # English sets no space before ':'
    assert "Base de prix : comptes d'exploitation; R2 : R2 total maintenu" in fr.stdout


def test_compare_json_has_one_column_per_scenario():
    out = heatnet("compare", SCENARIOS / "2016_baseline.yaml", SCENARIOS / "hospital_closure.yaml",
                  SCENARIOS / "2020_balance.yaml", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data["table"]) == ["Baseline 2016", "Fermeture de l'hôpital", "Bilan 2020"]
    assert data["table"]["Bilan 2020"]["delta_price_vs_first_frac"] == pytest.approx(61.449 / 55.350 - 1, abs=1e-3)
    for scenario in data["scenarios"]:
        assert REQUIRED_KEYS <= set(scenario)


def test_compare_keeps_a_column_per_scenario_when_two_share_a_name(tmp_path):
    # a copy of the 2020 balance with another R1 and the same name: two columns, not one merged
    copy = tmp_path / "mine.yaml"
    copy.write_text(f"name: Bilan 2020\nbase: {SCENARIOS / '2020_balance.yaml'}\nyear: 2020\n"
                    "tariff: {r1_eur_per_mwh: 45.0}\n", encoding="utf-8")
    out = heatnet("compare", SCENARIOS / "2020_balance.yaml", copy, "--json")
    assert out.returncode == 0, out.stderr
    table = json.loads(out.stdout)["table"]
    assert list(table) == ["Bilan 2020 (2020_balance.yaml)", "Bilan 2020 (mine.yaml)"]
    assert [col["r1_eur_per_mwh"] for col in table.values()] == pytest.approx([41.0, 45.0])
    text = heatnet("compare", SCENARIOS / "2020_balance.yaml", SCENARIOS / "2020_balance.yaml", "--lang", "en")
    assert "Bilan 2020 (2020_balance.yaml) [1]" in text.stdout and "Bilan 2020 (2020_balance.yaml) [2]" in text.stdout


def test_changes_carry_their_sign_and_never_read_minus_zero():
    # the Liévin bridge's climate step is -1e-14 EUR/MWh: "(+0,00)", not "(-0,00)"
    fr = heatnet("run", SCENARIOS / "lievin_interconnection.yaml").stdout
    assert "-0,00" not in fr and "(+0,00)" in fr and "(-5,94)" in fr
    assert "Écart de prix / référence (%)             -3,8 %" in fr
    en = heatnet("compare", SCENARIOS / "2016_baseline.yaml", SCENARIOS / "hospital_closure.yaml", "--lang", "en")
    assert "+19.9%" in en.stdout and "+0.0%" in en.stdout


def test_concession_json_runs_to_2033():
    out = heatnet("concession", SCENARIOS / "timelines" / "concession_2016_2033.yaml", "--json")
    assert out.returncode == 0, out.stderr
    years = json.loads(out.stdout)["years"]
    assert [y["year"] for y in years] == list(range(2016, 2034))
    assert years[0]["kind"] == "actual" and years[0]["operating_result_eur"] == pytest.approx(91800)
    assert years[-1]["year_frac_r2"] == pytest.approx(181 / 365)  # the DSP ends on 30 June 2033


def test_check_lists_the_gaps():
    out = heatnet("check", LENS, "--json")
    assert out.returncode == 0
    whats = [g["what"] for g in json.loads(out.stdout)["gaps"]]
    assert any("2013" in w for w in whats) and any("lbe" in w for w in whats)


@pytest.mark.parametrize("args, words", [
    (["run", "nowhere.yaml"], ["nowhere.yaml", "file not found"]),
    (["run", "data/lens/network.yaml"], ["network.yaml", "unknown key"]),
    (["check", "scenarios"], ["network.yaml", "file not found"]),
])
def test_user_errors_go_to_stderr_without_traceback(args, words):
    out = heatnet(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and out.stdout == ""
    for word in words:
        assert word in out.stderr


def test_gis_command_defaults_are_the_importers():
    """The import-gis --help defaults are declared in the light command module; they must be the importer's."""
    from heatnet.cli import gis as cli_gis
    from heatnet.io import gis

    assert (cli_gis.TOLERANCE_M, cli_gis.CONNECT_TOLERANCE_M) == (gis.TOLERANCE_M, gis.CONNECT_TOLERANCE_M)


def test_compare_says_when_its_columns_are_not_operated_alike():
    # 2016 as operated (its dated LBE stop) beside the hospital's closure (stops drawn): the renewable share
    # moves 77.7 -> 92.1 % for the stops as much as for the closure; the text and the JSON say so
    mixed = heatnet("compare", SCENARIOS / "2016_baseline.yaml", SCENARIOS / "hospital_closure.yaml")
    assert mixed.returncode == 0, mixed.stderr
    assert "- Baseline 2016 : 2016 réel : climat de l'année (2\u202f483 DJU), arrêts datés des centrales" in mixed.stdout
    assert "Attention : les colonnes ne sont pas exploitées dans les mêmes conditions" in mixed.stdout
    alike = heatnet("compare", SCENARIOS / "2020_balance.yaml", SCENARIOS / "extension_12_14.yaml", "--lang", "en")
    assert "Year of each column" in alike.stdout and "Caution" not in alike.stdout
    flags = [json.loads(heatnet("compare", *pair, "--json").stdout)["same_conditions"] for pair in
             ((SCENARIOS / "2016_baseline.yaml", SCENARIOS / "hospital_closure.yaml"),
              (SCENARIOS / "2020_balance.yaml", SCENARIOS / "extension_12_14.yaml"))]
    assert flags == [False, True]
