"""The Streamlit dashboard: pages in ``pages/``, view helpers here. The only package that imports Streamlit."""
