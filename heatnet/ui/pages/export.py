"""Export: the scenario files, and an Excel workbook of the selected scenarios.

The full workbook comes from ``heatnet.workbook.export.write_workbook(results, path, lang)`` when
that module is installed; until then, a simple workbook of the comparison table (and the
bills of each scenario) written with pandas / openpyxl.
"""

import importlib
import io
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from heatnet.io.folder import DataError
from heatnet.scenarios import COMPARE_ROWS
from heatnet.ui.common import (DEFAULT_SCENARIO, active_path, lang, run, scenario_name, scenario_options, t)


def full_exporter():
    """``heatnet.workbook.export.write_workbook`` if the module exists, else None."""
    try:
        module = importlib.import_module("heatnet.workbook.export")
    except ModuleNotFoundError as exc:
        if exc.name != "heatnet.workbook.export":
            raise
        return None
    return getattr(module, "write_workbook", None)


def simple_workbook(results, language):
    """Bytes of a workbook: the comparison sheet (labels in ``language``) and one bills sheet per scenario."""
    from heatnet.i18n import label

    buffer = io.BytesIO()
    table = pd.DataFrame({r.name: [r.figures.get(k) for k in COMPARE_ROWS] for r in results},
                         index=[label(k, language) for k in COMPARE_ROWS])
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="comparaison" if language == "fr" else "comparison")
        for i, r in enumerate(results, start=1):
            bills = r.bills.drop(columns=["node_id"], errors="ignore")
            bills.rename(columns={c: label(c, language) for c in bills.columns}).to_excel(
                writer, sheet_name=f"{i}_{r.name}"[:31].replace("/", "-"), index=False)
    return buffer.getvalue()


def full_workbook(write_workbook, results, language):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "heatnet.xlsx"
        write_workbook(results, path, lang=language)
        return path.read_bytes()


st.title(t("ui_page_export"))
options = scenario_options()
default = [p for p in dict.fromkeys([str(DEFAULT_SCENARIO), active_path()]) if p in options]
picked = st.multiselect(t("ui_export_pick"), options, default=default, format_func=scenario_name,
                        key="export_paths")

st.subheader(t("ui_scenario_files"))
if not picked:
    st.info(t("ui_compare_empty"))
for i, path in enumerate(picked):
    p = Path(path)
    c1, c2 = st.columns([3, 1])
    c1.markdown(f"**{scenario_name(path)}** — `{p.name}`")
    c2.download_button(t("ui_download_yaml"), p.read_bytes() if p.exists() else b"", file_name=p.name,
                       mime="application/x-yaml", key=f"export_yaml_{i}", disabled=not p.exists())
st.caption(t("ui_files_note"))

st.subheader(t("ui_workbook"))
writer = full_exporter()
st.caption(t("ui_workbook_full") if writer else t("ui_workbook_simple"))
if picked and st.button(t("ui_prepare_workbook"), key="export_prepare"):
    try:
        with st.spinner(t("ui_running")):
            results = [run(p) for p in picked]
            data = full_workbook(writer, results, lang()) if writer else simple_workbook(results, lang())
        st.session_state["export_workbook"] = data
    except DataError as exc:
        st.error(f"{t('ui_scenario_error')}: {exc}")
if st.session_state.get("export_workbook"):
    st.download_button(t("ui_download_workbook"), st.session_state["export_workbook"], file_name="heatnet.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="export_workbook_download")
