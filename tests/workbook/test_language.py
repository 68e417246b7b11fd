"""Every sheet of the workbook, in French and in English, shows no program identifier and none of the
known leftovers (tests/language.py), apart from the columns that hold what the program reads back.

Excepted, and why: the ``Clé``/``Key`` columns (the keys ``import-assumptions`` reads), and on the
Hypothèses sheet the ``Valeur``/``Value`` column (inputs, written as the scenario file takes them, e.g.
``hold_total``) and the ``Description`` column, which still quotes the schema's English descriptions.
"""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from heatnet.i18n import format_number, label
from heatnet.scenarios import run_scenario
from heatnet.workbook import write_workbook
from tests.language import offenders

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ("2016_baseline", "extension_12_14", "lievin_interconnection")


@pytest.fixture(scope="module")
def results():
    return [run_scenario(ROOT / "scenarios" / f"{name}.yaml") for name in SCENARIOS]


def sheet_texts(ws, excepted_headers):
    excepted = {c.column for row in ws.iter_rows() for c in row if c.value in excepted_headers}
    return [c.value for row in ws.iter_rows() for c in row
            if c.column not in excepted and isinstance(c.value, str) and not c.value.startswith("=")]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_sheet_speaks_the_language(results, lang, tmp_path):
    path = write_workbook(results, tmp_path / f"{lang}.xlsx", lang=lang)
    wb = load_workbook(path)
    found = {}
    for ws in wb.worksheets:
        excepted = {label("xl_key", lang)}
        if ws.title == label("xl_sheet_assumptions", lang):
            excepted |= {label("xl_value", lang), label("xl_description", lang)}
        found[ws.title] = offenders(sheet_texts(ws, excepted), lang)
    assert not any(found.values()), {k: v[:8] for k, v in found.items() if v}


def test_summary_sheet_carries_the_warnings_and_the_appraisal(results, tmp_path):
    wb = load_workbook(write_workbook(results, tmp_path / "fr.xlsx", lang="fr"))
    texts = sheet_texts(wb[label("xl_sheet_summary")], set())
    # The figures are the result's own (they moved with the typical year of the realistic operation: the design
    # loads rose), read from its hydraulic design and formatted as the warnings format them.
    design = results[1].hydraulics
    loads = design.pipes.set_index("pipe_id")["load_frac"]
    houses = next(e for e in results[1].state.extensions if e["name"] == "12-14 maisons")
    load = format_number(max(loads[pid] for pid in houses["pipe_ids"]), "fr", 0, True)
    assert any(f"« 12-14 maisons » chargée à {load}" in t for t in texts)
    assert any(f"pompes {format_number(design.pump_head_bar, 'fr', 1)}" in t for t in texts)
    assert label("xl_section_appraisal") in texts and label("price_effect_eur_per_mwh") in texts
