"""Variance analysis ("analyse des écarts") of the operating result between two year-results.

A year-result (a dict of the concession engine, or of the accounts: actual or CEP) is written
as eight drivers:

======================  =====================================================================
subscribed_power        subscribed kW
climate                 rigueur (DJU of the year / reference DJU)
other_volume            climate-corrected sales: sales / (1 - h + h x rigueur), h the heating part
r1_unit_price           R1 revenue / MWh sold
r2_unit_price           R2 revenue / kW subscribed
energy_costs_and_mix    R1 costs / MWh sold (prices of the heat bought and the gas, and the mix)
r2_costs                R2 costs, EUR
nonrecurring            non-recurring balance, EUR
======================  =====================================================================

and the result is rebuilt exactly from them:
``(r1 unit - energy cost) x sales + r2 unit x kW - R2 costs + non-recurring``, with
``sales = other_volume x (1 - h + h x climate)``.

**Method: sequential substitution** in the order above (volumes first, then prices, then
costs). Starting from the reference ``a``, each driver in turn takes the value of ``b``; the
effect of a driver is the change of the rebuilt result at its step. The effects telescope: they
sum to ``result(b) - result(a)`` exactly (to the rounding of floating point). The order is the
method's one convention: an effect depends on the drivers substituted before it (a volume effect
is valued at the reference's prices, a price effect at the new volumes), as in the usual
management-accounting practice of "écarts sur quantités puis sur prix". ``order`` changes it.
"""

EFFECTS = ("subscribed_power", "climate", "other_volume", "r1_unit_price", "r2_unit_price",
           "energy_costs_and_mix", "r2_costs", "nonrecurring")


def drivers(year, heating_frac):
    """The eight drivers of a year-result (see the module's table)."""
    heat, kw = year["heat_sold_mwh"], year["subscribed_kw"]
    rigueur = year["rigueur"]
    return {
        "subscribed_power": kw, "climate": rigueur,
        "other_volume": heat / (1.0 - heating_frac + heating_frac * rigueur),
        "r1_unit_price": year["r1_revenue_eur"] / heat, "r2_unit_price": year["r2_revenue_eur"] / kw,
        "energy_costs_and_mix": year["r1_costs_eur"] / heat, "r2_costs": year["r2_costs_eur"],
        "nonrecurring": year.get("nonrecurring_balance_eur") or 0.0,
    }


def rebuilt_result(d, heating_frac):
    """The operating result of a set of drivers."""
    sales = d["other_volume"] * (1.0 - heating_frac + heating_frac * d["climate"])
    return ((d["r1_unit_price"] - d["energy_costs_and_mix"]) * sales + d["r2_unit_price"] * d["subscribed_power"]
            - d["r2_costs"] + d["nonrecurring"])


def variance(a, b, heating_frac, order=EFFECTS):
    """Effects explaining ``b``'s operating result against ``a``'s: a list of {effect, eur}, in
    ``order``, summing to the gap. ``heating_frac`` is the heating part of sales (the rest does
    not follow the climate), the same for both ends."""
    if sorted(order) != sorted(EFFECTS):
        raise ValueError(f"order must list each of {EFFECTS} once")
    current = drivers(a, heating_frac)
    target = drivers(b, heating_frac)
    previous = rebuilt_result(current, heating_frac)
    effects = []
    for name in order:
        current[name] = target[name]
        value = rebuilt_result(current, heating_frac)
        effects.append({"effect": name, "eur": value - previous})
        previous = value
    return effects


def compare_years(a, b, heating_frac, label_a, label_b):
    """A compared pair for the fronts: the two results, the gap, the effects and what closes it."""
    effects = variance(a, b, heating_frac)
    gap = b["operating_result_eur"] - a["operating_result_eur"]
    return {"from": label_a, "to": label_b, "from_result_eur": a["operating_result_eur"],
            "to_result_eur": b["operating_result_eur"], "gap_eur": gap, "effects": effects,
            "residual_eur": gap - sum(e["eur"] for e in effects), "heating_frac": heating_frac,
            "drivers_from": drivers(a, heating_frac), "drivers_to": drivers(b, heating_frac),
            "method": "sequential substitution: " + " > ".join(EFFECTS)}
