"""Réseau / Network: the map, a substation's or a pipe's figures, the substations table."""

import pandas as pd
import streamlit as st

from heatnet.i18n import label
from heatnet.ui import charts
from heatnet.ui.common import (active_path, category_name, client_domain, client_names, fmt, frame_labels, lang, pipe_names,
                               reconstructed_note, run_or_error, t, warnings_panel)

SUB_KEY, PIPE_KEY = "network_substation", "network_pipe"

result = run_or_error(active_path())
st.title(t("ui_page_network"))
if result is None:
    st.stop()
fig = result.figures
st.caption(f"{result.name} · {result.network.name} · {fig['year']}")
reconstructed_note(result)
warnings_panel(result)
HEADLINE = ("average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh", "renewable_frac", "co2_t",
            "operator_result_eur")

cols = st.columns(5)
for col, key in zip(cols, ("network_length_m", "substations", "subscribed_kw", "heat_sold_mwh",
                           "linear_density_mwh_per_m")):
    col.metric(t(key), fmt(key, fig[key]))

# ---------------------------------------------------------------- map data
state, graph = result.state, result.graph
plant_node = result.network.params["plant_node"]
pos = charts.node_positions(state.nodes, state.pipes, plant_node)
loads = graph.pipe_loads()
pipes = state.pipes.merge(loads, left_on="id", right_index=True, how="left")
design = getattr(result, "hydraulics", None)
color_options = ["dn_mm", "downstream_subscribed_kw"]
if design is not None:  # each pipe's load at the design temperature against its capacity
    pipes["load_frac"] = pipes["id"].map(design.pipes.set_index("pipe_id")["load_frac"])
    color_options.append("load_frac")
pipes = pipes.join(pos[["lon", "lat"]], on="from_node").join(pos[["lon", "lat"]].add_suffix("2"), on="to_node")
subs = result.bills.join(pos[["lon", "lat"]], on="node_id")
clients_by_code = client_names(result)
subs = subs.assign(client=subs["client"].map(lambda c: clients_by_code.get(c, c)),
                   category=subs["category"].map(category_name))
named_pipes = pipe_names(result)
plants = state.plants.groupby("node_id").agg(name=("name", lambda s: " + ".join(map(str, s))),
                                             capacity_kw=("capacity_kw", "sum")).reset_index()
plants = plants.join(pos[["lon", "lat"]], on="node_id")
placed = int(pos["placed"].sum())

c1, c2 = st.columns([3, 1])
with c2:
    st.markdown(f"**{t('ui_headline')}** ({fig['year']})")
    for key in HEADLINE:
        st.metric(t(key), fmt(key, fig.get(key)))
    st.caption(t("ui_headline_note"))
    if st.session_state.get("network_color_by") not in color_options:
        st.session_state["network_color_by"] = "dn_mm"
    color_by = st.radio(t("ui_color_pipes_by"), color_options, key="network_color_by",
                        format_func=lambda k, shown=lang(): label(f"ui_{k}", shown))
    st.caption(t("ui_map_help"))
    if placed:
        st.caption(t("ui_placed_nodes").format(n=placed))

sub_ids = list(subs["id"])
pipe_ids = list(pipes["id"])
for key, options in ((SUB_KEY, sub_ids), (PIPE_KEY, pipe_ids)):
    if st.session_state.get(key) not in options + [None]:
        st.session_state[key] = None

selected_sub = st.session_state.get(SUB_KEY)
selected_pipe = st.session_state.get(PIPE_KEY)
path = graph.path_to(selected_sub) if selected_sub else None

with c1:
    title = f"{result.network.name} — {t('ui_layout_schematic')}" if result.network.params.get(
        "layout_reconstructed") else result.network.name
    chart = charts.map_chart(pipes, subs, plants, title, color_by=color_by, color_title=t(f"ui_{color_by}"),
                             client_scale=charts.color_scale(client_domain(result)),
                             titles={k: t(k) for k in ("pipe_id", "length_m", "substation_id", "building", "client",
                                                       "subscribed_kw", "heat_mwh", "ui_plant", "capacity_kw")},
                             selected_pipe=selected_pipe, selected_substation=selected_sub,
                             path_pipes=path["pipes"] if path else ())
    event = st.altair_chart(chart, on_select="rerun", key="network_map", width="stretch")

# a click on the map selects like the boxes below (only when the click changed)
selection = (event or {}).get("selection", {}) if event else {}
for name, key in (("substation", SUB_KEY), ("pipe", PIPE_KEY)):
    points = selection.get(name) or []
    clicked = points[0].get("id") if points else None
    if clicked and clicked != st.session_state.get(f"{key}_last_click"):
        st.session_state[f"{key}_last_click"] = clicked
        st.session_state[key] = clicked
        st.rerun()

# ---------------------------------------------------------------- selection details
left, right = st.columns(2)
with left:
    st.subheader(t("ui_substation"))
    names = dict(zip(subs["id"], subs["building"].fillna("")))
    selected_sub = st.selectbox(t("ui_pick_substation"), [None] + sub_ids, key=SUB_KEY,
                                format_func=lambda i: "—" if i is None else f"{i} · {names.get(i, '')}")
    if selected_sub:
        row = subs[subs["id"] == selected_sub].iloc[0]
        path = graph.path_to(selected_sub)
        st.markdown(f"**{row['building']}** — {row['client']} ({row['category']}), "
                    f"{t('ui_branch')} {row['branch'] if pd.notna(row['branch']) else '—'}")
        m = st.columns(3)
        m[0].metric(t("subscribed_kw"), fmt("subscribed_kw", row["subscribed_kw"]))
        m[1].metric(t("heat_mwh"), fmt("heat_mwh", row["heat_mwh"]))
        m[2].metric(t("bill_eur"), fmt("bill_eur", row["bill_eur"]))
        m = st.columns(3)
        m[0].metric(t("price_eur_per_mwh"), fmt("price_eur_per_mwh", row["price_eur_per_mwh"]))
        m[1].metric(t("ui_path_length_m"), fmt("length_m", path["length_m"]))
        m[2].metric(t("turnover_frac"), fmt("turnover_frac", row["turnover_frac"]))
        st.caption(f"{t('ui_path_from_plant')}: " + " → ".join(named_pipes.get(p, p) for p in path["pipes"]))
with right:
    st.subheader(t("ui_pipe"))
    selected_pipe = st.selectbox(t("ui_pick_pipe"), [None] + pipe_ids, key=PIPE_KEY,
                                 format_func=lambda i: "—" if i is None else named_pipes.get(i, i))
    if selected_pipe:
        row = pipes[pipes["id"] == selected_pipe].iloc[0]
        m = st.columns(3)
        m[0].metric("DN (mm)", fmt("dn_mm", row["dn_mm"]))
        m[1].metric(t("length_m"), fmt("length_m", row["length_m"]))
        m[2].metric(t("ui_downstream_substations"), fmt("substations", row["downstream_substations"]))
        m = st.columns(2)
        m[0].metric(t("ui_downstream_subscribed_kw"), fmt("subscribed_kw", row["downstream_subscribed_kw"]))
        m[1].metric(t("ui_downstream_heat_mwh"), fmt("heat_mwh", row["downstream_heat_mwh"]))
        down = graph.downstream_substations(selected_pipe)
        if not down.empty:
            st.dataframe(frame_labels(down, ["id", "building", "client", "subscribed_kw", "heat_mwh"]),
                         hide_index=True, width="stretch", height=200)

# ---------------------------------------------------------------- substations table
st.subheader(t("ui_substations_table"))
f1, f2 = st.columns(2)
clients = f1.multiselect(t("ui_filter_clients"), sorted(subs["client"].dropna().unique()), key="network_clients")
branches = f2.multiselect(t("ui_filter_branches"), sorted(subs["branch"].dropna().astype(str).unique()),
                          key="network_branches")
table = subs
if clients:
    table = table[table["client"].isin(clients)]
if branches:
    table = table[table["branch"].astype(str).isin(branches)]
st.caption(t("ui_table_totals").format(n=len(table), kw=fmt("subscribed_kw", table["subscribed_kw"].sum()),
                                       mwh=fmt("heat_mwh", table["heat_mwh"].sum())))
st.dataframe(frame_labels(table, ["id", "substation_no", "building", "client", "category", "branch", "dwellings",
                                  "subscribed_kw", "heat_mwh", "bill_eur", "price_eur_per_mwh"]),
             hide_index=True, width="stretch")

# ---------------------------------------------------------------- lengths and branches
b1, b2 = st.columns(2)
with b1:
    st.subheader(t("ui_length_by_dn"))
    by_dn = graph.length_by_dn().reset_index()
    by_dn["dn"] = by_dn["dn_mm"].map(lambda d: f"DN {d:g}")
    st.altair_chart(charts.bar_chart(by_dn, "dn", "length_m", "DN", t("length_m"), sort=None),
                    width="stretch")
with b2:
    st.subheader(t("ui_branches"))
    summary = graph.branch_summary()
    if not summary.empty:
        st.dataframe(frame_labels(summary.reset_index(), ["branch", "length_m", "substations", "subscribed_kw",
                                                          "heat_mwh", "mwh_per_m", "kw_per_m"]),
                     hide_index=True, width="stretch")
