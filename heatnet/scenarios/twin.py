"""The normalised twin of a year: the same network state in the reference climate with the plants'
expected availability (drawn stops, no dated stop).

An actual year (the 2016 baseline, the history years) carries its own climate (its DJU) and its
known stops (LBE's 42-day technical stop in 2016). A scenario derived from it runs in the
reference climate with the plants' stops drawn, so comparing the two blends climate and outages
into the measures' effect. The twin is the like-for-like reference: a derived scenario with no
measure reproduces it exactly (tests/scenarios/test_twin.py), and the price bridge shows the
difference as its own "climate and outages" step (heatnet.scenarios.bridge).
"""

from heatnet.scenarios.evaluate import evaluate
from heatnet.scenarios.files import resolve_chain
from heatnet.scenarios.state import apply_measures, initial_state

# what makes a year "actual": its climate, its dated stops and availabilities, no draws, the hours the
# electricity system called its plants
ACTUAL_YEAR_KEYS = ("dju", "weather_csv", "outages", "outage_draws", "availability_frac", "called_hours")


def normalised_operation(operation):
    """The ``operation:`` block of the normalised twin: the actual year's climate and stops removed
    (the reference DJU and the drawn stops are the defaults); the rest (``sales_dju``, losses, prices,
    seeds) kept."""
    return {k: v for k, v in (operation or {}).items() if k not in ACTUAL_YEAR_KEYS}


def run_normalised_twin(path, refs=None):
    """The normalised twin of the scenario file ``path``: its chain with the leaf's operation
    normalised (heatnet.scenarios.run_scenario runs the bases, shared through its cache)."""
    from heatnet.scenarios.run import _load_network_cached, run_scenario

    chain = resolve_chain(path)
    leaf_path, leaf = chain[-1]
    twin = leaf.model_copy(update={"operation": normalised_operation(leaf.operation),
                                   "name": f"{leaf.name} (normalised)"})
    if len(chain) == 1:
        net = _load_network_cached((leaf_path.parent / leaf.network).resolve())
        state = initial_state(net, leaf.load_year)
        for _, state in apply_measures(state, twin, leaf_path):
            pass
        return evaluate(leaf_path, twin, state, net, refs=refs)
    base = run_scenario(chain[-2][0], refs=refs)
    state = base.state
    for _, state in apply_measures(state, twin, leaf_path):
        pass
    return evaluate(leaf_path, twin, state, base.network, base=base, root=base.root or base, refs=refs)
