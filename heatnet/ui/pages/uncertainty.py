"""Incertitudes / Uncertainty: run a study (heatnet.studies.uncertainty) of the open folder's studies/, or a
shipped one on the open network, with a progress bar, then its distributions (histogram and P5-P95 fan),
tornado, event probabilities and Sobol indices. Runs serially in the dashboard's process; the command line
scales out on Dask."""

from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from heatnet.i18n import uncertainty_input_text
from heatnet.io.errors import DataError
from heatnet.ui.common import active_path, fmt, folder_files, lang, network_of, scenario_dir, t

RUN_KEY = "uncertainty_run"


def _study_network(path):
    """The network folder a study's scenario (or its timeline's first scenario) runs on; None if unreadable."""
    from heatnet.studies.concession import read_timeline
    from heatnet.studies.uncertainty import read_study

    try:
        study = read_study(path)
        target = Path(path).parent / (study.scenario or study.timeline)
        if study.timeline:
            target = target.parent / read_timeline(target).steps[0].scenario
    except DataError:
        return None
    return network_of(target)


def study_options():
    """The open folder's own studies (all of them: a broken one shows its error when run) and the shipped
    ones whose scenario runs on the open network, so a study is never of another network than the one shown."""
    own = scenario_dir() / "studies"
    folder = network_of(active_path())
    return [str(p) for p in folder_files("studies")
            if p.parent == own or (folder is not None and _study_network(p) == folder)]


def study_name(path):
    from heatnet.studies.uncertainty import read_study

    try:
        return read_study(path).name
    except Exception:  # a broken file is listed by its name; running it shows the error
        return Path(path).name


def run_with_progress(path, samples):
    from heatnet.studies.uncertainty import run_study

    bar = st.progress(0.0, text=t("unc_progress"))

    def update(done, total):
        bar.progress(done / total, text=f"{t('unc_progress')} : {done}/{total}")

    run = run_study(path, samples=samples, serial=True, progress=update)
    bar.empty()
    return run


def show_figures(report, table):
    rows = [{"key": key, t("unc_figure"): t(key), t("unc_deterministic"): fmt(key, report["deterministic"][key]),
             **{c.upper(): fmt(key, stats[c]) for c in ("p5", "p10", "p50", "p90", "p95")},
             t("unc_mean"): fmt(key, stats["mean"]), t("unc_sem"): fmt(key, stats["sem"])}
            for key, stats in report["figures"].items()]
    st.dataframe(pd.DataFrame(rows).drop(columns="key"), hide_index=True, width="stretch")
    fan = pd.DataFrame([{"figure": t(key), "p5": _gap(s["p5"], s["p50"]), "p10": _gap(s["p10"], s["p50"]),
                         "p90": _gap(s["p90"], s["p50"]), "p95": _gap(s["p95"], s["p50"])}
                        for key, s in report["figures"].items()])
    st.subheader(t("ui_unc_fan"))
    base = alt.Chart(fan).encode(y=alt.Y("figure:N", title=None))
    st.altair_chart((base.mark_rule(strokeWidth=2).encode(x=alt.X("p5:Q", title="%"), x2="p95")
                     + base.mark_bar(height=12, opacity=0.6).encode(x="p10:Q", x2="p90")).properties(height=240),
                    width="stretch")
    st.subheader(t("ui_unc_histogram"))
    keys = list(report["figures"])
    key = st.selectbox(t("unc_figure"), keys, format_func=t, key="unc_hist_figure")
    lhs = table[table["design"] == "lhs"]
    st.altair_chart(alt.Chart(lhs).mark_bar().encode(
        x=alt.X(f"{key}:Q", bin=alt.Bin(maxbins=40), title=t(key)), y=alt.Y("count():Q", title=None)
    ).properties(height=260), width="stretch")


def _gap(value, median):
    return 100 * (value / median - 1) if median else 0.0


def show_sensitivity(report):
    price = report.get("price_figure")
    if report.get("tornado"):
        st.subheader(t("unc_tornado").format(figure=t(price)))
        frame = pd.DataFrame([{"input": uncertainty_input_text(name, lang()), "low": row["low"], "high": row["high"],
                               "width": abs(row["high"] - row["low"])} for name, row in report["tornado"].items()])
        frame = frame.sort_values("width", ascending=False)
        st.altair_chart(alt.Chart(frame).mark_bar().encode(
            y=alt.Y("input:N", sort=list(frame["input"]), title=None),
            x=alt.X("low:Q", title=t(price), scale=alt.Scale(zero=False)), x2="high",
            tooltip=["input", alt.Tooltip("low:Q", format=".2f"), alt.Tooltip("high:Q", format=".2f")]
        ).properties(height=40 * len(frame) + 40), width="stretch")
    if report.get("events"):
        st.subheader(t("unc_events"))
        st.dataframe(pd.DataFrame([{t("unc_event"): t(name), t("unc_probability"): fmt("p_frac", e["probability"])}
                                   for name, e in report["events"].items()]), hide_index=True)
    if report.get("sobol"):
        st.subheader(t("unc_sobol").format(figure=t(price)))
        frame = pd.DataFrame([{"input": uncertainty_input_text(n, lang()), "index": k.upper(), "value": v[k]}
                              for n, v in report["sobol"].items() for k in ("s1", "st")])
        st.altair_chart(alt.Chart(frame).mark_bar().encode(
            y=alt.Y("input:N", title=None), x=alt.X("value:Q", title=None), color=alt.Color("index:N", title=None),
            yOffset="index:N").properties(height=50 * len(report["sobol"]) + 40), width="stretch")


st.title(t("ui_page_uncertainty"))
options = study_options()
if not options:
    st.info(t("ui_unc_none"))
    st.stop()
path = st.selectbox(t("ui_unc_study"), options, format_func=study_name, key="unc_study")
samples = st.number_input(t("ui_unc_samples"), min_value=20, max_value=200_000, value=500, step=100,
                          key="unc_samples")
if st.button(t("ui_unc_run"), key="unc_run"):
    from heatnet.io.errors import DataError

    try:
        st.session_state[RUN_KEY] = (path, run_with_progress(path, int(samples)))
    except (DataError, ValueError) as exc:
        st.error(str(exc))
stored = st.session_state.get(RUN_KEY)
if stored and stored[0] == path:
    run = stored[1]
    report = run.to_dict()
    st.caption(t("unc_samples").format(n=report["samples"], seed=report["seed"], elapsed=report["elapsed_s"],
                                       where=report["scheduler"]))
    show_figures(report, run.table)
    show_sensitivity(report)
