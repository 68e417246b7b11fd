"""``heatnet uncertainty``: JSON keys of the acceptance, Parquet and workbook outputs never overwritten
without --force, user mistakes on stderr with exit code 2."""

import json
import subprocess
import sys

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from tests.conftest import ROOT, SCENARIOS


def heatnet(*args):
    return subprocess.run([sys.executable, "-m", "heatnet", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    path = tmp_path_factory.mktemp("unc") / "study.yaml"
    path.write_text(yaml.safe_dump({
        "name": "petite étude", "scenario": str(SCENARIOS / "2020_balance.yaml"), "samples": 40, "seed": 4,
        "inputs": [{"kind": "energy_price", "fuel": "wood", "distribution": {"default": "wood_heat_price_lens"}},
                   {"kind": "energy_price", "fuel": "gas", "distribution": {"default": "gas_heat_price_lens"}},
                   {"kind": "renovation_saving", "distribution": {"default": "renovation_saving_public"}}],
        "sobol": {"base_samples": 16}}, allow_unicode=True), encoding="utf-8")
    return path


def test_json_parquet_and_workbook(study, tmp_path):
    out, xlsx = tmp_path / "samples.parquet", tmp_path / "unc.xlsx"
    res = heatnet("uncertainty", study, "--serial", "--json", "--out", out, "--excel", xlsx)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["samples"] == 40 and data["seed"] == 4
    price = data["figures"]["average_price_eur_per_mwh"]
    assert set(price) >= {"mean", "p5", "p10", "p50", "p90", "p95", "sem"}
    assert price["p5"] <= price["p10"] <= price["p50"] <= price["p90"] <= price["p95"]
    assert data["events"]["renewable_below_half"]["probability"] == 0.0  # LBE covers 99.9 % of 2020's heat
    assert set(data["tornado"]["energy_price_wood_eur_per_mwh"]) >= {"low", "high"}
    assert data["tornado"]["energy_price_wood_eur_per_mwh"]["high"] > data["tornado"][
        "energy_price_wood_eur_per_mwh"]["low"]
    assert set(data["sobol"]["energy_price_wood_eur_per_mwh"]) >= {"s1", "st"}
    table = pd.read_parquet(out)
    lhs = table[table["design"] == "lhs"]
    assert len(lhs) == 40 and {"energy_price_wood_eur_per_mwh", "average_price_eur_per_mwh"} <= set(table)
    assert lhs["average_price_eur_per_mwh"].median() == pytest.approx(price["p50"])
    ws = load_workbook(xlsx).active
    assert ws.title == "Incertitudes"
    assert ws["A5"].value == "Prix moyen (€ HT/MWh)" and ws["C5"].value == round(price["mean"], 2)  # as shown
    again = heatnet("uncertainty", study, "--serial", "--json", "--out", out)
    assert again.returncode == 2 and "already exists" in again.stderr and "--force" in again.stderr
    forced = heatnet("uncertainty", study, "--serial", "--json", "--out", out, "--force", "--seed", "5")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(forced.stdout)["seed"] == 5


def test_text_report_in_french(study):
    res = heatnet("uncertainty", study, "--serial", "--samples", "20")
    assert res.returncode == 0, res.stderr
    assert "Incertitudes : petite étude" in res.stdout and "Prix moyen (€ HT/MWh)" in res.stdout
    assert "Tornade" in res.stdout and "Sobol" in res.stdout


def test_mistakes_are_reported_not_traced(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nscenario: ../nowhere.yaml\ninputs:\n  - {kind: r1, distribution: {kind: pont}}\n",
                   encoding="utf-8")
    res = heatnet("uncertainty", bad, "--serial")
    assert res.returncode == 2 and "Traceback" not in res.stderr and "bad.yaml" in res.stderr


def test_several_studies_in_one_call(study, tmp_path):
    """``heatnet uncertainty scenarios/studies/*.yaml``: each study in turn, one JSON object listing them;
    --out names one file, so it takes one study."""
    res = heatnet("uncertainty", study, study, "--serial", "--json", "--samples", "8")
    assert res.returncode == 0, res.stderr
    reports = json.loads(res.stdout)["studies"]
    assert len(reports) == 2 and reports[0]["figures"] == reports[1]["figures"]
    assert "cost_per_dwelling_vs_gas_eur" in reports[0]["figures"]
    assert "network_dearer_than_gas" in reports[0]["events"]
    res = heatnet("uncertainty", study, study, "--serial", "--out", tmp_path / "x.parquet")
    assert res.returncode == 2 and "one study" in res.stderr


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_text_and_sheet_speak_the_language(study, tmp_path, lang):
    # the inputs were their ids (energy_price_wood_eur_per_mwh), the Sobol indices and the time English
    # numbers, the columns MEAN and SEM, the place "serial"
    from heatnet.i18n import label
    from tests.language import offenders

    res = heatnet("uncertainty", study, "--serial", "--lang", lang, "--excel", tmp_path / "u.xlsx")
    assert res.returncode == 0, res.stderr
    lines = [line for line in res.stdout.splitlines() if line.strip()]
    assert not offenders(lines, lang), offenders(lines, lang)[:8]
    if lang == "fr":
        assert "Prix de l'énergie : bois (€ HT/MWh) : " in res.stdout and "sur ce processus" in res.stdout
        assert "S1 0," in res.stdout and "Moyenne" in res.stdout
    else:
        assert "Energy price: wood (EUR excl. VAT/MWh): " in res.stdout and "S1 0." in res.stdout
    ws = load_workbook(tmp_path / "u.xlsx")[label("xl_sheet_uncertainty", lang)]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "/" not in c.value
             and not c.value.startswith("=")]
    assert not offenders(texts, lang), offenders(texts, lang)[:8]
