"""Annual heat turned into hourly loads: a heating part driven by degree-hours and a base part.

Each substation's annual heat splits into a base part, flat over the year (hot water,
process; a hospital runs all year), and a heating part proportional to the hour's degree-hours
below the heating threshold. The base share is stated per client category in
data/france/demand_profiles.csv. Network losses are a constant power over the year whose
annual total makes ``network_efficiency_frac`` = sales / production, unless hourly losses
are given (the physics module's).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from heatnet.io.folder import read_csv_cells

DEFAULT_PROFILES = Path(__file__).resolve().parents[2] / "data" / "france" / "demand_profiles.csv"


def read_profiles(path=DEFAULT_PROFILES):
    """Base-load share by client category (Series indexed by category)."""
    cells, _ = read_csv_cells(path)
    return pd.Series(pd.to_numeric(cells["base_load_frac"]).to_numpy(float), index=cells["category"],
                     name="base_load_frac")


def base_fracs(substations, profiles):
    """Base share of each substation: its own ``base_load_frac`` column if any, else its category's."""
    lookup = dict(zip(profiles.index, profiles.to_numpy(float)))  # a dict: pandas' map costs a millisecond a call
    codes, categories = pd.factorize(substations["category"], use_na_sentinel=False)  # each category looked up once
    fracs = np.array([lookup.get(c, np.nan) for c in categories.tolist()], float)[codes]
    if "base_load_frac" in substations:
        own = pd.to_numeric(substations["base_load_frac"], errors="coerce").to_numpy(float)
        fracs = np.where(np.isnan(own), fracs, own)
    if np.isnan(fracs).any():
        missing = sorted(set(substations["category"].astype(str).to_numpy()[np.isnan(fracs)]))
        raise ValueError(f"no base-load share for category {missing}; add them to demand_profiles.csv")
    return fracs


def heating_shape(temp_c, threshold_c=18.0):
    """Degree-hours of each hour normalised to sum 1 (the heating part's distribution)."""
    dh = np.maximum(threshold_c - np.asarray(temp_c, float), 0.0)
    return dh / dh.sum()


def _parts_kw(substations, year_temp_c, profiles, threshold_c):
    """Each substation's heating load per degree below the threshold and its flat base load, kW."""
    heat_mwh = substations["heat_mwh"].to_numpy(float)
    base = base_fracs(substations, profiles)
    degree_hours = np.maximum(threshold_c - np.asarray(year_temp_c, float), 0.0).sum()
    return heat_mwh * (1 - base) * 1000.0 / degree_hours, heat_mwh * base * 1000.0 / len(year_temp_c)


def substation_loads_kw(substations, outdoor_c, year_temp_c, profiles, threshold_c=18.0):
    """Each substation's load (kW) at each outdoor temperature of ``outdoor_c`` (levels x substations),
    its annual heat distributed over the year ``year_temp_c``."""
    per_degree, base_kw = _parts_kw(substations, year_temp_c, profiles, threshold_c)
    dh = np.maximum(threshold_c - np.asarray(outdoor_c, float), 0.0)
    loads = np.outer(dh, per_degree)
    loads += base_kw  # in place: a second levels x substations array costs as much as the product
    return loads


def network_load_kw(substations, temp_c, profiles, threshold_c=18.0, peak_temp_c=None):
    """Hourly load of all substations together, kW; and each substation's peak, kW: its load at
    ``peak_temp_c`` (the coldest the buildings see in a design cold spell), else at the year's coldest.

    Returns (load_kw array, DataFrame id/peak_kw/subscribed_kw/peak_frac_of_subscribed).
    """
    per_degree, base_kw = _parts_kw(substations, temp_c, profiles, threshold_c)
    dh = np.maximum(threshold_c - np.asarray(temp_c, float), 0.0)
    load_kw = per_degree.sum() * dh + base_kw.sum()
    peak_kw = per_degree * (dh.max() if peak_temp_c is None else max(threshold_c - peak_temp_c, 0.0)) + base_kw
    subscribed_kw = substations["subscribed_kw"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero subscription: inf or nan, as pandas divides
        frac = peak_kw / subscribed_kw
    peaks = pd.DataFrame({"id": substations["id"].to_numpy(), "peak_kw": peak_kw, "subscribed_kw": subscribed_kw,
                          "peak_frac_of_subscribed": frac})  # one construction: a column added after costs as much
    return load_kw, peaks


def losses_kw(load_kw, network_efficiency_frac):
    """Constant losses whose annual total makes sales / production = ``network_efficiency_frac``."""
    sales_kwh = float(np.sum(load_kw))
    annual_loss_kwh = sales_kwh * (1 / network_efficiency_frac - 1)
    return np.full(len(load_kw), annual_loss_kwh / len(load_kw))


def climate_scaled(substations, profiles, rigueur):
    """The substations with their sales moved to another climate: the heating part of each one's
    ``heat_mwh`` times ``rigueur`` (the year's DJU over the DJU its sales were measured in), the base
    part (hot water, process, a hospital's all-year needs) unchanged. Subscribed power is unchanged."""
    out = substations.copy(deep=False)  # the new column replaces the copy's, never writes into the shared arrays
    out["heat_mwh"] = climate_scaled_heat_mwh(substations, profiles, rigueur)
    return out


def climate_scaled_heat_mwh(substations, profiles, rigueur):
    """The ``heat_mwh`` column of :func:`climate_scaled`, as an array (no copy of the table)."""
    return climate_scaled_heat(substations["heat_mwh"].to_numpy(float), base_fracs(substations, profiles), rigueur)


def climate_scaled_heat(heat_mwh, base_frac, rigueur):
    """The arithmetic of :func:`climate_scaled` on arrays: ``heat_mwh`` (..., substations) with its
    heating part (1 - ``base_frac``) times ``rigueur`` (a number, or one per leading row)."""
    heat = np.asarray(heat_mwh, float)
    rigueur = np.asarray(rigueur, float)
    if rigueur.ndim:
        rigueur = rigueur.reshape(rigueur.shape + (1,) * (heat.ndim - rigueur.ndim))
    return heat + heat * (1.0 - np.asarray(base_frac, float)) * (rigueur - 1.0)  # exactly ``heat`` at rigueur 1
