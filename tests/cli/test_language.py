"""Every command's text output, in French and in English, shows no program identifier and none of the
known leftovers (tests/language.py); ``heatnet init`` writes a network that checks and runs (issue 18)."""

import subprocess
import sys

import pytest

from tests.conftest import LENS, ROOT, SCENARIOS
from tests.language import offenders


def heatnet(*args, cwd=ROOT):
    run = subprocess.run([sys.executable, "-m", "heatnet", *map(str, args)], capture_output=True, text=True,
                         cwd=cwd, timeout=300)
    assert run.returncode == 0, run.stderr
    return run.stdout


def text_lines(out):
    return [line for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_command_speaks_the_language(lang, tmp_path):
    outputs = {
        "run": heatnet("run", SCENARIOS / "extension_12_14.yaml", "--lang", lang),
        "compare": heatnet("compare", SCENARIOS / "2016_baseline.yaml", SCENARIOS / "lievin_interconnection.yaml",
                           "--lang", lang),
        "check": heatnet("check", LENS, "--lang", lang),
        "hydraulics": heatnet("hydraulics", SCENARIOS / "extension_12_14.yaml", "--lang", lang),
        "init": heatnet("init", tmp_path / "new", "--lang", lang),
    }
    found = {name: offenders(text_lines(out), lang) for name, out in outputs.items()}
    # source notes quote the documents as written (e.g. "study 002 §3.1.5 table"); the rest is ours
    assert not any(found.values()), {k: v[:8] for k, v in found.items() if v}
    assert ("Alertes" if lang == "fr" else "Warnings") in outputs["run"]
    if lang == "fr":  # French sets a space before a colon: "Goulots (taux de charge > 100 %) : 4"
        import re

        tight = {name: re.findall(r".{0,30}\S: .{0,10}", outputs[name]) for name in ("run", "hydraulics", "compare")}
        assert not any(tight.values()), tight
    assert ("Départ de la sous-station 14" if lang == "fr" else "Departure of substation 14") in outputs["run"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_concession_speaks_the_language_and_states_its_assumptions(lang, tmp_path):
    out = heatnet("concession", SCENARIOS / "timelines" / "concession_2016_2033.yaml", "--lang", lang,
                  "--excel", tmp_path / "c.xlsx")
    # the review clauses in words (they were their ids, subscribed_power_vs_cep), the assumptions stated
    assert not offenders(text_lines(out), lang), offenders(text_lines(out), lang)[:8]
    if lang == "fr":
        assert "2016       Puissance souscrite (kW) à plus de 10 % du CEP" in out
        assert "- Indices maintenus à leur dernière valeur publiée : " in out
    else:
        assert "2016       Subscribed power (kW) more than 10% from the CEP" in out
        assert "- Indices held at their last published value: " in out
    from openpyxl import load_workbook

    from heatnet.i18n import label

    ws = load_workbook(tmp_path / "c.xlsx")[label("xl_sheet_accounts", lang)]
    column = next(c.column for row in ws.iter_rows() for c in row if c.value == label("triggers", lang))
    texts = [c.value for row in ws.iter_rows() for c in row if c.column == column and isinstance(c.value, str)]
    assert len(texts) > 10 and not offenders(texts, lang), offenders(texts, lang)[:8]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_plan_speaks_the_language_in_text_and_workbook(lang, tmp_path):
    from openpyxl import load_workbook

    out = heatnet("plan", SCENARIOS / "2020_balance.yaml", SCENARIOS / "data" / "candidates_12_14.geojson",
                  "--routes", SCENARIOS / "data" / "streets_12_14.geojson", "--objective", "territory_cost",
                  "--excel", tmp_path / "plan.xlsx", "--lang", lang)
    assert not offenders(text_lines(out), lang), offenders(text_lines(out), lang)[:8]
    assert ("Partie du quartier : maisons individuelles" if lang == "fr" else
            "Part of the district: individual houses") in out
    assert ("VAN sur les 13 années restantes du contrat, actualisées à 4,0 %" if lang == "fr" else
            "NPV over the contract's remaining 13 years, discounted at 4.0%") in out
    sheet = load_workbook(tmp_path / "plan.xlsx").worksheets[-1]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "/" not in c.value]
    assert not offenders(texts, lang), offenders(texts, lang)[:8]


def test_init_writes_a_network_that_checks_runs_and_can_be_edited(tmp_path):
    heatnet("init", tmp_path)
    assert "valide" in heatnet("check", tmp_path / "network")
    base = heatnet("run", tmp_path / "baseline.yaml", "--json")
    assert '"scenario": "Situation de référence"' in base
    # edited: another substation's loads doubled; the price follows
    loads = tmp_path / "network" / "loads.csv"
    loads.write_text(loads.read_text(encoding="utf-8").replace("SS4,2024,1300,800", "SS4,2024,2600,800"),
                     encoding="utf-8")
    import json

    before, after = json.loads(base), json.loads(heatnet("run", tmp_path / "baseline.yaml", "--json"))
    # Sales follow the year's climate (heating part x dju / sales_dju); the template states the loads' climate
    # as the year's (2400 DJU both), so the 1,300 MWh added to loads.csv are sold as they are, up to the
    # rounding of the typical year's DJU; restated to the reference climate they are added exactly.
    assert after["sales_dju"] == before["sales_dju"] == 2400
    assert after["heat_sold_mwh"] == pytest.approx(before["heat_sold_mwh"] + 1300, rel=1e-12)
    assert after["heat_sold_corrected_mwh"] == pytest.approx(before["heat_sold_corrected_mwh"] + 1300, rel=1e-12)
    assert after["average_price_eur_per_mwh"] < before["average_price_eur_per_mwh"]  # R2 spread over more MWh
    with pytest.raises(AssertionError):  # no silent overwrite
        heatnet("init", tmp_path)
    heatnet("init", tmp_path, "--force")
