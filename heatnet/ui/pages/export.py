"""Export: the scenario files, and the Excel workbook of the selected scenarios (heatnet.workbook)."""

import tempfile
from pathlib import Path

import streamlit as st

from heatnet.io.folder import DataError
from heatnet.ui.common import (active_path, default_scenario, lang, run, scenario_name, scenario_options, t)


def full_workbook(results, language):
    from heatnet.workbook import write_workbook

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "heatnet.xlsx"
        write_workbook(results, path, lang=language)
        return path.read_bytes()


st.title(t("ui_page_export"))
options = scenario_options()
default = [p for p in dict.fromkeys([default_scenario(), active_path()]) if p in options]
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
st.caption(t("ui_workbook_full"))
if picked and st.button(t("ui_prepare_workbook"), key="export_prepare"):
    try:
        with st.spinner(t("ui_running")):
            results = [run(p) for p in picked]
            data = full_workbook(results, lang())
        st.session_state["export_workbook"] = data
    except DataError as exc:
        st.error(f"{t('ui_scenario_error')}: {exc}")
if st.session_state.get("export_workbook"):
    st.download_button(t("ui_download_workbook"), st.session_state["export_workbook"], file_name="heatnet.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="export_workbook_download")
