"""The price bridge: from the root's price to a scenario's, one step per measure, then the year's
climate and outages."""

from types import SimpleNamespace

from heatnet.scenarios.evaluate import extension_annuities


def price_under(result_policy, state, base, r1_unit, extra_r2_eur=0.0):
    """Average price HT of ``state`` under the R2 policy of a result, with ``r1_unit``."""
    heat = float(state.substations["heat_mwh"].sum())
    kw = float(state.substations["subscribed_kw"].sum())
    if result_policy == "hold_total":
        r2_revenue = base.figures["r2_revenue_eur"] + extra_r2_eur
    elif result_policy == "hold_unit":
        r2_revenue = base.tariff["r2_eur_per_kw"] * kw
    else:
        return None
    return r1_unit + r2_revenue / heat


def price_bridge(root, steps, final, policy_base, refs):
    """Price bridge from the root's price to the final price, measure by measure.

    The first step moves R1 from the root's unit to the final one on the root's quantities;
    each measure's step is the price change it causes under the final scenario's R2 policy, held
    from ``policy_base``, the final scenario's price anchor (never its immediate base), so the
    bridge of a chain of scenarios equals the bridge of the same measures in one step.
    """
    policy = final.tariff["r2_policy"]
    r1 = final.tariff["r1_eur_per_mwh"]
    bridge = [{"step": "start", "label": root.name, "price_eur_per_mwh": root.figures["average_price_eur_per_mwh"],
               "delta_eur_per_mwh": 0.0}]
    if policy == "contract":
        return bridge
    previous = root.figures["average_price_eur_per_mwh"]
    current = price_under(policy, root.state, policy_base, r1)
    if abs(current - previous) > 1e-9:
        bridge.append({"step": "tariff", "label": f"R1 {root.tariff['r1_eur_per_mwh']:.2f} -> {r1:.2f}",
                       "price_eur_per_mwh": current, "delta_eur_per_mwh": current - previous,
                       "r1_from_eur_per_mwh": root.tariff["r1_eur_per_mwh"], "r1_to_eur_per_mwh": r1})
    for label, state in steps:
        extra = extension_annuities(state, policy_base, refs) if policy == "hold_total" else 0.0
        previous, current = current, price_under(policy, state, policy_base, r1, extra)
        step = {"step": "measure", "label": str(label), "price_eur_per_mwh": current,
                "delta_eur_per_mwh": current - previous}
        if getattr(label, "description", None):
            step["measure"] = label.description
        bridge.append(step)
    step = climate_and_outages_step(final, current, policy, policy_base, refs)
    bridge.append(step)
    current = step["price_eur_per_mwh"]
    bridge.append({"step": "end", "label": final.name, "price_eur_per_mwh": final.figures["average_price_eur_per_mwh"],
                   "delta_eur_per_mwh": final.figures["average_price_eur_per_mwh"] - current})
    return bridge


# ---------------------------------------------------------------- climate and outages (issue 13)

def climate_and_outages_step(final, previous, policy, policy_base, refs):
    """The bridge step from the measures' price, on the sales of the loads' climate, to the price on
    the final year's sales: their heating part moved by the year's DJU over the loads' DJU, and the
    plants' stops of the year (drawn, or an actual year's dated stops), which move the mix and, with
    energy prices, R1. Shown even when zero, so a comparison says it is like for like."""
    sales = SimpleNamespace(substations=final.bills)  # the bills carry each substation's sales of the year
    extra = extension_annuities(final.state, policy_base, refs) if policy == "hold_total" else 0.0
    current = price_under(policy, sales, policy_base, final.tariff["r1_eur_per_mwh"], extra)
    figures = final.figures
    label = (f"DJU {figures.get('sales_dju', 0):,.0f} -> {figures.get('dju', 0):,.0f}; "
             + (f"{figures['outage_draws']} outage draws" if figures.get("outage_draws") else "dated outages"))
    return {"step": "climate_and_outages", "label": label, "price_eur_per_mwh": current,
            "delta_eur_per_mwh": current - previous, "dju_from": figures.get("sales_dju"),
            "dju_to": figures.get("dju"), "outage_draws": figures.get("outage_draws") or 0}
