"""Every sheet of the workbook, in French and in English, shows no program identifier and none of the
known leftovers (tests/language.py), apart from the columns that hold what the program reads back.

Excepted, and why: the ``Clé``/``Key`` columns (the keys ``import-assumptions`` reads), and on the
Hypothèses sheet the ``Valeur``/``Value`` column (inputs, written as the scenario file takes them, e.g.
``hold_total``). The Description column is checked like every other: each input has its text in the
workbook's language (heatnet/i18n_assumptions.py), and every field of the scenario schema and every key
of a network folder has one in both languages.
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
            excepted |= {label("xl_value", lang)}
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


def _schema_keys(model, prefix=""):
    """Every field of a pydantic model, nested models included, as the Assumptions sheet keys them."""
    import pydantic
    for name, field in model.model_fields.items():
        key = f"{prefix}.{field.alias or name}" if prefix else (field.alias or name)
        yield key
        annotations, models = [field.annotation], []
        while annotations:
            annotation = annotations.pop()
            if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
                models.append(annotation)
            else:
                annotations.extend(getattr(annotation, "__args__", ()))
        for sub in models:
            yield from _schema_keys(sub, key)


def _every_input_key():
    from heatnet.io import schema
    from heatnet.model.operation import OperationSettings
    from heatnet.scenarios import Scenario
    from heatnet.scenarios.measures import MEASURES
    keys = list(_schema_keys(Scenario))
    for kind, model in MEASURES.items():
        keys += list(_schema_keys(model, kind))
    keys += list(_schema_keys(OperationSettings, "operation"))
    keys += [f"network.{k}" for k in schema.NETWORK_PARAMETERS]
    for group, names in (("contract", schema.CONTRACT_KEYS), ("temperatures", schema.TEMPERATURE_KEYS),
                         ("hydraulics", schema.HYDRAULIC_KEYS)):
        keys += [f"network.{group}.{k}" for k in names]
    keys += [f"network.plants.{c.name}" for c in schema.TABLES["plants"].columns]
    return keys


def test_every_input_has_a_description_in_both_languages():
    from heatnet.i18n import assumption_text
    keys = _every_input_key()
    assert len(keys) > 150  # the walk reaches the nested models (plants, routes, outages...)
    missing = [k for k in keys if not assumption_text(k, "fr") or not assumption_text(k, "en")]
    assert not missing, missing
    untranslated = [k for k in keys if assumption_text(k, "fr") == assumption_text(k, "en")]
    assert not untranslated, untranslated
    texts = {lang: [assumption_text(k, lang) for k in keys] for lang in ("fr", "en")}
    assert not offenders(texts["fr"], "fr") and not offenders(texts["en"], "en")


def test_shared_field_names_keep_their_own_meaning():
    """The suffix look-up must not give a plant's name to a scenario or a substation's kW to a network total."""
    from heatnet.i18n import assumption_text
    assert assumption_text("name", "en").startswith("Scenario name")
    assert assumption_text("add_substations.name", "en").startswith("Extension name")
    assert assumption_text("interconnect.plants.name", "en") == "Plant name."
    assert assumption_text("network.name", "en") == "Network name."
    assert "per substation" in assumption_text("add_substations.substations.subscribed_kw", "en")
    assert "total" in assumption_text("scale_substations.subscribed_kw", "en")
    assert "plant" in assumption_text("operation.availability_frac.lbe", "en")  # an entry of a mapping


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_assumption_row_is_described_in_the_language(results, lang, tmp_path):
    from heatnet.io.template import write_template
    write_template(tmp_path / "init")  # a network of another shape: its own plants and keys
    rows = results + [run_scenario(tmp_path / "init" / "baseline.yaml")]
    wb = load_workbook(write_workbook(rows, tmp_path / f"{lang}.xlsx", lang=lang))
    ws = wb[label("xl_sheet_assumptions", lang)]
    header = next(r for r in ws.iter_rows() if r[0].value == label("scenario", lang))
    cols = {c.value: c.column for c in header}
    key_col, desc_col = cols[label("xl_key", lang)], cols[label("xl_description", lang)]
    rows = [(ws.cell(r, key_col).value, ws.cell(r, desc_col).value) for r in range(header[0].row + 1, ws.max_row + 1)
            if ws.cell(r, key_col).value]
    assert len(rows) > 100
    assert not [k for k, d in rows if not d], [k for k, d in rows if not d][:10]
    french = [d for _, d in rows if "sous-station" in d or "Nom du" in d]
    assert bool(french) == (lang == "fr")


def test_summary_sheet_says_what_year_each_column_is_and_cautions_when_they_differ(results, tmp_path):
    from heatnet.i18n import year_basis_text

    wb = load_workbook(write_workbook(results[:2], tmp_path / "fr.xlsx", lang="fr"))
    rows = {row[0]: row for row in wb[label("xl_sheet_summary")].iter_rows(values_only=True) if row and row[0]}
    basis = rows[label("year_basis")]
    # 2016 as operated (dated stops) beside the 12/14 district (stops drawn): the caution beside the row
    assert basis[1:3] == (year_basis_text(results[0].figures), year_basis_text(results[1].figures))
    assert basis[3] == label("compare_bases_differ")
    alike = load_workbook(write_workbook(results[1:], tmp_path / "en.xlsx", lang="en"))
    rows = {row[0]: row for row in alike[label("xl_sheet_summary", "en")].iter_rows(values_only=True) if row and row[0]}
    assert label("compare_bases_differ", "en") not in rows[label("year_basis", "en")]
