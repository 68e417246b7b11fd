"""Investment and density of extensions, from the French reference tables in data/france.

An extension is judged the way French practice judges it:

* the contract's rule, kW subscribed per metre of pipe, individual branches (service pipes)
  excluded (Lens: at least 3 kW/m guaranteed for 10 years);
* the ADEME Fonds Chaleur criterion, MWh delivered per metre of trench per year (at least 1.5);
* its investment: pipes by DN (installed cost per metre) and substations (cost by power band).
"""

import functools
import os
from pathlib import Path

import numpy as np
import pandas as pd

from heatnet.io.files import read_yaml
from heatnet.io.folder import read_csv_cells

DEFAULT_REFERENCES = Path(__file__).resolve().parents[2] / "data" / "france"


def references_folder():
    """Folder of the French reference tables: $HEATNET_REFERENCES or the repository's data/france."""
    return Path(os.environ.get("HEATNET_REFERENCES", DEFAULT_REFERENCES))


@functools.lru_cache(maxsize=4)
def _load(folder):
    folder = Path(folder)
    params = read_yaml(folder / "parameters.yaml")

    def table(name, numeric):
        cells, _ = read_csv_cells(folder / name)
        for col in numeric:
            cells[col] = pd.to_numeric(cells[col].replace("", np.nan), errors="coerce")  # "inf" reads as infinity
        return cells

    pipes = table("pipe_costs.csv", ["dn_mm", "installed_cost_eur_per_m"])
    subs = table("substation_costs.csv", ["max_kw", "cost_eur"])
    costed = pipes.dropna(subset=["installed_cost_eur_per_m"]).sort_values("dn_mm")
    bands = subs.sort_values("max_kw")
    return {
        "pipe_cost_curve": (costed["dn_mm"].to_numpy(float), costed["installed_cost_eur_per_m"].to_numpy(float)),
        "substation_bands": (bands["max_kw"].to_numpy(float), bands["cost_eur"].to_numpy(float)),
        "vat": params["vat"],
        "density": params["density"],
        "economics": params["economics"],
        "hydraulics": params.get("hydraulics", {}),
        "price_benchmarks_eur_per_mwh": params.get("price_benchmarks_eur_per_mwh", {}),
        "co2": table("co2_factors.csv", ["kg_co2_per_kwh"]),
        "pipe_costs": pipes,
        "substation_costs": subs,
        "folder": str(folder),
    }


def load_references(folder=None):
    return _load(str(folder or references_folder()))


def pipe_cost_eur_per_m(dn_mm, refs):
    """Installed cost per metre for ``dn_mm`` (scalar or array): linear between catalogue DNs,
    the end values beyond."""
    dn, cost = refs["pipe_cost_curve"]
    return np.interp(dn_mm, dn, cost)


def substation_cost_eur(subscribed_kw, refs):
    """Cost of substations (scalar or array of kW) from their power band: the first band whose
    max_kw covers it; the last band above."""
    max_kw, cost = refs["substation_bands"]
    index = np.minimum(np.searchsorted(max_kw, subscribed_kw, side="left"), len(cost) - 1)
    return cost[index]


def capital_recovery_factor(rate_frac, years):
    """Annuity per euro invested over ``years`` at ``rate_frac``."""
    if rate_frac == 0:
        return 1.0 / years
    return rate_frac / (1 - (1 + rate_frac) ** -years)


def extension_annuity_eur(report, refs, subsidy_frac=0.0):
    """Yearly cost of an extension's investment net of subsidy and connection fees."""
    econ = refs["economics"]
    net_capex = max(0.0, report["capex_eur"] * (1 - subsidy_frac) - report["connection_fees_eur"])
    return net_capex * capital_recovery_factor(econ["discount_rate_frac"], econ["pipe_lifetime_years"])


def extension_report(ext, state, network_params, refs):
    """Length, densities against the rules and investment of one extension."""
    pipes = state.pipes[state.pipes["id"].isin(ext["pipe_ids"])]
    subs = state.substations[state.substations["id"].isin(ext["substation_ids"])]
    length_m = float(pipes["length_m"].sum())
    trunk_m = float(pipes.loc[pipes["id"].isin(ext["trunk_pipe_ids"]), "length_m"].sum())
    contract_length_m = trunk_m if trunk_m > 0 else length_m
    kw = float(subs["subscribed_kw"].sum())
    mwh = float(subs["heat_mwh"].sum())
    min_kw_per_m = network_params.get("contract", {}).get("extension_min_kw_per_m")
    min_mwh_per_m = refs["density"]["fonds_chaleur_min_mwh_per_m"]
    by_dn = {}
    for dn, length in pipes.groupby("dn_mm")["length_m"].sum().items():
        per_m = float(pipe_cost_eur_per_m(dn, refs))
        by_dn[float(dn)] = {"length_m": float(length), "cost_eur_per_m": per_m, "capex_eur": float(length) * per_m}
    capex_pipes = sum(v["capex_eur"] for v in by_dn.values())
    capex_subs = substation_cost_eur(subs["subscribed_kw"].to_numpy(float), refs)
    if "substation_capex_eur" in subs:  # a substation's own investment where the scenario gives one
        own = pd.to_numeric(subs["substation_capex_eur"], errors="coerce").to_numpy(float)
        capex_subs = np.where(np.isnan(own), capex_subs, own)
    capex_subs = float(np.sum(capex_subs))
    kw_per_m = kw / contract_length_m if contract_length_m > 0 else None
    mwh_per_m = mwh / length_m if length_m > 0 else None
    report = {
        "name": ext["name"], "kind": ext["kind"], "measure": ext["measure"],
        "substations": int(len(subs)), "subscribed_kw": kw, "heat_mwh": mwh,
        "length_m": length_m, "length_excluding_services_m": contract_length_m,
        "kw_per_m": kw_per_m, "contract_min_kw_per_m": min_kw_per_m,
        "meets_contract_rule": (kw_per_m >= min_kw_per_m) if (kw_per_m is not None and min_kw_per_m) else None,
        "mwh_per_m": mwh_per_m, "fonds_chaleur_min_mwh_per_m": min_mwh_per_m,
        "meets_fonds_chaleur": (mwh_per_m >= min_mwh_per_m) if mwh_per_m is not None else None,
        "capex_pipes_eur": capex_pipes, "capex_pipes_by_dn": by_dn, "capex_substations_eur": capex_subs,
        "capex_eur": ext.get("capex_eur") or capex_pipes + capex_subs,
        "connection_fees_eur": ext.get("connection_fees_eur", 0.0),
        "commissioning_year": ext.get("commissioning_year"),
        "dwellings": float(subs["dwellings"].fillna(0).sum()) if "dwellings" in subs else 0.0,
    }
    report["capex_eur_per_kw"] = report["capex_eur"] / kw if kw else None
    report["kw_per_m_total_length"] = kw / length_m if length_m > 0 else None
    report["annuity_eur"] = extension_annuity_eur(report, refs)
    report["annuity_eur_per_mwh"] = report["annuity_eur"] / mwh if mwh else None
    return report
