"""The uncertainty sheet: quantiles of every figure, event probabilities, tornado and Sobol indices
of a study's report (heatnet.studies.uncertainty), for the reader who audits them."""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

import heatnet
from heatnet.i18n import label, uncertainty_input_text
from heatnet.io.errors import DataError
from heatnet.io.write import check_target
from heatnet.workbook.cells import header_row, number_format, put, save_atomic

STAT_COLUMNS = ("mean", "p5", "p10", "p50", "p90", "p95", "sem")


def write_uncertainty_sheet(ws, report, lang="fr"):
    """Fill ``ws`` with the report's tables, one block under the other; returns the next free row."""
    ws.title = label("xl_sheet_uncertainty", lang)[:31]
    put(ws, 1, 1, label("unc_title", lang).format(name=report["study"]), font=Font(bold=True, size=14))
    put(ws, 2, 1, label("unc_samples", lang).format(n=report["samples"], seed=report["seed"],
                                                     elapsed=report["elapsed_s"], where=report["scheduler"]))
    row = 4
    header_row(ws, row, [label("unc_figure", lang), label("unc_deterministic", lang)]
               + [label("unc_mean", lang) if c == "mean" else label("unc_sem", lang) if c == "sem" else c.upper()
                  for c in STAT_COLUMNS])
    for key, stats in report["figures"].items():
        row += 1
        fmt = number_format(key)
        put(ws, row, 1, label(key, lang))
        put(ws, row, 2, report["deterministic"].get(key), fmt)
        for j, col in enumerate(STAT_COLUMNS):
            put(ws, row, 3 + j, stats[col], fmt)
    row += 2
    if report.get("events"):
        header_row(ws, row, [label("unc_event", lang), label("unc_probability", lang), label("unc_sem", lang)])
        for name, event in report["events"].items():
            row += 1
            put(ws, row, 1, label(name, lang))
            put(ws, row, 2, event["probability"], "0.0%")
            put(ws, row, 3, event["sem"], "0.0%")
        row += 2
    return _indices(ws, report, lang, row)


def _indices(ws, report, lang, row):
    price = report.get("price_figure")
    fmt = number_format(price or "")
    if report.get("tornado"):
        put(ws, row, 1, label("unc_tornado", lang).format(figure=label(price, lang)), font=Font(bold=True))
        row += 1
        header_row(ws, row, [label("unc_input", lang), label("unc_low", lang), label("unc_high", lang),
                             f"{label(price, lang)} (P10)", f"{label(price, lang)} (P90)"])
        for name, t in report["tornado"].items():
            row += 1
            for j, (value, f) in enumerate(((uncertainty_input_text(name, lang), None), (t["input_low"], "General"), (t["input_high"], "General"),
                                            (t["low"], fmt), (t["high"], fmt))):
                put(ws, row, 1 + j, value, f)
        row += 2
    if report.get("sobol"):
        put(ws, row, 1, label("unc_sobol", lang).format(figure=label(price, lang)), font=Font(bold=True))
        row += 1
        header_row(ws, row, [label("unc_input", lang), "S1", "S1 ± (95 %)", "ST", "ST ± (95 %)"])
        for name, idx in report["sobol"].items():
            row += 1
            for j, value in enumerate((uncertainty_input_text(name, lang), idx["s1"], idx["s1_conf"], idx["st"],
                                       idx["st_conf"])):
                put(ws, row, 1 + j, value, "0.000" if j else None)
    ws.column_dimensions["A"].width = 48
    return row + 1


def write_uncertainty_workbook(report, path, lang="fr", force=False):
    """A workbook of one sheet, the study's report; an existing file is replaced only with ``force``."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise DataError(path, "the workbook's name must end in .xlsx")
    check_target(path, force)  # before the work of building it
    wb = Workbook()
    write_uncertainty_sheet(wb.active, report, lang)
    wb.properties.creator = f"heatnet {heatnet.__version__}"
    save_atomic(wb, path, overwrite=force)
    return path
