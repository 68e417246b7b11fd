"""The fast engine's pricing: a dispatched year (heat by plant, per sample) turned into the headline
figures with the same formulas as heatnet.scenarios.evaluate (units, bills, average price HT/TTC,
operator's accounts), over arrays of samples."""

import numpy as np

from heatnet.studies.uncertainty import dwelling


def _units(prep, batch, heat_mwh):
    """R1 and R2 units and the operator's costs per sample (stage price_units of evaluate)."""
    units, size = prep.units, batch.size
    r1 = batch.r1_given
    if prep.is_root and units.accounts_row is not None:  # a root on the accounts basis
        row = units.accounts_row
        r1 = r1 if r1 is not None else row["r1_revenue_eur"] / heat_mwh
        r2 = np.full(size, row["r2_revenue_eur"] / prep.subscribed_kw)
        r1_costs = row["r1_costs_eur"] / heat_mwh
        r2_costs, nonrecurring = float(row["r2_costs_eur"]), float(row["nonrecurring_balance_eur"])
    elif prep.is_root:
        r1 = r1 if r1 is not None else np.full(size, units.r1_contract.total_eur_per_mwh)
        r2, r1_costs, r2_costs, nonrecurring = np.full(size, units.r2_eur_per_kw), None, None, 0.0
    else:
        r1 = r1 if r1 is not None else np.full(size, prep.base_tariff["r1_eur_per_mwh"])
        r2 = np.full(size, units.r2_eur_per_kw)  # depends on the kW only, which no input changes
        r1_costs = None if units.r1_costs_eur_per_mwh is None else np.full(size, units.r1_costs_eur_per_mwh)
        r2_costs, nonrecurring = units.r2_costs_eur, 0.0
    return np.asarray(r1, float), r2, r1_costs, r2_costs, nonrecurring


def _energy_r1(prep, batch, heat_plant, total):
    """R1c of the mix where energy prices are given (the scenario's, then the inputs'); None otherwise."""
    given = prep.settings.energy_prices
    prices = {} if given is None else {f: given.model_dump().get(f"{f}_eur_per_mwh") for f in
                                        ("wood", "gas", "fuel_oil")}
    prices = {f: (None if p is None else np.full(batch.size, float(p))) for f, p in prices.items()}
    prices.update(batch.prices)
    if given is None and not batch.prices:
        return None
    r1c = np.zeros(batch.size)
    for fuel in sorted(set(prep.fuels)):
        heat = heat_plant[:, prep.fuels == fuel].sum(axis=1)
        if np.any(heat > 0) and prices.get(fuel) is None:
            raise ValueError(f"operation.energy_prices has no price for {[fuel]}")
        if prices.get(fuel) is not None:
            r1c += np.where(heat > 0, prices[fuel] * heat, 0.0)
    return r1c / total


def price_batch(prep, batch, heat_plant, sales):
    """The figures of every sample of ``batch`` from its heat by plant (samples x plants, MWh)."""
    heat_mwh = batch.heat.sum(axis=1)
    total = heat_plant.sum(axis=1)
    renewable = np.where(total > 0, heat_plant[:, prep.renewable].sum(axis=1) / np.where(total > 0, total, 1), 0.0)
    fuel_in = heat_plant / prep.efficiency[None, :]
    fuel_mwh = {f: fuel_in[:, prep.fuels == f].sum(axis=1) for f in sorted(set(prep.fuels))}
    co2_t = sum(mwh * prep.co2_factors.get(f, 0.0) for f, mwh in fuel_mwh.items())
    r1, r2, r1_costs, r2_costs, nonrecurring = _units(prep, batch, heat_mwh)
    r1_energy = _energy_r1(prep, batch, heat_plant, total) if batch.r1_given is None else None
    if r1_energy is not None:
        contract = prep.units.r1_contract
        r1 = r1_energy + contract.co2_eur_per_mwh + contract.tax_eur_per_mwh
    r1_revenue = (batch.heat * r1[:, None]).sum(axis=1)
    r2_revenue = (prep.kw[None, :] * r2[:, None]).sum(axis=1)
    vat = prep.refs["vat"]
    r1_vat = np.where(renewable >= vat["r1_reduced_min_renewable_frac"], vat["r1_reduced_frac"],
                      vat["r1_standard_frac"])
    price = (r1_revenue + r2_revenue) / heat_mwh
    price_ttc = (r1_revenue * (1 + r1_vat) + r2_revenue * (1 + vat["r2_frac"])) / heat_mwh
    delta = price / prep.reference_price - 1 if prep.reference_price is not None else np.zeros(batch.size)
    out = {"average_price_eur_per_mwh": price, "average_price_ttc_eur_per_mwh": price_ttc, "delta_price_frac": delta,
           "renewable_frac": renewable, "co2_t": co2_t, "gas_mwh": fuel_mwh.get("gas", np.zeros(batch.size)),
           "r1_eur_per_mwh": r1, "heat_sold_mwh": heat_mwh, "sales_dispatched_mwh": sales,
           "operator_result_eur": np.full(batch.size, np.nan)}
    out[dwelling.FIGURE] = dwelling.from_batch(prep, batch, r1, r2, renewable, co2_t, sales)
    if r1_costs is not None:
        # the operator's view holds the price anchor's R2 unit (evaluate.operator_view), as the full run recorded
        r2_hold = r2 if prep.is_root else np.full(batch.size, prep.result_operator["r2_eur_per_kw"])
        out["r1_margin_eur"] = heat_mwh * r1 - heat_mwh * r1_costs
        out["r2_margin_eur"] = prep.subscribed_kw * r2_hold - r2_costs
        out["operator_result_eur"] = out["r1_margin_eur"] + out["r2_margin_eur"] + nonrecurring
    return out
