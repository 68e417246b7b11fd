"""Operating accounts of the concession: margins, result, gaps to the CEP, projections.

The accounts table gives, per period, R1 and R2 revenues and costs and non-recurring
items in kEUR. Margins and results are recomputed from them and checked against the
published ones; each line is compared with the CEP (the forecast accounts annexed to the
contract), which is how the delegating authority reads them.

Projections (``project_accounts``) follow the ``hold_unit`` view: the contract's unit
prices stay, R1 costs follow the heat sold at a cost per MWh, R2 costs are fixed.
"""

import datetime as dt

import numpy as np
import pandas as pd

LINES = ("r1_revenue_eur", "r1_costs_eur", "r1_margin_eur", "r2_revenue_eur", "r2_costs_eur", "r2_margin_eur",
         "nonrecurring_balance_eur", "operating_result_eur")


def operating_accounts(accounts, operations=None):
    """One row per period: the lines in EUR, recomputed margins and result, published checks.

    Adds ``heat_sold_mwh`` / ``subscribed_kw`` from ``operations`` when given, and the unit
    figures ``r1_revenue_eur_per_mwh``, ``r1_costs_eur_per_mwh``, ``r2_revenue_eur_per_kw``.
    """
    a = accounts.set_index("period")
    out = {}  # the columns as arrays, one frame built at the end (a frame's column insert costs 0.3 ms)
    for line in ("r1_revenue", "r1_costs", "r2_revenue", "r2_costs", "nonrecurring_income", "nonrecurring_costs"):
        keur = a[f"{line}_keur"].to_numpy(dtype=float)
        out[f"{line}_eur"] = np.where(np.isnan(keur), 0.0, keur) * 1000.0
    out["r1_margin_eur"] = out["r1_revenue_eur"] - out["r1_costs_eur"]
    out["r2_margin_eur"] = out["r2_revenue_eur"] - out["r2_costs_eur"]
    out["nonrecurring_balance_eur"] = out["nonrecurring_income_eur"] - out["nonrecurring_costs_eur"]
    out["operating_result_eur"] = out["r1_margin_eur"] + out["r2_margin_eur"] + out["nonrecurring_balance_eur"]
    for line, published in (("r1_margin", "r1_margin_published_keur"), ("r2_margin", "r2_margin_published_keur"),
                            ("nonrecurring_balance", "nonrecurring_balance_published_keur"),
                            ("operating_result", "operating_result_published_keur")):
        if published in a:
            out[f"{line}_published_eur"] = a[published].to_numpy(dtype=float) * 1000.0
    if operations is not None and not operations.empty:
        ops = operations.set_index("period")
        out["heat_sold_mwh"] = ops["heat_sold_mwh"].reindex(a.index).to_numpy(dtype=float)
        out["subscribed_kw"] = ops["subscribed_kw"].reindex(a.index).to_numpy(dtype=float)
        # a period with no heat sold or no power subscribed has no unit figure (NaN, not infinity)
        sold_mwh = np.where(out["heat_sold_mwh"] > 0, out["heat_sold_mwh"], np.nan)
        out["r1_revenue_eur_per_mwh"] = out["r1_revenue_eur"] / sold_mwh
        out["r1_costs_eur_per_mwh"] = out["r1_costs_eur"] / sold_mwh
        out["r2_revenue_eur_per_kw"] = out["r2_revenue_eur"] / np.where(out["subscribed_kw"] > 0, out["subscribed_kw"],
                                                                        np.nan)
        out["average_price_eur_per_mwh"] = (out["r1_revenue_eur"] + out["r2_revenue_eur"]) / sold_mwh
    return pd.DataFrame(out, index=a.index)


def published_gaps(table, tolerance_eur=1000.0):
    """Lines whose recomputed value differs from the published one by more than ``tolerance_eur``.

    The study prints kEUR rounded to units, so differences under 1 kEUR are rounding.
    """
    gaps = []
    for period, row in table.iterrows():
        for line in ("r1_margin", "r2_margin", "nonrecurring_balance", "operating_result"):
            published = row.get(f"{line}_published_eur")
            if published is None or pd.isna(published):
                continue
            if abs(row[f"{line}_eur"] - published) > tolerance_eur:
                gaps.append({"period": period, "line": line, "computed_eur": row[f"{line}_eur"],
                             "published_eur": published})
    return gaps


def gap_to_cep(table, cep_period):
    """Each period's lines against the CEP: absolute (EUR) and relative gaps, one row per period and line. The
    relative gap is taken on the CEP's magnitude, so it has the absolute gap's sign: a non-recurring balance of
    -17,700 against the CEP's -3,000 is -490 %, not +490 %."""
    if cep_period not in table.index:
        raise ValueError(f"no CEP period {cep_period!r} in the accounts; periods: {list(table.index)}")
    cep = table.loc[cep_period]
    rows = []
    for period, row in table.iterrows():
        if period == cep_period:
            continue
        for line in LINES + ("heat_sold_mwh", "subscribed_kw"):
            if line not in table:
                continue
            actual, forecast = float(row[line]), float(cep[line])
            rows.append({"period": period, "line": line, "actual": actual, "cep": forecast, "gap": actual - forecast,
                         "gap_frac": (actual - forecast) / abs(forecast) if forecast else None})
    return pd.DataFrame(rows)


def project_accounts(heat_sold_mwh, subscribed_kw, r1_eur_per_mwh, r2_eur_per_kw, r1_costs_eur_per_mwh,
                     r2_costs_eur, nonrecurring_balance_eur=0.0):
    """Operator's accounts for given quantities and unit prices (the ``hold_unit`` view)."""
    r1_revenue = heat_sold_mwh * r1_eur_per_mwh
    r1_costs = heat_sold_mwh * r1_costs_eur_per_mwh
    r2_revenue = subscribed_kw * r2_eur_per_kw
    result = {
        "heat_sold_mwh": heat_sold_mwh, "subscribed_kw": subscribed_kw,
        "r1_revenue_eur": r1_revenue, "r1_costs_eur": r1_costs, "r1_margin_eur": r1_revenue - r1_costs,
        "r2_revenue_eur": r2_revenue, "r2_costs_eur": r2_costs_eur, "r2_margin_eur": r2_revenue - r2_costs_eur,
        "nonrecurring_balance_eur": nonrecurring_balance_eur,
    }
    result["operating_result_eur"] = result["r1_margin_eur"] + result["r2_margin_eur"] + nonrecurring_balance_eur
    result["turnover_eur"] = r1_revenue + r2_revenue
    return result


def year_fraction_in_concession(year, start, end, first_half_heat_frac):
    """Share of a year's R1 (heat) and R2 (time) inside the concession [start, end].

    The DSP starts and ends mid-year (1 July, 30 June): R2 is prorated by days; heat by
    ``first_half_heat_frac``, the share of a year's heat sold before 1 July (heating
    seasons load the first half), prorated by days within each half.
    """
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lo, hi = max(start, year_start), min(end, year_end)
    if lo > hi:
        return 0.0, 0.0
    days_in_year = (year_end - year_start).days + 1
    r2_frac = ((hi - lo).days + 1) / days_in_year
    mid = dt.date(year, 7, 1)
    h1_days, h2_days = (mid - year_start).days, (year_end - mid).days + 1

    def overlap(a, b):
        x, y = max(lo, a), min(hi, b)
        return max(0, (y - x).days + 1)

    heat_frac = (first_half_heat_frac * overlap(year_start, mid - dt.timedelta(days=1)) / h1_days
                 + (1 - first_half_heat_frac) * overlap(mid, year_end) / h2_days)
    return heat_frac, r2_frac


# ---------------------------------------------------------------- a year of the concession

def sales_at_climate(heat_mwh, base_frac, dju_year, dju_loads):
    """Heat sold in a year of ``dju_year`` degree-days by subscribers whose ``heat_mwh`` was measured
    in a year of ``dju_loads``: the heating part (1 - ``base_frac``) scales with the DJU, the base
    part (hot water, process) does not. Scalars or arrays (one entry per substation)."""
    return heat_mwh * ((1.0 - base_frac) * dju_year / dju_loads + base_frac)


def energy_prices(energy_costs):
    """``{supplier: row}`` from the energy_costs table."""
    return {str(s): r for s, r in zip(energy_costs["supplier"], energy_costs.to_dict(orient="records"))}


def plant_fuels(plants):
    """``{plant id: (fuel, efficiency)}`` from a plants table."""
    return {str(p): (str(f), float(e)) for p, f, e in zip(plants["id"].tolist(), plants["fuel"].tolist(),
                                                          plants["efficiency_frac"].tolist())}


def r1_costs_from_dispatch(heat_by_plant_mwh, fuels, prices, coefficients):
    """The year's R1 costs from the dispatch: each plant's heat at its supplier's price.

    ``fuels``: :func:`plant_fuels`; ``prices``: :func:`energy_prices`, rows naming a plant id or a fuel
    (a plant's own row first); ``basis`` heat prices the plant's heat, fuel its fuel burned (heat /
    efficiency). Prices are revised by the row's ``term`` coefficient; taxes are not. Returns
    ({plant: EUR}, total EUR)."""
    by_plant = {}
    for pid, heat in heat_by_plant_mwh.items():
        if heat <= 0:
            continue
        fuel, efficiency = fuels[str(pid)]
        row = prices.get(str(pid)) or prices.get(fuel)
        if row is None:
            raise ValueError(f"energy_costs.csv has no price for plant {pid!r} nor its fuel {fuel!r}")
        mwh = heat if row["basis"] == "heat" else heat / efficiency
        term = row.get("term")
        k = coefficients.get(term, 1.0) if isinstance(term, str) and term else 1.0
        tax = row.get("tax_eur_per_mwh")
        tax = 0.0 if tax is None or pd.isna(tax) else float(tax)
        by_plant[pid] = mwh * (float(row["eur_per_mwh"]) * k + tax)
    return by_plant, float(sum(by_plant.values()))


def r2_costs_by_component(r2_costs, coefficients, year, pump_electricity_mwh=0.0, extension_annuities_eur=0.0):
    """The year's R2 costs by component: each base cost revised by its term, R2.1 plus the pumping
    electricity x its price, the financing component (the one with an ``end_year``, else r2_4) plus
    the annuities of the extensions built since the base; a cost past its ``end_year`` stops.
    ``r2_costs``: the table or its rows as dicts."""
    records = r2_costs.to_dict(orient="records") if isinstance(r2_costs, pd.DataFrame) else r2_costs
    out = {}
    financing = next((r["component"] for r in records
                      if r.get("end_year") is not None and not pd.isna(r.get("end_year"))), "r2_4")
    for row in records:
        term = row.get("term")
        k = coefficients.get(term, 1.0) if isinstance(term, str) and term else 1.0
        end = row.get("end_year")
        cost = 0.0 if end is not None and not pd.isna(end) and year > int(end) else float(row["cost_eur"]) * k
        price = row.get("electricity_eur_per_mwh")
        if price is not None and not pd.isna(price):
            cost += pump_electricity_mwh * float(price) * k
        out[row["component"]] = cost
    out[financing] = out.get(financing, 0.0) + extension_annuities_eur
    return out


def reported_renewable_frac(heat_input, plants, period):
    """Renewable share of the heat input the operator reported for ``period`` (None if not reported)."""
    periods = [] if heat_input.empty else heat_input["period"].tolist()
    if period not in periods:
        return None
    groups = {g for g, renewable in zip(plants["report_group"].tolist(), plants["renewable"].astype(bool).tolist())
              if renewable}
    # the period's rows in the table's order, missing heat skipped (the sums pandas makes, without its
    # per-call overhead of a millisecond)
    heat = heat_input["heat_mwh"].to_numpy(float)
    mine = np.array([p == period for p in periods])
    ours = mine & np.array([g in groups for g in heat_input["report_group"].tolist()])
    total = float(np.nansum(heat[mine]))
    return float(np.nansum(heat[ours])) / total if total else None


def year_from_accounts(row, kind):
    """A year-result (the concession engine's dict) from an operating-accounts row (actual or CEP)."""
    heat, kw = float(row["heat_sold_mwh"]), float(row["subscribed_kw"])
    out = {"kind": kind, "heat_sold_mwh": heat, "subscribed_kw": kw,
           **{k: float(row[k]) for k in LINES}}
    out["r1_eur_per_mwh"] = out["r1_revenue_eur"] / heat
    out["r2_eur_per_kw"] = out["r2_revenue_eur"] / kw
    return out
