"""Small tables (tariffs, plants, published totals: a few dozen rows) read as plain Python values.

pandas' selections, ``itertuples`` and column inserts cost about a millisecond each on such tables;
the checks and the tariffs read them row by row instead, and sum their columns as pandas would.
"""

import numpy as np


def rows(frame, columns):
    """The table's rows as tuples of Python values, one per row, in ``columns``' order."""
    return list(zip(*(frame[c].tolist() for c in columns)))


def records(frame):
    """The table's rows as dicts of Python values (column -> value), what ``itertuples`` yields."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in rows(frame, columns)]


def column_sum(values):
    """A column's sum as pandas gives it (numpy's sum, missing values as 0), for the same bits."""
    return float(np.nansum(np.asarray(values, dtype=float)))
