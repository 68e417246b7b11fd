"""The Excel workbook: sheets, headers, formats and values against the JSON results; live formulas
recalculated by LibreOffice; user text never a formula; assumptions that come back in; atomic writes."""

import dataclasses
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from heatnet import cli
from heatnet.io.folder import DataError
from heatnet.workbook import build_workbook, import_assumptions, read_assumptions, write_workbook
from heatnet.workbook.assumptions import ASSUMPTION_COLUMNS, flatten, parse_path
from heatnet.workbook.cells import shown_value
from heatnet.workbook.writer import BILL_COLUMNS
from heatnet.i18n import bridge_step_text, format_value, label
from heatnet.scenarios import COMPARE_ROWS, read_scenario, run_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
TIMELINE = SCENARIOS / "timelines" / "concession_2016_2033.yaml"
SHEETS_FR = ["Synthèse", "Hypothèses", "Sous-stations", "Tarifs", "Comptes", "Énergie", "Réseau", "Pont de prix"]
SHEETS_EN = ["Summary", "Assumptions", "Substations", "Tariffs", "Accounts", "Energy", "Network", "Price bridge"]
HOSTILE = ['=HYPERLINK("http://example.com","clic")', "+cmd", "-1+1", "@SUM(A1)", "#N/A"]


@pytest.fixture(scope="module")
def results():
    return [run_scenario(p) for p in SHIPPED]


@pytest.fixture(scope="module")
def workbook_path(results, tmp_path_factory):
    path = tmp_path_factory.mktemp("xl") / "all.xlsx"
    write_workbook(results, path, concession=TIMELINE)
    return path


@pytest.fixture(scope="module")
def wb(workbook_path):
    return load_workbook(workbook_path)


def key_rows(ws, key_col):
    """{machine key: row} from a sheet's key column (the grey last column)."""
    return {ws.cell(row=r, column=key_col).value: r for r in range(1, ws.max_row + 1)
            if isinstance(ws.cell(row=r, column=key_col).value, str)}


def header_row(ws, first_label):
    return next(r for r in range(1, 40) if ws.cell(row=r, column=1).value == first_label)


# ---------------------------------------------------------------- structure

def test_sheets_titles_freeze_and_print_setup(wb, results):
    assert wb.sheetnames == SHEETS_FR
    for ws in wb.worksheets:
        assert ws.cell(row=1, column=1).value.endswith(ws.title)  # title block names the sheet
        assert "heatnet 0." in ws.cell(row=2, column=1).value  # tool version and date
        assert all(r.name in ws.cell(row=3, column=1).value for r in results)
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["Synthèse"].freeze_panes == "B6"
    assert wb["Sous-stations"].freeze_panes == "D6"
    assert wb["Hypothèses"].freeze_panes == "E6"
    widths = [wb["Sous-stations"].column_dimensions[c].width for c in "ABCDE"]
    assert all(8 <= w <= 50 for w in widths)


def test_english_workbook(results, tmp_path):
    path = write_workbook([results[1]], tmp_path / "en.xlsx", lang="en")
    book = load_workbook(path)
    assert book.sheetnames == SHEETS_EN
    ws = book["Substations"]
    assert [c.value for c in ws[5]][:6] == ["Scenario no.", "Scenario", "Substation (id)", "Substation no.",
                                           "Building", "Client"]
    assert ws.cell(row=5, column=3 + BILL_COLUMNS.index("subscribed_kw")).value == "Subscribed power (kW)"
    scenario, _ = read_assumptions(path)  # the English sheet reads back too
    assert scenario == results[1].scenario


def test_every_header_names_its_unit(wb):
    ws = wb["Sous-stations"]
    headers = dict(zip(BILL_COLUMNS, [c.value for c in ws[5]][2:]))
    for key, text in headers.items():
        if key.endswith(("_kw", "_mwh", "_eur", "_frac", "_eur_per_mwh")):
            assert "(" in text and text.endswith(")"), text
    assert headers["price_eur_per_mwh"] == "Prix (€ HT/MWh)"
    assert headers["bill_eur"] == "Facture (€ HT/an)"


def test_every_share_is_formatted_as_a_percentage(wb):
    # the Énergie sheet's P10 / P90 of the renewable share were written as 0.7769564482398948, General format
    from heatnet.workbook.cells import number_format

    for key in ("renewable_frac", "renewable_frac_p10", "renewable_frac_p90", "renewable_frac_with",
                "availability_frac_realised"):
        assert number_format(key) == "0.0%", key
    ws = wb["Énergie"]
    shares = [row for row in ws.iter_rows() if any(c.value in ("renewable_frac_p10", "renewable_frac_p90")
                                                  for c in row)]
    assert shares and all(row[1].number_format == "0.0%" for row in shares)


def test_monthly_production_total_row_closes_the_total_column(wb, results):
    # the Total row summed each plant but left the Total column's own cell empty
    ws = wb["Énergie"]
    totals = [row for row in ws.iter_rows(values_only=True) if row[0] == "Total"]
    assert totals
    for row in totals:
        values = [v for v in row[1:] if isinstance(v, (int, float))]
        assert values[-1] == pytest.approx(sum(values[:-1]), abs=len(values))  # each stored rounded as shown
    assert totals[0][1 + len([c for c in results[0].operation.summary()["mix_frac"]])] == pytest.approx(
        results[0].figures["heat_input_mwh"], abs=1)


def test_assumption_units_follow_the_whole_name_of_the_key():
    # the Unit column of the Hypothèses sheet: a kW per metre rule is not metres, hours a year not a year
    from heatnet.workbook.assumptions import _unit

    expected = {"contract.extension_min_kw_per_m": "kW/ml", "plants.cogestar2.called_hours_per_year": "h/an",
                "operation.called_hours.cogestar2": "h/an", "heating.building_time_constant_h": "h",
                "plants.lbe.mean_repair_h": "h", "operation.storage.standing_loss_frac_per_h": "0..1 par h",
                "operation.dju": "DJU", "reference_dju": "DJU", "operation.sales_dju": "DJU",
                "trunk_length_m": "m", "tariff.r1_eur_per_mwh": "€ HT/MWh", "year": "année",
                "contract.extension_guarantee_years": "années", "measures[0].add_substations.substations[0].count": None}
    assert {key: _unit(key) for key in expected} == expected
    assert _unit("contract.extension_min_kw_per_m", "en") == "kW/m"
    assert _unit("plants.cogestar2.called_hours_per_year", "en") == "h/yr"


# ---------------------------------------------------------------- values against the JSON results

def test_summary_values_and_formats_match_json(wb, results):
    ws = wb["Synthèse"]
    n = len(results)
    key_col = 2 + n + n - 1
    rows = key_rows(ws, key_col)
    assert [ws.cell(row=5, column=2 + j).value for j in range(n)] == [r.name for r in results]
    for j, result in enumerate(results):
        data = result.to_dict()
        for key in COMPARE_ROWS:
            cell = ws.cell(row=rows[key], column=2 + j)
            assert ws.cell(row=rows[key], column=1).value == label(key)
            expected = data.get(key)
            if expected is None:
                assert cell.value is None
            else:  # a computed figure, stored as shown (tests/workbook/test_rounding.py)
                assert cell.value == shown_value(expected, cell.number_format), (result.name, key)
        assert ws.cell(row=rows["average_price_eur_per_mwh"], column=2 + j).number_format == "#,##0.00"
        assert ws.cell(row=rows["delta_price_frac"], column=2 + j).number_format == "0.0%"
        assert ws.cell(row=rows["subscribed_kw"], column=2 + j).number_format == "#,##0"
    # changes against the first scenario
    first = results[0].figures["average_price_eur_per_mwh"]
    for j, result in enumerate(results[1:]):
        cell = ws.cell(row=rows["average_price_eur_per_mwh"], column=2 + n + j)
        assert cell.value == pytest.approx(result.figures["average_price_eur_per_mwh"] - first, abs=0.005)
        vs_first = ws.cell(row=rows["delta_price_vs_first_frac"], column=3 + j).value
        assert vs_first == pytest.approx(result.figures["average_price_eur_per_mwh"] / first - 1, abs=0.0005)
    # 2016: the study's 55.36 EUR HT/MWh (domain acceptance case 1)
    assert ws.cell(row=rows["average_price_eur_per_mwh"], column=2).value == pytest.approx(55.36, abs=0.01)


def test_summary_charts(wb):
    ws = wb["Synthèse"]
    assert len(ws._charts) == 2  # the average price and the mix
    price, mix = ws._charts
    assert len(price.series) == 2 and mix.grouping == "stacked"


def test_substations_match_detail_json(wb, results):
    ws = wb["Sous-stations"]
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    for i, result in enumerate(results):
        mine = [r for r in rows if r[0] == i + 1]
        bills = result.to_dict(detail=True)["substation_bills"]
        assert len(mine) == len(bills)
        for row, bill in zip(mine, bills):
            record = dict(zip(BILL_COLUMNS, row[2:]))
            assert row[1] == result.name
            assert record["substation_id"] == bill["id"]
            for key in ("subscribed_kw", "heat_mwh"):  # what the price formulas read: full precision
                assert record[key] == pytest.approx(bill[key], rel=1e-12)
            for key in ("r1_eur", "r2_eur", "bill_eur", "price_eur_per_mwh"):  # computed: as shown
                assert record[key] == pytest.approx(bill[key], abs=0.005 if key.endswith("per_mwh") else 0.5)
            assert record["bill_eur"] == pytest.approx(record["r1_eur"] + record["r2_eur"], abs=1)
    first = next(r for r in ws.iter_rows(min_row=6, max_row=6))
    fmt = {k: first[2 + j].number_format for j, k in enumerate(BILL_COLUMNS)}
    assert fmt["subscribed_kw"] == fmt["heat_mwh"] == fmt["bill_eur"] == "#,##0"
    assert fmt["price_eur_per_mwh"] == "#,##0.00" and fmt["heat_frac"] == "0.0%"


def test_tariffs_units_components_and_formula_text(wb, results):
    ws = wb["Tarifs"]
    n = len(results)
    rows = key_rows(ws, 2 + n)
    for j, result in enumerate(results):
        col = 2 + j
        assert ws.cell(row=rows["r1_eur_per_mwh"], column=col).value == pytest.approx(result.tariff["r1_eur_per_mwh"])
        assert ws.cell(row=rows["r2_eur_per_kw"], column=col).value == pytest.approx(result.tariff["r2_eur_per_kw"])
        r2 = result.tariff["r2_contract"]
        assert ws.cell(row=rows["r2_contract.r2_2_eur_per_kw"], column=col).value == pytest.approx(r2["r2_2_eur_per_kw"])
        assert ws.cell(row=rows["r2_contract.r2_2_eur_per_kw"], column=col).number_format == "#,##0.000"
        text = ws.cell(row=rows["formula_average_price_eur_per_mwh"], column=col).value
        letter = ws.cell(row=1, column=col).column_letter
        mwh = get_column_letter(3 + BILL_COLUMNS.index("heat_mwh"))
        kw = get_column_letter(3 + BILL_COLUMNS.index("subscribed_kw"))
        assert text.startswith(f"=({letter}${rows['r1_eur_per_mwh']}*SUM('Sous-stations'!${mwh}$")
        assert f"{letter}${rows['r2_eur_per_kw']}*SUM('Sous-stations'!${kw}$" in text
        assert ws.cell(row=rows["average_price_eur_per_mwh"], column=col).value == pytest.approx(
            result.figures["average_price_eur_per_mwh"], rel=1e-12)
    # the 2016 R2 components (study: 3.166, 11.367, 2.341, 8.87, 0.926; total 26.67)
    assert ws.cell(row=rows["r2_contract.r2_eur_per_kw"], column=2).value == pytest.approx(26.67)


def test_accounts_sheet(wb, results):
    ws = wb["Comptes"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert "CEP 2016" in values
    assert 2033 in values  # the concession view runs to the end of the DSP
    op = results[1].operator
    n = len(results)
    rows = key_rows(ws, 3 + n)
    assert ws.cell(row=rows["operating_result_eur"], column=3).value == round(op["operating_result_eur"])
    assert ws.cell(row=rows["gap_to_cep.operating_result_eur"], column=3).value == round(
        op["operating_result_eur"] - 136_000)  # CEP 2016 operating result: 136 kEUR (study)
    assert len(ws._charts) == 1


def test_bridge_sheet(wb, results):
    ws = wb["Pont de prix"]
    with_bridge = [r for r in results if len(r.bridge) > 1]
    assert len(ws._charts) == len(with_bridge)
    chart = ws._charts[0]
    assert chart.grouping == "stacked" and chart.series[0].graphicalProperties.noFill  # invisible base
    balance = next(r for r in results if r.name == "Bilan 2020")
    labels = [row[1] for row in ws.iter_rows(values_only=True)]
    for step in balance.bridge:  # each step in words, in the workbook's language (French)
        assert bridge_step_text(step, "fr") in labels
    assert "Départ de la sous-station 14 (Hopital de Lens Docteur Schaffner)" in labels
    root_note = label("xl_no_bridge").format(name="Baseline 2016")
    assert root_note in [row[0] for row in ws.iter_rows(values_only=True)]


def test_energy_without_operation_says_so(results):
    result = dataclasses.replace(results[0], operation=None)
    book = build_workbook([result])
    texts = [row[0] for row in book["Énergie"].iter_rows(values_only=True) if row[0]]
    share = format_value("renewable_frac", result.figures["renewable_frac"], "fr")  # 77,3 %
    assert any("non calculée" in str(t) and "Baseline 2016" in str(t) and share in str(t) for t in texts)


class FakeOperation:
    """What the hourly operation exposes: monthly_mwh (month x plant) and summary()."""

    monthly_mwh = pd.DataFrame({"lbe": [3000.0, 2500.0], "zup_boiler_10mw": [400.0, 100.0]}, index=[1, 2])

    def summary(self):
        return {"mix_frac": {"wood": 0.9166, "gas": 0.0834}, "co2_t": 123.4, "renewable_frac": 0.9166}


def test_energy_and_mix_with_operation(results, tmp_path):
    result = dataclasses.replace(results[0], operation=FakeOperation())
    book = build_workbook([result])
    rows = list(book["Énergie"].iter_rows(values_only=True))
    assert (1, 3000.0, 400.0, 3400.0) in [r[:4] for r in rows]
    assert any(r[0] == "CO2 (t)" and r[1] == 123 for r in rows)  # shown in whole tonnes, stored as shown
    summary = [r for r in book["Synthèse"].iter_rows(values_only=True)]
    assert ("wood", 0.917) in [r[:2] for r in summary] and ("gas", 0.083) in [r[:2] for r in summary]


def test_mix_missing_everywhere_is_a_note(results):
    result = dataclasses.replace(results[1], figures={**results[1].figures, "renewable_frac": None}, operation=None)
    book = build_workbook([result])
    texts = [r[0] for r in book["Synthèse"].iter_rows(values_only=True)]
    assert label("xl_mix_none") in texts
    assert len(book["Synthèse"]._charts) == 1


# ---------------------------------------------------------------- live formulas, recalculated

def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_recalculates_the_price_formula(workbook_path, results, tmp_path):
    home = tmp_path / "home"
    out = tmp_path / "out"
    home.mkdir()
    proc = subprocess.run([_soffice(), f"-env:UserInstallation={home.as_uri()}", "--headless", "--calc",
                           "--convert-to", "xlsx", "--outdir", str(out), str(workbook_path)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(home)})
    converted = out / workbook_path.name
    assert converted.exists(), proc.stderr + proc.stdout
    book = load_workbook(converted, data_only=True)
    ws = book["Tarifs"]
    n = len(results)
    rows = key_rows(ws, 2 + n)
    for j, result in enumerate(results):
        computed = ws.cell(row=rows["formula_average_price_eur_per_mwh"], column=2 + j).value
        assert isinstance(computed, float)
        assert computed == pytest.approx(result.figures["average_price_eur_per_mwh"], rel=1e-6)
        assert ws.cell(row=rows["heat_sold_mwh"], column=2 + j).value == pytest.approx(
            result.figures["heat_sold_mwh"], rel=1e-9)
    # a reader who changes R1 sees the price move: R1 + 1 EUR/MWh -> price + 1 EUR/MWh
    edited = tmp_path / "edited.xlsx"
    source = load_workbook(workbook_path)
    cell = source["Tarifs"].cell(row=rows["r1_eur_per_mwh"], column=3)
    cell.value = cell.value + 1.0
    source.save(edited)
    subprocess.run([_soffice(), f"-env:UserInstallation={home.as_uri()}", "--headless", "--calc", "--convert-to",
                    "xlsx", "--outdir", str(out), str(edited)], capture_output=True, timeout=120,
                   env={**os.environ, "HOME": str(home)})
    moved = load_workbook(out / "edited.xlsx", data_only=True)["Tarifs"]
    assert moved.cell(row=rows["formula_average_price_eur_per_mwh"], column=3).value == pytest.approx(
        results[1].figures["average_price_eur_per_mwh"] + 1.0, rel=1e-9)


# ---------------------------------------------------------------- user text is never a formula

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    subs = [{"id": text, "building": text, "client": "Ville", "subscribed_kw": 100 + i, "heat_mwh": 150 + i}
            for i, text in enumerate(HOSTILE)]
    body = {"name": HOSTILE[0], "description": HOSTILE[2], "base": str(SCENARIOS / "2016_baseline.yaml"),
            "year": 2017, "measures": [{"add_substations": {"name": HOSTILE[3], "connect_to": "J_B6",
                                                            "substations": subs}}]}
    path = folder / "hostile.yaml"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    result = run_scenario(path)
    xlsx = write_workbook([result], folder / "hostile.xlsx")
    return path, result, xlsx


def test_user_text_is_written_as_text(hostile):
    path, result, xlsx = hostile
    book = load_workbook(xlsx)
    found = {text: 0 for text in HOSTILE}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert ws.title == "Tarifs" and not any(t in str(cell.value) for t in HOSTILE)
                if cell.value in found:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    found[cell.value] += 1
                    if cell.value[0] in "=+-@":
                        assert cell.quotePrefix, (ws.title, cell.coordinate)
    assert all(count > 0 for count in found.values()), found
    assert load_workbook(xlsx)["Synthèse"].cell(row=5, column=2).value == HOSTILE[0]


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_user_text_stays_text_in_libreoffice(hostile, tmp_path):
    _, _, xlsx = hostile
    home = tmp_path / "home"
    home.mkdir()
    subprocess.run([_soffice(), f"-env:UserInstallation={home.as_uri()}", "--headless", "--calc", "--convert-to",
                    "xlsx", "--outdir", str(tmp_path), str(xlsx)], capture_output=True, timeout=120,
                   env={**os.environ, "HOME": str(home)})
    ws = load_workbook(tmp_path / xlsx.name, data_only=True)["Sous-stations"]
    ids = [row[2] for row in ws.iter_rows(min_row=6, values_only=True)]
    assert all(text in ids for text in HOSTILE)


def test_user_text_round_trips(hostile):
    path, result, xlsx = hostile
    scenario, original = read_assumptions(xlsx)
    assert scenario == read_scenario(path)
    assert original == path.resolve()


# ---------------------------------------------------------------- assumptions: layout and round trip

def test_assumptions_layout(wb):
    ws = wb["Hypothèses"]
    assert [c.value for c in ws[5]] == [label(k) for k in ASSUMPTION_COLUMNS]
    rows = {(r[0], r[3]): r for r in ws.iter_rows(min_row=6, values_only=True)}
    r1 = rows[("Bilan 2020", "tariff.r1_eur_per_mwh")]
    assert r1[4] == 41 and r1[5] == "float" and r1[6] == "€ HT/MWh" and r1[7] == "2020_balance.yaml: tariff.r1_eur_per_mwh"
    saving = rows[("Bilan 2020", "measures[0].renovate.energy_saving_frac")]
    assert saving[4] == 0.25 and saving[5] == "float" and saving[2] == "scenario"
    assert rows[("Baseline 2016", "network")][4] == "../data/lens"
    assert rows[("Baseline 2016", "tariff.r1_eur_per_mwh")][4] is None  # shown, empty: not set
    network_rows = [r for r in ws.iter_rows(min_row=6, values_only=True) if r[2] == "network"]
    assert any(r[3] == "reference_dju" and r[4] == 2622 and "SOURCES.md" in r[7] for r in network_rows)
    assert any(r[3] == "plants.lbe.capacity_kw" and r[4] == 13000 for r in network_rows)


@pytest.mark.parametrize("scenario_path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_scenario_round_trips(workbook_path, scenario_path):
    original = read_scenario(scenario_path)
    scenario, source = read_assumptions(workbook_path, original.name)
    assert scenario == original
    assert source == scenario_path.resolve()


def test_import_writes_a_scenario_with_paths_for_its_new_folder(workbook_path, tmp_path, results):
    out = tmp_path / "elsewhere" / "balance.yaml"
    out.parent.mkdir()
    written, notes = import_assumptions(workbook_path, "Bilan 2020", out)
    assert written == out and notes == []
    imported = read_scenario(out)
    original = read_scenario(SCENARIOS / "2020_balance.yaml")
    assert imported.base != original.base  # rewritten for the new folder ...
    assert (out.parent / imported.base).resolve() == (SCENARIOS / original.base).resolve()  # ... same file
    csv = imported.measures[1]["add_substations"]["csv"]
    assert (out.parent / csv).resolve() == (SCENARIOS / "data" / "dsp_extensions_2018_2019.csv").resolve()
    assert imported.model_copy(update={"base": original.base, "measures": original.measures}) == original
    again = run_scenario(out)
    assert again.figures["average_price_eur_per_mwh"] == pytest.approx(results[1].figures["average_price_eur_per_mwh"])


def test_edited_value_comes_back(workbook_path, tmp_path):
    book = load_workbook(workbook_path)
    ws = book["Hypothèses"]
    target = next(r for r in ws.iter_rows(min_row=6) if r[0].value == "Bilan 2020" and r[3].value ==
                  "measures[0].renovate.energy_saving_frac")
    target[4].value = 0.4
    ws_r1 = next(r for r in ws.iter_rows(min_row=6) if r[0].value == "Bilan 2020" and r[3].value ==
                 "tariff.r1_eur_per_mwh")
    ws_r1[4].value = "42,5"  # typed as text in a French Excel
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    scenario, _ = read_assumptions(edited, "Bilan 2020")
    assert scenario.measures[0]["renovate"]["energy_saving_frac"] == 0.4
    assert scenario.tariff.r1_eur_per_mwh == 42.5


def test_import_refuses_to_overwrite_without_force(workbook_path, tmp_path, capsys):
    out = tmp_path / "s.yaml"
    out.write_text("keep me\n")
    code = cli.main(["import-assumptions", str(workbook_path), "--scenario", "Bilan 2020", "-o", str(out)])
    assert code == 2 and "already exists" in capsys.readouterr().err
    assert out.read_text() == "keep me\n"
    assert cli.main(["import-assumptions", str(workbook_path), "--scenario", "Bilan 2020", "-o", str(out),
                     "--force"]) == 0
    assert read_scenario(out).name == "Bilan 2020"


def test_import_needs_a_scenario_name_when_several(workbook_path, capsys):
    assert cli.main(["import-assumptions", str(workbook_path)]) == 2
    err = capsys.readouterr().err
    assert "--scenario" in err and "Bilan 2020" in err


# ---------------------------------------------------------------- corrupted or foreign workbooks

def test_not_a_zip(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("name;year\n")
    with pytest.raises(DataError, match=r"fake\.xlsx.*not an Excel workbook"):
        read_assumptions(path)


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        read_assumptions(tmp_path / "none.xlsx")


def test_workbook_without_assumptions_sheet(tmp_path):
    path = tmp_path / "foreign.xlsx"
    book = Workbook()
    book.active.title = "Feuil1"
    book.save(path)
    with pytest.raises(DataError, match=r"foreign\.xlsx.*'Hypothèses' or 'Assumptions'.*Feuil1"):
        read_assumptions(path)


def _edit(workbook_path, tmp_path, key, value, column=4, name="Bilan 2020"):
    book = load_workbook(workbook_path)
    ws = book["Hypothèses"]
    row = next(r for r in ws.iter_rows(min_row=6) if r[0].value == name and r[3].value == key)
    row[column].value = value
    path = tmp_path / "bad.xlsx"
    book.save(path)
    return path, row[column].coordinate


def test_bad_number_names_sheet_cell_and_expectation(workbook_path, tmp_path):
    path, cell = _edit(workbook_path, tmp_path, "tariff.r1_eur_per_mwh", "quarante")
    with pytest.raises(DataError) as info:
        read_assumptions(path, "Bilan 2020")
    message = str(info.value)
    assert "bad.xlsx" in message and "sheet 'Hypothèses'" in message and f"cell {cell}" in message
    assert "expected a number" in message and "quarante" in message


def test_out_of_range_value_names_its_cell(workbook_path, tmp_path):
    path, cell = _edit(workbook_path, tmp_path, "measures[0].renovate.energy_saving_frac", 1.5)
    with pytest.raises(DataError, match=rf"cell {cell}.*energy_saving_frac"):
        read_assumptions(path, "Bilan 2020")


def test_unknown_type_and_unknown_key(workbook_path, tmp_path):
    path, cell = _edit(workbook_path, tmp_path, "year", "integer", column=5)
    with pytest.raises(DataError, match=rf"cell {cell}.*unknown type 'integer'"):
        read_assumptions(path, "Bilan 2020")
    path, cell = _edit(workbook_path, tmp_path, "tariff.r2_policy", "tariff.r2_politique", column=3)
    with pytest.raises(DataError, match=rf"cell E{cell[1:]}.*tariff.r2_politique: unknown key"):
        read_assumptions(path, "Bilan 2020")


def test_unknown_scenario_name(workbook_path):
    with pytest.raises(DataError, match="no scenario named 'Nope'.*Bilan 2020"):
        read_assumptions(workbook_path, "Nope")


def test_key_paths_round_trip():
    data = {"a": [{"b": 1, "c": []}, {}], "odd.key": {"x y": None}, "d": "t"}
    for key, _ in flatten(data):
        assert parse_path(key)
    assert parse_path('measures[0].renovate.ids[2]') == ["measures", 0, "renovate", "ids", 2]
    assert parse_path('operation["odd.key"].x') == ["operation", "odd.key", "x"]
    with pytest.raises(ValueError):
        parse_path("a..b")


# ---------------------------------------------------------------- atomic writes

def test_failed_export_leaves_the_previous_file_intact(results, tmp_path, monkeypatch):
    path = write_workbook(results[:1], tmp_path / "out.xlsx")
    before = path.read_bytes()

    def broken_save(self, filename):
        Path(filename).write_bytes(b"PK partial")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_workbook(results, path, overwrite=True)  # replacing is asked for (--force); the save fails
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]  # no temporary file left


def test_failure_while_building_leaves_the_previous_file_intact(results, tmp_path, monkeypatch):
    path = write_workbook(results[:1], tmp_path / "out.xlsx")
    before = path.read_bytes()
    monkeypatch.setattr("heatnet.workbook.writer._write_bridge", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_workbook(results, path, overwrite=True)
    assert path.read_bytes() == before


def test_written_file_is_not_private(results, tmp_path):
    path = write_workbook(results[:1], tmp_path / "out.xlsx")
    assert stat.S_IMODE(path.stat().st_mode) & 0o044  # readable by others per the umask, like a plain save


def test_wrong_suffix_or_folder(results, tmp_path):
    with pytest.raises(DataError, match=r"\.xlsx"):
        write_workbook(results[:1], tmp_path / "out.xls")
    with pytest.raises(DataError, match="folder not found"):
        write_workbook(results[:1], tmp_path / "nope" / "out.xlsx")


# ---------------------------------------------------------------- command line

def test_cli_run_and_compare_write_workbooks(tmp_path, capsys):
    out = tmp_path / "run.xlsx"
    assert cli.main(["run", str(SCENARIOS / "2020_balance.yaml"), "--json", "--excel", str(out)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["scenario"] == "Bilan 2020"  # stdout stays pure JSON
    assert "run.xlsx" in captured.err
    assert load_workbook(out).sheetnames == SHEETS_FR
    out = tmp_path / "compare.xlsx"
    assert cli.main(["compare", str(SCENARIOS / "2016_baseline.yaml"), str(SCENARIOS / "hospital_closure.yaml"),
                     "--excel", str(out), "--lang", "en", "--concession", str(TIMELINE)]) == 0
    book = load_workbook(out)
    assert book.sheetnames == SHEETS_EN
    assert 2033 in [c for row in book["Accounts"].iter_rows(values_only=True) for c in row]


def test_dates_nested_settings_and_odd_strings_round_trip(tmp_path):
    body = {"name": "Odd\x0bname", "description": "", "network": str(ROOT / "data" / "lens"), "year": 2013,
            "load_year": 2016, "tariff": {"tariff_date": "2012-12-01", "capex_subsidy_frac": 0.3},
            "measures": [{"remove_substations": {"substation_no": ["14", "13"]}},
                         {"modify_plant": {"id": "lbe", "availability_frac": 0.85}}],
            "operation": {"dju": 2483, "availability_frac": {"lbe": 0.9, "zup_boiler_10mw": 1.0},
                          "outages": [{"plant_id": "lbe", "start": "2013-01-11", "end": "2013-02-21",
                                       "reason": "odd\u000b text"}],
                          "energy_prices": {"wood_eur_per_mwh": 44.62, "gas_eur_per_mwh": 52.25}}}
    path = tmp_path / "odd.yaml"
    path.write_text(json.dumps(body), encoding="utf-8")
    original = read_scenario(path)
    result = run_scenario(path)
    xlsx = write_workbook([result], tmp_path / "odd.xlsx")
    scenario, _ = read_assumptions(xlsx)
    assert scenario == original
    assert scenario.tariff.tariff_date.isoformat() == "2012-12-01"
    assert scenario.operation["outages"][0]["start"] == "2013-01-11"
    assert scenario.operation["availability_frac"] == {"lbe": 0.9, "zup_boiler_10mw": 1.0}


def test_gap_in_list_indexes_names_the_row(workbook_path, tmp_path):
    path, cell = _edit(workbook_path, tmp_path, "measures[1].add_substations.name", "measures[3].renovate.all",
                       column=3)
    with pytest.raises(DataError, match=rf"cell E{cell[1:]} \(measures\[3\].*without gaps"):
        read_assumptions(path, "Bilan 2020")


def test_network_sheet_carries_the_physics(tmp_path):
    from heatnet.model.physics import report

    result = run_scenario(SCENARIOS / "extension_12_14.yaml")
    out = tmp_path / "reseau.xlsx"
    write_workbook([result], out)
    ws = load_workbook(out)["Réseau"]
    values = {ws.cell(r, 3).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert values["network_efficiency_frac"] == round(result.figures["network_efficiency_frac"], 3)  # 0.0 %
    assert values["pump_head_bar"] == round(result.hydraulics.pump_head_bar, 2)
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    pipes = [r for r in rows if r[2] == "X_12_14_maisons_trunk"]
    assert len(pipes) == 1
    header = next(r for r in rows if r[2] == "Conduite")
    row = dict(zip(header, pipes[0]))
    expected = report(result)["pipes"].set_index("pipe_id").loc["X_12_14_maisons_trunk"]
    assert row["Taux de charge (%)"] == round(expected["load_frac"], 3) and row["DN nécessaire"] == 100


def test_paths_in_the_workbook_are_relative_to_it(tmp_path):
    # issue 18: no absolute local path in Hypothèses; import-assumptions finds the scenario from the workbook
    path = write_workbook([run_scenario(SCENARIOS / "2020_balance.yaml")], tmp_path / "etude.xlsx")
    ws = load_workbook(path)[label("xl_sheet_assumptions")]
    files = {row[1] for row in ws.iter_rows(min_row=7, values_only=True) if row[1]}
    assert files and not [f for f in files if Path(f).is_absolute()], files
    scenario, original = read_assumptions(path, "Bilan 2020")
    assert original == (SCENARIOS / "2020_balance.yaml").resolve()


# ---------------------------------------------------------------- computed values stored as shown

def _formula_inputs(book):
    """Every (sheet, row, column) a formula of the workbook reads."""
    from openpyxl.formula import Tokenizer
    from openpyxl.utils.cell import range_boundaries
    read = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                for item in Tokenizer(cell.value).items:
                    if item.type != "OPERAND" or item.subtype != "RANGE":
                        continue
                    sheet, _, ref = item.value.rpartition("!")
                    sheet = sheet.strip("'").replace("''", "'") or ws.title
                    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
                    read |= {(sheet, r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)}
    return read


def _decimals(number_format):
    """Decimals an Excel format shows (the test's own reading: ``#,##0.00`` 2, ``0.0%`` 3), None if not fixed."""
    import re
    m = re.fullmatch(r"[#,0]*0(?:\.(0+))?(%?)", number_format.split(";")[0])
    return None if m is None else len(m.group(1) or "") + (2 if m.group(2) else 0)


def test_computed_values_are_stored_as_shown_and_inputs_in_full(wb, results):
    """Issue 18: a price shown 55.36 is 55.36 in the cell; what a formula reads, the yellow inputs and the
    Assumptions values keep every digit (the price formulas and LibreOffice's recompute depend on them)."""
    read = _formula_inputs(wb)
    computed = inputs_with_digits = 0
    for ws in wb.worksheets:
        if ws.title == "Hypothèses":
            continue
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    continue
                decimals = _decimals(cell.number_format)
                if (ws.title, cell.row, cell.column) in read or cell.fill.fgColor.rgb == "00FFF2CC":
                    inputs_with_digits += decimals is not None and value != round(value, decimals)
                    continue
                if decimals is not None:
                    computed += 1
                    assert value == round(value, decimals), (ws.title, cell.coordinate, value, cell.number_format)
    assert computed > 2000 and inputs_with_digits > 100, (computed, inputs_with_digits)
    tariffs = wb["Tarifs"]
    rows = key_rows(tariffs, 2 + len(results))
    for j, result in enumerate(results):  # R1 and R2 applied: inputs of the price formulas, unrounded
        for key in ("r1_eur_per_mwh", "r2_eur_per_kw"):  # (the xlsx text keeps 15 significant digits)
            assert tariffs.cell(rows[key], 2 + j).value == pytest.approx(result.tariff[key], rel=1e-14, abs=0)
    values = [c for row in wb["Hypothèses"].iter_rows(min_row=6, min_col=5, max_col=5) for c in row
              if isinstance(c.value, float)]  # inputs as the scenario gives them, in a format that hides nothing
    assert values and {c.number_format for c in values} == {"General"}
