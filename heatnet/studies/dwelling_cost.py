"""What heat costs a dwelling each year, on the network and with its alternatives ("coût global").

The method of the AMORCE yearly survey and of the France Chaleur Urbaine comparator: an annual full
cost per dwelling split into

* P1: energy and subscription (network: R1 x MWh delivered + R2 x kW subscribed, and an R3 x kW for
  an individual house where the network has one);
* P1': auxiliary electricity (pumps, controls), a share of the useful heat or an amount a dwelling;
* P2: maintenance; P3: major repairs; P4: the investment's annuity (0 % by default, as the France Chaleur
  Urbaine comparator does; the AMORCE survey of 2017 discounted at 4 % and counted the building's own
  distribution, which a folder may add with its own life).

Each term is HT; VAT follows each mode's rules (network: 5.5 % on R2 and on R1 when at least half
the heat is renewable or recovered; gas and electricity: 20 % on energy, and on subscriptions 5.5 %
until 31 July 2025 then 20 %). CO2 is the final energy times the DPE order's factors.

Defaults come from ``data/france`` (heating_modes.csv, heating_investment.csv, energy_prices.csv,
co2_factors.csv and the ``dwelling_cost`` block of parameters.yaml); see its SOURCES.md. Another folder of
the same files holds another method's assumptions: ``data/france/amorce_2017`` is the AMORCE survey's of 2017
(its flat of a 2005-2012 building), whose published costs the tests reproduce.
"""

import datetime as dt
import functools
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from heatnet.io.errors import DataError
from heatnet.io.files import read_yaml
from heatnet.io.folder import read_csv_cells
from heatnet.model.economics import capital_recovery_factor, references_folder

MODES = ("network", "gas_individual", "gas_collective", "heat_pump_individual", "wood_collective",
         "electric_individual", "fuel_oil_collective")
TERMS = ("p1_eur", "p1_aux_eur", "p2_eur", "p3_eur", "p4_eur")
# heating_modes.csv columns a folder may leave out (0): P1' as an amount, and the distribution in the
# building (pipes, emitters) with its own life, which the AMORCE survey counts in P4 and the FCU comparator not
OPTIONAL_MODE_COLUMNS = ("p1_aux_eur_per_dwelling", "distribution_investment_eur_per_dwelling",
                         "distribution_lifetime_years")
# CO2 factor names (co2_factors.csv) of each fuel's final energy
_CO2_FUEL = {"gas": "gas", "fuel_oil": "fuel_oil", "wood_pellets": "wood_pellets", "wood": "wood"}


@dataclass(frozen=True)
class Dwelling:
    """A dwelling's useful needs and the building it sits in (1 dwelling for a house)."""

    heating_mwh: float
    dhw_mwh: float
    heating_kw: float
    building_dwellings: int = 1
    house: bool = False

    @property
    def building_kw(self):
        return self.heating_kw * self.building_dwellings


@dataclass(frozen=True)
class NetworkTerms:
    """What a network bills: R1 (EUR HT/MWh), R2 (EUR HT/kW), R3 for houses, its EnR&R share and CO2."""

    r1_eur_per_mwh: float
    r2_eur_per_kw: float
    renewable_frac: float
    co2_kg_per_mwh: float
    r3_eur_per_kw: float = 0.0  # individualised supply to houses (Dunkerque's R3.1 + R3.2), 0 where none


@functools.lru_cache(maxsize=4)
def _load(folder):
    folder = Path(folder)
    params = read_yaml(folder / "parameters.yaml")
    if "dwelling_cost" not in params:
        raise DataError(folder / "parameters.yaml", "missing the dwelling_cost block (the comparator's defaults)")
    cells, _ = read_csv_cells(folder / "heating_modes.csv")
    modes = pd.DataFrame({c: cells[c] if c in ("mode", "fuel", "source") else pd.to_numeric(cells[c])
                          for c in cells.columns}).set_index("mode")
    for column in OPTIONAL_MODE_COLUMNS:  # what a survey's method has and the default method does not
        modes[column] = modes[column].fillna(0.0) if column in modes else 0.0
    no_life = modes.index[(modes["distribution_investment_eur_per_dwelling"] > 0)
                          & ~(modes["distribution_lifetime_years"] > 0)].tolist()
    if no_life:
        raise DataError(folder / "heating_modes.csv", f"mode(s) {no_life}: a distribution_investment_eur_per_dwelling "
                                                      "needs a distribution_lifetime_years above 0", column=
                        "distribution_lifetime_years")
    unknown = sorted(set(modes.index) - set(MODES))
    if unknown or "network" not in modes.index:
        raise DataError(folder / "heating_modes.csv", f"unknown mode(s) {unknown} or no network row; the modes are "
                                                      f"{list(MODES)} (network and any of the others)")
    invest, _ = read_csv_cells(folder / "heating_investment.csv")
    invest["size"] = pd.to_numeric(invest["size"])
    invest["cost_eur"] = pd.to_numeric(invest["cost_eur"])
    prices, _ = read_csv_cells(folder / "energy_prices.csv")
    if "dhw_variable_eur_per_mwh_ht" not in prices:
        prices["dhw_variable_eur_per_mwh_ht"] = ""
    for col in ("variable_eur_per_mwh_ht", "dhw_variable_eur_per_mwh_ht", "fixed_eur_per_year_ht", "variable_vat_frac"):
        prices[col] = pd.to_numeric(prices[col].replace("", np.nan))
    co2, _ = read_csv_cells(folder / "co2_factors.csv")
    co2 = dict(zip(co2["fuel"], pd.to_numeric(co2["kg_co2_per_kwh"])))
    index = {}  # (price set, fuel, use) and (price set, fuel, None) -> the first matching row, as _price reads it
    columns = list(prices.columns)
    for values in zip(*(prices[c].tolist() for c in columns)):
        row = dict(zip(columns, values))
        index.setdefault((row["price_set"], row["fuel"], row["use"]), row)
        index.setdefault((row["price_set"], row["fuel"], None), row)
    return {"params": params["dwelling_cost"], "vat": params["vat"], "modes": modes, "curves": _curves(invest),
            "prices": prices, "price_index": index, "co2": co2, "folder": str(folder)}


def _curves(invest):
    """``{mode: (sizes, costs)}``, each mode's rows sorted by size as ``sort_values`` sorts them (numpy's
    quicksort on the column, missing sizes last), without a grouping and two sorts of a frame per mode."""
    modes, size, cost = invest["mode"].tolist(), invest["size"].to_numpy(), invest["cost_eur"].to_numpy(float)
    curves = {}
    for mode in sorted({m for m in modes if not pd.isna(m)}):
        rows = np.flatnonzero([m == mode for m in modes])
        missing = pd.isna(size[rows])
        order = np.concatenate([rows[~missing][np.argsort(size[rows[~missing]], kind="quicksort")], rows[missing]])
        curves[mode] = (size[order].astype(float), cost[order])
    return curves


def load_data(folder=None):
    """The comparator's defaults from ``folder`` (default: the French reference folder)."""
    return _load(str(folder or references_folder()))


def reference_dwelling(data=None, house=False):
    """The AMORCE survey's reference dwelling (a flat in a 30-dwelling building, or the same as a house)."""
    ref = (data or load_data())["params"]["reference"]
    return Dwelling(ref["heating_mwh"], ref["dhw_mwh"], ref["heating_kw"],
                    1 if house else int(ref["building_dwellings"]), house)


def price_sets(data=None):
    return sorted(set((data or load_data())["prices"]["price_set"]))


def _price(data, price_set, fuel, use):
    index = data.get("price_index")
    if index is not None and (price_set, fuel, None) in index:  # the loader's table, looked up once
        return index.get((price_set, fuel, use), index[(price_set, fuel, None)])
    rows = data["prices"][(data["prices"]["price_set"] == price_set) & (data["prices"]["fuel"] == fuel)]
    if rows.empty:
        raise DataError(Path(data["folder"]) / "energy_prices.csv",
                        f"no price for {fuel!r} in price set {price_set!r}; sets: {price_sets(data)}")
    match = rows[rows["use"] == use]
    return (match if not match.empty else rows).iloc[0]


def subscription_vat_frac(data, date):
    """VAT on gas and electricity subscriptions on ``date``: 5.5 % until 31 July 2025, 20 % after."""
    rule = data["params"]["subscription_vat"]
    change = rule["change_date"]
    change = change if isinstance(change, dt.date) else dt.date.fromisoformat(str(change))
    return rule["reduced_frac"] if date < change else rule["standard_frac"]


def network_terms_from_prices(data, price_set, renewable_frac=0.665):
    """A national-average network from a price set (renewable share: the 2023 national survey's 66.5 %)."""
    r1 = _price(data, price_set, "network", "collective")["variable_eur_per_mwh_ht"]
    r2 = _price(data, price_set, "network_r2", "collective")["fixed_eur_per_year_ht"]
    return NetworkTerms(float(r1), float(r2), renewable_frac, 1000 * data["co2"]["network_national_average"])


def _final_mwh(row, dwelling):
    return (dwelling.heating_mwh / row["heating_efficiency_frac"], dwelling.dhw_mwh / row["dhw_efficiency_frac"])


def _investment_eur(data, mode, kw):
    size, cost = data["curves"][mode]
    return float(np.interp(kw, size, cost)) * (1 + data["params"]["installation_frac"])


def _maintenance(row, investment_per_dwelling_eur, useful_mwh):
    p2 = (row["p2_eur_per_dwelling"] + row["p2_frac_of_investment"] * investment_per_dwelling_eur
          + row["p2_eur_per_mwh"] * useful_mwh)
    p3 = (row["p3_eur_per_dwelling"] + row["p3_frac_of_investment"] * investment_per_dwelling_eur
          + row["p3_eur_per_mwh"] * useful_mwh)
    return p2, p3


def _annuity(data, investment_eur, life_years):
    return investment_eur * capital_recovery_factor(data["params"]["discount_rate_frac"], life_years)


def _distribution_annuity(data, row):
    """P4 of the building's own distribution (pipes, emitters) where the folder's method counts it."""
    invest = row["distribution_investment_eur_per_dwelling"]
    return _annuity(data, invest, row["distribution_lifetime_years"]) if invest else 0.0


def _p1_aux(row, dwelling, electricity_eur_per_mwh):
    """P1': the auxiliaries' electricity as a share of the needs, plus an amount per dwelling."""
    return _aux_mwh(row, dwelling) * electricity_eur_per_mwh + row["p1_aux_eur_per_dwelling"]


def _network_investment(data, dwelling, subscribed_kw):
    """(substation EUR, connection EUR) per dwelling: the house module, or the building's share."""
    params = data["params"]
    if dwelling.house:
        if "house" not in params:
            raise DataError(Path(data["folder"]) / "parameters.yaml", "no dwelling_cost.house block: this folder "
                                                                       "prices flats in a collective building only")
        return params["house"]["connection_eur"], 0.0
    n = dwelling.building_dwellings
    substation = _investment_eur(data, "network_substation", subscribed_kw * n) / (1 + params["installation_frac"])
    size, cost = data["curves"]["network_connection"]
    connection = float(np.interp(n, size, cost))
    return substation / n, connection / n


def network_cost(dwelling, terms, data=None, date=None, substation_eur=None, connection_eur=None):
    """One dwelling's year on the network: the five terms HT, VAT, total TTC and CO2.

    ``substation_eur``/``connection_eur`` per dwelling override the reference ratios (a candidate's own).
    """
    data = data or load_data()
    row = data["modes"].loc["network"]
    heat_mwh, dhw_mwh = _final_mwh(row, dwelling)
    delivered_mwh = heat_mwh + dhw_mwh
    subscribed_kw = dwelling.heating_kw
    sub_eur, conn_eur = _network_investment(data, dwelling, subscribed_kw)
    sub_eur = sub_eur if substation_eur is None else substation_eur
    conn_eur = conn_eur if connection_eur is None else connection_eur
    r1 = terms.r1_eur_per_mwh * delivered_mwh
    r2 = terms.r2_eur_per_kw * subscribed_kw + (terms.r3_eur_per_kw * subscribed_kw if dwelling.house else 0.0)
    p1_aux = _p1_aux(row, dwelling, _electricity_variable(data, date))
    p2, p3 = _maintenance(row, sub_eur, dwelling.heating_mwh + dwelling.dhw_mwh)
    life = data["params"]["house"]["connection_life_years"] if dwelling.house else row["lifetime_years"]
    p4 = (_annuity(data, sub_eur, life) + _annuity(data, conn_eur, data["params"]["connection_life_years"])
          + _distribution_annuity(data, row))
    r1_vat = _r1_vat_frac(data, terms.renewable_frac)
    vat = (r1 * r1_vat + r2 * data["vat"]["r2_frac"] + p1_aux * 0.20
           + (p2 + p3) * data["params"]["maintenance_vat_frac"] + p4 * row["investment_vat_frac"])
    co2 = delivered_mwh * terms.co2_kg_per_mwh + _aux_mwh(row, dwelling) * 1000 * data["co2"]["electricity_heating"]
    return _terms(r1 + r2, p1_aux, p2, p3, p4, vat, co2, delivered_mwh)


def _r1_vat_frac(data, renewable_frac):
    """VAT on R1: reduced at the renewable threshold or above (``renewable_frac`` a number or an array)."""
    vat = data["vat"]
    if np.ndim(renewable_frac):
        return np.where(np.asarray(renewable_frac) >= vat["r1_reduced_min_renewable_frac"], vat["r1_reduced_frac"],
                        vat["r1_standard_frac"])
    return vat["r1_reduced_frac"] if renewable_frac >= vat["r1_reduced_min_renewable_frac"] else vat["r1_standard_frac"]


def _aux_mwh(row, dwelling):
    return row["aux_heating_frac"] * dwelling.heating_mwh + row["aux_dhw_frac"] * dwelling.dhw_mwh


def _electricity_variable(data, date, price_set=None):
    price_set = price_set or data.get("_price_set") or price_sets(data)[-1]
    return float(_price(data, price_set, "electricity", "individual")["variable_eur_per_mwh_ht"])


def _terms(p1, p1_aux, p2, p3, p4, vat, co2, final_mwh):
    total = p1 + p1_aux + p2 + p3 + p4
    return {"p1_eur": p1, "p1_aux_eur": p1_aux, "p2_eur": p2, "p3_eur": p3, "p4_eur": p4, "total_eur": total,
            "vat_eur": vat, "total_ttc_eur": total + vat, "co2_kg": co2, "final_energy_mwh": final_mwh}


def alternative_cost(mode, dwelling, price_set, data=None, date=None, variable_shift_eur_per_mwh=0.0):
    """One dwelling's year with an alternative mode (gas, heat pump, wood, electric, fuel oil).

    ``variable_shift_eur_per_mwh`` (HT, per MWh of final energy; a number or an array of samples) is
    added to the price set's variable price of the mode's fuel: a market move studied elsewhere
    (heatnet.studies.uncertainty). With arrays, every term comes out as an array.
    """
    data = data or load_data()
    row = data["modes"].loc[mode]
    date = date or dt.date.today()
    collective = bool(row["collective"])
    per_building = dwelling.building_dwellings if collective else 1
    heat_mwh, dhw_mwh = _final_mwh(row, dwelling)
    final_mwh = heat_mwh + dhw_mwh
    price = _price(data, price_set, row["fuel"], "collective" if collective else "individual")
    variable = (float(price["variable_eur_per_mwh_ht"]) + variable_shift_eur_per_mwh) * final_mwh
    dhw = price["dhw_variable_eur_per_mwh_ht"]  # hot water at its own price (off-peak electricity) where given
    if not pd.isna(dhw):
        variable = variable + (float(dhw) - float(price["variable_eur_per_mwh_ht"])) * dhw_mwh
    fixed = _fixed_eur(data, row, price, dwelling, per_building)
    elec = float(_price(data, price_set, "electricity", "individual")["variable_eur_per_mwh_ht"])
    p1_aux = _p1_aux(row, dwelling, elec)
    kw = dwelling.heating_kw * per_building
    invest = _investment_eur(data, mode, kw) / per_building
    if f"{mode}_dhw" in data["curves"]:  # a hot-water appliance of its own (electric: a storage water heater)
        invest += _investment_eur(data, f"{mode}_dhw", 1.0)
    p2, p3 = _maintenance(row, invest, dwelling.heating_mwh + dwelling.dhw_mwh)
    p4 = _annuity(data, invest, row["lifetime_years"]) + _distribution_annuity(data, row)
    sub_vat = subscription_vat_frac(data, date) if row["fuel"] in ("gas", "electricity") else price["variable_vat_frac"]
    vat = (variable * price["variable_vat_frac"] + fixed * sub_vat + p1_aux * 0.20
           + (p2 + p3) * data["params"]["maintenance_vat_frac"] + p4 * row["investment_vat_frac"])
    co2 = _co2_kg(data, row, heat_mwh, dhw_mwh) + _aux_mwh(row, dwelling) * 1000 * data["co2"]["electricity_heating"]
    return _terms(variable + fixed, p1_aux, p2, p3, p4, vat, co2, final_mwh)


def _fixed_eur(data, row, price, dwelling, per_building):
    fixed = float(price["fixed_eur_per_year_ht"]) if not pd.isna(price["fixed_eur_per_year_ht"]) else 0.0
    if price["fixed_per"] == "heating_share":  # the subscription's part due to heating, given as such
        return fixed
    if row["fuel"] == "electricity":  # the extra kVA over the dwelling's base subscription
        base_kva = data["params"]["electricity_base_kva"]
        needed_kva = base_kva + dwelling.heating_kw
        return fixed * max(0.0, needed_kva - base_kva) / needed_kva
    return fixed / per_building if price["fixed_per"] == "building" else fixed


def _co2_kg(data, row, heat_mwh, dhw_mwh):
    if row["fuel"] == "electricity":
        return 1000 * (heat_mwh * data["co2"]["electricity_heating"] + dhw_mwh * data["co2"]["electricity_dhw"])
    return 1000 * (heat_mwh + dhw_mwh) * data["co2"][_CO2_FUEL[row["fuel"]]]


def compare_modes(dwelling, price_set, network=None, data=None, date=None, modes=MODES, **network_kw):
    """A table, one row per mode, of the annual full cost of ``dwelling`` (index: mode).

    ``network``: the network's terms (default: the price set's national average). Individual modes
    are left out for a flat and collective ones for a house: they are not alternatives there.
    """
    return pd.DataFrame.from_dict(_mode_costs(dwelling, price_set, network, data, date, modes, **network_kw),
                                  orient="index")


def _mode_costs(dwelling, price_set, network=None, data=None, date=None, modes=MODES, **network_kw):
    """:func:`compare_modes`' rows, ``{mode: terms}``, before they make a table."""
    data = dict(data or load_data())
    data["_price_set"] = price_set
    date = date or dt.date.today()
    network = network or network_terms_from_prices(data, price_set)
    rows = {}
    for mode in modes:
        if mode not in data["modes"].index:  # a folder of one survey's method holds the modes it compared
            continue
        if mode == "network":
            rows[mode] = network_cost(dwelling, network, data, date, **network_kw)
            continue
        collective = bool(data["modes"].loc[mode, "collective"])
        if dwelling.house and collective:
            continue
        rows[mode] = alternative_cost(mode, dwelling, price_set, data, date)
    return rows


def with_needs(dwelling, heat_mwh, subscribed_kw=None):
    """``dwelling`` scaled to a yearly heat delivered ``heat_mwh`` (needs split as the reference's)."""
    total = dwelling.heating_mwh + dwelling.dhw_mwh
    factor = heat_mwh / total if total else 0.0
    return replace(dwelling, heating_mwh=dwelling.heating_mwh * factor, dhw_mwh=dwelling.dhw_mwh * factor,
                   heating_kw=subscribed_kw if subscribed_kw is not None else dwelling.heating_kw * factor)


def scenario_network_terms(figures, r3_eur_per_kw=0.0):
    """A scenario's terms for the comparator, from its result figures (R1, R2, EnR&R share, CO2)."""
    co2 = figures.get("co2_g_per_kwh")
    return NetworkTerms(float(figures["r1_eur_per_mwh"]), float(figures["r2_eur_per_kw"]),
                        float(figures.get("renewable_frac") or 0.0), float(co2) if co2 is not None else 0.0,
                        r3_eur_per_kw)


def cost_per_dwelling(figures, price_set=None, date=None, data=None):
    """The ``cost_per_dwelling`` block of ``heatnet run --json``: each reference dwelling (flat, house),
    each mode, the five terms, total HT and TTC and CO2, the network priced at the scenario's R1/R2."""
    data = data or load_data()
    price_set = price_set or price_sets(data)[-1]
    date = date or dt.date(int(figures["year"]), 1, 1)
    terms = scenario_network_terms(figures)
    out = {"price_set": price_set, "date": date.isoformat(), "method": "AMORCE / France Chaleur Urbaine",
           "dwellings": {}}
    for kind, house in (("flat", False), ("house", True)):
        rows = _mode_costs(reference_dwelling(data, house=house), price_set, terms, data, date)
        out["dwellings"][kind] = {mode: {k: float(row[k]) for k in (*TERMS, "total_eur", "total_ttc_eur", "co2_kg")}
                                  for mode, row in rows.items()}
    return out


def substation_costs(bills, figures, price_set=None, data=None):
    """Per substation with dwellings: the network's year per dwelling (its own heat per dwelling) against
    gas (collective for a building, individual for a single dwelling), EUR TTC."""
    data = data or load_data()
    price_set = price_set or price_sets(data)[-1]
    date = dt.date(int(figures["year"]), 1, 1)
    terms = scenario_network_terms(figures)
    ref = reference_dwelling(data)
    eff = data["modes"].loc["network"]
    useful_per_delivered = (ref.heating_mwh + ref.dhw_mwh) / (
        ref.heating_mwh / eff["heating_efficiency_frac"] + ref.dhw_mwh / eff["dhw_efficiency_frac"])
    rows = []
    for row in bills.itertuples():
        n = getattr(row, "dwellings", None)
        if n is None or pd.isna(n) or n <= 0:
            continue
        n = int(n)
        dwelling = with_needs(ref, row.heat_mwh / n * useful_per_delivered, row.subscribed_kw / n)
        dwelling = replace(dwelling, building_dwellings=n, house=n == 1)
        net = network_cost(dwelling, terms, data, date)
        alt = alternative_cost("gas_individual" if n == 1 else "gas_collective", dwelling, price_set, data, date)
        rows.append({"id": row.id, "dwellings": n, "network_ttc_eur": net["total_ttc_eur"],
                     "gas_ttc_eur": alt["total_ttc_eur"], "network_co2_kg": net["co2_kg"], "gas_co2_kg": alt["co2_kg"]})
    return rows
