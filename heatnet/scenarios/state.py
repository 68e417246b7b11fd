"""A scenario's network state: the root's loads for its year, then its measures in order."""

from pathlib import Path

from heatnet.io.folder import Network
from heatnet.scenarios.files import ScenarioError
from heatnet.scenarios.measures import MeasureError, MeasureLabel, NetworkState, describe_measure, measure_label


def initial_state(net: Network, load_year) -> NetworkState:
    if load_year not in net.load_years():
        raise ScenarioError(net.folder / "loads.csv", f"no loads for year {load_year}; years: {net.load_years()}",
                            column="load_year")
    loads = net.loads[net.loads["year"] == load_year][["substation_id", "heat_mwh", "subscribed_kw"]]
    subs = net.substations.merge(loads, left_on="id", right_on="substation_id", how="inner").drop(
        columns=["substation_id"])
    clients = net.clients.set_index("client")
    subs["category"] = subs["client"].map(clients["category"])
    subs["public_building"] = subs["client"].map(clients["public_building"]).astype(bool)
    subs["added_by"] = None
    keep = [c for c in ("id", "substation_no", "building", "client", "category", "public_building", "dwellings",
                        "branch", "node_id", "heat_mwh", "subscribed_kw", "added_by")]
    plants = net.plants.copy()
    return NetworkState(subs[keep].reset_index(drop=True), net.clients.copy(), net.nodes.copy(), net.pipes.copy(),
                        plants)


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
