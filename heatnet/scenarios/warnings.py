"""Figures that should alarm a planner, computed once as data; the CLI, workbook and dashboard render them.

Each warning is a dict ``{kind, severity, subject, value, limit}``:

* ``pipe_overload``: a pipe's load at the design temperature over its capacity (value, limit: fractions);
* ``pressure_over_rating``: static pressure + pump head over the pipes' nominal pressure PN (bar);
* ``peak_over_subscribed``: a substation's peak at the coldest hour (seen through the buildings' inertia in a
  cold spell) over its subscribed power (fractions);
* ``bill_per_dwelling_outlier``: a housing substation's bill per dwelling over ``OUTLIER_FACTOR`` times
  the median of its category (EUR per dwelling per year);
* ``density_contract``: an extension's kW per metre under the contract's rule (kW/m);
* ``density_fonds_chaleur``: an extension's MWh per metre under the ADEME Fonds Chaleur criterion (MWh/m).

``severity`` is ``alarm`` (the network cannot work as modelled: overload, pressure) or ``notice`` (a figure
to check: a contract, a subsidy or a datum at stake). ``subject`` names what it is about, as users know it
(pipe id, substation number and building, extension name).
"""

import math

import numpy as np
import pandas as pd

from heatnet.model import physics

OUTLIER_FACTOR = 3.0  # a bill per dwelling three times its category's median is worth a look
HOUSING_CATEGORIES = ("social_housing", "private_housing")


def _warning(kind, severity, subject, value, limit, **extra):
    return {"kind": kind, "severity": severity, "subject": subject, "value": float(value), "limit": float(limit),
            **extra}


def substation_subject(row):
    """How users name a substation: its number and building, or its id."""
    number = row.get("substation_no")
    building = row.get("building")
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    head = str(row.get("id")) if number is None or pd.isna(number) or number == "" else str(number)
    return f"{head} ({building})" if isinstance(building, str) and building else head


def hydraulic_warnings(design, cfg, extensions=()):
    """Overloaded pipes and the highest supply pressure against the pipes' PN.

    A pipe an extension added is named by its extension (``extension``), not by its generated id.
    """
    if design is None:
        return []
    out = []
    owner = {pid: ext["name"] for ext in extensions for pid in ext.get("pipe_ids", ())}
    pipe_ids, load_frac = _overloaded(design)
    for pipe_id, load_frac in zip(pipe_ids, load_frac):  # columns, not rows: 10^5 pipes may be overloaded
        extra = {"extension": owner[pipe_id]} if pipe_id in owner else {}
        out.append(_warning("pipe_overload", "alarm", extra.get("extension", pipe_id), load_frac, 1.0,
                            pipe_id=pipe_id, **extra))
    rating = cfg.get("pressure_rating_bar")
    if rating:
        static = float(cfg.get("static_pressure_bar", 0.0))
        highest = static + float(design.pump_head_bar)
        if highest > rating:
            out.append(_warning("pressure_over_rating", "alarm", "network", highest, rating,
                                pump_head_bar=float(design.pump_head_bar), static_pressure_bar=static))
    return out


def _overloaded(design):
    """(pipe ids, load fractions) of the pipes over their capacity, the most loaded first: the rows of
    ``design.pipes`` whose ``load_frac`` is over 1, in the order of its ``sort_values`` (descending, ties
    in reverse table order), from the result's arrays without the table of every pipe (0.1 s at 10^5)."""
    if design.capacity_kg_per_s is None:
        over = design.pipes[design.pipes["load_frac"] > 1.0].sort_values("load_frac", ascending=False)
        return over["pipe_id"].tolist(), over["load_frac"].tolist()
    load_frac = np.abs(design.mass_flow_kg_per_s) / design.capacity_kg_per_s  # the table's load_frac
    rows = np.flatnonzero(load_frac > 1.0)[::-1]
    order = rows[load_frac[rows].argsort(kind="quicksort")][::-1]  # pandas' nargsort, descending
    return np.asarray(design.network.pipe_ids)[order].tolist(), load_frac[order].tolist()


def peak_warnings(peaks, substations):
    """Substations whose peak at the coldest hour exceeds their subscribed power."""
    if peaks is None or peaks.empty:
        return []
    rows = peaks[peaks["peak_frac_of_subscribed"] > 1.0].sort_values("peak_frac_of_subscribed", ascending=False)
    info = substations.set_index("id")
    out = []
    for row in rows.itertuples():
        sub = info.loc[row.id].to_dict() if row.id in info.index else {}
        sub["id"] = row.id
        out.append(_warning("peak_over_subscribed", "notice", substation_subject(sub), row.peak_frac_of_subscribed,
                            1.0, substation_id=row.id, peak_kw=float(row.peak_kw)))
    return out


def bill_outlier_warnings(bills):
    """Housing substations whose bill per dwelling is far above their category's median."""
    if "dwellings" not in bills:
        return []
    dwellings = pd.to_numeric(bills["dwellings"], errors="coerce")
    housing = bills[bills["category"].isin(HOUSING_CATEGORIES) & (dwellings > 0)]
    out = []
    for category, group in housing.groupby("category"):
        per_dwelling = group["bill_eur"] / pd.to_numeric(group["dwellings"])
        if len(per_dwelling) < 3:
            continue  # no median worth comparing to
        limit = OUTLIER_FACTOR * float(per_dwelling.median())
        for idx in per_dwelling[per_dwelling > limit].sort_values(ascending=False).index:
            row = group.loc[idx].to_dict()
            out.append(_warning("bill_per_dwelling_outlier", "notice", substation_subject(row), per_dwelling[idx],
                                limit, substation_id=row["id"], category=category))
    return out


def density_warnings(extensions):
    """Extensions under the contract's kW/m rule or under the Fonds Chaleur MWh/m criterion."""
    out = []
    for ext in extensions:
        if ext.get("meets_contract_rule") is False:
            out.append(_warning("density_contract", "notice", ext["name"], ext["kw_per_m"],
                                ext["contract_min_kw_per_m"]))
        if ext.get("meets_fonds_chaleur") is False:
            out.append(_warning("density_fonds_chaleur", "notice", ext["name"], ext["mwh_per_m"],
                                ext["fonds_chaleur_min_mwh_per_m"]))
    return out


def scenario_warnings(result, refs):
    """Every warning of a scenario's result, alarms first."""
    cfg = physics.settings(result.network.params, refs)
    operation = result.operation
    out = (hydraulic_warnings(result.hydraulics, cfg, result.state.extensions)
           + peak_warnings(getattr(operation, "peaks", None), result.state.substations)
           + bill_outlier_warnings(result.bills) + density_warnings(result.extensions))
    out = [w for w in out if not math.isnan(w["value"])]
    return sorted(out, key=lambda w: w["severity"] != "alarm")
