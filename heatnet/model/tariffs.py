"""R1 / R2 tariffs, subscribers' bills, average price HT and TTC, VAT.

A French heat network bills each subscriber R1 x MWh consumed + R2 x kW subscribed.
R1 (EUR HT/MWh) = R1c + R1CO2 + R1t, where R1c is the energy cost, either given as one
mix-weighted value or as one price per fuel weighted by the contract's mix weights.
R2 (EUR HT/kW/year) is the sum of its parts R2.1 ... R2.5.

Two bases for the average price, named everywhere:

* ``tariff``: unit prices x quantities (what the contract's prices give);
* ``accounts``: the year's actual revenues from the operating accounts divided by the
  heat sold (what subscribers actually paid, indexation and adjustments included).
"""

from dataclasses import dataclass, field

import pandas as pd

from heatnet.model import rows as tab

R2_COMPONENTS = ("r2_1", "r2_2", "r2_3", "r2_4", "r2_5")


@dataclass
class R1Tariff:
    effective_date: object
    energy_eur_per_mwh: float  # R1c, mix-weighted
    co2_eur_per_mwh: float
    tax_eur_per_mwh: float
    energy_by_fuel_eur_per_mwh: dict = field(default_factory=dict)
    mix_weights: dict = field(default_factory=dict)
    published_average_eur_per_mwh: float | None = None

    @property
    def total_eur_per_mwh(self):
        return self.energy_eur_per_mwh + self.co2_eur_per_mwh + self.tax_eur_per_mwh

    @property
    def gap_to_published_eur_per_mwh(self):
        if self.published_average_eur_per_mwh is None:
            return None
        return self.total_eur_per_mwh - self.published_average_eur_per_mwh

    def as_dict(self):
        return {"effective_date": str(self.effective_date), "r1c_eur_per_mwh": self.energy_eur_per_mwh,
                "r1co2_eur_per_mwh": self.co2_eur_per_mwh, "r1t_eur_per_mwh": self.tax_eur_per_mwh,
                "r1_eur_per_mwh": self.total_eur_per_mwh, "energy_by_fuel_eur_per_mwh": self.energy_by_fuel_eur_per_mwh,
                "mix_weights_frac": self.mix_weights,
                "published_average_eur_per_mwh": self.published_average_eur_per_mwh}


@dataclass
class R2Tariff:
    effective_date: object
    components_eur_per_kw: dict
    published_total_eur_per_kw: float | None = None

    @property
    def total_eur_per_kw(self):
        return float(sum(self.components_eur_per_kw.values()))

    @property
    def gap_to_published_eur_per_kw(self):
        if self.published_total_eur_per_kw is None:
            return None
        return self.total_eur_per_kw - self.published_total_eur_per_kw

    def as_dict(self):
        return {"effective_date": str(self.effective_date), **{f"{k}_eur_per_kw": v for k, v in
                                                               self.components_eur_per_kw.items()},
                "r2_eur_per_kw": self.total_eur_per_kw, "published_total_eur_per_kw": self.published_total_eur_per_kw}


def _latest_date(frame, date):
    return _latest(frame["effective_date"].tolist(), date)


def _latest(dates, date):
    """The latest of ``dates`` on or before ``date`` (the latest of all if None)."""
    in_force = sorted(d for d in set(dates) if date is None or d <= date)
    if not in_force:
        known = sorted(str(d) for d in set(dates))
        raise ValueError(f"no tariff in force on {date}; dates in the table: {known}")
    return in_force[-1]


def mix_weights_at(mix_weights, date):
    """The contract's mix weights in force on ``date`` (dict fuel -> frac); empty if none."""
    if mix_weights is None or mix_weights.empty:
        return {}
    rows = tab.rows(mix_weights, ("effective_date", "fuel", "weight_frac"))
    when = _latest([r[0] for r in rows], date)
    return {fuel: float(weight) for day, fuel, weight in rows if day == when}


def compose_r1(energy_by_fuel_eur_per_mwh, mix_weights_frac, co2_eur_per_mwh=0.0, tax_eur_per_mwh=0.0):
    """R1c = sum of fuel prices x mix weights; returns (R1c, R1 total)."""
    missing = set(energy_by_fuel_eur_per_mwh) - set(mix_weights_frac)
    if missing:
        raise ValueError(f"no mix weight for fuel(s) {sorted(missing)}")
    r1c = sum(price * mix_weights_frac[fuel] for fuel, price in energy_by_fuel_eur_per_mwh.items())
    return r1c, r1c + co2_eur_per_mwh + tax_eur_per_mwh


def r1_at(tariffs_r1, mix_weights, date=None):
    """The R1 in force on ``date`` (the latest effective date if None)."""
    table = tab.rows(tariffs_r1, ("effective_date", "component", "fuel", "eur_per_mwh"))
    when = _latest([r[0] for r in table], date)
    by = {c: [(fuel, value) for day, component, fuel, value in table if day == when and component == c]
          for c in ("energy", "co2", "tax", "average_published")}
    fuel_rows = [(fuel, value) for fuel, value in by["energy"] if not pd.isna(fuel) and str(fuel) != ""]
    mixed_rows = [(fuel, value) for fuel, value in by["energy"] if pd.isna(fuel) or str(fuel) == ""]
    co2 = tab.column_sum([value for _, value in by["co2"]])
    tax = tab.column_sum([value for _, value in by["tax"]])
    published = float(by["average_published"][0][1]) if by["average_published"] else None
    energy_by_fuel = {fuel: float(value) for fuel, value in fuel_rows}
    if mixed_rows:
        r1c, weights = float(mixed_rows[0][1]), {}
    elif energy_by_fuel:
        weights = mix_weights_at(mix_weights, when)
        r1c, _ = compose_r1(energy_by_fuel, weights)
    else:
        raise ValueError(f"the R1 table has no energy component on {when}")
    return R1Tariff(when, r1c, co2, tax, energy_by_fuel, weights, published)


def r2_at(tariffs_r2, date=None):
    table = tab.rows(tariffs_r2, ("effective_date", "component", "eur_per_kw"))
    when = _latest([r[0] for r in table], date)
    rows = [(component, value) for day, component, value in table if day == when]
    published = [value for component, value in rows if component == "total_published"]
    return R2Tariff(when, {component: float(value) for component, value in rows if component != "total_published"},
                    float(published[0]) if published else None)


# ---------------------------------------------------------------- bills and prices

def compute_bills(substations, r1_eur_per_mwh, r2_eur_per_kw):
    """Each subscriber's bill: R1 part, R2 part, total and EUR/MWh. Adds columns to a copy."""
    bills = substations.copy()
    bills["r1_eur"] = bills["heat_mwh"] * r1_eur_per_mwh
    bills["r2_eur"] = bills["subscribed_kw"] * r2_eur_per_kw
    bills["bill_eur"] = bills["r1_eur"] + bills["r2_eur"]
    bills["price_eur_per_mwh"] = bills["bill_eur"] / bills["heat_mwh"].where(bills["heat_mwh"] > 0)
    return bills


def vat_rates(renewable_frac, vat):
    """VAT on R1 and on R2 (fractions) for a network with ``renewable_frac`` of EnR&R heat.

    ``vat`` is the ``vat`` block of data/france/parameters.yaml. R2 always carries the reduced
    rate; R1 only when renewable and recovered heat is at least the threshold (50 %). With an
    unknown mix (None) the standard rate applies to R1: the reduced rate must be earned.
    """
    reduced = renewable_frac is not None and renewable_frac >= vat["r1_reduced_min_renewable_frac"]
    return (vat["r1_reduced_frac"] if reduced else vat["r1_standard_frac"]), vat["r2_frac"]


def average_price(r1_revenue_eur, r2_revenue_eur, heat_mwh, renewable_frac, vat):
    """Average price HT and TTC, EUR per MWh sold, and the VAT rates used."""
    r1_vat, r2_vat = vat_rates(renewable_frac, vat)
    ht = (r1_revenue_eur + r2_revenue_eur) / heat_mwh
    ttc = (r1_revenue_eur * (1 + r1_vat) + r2_revenue_eur * (1 + r2_vat)) / heat_mwh
    return {"average_price_eur_per_mwh": ht, "average_price_ttc_eur_per_mwh": ttc, "r1_vat_frac": r1_vat,
            "r2_vat_frac": r2_vat}


def shares(bills, by, r1_revenue_eur=None, r2_revenue_eur=None):
    """Share of heat, subscribed power and turnover by ``by`` (a column: client, category, id).

    Turnover is apportioned: R1 revenue by MWh and R2 revenue by kW. Given revenues (the
    accounts basis) are spread that way; otherwise the bills' own R1 and R2 parts are used.
    """
    own = ["heat_mwh", "subscribed_kw"] + (["r1_eur", "r2_eur"] if r1_revenue_eur is None else [])
    sums = bills.groupby(by)[own].sum()  # one grouping for every column (10^5 substations grouped by id)
    heat, kw = sums["heat_mwh"], sums["subscribed_kw"]
    heat_frac = heat / heat.sum()
    kw_frac = kw / kw.sum()
    if r1_revenue_eur is None:
        r1, r2 = sums["r1_eur"], sums["r2_eur"]
    else:
        r1 = heat_frac * r1_revenue_eur
        r2 = kw_frac * r2_revenue_eur
    turnover = r1 + r2
    return pd.DataFrame({"heat_mwh": heat, "subscribed_kw": kw, "heat_frac": heat_frac, "subscribed_frac": kw_frac,
                         "turnover_eur": turnover, "turnover_frac": turnover / turnover.sum()})
