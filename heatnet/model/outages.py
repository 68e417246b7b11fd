"""Plant availability as events: planned stops and forced outages, drawn reproducibly.

A plant is either running or stopped. Its unavailability ``1 - availability_frac`` over the
year is made of

- a planned maintenance window (``maintenance_days`` from ``maintenance_start``, MM-DD), the
  same every draw, and
- forced outages: ``forced hours = (1 - availability_frac) x hours - planned hours``, split into
  ``round(forced hours / mean_repair_h)`` stops (the rate per year follows from the
  availability and the mean repair time). Each draw cuts the forced hours into that many stops
  of random lengths (a uniform random partition: lengths with mean ``mean_repair_h``, exponential
  in the limit) and places them at random, without overlap, in the hours outside the planned
  window.

So every draw stops the plant exactly its expected hours (to the hour): the draws vary *when*
the plant fails and how the stops are cut, not how long it is down in total. This is the
spread that matters for the mix (a stop in January costs gas, one in July does not); the
spread in the yearly number of failures, which a Poisson count would add, is left out and
said so (docs/operation.md).
"""

import numpy as np
import pandas as pd

DEFAULT_MEAN_REPAIR_H = 72.0  # assumption: a forced stop of a boiler or CHP lasts about three days on average


def _value(plant, name, default):
    value = getattr(plant, name, None)
    return default if value is None or (isinstance(value, float) and np.isnan(value)) or value == "" else value


def outage_plan(plant, n_hours):
    """(planned window as a boolean mask over the year's hours or None, forced hours, number of stops)
    of one plant (a row of the plants table); ``n_hours`` hours in the year."""
    avail = float(_value(plant, "availability_frac", 1.0))
    days = float(_value(plant, "maintenance_days", 0.0))
    planned = None
    if days > 0:
        start = str(_value(plant, "maintenance_start", "07-01"))
        year_start = pd.Timestamp("2001-01-01")  # any non-leap year: the window is placed by day of year
        first = int((pd.Timestamp(f"2001-{start}") - year_start).days) * 24
        planned = np.zeros(n_hours, bool)
        idx = (first + np.arange(int(round(days * 24)))) % n_hours
        planned[idx] = True
    planned_h = 0 if planned is None else int(planned.sum())
    forced_h = int(round((1.0 - avail) * n_hours)) - planned_h
    if forced_h < 0:
        raise ValueError(f"plant {plant.id!r}: {days:g} days of planned maintenance exceed its unavailability "
                         f"{1 - avail:.1%} of the year")
    repair_h = float(_value(plant, "mean_repair_h", DEFAULT_MEAN_REPAIR_H))
    n_stops = max(1, int(round(forced_h / repair_h))) if forced_h > 0 else 0
    return planned, forced_h, n_stops


def draw_stops(n_hours, forced_h, n_stops, draws, rng, planned=None, only=None):
    """Boolean array (draws x hours), True when the plant is stopped by a forced outage or its
    planned window: ``n_stops`` stops totalling ``forced_h`` hours in each draw, placed at random
    without overlap outside ``planned``.

    ``only``: a draw's number (0 .. draws - 1): that draw alone, a (1 x hours) array equal to its row
    of the whole set (the random numbers of every draw are drawn, the year's hours built for one)."""
    rows = draws if only is None else 1
    stopped = np.zeros((rows, n_hours), bool)
    if planned is not None:
        stopped[:, planned] = True
    if forced_h <= 0 or n_stops == 0:
        return stopped
    free = np.flatnonzero(~planned) if planned is not None else np.arange(n_hours)
    gap_h = len(free) - forced_h
    if gap_h < 0:
        raise ValueError("forced outages longer than the hours outside the planned window")
    # lengths: a uniform random partition of forced_h into n_stops (cuts at sorted uniform points)
    cuts = np.sort(rng.random((draws, n_stops - 1)), axis=1) * forced_h
    edges = np.rint(np.concatenate([np.zeros((draws, 1)), cuts, np.full((draws, 1), forced_h)], axis=1))
    lengths = np.diff(edges, axis=1).astype(int)
    # gaps: sorted uniform integer offsets in [0, gap_h]; stop k starts after offset k and the stops before it
    offsets = np.sort(rng.integers(0, gap_h + 1, (draws, n_stops)), axis=1)
    starts = offsets + edges[:, :-1].astype(int)
    ends = starts + lengths
    if only is not None:
        starts, ends = starts[only:only + 1], ends[only:only + 1]
    if planned is None:  # the free hours are the year's: the stops go straight in
        _set_ranges(stopped, starts, ends)
        return stopped
    down = np.zeros((rows, len(free)), bool)
    _set_ranges(down, starts, ends)
    stopped[:, free] |= down
    return stopped


def _set_ranges(flags, starts, ends):
    """``flags[row, starts[row, k]:ends[row, k]] = True`` for every row and k, in one assignment: the
    hours of all the ranges as positions of the flattened array (a few hundred slices set one by one
    cost half a millisecond)."""
    n_hours = flags.shape[1]
    first = np.minimum(starts, n_hours)  # as a slice clips them
    lengths = np.maximum(np.minimum(ends, n_hours) - first, 0).ravel()
    begin = (first + np.arange(flags.shape[0])[:, None] * n_hours).ravel()
    # each range's hours: its start, then +1 ... (positions counted along the concatenated ranges)
    hours = np.arange(int(lengths.sum())) + np.repeat(begin - (np.cumsum(lengths) - lengths), lengths)
    flags.put(hours, True)  # positions in the array's own row-major order, in place


def availability_masks(plants, n_hours, draws, seed=0, only=None):
    """{plant position: boolean array (draws x hours), True when available} for the plants that
    can stop (availability below 1 or a planned window); the others are always available.

    Each plant draws from its own stream (seed, position), so adding a plant does not move the
    stops of the others. ``plants``: the plants table, or its rows (:func:`plant_rows`). ``only``: a
    draw's number: its masks alone (1 x hours each), one realisation of the year's stops."""
    masks = {}
    rows = plants if isinstance(plants, list) else plant_rows(plants)
    for k, plant in enumerate(rows):
        planned, forced_h, n_stops = outage_plan(plant, n_hours)
        if planned is None and forced_h <= 0:
            continue
        rng = np.random.default_rng([seed, _stable_key(plant.id)])
        masks[k] = ~draw_stops(n_hours, forced_h, n_stops, draws, rng, planned, only)
    return masks


def plant_rows(plants):
    """The plants table's rows as light objects with attribute access (pandas' itertuples costs
    milliseconds per call on a wide table; this is the hot path of every run)."""
    from types import SimpleNamespace
    columns = [str(c) for c in plants.columns]
    # python scalars, the values of ``plants[c].tolist()``: one object array for the whole table costs
    # tens of microseconds where reading the columns one by one costs half a millisecond
    return [SimpleNamespace(**dict(zip(columns, row))) for row in plants.to_numpy(object).tolist()]


def _stable_key(text):
    """A seed component from a plant id that does not change between runs (unlike ``hash``)."""
    return int.from_bytes(str(text).encode()[:16].ljust(16, b"\0"), "little") % (2 ** 63)
