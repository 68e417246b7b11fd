"""Gaps between figures of the source documents, reported, never hidden.

Each check compares two figures a network folder holds for the same thing (a table's
rows and its printed total, a tariff's parts and its published total, a contract's power
and the energy it says that power yields, the accounts' margins and their recomputation,
the reported mix and the heat input) and returns a row per gap with both figures.
"""

import datetime as dt

import pandas as pd

from heatnet.model import accounts as acc
from heatnet.model import rows as tab
from heatnet.model import tariffs as tf


def _days(start_mmdd, end_mmdd, year=2013):
    """Days from MM-DD to MM-DD inclusive, across the new year if needed (2013-2014: no 29 February)."""
    start = dt.date(year, *map(int, start_mmdd.split("-")))
    end = dt.date(year, *map(int, end_mmdd.split("-")))
    if end < start:
        end = dt.date(year + 1, end.month, end.day)
    return (end - start).days + 1


def source_gaps(net, tolerance_frac=0.005):
    """All gaps above ``tolerance_frac`` (relative) between figures that should agree."""
    gaps = []

    def add(what, computed, published, unit, note="", check=None, **params):
        """``check`` and ``params`` name the comparison for the fronts to put in words (heatnet.i18n.gap_text)."""
        if published is None or pd.isna(published) or computed is None or pd.isna(computed):
            return
        gap = computed - published
        if abs(gap) > tolerance_frac * max(abs(published), 1e-9):
            gaps.append({"what": what, "computed": float(computed), "published": float(published),
                         "gap": float(gap), "gap_frac": float(gap / published) if published else None,
                         "unit": unit, "note": note, "check": check, **{k: str(v) for k, v in params.items()}})

    _table_totals(net, add)
    _tariff_totals(net, add)
    _plant_energies(net, add)
    if not net.accounts.empty:
        _accounts_checks(net, add)
    if not net.heat_input.empty and not net.operations.empty:
        _heat_input_checks(net, add)
    if net.params.get("network_length_published_m"):
        add("network length: pipes vs published", float(net.pipes["length_m"].sum()),
            net.params["network_length_published_m"], "m",
            "reconstructed layout" if net.params.get("layout_reconstructed") else "", "length_vs_published")
    return gaps


def _table_totals(net, add):
    """Each substation table's rows against the total printed under it."""
    years = net.loads["year"].to_numpy()
    heat, kw = net.loads["heat_mwh"].to_numpy(dtype=float), net.loads["subscribed_kw"].to_numpy(dtype=float)
    for row in tab.records(net.published_totals):
        year = row["year"]
        mine = years == year
        add(f"substation table {year}: sum of rows vs printed total (heat)", tab.column_sum(heat[mine]),
            row["heat_mwh"], "MWh", row.get("source") or "", "rows_vs_total_heat", year=year)
        add(f"substation table {year}: sum of rows vs printed total (subscribed power)",
            tab.column_sum(kw[mine]), row["subscribed_kw"], "kW", row.get("source") or "", "rows_vs_total_kw",
            year=year)


def _tariff_totals(net, add):
    """Each R1 and R2 against the published total of its date."""
    if not net.tariffs_r1.empty:
        for date in sorted(set(net.tariffs_r1["effective_date"].tolist())):
            r1 = tf.r1_at(net.tariffs_r1, net.mix_weights, date)
            note = ("R1c = contract mix weights x fuel prices" if r1.energy_by_fuel_eur_per_mwh else "")
            add(f"R1 {date}: components vs published average", r1.total_eur_per_mwh,
                r1.published_average_eur_per_mwh, "EUR/MWh", note, "r1_vs_published", date=date)
    if not net.tariffs_r2.empty:
        for date in sorted(set(net.tariffs_r2["effective_date"].tolist())):
            r2 = tf.r2_at(net.tariffs_r2, date)
            add(f"R2 {date}: sum of parts vs published total", r2.total_eur_per_kw, r2.published_total_eur_per_kw,
                "EUR/kW", "", "r2_vs_published", date=date)


def _plant_energies(net, add):
    """A plant's winter guarantee x supply period x availability against the energy the contract states."""
    for plant in tab.records(net.plants):
        published = plant.get("winter_energy_published_mwh")
        if published is None or pd.isna(published) or plant["winter_start"] is None:
            continue
        hours = 24 * _days(plant["winter_start"], plant["winter_end"])
        availability = plant["availability_frac"] if not pd.isna(plant["availability_frac"]) else 1.0
        name = plant.get("name")
        add(f"plant {plant['id']}: winter guarantee x supply period x availability vs stated energy",
            plant["winter_capacity_kw"] / 1000 * hours * availability, published, "MWh",
            f"{plant['winter_capacity_kw']:g} kW x {hours} h x {availability:g}", "plant_winter_energy",
            plant=name if isinstance(name, str) and name else plant["id"])


def _accounts_checks(net, add):
    """The accounts' margins recomputed against the published ones, and R2 revenue per kW against the contract."""
    table = acc.operating_accounts(net.accounts, net.operations)
    for g in acc.published_gaps(table):
        add(f"accounts {g['period']}: {g['line']} recomputed vs published", g["computed_eur"],
            g["published_eur"], "EUR", "", "accounts_recomputed", period=g["period"], line=g["line"])
    if not net.tariffs_r2.empty and "subscribed_kw" in table:
        years = dict(zip(net.operations["period"].tolist(), net.operations["year"].tolist()))
        for period, r2_per_kw in zip(table.index.tolist(), table["r2_revenue_eur_per_kw"].to_numpy()):
            r2 = tf.r2_at(net.tariffs_r2, dt.date(int(years[period]), 12, 31))
            add(f"accounts {period}: R2 revenue per kW vs contract R2 {r2.effective_date}",
                r2_per_kw, r2.total_eur_per_kw, "EUR/kW", "", "accounts_r2_vs_contract",
                period=period, date=r2.effective_date)


def _heat_input_checks(net, add):
    """Each period's reported shares of the heat input, and heat sold over heat input against the published
    network efficiency."""
    ops = {r["period"]: r for r in tab.records(net.operations)}
    rows = tab.records(net.heat_input)
    for period in sorted({r["period"] for r in rows if not pd.isna(r["period"])}):
        mine = [r for r in rows if r["period"] == period]
        total = tab.column_sum([r["heat_mwh"] for r in mine])
        if not total > 0:  # no heat fed in that period: no share nor efficiency to compare (was inf)
            continue
        for r in mine:
            if abs(r["heat_mwh"] / total - (r["share_frac_published"] or 0)) > 0.005:
                add(f"heat input {period}: {r['report_group']} share vs published", r["heat_mwh"] / total,
                    r["share_frac_published"], "frac", "published shares are rounded to 1 %", "heat_input_share",
                    period=period, group=r["report_group"])
        if period in ops and not pd.isna(ops[period]["efficiency_frac_published"]):
            add(f"operations {period}: heat sold / heat input vs published efficiency",
                ops[period]["heat_sold_mwh"] / total, ops[period]["efficiency_frac_published"], "frac",
                "published efficiency is rounded to 1 %", "efficiency_vs_published", period=period)
