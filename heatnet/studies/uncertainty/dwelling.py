"""Cost per dwelling against individual gas, for every sample: the comparator of
:mod:`heatnet.studies.dwelling_cost` (the ``cost_per_dwelling`` block of ``heatnet run --json``)
evaluated over arrays of samples.

The figure ``cost_per_dwelling_vs_gas_eur`` is the reference dwelling's (the AMORCE flat) year on
the network minus its year with an individual gas condensing boiler, both TTC, with the latest
price set of ``data/france/energy_prices.csv``, on 1 January of the scenario's year. Positive: the
network is dearer (the event ``network_dearer_than_gas``).

The network side takes each sample's R1, R2 and renewable share (which sets R1's VAT). A gas price
input (``energy_price`` with ``fuel: gas``, EUR HT per MWh of heat from the network's gas plants)
moves both sides: the network's R1 where R1 comes from the mix, and the individual boiler's
variable gas price. Named assumption: a move of the gas market passes through in EUR per MWh of
gas, the same on both sides (taxes and distribution terms are per MWh and do not move with the
market), so the individual price moves by (sample - reference heat price) x the network's gas
plants' mean efficiency (heat price to fuel price). The reference heat price is the scenario's own
``operation.energy_prices.gas_eur_per_mwh`` or, where the scenario gives none, the input's median:
at the reference the comparator is exactly the deterministic run's.
"""

import datetime as dt

import numpy as np

from heatnet.studies import dwelling_cost as dc

FIGURE = "cost_per_dwelling_vs_gas_eur"
ALTERNATIVE = "gas_individual"


def gas_reference(prep):
    """(reference gas heat price EUR/MWh or None, heat-to-fuel factor) of a prepared scenario."""
    given = prep.settings.energy_prices
    price = None if given is None else given.gas_eur_per_mwh
    if price is None:
        for spec in prep.specs:
            if spec.kind == "energy_price" and spec.fuel == "gas":
                price = float(spec.distribution.ppf(np.array([0.5]))[0])  # the deterministic sample's value
    gas = prep.fuels == "gas"
    efficiency = float(prep.efficiency[gas].mean()) if gas.any() else 1.0
    return price, efficiency


def gas_shift(prep, gas_heat_price):
    """Shift of the individual gas price (EUR HT/MWh of gas) for sample gas heat prices (None: no input)."""
    if gas_heat_price is None:
        return 0.0
    reference, efficiency = gas_reference(prep)
    if reference is None:
        return 0.0
    return (np.asarray(gas_heat_price, float) - reference) * efficiency


def vs_gas_eur(year, r1_eur_per_mwh, r2_eur_per_kw, renewable_frac, co2_g_per_kwh, shift_eur_per_mwh=0.0):
    """Network minus individual gas, EUR TTC a year, for the reference flat (arrays of samples or numbers)."""
    data = dict(dc.load_data())
    price_set = dc.price_sets(data)[-1]
    data["_price_set"] = price_set  # as dwelling_cost.compare_modes does
    date = dt.date(int(year), 1, 1)
    dwelling = dc.reference_dwelling(data)
    terms = dc.NetworkTerms(r1_eur_per_mwh, r2_eur_per_kw, renewable_frac, co2_g_per_kwh)
    network = dc.network_cost(dwelling, terms, data, date)
    gas = dc.alternative_cost(ALTERNATIVE, dwelling, price_set, data, date, variable_shift_eur_per_mwh=shift_eur_per_mwh)
    return network["total_ttc_eur"] - gas["total_ttc_eur"]


def from_figures(prep, figures, gas_heat_price=None):
    """The figure of one full-engine result (its figures dict) and the sample's gas heat price."""
    co2 = figures.get("co2_g_per_kwh")
    return float(vs_gas_eur(figures["year"], float(figures["r1_eur_per_mwh"]), float(figures["r2_eur_per_kw"]),
                            float(figures.get("renewable_frac") or 0.0), float(co2) if co2 is not None else 0.0,
                            gas_shift(prep, gas_heat_price)))


def from_batch(prep, batch, r1, r2, renewable, co2_t, sales_mwh):
    """The figure for a chunk of samples of the fast engine."""
    size = batch.size
    co2 = np.where(sales_mwh > 0, co2_t * 1e6 / (np.where(sales_mwh > 0, sales_mwh, 1) * 1000.0), 0.0)
    out = vs_gas_eur(prep.scenario.year, np.broadcast_to(np.asarray(r1, float), (size,)),
                     np.broadcast_to(np.asarray(r2, float), (size,)), np.asarray(renewable, float), co2,
                     gas_shift(prep, batch.prices.get("gas")))
    return np.broadcast_to(np.asarray(out, float), (size,)).copy()
