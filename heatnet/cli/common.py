"""What every command shares: the user-error type, plain tables and JSON on stdout.

Nothing here imports more than the standard library and heatnet.io.jsonable (itself standard library only):
``heatnet --help`` must start fast.
"""

import json
import sys

from heatnet.io.jsonable import jsonable


class UserError(Exception):
    """A mistake in what the user asked for: printed, not traced."""


def print_table(rows, out):
    """Two columns, the first padded to its widest entry."""
    width = max(len(r[0]) for r in rows) + 2
    for name, value in rows:
        out.write(f"{name:<{width}}{value}\n")


def dump_json(payload, out=None):
    """One JSON object on stdout (or ``out``), UTF-8 as is, one space of indent."""
    out = out or sys.stdout
    json.dump(jsonable(payload), out, ensure_ascii=False, indent=1)
    out.write("\n")


def colon(lang):
    """A colon before a value as the language writes it: ``Goulots : 4`` in French, ``Bottlenecks: 4`` in English."""
    return " : " if lang == "fr" else ": "
