"""The price bridge: from the root's price to a scenario's, one step per measure."""

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
    bridge.append({"step": "end", "label": final.name, "price_eur_per_mwh": final.figures["average_price_eur_per_mwh"],
                   "delta_eur_per_mwh": final.figures["average_price_eur_per_mwh"] - current})
    return bridge
