"""Scénarios / Scenarios: key figures, comparison, price bridge, and the scenario composer."""

import altair as alt
import pandas as pd
import streamlit as st

from heatnet.io.folder import DataError
from heatnet.scenarios import COMPARE_ROWS
from heatnet.ui import charts
from heatnet.ui import common
from heatnet.i18n import bridge_step_text, delta_reference_text, label, year_basis_text
from heatnet.scenarios.result import APPRAISAL_KEYS, extension_appraisal
from heatnet.ui.common import (ACTIVE_KEY, SCENARIO_DIR, active_path, default_scenario, scenario_dir, client_names, fmt, lang,
                               num, register_composed, run, run_or_error, scenario_name, scenario_options,
                               shipped_scenarios, t, warnings_panel)
from heatnet.ui.compose import (ComposeError, compose_dict, default_node, interconnection_defaults, safe_file_name,
                                save_composed, saved_yaml, validate_composed, write_temp)

KEY_FIGURES = ("average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh", "subscribed_kw", "heat_sold_mwh",
               "renewable_frac", "operator_result_eur")
# the comparison table, by group; every row of COMPARE_ROWS appears in one group
COMPARE_GROUPS = (
    ("ui_group_volumes", ("year", "substations", "subscribed_kw", "heat_sold_mwh", "network_length_m",
                          "linear_density_mwh_per_m", "linear_density_kw_per_m")),
    ("ui_group_prices", ("r1_eur_per_mwh", "r2_eur_per_kw", "average_price_eur_per_mwh",
                         "average_price_ttc_eur_per_mwh", "delta_price_frac", "delta_price_vs_first_frac",
                         "average_price_hold_total_eur_per_mwh", "average_price_hold_unit_eur_per_mwh")),
    ("ui_group_energy", ("renewable_frac", "co2_t", "co2_g_per_kwh", "gas_mwh", "unserved_mwh", "heat_loss_mwh",
                         "network_efficiency_frac", "pump_electricity_mwh", "max_pipe_load_frac")),
    ("ui_group_operator", ("r1_revenue_eur", "r2_revenue_eur", "revenue_eur", "turnover_hold_unit_eur",
                           "r1_margin_eur", "r2_margin_eur", "operator_result_eur")),
)
POINT_SHARES = ("renewable_frac", "network_efficiency_frac", "max_pipe_load_frac")  # changes in points


def change_text(key, delta):
    """A change of ``key``: shares of a whole in points (+22,6 pt), the rest in the key's unit."""
    sign = "+" if delta >= 0 else ""
    if key in POINT_SHARES:
        return f"{sign}{num(delta * 100, 1)} {t('ui_points')}"
    return sign + fmt(key, delta)


def key_figures(result, reference=None):
    """One metric per key figure, with the change against ``reference`` when given; each change says
    what it compares with (the reference and the kind of year it is) in its help and in a caption."""
    cols = st.columns(3) + st.columns(3)
    compared = reference is not None and reference is not result
    against = delta_reference_text(reference.name, reference.figures, lang()) if compared else None
    for col, key in zip(cols, KEY_FIGURES):
        value = result.figures.get(key)
        delta = None
        if compared and value is not None:
            ref = reference.figures.get(key)
            if ref is not None:
                delta = change_text(key, value - ref)
        col.metric(t(key), fmt(key, value), delta=delta, help=against if delta is not None else None,
                   delta_color="inverse" if key.startswith("average_price") else "normal")
    st.caption(t("ui_shown_basis").format(basis=year_basis_text(result.figures, lang()))
               + (f" · {against}" if compared else ""))


def bridge_chart(result):
    if not result.bridge or len(result.bridge) < 2:
        st.info(t("ui_no_bridge"))
        return
    bridge = [dict(step, label=f"{i + 1}. {bridge_step_text(step, lang())}",
                   text=("" if step["step"] in ("start", "end") else ("+" if step["delta_eur_per_mwh"] >= 0 else "")
                         + fmt("x_eur_per_mwh", step["delta_eur_per_mwh"]) + " → ")
                   + fmt("price_eur_per_mwh", step["price_eur_per_mwh"]))
              for i, step in enumerate(result.bridge)]
    st.altair_chart(charts.waterfall_chart(bridge, t("average_price_eur_per_mwh")), width="stretch")
    rows = [{t("ui_step"): bridge_step_text(s, lang()), t("average_price_eur_per_mwh"): fmt("x_eur_per_mwh", s["price_eur_per_mwh"]),
             t("ui_delta_eur_per_mwh"): ("+" if s["delta_eur_per_mwh"] >= 0 else "") +
             fmt("x_eur_per_mwh", s["delta_eur_per_mwh"])} for s in result.bridge]
    with st.expander(t("ui_bridge_table")):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def appraisal(result):
    """The extensions of the scenario: length, densities against both rules, investment, subsidy, annuity,
    price effect (heatnet.scenarios.result.extension_appraisal)."""
    rows = extension_appraisal(result)
    if not rows:
        return
    st.markdown(f"**{t('ui_appraisal')}**")
    st.table(pd.DataFrame({row["name"]: [fmt(k, row.get(k)) for k in APPRAISAL_KEYS] for row in rows},
                          index=pd.Index([t(k) for k in APPRAISAL_KEYS], name=t("xl_indicator"))))


def comparison(paths):
    results = []
    for p in paths:
        try:
            results.append(run(p))
        except DataError as exc:
            st.error(f"{scenario_name(p)}: {exc}")
    if not results:
        return
    first_price = results[0].figures["average_price_eur_per_mwh"]
    table = {}
    for r in results:
        column = {k: r.figures.get(k) for k in COMPARE_ROWS}
        column["delta_price_vs_first_frac"] = r.figures["average_price_eur_per_mwh"] / first_price - 1
        table[r.name] = column
    frame = pd.DataFrame(table)
    st.caption(t("ui_compare_first").format(name=results[0].name, basis=year_basis_text(results[0].figures, lang())))
    st.caption(t("ui_compare_bases") + " — " + " · ".join(f"{r.name} — {year_basis_text(r.figures, lang())}"
                                                          for r in results))
    for group, keys in COMPARE_GROUPS:  # every row shown, full labels, no inner scrolling
        keys = [k for k in keys if k in frame.index]
        st.markdown(f"**{t(group)}**")
        st.table(pd.DataFrame({name: [fmt(k, frame.at[k, name]) for k in keys] for name in frame.columns},
                              index=pd.Index([t(k) for k in keys], name=t("xl_indicator"))))
    prices = pd.DataFrame({"scenario": [r.name for r in results],
                           "HT": [r.figures["average_price_eur_per_mwh"] for r in results],
                           "TTC": [r.figures["average_price_ttc_eur_per_mwh"] for r in results]})
    long = prices.melt("scenario", var_name="basis", value_name="price_eur_per_mwh")
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("scenario:N", sort=None, title=None, axis=alt.Axis(labelAngle=-20, labelLimit=400, labelOverlap=False)),
        xOffset="basis:N", y=alt.Y("price_eur_per_mwh:Q", title=t("ui_price_eur_per_mwh")),
        color=alt.Color("basis:N", title=None), tooltip=["scenario", "basis", alt.Tooltip("price_eur_per_mwh:Q",
                                                                                          format=".2f")])
    st.altair_chart(chart.properties(height=320), width="stretch")


# ---------------------------------------------------------------- page
st.title(t("ui_page_scenarios"))
active = active_path()
result = run_or_error(active)
baseline = run_or_error(default_scenario())
if result is not None:
    st.subheader(result.name)
    if result.scenario.description:
        st.caption(result.scenario.description)
    st.caption(f"{t('price_basis')}: {t(result.figures['price_basis'])} · {t('r2_policy')}: "
               f"{t(result.figures['r2_policy'])}")
    key_figures(result, baseline)
    warnings_panel(result)
    appraisal(result)

tab_compare, tab_bridge, tab_compose = st.tabs([t("ui_tab_compare"), t("bridge"), t("ui_tab_compose")])

with tab_compare:
    options = scenario_options()
    default = ([str(SCENARIO_DIR / n) for n in ("2016_baseline.yaml", "hospital_closure.yaml", "2020_balance.yaml")]
               if scenario_dir() == SCENARIO_DIR else shipped_scenarios()[:3])
    picked = st.multiselect(t("ui_compare_pick"), options, default=[p for p in default if p in options],
                            format_func=scenario_name, key="compare_paths",
                            placeholder=t("ui_choose"))
    if active not in picked:  # the scenario shown is always in the comparison, last
        picked = picked + [active]
        st.caption(t("ui_compare_active_added"))
    comparison(picked)

with tab_bridge:
    if result is not None:
        st.markdown(f"**{result.name}**")
        bridge_chart(result)

# ---------------------------------------------------------------- composer
with tab_compose:
    st.caption(t("ui_compose_help"))
    shipped = shipped_scenarios()
    c1, c2, c3 = st.columns([2, 2, 1])
    base_path = c1.selectbox(t("ui_base_scenario"), shipped, format_func=scenario_name, key="compose_base")
    name = c2.text_input(t("ui_composed_name"), value=t("ui_composed_default_name"), key="compose_name")
    base = run_or_error(base_path)
    if base is None:
        st.stop()
    year = c3.number_input(t("year"), min_value=1900, max_value=2100, value=int(base.year), step=1,
                           key="compose_year")
    bills = base.bills
    clients = sorted(bills["client"].dropna().unique())
    client_label = client_names(base).get
    numbers = sorted(bills["substation_no"].dropna().astype(str).unique())

    with st.expander(t("ui_measure_remove"), expanded=False):
        r1c, r2c = st.columns(2)
        remove_clients = r1c.multiselect(t("ui_by_client"), clients, key="compose_remove_clients",
                                         format_func=lambda c: client_label(c, c), placeholder=t("ui_choose"))
        remove_numbers = r2c.multiselect(t("ui_by_substation_no"), numbers, key="compose_remove_numbers",
                                         placeholder=t("ui_choose"))
    with st.expander(t("ui_measure_renovate"), expanded=False):
        r1c, r2c, r3c = st.columns(3)
        renov_public = r1c.checkbox(t("ui_public_buildings"), key="compose_renov_public")
        renov_clients = r2c.multiselect(t("ui_by_client"), clients, key="compose_renov_clients",
                                         format_func=lambda c: client_label(c, c), placeholder=t("ui_choose"))
        renov_numbers = r3c.multiselect(t("ui_by_substation_no"), numbers, key="compose_renov_numbers",
                                         placeholder=t("ui_choose"))
        s1, s2 = st.columns(2)
        energy_pct = s1.slider(t("ui_energy_saving_pct"), 0, 90, 25, key="compose_renov_energy")
        kw_pct = s2.slider(t("ui_subscribed_saving_pct"), 0, 90, 0, key="compose_renov_kw")
    with st.expander(t("ui_measure_extension"), expanded=False):
        add_ext = st.checkbox(t("ui_add_extension"), key="compose_ext_on")
        e = st.columns(4)
        ext_name = e[0].text_input(t("ui_extension_name"), value="Extension", key="compose_ext_name")
        node_ids = list(base.state.nodes["id"])
        hub = default_node(base.state, base.network.params.get("plant_node"))  # the opened network's own hub
        ext_node = e[1].selectbox(t("ui_connect_to"), node_ids, index=node_ids.index(hub) if hub in node_ids else 0,
                                  key="compose_ext_node")
        ext_trunk = e[2].number_input(t("ui_trunk_length_m"), 0.0, 20000.0, 500.0, 50.0, format="%.0f", key="compose_ext_trunk")
        ext_dn = e[3].number_input(t("ui_trunk_dn_mm"), 20.0, 1000.0, 150.0, 5.0, format="%.0f", key="compose_ext_dn")
        e = st.columns(5)
        ext_count = e[0].number_input(t("ui_substation_count"), 1, 1000, 10, key="compose_ext_count")
        ext_kw = e[1].number_input(t("ui_kw_per_substation"), 1.0, 50000.0, 200.0, 10.0, format="%.0f", key="compose_ext_kw")
        ext_mwh = e[2].number_input(t("ui_mwh_per_substation"), 0.0, 100000.0, 400.0, 10.0, format="%.0f", key="compose_ext_mwh")
        ext_client = e[3].selectbox(t("ui_client"), clients, key="compose_ext_client",
                                      format_func=lambda c: client_label(c, c))
        ext_service = e[4].number_input(t("ui_service_length_m"), 0.0, 1000.0, 20.0, 5.0, format="%.0f", key="compose_ext_service")
        ext_capex = st.checkbox(t("ui_include_capex"), key="compose_ext_capex")
    with st.expander(t("ui_measure_neighbour"), expanded=False):
        add_neighbour = st.checkbox(t("ui_join_neighbour"), key="compose_neighbour_on")
        link = interconnection_defaults(shipped, base, lang())  # the folder's own study of it, else neutral
        lv = st.columns(4)
        lv_node = lv[0].selectbox(t("ui_connect_to"), node_ids, index=node_ids.index(link["connect_to"])
                                  if link["connect_to"] in node_ids else 0, key="compose_lv_node")
        lv_length = lv[1].number_input(t("ui_pipe_length_m"), 100.0, 30000.0, float(link["pipe_length_m"]), 100.0,
                                       format="%.0f", key="compose_lv_len")
        lv_mwh = lv[2].number_input(t("heat_mwh"), 1.0, 200000.0, float(link["heat_mwh"]), 500.0, format="%.0f",
                                    key="compose_lv_mwh")
        lv_kw = lv[3].number_input(t("subscribed_kw"), 1.0, 200000.0, float(link["subscribed_kw"]), 100.0,
                                   format="%.0f", key="compose_lv_kw")
        st.caption(t("ui_neighbour_note"))
    st.markdown(f"**{t('ui_tariff')}**")
    tc = st.columns(3)
    keep_r1 = tc[0].checkbox(t("ui_keep_base_r1"), value=True, key="compose_keep_r1")
    r1 = tc[1].number_input(t("r1_eur_per_mwh"), 1.0, 500.0, float(round(base.tariff["r1_eur_per_mwh"], 2)), 0.5,
                            format="%.2f", key="compose_r1", disabled=keep_r1)
    policy = tc[2].selectbox(t("r2_policy"), ["hold_total", "hold_unit", "contract"],
                             format_func=lambda k, shown=lang(): label(k, shown),  # the language of this run
                             key="compose_r2_policy")

    renovate = None
    if renov_public or renov_clients or renov_numbers:
        renovate = {"public_buildings": renov_public, "clients": renov_clients, "substation_no": renov_numbers,
                    "energy_saving_frac": energy_pct / 100, "subscribed_saving_frac": kw_pct / 100}
    extension = None
    if add_ext:
        extension = {"name": ext_name, "connect_to": ext_node, "trunk_length_m": ext_trunk, "trunk_dn_mm": ext_dn,
                     "count": ext_count, "subscribed_kw": ext_kw, "heat_mwh": ext_mwh, "client": ext_client,
                     "pipe_length_m": ext_service}
    data = compose_dict(name, year, remove_clients=remove_clients, remove_numbers=remove_numbers,
                        renovate=renovate, extension=extension,
                        interconnect={**link, "connect_to": lv_node, "pipe_length_m": lv_length, "heat_mwh": lv_mwh,
                                      "subscribed_kw": lv_kw} if add_neighbour else None,
                        r1_eur_per_mwh=None if keep_r1 else r1, r2_policy=policy,
                        include_extension_capex=add_ext and ext_capex)

    composed, composed_path, composed_result = None, None, None
    try:
        composed = validate_composed(data)
    except ComposeError as exc:
        st.error(f"{t('ui_invalid_scenario')}: {exc}")  # pydantic's message names the field
    if composed is not None:
        if not composed.measures and keep_r1 and policy == "hold_total":
            st.info(t("ui_compose_nothing"))
        composed_path = write_temp(composed, base_path, common.composed_dir())
        composed_result = run_or_error(composed_path)
    if composed_result is not None:
        st.markdown(f"#### {composed_result.name}")
        key_figures(composed_result, base)
        bridge_chart(composed_result)

        def _show_composed(path=str(composed_path), shown=composed_result.name):
            register_composed(path, shown)
            st.session_state[ACTIVE_KEY] = path

        st.button(t("ui_show_everywhere"), on_click=_show_composed, key="compose_show")

        # saving: a plain file name in scenarios/, no silent overwrite
        save_dir = common.save_dir()
        st.markdown(f"**{t('ui_save')}**")
        s1, s2, s3 = st.columns([2, 1, 1])
        file_name = s1.text_input(t("ui_file_name"), value="", placeholder="mon-scenario", key="compose_file")
        pending = st.session_state.get("compose_pending_overwrite")
        if s2.button(t("ui_save_button"), key="compose_save"):
            try:
                saved = save_composed(composed, base_path, save_dir, file_name)
                st.session_state.pop("compose_pending_overwrite", None)
                st.success(t("ui_saved").format(path=f"{save_dir.name}/{saved.name}"))
            except FileExistsError:
                st.session_state["compose_pending_overwrite"] = file_name
                pending = file_name
            except ComposeError:
                st.error(f"{t('ui_bad_file_name')}: {t('ui_plain_file_name').format(name=file_name)}")
        if pending and pending == file_name:
            st.warning(t("ui_confirm_overwrite").format(name=file_name))
            o1, o2 = st.columns(2)
            if o1.button(t("ui_replace"), key="compose_replace", type="primary"):
                st.session_state.pop("compose_pending_overwrite", None)
                try:
                    saved = save_composed(composed, base_path, save_dir, file_name, overwrite=True)
                    st.success(t("ui_saved").format(path=f"{save_dir.name}/{saved.name}"))
                except ComposeError as exc:  # a file other scenarios build on is never replaced
                    st.error(f"{t('ui_bad_file_name')}: {exc}")
            if o2.button(t("ui_cancel"), key="compose_cancel"):
                st.session_state.pop("compose_pending_overwrite", None)
                st.rerun()
        try:
            download_name = safe_file_name(file_name or "scenario")
        except ComposeError:
            download_name = "scenario.yaml"
        s3.download_button(t("ui_download_yaml"), saved_yaml(composed, base_path, save_dir),
                           file_name=download_name, mime="application/x-yaml", key="compose_download")
