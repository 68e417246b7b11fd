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


def _number(text, what):
    import argparse
    import math

    try:
        value = float(str(text).strip().replace(",", ".") if str(text).count(",") == 1 and "." not in str(text)
                      else text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, found {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected {what}, found {text!r}")
    return value


def fraction(text):
    """An option that is a share: 0 to 1 (``0.35`` for 35 %); ``35`` is refused, not read as 3,500 %. A French
    decimal comma (``0,35``) is read."""
    import argparse

    value = _number(text, "a share between 0 and 1 (0.35 for 35 %)")
    if not 0.0 <= value <= 1.0:
        hint = f" (for {value:g} % write {value / 100:g})" if 1.0 < value <= 100.0 else ""
        raise argparse.ArgumentTypeError(f"expected a share between 0 and 1, found {text!r}{hint}")
    return value


def non_negative(text):
    """An option that is an amount, a length or a time: 0 or more."""
    import argparse

    value = _number(text, "a number, 0 or more")
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number, 0 or more, found {text!r}")
    return value


def positive(text):
    """An option that must be above 0 (a time limit, a tolerance)."""
    import argparse

    value = _number(text, "a number above 0")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, found {text!r}")
    return value


def at_least(minimum):
    """An option that is a whole number from ``minimum`` up (samples, workers, a seed)."""
    import argparse

    def parse(text):
        try:
            value = int(str(text).strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, {minimum} or more, found {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number, {minimum} or more, found {text!r}")
        return value

    parse.__name__ = f"at_least_{minimum}"
    return parse
