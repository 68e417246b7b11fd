"""Concession: the DSP year by year for the network that is open, on a timeline chosen or composed.

The timelines offered are those of ``scenarios/timelines/`` whose scenarios run on the open
network; a timeline can also be composed here (which scenario from which year). The page shows
the yearly result against the CEP where the CEP has the year, the cumulative result and its NPV,
the review clauses triggered, and each variance analysis as a waterfall.
"""

import json
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from heatnet.i18n import clause_text
from heatnet.io.folder import DataError
from heatnet.studies.concession import concession_study, missing_contract_files, read_timeline
from heatnet.ui import charts
from heatnet.ui.common import (SCENARIO_DIR, active_path, fmt, folder_files, frame_labels, lang, network_of,
                               run_or_error, run_stamp, scenario_name, scenario_options, stamp_file, t)

TIMELINE_DIR = SCENARIO_DIR / "timelines"
COMPOSE = "__compose__"
TABLE_KEYS = ("heat_sold_mwh", "subscribed_kw", "r1_eur_per_mwh", "r2_eur_per_kw", "r1_margin_eur", "r2_margin_eur",
              "operating_result_eur", "cep_operating_result_eur", "cumulative_result_eur",
              "average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh", "renewable_frac")


def timelines_for(folder):
    """The timelines (the open folder's, then the shipped ones) whose first scenario runs on ``folder``:
    {path: name}."""
    out = {}
    for path in folder_files("timelines"):
        try:
            timeline = read_timeline(path)
        except DataError:
            continue
        first = (path.parent / timeline.steps[0].scenario).resolve()
        if network_of(first) == folder:
            out[str(path)] = timeline.name
    return out


@st.cache_resource(max_entries=8, show_spinner=False)
def _study(path, timeline_json, stamp):
    timeline = json.loads(timeline_json) if timeline_json else None
    return concession_study(path, timeline=timeline)


def study_of(path, timeline=None):
    """The concession study, cached on the timeline (file or composed) and its scenarios' files."""
    steps = timeline["steps"] if timeline else [s.model_dump() for s in read_timeline(path).steps]
    base = Path(path).parent
    stamp = (stamp_file(path),) + tuple(run_stamp((base / s["scenario"]).resolve()) for s in steps)
    return _study(str(path), json.dumps(timeline, default=str) if timeline else None, stamp)


def composed_timeline(result, folder):
    """The composer: a start year and a table of steps (from which year, which scenario)."""
    options = {p: scenario_name(p) for p in scenario_options() if network_of(p) == folder}
    contract = result.network.params.get("contract", {})
    start = contract.get("dsp_start").year if contract.get("dsp_start") else result.year
    start_year = st.number_input(t("ui_concession_start"), 1900, 2100, int(start), key="concession_start")
    default = pd.DataFrame({"from_year": [int(start_year)], "scenario": [options.get(active_path(), "")]})
    steps = st.data_editor(default, num_rows="dynamic", key="concession_steps", hide_index=True, column_config={
        "from_year": st.column_config.NumberColumn(t("year"), min_value=1900, max_value=2100, step=1),
        "scenario": st.column_config.SelectboxColumn(t("scenario"), options=list(options.values()))})
    by_name = {name: path for path, name in options.items()}
    rows = [{"from_year": int(r["from_year"]), "scenario": by_name[r["scenario"]]}
            for r in steps.to_dict(orient="records") if r.get("scenario") in by_name and pd.notna(r.get("from_year"))]
    if not rows:
        return None
    first_year = int(min(min(r["from_year"] for r in rows), start_year))
    timeline = {"name": t("ui_concession_compose"), "start_year": first_year, "steps": rows}
    if not contract.get("dsp_end"):  # the network states no end of contract: the composer asks for one
        end_year = st.number_input(t("ui_concession_end"), first_year, 2100, max(first_year, int(result.year)),
                                   key="concession_end")
        timeline["end_date"] = f"{int(end_year)}-12-31"
    return timeline


def show_years(study):
    frame = study.frame()
    series = [c for c in ("operating_result_eur", "cep_operating_result_eur") if c in frame]
    long = frame.melt(["year", "kind", "scenario"], series, var_name="line", value_name="eur").dropna()
    long["line"] = long["line"].map(t)
    st.altair_chart(alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("year:O", title=t("year")), y=alt.Y("eur:Q", title="€ HT"), color=alt.Color("line:N", title=None),
        tooltip=["year", "scenario", "kind", "line", alt.Tooltip("eur:Q", format=",.0f")]).properties(height=300),
        width="stretch")
    frame["kind"] = [t(f"kind_{k}") for k in frame["kind"]]
    frame["triggers"] = [(" ; " if lang() == "fr" else "; ").join(clause_text(x, lang()) for x in y["triggers"])
                         for y in study.years]
    st.dataframe(frame_labels(frame, ["year", "scenario", "kind"] + list(TABLE_KEYS) + ["triggers"]),
                 hide_index=True, width="stretch")


def show_totals(study):
    c = st.columns(4)
    for col, key in zip(c, ("cumulative_result_eur", "npv_eur", "discount_rate_frac", "royalty_eur")):
        col.metric(t(key), fmt(key, study.totals[key]))


def show_variance(study):
    if not study.variance:
        return
    labels = [f"{p['from']} -> {p['to']}" for p in study.variance]
    choice = st.selectbox(t("ui_concession_pair"), range(len(labels)), format_func=lambda i: labels[i],
                          key="concession_pair", index=len(labels) - 1)
    pair = study.variance[choice]
    st.subheader(t("concession_variance").format(a=pair["from"], b=pair["to"]))
    st.caption(t("concession_method"))
    st.altair_chart(charts.variance_waterfall(pair, t, t("operating_result_eur"),
                                              lambda v: fmt("operating_result_eur", v)), width="stretch")


result = run_or_error(active_path())
st.title(t("ui_concession_title"))
if result is None:
    st.stop()
folder = str(Path(result.network.folder).resolve())
missing = missing_contract_files(result.network)
if missing:
    st.info(t("ui_concession_needs").format(files=", ".join(missing)))
    st.stop()
shipped = timelines_for(folder)
st.caption(t("ui_concession_caption"))
if not shipped:
    st.info(t("ui_concession_none"))
choice = st.selectbox(t("ui_concession_timeline"), list(shipped) + [COMPOSE], key="concession_timeline",
                      format_func=lambda p: shipped.get(p, t("ui_concession_compose")))
try:
    with st.spinner(t("ui_running")):
        if choice == COMPOSE:
            composed = composed_timeline(result, folder)
            study = study_of(TIMELINE_DIR / "composed.yaml", composed) if composed else None
        else:
            study = study_of(choice)
except DataError as exc:
    st.error(f"{t('ui_scenario_error')}: {exc}")
    study = None
if study is not None:
    show_totals(study)
    show_years(study)
    show_variance(study)
