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
  accounts and, on request, the concession view to the end of the DSP;
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
from heatnet.i18n import LABELS, check_lang, label
from heatnet.io.folder import DataError
from heatnet.io.write import check_target
from heatnet.model import accounts as acc
from heatnet.scenarios import COMPARE_ROWS
from heatnet.workbook.assumptions import _write_assumptions, flatten
from heatnet.workbook.cells import (HEADER_FONT, INPUT_FILL, KEY_FONT, Layout, TABLE_TOP, _axes_visible, _display_path,
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
CONCESSION_COLUMNS = ("year", "xl_kind", "scenario", "heat_sold_mwh", "subscribed_kw", "r1_revenue_eur",
                      "r1_margin_eur", "r2_revenue_eur", "r2_margin_eur", "operating_result_eur",
                      "cep_operating_result_eur", "gap_to_cep_eur", "cumulative_result_eur", "cumulative_cep_eur",
                      "year_frac_r1", "year_frac_r2")


# ---------------------------------------------------------------- summary

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
    row += 1
    ws.add_chart(chart, f"A{row}")
    if mix_chart is not None:
        ws.add_chart(mix_chart, f"{get_column_letter(min(2 + n, 8))}{row}")
    lay.finish(freeze=f"B{TABLE_TOP}")
    ws.column_dimensions[get_column_letter(key_col)].width = 24


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
    if sources:
        for source in sources:
            put(ws, row, 1, label(source, lang))
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
                put(ws, row, 3 + j, value, formats[2 + j])
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
        put(ws, rows["average_price_eur_per_mwh"], 2 + j, result.figures["average_price_eur_per_mwh"], "#,##0.00")
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
    """The concession view year by year, with its cumulative result chart."""
    lay.section(row, label("xl_section_concession", lang))
    row += 1
    frame = _concession_frame(concession)
    if frame is None:
        lay.note(row, label("xl_no_concession", lang))
        row += 1
    else:
        if frame.attrs.get("timeline"):
            lay.note(row, str(frame.attrs["timeline"]) + (f" ({frame.attrs['cep_assumption']})"
                                                           if frame.attrs.get("cep_assumption") else ""))
            row += 1
        columns = [c for c in CONCESSION_COLUMNS if (c if c != "xl_kind" else "kind") in frame]
        lay.header(row, [label(c, lang) for c in columns])
        header = row
        row += 1
        for rec in frame.to_dict(orient="records"):
            for j, c in enumerate(columns):
                if c == "xl_kind":
                    put(ws, row, 1 + j, label(f"xl_kind_{rec['kind']}", lang))
                else:
                    put(ws, row, 1 + j, rec.get(c), number_format(c))
            row += 1
        if "cumulative_result_eur" in columns:
            chart = LineChart()
            chart.title = label("xl_chart_concession", lang)
            chart.y_axis.numFmt = "#,##0"
            for c in ("cumulative_result_eur", "cumulative_cep_eur"):
                if c in columns:
                    col = columns.index(c) + 1
                    chart.add_data(Reference(ws, min_col=col, max_col=col, min_row=header, max_row=row - 1),
                                   titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=1, max_col=1, min_row=header + 1, max_row=row - 1))
            chart.height, chart.width = 8, 18
            _axes_visible(chart)
            ws.add_chart(chart, f"A{row + 1}")


def _concession_frame(concession):
    """The concession view from a timeline path, a DataFrame or a (DataFrame, results) pair."""
    if concession is None:
        return None
    if isinstance(concession, tuple):
        concession = concession[0]
    if isinstance(concession, pd.DataFrame):
        return concession
    from heatnet.studies.concession import concession_view
    frame, _ = concession_view(concession)
    return frame


# ---------------------------------------------------------------- energy

def _monthly(op):
    monthly = getattr(op, "monthly_mwh", None)
    if callable(monthly):
        monthly = monthly()
    return monthly if isinstance(monthly, pd.DataFrame) else None


def _write_energy(ws, results, lang):
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
            fmt = "0.0%" if key.startswith("mix_frac") else number_format(key if key in LABELS else last)
            put(ws, row, 1, label(key, lang))
            put(ws, row, 2, value if not isinstance(value, (list, dict)) else json.dumps(value, default=str), fmt)
            put(ws, row, 3, key, font=KEY_FONT)
            row += 1
        row += 1
        monthly = _monthly(op)
        if monthly is not None and not monthly.empty:
            lay.section(row, label("xl_section_monthly", lang).format(name=r.name))
            row += 1
            plants = [str(c) for c in monthly.columns]
            lay.header(row, [label("xl_month", lang)] + [f"{label(p, lang)} (MWh)" for p in plants] +
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
            put(ws, row, 1, label(group, lang))
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
            put(ws, row, 2, _plain(value), number_format(key))
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
            put(ws, row, 2, step["label"])
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

def build_workbook(results, lang="fr", concession=None):
    """The workbook in memory (see the module docstring for its sheets)."""
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
    wb.properties.creator = f"heatnet {heatnet.__version__}"
    wb.properties.title = label("xl_title", lang)
    wb.properties.subject = clean_text("; ".join(r.name for r in results))[:255]
    wb.calculation.fullCalcOnLoad = True  # formulas carry no cached value: the spreadsheet computes them on opening
    return wb


def write_workbook(results, path, lang="fr", concession=None, overwrite=False):
    """Write the workbook of one or several scenario results to ``path`` (.xlsx), atomically.

    ``concession``: a timeline file (``scenarios/timelines/...yaml``), or the DataFrame (or the
    pair) :func:`heatnet.studies.concession.concession_view` returned, for the concession view on the
    Accounts sheet. An existing file is replaced only with ``overwrite``; a folder or a symbolic link
    is never a target. Returns the path written.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise DataError(path, "the workbook's name must end in .xlsx")
    check_target(path, overwrite)  # before the work of building it
    wb = build_workbook(results, lang=lang, concession=concession)
    save_atomic(wb, path, overwrite=overwrite)
    return path
