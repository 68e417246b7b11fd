"""Économie / Economics: R1 and R2, bills, cost per dwelling, operating accounts (the concession has its own page)."""

import altair as alt
import pandas as pd
import streamlit as st

from heatnet.model import accounts as acc
from heatnet.ui import charts
from heatnet.ui.common import (active_path, category_domain, category_name, client_domain, client_names, fmt,
                               frame_labels, run_or_error, t)


result = run_or_error(active_path())
st.title(t("ui_page_economics"))
if result is None:
    st.stop()
fig, tariff = result.figures, result.tariff
st.caption(f"{result.name} · {t('price_basis')}: {t(fig['price_basis'])} · {t('r2_policy')}: {t(fig['r2_policy'])}")

m = st.columns(5)
for col, key in zip(m, ("r1_eur_per_mwh", "r2_eur_per_kw", "r1_revenue_eur", "r2_revenue_eur",
                        "average_price_eur_per_mwh")):
    col.metric(t(key), fmt(key, fig[key]))

# ---------------------------------------------------------------- R1 / R2
st.subheader(t("ui_r1_r2_breakdown"))
c1, c2 = st.columns(2)
with c1:
    r1c = tariff.get("r1_contract")
    if r1c:
        rows = [(t("ui_r1c"), r1c["r1c_eur_per_mwh"]), ("R1CO2", r1c["r1co2_eur_per_mwh"]),
                (t("ui_r1t"), r1c["r1t_eur_per_mwh"]), (t("ui_contract_total"), r1c["r1_eur_per_mwh"]),
                (t("ui_published"), r1c.get("published_average_eur_per_mwh")),
                (t("ui_applied"), tariff["r1_eur_per_mwh"])]
        st.markdown(f"**R1** ({t('ui_contract_at')} {r1c['effective_date']})")
        st.dataframe(pd.DataFrame({t("ui_component"): [r[0] for r in rows],
                                   t("r1_eur_per_mwh"): [fmt("x_eur_per_mwh", r[1]) for r in rows]}),
                     hide_index=True, width="stretch")
with c2:
    r2c = tariff.get("r2_contract")
    if r2c:
        parts = [k for k in r2c if k.startswith("r2_") and k not in ("r2_eur_per_kw",)]
        rows = [(k.removesuffix("_eur_per_kw").replace("r2_", "R2."), r2c[k]) for k in parts]
        rows += [(t("ui_contract_total"), r2c["r2_eur_per_kw"]), (t("ui_published"), r2c.get(
            "published_total_eur_per_kw")), (t("ui_applied"), tariff["r2_eur_per_kw"])]
        st.markdown(f"**R2** ({t('ui_contract_at')} {r2c['effective_date']})")
        st.dataframe(pd.DataFrame({t("ui_component"): [r[0] for r in rows],
                                   t("r2_eur_per_kw"): [fmt("x_eur_per_kw", r[1]) for r in rows]}),
                     hide_index=True, width="stretch")
st.caption(t("ui_r2_parts_note"))

# ---------------------------------------------------------------- bills
st.subheader(t("ui_bills"))
names = client_names(result)
bills = result.bills.sort_values("bill_eur", ascending=False)
bills = bills.assign(client=bills["client"].map(lambda c: names.get(c, c)), category=bills["category"].map(category_name))
b1, b2 = st.columns([3, 2])
with b1:
    top = bills.head(20).assign(label=lambda d: d["id"].astype(str) + " · " + d["building"].fillna(""))
    chart = alt.Chart(top).mark_bar().encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=400, labelOverlap=False)),
        x=alt.X("bill_eur:Q", title=t("bill_eur")),
        color=alt.Color("client:N", title=t("client"), scale=charts.color_scale(client_domain(result)),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
        tooltip=[alt.Tooltip("label:N", title=t("building")), alt.Tooltip("client:N", title=t("client")),
                 alt.Tooltip("bill_eur:Q", format=",.0f", title=t("bill_eur")),
                 alt.Tooltip("price_eur_per_mwh:Q", format=".2f", title=t("price_eur_per_mwh"))])
    st.altair_chart(chart.properties(height=24 * len(top) + 60, title=t("ui_top_bills")), width="stretch")
with b2:
    shares = result.category_shares.reset_index()
    shares["category_label"] = shares["category"].map(category_name)
    st.altair_chart(alt.Chart(shares).mark_arc(innerRadius=50).encode(
        theta="turnover_eur:Q", color=alt.Color("category_label:N", title=t("ui_category"),
                                                scale=charts.color_scale(category_domain())),
        tooltip=[alt.Tooltip("category_label:N", title=t("ui_category")),
                 alt.Tooltip("turnover_eur:Q", format=",.0f", title=t("turnover_eur")),
                 alt.Tooltip("turnover_frac:Q", format=".1%", title=t("turnover_frac"))]).properties(height=300,
                                                                             title=t("ui_turnover_by_category")),
        width="stretch")
    st.dataframe(frame_labels(shares.rename(columns={"category_label": "ui_category"}),
                              ["ui_category", "heat_mwh", "subscribed_kw", "turnover_eur", "turnover_frac"]),
                 hide_index=True, width="stretch")
with st.expander(t("ui_all_bills")):
    st.dataframe(frame_labels(bills, ["id", "building", "client", "category", "heat_mwh", "subscribed_kw", "r1_eur",
                                      "r2_eur", "bill_eur", "price_eur_per_mwh", "turnover_frac"]),
                 hide_index=True, width="stretch")

# ---------------------------------------------------------------- social housing
st.subheader(t("ui_social_housing"))
social = bills[(result.bills.loc[bills.index, "category"] == "social_housing")
               & pd.to_numeric(bills["dwellings"], errors="coerce").gt(0)]
if social.empty:
    st.info(t("ui_no_social_housing"))
else:
    social = social.assign(dwellings=pd.to_numeric(social["dwellings"]))
    social = social.assign(bill_per_dwelling_eur=social["bill_eur"] / social["dwellings"],
                           heat_per_dwelling_mwh=social["heat_mwh"] / social["dwellings"])
    total = social["bill_eur"].sum() / social["dwellings"].sum()
    s = st.columns(3)
    s[0].metric(t("ui_dwellings"), fmt("dwellings", social["dwellings"].sum()))
    s[1].metric(t("bill_per_dwelling_eur"), fmt("bill_per_dwelling_eur", total))
    s[2].metric(t("heat_per_dwelling_mwh"), fmt("x_per_m", social["heat_mwh"].sum() / social["dwellings"].sum()))
    st.dataframe(frame_labels(social.sort_values("bill_per_dwelling_eur", ascending=False),
                              ["id", "building", "client", "dwellings", "heat_mwh", "bill_eur",
                               "bill_per_dwelling_eur"]), hide_index=True, width="stretch")
    st.caption(t("ui_per_dwelling_note"))

# ---------------------------------------------------------------- accounts
st.subheader(t("ui_accounts"))
net = result.network
if net.accounts.empty:
    st.info(t("ui_no_accounts"))
else:
    table = acc.operating_accounts(net.accounts, net.operations)
    lines = [c for c in acc.LINES + ("heat_sold_mwh", "subscribed_kw", "average_price_eur_per_mwh") if c in table]
    shown = pd.DataFrame({period: [fmt(k, table.at[period, k]) for k in lines] for period in table.index},
                         index=[t(k) for k in lines])
    st.dataframe(shown, width="stretch")
    cep_period = net.params.get("contract", {}).get("cep_period")
    if cep_period and cep_period in table.index:
        gaps = acc.gap_to_cep(table, cep_period)
        margins = gaps[gaps["line"].isin(["r1_margin_eur", "r2_margin_eur", "operating_result_eur"])].copy()
        margins["line_label"] = margins["line"].map(t)
        long = margins.melt(["period", "line_label"], ["actual", "cep"], var_name="basis", value_name="eur")
        long["basis"] = long["basis"].map({"actual": t("ui_actual"), "cep": "CEP"})
        st.altair_chart(alt.Chart(long).mark_bar().encode(
            x=alt.X("period:N", title=None), xOffset="basis:N", y=alt.Y("eur:Q", title="€ HT"),
            color=alt.Color("basis:N", title=None), column=alt.Column("line_label:N", title=None),
            tooltip=["period", "line_label", "basis", alt.Tooltip("eur:Q", format=",.0f")]).properties(
            width=180, height=240, title=t("ui_margins_vs_cep").format(cep=cep_period)))
    if result.operator:
        st.markdown(f"**{t('ui_operator_view')}**")
        op = result.operator
        keys = [k for k in ("heat_sold_mwh", "subscribed_kw", "r2_eur_per_kw", "r1_revenue_eur", "r1_costs_eur",
                            "r1_margin_eur", "r2_revenue_eur", "r2_costs_eur", "r2_margin_eur",
                            "operating_result_eur") if k in op]
        st.dataframe(pd.DataFrame({t("ui_line"): [t(k) for k in keys], result.name: [fmt(k, op[k]) for k in keys]}),
                     hide_index=True, width="stretch")
