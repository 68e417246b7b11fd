"""Many years or many scenarios at once: the concession year by year, its variance analysis and
review clauses.

Names are imported when first used: ``heatnet run --json`` reads the dwelling comparator
(heatnet.studies.dwelling_cost) and need not load the concession's modules.
"""

import importlib

# the function ``variance`` is bound here at once (its module is light): bound on first use, it would
# be shadowed by the submodule of the same name whenever the concession imported that first
from heatnet.studies.variance import EFFECTS, variance

# public name -> module that defines it
_API = {
    "ConcessionResult": "heatnet.studies.concession",
    "Timeline": "heatnet.studies.concession",
    "concession_study": "heatnet.studies.concession",
    "read_timeline": "heatnet.studies.concession",
}

__all__ = sorted(["EFFECTS", "variance", *_API])


def __getattr__(name):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'heatnet.studies' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_API))
