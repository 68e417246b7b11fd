"""Cells, styles and page layout shared by the workbook's sheets, and the atomic save.

Text that comes from user data is always written as text, never as a formula.
"""

import contextvars
import datetime as dt
import functools
import json
import math
import os
import re
from pathlib import Path
from typing import Literal, get_args, get_origin

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

import heatnet
from heatnet.i18n import label
from heatnet.io.write import write_atomic


MAX_CELL_CHARS = 32_767  # Excel's limit on a cell's text

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
    if re.search(r"_frac(_p\d+|_with|_without|_realised|_reported)?$", key):  # a share and its quantiles
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


def shown_decimals(fmt):
    """The decimals an Excel number format shows of the stored value (``#,##0.00`` -> 2, ``0.0%`` -> 3);
    None for a format that does not fix them (General, text, dates)."""
    if not fmt or not isinstance(fmt, str):
        return None
    return _format_decimals(fmt)


@functools.lru_cache(maxsize=256)
def _format_decimals(fmt):
    """:func:`shown_decimals` of a format string, parsed once: a workbook writes some 40,000 cells in a
    few dozen formats."""
    section = fmt.split(";")[0]
    if not re.fullmatch(r"[#,0]*0(\.0+)?%?", section):
        return None
    decimals = len(section.split(".")[1].rstrip("%")) if "." in section else 0
    return decimals + (2 if section.endswith("%") else 0)


def shown_value(value, fmt):
    """A computed number as its cell shows it: rounded to the decimals of ``fmt`` (the one rounding rule of
    the workbook: what a reader copies is what they see). Inputs never come through here."""
    decimals = shown_decimals(fmt)
    if decimals is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return round(value, decimals)


def put(ws, row, col, value, fmt=None, font=None, fill=None, exact=False):
    """Write one value: text as text, numbers with ``fmt``, dates as dates.

    A computed number is stored rounded to the decimals ``fmt`` shows (:func:`shown_value`); an input keeps
    its full precision: a cell filled as an input (``INPUT_FILL``) or ``exact`` (a value a formula reads).
    """
    cell = ws.cell(row=row, column=col)
    value = _plain(value)
    if not exact and fill is not INPUT_FILL:
        value = shown_value(value, fmt)
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


# the folder of the workbook being written: paths in it are relative to it (set by build_workbook)
WORKBOOK_DIR = contextvars.ContextVar("workbook_dir", default=None)


def _display_path(path):
    """A path relative to the workbook's folder while one is written (the workbook can move with its
    scenarios), else relative to the working directory when it is under it; never a home folder."""
    path = Path(path)
    base = WORKBOOK_DIR.get()
    if base is not None:
        try:
            return Path(os.path.relpath(path.resolve(), base)).as_posix()
        except ValueError:  # another drive
            return str(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


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


def save_atomic(wb, path, overwrite=False):
    """Save through heatnet.io.write: a temporary file in the target folder, then replace; a failure or a
    kill leaves any old file intact, and an existing file is replaced only with ``overwrite``."""
    return write_atomic(path, wb.save, overwrite=overwrite)
