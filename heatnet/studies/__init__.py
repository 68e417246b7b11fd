"""Many years or many scenarios at once: the concession year by year, its variance analysis and
review clauses.

Names are imported when first used: ``heatnet run --json`` reads the dwelling comparator
(heatnet.studies.dwelling_cost) and need not load the concession's modules.
"""

from heatnet._lazy import lazy_names

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


__getattr__, __dir__ = lazy_names(__name__, globals(), _API)
