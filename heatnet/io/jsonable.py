"""Values as JSON types: dates and paths as text, numpy scalars as Python numbers."""

import datetime as dt
import math
from pathlib import Path


def jsonable(value):
    """``value`` with every nested date, path and numpy scalar converted; NaN and infinities as None."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, Path)):
        return str(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def frame_records(frame, columns=None):
    """A table's rows as JSON-ready dicts, limited to ``columns`` that exist (None for no table)."""
    if frame is None:
        return None
    cols = [c for c in (columns or frame.columns) if c in frame.columns]
    return jsonable(frame[cols].to_dict(orient="records"))
