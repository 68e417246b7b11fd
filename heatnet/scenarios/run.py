"""Running a scenario file: its chain of bases evaluated once each, results kept per process."""

import functools
import hashlib
import os
from pathlib import Path

from heatnet.io.folder import load_network
from heatnet.model.economics import load_references
from heatnet.scenarios.bridge import price_bridge
from heatnet.scenarios.evaluate import evaluate
from heatnet.scenarios.files import resolve_chain
from heatnet.scenarios.result import ScenarioResult
from heatnet.scenarios.state import apply_measures, initial_state


_RESULT_CACHE = {}  # key: stamps of a chain prefix -> (result, bridge steps, state)
_RESULT_CACHE_SIZE = 128


def _file_stamp(path):
    """Path and content digest: an edit is seen even within one tick of the file system's clock."""
    return str(path), hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()


def _scenario_stamp(path, scenario):
    """The files a scenario's evaluation reads: itself and the CSVs its measures name."""
    stamps = [_file_stamp(path)]
    for kind, model in scenario.measure_models():
        if kind == "add_substations" and model.csv:
            csv_path = (Path(path).parent / model.csv).resolve()
            if csv_path.exists():
                stamps.append(_file_stamp(csv_path))
    return tuple(stamps)


def clear_cache():
    """Forget the scenario results kept in this process."""
    _RESULT_CACHE.clear()


def run_scenario(path, refs=None, use_cache=True, chain=None) -> ScenarioResult:
    """Run a scenario file and its chain of bases; return the leaf's result.

    Results of each chain prefix are kept in this process, keyed on the content of every
    scenario file and CSV they read and the modification stamps of the network folder, so running
    several scenarios that share bases evaluates each base once, and an edited file is read
    anew. Results are shared: treat them as read-only. ``chain``: :func:`resolve_chain` of ``path``
    when the caller has read it.
    """
    chain = resolve_chain(path) if chain is None else chain
    refs = refs or load_references()
    root_path, root_scenario = chain[0]
    network_path = (root_path.parent / root_scenario.network).resolve()
    stamp = _network_stamp(network_path)  # once: the folder's listing is read for the network and the key
    net = _load_network_cached_key(str(network_path), stamp)
    key = (str(network_path), stamp, refs["folder"])
    result, root, steps, state = None, None, [], None
    for scen_path, scenario in chain:
        key = key + (_scenario_stamp(scen_path, scenario),)
        cached = _RESULT_CACHE.get(key) if use_cache else None
        if cached is not None:
            result, steps, state = cached
            root = root or result
            continue
        if state is None:
            state = initial_state(net, root_scenario.load_year)
        labelled = list(apply_measures(state, scenario, scen_path))
        steps = steps + labelled
        if labelled:
            state = labelled[-1][1]
        result = evaluate(scen_path, scenario, state, net, base=result, root=root, refs=refs)
        if root is None:
            root = result
            steps = []  # the root's own measures are part of its start
        else:
            result.bridge = price_bridge(root, steps, result, result.anchor, refs)
        if use_cache:
            if len(_RESULT_CACHE) >= _RESULT_CACHE_SIZE:
                _RESULT_CACHE.pop(next(iter(_RESULT_CACHE)))
            _RESULT_CACHE[key] = (result, steps, state)
    return result


@functools.lru_cache(maxsize=16)
def _load_network_cached_key(path, stamp):
    return load_network(path)


def _network_stamp(path):
    """Name, modification time and size of each file of the folder (one stat a file)."""
    with os.scandir(path) as entries:
        return tuple(sorted((e.name, s.st_mtime_ns, s.st_size) for e in entries if e.is_file()
                            for s in (e.stat(),)))


def _load_network_cached(path):
    """Load a network folder, cached until one of its files changes."""
    return _load_network_cached_key(str(path), _network_stamp(path))
