"""heatnet dashboard: ``streamlit run app.py``. A router only: the pages live in heatnet/ui/pages/."""

from pathlib import Path

import streamlit as st

from heatnet.ui.common import sidebar, t

PAGES = Path(__file__).resolve().parent / "heatnet" / "ui" / "pages"

st.set_page_config(page_title="heatnet", layout="wide")
page = st.navigation([
    st.Page(PAGES / "network.py", title=t("ui_page_network"), icon=":material/map:", url_path="reseau", default=True),
    st.Page(PAGES / "scenarios.py", title=t("ui_page_scenarios"), icon=":material/compare_arrows:", url_path="scenarios"),
    st.Page(PAGES / "economics.py", title=t("ui_page_economics"), icon=":material/euro:", url_path="economie"),
    st.Page(PAGES / "concession.py", title=t("ui_page_concession"), icon=":material/timeline:", url_path="concession"),
    st.Page(PAGES / "energy.py", title=t("ui_page_energy"), icon=":material/local_fire_department:", url_path="energie"),
    st.Page(PAGES / "uncertainty.py", title=t("ui_page_uncertainty"), icon=":material/ssid_chart:",
            url_path="incertitudes"),
    st.Page(PAGES / "planning.py", title=t("ui_page_planning"), icon=":material/route:", url_path="planification"),
    st.Page(PAGES / "export.py", title=t("ui_page_export"), icon=":material/download:", url_path="export"),
])
sidebar()
page.run()
