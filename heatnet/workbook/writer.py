"""The Excel workbook: scenario results for a reader who audits them, and assumptions that come back in.

:func:`write_workbook` writes one ``.xlsx`` (openpyxl) from one or several
:class:`heatnet.scenarios.ScenarioResult`, French headers by default:

* **Synthèse / Summary**: key figures, one column per scenario, changes against the first,
  charts of the average price and of the energy mix;
* **Hypothèses / Assumptions**: every input of every scenario of each chain, one row per key
  path (``tariff.r1_eur_per_mwh``, ``measures[0].renovate.energy_saving_frac``) with its value,
  type, unit and source; :func:`read_assumptions` reads it back into a
  :class:`~heatnet.scenarios.Scenario` (``heatnet import-assumptions``);
* **Sous-stations / Substations**: each subscriber's kW, MWh, R1 and R2 parts and bill;
* **Tarifs / Tariffs**: contract R1/R2 components, the units applied, and the average price as a
  live Excel formula over this sheet's R1/R2 cells and the substations' MWh and kW;
* **Comptes / Accounts**: operating accounts, gaps to the CEP, the operator's hold-unit
  accounts and, on request, the concession year by year to the end of the DSP with its NPV and
  each variance analysis as live formulas (a substitution table per compared pair);
* **Énergie / Energy**: monthly production by plant when the hourly operation was computed;
* **Pont de prix / Price bridge**: each scenario's price bridge, table and waterfall chart.

Text that comes from user data (scenario, substation or building names) is always written as
text, never as a formula. The file is written atomically: a temporary file in the target
folder, then ``os.replace``.
"""

import datetime as dt
import json
import math
import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.utils import get_column_letter

import heatnet
from heatnet.i18n import (LABELS, bridge_step_text, category_label, check_lang, clause_text, describe_measure,
                          label, plan_part_text, warning_text, year_basis, year_basis_text)
from heatnet.io.folder import DataError
from heatnet.io.write import check_target
from heatnet.model import accounts as acc
from heatnet.scenarios import COMPARE_ROWS
from heatnet.scenarios.result import APPRAISAL_KEYS, extension_appraisal
from heatnet.workbook.assumptions import _write_assumptions, flatten
from heatnet.workbook.cells import (WORKBOOK_DIR, HEADER_FONT, INPUT_FILL, KEY_FONT, Layout, TABLE_TOP, _axes_visible, _display_path,
                                    _plain, clean_text, formula, number_format, put, save_atomic, sheet_ref)


SHEETS = ("summary", "assumptions", "substations", "tariffs", "accounts", "energy", "network", "bridge")

BILL_COLUMNS = ("substation_id", "substation_no", "building", "client", "category", "branch", "dwellings",
                "added_by", "subscribed_kw", "heat_mwh", "r1_eur", "r2_eur", "bill_eur", "price_eur_per_mwh",
                "heat_frac", "subscribed_frac", "turnover_frac")
ACCOUNT_ROWS = ("heat_sold_mwh", "subscribed_kw", "r1_revenue_eur", "r1_costs_eur", "r1_margin_eur",
                "r2_revenue_eur", "r2_costs_eur", "r2_margin_eur", "nonrecurring_balance_eur", "operating_result_eur",
                "operating_result_published_eur", "r1_revenue_eur_per_mwh", "r1_costs_eur_per_mwh",
                "r2_revenue_eur_per_kw", "average_price_eur_per_mwh")
OPERATOR_ROWS = ("heat_sold_mwh", "subscribed_kw", "r2_eur_per_kw", "r1_revenue_eur", "r1_costs_eur",
                 "r1_margin_eur", "r2_revenue_eur", "r2_costs_eur", "r2_margin_eur", "nonrecurring_balance_eur",
                 "operating_result_eur", "turnover_eur", "average_price_eur_per_mwh")

# ---------------------------------------------------------------- summary

def _plant_names(results):
    """Plant id -> its name in the data, across the results (plants a scenario adds included)."""
    names = {}
    for r in results:
        plants = r.state.plants
        if "name" in plants:
            names.update({k: v for k, v in zip(plants["id"], plants["name"]) if isinstance(v, str) and v})
    return names


def _group_label(group, net, lang):
    """A reported plant group: its label, else the names of its plants."""
    if f"group_{group}" in LABELS:
        return label(f"group_{group}", lang)
    plants = net.plants
    if "report_group" in plants and "name" in plants:
        names = [str(n) for n in plants.loc[plants["report_group"] == group, "name"].dropna()]
        if names:
            return ", ".join(names)
    return str(group)


def _row_label(key, lang, names):
    """A row of the operation summary in words: ``mix_frac.lbe`` -> the plant's share, by its name."""
    if key.startswith("mix_frac."):
        plant = key.split(".", 1)[1]
        return label("xl_mix_share_of", lang).format(plant=names.get(plant, plant))
    if key.startswith("renewable_frac_areas."):
        area = key.split(".", 1)[1]
        words = label(f"xl_area_{area}", lang) if f"xl_area_{area}" in LABELS else names.get(area, area)
        return label("xl_renewable_of_area", lang).format(area=words)
    return label(key, lang)


def _added_by(value, lang):
    """The measure that added a substation, in words (``add_substations: X`` -> ``Extension : X``)."""
    if not isinstance(value, str) or ": " not in value:
        return value
    kind, name = value.split(": ", 1)
    return describe_measure({"kind": kind, "name": name}, lang)


def _mix(result):
    """{source: share of heat produced} from the hourly operation, else the reported EnR&R share."""
    op = getattr(result, "operation", None)
    if op is not None:
        try:
            summary = op.summary()
        except Exception:  # an operation object without summary(): fall back to the reported share
            summary = None
        mix = (summary or {}).get("mix_frac") if isinstance(summary, dict) else None
        if isinstance(mix, pd.Series):
            mix = mix.to_dict()
        if isinstance(mix, dict) and mix:
            return {str(k): _plain(v) for k, v in mix.items()}
    renewable = _plain(result.figures.get("renewable_frac"))
    if renewable is None:
        return {}
    return {"xl_mix_renewable": renewable, "xl_mix_other": 1.0 - renewable}


def _write_summary(ws, results, lang):
    lay = Layout(ws)
    lay.title_block(lang, results, "xl_sheet_summary")
    n = len(results)
    first = results[0]
    row = TABLE_TOP - 1
    deltas = results[1:]
    key_col = 2 + n + len(deltas)
    lay.header(row, [label("xl_indicator", lang)] + [r.name for r in results] +
               [label("xl_delta", lang).format(name=r.name, first=first.name) for r in deltas] + [label("xl_key", lang)])
    row += 1
    put(ws, row, 1, label("xl_file_name", lang))
    for j, r in enumerate(results):
        put(ws, row, 2 + j, _display_path(r.path))
    put(ws, row, key_col, "file", font=KEY_FONT)
    row += 1
    for key in ("price_basis", "r2_policy"):
        put(ws, row, 1, label(key, lang))
        for j, r in enumerate(results):
            put(ws, row, 2 + j, label(r.figures.get(key), lang))
        put(ws, row, key_col, key, font=KEY_FONT)
        row += 1
    # what year each column is (climate, plant stops): columns operated differently do not differ by their
    # measures alone, and the sheet says so as the command line does
    put(ws, row, 1, label("year_basis", lang))
    for j, r in enumerate(results):
        put(ws, row, 2 + j, year_basis_text(r.figures, lang))
    put(ws, row, key_col, "year_basis", font=KEY_FONT)
    if len({year_basis(r.figures) for r in results}) > 1:
        put(ws, row, 2 + n, label("compare_bases_differ", lang))
    row += 1
    first_price = first.figures["average_price_eur_per_mwh"]
    rows_at = {}
    for key in COMPARE_ROWS + ("delta_price_vs_first_frac",):
        fmt = number_format(key)
        values = []
        for r in results:
            if key == "delta_price_vs_first_frac":
                values.append(r.figures["average_price_eur_per_mwh"] / first_price - 1)
            else:
                values.append(_plain(r.figures.get(key)))
        put(ws, row, 1, label(key, lang))
        for j, value in enumerate(values):
            put(ws, row, 2 + j, value, fmt)
        if key != "year":
            for j, value in enumerate(values[1:]):
                if isinstance(value, (int, float)) and isinstance(values[0], (int, float)):
                    put(ws, row, 2 + n + j, value - values[0], fmt)
        put(ws, row, key_col, key, font=KEY_FONT)
        rows_at[key] = row
        row += 1

    chart = _price_chart(ws, lang, n, rows_at)

    row, mix_chart = _mix_block(ws, lay, results, lang, row + 1, chart)
    row = _warnings_block(ws, lay, results, lang, row + 1)
    row = _appraisal_block(ws, lay, results, lang, row + 1)
    row += 1
    ws.add_chart(chart, f"A{row}")
    if mix_chart is not None:
        ws.add_chart(mix_chart, f"{get_column_letter(min(2 + n, 8))}{row}")
    lay.finish(freeze=f"B{TABLE_TOP}")
    ws.column_dimensions[get_column_letter(key_col)].width = 24


def _warnings_block(ws, lay, results, lang, row):
    """Each scenario's warnings (heatnet.scenarios.warnings), one sentence a row."""
    lay.section(row, label("warnings", lang))
    row += 1
    lay.header(row, [label("scenario", lang), label("xl_severity", lang), label("xl_warning", lang)])
    row += 1
    for r in results:
        if not r.warnings:
            put(ws, row, 1, r.name)
            put(ws, row, 3, label("warning_none", lang))
            row += 1
        for warning in r.warnings:
            put(ws, row, 1, r.name)
            put(ws, row, 2, label(f"warning_{warning['severity']}", lang))
            put(ws, row, 3, warning_text(warning, lang))
            row += 1
    return row + 1


def _appraisal_block(ws, lay, results, lang, row):
    """The extensions' appraisal: length, densities against both rules, investment, subsidy, annuity, price."""
    rows = [(r, ext) for r in results for ext in extension_appraisal(r)]
    if not rows:
        return row
    lay.section(row, label("xl_section_appraisal", lang))
    row += 1
    lay.header(row, [label("xl_indicator", lang)] + [f"{r.name} : {ext['name']}" if lang == "fr" else
                                                      f"{r.name}: {ext['name']}" for r, ext in rows])
    row += 1
    for key in APPRAISAL_KEYS:
        put(ws, row, 1, label(key, lang))
        for j, (_, ext) in enumerate(rows):
            put(ws, row, 2 + j, _plain(ext.get(key)), number_format(key))
        row += 1
    return row + 1


# ---------------------------------------------------------------- substations

def _price_chart(ws, lang, n, rows_at):
    """Columns of the average price HT and TTC per scenario."""
    chart = BarChart()
    chart.type = "col"
    chart.title = label("xl_chart_price", lang)
    chart.y_axis.title = label("average_price_eur_per_mwh", lang)
    chart.y_axis.numFmt = "#,##0"
    for key in ("average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh"):
        data = Reference(ws, min_col=1, max_col=1 + n, min_row=rows_at[key], max_row=rows_at[key])
        chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=1 + n, min_row=TABLE_TOP - 1, max_row=TABLE_TOP - 1))
    chart.height, chart.width = 7.5, max(12.0, 2.5 * n + 6)
    _axes_visible(chart)
    return chart


def _mix_block(ws, lay, results, lang, row, chart):
    """The energy mix table from ``row`` and its stacked chart (None without a mix); returns (next row, chart)."""
    n = len(results)
    lay.section(row, label("xl_section_mix", lang))
    row += 1
    mixes = [_mix(r) for r in results]
    sources = list(dict.fromkeys(k for m in mixes for k in m))
    mix_header = row
    lay.header(row, [label("xl_indicator", lang)] + [r.name for r in results])
    row += 1
    names = _plant_names(results)
    if sources:
        for source in sources:
            put(ws, row, 1, label(source, lang) if source.startswith("xl_") else names.get(source, source))
            for j, m in enumerate(mixes):
                put(ws, row, 2 + j, m.get(source), "0.0%")
            row += 1
        mix_chart = BarChart()
        mix_chart.type = "col"
        mix_chart.grouping = "stacked"
        mix_chart.overlap = 100
        mix_chart.title = label("xl_chart_mix", lang)
        mix_chart.y_axis.numFmt = "0%"
        mix_chart.y_axis.scaling.min = 0
        mix_chart.y_axis.scaling.max = 1
        data = Reference(ws, min_col=1, max_col=1 + n, min_row=mix_header + 1, max_row=row - 1)
        mix_chart.add_data(data, from_rows=True, titles_from_data=True)
        mix_chart.set_categories(Reference(ws, min_col=2, max_col=1 + n, min_row=mix_header, max_row=mix_header))
        mix_chart.height, mix_chart.width = chart.height, chart.width
        _axes_visible(mix_chart)
    else:
        lay.note(row, label("xl_mix_none", lang))
        row += 1
        mix_chart = None
    return row, mix_chart


def _write_substations(ws, results, lang):
    """One block of rows per scenario; returns {scenario index: (first row, last row, kW col, MWh col)}."""
    lay = Layout(ws)
    lay.title_block(lang, results, "xl_sheet_substations")
    row = TABLE_TOP - 1
    columns = ("xl_scenario_no", "scenario") + BILL_COLUMNS
    lay.header(row, [label(k, lang) for k in columns])
    header = row
    formats = [number_format(k) for k in columns]
    kw_col = columns.index("subscribed_kw") + 1
    mwh_col = columns.index("heat_mwh") + 1
    blocks = {}
    row += 1
    for i, result in enumerate(results):
        bills = result.bills.rename(columns={"id": "substation_id"})
        present = [c for c in BILL_COLUMNS]
        records = bills.reindex(columns=present).itertuples(index=False, name=None)
        first = row
        for record in records:
            put(ws, row, 1, i + 1)
            put(ws, row, 2, result.name)
            for j, value in enumerate(record):
                column = present[j]
                if column == "category":
                    value = category_label(value, lang)
                elif column == "added_by":
                    value = _added_by(value, lang)
                put(ws, row, 3 + j, value, formats[2 + j], exact=3 + j in (kw_col, mwh_col))  # the price formulas' inputs
            row += 1
        blocks[i] = (first, row - 1, kw_col, mwh_col)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(columns))}{max(row - 1, header)}"
    lay.finish(freeze=f"D{header + 1}")
    return blocks


# ---------------------------------------------------------------- tariffs

def _write_tariffs(ws, results, lang, blocks, substations_title):
    lay = Layout(ws)
    lay.title_block(lang, results, "xl_sheet_tariffs")
    n = len(results)
    key_col = 2 + n
    row = TABLE_TOP - 1
    lay.header(row, [label("xl_indicator", lang)] + [r.name for r in results] + [label("xl_key", lang)])
    row += 1

    def line(key, values, fmt=None, fill=None, text=None):
        nonlocal row
        put(ws, row, 1, text or label(key, lang))
        for j, value in enumerate(values):
            put(ws, row, 2 + j, value, fmt or number_format(key), fill=fill)
        put(ws, row, key_col, key, font=KEY_FONT)
        row += 1
        return row - 1

    r1s = [r.tariff.get("r1_contract") or {} for r in results]
    r2s = [r.tariff.get("r2_contract") or {} for r in results]
    lay.section(row, label("xl_section_r1", lang))
    row += 1
    line("effective_date", [_date(c.get("effective_date")) for c in r1s])
    for key in ("r1c_eur_per_mwh", "r1co2_eur_per_mwh", "r1t_eur_per_mwh", "r1_eur_per_mwh",
                "published_average_eur_per_mwh"):
        line(f"r1_contract.{key}", [c.get(key) for c in r1s], number_format(key), text=label(key, lang))
    fuels = list(dict.fromkeys(f for c in r1s for f in (c.get("energy_by_fuel_eur_per_mwh") or {})))
    for fuel in fuels:
        line(f"r1_contract.energy_by_fuel_eur_per_mwh.{fuel}",
             [(c.get("energy_by_fuel_eur_per_mwh") or {}).get(fuel) for c in r1s], "#,##0.000",
             text=label("xl_fuel_price", lang).format(fuel=fuel))
    for fuel in list(dict.fromkeys(f for c in r1s for f in (c.get("mix_weights_frac") or {}))):
        line(f"r1_contract.mix_weights_frac.{fuel}", [(c.get("mix_weights_frac") or {}).get(fuel) for c in r1s],
             "0.00%", text=label("xl_mix_weight", lang).format(fuel=fuel))
    lay.section(row, label("xl_section_r2", lang))
    row += 1
    line("effective_date", [_date(c.get("effective_date")) for c in r2s])
    for key in ("r2_1_eur_per_kw", "r2_2_eur_per_kw", "r2_3_eur_per_kw", "r2_4_eur_per_kw", "r2_5_eur_per_kw",
                "r2_eur_per_kw", "published_total_eur_per_kw"):
        line(f"r2_contract.{key}", [c.get(key) for c in r2s], number_format(key), text=label(key, lang))

    lay.section(row, label("xl_section_units", lang))
    row += 1
    line("r2_policy", [label(r.tariff.get("r2_policy"), lang) for r in results])
    line("price_basis", [label(r.tariff.get("price_basis"), lang) for r in results])
    line("tariff_date", [_date(r.tariff.get("tariff_date")) for r in results])
    line("accounts_period", [r.tariff.get("accounts_period") for r in results])
    r1_row = line("r1_eur_per_mwh", [r.tariff["r1_eur_per_mwh"] for r in results], "#,##0.00", fill=INPUT_FILL)
    r2_row = line("r2_eur_per_kw", [r.tariff["r2_eur_per_kw"] for r in results], "#,##0.00", fill=INPUT_FILL)
    line("r1_costs_eur_per_mwh", [r.tariff.get("r1_costs_eur_per_mwh") for r in results])
    line("r2_costs_eur", [r.tariff.get("r2_costs_eur") for r in results])
    line("extension_annuity_in_r2_eur", [r.tariff.get("extension_annuity_in_r2_eur") for r in results])

    lay.section(row, label("xl_section_formula", lang))
    row += 1
    rows = {}
    for key, text_key in (("heat_sold_mwh", "xl_formula_heat"), ("subscribed_kw", "xl_formula_kw"),
                          ("r1_revenue_eur", "r1_revenue_eur"), ("r2_revenue_eur", "r2_revenue_eur"),
                          ("formula_average_price_eur_per_mwh", "xl_formula_price"),
                          ("average_price_eur_per_mwh", "xl_exported_price"),
                          ("formula_gap_eur_per_mwh", "xl_formula_gap")):
        rows[key] = row
        put(ws, row, 1, label(text_key, lang))
        put(ws, row, key_col, key, font=KEY_FONT)
        row += 1
    _price_formulas(ws, results, blocks, substations_title, rows, r1_row, r2_row)
    lay.finish(freeze=f"B{TABLE_TOP}")
    ws.column_dimensions[get_column_letter(key_col)].width = 28
    for j in range(n):
        letter = get_column_letter(2 + j)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, 14)


def _price_formulas(ws, results, blocks, substations_title, rows, r1_row, r2_row):
    """Live formulas of each scenario's revenues and average price over the Substations sheet's MWh and kW."""
    for j, result in enumerate(results):
        col = get_column_letter(2 + j)
        first, last, kw_col, mwh_col = blocks[j]
        mwh = sheet_ref(substations_title, f"${get_column_letter(mwh_col)}${first}:${get_column_letter(mwh_col)}${last}")
        kw = sheet_ref(substations_title, f"${get_column_letter(kw_col)}${first}:${get_column_letter(kw_col)}${last}")
        r1, r2 = f"{col}${r1_row}", f"{col}${r2_row}"
        formula(ws, rows["heat_sold_mwh"], 2 + j, f"=SUM({mwh})", "#,##0")
        formula(ws, rows["subscribed_kw"], 2 + j, f"=SUM({kw})", "#,##0")
        formula(ws, rows["r1_revenue_eur"], 2 + j, f"={r1}*SUM({mwh})", "#,##0")
        formula(ws, rows["r2_revenue_eur"], 2 + j, f"={r2}*SUM({kw})", "#,##0")
        formula(ws, rows["formula_average_price_eur_per_mwh"], 2 + j,
                f"=({r1}*SUM({mwh})+{r2}*SUM({kw}))/SUM({mwh})", "#,##0.00")
        put(ws, rows["average_price_eur_per_mwh"], 2 + j, result.figures["average_price_eur_per_mwh"], "#,##0.00",
            exact=True)  # the gap formula's input
        formula(ws, rows["formula_gap_eur_per_mwh"], 2 + j,
                f"={col}{rows['formula_average_price_eur_per_mwh']}-{col}{rows['average_price_eur_per_mwh']}",
                "#,##0.000000")


def _date(value):
    if value in (None, "", "None"):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)


# ---------------------------------------------------------------- accounts

def _write_accounts(ws, results, lang, concession):
    lay = Layout(ws)
    lay.title_block(lang, results, "xl_sheet_accounts")
    row, cep_period, cep_row = _accounts_tables(ws, lay, results, lang, TABLE_TOP - 1)
    row = _operator_block(ws, lay, results, lang, row, cep_period, cep_row)
    _concession_block(ws, lay, lang, row, concession)
    lay.finish(freeze=f"B{TABLE_TOP}")


def _accounts_tables(ws, lay, results, lang, row):
    """Each network's operating accounts by period and their gaps to the CEP; returns (row, CEP period, CEP row)."""
    networks = {}
    for r in results:
        networks.setdefault(str(Path(r.network.folder).resolve()), r.network)
    cep_period = cep_row = None
    for net in networks.values():
        if net.accounts is None or net.accounts.empty:
            lay.note(row, f"{net.name}: {label('xl_no_accounts', lang)}")
            row += 2
            continue
        table = acc.operating_accounts(net.accounts, net.operations)
        cep_period = net.params.get("contract", {}).get("cep_period")
        if cep_period in table.index:
            cep_row = table.loc[cep_period]
        lay.section(row, label("xl_section_accounts", lang).format(network=net.name))
        row += 1
        periods = list(table.index)
        lay.header(row, [label("xl_line", lang)] + [str(p) for p in periods] + [label("xl_key", lang)])
        row += 1
        for key in ACCOUNT_ROWS:
            if key not in table:
                continue
            put(ws, row, 1, label(key, lang))
            for j, p in enumerate(periods):
                put(ws, row, 2 + j, table.loc[p, key], number_format(key))
            put(ws, row, 2 + len(periods), key, font=KEY_FONT)
            row += 1
        row += 1
        if cep_period in table.index:
            gaps = acc.gap_to_cep(table, cep_period)
            lay.section(row, label("xl_section_gap_cep", lang).format(cep=cep_period))
            row += 1
            lay.header(row, [label(k, lang) for k in ("xl_period", "xl_line", "xl_actual", "xl_cep", "xl_gap",
                                                       "xl_gap_frac")] + [label("xl_key", lang)])
            row += 1
            for rec in gaps.to_dict(orient="records"):
                fmt = number_format(rec["line"])
                put(ws, row, 1, str(rec["period"]))
                put(ws, row, 2, label(rec["line"], lang))
                put(ws, row, 3, rec["actual"], fmt)
                put(ws, row, 4, rec["cep"], fmt)
                put(ws, row, 5, rec["gap"], fmt)
                put(ws, row, 6, rec["gap_frac"], "0.0%")
                put(ws, row, 7, rec["line"], font=KEY_FONT)
                row += 1
            row += 1
    return row, cep_period, cep_row


def _operator_block(ws, lay, results, lang, row, cep_period, cep_row):
    """The operator's accounts per scenario (R2 unit held), against the CEP."""
    n = len(results)
    lay.section(row, label("xl_section_operator", lang).format(cep=cep_period or "-"))
    row += 1
    lay.header(row, [label("xl_indicator", lang)] + [r.name for r in results] + [str(cep_period or "CEP"),
                                                                                  label("xl_key", lang)])
    row += 1
    for key in OPERATOR_ROWS:
        put(ws, row, 1, label(key, lang))
        for j, r in enumerate(results):
            put(ws, row, 2 + j, (r.operator or {}).get(key), number_format(key))
        if cep_row is not None and key in cep_row.index:
            put(ws, row, 2 + n, cep_row[key], number_format(key))
        elif cep_row is not None and key == "turnover_eur":
            put(ws, row, 2 + n, cep_row["r1_revenue_eur"] + cep_row["r2_revenue_eur"], number_format(key))
        put(ws, row, 3 + n, key, font=KEY_FONT)
        row += 1
    if cep_row is not None:
        for key in ("r1_margin_eur", "r2_margin_eur", "operating_result_eur"):
            put(ws, row, 1, label("xl_gap_to_cep_of", lang).format(line=label(key, lang)))
            for j, r in enumerate(results):
                if (r.operator or {}).get(key) is not None:
                    put(ws, row, 2 + j, r.operator[key] - cep_row[key], "#,##0")
            put(ws, row, 3 + n, f"gap_to_cep.{key}", font=KEY_FONT)
            row += 1
    row += 1
    return row


def _concession_block(ws, lay, lang, row, concession):
    """The concession year by year (margins, result, cumulative, average price as live formulas), its
    totals (NPV as a formula of the rate cell), a chart of the cumulative result and each variance."""
    lay.section(row, label("xl_section_concession", lang))
    row += 1
    study = _concession_study(concession)
    if study is None:
        lay.note(row, label("xl_no_concession", lang))
        return row + 1
    lay.note(row, f"{study.timeline.name} · {_display_path(study.path)}")
    row += 1
    header, last, cols = _concession_years(ws, lay, lang, row, study)
    row = _concession_totals(ws, lang, last + 2, study, header, last, cols)
    chart = LineChart()
    chart.title = label("xl_chart_concession", lang)
    chart.y_axis.numFmt = "#,##0"
    col = cols["cumulative_result_eur"]
    chart.add_data(Reference(ws, min_col=col, max_col=col, min_row=header, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, max_col=1, min_row=header + 1, max_row=last))
    chart.height, chart.width = 8, 18
    _axes_visible(chart)
    ws.add_chart(chart, f"A{row + 1}")
    row += 18
    for pair in study.variance:
        row = _variance_block(ws, lay, lang, row, pair)
    return row


CONCESSION_YEAR_COLUMNS = ("year", "xl_kind", "scenario", "year_frac_r1", "year_frac_r2", "dju", "heat_sold_mwh",
                           "subscribed_kw", "r1_eur_per_mwh", "r2_eur_per_kw", "r1_revenue_eur", "r2_revenue_eur",
                           "r1_costs_eur", "r2_costs_eur", "nonrecurring_balance_eur", "r1_margin_eur",
                           "r2_margin_eur", "operating_result_eur", "cep_operating_result_eur", "gap_to_cep_eur",
                           "cumulative_result_eur", "average_price_eur_per_mwh", "renewable_frac", "royalty_eur",
                           "triggers")
# live formulas of the yearly table, written with the column letters of the keys in braces
CONCESSION_FORMULAS = {
    "r1_revenue_eur": "={r1_eur_per_mwh}{r}*{heat_sold_mwh}{r}",
    "r2_revenue_eur": "={r2_eur_per_kw}{r}*{subscribed_kw}{r}*{year_frac_r2}{r}",
    "r1_margin_eur": "={r1_revenue_eur}{r}-{r1_costs_eur}{r}",
    "r2_margin_eur": "={r2_revenue_eur}{r}-{r2_costs_eur}{r}",
    "operating_result_eur": "={r1_margin_eur}{r}+{r2_margin_eur}{r}+{nonrecurring_balance_eur}{r}",
    "average_price_eur_per_mwh": "=({r1_revenue_eur}{r}+{r2_revenue_eur}{r})/{heat_sold_mwh}{r}",
}
# the yearly values those formulas (and the gap to the CEP, the NPV) read: written at full precision
CONCESSION_FORMULA_INPUTS = {name for text in CONCESSION_FORMULAS.values()
                             for name in re.findall(r"\{(\w+)\}", text) if name != "r"} | {"cep_operating_result_eur",
                                                                                          "year"}


def _concession_years(ws, lay, lang, row, study):
    """The yearly table; returns (header row, last row, {key: column})."""
    cols = {k if k != "xl_kind" else "kind": j + 1 for j, k in enumerate(CONCESSION_YEAR_COLUMNS)}
    letters = {k: get_column_letter(c) for k, c in cols.items()}
    lay.header(row, [label(c, lang) for c in CONCESSION_YEAR_COLUMNS])
    header = row
    for y in study.years:
        row += 1
        for key, col in cols.items():
            if key in CONCESSION_FORMULAS:
                formula(ws, row, col, CONCESSION_FORMULAS[key].format(r=row, **letters), number_format(key))
            elif key == "kind":
                put(ws, row, col, label(f"kind_{y['kind']}", lang))
            elif key == "cumulative_result_eur":
                prev = f"+{letters[key]}{row - 1}" if row > header + 1 else ""
                formula(ws, row, col, f"={letters['operating_result_eur']}{row}{prev}", number_format(key))
            elif key == "gap_to_cep_eur":
                if y.get("cep_operating_result_eur") is not None:
                    cep = letters["cep_operating_result_eur"]
                    formula(ws, row, col, f"={letters['operating_result_eur']}{row}-{cep}{row}", number_format(key))
            elif key == "triggers":
                put(ws, row, col, (" ; " if lang == "fr" else "; ").join(clause_text(t, lang) for t in y["triggers"]))
            else:
                put(ws, row, col, y.get(key), number_format(key), exact=key in CONCESSION_FORMULA_INPUTS)
    return header, row, cols


def _concession_totals(ws, lang, row, study, header, last, cols):
    """Cumulative result, discount rate (an input) and the NPV as a formula over the yearly table."""
    year, result = get_column_letter(cols["year"]), get_column_letter(cols["operating_result_eur"])
    put(ws, row, 1, label("discount_rate_frac", lang))
    put(ws, row, 2, study.totals["discount_rate_frac"], "0.0%", fill=INPUT_FILL)
    put(ws, row, 3, "discount_rate_frac", font=KEY_FONT)
    first = f"${year}${header + 1}"
    put(ws, row + 1, 1, label("npv_eur", lang))
    formula(ws, row + 1, 2, f"=SUMPRODUCT({result}{header + 1}:{result}{last}/(1+$B${row})^"
                            f"({year}{header + 1}:{year}{last}-{first}))", "#,##0")
    put(ws, row + 1, 3, "npv_eur", font=KEY_FONT)
    put(ws, row + 2, 1, label("cumulative_result_eur", lang))
    formula(ws, row + 2, 2, f"=SUM({result}{header + 1}:{result}{last})", "#,##0")
    put(ws, row + 2, 3, "cumulative_result_eur", font=KEY_FONT)
    put(ws, row + 3, 1, label("royalty_eur", lang))
    put(ws, row + 3, 2, study.totals["royalty_eur"], "#,##0")
    put(ws, row + 3, 3, "royalty_eur", font=KEY_FONT)
    return row + 4


def _variance_block(ws, lay, lang, row, pair):
    """A compared pair: the drivers of both ends (inputs), then the sequential substitution as
    formulas: one line per step with the drivers in force and the rebuilt result; each effect is
    the change of the result at its step, and they sum to the gap."""
    from heatnet.studies.variance import EFFECTS

    lay.section(row, label("xl_section_concession_variance", lang).format(a=pair["from"], b=pair["to"]))
    row += 1
    lay.note(row, label("concession_method", lang))
    row += 1
    put(ws, row, 1, label("xl_heating_frac", lang))
    put(ws, row, 2, pair["heating_frac"], "0.0%", fill=INPUT_FILL)
    h = f"$B${row}"
    row += 1
    lay.header(row, [label("xl_driver", lang), pair["from"], pair["to"]])
    a, b = pair["drivers_from"], pair["drivers_to"]
    first = row + 1
    for k, name in enumerate(EFFECTS):
        put(ws, first + k, 1, label(name, lang))
        put(ws, first + k, 2, a[name], "#,##0.00", fill=INPUT_FILL)
        put(ws, first + k, 3, b[name], "#,##0.00", fill=INPUT_FILL)
    row = first + len(EFFECTS) + 1
    lay.header(row, [label("xl_effect", lang)] + [label(n, lang) for n in EFFECTS] + [label("xl_rebuilt_result", lang),
                                                                                         label("xl_effect", lang)])
    for step in range(len(EFFECTS) + 1):
        r = row + 1 + step
        put(ws, r, 1, label(EFFECTS[step - 1], lang) if step else pair["from"])
        refs = [f"$C${first + k}" if k < step else f"$B${first + k}" for k in range(len(EFFECTS))]
        for k, ref in enumerate(refs):
            formula(ws, r, 2 + k, f"={ref}", "#,##0.00")
        d = {n: f"{get_column_letter(2 + k)}{r}" for k, n in enumerate(EFFECTS)}
        result_col = 2 + len(EFFECTS)
        formula(ws, r, result_col, f"=({d['r1_unit_price']}-{d['energy_costs_and_mix']})*{d['other_volume']}*"
                                   f"(1-{h}+{h}*{d['climate']})+{d['r2_unit_price']}*{d['subscribed_power']}"
                                   f"-{d['r2_costs']}+{d['nonrecurring']}", "#,##0")
        if step:
            res = get_column_letter(result_col)
            formula(ws, r, result_col + 1, f"={res}{r}-{res}{r - 1}", "#,##0")
    end = row + 1 + len(EFFECTS)
    effect_col = get_column_letter(3 + len(EFFECTS))
    put(ws, end + 1, 1, label("gap_eur", lang))
    formula(ws, end + 1, 3 + len(EFFECTS), f"=SUM({effect_col}{row + 2}:{effect_col}{end})", "#,##0")
    return end + 3


def _concession_study(concession):
    """The concession study from a timeline path or a study already run (None: none asked)."""
    if concession is None:
        return None
    if hasattr(concession, "years") and hasattr(concession, "variance"):
        return concession
    from heatnet.studies.concession import concession_study
    return concession_study(concession)


# ---------------------------------------------------------------- energy

def _monthly(op):
    monthly = getattr(op, "monthly_mwh", None)
    if callable(monthly):
        monthly = monthly()
    return monthly if isinstance(monthly, pd.DataFrame) else None


def _write_energy(ws, results, lang):
    names = _plant_names(results)
    lay = Layout(ws)
    lay.title_block(lang, results, "xl_sheet_energy")
    row = TABLE_TOP - 1
    for r in results:
        op = getattr(r, "operation", None)
        if op is None:
            renewable = r.figures.get("renewable_frac")
            text = f"{renewable:.1%}" if isinstance(renewable, (int, float)) else "-"
            if lang == "fr":
                text = text.replace(".", ",").replace("%", " %")
            lay.note(row, label("xl_not_computed", lang).format(name=r.name, renewable=text))
            row += 2
            continue
        summary = op.summary() if hasattr(op, "summary") else {}
        lay.section(row, label("xl_section_operation", lang).format(name=r.name))
        row += 1
        lay.header(row, [label("xl_indicator", lang), label("xl_value", lang).split(" (")[0], label("xl_key", lang)])
        row += 1
        for key, value in flatten(summary if isinstance(summary, dict) else {}):
            value = _plain(value)
            last = re.split(r"[.\[\]]", key.rstrip("]"))[-1]
            fmt = "0.0%" if key.startswith(("mix_frac", "renewable_frac_areas")) else number_format(key if key in LABELS else last)
            put(ws, row, 1, _row_label(key, lang, names))
            put(ws, row, 2, value if not isinstance(value, (list, dict)) else json.dumps(value, default=str), fmt)
            put(ws, row, 3, key, font=KEY_FONT)
            row += 1
        row += 1
        monthly = _monthly(op)
        if monthly is not None and not monthly.empty:
            lay.section(row, label("xl_section_monthly", lang).format(name=r.name))
            row += 1
            plants = [str(c) for c in monthly.columns]
            lay.header(row, [label("xl_month", lang)] + [f"{names.get(p, p)} (MWh)" for p in plants] +
                       [f"{label('xl_total', lang)} (MWh)"])
            row += 1
            for month, values in monthly.iterrows():
                put(ws, row, 1, month if not isinstance(month, pd.Timestamp) else month.strftime("%Y-%m"))
                for j, value in enumerate(values):
                    put(ws, row, 2 + j, value, "#,##0")
                put(ws, row, 2 + len(plants), float(pd.to_numeric(values, errors="coerce").sum()), "#,##0")
                row += 1
            put(ws, row, 1, label("xl_total", lang), font=HEADER_FONT)
            for j, c in enumerate(monthly.columns):
                put(ws, row, 2 + j, float(pd.to_numeric(monthly[c], errors="coerce").sum()), "#,##0",
                    font=HEADER_FONT)
            put(ws, row, 2 + len(plants), float(monthly.apply(pd.to_numeric, errors="coerce").to_numpy().sum()),
                "#,##0", font=HEADER_FONT)  # the year's heat produced, the Total column's total
            row += 2
    # the operator's reported heat input, once per network
    seen = set()
    for r in results:
        net = r.network
        folder = str(Path(net.folder).resolve())
        if folder in seen or net.heat_input is None or net.heat_input.empty:
            continue
        seen.add(folder)
        table = net.heat_input.pivot_table(index="report_group", columns="period", values="heat_mwh",
                                           aggfunc="sum", sort=False)
        lay.section(row, label("xl_section_reported", lang).format(network=net.name))
        row += 1
        periods = [str(p) for p in table.columns]
        lay.header(row, [label("report_group", lang)] + [f"{p} (MWh)" for p in periods])
        row += 1
        for group, values in table.iterrows():
            put(ws, row, 1, _group_label(group, net, lang))
            for j, value in enumerate(values):
                put(ws, row, 2 + j, value, "#,##0")
            row += 1
        row += 1
    lay.finish()


# ---------------------------------------------------------------- network physics

def _write_network(ws, results, lang):
    """Each scenario's physics summary and branches, then one table of every pipe at design conditions."""
    from heatnet.model.physics import PIPE_COLUMNS, report

    lay = Layout(ws)
    lay.title_block(lang, results, "xl_sheet_network")
    row = TABLE_TOP - 1
    reports = {}
    for i, r in enumerate(results):
        if getattr(r, "hydraulics", None) is None:
            lay.note(row, label("xl_no_physics", lang).format(name=r.name))
            row += 2
            continue
        rep = reports[i] = report(r)
        lay.section(row, label("xl_section_physics", lang).format(name=r.name))
        row += 1
        lay.header(row, [label("xl_indicator", lang), label("xl_value", lang).split(" (")[0], label("xl_key", lang)])
        row += 1
        for key, value in rep["summary"].items():
            put(ws, row, 1, label(key, lang))
            put(ws, row, 2, label(f"design_load_{value}", lang) if key == "design_load" else _plain(value),
                number_format(key))
            put(ws, row, 3, key, font=KEY_FONT)
            row += 1
        branch_cols = ("branch", "design_load_kw", "spare_kw", "limiting_pipe", "max_load_frac")
        lay.header(row, [label(c, lang) for c in branch_cols])
        row += 1
        for record in rep["branches"].reindex(columns=branch_cols).itertuples(index=False, name=None):
            for j, value in enumerate(record):
                put(ws, row, 1 + j, _plain(value), number_format(branch_cols[j]))
            row += 1
        row += 1
    if reports:
        lay.section(row, label("xl_section_pipes", lang))
        row += 1
        columns = ("xl_scenario_no", "scenario") + PIPE_COLUMNS
        lay.header(row, [label(k, lang) for k in columns])
        header = row
        row += 1
        for i, rep in reports.items():
            table = rep["pipes"].reindex(columns=PIPE_COLUMNS)
            for record in table.itertuples(index=False, name=None):
                put(ws, row, 1, i + 1)
                put(ws, row, 2, results[i].name)
                for j, value in enumerate(record):
                    put(ws, row, 3 + j, _plain(value), number_format(PIPE_COLUMNS[j]))
                row += 1
        ws.auto_filter.ref = f"A{header}:{get_column_letter(len(columns))}{max(row - 1, header)}"
    lay.finish()


# ---------------------------------------------------------------- bridge

def _write_bridge(ws, results, lang):
    lay = Layout(ws)
    lay.title_block(lang, results, "xl_sheet_bridge")
    row = TABLE_TOP - 1
    columns = ("xl_step", "xl_label", "price_eur_per_mwh", "delta_eur_per_mwh", "xl_chart_base", "xl_increase",
               "xl_decrease", "xl_level")
    for r in results:
        bridge = r.bridge or []
        if len(bridge) < 2:
            lay.note(row, label("xl_no_bridge", lang).format(name=r.name))
            row += 2
            continue
        root = bridge[0]["label"]
        lay.section(row, label("xl_section_bridge", lang).format(name=r.name, root=root))
        row += 1
        header = row
        lay.header(row, [label(c, lang) for c in columns])
        row += 1
        prices = [s["price_eur_per_mwh"] for s in bridge]
        for i, step in enumerate(bridge):
            price, delta = step["price_eur_per_mwh"], step["delta_eur_per_mwh"]
            put(ws, row, 1, label(f"xl_step_{step['step']}", lang))
            put(ws, row, 2, bridge_step_text(step, lang))
            put(ws, row, 3, price, "#,##0.00")
            put(ws, row, 4, delta, "#,##0.00")
            if step["step"] in ("start", "end"):  # totals stand on the axis
                base, up, down, level = 0.0, None, None, price
            else:
                previous = price - delta
                base, up, down, level = min(previous, price), max(delta, 0.0), max(-delta, 0.0), None
            put(ws, row, 5, base, "#,##0.00")
            put(ws, row, 6, up, "#,##0.00")
            put(ws, row, 7, down, "#,##0.00")
            put(ws, row, 8, level, "#,##0.00")
            row += 1
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.gapWidth = 60
        chart.title = clean_text(f"{label('bridge', lang)} : {r.name}" if lang == "fr" else
                                 f"{label('bridge', lang)}: {r.name}")
        chart.y_axis.title = label("price_eur_per_mwh", lang)
        chart.y_axis.numFmt = "#,##0"
        low = min(prices)
        chart.y_axis.scaling.min = max(0, math.floor(low * 0.8 / 5) * 5)
        for col in (5, 6, 7, 8):
            chart.add_data(Reference(ws, min_col=col, max_col=col, min_row=header, max_row=row - 1),
                           titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, max_col=2, min_row=header + 1, max_row=row - 1))
        base_series = chart.series[0]
        base_series.graphicalProperties.noFill = True
        base_series.graphicalProperties.line.noFill = True
        for series, color in zip(chart.series[1:], ("C00000", "548235", "2F5597")):
            series.graphicalProperties.solidFill = color
            series.graphicalProperties.line.solidFill = color
        chart.height, chart.width = 8, max(16.0, 2.2 * len(bridge) + 4)
        _axes_visible(chart)
        chart.legend = None
        ws.add_chart(chart, f"A{row + 1}")
        row += 18
    lay.finish(max_width=60)


# ---------------------------------------------------------------- workbook

def build_workbook(results, lang="fr", concession=None, plans=(), folder=None):
    """The workbook in memory (see the module docstring for its sheets); one Plan sheet per plan report
    (``heatnet plan``'s JSON); ``folder``: where it will be written, the paths it carries are relative to it."""
    token = WORKBOOK_DIR.set(Path(folder).resolve() if folder is not None else None)
    try:
        return _build_workbook(results, lang, concession, plans)
    finally:
        WORKBOOK_DIR.reset(token)


def _build_workbook(results, lang, concession, plans):
    check_lang(lang)
    if not isinstance(results, (list, tuple)):
        results = [results]
    results = list(results)
    if not results:
        raise ValueError("write_workbook needs at least one scenario result")
    wb = Workbook()
    titles = {key: label(f"xl_sheet_{key}", lang) for key in SHEETS}
    ws = wb.active
    ws.title = titles["summary"]
    sheets = {"summary": ws}
    for key in SHEETS[1:]:
        sheets[key] = wb.create_sheet(titles[key])
    _write_summary(sheets["summary"], results, lang)
    _write_assumptions(sheets["assumptions"], results, lang)
    blocks = _write_substations(sheets["substations"], results, lang)
    _write_tariffs(sheets["tariffs"], results, lang, blocks, titles["substations"])
    _write_accounts(sheets["accounts"], results, lang, concession)
    _write_energy(sheets["energy"], results, lang)
    _write_network(sheets["network"], results, lang)
    _write_bridge(sheets["bridge"], results, lang)
    for k, plan in enumerate(plans):
        _write_plan(wb.create_sheet(f"{label('xl_sheet_plan', lang)} {k + 1}"[:31]), results, plan, lang)
    wb.properties.creator = f"heatnet {heatnet.__version__}"
    wb.properties.title = label("xl_title", lang)
    wb.properties.subject = clean_text("; ".join(r.name for r in results))[:255]
    wb.calculation.fullCalcOnLoad = True  # formulas carry no cached value: the spreadsheet computes them on opening
    return wb


def write_workbook(results, path, lang="fr", concession=None, plans=(), overwrite=False):
    """Write the workbook of one or several scenario results to ``path`` (.xlsx), atomically.

    ``concession``: a timeline file (``scenarios/timelines/...yaml``) or the study
    :func:`heatnet.studies.concession.concession_study` returned, for the concession year by year
    and its variance analysis (live formulas) on the Accounts sheet. An existing file is replaced only
    with ``overwrite``; a folder or a symbolic link is never a target. Returns the path written.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise DataError(path, "the workbook's name must end in .xlsx")
    check_target(path, overwrite)  # before the work of building it
    wb = build_workbook(results, lang=lang, concession=concession, plans=plans, folder=path.parent)
    save_atomic(wb, path, overwrite=overwrite)
    return path


# ---------------------------------------------------------------- connection plan

PLAN_PART_ROWS = ("candidates", "dwellings", "subscribed_kw", "heat_mwh", "street_length_m", "trench_length_m",
                  "kw_per_m", "mwh_per_m", "capex_eur", "operator_margin_eur", "annuity_eur", "operator_annual_eur",
                  "npv_eur", "territory_annual_change_eur", "average_price_eur_per_mwh", "price_change_frac")
PLAN_BUILDING_COLUMNS = ("id", "use", "connected", "heat_mwh", "subscribed_kw", "own_margin_eur", "own_annuity_eur",
                         "street_alone_m", "kw_per_m_alone", "network_eur_per_dwelling",
                         "alternative_eur_per_dwelling", "reason")


def _plan_text(key, value, lang):
    """A plan's words in the sheet's language: its objective, the solver's status, a building's use."""
    if key == "objective" and value:
        return label(f"plan_objective_{value}", lang)
    if key == "status" and value in ("optimal", "time limit"):
        return label("plan_status_" + value.replace(" ", "_"), lang)
    if key == "use" and value:
        return label(f"use_{value}", lang)
    return value


def _write_plan(ws, results, plan, lang):
    """A connection plan: its objective, each part of the district alone, the houses' doubt, every building."""
    lay = Layout(ws)
    lay.title_block(lang, results, "xl_sheet_plan")
    row = TABLE_TOP - 1
    for key in ("objective", "value", "status", "mip_gap", "seconds", "capex_eur", "plan_file"):
        put(ws, row, 1, label(f"plan_{key}" if key in ("objective",) else key, lang))
        put(ws, row, 2, _plan_text(key, _plain(plan.get(key)), lang), number_format(key))
        row += 1
    row += 1
    parts = plan.get("parts", {})
    lay.section(row, label("plan_part", lang))
    lay.header(row + 1, [label("xl_indicator", lang)] + [plan_part_text(name, lang) for name in parts])
    row += 2
    for key in PLAN_PART_ROWS:
        put(ws, row, 1, label(key, lang))
        for j, fig in enumerate(parts.values()):
            put(ws, row, 2 + j, _plain(fig.get(key)), number_format(key))
        row += 1
    row += 1
    if plan.get("houses"):
        lay.section(row, label("plan_houses", lang))
        cols = ("subsidy_frac", "r3_eur_per_kw", "houses_increment_npv_eur", "houses_increment_territory_eur",
                "network_ttc_eur", "alternative_ttc_eur")
        lay.header(row + 1, [label(c, lang) for c in cols])
        row += 2
        for h in plan["houses"]:
            values = [h["subsidy_frac"], h["r3_eur_per_kw"], h["houses_increment_npv_eur"],
                      h["houses_increment_territory_eur"], h["per_house"]["network_ttc_eur"],
                      h["per_house"]["alternative_ttc_eur"]]
            for j, value in enumerate(values):
                put(ws, row, 1 + j, _plain(value), number_format(cols[j]))
            row += 1
        row += 1
    lay.header(row, [label(c, lang) for c in PLAN_BUILDING_COLUMNS])
    header = row
    row += 1
    for b in plan.get("buildings", []):
        for j, key in enumerate(PLAN_BUILDING_COLUMNS):
            put(ws, row, 1 + j, _plan_text(key, _plain(b.get(key)), lang), number_format(key))
        row += 1
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(PLAN_BUILDING_COLUMNS))}{max(row - 1, header)}"
    lay.finish()
