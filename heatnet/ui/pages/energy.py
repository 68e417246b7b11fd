"""Énergie / Energy: monthly mix, load duration curve, CO2 (hourly operation); pipe loads (hydraulics).

Operation and hydraulics are optional attributes of a result; a page section shows them
when present and a short note otherwise. An unexpected shape is reported, never raised.
"""

import altair as alt
import pandas as pd
import streamlit as st

from heatnet.ui import charts
from heatnet.ui.common import (active_path, fmt, frame_labels, not_computed, pipe_names, plant_domain, plant_names,
                               run_or_error, t, warnings_panel)

LDC_BLOCK_HOURS = 12  # the load-duration curve drawn as means of 12 sorted hours: 732 steps a year, no stripes


def show_reported_mix(net):
    """The heat input the operator reported per period (data, always available when the network has it)."""
    if net.heat_input.empty:
        return
    st.subheader(t("ui_reported_mix"))
    frame = net.heat_input.groupby(["period", "report_group"], as_index=False)["heat_mwh"].sum()
    frame["share_frac"] = frame["heat_mwh"] / frame.groupby("period")["heat_mwh"].transform("sum")
    plants = net.plants
    by_group = plants.groupby("report_group")["name"].agg(lambda n: ", ".join(map(str, n))).to_dict() if (
        "report_group" in plants and "name" in plants) else {}
    frame["source_label"] = frame["report_group"].map(
        lambda g: t(f"group_{g}") if t(f"group_{g}") != f"group_{g}" else by_group.get(g, str(g)))
    st.altair_chart(alt.Chart(frame).mark_bar().encode(
        x=alt.X("period:N", title=None), y=alt.Y("heat_mwh:Q", title=t("ui_heat_input_mwh")),
        color=alt.Color("source_label:N", title=None),
        tooltip=["period", "source_label", alt.Tooltip("heat_mwh:Q", format=",.0f"),
                 alt.Tooltip("share_frac:Q", format=".1%")]).properties(height=300), width="stretch")
    st.caption(t("ui_reported_mix_note"))


def show_operation(result, operation):
    names = plant_names(result)
    scale = charts.color_scale(plant_domain(result))
    summary = operation.summary() if hasattr(operation, "summary") else {}
    keys = [k for k in ("renewable_frac", "co2_t", "co2_g_per_kwh", "gas_mwh", "unserved_mwh") if k in summary]
    if keys:
        cols = st.columns(len(keys))
        for col, key in zip(cols, keys):
            col.metric(t(key), fmt(key, summary[key]))
    mix = summary.get("mix_frac")
    monthly = getattr(operation, "monthly_mwh", None)
    if isinstance(monthly, pd.DataFrame) and not monthly.empty:
        st.subheader(t("ui_monthly_mix"))
        long = monthly.rename_axis("month").reset_index().melt("month", var_name="plant", value_name="heat_mwh")
        long["plant"] = long["plant"].map(lambda p: names.get(p, p))
        st.altair_chart(alt.Chart(long).mark_bar().encode(
            x=alt.X("month:O", title=t("ui_month")), y=alt.Y("heat_mwh:Q", title=t("heat_mwh")),
            color=alt.Color("plant:N", title=t("ui_plant"), scale=scale, legend=alt.Legend(orient="bottom",
                                                                                          columns=2, labelLimit=400)),
            tooltip=[alt.Tooltip("month:O", title=t("ui_month")), alt.Tooltip("plant:N", title=t("ui_plant")),
                     alt.Tooltip("heat_mwh:Q", format=",.0f", title=t("heat_mwh"))]).properties(height=360),
            width="stretch")
    if isinstance(mix, dict) and mix:
        st.dataframe(pd.DataFrame({t("ui_plant"): [names.get(p, p) for p in mix],
                                   t("ui_share"): [fmt("x_frac", v) for v in mix.values()]}), hide_index=True)
    curve = getattr(operation, "load_duration_kw", None)
    if curve is not None and len(curve):
        st.subheader(t("ui_load_duration"))
        st.altair_chart(load_duration_chart(curve, names, scale), width="stretch")


def load_duration_chart(curve, names, scale):
    """Stacked layers of the sorted hours, as means of LDC_BLOCK_HOURS consecutive hours, on 0..hours."""
    if isinstance(curve, pd.Series):
        curve = curve.to_frame(curve.name or "load_kw")
    hours = len(curve)
    block = curve.reset_index(drop=True).groupby(lambda i: i // LDC_BLOCK_HOURS).mean()
    block = block.loc[:, block.abs().sum() > 0]  # plants that never run add nothing but legend entries
    block.index = block.index * LDC_BLOCK_HOURS + LDC_BLOCK_HOURS / 2
    long = block.rename_axis("hour").reset_index().melt("hour", var_name="plant", value_name="load_kw")
    long["plant"] = long["plant"].map(lambda p: names.get(p, p))
    return alt.Chart(long).mark_area(opacity=0.9, interpolate="step-after").encode(
        x=alt.X("hour:Q", title=t("ui_hours"), scale=alt.Scale(domain=[0, hours], nice=False)),
        y=alt.Y("load_kw:Q", title="kW", stack=True),
        color=alt.Color("plant:N", title=t("ui_plant"), scale=scale,
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=400)),
        order=alt.Order("plant:N"),
        tooltip=[alt.Tooltip("plant:N", title=t("ui_plant")), alt.Tooltip("hour:Q", format=",.0f", title=t("ui_hours")),
                 alt.Tooltip("load_kw:Q", format=",.0f", title="kW")]).properties(height=340)


def show_hydraulics(result, hydraulics):
    pipes = getattr(hydraulics, "pipes", None)
    if not isinstance(pipes, pd.DataFrame) or pipes.empty:
        not_computed("ui_hydraulics")
        return
    metric_cols = [c for c in ("load_frac", "velocity_m_per_s", "pressure_drop_bar", "heat_loss_kw",
                               "mass_flow_kg_per_s") if c in pipes]
    rank = "load_frac" if "load_frac" in pipes else (metric_cols[0] if metric_cols else None)
    if "heat_loss_kw" in pipes:
        st.metric(t("ui_heat_loss_kw"), fmt("heat_loss_kw", pipes["heat_loss_kw"].sum()))
    if rank:
        named = pipe_names(result)
        top = pipes.sort_values(rank, ascending=False).head(15)
        top = top.assign(pipe=top["pipe_id"].map(lambda p: named.get(p, p)))
        st.markdown(f"**{t('ui_bottlenecks')}**")
        percent = rank.endswith("_frac")
        x = alt.X(f"{rank}:Q", title=t(rank), axis=alt.Axis(format=".0%" if percent else ",.2f"))
        bars = alt.Chart(top).mark_bar().encode(
            y=alt.Y("pipe:N", sort="-x", title=None, axis=alt.Axis(labelLimit=400, labelOverlap=False)), x=x,
            color=alt.condition(alt.datum[rank] > 1, alt.value("#e15759"), alt.value("#4e79a7")) if percent else
            alt.value("#4e79a7"),
            tooltip=[alt.Tooltip("pipe:N", title=t("pipe_id"))] + [
                alt.Tooltip(f"{c}:Q", title=t(c), format=".0%" if c.endswith("_frac") else ",.2f") for c in metric_cols])
        text = bars.mark_text(align="left", dx=3, color="black").encode(
            text=alt.Text(f"{rank}:Q", format=".0%" if percent else ",.2f"), color=alt.value("black"))
        st.altair_chart((bars + text).properties(height=24 * len(top) + 40), width="stretch")
        pipes = pipes.assign(pipe_id=pipes["pipe_id"].map(lambda p: named.get(p, p)))
    st.dataframe(frame_labels(pipes, ["pipe_id"] + metric_cols), hide_index=True, width="stretch")


result = run_or_error(active_path())
st.title(t("ui_page_energy"))
if result is None:
    st.stop()
st.caption(result.name)
warnings_panel(result)

st.header(t("ui_operation"))
operation = getattr(result, "operation", None)
if operation is None:
    not_computed("ui_operation")
else:
    try:
        show_operation(result, operation)
    except Exception as exc:  # a module still in development must not take the page down
        st.warning(f"{t('ui_operation')}: {t('ui_cannot_show')} ({type(exc).__name__}: {exc})")
if result.figures.get("renewable_frac") is not None:
    st.metric(t("renewable_frac"), fmt("renewable_frac", result.figures["renewable_frac"]))
show_reported_mix(result.network)

st.header(t("ui_hydraulics"))
hydraulics = getattr(result, "hydraulics", None)
if hydraulics is None:
    not_computed("ui_hydraulics")
    loads = result.graph.pipe_loads().reset_index().sort_values("downstream_subscribed_kw", ascending=False)
    st.markdown(f"**{t('ui_pipe_loads_topology')}**")
    st.dataframe(frame_labels(loads.head(20), ["pipe_id", "downstream_subscribed_kw", "downstream_heat_mwh",
                                               "downstream_substations"]), hide_index=True, width="stretch")
else:
    figures = result.figures
    columns = st.columns(4)
    for column, key in zip(columns, ("heat_loss_mwh", "network_efficiency_frac", "pump_electricity_mwh",
                                     "max_pipe_load_frac")):
        column.metric(t(key), fmt(key, figures.get(key)))
    try:
        show_hydraulics(result, hydraulics)
    except Exception as exc:
        st.warning(f"{t('ui_hydraulics')}: {t('ui_cannot_show')} ({type(exc).__name__}: {exc})")
