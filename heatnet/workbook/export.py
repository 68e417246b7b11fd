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
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Literal, get_args, get_origin

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.properties import PageSetupProperties
from pydantic import ValidationError

import heatnet
from heatnet.model import accounts as acc
from heatnet.io.folder import DataError
from heatnet.i18n import LABELS, check_lang, label
from heatnet.scenarios.measures import MEASURES
from heatnet.scenarios import COMPARE_ROWS, Scenario, TariffPolicy, save_scenario, scenario_to_yaml

SHEETS = ("summary", "assumptions", "substations", "tariffs", "accounts", "energy", "network", "bridge")

# Machine keys of the Assumptions table's columns, in order; headers are their labels.
ASSUMPTION_COLUMNS = ("scenario", "file", "xl_role", "xl_key", "xl_value", "xl_type", "xl_unit", "xl_source",
                      "xl_description")
ASSUMPTION_TYPES = ("str", "int", "float", "bool", "date", "null", "list", "dict", "json")
ROLES = ("scenario", "base", "network")  # network rows are context, never imported
PATH_KEYS = ("base", "network")  # scenario keys holding a path relative to the scenario file
MAX_CELL_CHARS = 32_767  # Excel's limit on a cell's text

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

# Styles (openpyxl shares identical style objects between cells).
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=11, color="1F3864")
HEADER_FONT = Font(bold=True)
NOTE_FONT = Font(italic=True, color="595959")
KEY_FONT = Font(color="808080", size=8)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
FORMULA_FILL = PatternFill("solid", fgColor="E2EFDA")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
TABLE_TOP = 6  # first row after the title block


# ---------------------------------------------------------------- cells

def number_format(key):
    """Excel number format of a key, by its unit suffix (Excel shows it the French way in a French Excel)."""
    if key in ("year", "from_year", "commissioning_year", "substations", "dwellings", "load_year"):
        return "0"
    if key.endswith("_frac"):
        return "0.0%"
    if re.fullmatch(r"r1(c|co2|t)_eur_per_mwh|r2_\d_eur_per_kw|published_.*", key):
        return "#,##0.000"  # contract components are published with 3 decimals
    if key.endswith(("_eur_per_mwh", "_eur_per_kw", "_per_m", "_g_per_kwh", "_bar", "_per_s")):
        return "#,##0.00"
    if key.endswith(("_eur", "_mwh", "_kw", "_m", "_t", "_mm", "_c")):
        return "#,##0"
    return "General"


def _plain(value):
    """A value openpyxl can write: numpy scalars unwrapped, NaN and NA as empty."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def clean_text(text):
    """Text without the control characters XML 1.0 refuses (they become U+FFFD), within Excel's cell limit."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(text))[:MAX_CELL_CHARS]


def set_text(cell, text):
    """Write ``text`` as text whatever it looks like (``=HYPERLINK(...)``, ``+cmd``, ``@SUM``, ``#N/A``)."""
    text = clean_text(text)
    cell.value = text
    cell.data_type = "s"  # openpyxl makes "=..." a formula and "#N/A" an error: undo it
    if text[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    return cell


def put(ws, row, col, value, fmt=None, font=None, fill=None):
    """Write one value: text as text, numbers with ``fmt``, dates as dates."""
    cell = ws.cell(row=row, column=col)
    value = _plain(value)
    if isinstance(value, str):
        set_text(cell, value)
    elif isinstance(value, (dict, list, tuple)):
        set_text(cell, json.dumps(value, ensure_ascii=False, default=str))
    elif isinstance(value, Path):
        set_text(cell, str(value))
    elif value is not None:
        if isinstance(value, (dt.date, dt.datetime)):
            cell.value = value
            cell.number_format = "yyyy-mm-dd" if not isinstance(value, dt.datetime) else "yyyy-mm-dd hh:mm"
        else:
            cell.value = value
            if fmt and not isinstance(value, bool):
                cell.number_format = fmt
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def formula(ws, row, col, text, fmt=None):
    cell = ws.cell(row=row, column=col)
    cell.value = text
    cell.fill = FORMULA_FILL
    if fmt:
        cell.number_format = fmt
    return cell


def header_row(ws, row, labels, start_col=1):
    for j, text in enumerate(labels):
        cell = put(ws, row, start_col + j, text, font=HEADER_FONT, fill=HEADER_FILL)
        cell.alignment = HEADER_ALIGN


def sheet_ref(title, ref):
    """``'Sheet name'!A1``: quotes doubled inside the quoted name."""
    return "'" + title.replace("'", "''") + "'!" + ref


# ---------------------------------------------------------------- layout

class Layout:
    """Per-sheet bookkeeping: the rows holding headers, for widths and print titles."""

    def __init__(self, ws):
        self.ws = ws
        self.header_rows = []
        self.skip_width_rows = set()

    def title_block(self, lang, results, sheet_key):
        ws = self.ws
        put(ws, 1, 1, f"{label('xl_title', lang)} : {label(sheet_key, lang)}" if lang == "fr" else
            f"{label('xl_title', lang)}: {label(sheet_key, lang)}", font=TITLE_FONT)
        put(ws, 2, 1, label("xl_generated", lang).format(version=heatnet.__version__,
                                                          date=dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
            font=NOTE_FONT)
        names = "; ".join(f"{i}. {r.name} ({_display_path(r.path)})" for i, r in enumerate(results, 1))
        put(ws, 3, 1, f"{label('xl_scenarios', lang)} : {names}" if lang == "fr" else
            f"{label('xl_scenarios', lang)}: {names}", font=NOTE_FONT)
        self.skip_width_rows.update({1, 2, 3})

    def section(self, row, text):
        put(self.ws, row, 1, text, font=SECTION_FONT)
        self.skip_width_rows.add(row)

    def note(self, row, text):
        put(self.ws, row, 1, text, font=NOTE_FONT)
        self.skip_width_rows.add(row)

    def header(self, row, labels, start_col=1):
        header_row(self.ws, row, labels, start_col)
        self.header_rows.append(row)

    def finish(self, freeze=None, max_width=48, min_width=8):
        """Column widths that fit the content, frozen header, landscape print fitted to the page width."""
        ws = self.ws
        widths = {}
        headers = set(self.header_rows)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or cell.row in self.skip_width_rows:
                    continue
                if cell.data_type == "f":
                    length = 12
                elif cell.row in headers:  # headers wrap: the longest word, or a third of the text
                    text = str(cell.value)
                    length = max(max((len(w) for w in text.split()), default=0), len(text) // 3)
                elif isinstance(cell.value, float):
                    length = len(f"{cell.value:,.2f}") + 1
                elif isinstance(cell.value, (dt.date, dt.datetime)):
                    length = 11
                else:
                    length = len(str(cell.value))
                widths[cell.column] = max(widths.get(cell.column, 0), length)
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = min(max_width, max(min_width, width + 2))
        if freeze:
            ws.freeze_panes = freeze
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        if self.header_rows:
            first = self.header_rows[0]
            ws.print_title_rows = f"{first}:{first}"
        ws.print_options.gridLines = False
        ws.oddFooter.center.text = "&P / &N"


def _display_path(path):
    """A path relative to the working directory when it is under it (shorter, and no home folder shown)."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


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

    # price chart: HT and TTC per scenario
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

    # mix table and chart
    row += 1
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
    row += 1
    ws.add_chart(chart, f"A{row}")
    if mix_chart is not None:
        ws.add_chart(mix_chart, f"{get_column_letter(min(2 + n, 8))}{row}")
    lay.finish(freeze=f"B{TABLE_TOP}")
    ws.column_dimensions[get_column_letter(key_col)].width = 24


def _axes_visible(chart):
    # openpyxl 3.1 hides axes unless delete is set explicitly
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"


# ---------------------------------------------------------------- assumptions

def _annotation_type(annotation):
    args = [a for a in get_args(annotation) if a is not type(None)] or [annotation]
    base = args[0]
    if get_origin(base) is Literal:
        return "str"
    return {float: "float", int: "int", str: "str", bool: "bool", dt.date: "date"}.get(base, "dict" if get_origin(
        base) is dict or base is dict else "json")


def value_type(value, declared=None):
    """The Type column for a value (``declared``: the schema type, used when the value is empty)."""
    if value is None:
        return declared or "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dt.datetime):
        return "json"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, str):
        if value == "" or ILLEGAL_CHARACTERS_RE.search(value) or len(value) > MAX_CELL_CHARS // 2:
            return "json"  # an empty or unprintable string survives as JSON text
        return "str"
    if isinstance(value, list) and not value:
        return "list"
    if isinstance(value, dict) and not value:
        return "dict"
    return "json"


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_TOKEN = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_\-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def _join(prefix, key):
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    key = str(key)
    if _NAME.fullmatch(key):
        return f"{prefix}.{key}" if prefix else key
    return f"{prefix}[{json.dumps(key, ensure_ascii=False)}]"


def flatten(value, prefix=""):
    """(key path, leaf value) pairs: ``{"a": [{"b": 1}]}`` -> ``("a[0].b", 1)``; empty containers are leaves."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from flatten(v, _join(prefix, k))
    elif isinstance(value, (list, tuple)) and value:
        for i, v in enumerate(value):
            yield from flatten(v, _join(prefix, i))
    else:
        yield prefix, value


def parse_path(path):
    """``measures[0].renovate.ids[2]`` -> ``["measures", 0, "renovate", "ids", 2]``; ValueError if malformed."""
    tokens, pos = [], 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if not m or (pos == 0 and path.startswith(".")) or (pos > 0 and m.group(1) and path[pos] != "."):
            raise ValueError(f"malformed key path {path!r} at character {pos + 1}")
        if m.group(1):
            tokens.append(m.group(1))
        elif m.group(2):
            tokens.append(int(m.group(2)))
        else:
            tokens.append(json.loads(m.group(3)))
        pos = m.end()
    if not tokens:
        raise ValueError("empty key path")
    return tokens


def _unit(key):
    last = re.split(r"[.\[\]]", key.rstrip("]"))[-1]
    for suffix, unit in (("_eur_per_mwh", "€ HT/MWh"), ("_eur_per_kw", "€ HT/kW/an"), ("_frac", "0..1"),
                         ("_mwh", "MWh"), ("_kw", "kW"), ("_eur", "€ HT"), ("_mm", "mm"), ("_m", "m"),
                         ("_c", "°C"), ("_year", "année"), ("_years", "années")):
        if last.endswith(suffix):
            return unit
    return "année" if last == "year" else None


def _descriptions():
    out = {}
    for name, f in Scenario.model_fields.items():
        out[name] = f.description
    for name, f in TariffPolicy.model_fields.items():
        out[f"tariff.{name}"] = f.description
    for kind, model in MEASURES.items():
        for name, f in model.model_fields.items():
            out[f"{kind}.{f.alias or name}"] = f.description
    return out


def scenario_rows(scenario: Scenario, path):
    """The Assumptions rows of one scenario: (key, value, type, source key or None for a default)."""
    rows = []
    set_fields = scenario.model_fields_set
    for name, f in Scenario.model_fields.items():
        if name == "tariff":
            tariff_set = scenario.tariff.model_fields_set if "tariff" in set_fields else set()
            for tname, tf_ in TariffPolicy.model_fields.items():
                value = getattr(scenario.tariff, tname)
                key = f"tariff.{tname}"
                rows.append((key, value, value_type(value, _annotation_type(tf_.annotation)),
                             tname in tariff_set))
        elif name == "measures":
            for key, value in flatten(scenario.measures, "measures"):
                if key == "measures":  # no measures: nothing to list (the default is an empty list)
                    continue
                rows.append((key, value, value_type(value), True))
        elif name == "operation" and scenario.operation is not None:
            for key, value in flatten(scenario.operation, "operation"):
                rows.append((key, value, value_type(value), True))
        else:
            value = getattr(scenario, name)
            rows.append((name, value, value_type(value, _annotation_type(f.annotation)), name in set_fields))
    return rows


def _chain(result):
    """The results of a chain, root first."""
    chain = []
    r = result
    while r is not None:
        chain.append(r)
        r = r.base
    return list(reversed(chain))


def _network_rows(net):
    """Context rows from the network folder: network.yaml parameters and the plants table (read-only)."""
    rows = []
    folder = Path(net.folder)
    for key, value in flatten(net.params):
        rows.append((key, value, "network.yaml"))
    if getattr(net, "plants", None) is not None and not net.plants.empty:
        for _, plant in net.plants.iterrows():
            for column, value in plant.items():
                if column == "source":
                    continue
                value = _plain(value)
                if value is None:
                    continue
                rows.append((_join(_join("plants", str(plant["id"])), column), value,
                             f"plants.csv: {plant.get('source') or ''}".rstrip(": ")))
    return folder, rows


def _write_assumptions(ws, results, lang):
    lay = Layout(ws)
    lay.title_block(lang, results, "xl_sheet_assumptions")
    lay.note(4, label("xl_assumptions_note", lang))
    row = TABLE_TOP - 1
    lay.header(row, [label(k, lang) for k in ASSUMPTION_COLUMNS])
    header = row
    row += 1
    descriptions = _descriptions()
    default_text = label("xl_default", lang)
    leaves = {id(r) for r in results}
    seen_files, seen_networks = set(), set()
    for result in results:
        for r in _chain(result):
            file = Path(r.path).resolve()
            role = "scenario" if id(r) in leaves else "base"
            if (file, role) in seen_files or (role == "base" and (file, "scenario") in seen_files):
                continue
            seen_files.add((file, role))
            for key, value, vtype, in_file in scenario_rows(r.scenario, file):
                desc_key = re.sub(r"^measures\[\d+\]\.", "", key)
                desc_key = re.sub(r"\[\d+\]", "", desc_key)
                _assumption_row(ws, row, r.name, str(file), role, key, value, vtype, _unit(key),
                                f"{file.name}: {key}" if in_file else default_text,
                                descriptions.get(desc_key))
                row += 1
        net = result.network
        folder = Path(net.folder).resolve()
        if folder in seen_networks:
            continue
        seen_networks.add(folder)
        sources = folder / "SOURCES.md"
        for key, value, origin in _network_rows(net)[1]:
            source = f"{_display_path(folder)}/{origin}; {_display_path(sources)}"
            _assumption_row(ws, row, net.name, str(folder / "network.yaml"), "network", key, value,
                            value_type(value), _unit(key), source, None)
            row += 1
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(ASSUMPTION_COLUMNS))}{max(row - 1, header)}"
    lay.finish(freeze=f"E{header + 1}", max_width=60)


def _assumption_row(ws, row, scenario, file, role, key, value, vtype, unit, source, description):
    put(ws, row, 1, scenario)
    put(ws, row, 2, file)
    put(ws, row, 3, role)
    put(ws, row, 4, key)
    cell = ws.cell(row=row, column=5)
    if vtype == "json":
        set_text(cell, json.dumps(value, ensure_ascii=False, default=str))
    elif vtype in ("list", "dict") and value is not None:
        set_text(cell, "[]" if vtype == "list" else "{}")
    elif value is not None:
        put(ws, row, 5, value)
    if role != "network":
        cell.fill = INPUT_FILL
    put(ws, row, 6, vtype)
    put(ws, row, 7, unit)
    put(ws, row, 8, source)
    put(ws, row, 9, description)


# ---------------------------------------------------------------- substations

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
    lay.finish(freeze=f"B{TABLE_TOP}")
    ws.column_dimensions[get_column_letter(key_col)].width = 28
    for j in range(n):
        letter = get_column_letter(2 + j)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, 14)


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
    row = TABLE_TOP - 1
    networks = {}
    for r in results:
        networks.setdefault(str(Path(r.network.folder).resolve()), r.network)
    cep_period = None
    cep_row = None
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

    # operator's accounts per scenario (hold_unit), against the CEP
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

    # concession view
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
    lay.finish(freeze=f"B{TABLE_TOP}")


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


def write_workbook(results, path, lang="fr", concession=None):
    """Write the workbook of one or several scenario results to ``path`` (.xlsx), atomically.

    ``concession``: a timeline file (``scenarios/timelines/...yaml``), or the DataFrame (or the
    pair) :func:`heatnet.studies.concession.concession_view` returned, for the concession view on the
    Accounts sheet. Returns the path written.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise DataError(path, "the workbook's name must end in .xlsx")
    if not path.parent.is_dir():
        raise DataError(path, f"folder not found: {path.parent}")
    wb = build_workbook(results, lang=lang, concession=concession)
    save_atomic(wb, path)
    return path


def _umask():
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def save_atomic(wb, path):
    """Save to a temporary file in the target folder, then replace: a failure leaves any old file intact."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".xlsx.tmp")
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, mode)  # mkstemp makes the file private; give it the mode a plain save would
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- reading assumptions back

def _open(path):
    path = Path(path)
    if not path.exists():
        raise DataError(path, "file not found")
    try:
        return load_workbook(path, data_only=True, read_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise DataError(path, f"not an Excel workbook (.xlsx) that heatnet can read: {exc}") from None


def _assumption_sheet(wb, path):
    names = [label("xl_sheet_assumptions", lang) for lang in ("fr", "en")]
    for name in names:
        if name in wb.sheetnames:
            return wb[name]
    raise DataError(path, f"no assumptions sheet: expected a sheet named {' or '.join(repr(n) for n in names)}; "
                          f"the workbook has {wb.sheetnames}")


def _find_header(ws, path):
    wanted = {}
    for key in ASSUMPTION_COLUMNS:
        for text in {label(key, "fr"), label(key, "en"), key}:
            wanted[text.strip().lower()] = key
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 30)):
        found = {}
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip().lower() in wanted:
                found[wanted[cell.value.strip().lower()]] = cell.column
        if {"scenario", "xl_key", "xl_value", "xl_type"} <= set(found):
            return row[0].row, found
    need = [label(k, "fr") for k in ("scenario", "xl_key", "xl_value", "xl_type")]
    raise DataError(path, f"sheet '{ws.title}': no header row with the columns {need} in its first 30 rows")


class _Block:
    def __init__(self, name, file, role):
        self.name, self.file, self.role = name, file, role
        self.rows = []  # (row number, key, value cell, type)


def _blocks(ws, header_row, cols, path):
    blocks = {}
    for row in ws.iter_rows(min_row=header_row + 1):
        cells = {k: row[c - 1] if c - 1 < len(row) else None for k, c in cols.items()}
        key_cell = cells["xl_key"]
        if key_cell is None or key_cell.value in (None, ""):
            continue
        name = cells["scenario"].value
        file = cells["file"].value if cells.get("file") is not None else None
        role = (cells["xl_role"].value if cells.get("xl_role") is not None else None) or "scenario"
        ident = (str(name), str(file or ""), str(role))
        block = blocks.setdefault(ident, _Block(str(name), file, str(role)))
        block.rows.append((key_cell.row, str(key_cell.value).strip(), cells["xl_value"], cells["xl_type"]))
    return list(blocks.values())


def _where(ws, cell):
    return f"sheet '{ws.title}', cell {cell.coordinate}"


def _cell_value(ws, path, key, cell, type_cell):
    """Parse one Value cell by its Type; DataError naming the cell and what was expected."""
    vtype = (type_cell.value if type_cell is not None else None)
    vtype = str(vtype).strip().lower() if vtype not in (None, "") else None
    value = cell.value if cell is not None else None
    where = _where(ws, cell) + f" ({key})"
    if vtype is None:
        raise DataError(path, f"no type given; expected one of {list(ASSUMPTION_TYPES)}",
                        line=_where(ws, type_cell) + f" ({key})")
    if vtype not in ASSUMPTION_TYPES:
        raise DataError(path, f"unknown type {vtype!r}; expected one of {list(ASSUMPTION_TYPES)}",
                        line=_where(ws, type_cell) + f" ({key})")
    if isinstance(value, str) and vtype not in ("str", "json") and value.strip() == "":
        value = None
    if value is None:
        return None
    try:
        if vtype == "null":
            raise ValueError("type null expects an empty cell (change the type to give a value)")
        if vtype == "str":
            return value if isinstance(value, str) else _number_text(value)
        if vtype == "json":
            return json.loads(value) if isinstance(value, str) else value
        if vtype == "float":
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, (int, float)):
                return float(value)
            from heatnet.io.folder import parse_number
            return parse_number(value)
        if vtype == "int":
            if isinstance(value, bool):
                raise ValueError
            number = value
            if isinstance(value, str):
                from heatnet.io.folder import parse_number
                number = parse_number(value)
            if not isinstance(number, (int, float)) or float(number) != int(number):
                raise ValueError
            return int(number)
        if vtype == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "vrai", "oui", "yes", "1"):
                return True
            if text in ("false", "faux", "non", "no", "0"):
                return False
            raise ValueError
        if vtype == "date":
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            return dt.date.fromisoformat(str(value).strip())
        if vtype in ("list", "dict"):
            if str(value).strip() != ("[]" if vtype == "list" else "{}"):
                raise ValueError
            return [] if vtype == "list" else {}
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        expected = {"float": "a number", "int": "a whole number", "bool": "TRUE or FALSE (vrai/faux)",
                    "date": "a date (YYYY-MM-DD)", "json": "JSON text", "list": "[] (an empty list)",
                    "dict": "{} (an empty mapping)"}.get(vtype, str(exc))
        detail = f"{exc}" if vtype == "null" else f"expected {expected} for type {vtype}, found {value!r}"
        raise DataError(path, detail, line=where) from None
    raise DataError(path, f"unhandled type {vtype}", line=where)


def _number_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unflatten(entries, ws, path):
    """Rebuild the nested mapping from (key tokens, value, cell) entries; lists need indexes 0..n-1."""
    root = {}
    for tokens, value, cell, key in entries:
        node = root
        for depth, token in enumerate(tokens[:-1]):
            child = node.get(token)
            if child is None:
                child = node[token] = {}
            elif not isinstance(child, dict):
                raise DataError(path, f"key {key!r} goes under a key that already has a value",
                                line=_where(ws, cell))
            node = child
        last = tokens[-1]
        if last in node:
            raise DataError(path, f"key {key!r} given twice (or also used as a parent key)", line=_where(ws, cell))
        node[last] = _Leaf(value)
    cells = {key: cell for _, _, cell, key in entries}
    return _materialise(root, ws, path, "", cells)


class _Leaf:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _materialise(node, ws, path, prefix, cells):
    if isinstance(node, _Leaf):
        return node.value
    keys = list(node)
    ints = [k for k in keys if isinstance(k, int)]
    if ints and len(ints) != len(keys):
        raise DataError(path, f"{prefix or 'the table'} mixes list indexes and names",
                        line=_first_cell(ws, cells, prefix))
    if ints:
        expected = list(range(len(ints)))
        if sorted(ints) != expected:
            stray = max(set(ints) - set(expected))
            raise DataError(path, f"list {prefix}: indexes must run 0..{len(ints) - 1} without gaps; found "
                                  f"{prefix}[{stray}]", line=_first_cell(ws, cells, f"{prefix}[{stray}]"))
        return [_materialise(node[i], ws, path, f"{prefix}[{i}]", cells) for i in expected]
    return {k: _materialise(v, ws, path, _join(prefix, k), cells) for k, v in node.items()}


def _first_cell(ws, cells, prefix):
    """Where to point for an error about ``prefix``: the Key cell of the first row under it."""
    for key, cell in cells.items():
        if key == prefix or key.startswith((prefix + ".", prefix + "[")):
            return f"sheet '{ws.title}', cell {cell.coordinate} ({key})"
    return f"sheet '{ws.title}'"


def _pick(blocks, scenario, ws, path):
    candidates = [b for b in blocks if b.role != "network"]
    if not candidates:
        raise DataError(path, "no scenario rows in the assumptions sheet", line=f"sheet '{ws.title}'")
    if scenario is None:
        leaves = [b for b in candidates if b.role == "scenario"]
        if len(leaves) == 1:
            return leaves[0]
        names = sorted({b.name for b in candidates})
        raise DataError(path, f"the sheet holds several scenarios; choose one with --scenario: {names}",
                        line=f"sheet '{ws.title}'")
    matches = [b for b in candidates if b.name == scenario]
    if not matches:  # also accept the scenario file's name or stem
        matches = [b for b in candidates if b.file and scenario in (Path(str(b.file)).name, Path(str(b.file)).stem)]
    if not matches:
        names = sorted({b.name for b in candidates})
        raise DataError(path, f"no scenario named {scenario!r}; scenarios in the sheet: {names}",
                        line=f"sheet '{ws.title}'")
    if len({str(b.file) for b in matches}) > 1:
        raise DataError(path, f"several scenarios are named {scenario!r} (files "
                              f"{sorted(str(b.file) for b in matches)}); give the file name instead",
                        line=f"sheet '{ws.title}'")
    return next((b for b in matches if b.role == "scenario"), matches[0])


def read_assumptions(path, scenario=None):
    """Read one scenario back from a workbook's Assumptions sheet.

    Returns ``(Scenario, original_file)``: ``original_file`` is the scenario file the workbook
    was written from (its relative ``base``, ``network`` and ``csv`` paths are relative to it),
    or None when the sheet does not say. Raises :class:`heatnet.io.folder.DataError` naming the
    file, sheet, cell and what was expected.
    """
    path = Path(path)
    wb = _open(path)
    ws = _assumption_sheet(wb, path)
    header_row, cols = _find_header(ws, path)
    block = _pick(_blocks(ws, header_row, cols, path), scenario, ws, path)
    entries, cells = [], {}
    for row, key, value_cell, type_cell in block.rows:
        try:
            tokens = parse_path(key)
        except ValueError as exc:
            raise DataError(path, str(exc), line=_where(ws, ws.cell(row=row, column=cols["xl_key"]))) from None
        value = _cell_value(ws, path, key, value_cell, type_cell)
        entries.append((tokens, value, value_cell, key))
        cells[key] = value_cell
    data = _unflatten(entries, ws, path)
    if isinstance(data.get("measures"), dict) and not data["measures"]:
        data["measures"] = []
    try:
        result = Scenario.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, cells, ws, path) from None
    original = Path(str(block.file)) if block.file else None
    return result, original


def _validation_error(exc, cells, ws, path):
    err = exc.errors()[0]
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
    message = err["msg"].removeprefix("Value error, ")
    m = re.match(r"(measures\[\d+\][\w.\[\]]*?)(?:\.[\w]+)?:", message)
    if m:  # the measures validator names the measure and key in its message
        loc = message.split(":")[0]
    cell = None
    for key in sorted(cells, key=len):
        if key == loc or key.startswith(loc + ".") or key.startswith(loc + "["):
            cell = cells[key]
            break
    if cell is None:  # fall back to the measure, then the first row
        base = re.match(r"measures\[\d+\]", loc)
        for key in sorted(cells, key=len):
            if base and key.startswith(base.group(0)):
                cell = cells[key]
                break
    where = _where(ws, cell) if cell is not None else f"sheet '{ws.title}'"
    if err["type"] == "extra_forbidden":
        message = "unknown key"
    elif err["type"] == "missing":
        message = "missing required key"
    found = f" (found {err.get('input')!r})" if err["type"] not in ("missing", "value_error") else ""
    return DataError(path, f"{loc}: {message}{found}", line=where)


def relocate(scenario: Scenario, original, out_path):
    """The scenario with its relative paths (base, network, add_substations csv) rewritten for ``out_path``."""
    if original is None:
        return scenario, []
    src_dir, out_dir = Path(original).parent, Path(out_path).resolve().parent
    notes = []
    if not src_dir.is_dir():
        notes.append(f"the scenario's original folder {src_dir} does not exist here: relative paths kept as they are")
        return scenario, notes
    if src_dir.resolve() == out_dir:
        return scenario, notes

    def move(value):
        if value is None or Path(value).is_absolute():
            return value
        target = os.path.normpath(os.path.join(src_dir.resolve(), value))
        return Path(os.path.relpath(target, out_dir)).as_posix()

    data = scenario.model_dump(mode="python")
    for key in PATH_KEYS:
        data[key] = move(data[key])
    for item in data["measures"]:
        (kind, body), = item.items()
        if kind == "add_substations" and body.get("csv"):
            body["csv"] = move(body["csv"])
    return Scenario.model_validate(data), notes


def import_assumptions(path, scenario=None, out=None, force=False):
    """Write the scenario of a workbook's Assumptions sheet to ``out`` (default: the workbook with .yaml).

    Relative paths are rewritten for ``out``'s folder; an existing file is replaced only with
    ``force``. Returns ``(output path, notes)``.
    """
    result, original = read_assumptions(path, scenario)
    out = Path(out) if out is not None else Path(path).with_suffix(".yaml")
    result, notes = relocate(result, original, out)
    save_scenario(result, out, overwrite=force)
    return out, notes
