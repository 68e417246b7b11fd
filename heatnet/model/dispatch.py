"""Hourly merit-order dispatch of the plants, and the linear program that checks it.

Each hour the plants are called in merit order, each up to its available capacity that
hour, until the demand (load + losses) is met; what no plant can supply is reported as
unserved heat, never dropped. Available capacity follows each plant's contract: in its
supply period ("winter", e.g. 1 Nov-31 Mar) its full or guaranteed capacity, outside it the
summer capacity; dated outages and drawn stops (heatnet.model.outages) set it to zero.
"""

import numpy as np
import pandas as pd

from heatnet.io.schema import PP1_DAY_HOURS, parse_day_hours


def _in_period(hours_index, start_mmdd, end_mmdd):
    md = hours_index.month * 100 + hours_index.day
    start = int(start_mmdd[:2]) * 100 + int(start_mmdd[3:])
    end = int(end_mmdd[:2]) * 100 + int(end_mmdd[3:])
    return (md >= start) & (md <= end) if start <= end else (md >= start) | (md <= end)


def weekdays_in_season(index, start_mmdd, end_mmdd):
    """Boolean array over the days of the hourly ``index`` (24 hours a day from its first): the weekdays
    (Monday to Friday) from ``start_mmdd`` to ``end_mmdd``."""
    days = index[::24]
    return np.asarray(_in_period(days, start_mmdd, end_mmdd) & (days.day_of_week < 5))


def called_hours_frac(temp_c, eligible_days, hours, day_hours=PP1_DAY_HOURS):
    """Share of each hour (0..1) a plant called by the electricity system runs: the ``day_hours`` of the
    coldest of its ``eligible_days`` (:func:`weekdays_in_season`), coldest day first by its mean outdoor
    temperature (``temp_c``, hourly), until ``hours`` hours are called (the last one in part).

    The rule of the French capacity mechanism's peak days (PP1): weekdays from November to March,
    picked the day before from the forecast consumption, which follows the cold; peak hours 7-15 h and
    18-20 h. A plant whose electricity is called on those days (a dispatchable CHP) gives its heat then.
    ``hours`` above what the eligible days hold are refused."""
    temp_c = np.asarray(temp_c, float)
    n_days = len(eligible_days)
    day_mean_c = temp_c[:n_days * 24].reshape(n_days, 24).mean(axis=1)
    order = np.flatnonzero(eligible_days)[np.argsort(day_mean_c[eligible_days], kind="stable")]
    per_day = parse_day_hours(day_hours)
    room_h = len(order) * len(per_day)
    if hours > room_h:
        raise ValueError(f"{hours:g} called hours: the season holds {len(order)} weekdays of {len(per_day)} called "
                         f"hours, {room_h} hours")
    frac = np.zeros(len(temp_c))
    whole = int(np.floor(hours))
    days_needed = -(-int(np.ceil(hours)) // len(per_day))  # whole days, the last one in part
    called = (order[:days_needed, None] * 24 + np.array(per_day)[None, :]).ravel()  # coldest day first
    frac[called[:whole]] = 1.0
    if whole < len(called) and hours > whole:
        frac[called[whole]] = hours - whole
    return frac


def available_capacity_kw(plants, year, outages=(), availability_frac=None, contract_minimum_only=False,
                          rows=None):
    """Array (plants x hours) of each plant's output when it runs, kW; and the hours' index.

    A plant that runs offers its full capacity: its availability is not a derate but stops
    (heatnet.model.outages), applied per draw. Its seasonal contract figures
    (``winter_capacity_kw`` in the supply period, ``summer_capacity_kw`` outside) are guaranteed
    minimums: with ``contract_minimum_only`` the plant offers only them (a conservative case),
    otherwise its full capacity (a CHP that runs all year for its electricity, like Lens's, can
    give more than its guarantee).

    ``outages``: iterable of (plant_id, start date, end date) inclusive, dated stops (zero output);
    ``availability_frac`` is accepted for the callers' symmetry and not used here; ``rows``: the
    table's rows (:func:`heatnet.model.outages.plant_rows`) when the caller has them already.
    """
    index = pd.date_range(f"{year}-01-01", f"{year}-12-31 23:00", freq="h")
    caps = np.empty((len(plants), len(index)))
    if rows is None:
        from heatnet.model.outages import plant_rows
        rows = plant_rows(plants)
    for k, plant in enumerate(rows):
        cap = np.full(len(index), float(plant.capacity_kw))
        winter = getattr(plant, "winter_start", None)
        if contract_minimum_only and winter is not None and not pd.isna(winter) and winter:
            in_winter = _in_period(index, plant.winter_start, plant.winter_end)
            summer = plant.summer_capacity_kw
            summer = plant.capacity_kw if summer is None or pd.isna(summer) else float(summer)
            winter_kw = plant.winter_capacity_kw
            winter_kw = plant.capacity_kw if winter_kw is None or pd.isna(winter_kw) else float(winter_kw)
            cap = np.where(in_winter, winter_kw, summer)
        caps[k] = cap
    for plant_id, start, end in outages:
        matches = np.flatnonzero(plants["id"].to_numpy() == plant_id)
        if not len(matches):
            raise ValueError(f"outage of unknown plant {plant_id!r}; plants: {list(plants['id'])}")
        mask = (index >= pd.Timestamp(start)) & (index < pd.Timestamp(end) + pd.Timedelta(days=1))
        caps[matches[0], mask] = 0.0
    return caps, index


def merit_order_dispatch(demand_kw, capacity_kw):
    """Fill ``demand_kw`` (hours) from plants (rows of ``capacity_kw``, in merit order).

    Returns (production_kw plants x hours, unserved_kw hours).
    """
    remaining = np.asarray(demand_kw, float).copy()
    production = np.empty_like(capacity_kw)
    for k in range(capacity_kw.shape[0]):
        np.minimum(capacity_kw[k], remaining, out=production[k])
        remaining -= production[k]
    return production, remaining


def merit_order_draws(demand_kw, capacity_kw, masks, draws, hourly=True):
    """The merit order over ``draws`` draws of the plants' stops, all at once.

    ``masks``: {plant row: boolean (draws x hours), True when available}; plants without a mask
    always run. ``demand_kw``: hours, or draws x hours (a demand of its own for each draw: the
    samples of an uncertainty study, each with its realisation of the stops). Returns (heat_kwh
    draws x plants, mean production_kw plants x hours, unserved_kwh by draw, mean unserved_kw by
    hour); with ``hourly`` False the two hourly means are None (a caller that needs the year's
    totals only skips their cost).

    A draw differs from another only where a mask stops a plant, and an hour's dispatch depends on
    nothing but that hour's demand, capacities and which plants run. So the merit order runs once
    per pattern of stopped plants (2 to 8 rows of hours, with up to three distinct masks), and each
    draw's hour takes its pattern's values: the same numbers, element by element, as filling every
    draw in turn (:func:`_merit_order_each_draw`, used beyond three masks), hence the same sums.
    """
    groups = _mask_groups(masks)
    if len(groups) > 3 or np.ndim(demand_kw) == 2:
        return _merit_order_each_draw(demand_kw, capacity_kw, masks, draws, hourly)
    n_plants, n_hours = capacity_kw.shape
    demand_kw = np.asarray(demand_kw, float)
    n_patterns = 2 ** len(groups)
    pattern_rows = np.empty((n_patterns, n_plants, n_hours))
    pattern_left = np.empty((n_patterns, n_hours))
    for p in range(n_patterns):  # pattern p: bit j set when group j's plants run
        running = {row: bool(p >> j & 1) for j, (rows, _) in enumerate(groups) for row in rows}
        remaining = demand_kw.copy()
        for k in range(n_plants):
            out = np.minimum(capacity_kw[k], remaining)
            if k in running:
                out *= 1.0 if running[k] else 0.0
            remaining -= out
            pattern_rows[p, k] = out
        pattern_left[p] = remaining
    code = _pattern_codes([mask for _, mask in groups], draws, n_hours)
    heat_kwh = np.empty((draws, n_plants))
    mean_kw = np.empty((n_plants, n_hours)) if hourly else None
    for k in range(n_plants):
        heat_kwh[:, k], mean = _draw_sums(code, pattern_rows[:, k], hourly)
        if hourly:
            mean_kw[k] = mean
    unserved_kwh, unserved_kw = _draw_sums(code, pattern_left, hourly)
    return heat_kwh, mean_kw, unserved_kwh, unserved_kw


def _mask_groups(masks):
    """The masks' distinct arrays and the rows each one stops: [(rows, mask)] (a must-run plant's two
    rows share its mask)."""
    groups = {}
    for row, mask in masks.items():
        groups.setdefault(id(mask), ([], mask))[0].append(row)
    return list(groups.values())


def _pattern_codes(group_masks, draws, n_hours):
    """Each draw's hour as the number of its pattern: bit j set when group j's plants run."""
    if len(group_masks) == 1:
        return np.broadcast_to(group_masks[0], (draws, n_hours))
    code = np.zeros((draws, n_hours), np.uint8)
    for j, mask in enumerate(group_masks):
        code |= np.broadcast_to(mask, (draws, n_hours)).astype(np.uint8) << j
    return code


def _draw_sums(code, pattern_values, hourly):
    """Each draw's sum over the hours of its patterns' values and, with ``hourly``, their mean over the
    draws by hour. Values the same in every pattern need no draw of their own: their one row's sum
    is each draw's (the same numbers in the same order)."""
    if not hourly and all(np.array_equal(pattern_values[0], v) for v in pattern_values[1:]):
        return np.full(code.shape[0], pattern_values[0].sum()), None
    values = _select(code, pattern_values)
    return values.sum(axis=1), values.mean(axis=0) if hourly else None


def _select(code, pattern_values):
    """(draws x hours) of the values of each hour's pattern (``pattern_values``: patterns x hours),
    a contiguous array like the one filling each draw makes."""
    if len(pattern_values) == 1:
        return np.ascontiguousarray(np.broadcast_to(pattern_values[0], code.shape))
    if len(pattern_values) == 2:
        return np.where(code, pattern_values[1], pattern_values[0])
    return pattern_values[code, np.arange(code.shape[1])]


def _merit_order_each_draw(demand_kw, capacity_kw, masks, draws, hourly=True):
    """The merit order filling every draw in turn (the reference of :func:`merit_order_draws`)."""
    n_plants, n_hours = capacity_kw.shape
    remaining = np.broadcast_to(np.asarray(demand_kw, float), (draws, n_hours)).copy()
    heat_kwh = np.empty((draws, n_plants))
    mean_kw = np.empty((n_plants, n_hours)) if hourly else None
    out = np.empty((draws, n_hours))
    for k in range(n_plants):
        if k and not remaining.any():  # the demand is met: the plants left give nothing
            heat_kwh[:, k:] = 0.0
            if hourly:
                mean_kw[k:] = 0.0
            break
        np.minimum(capacity_kw[k], remaining, out=out)
        if k in masks:
            out *= masks[k]
        remaining -= out
        heat_kwh[:, k] = out.sum(axis=1)
        if hourly:
            mean_kw[k] = out.mean(axis=0)
    return heat_kwh, mean_kw, remaining.sum(axis=1), remaining.mean(axis=0) if hourly else None


def merit_order_two_areas(local_kw, export_kw, capacity_kw, masks, draws, export_limit_kw=None):
    """The merit order for a network and a neighbour it sells to: the network's own demand first, from
    every plant in rank; then the export from what each plant has left, in rank, a plant named in
    ``export_limit_kw`` ({row: kW}) giving the export at most that power (a purchase convention that
    limits the resale of its heat). Returns (heat_kwh local draws x plants, heat_kwh export, mean
    production_kw plants x hours, unserved_kwh by draw, mean unserved_kw by hour)."""
    export_limit_kw = export_limit_kw or {}
    n_plants, n_hours = capacity_kw.shape
    rem_local = np.broadcast_to(np.asarray(local_kw, float), (draws, n_hours)).copy()
    rem_export = np.broadcast_to(np.asarray(export_kw, float), (draws, n_hours)).copy()
    heat_local, heat_export = np.empty((draws, n_plants)), np.empty((draws, n_plants))
    mean_kw = np.empty((n_plants, n_hours))
    residual = np.empty((n_plants, draws, n_hours))
    for k in range(n_plants):
        avail = np.broadcast_to(capacity_kw[k], (draws, n_hours)) * (masks[k] if k in masks else 1.0)
        out = np.minimum(avail, rem_local)
        rem_local -= out
        heat_local[:, k] = out.sum(axis=1)
        mean_kw[k] = out.mean(axis=0)
        residual[k] = avail - out
    for k in range(n_plants):
        avail = residual[k] if k not in export_limit_kw else np.minimum(residual[k], export_limit_kw[k])
        out = np.minimum(avail, rem_export)
        rem_export -= out
        heat_export[:, k] = out.sum(axis=1)
        mean_kw[k] += out.mean(axis=0)
    unserved = rem_local + rem_export
    return heat_local, heat_export, mean_kw, unserved.sum(axis=1), unserved.mean(axis=0)


def lp_dispatch(demand_kw, capacity_kw, cost_eur_per_kwh, unserved_cost_eur_per_kwh=10.0):
    """The least-cost dispatch of the same hours as a linear program (scipy HiGHS).

    Variables: each plant's output each hour and the unserved heat; each hour's outputs and
    unserved heat sum to the demand. Returns (production_kw, unserved_kw, cost_eur).
    """
    from scipy.optimize import linprog  # a check, not the model's path: imported when used
    from scipy.sparse import hstack, identity

    n_plants, n_hours = capacity_kw.shape
    n_vars = (n_plants + 1) * n_hours
    costs = np.concatenate([np.repeat(cost_eur_per_kwh, n_hours), np.full(n_hours, unserved_cost_eur_per_kwh)])
    eye = identity(n_hours, format="csr")
    a_eq = hstack([eye] * (n_plants + 1), format="csr")
    bounds = np.column_stack([np.zeros(n_vars), np.concatenate([capacity_kw.ravel(), np.full(n_hours, np.inf)])])
    res = linprog(costs, A_eq=a_eq, b_eq=np.asarray(demand_kw, float), bounds=bounds, method="highs")
    if res.status != 0:
        raise RuntimeError(f"linear program failed: {res.message}")
    x = res.x.reshape(n_plants + 1, n_hours)
    return x[:-1], x[-1], float(res.fun)


def dispatch_cost_eur(production_kw, unserved_kw, cost_eur_per_kwh, unserved_cost_eur_per_kwh=10.0):
    return float(production_kw.sum(axis=1) @ cost_eur_per_kwh + unserved_kw.sum() * unserved_cost_eur_per_kwh)
