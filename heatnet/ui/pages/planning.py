"""Planification / Planning: candidate buildings on the map, the connection plan, why each building is in
or out, and what heat costs a dwelling on the network and with its alternatives (stacked bars)."""


from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from heatnet.io.folder import DataError
from heatnet.ui.common import active_path, fmt, frame_labels, run_or_error, shipped_layers, t

PLAN_KEY = "planning_report"


@st.cache_resource(show_spinner=False)
def _layers(candidates, streets):
    from heatnet.io.candidates import read_candidates, read_streets

    cands = read_candidates(candidates)
    segs, nodes = read_streets(streets) if streets else (None, None)
    return cands, segs, nodes


def _plan(base, candidates, streets, objective, subsidy, rise, contract_rule):
    from heatnet.studies import plan_case as pc
    from heatnet.studies import planning as pl

    cands, segs, nodes = _layers(candidates, streets)
    options = pc.PlanOptions(objective=objective, subsidy_frac=subsidy, max_price_rise_frac=rise,
                             contract_rule=contract_rule)
    case = pc.build_case(base, cands, segs, nodes, options)
    solution = pl.solve(case.problem, objective)
    return {"value": solution.value, "status": solution.status, "selected": solution.selected,
            "capex_eur": solution.capex_eur, "parts": pc.parts_report(case),
            "buildings": pc.buildings_report(case, solution), "houses": pc.houses_answer(case)}


def _map(cands, segs, nodes, selected):
    frame = cands[["id", "use", "lon", "lat", "dwellings", "heat_mwh"]].copy()
    frame["connected"] = frame["id"].isin(selected) if selected is not None else False
    layers = []
    if segs is not None:
        pos = nodes.set_index("id")[["lon", "lat"]]
        lines = segs.join(pos, on="from_node").join(pos.add_suffix("2"), on="to_node")
        layers.append(alt.Chart(lines).mark_rule(color="#999").encode(
            longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q"))
    color = alt.Color("connected:N" if selected is not None else "use:N", title=t("connected")
                      if selected is not None else t("use"))
    layers.append(alt.Chart(frame).mark_circle(size=40).encode(
        longitude="lon:Q", latitude="lat:Q", color=color, tooltip=list(frame.columns)))
    return alt.layer(*layers).project("mercator").properties(height=480)


def _stacked_costs(result):
    from heatnet.studies.dwelling_cost import TERMS, cost_per_dwelling

    block = cost_per_dwelling(result.figures)
    rows = [{"dwelling": kind, "mode": t(f"mode_{mode}"), "term": t(term), "eur": fig[term]}
            for kind, modes in block["dwellings"].items() for mode, fig in modes.items() for term in TERMS]
    frame = pd.DataFrame(rows)
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("eur:Q", title=t("total_eur")), y=alt.Y("mode:N", sort="x", title=None),
        color=alt.Color("term:N", title=None), row=alt.Row("dwelling:N", title=None), tooltip=list(frame.columns))
    return chart.properties(height=200), block


result = run_or_error(active_path())
st.title(t("ui_page_planning"))
if result is None:
    st.stop()
st.caption(t("ui_planning_help"))
c1, c2 = st.columns([1, 2])
folder = str(Path(active_path()).parent)  # the layers' fields follow the open scenarios' folder
shipped_candidates, shipped_streets = shipped_layers(active_path())
with c1:
    cand_path = st.text_input(t("ui_candidates_file"), shipped_candidates, key=f"planning_candidates:{folder}")
    street_path = st.text_input(t("ui_streets_file"), shipped_streets, key=f"planning_streets:{folder}")
    objective = st.radio(t("plan_objective"), ["npv", "territory_cost", "dwellings"], key="planning_objective",
                         format_func=lambda k: t(f"ui_objective_{k}"))
    subsidy = st.slider(t("subsidy_frac"), 0.0, 0.6, 0.0, 0.05, key="planning_subsidy")
    rise = st.slider(t("price_change_frac"), 0.0, 0.2, 0.02, 0.01, key="planning_rise")
    contract_rule = st.checkbox(t("ui_contract_rule"), True, key="planning_rule")
    plan_for = (str(active_path()), cand_path, street_path)  # a plan is shown only beside its own inputs
    if st.button(t("ui_run_plan"), key="planning_run", disabled=not cand_path):
        try:
            st.session_state[PLAN_KEY] = (plan_for, _plan(str(active_path()), cand_path, street_path or None,
                                                          objective, subsidy, rise, contract_rule))
        except (DataError, ValueError) as exc:
            st.error(str(exc))
stored = st.session_state.get(PLAN_KEY)
report = stored[1] if stored and stored[0] == plan_for else None
layers = None
if not cand_path:
    c2.info(t("ui_no_candidates"))
else:
    try:
        layers = _layers(cand_path, street_path or None)
    except DataError as exc:
        c2.error(str(exc))
if layers is not None:
    with c2:
        st.altair_chart(_map(*layers, report["selected"] if report else None), width="stretch")
if report:
    cols = st.columns(3)
    cols[0].metric(t("plan_objective"), f"{report['value']:,.0f}")
    cols[1].metric(t("plan_connected"), len(report["selected"]))
    cols[2].metric(t("capex_eur"), fmt("capex_eur", report["capex_eur"]))
    parts = pd.DataFrame(report["parts"])
    parts.index = [t(k) for k in parts.index]
    st.dataframe(parts, width="stretch")
    st.dataframe(frame_labels(report["buildings"]), width="stretch", hide_index=True)
chart, block = _stacked_costs(result)
st.subheader(t("total_eur"))
st.caption(t("ui_dwelling_cost_caption").format(  # what the comparison holds apart: the years of its prices
    method=block["method"], year=result.year, prices=t(f"price_set_{block['price_set']}"), date=block["date"]))
st.altair_chart(chart, width="stretch")
