"""A scenario's network state: the root's loads for its year, then its measures in order."""

from pathlib import Path

import pandas as pd

from heatnet.io.folder import Network
from heatnet.scenarios.files import ScenarioError
from heatnet.scenarios.measures import MeasureError, MeasureLabel, NetworkState, describe_measure, measure_label


def initial_state(net: Network, load_year) -> NetworkState:
    if load_year not in net.load_years():
        raise ScenarioError(net.folder / "loads.csv", f"no loads for year {load_year}; years: {net.load_years()}",
                            column="load_year")
    loads = net.loads[net.loads["year"] == load_year]
    subs = _substations_by_position(net, loads)
    if subs is None:
        subs = _substations_by_merge(net, loads)
    subs["added_by"] = None
    keep = [c for c in ("id", "substation_no", "building", "client", "category", "public_building", "dwellings",
                        "branch", "node_id", "heat_mwh", "subscribed_kw", "added_by")]
    plants = net.plants.copy()
    return NetworkState(subs[keep].reset_index(drop=True), net.clients.copy(), net.nodes.copy(), net.pipes.copy(),
                        plants)


def _substations_by_merge(net: Network, loads):
    """The substations with a load of the year, their loads and their client's category and public flag."""
    subs = net.substations.merge(loads[["substation_id", "heat_mwh", "subscribed_kw"]], left_on="id",
                                 right_on="substation_id", how="inner").drop(columns=["substation_id"])
    clients = net.clients.set_index("client")
    subs["category"] = subs["client"].map(clients["category"])
    subs["public_building"] = subs["client"].map(clients["public_building"]).astype(bool)
    return subs


def _substations_by_position(net: Network, loads):
    """``_substations_by_merge`` by positions, for a folder as its reader checks it (one load a substation
    in a year, every client known): the inner merge keeps the substations' order. None otherwise."""
    by_id, clients = pd.Index(loads["substation_id"]), pd.Index(net.clients["client"])
    if not (by_id.is_unique and clients.is_unique):
        return None
    at = by_id.get_indexer(net.substations["id"])
    client_at = clients.get_indexer(net.substations["client"])
    has = at >= 0
    if (client_at[has] < 0).any():
        return None
    subs = net.substations[[c for c in _SUBSTATION_COLUMNS if c in net.substations.columns]]
    subs = (subs[has] if not has.all() else subs).reset_index(drop=True)
    subs["heat_mwh"] = loads["heat_mwh"].to_numpy()[at[has]]
    subs["subscribed_kw"] = loads["subscribed_kw"].to_numpy()[at[has]]
    client_at = client_at[has]
    subs["category"] = pd.Series(net.clients["category"].to_numpy()[client_at], copy=False)  # as Series.map types it
    subs["public_building"] = net.clients["public_building"].to_numpy()[client_at].astype(bool)
    return subs


_SUBSTATION_COLUMNS = ("id", "substation_no", "building", "client", "dwellings", "branch", "node_id")


def apply_measures(state, scenario, path):
    """Apply a scenario's measures in order; yields (label, state after the measure)."""
    for i, (kind, model) in enumerate(scenario.measure_models()):
        label = MeasureLabel(measure_label(kind, model))
        try:
            label.description = describe_measure(kind, model, state)
            if kind == "add_substations":
                state = model.apply(state, label, base_dir=Path(path).parent)
            else:
                state = model.apply(state, label)
        except MeasureError as exc:
            raise ScenarioError(path, str(exc), column=f"measures[{i}].{kind}") from None
        for ext in state.extensions:  # the capex policy of the scenario that adds an extension goes with it
            ext.setdefault("include_capex", scenario.tariff.include_extension_capex)
            ext.setdefault("capex_subsidy_frac", scenario.tariff.capex_subsidy_frac)
        yield label, state
