"""The network's physics over a year and at design conditions, for a scenario's state.

- **Year**: every substation's load is a function of the outdoor temperature (heatnet.model.demand),
  and so is the supply temperature (the heating curve: ``supply_design_c`` at
  ``design_outdoor_c``, falling linearly to ``supply_min_c`` at the heating threshold). The
  network is solved at outdoor temperatures spanning the year (``LEVELS`` points from the
  coldest hour to the threshold, above which nothing changes) and each hour's heat losses and
  pump power are interpolated between them. These replace the fixed efficiency of the
  operation model.
- **Design**: the network at ``design_outdoor_c`` with each substation's peak (or subscribed)
  load: flows, velocities, gradients, each pipe's ``load_frac`` against its capacity under the
  velocity and pressure-gradient limits, the spare capacity of each branch, and the DN each
  overloaded or new pipe needs.

Every heat input comes in at the plant node (plants elsewhere are counted as if there: the
conservative case for pipe loads), unless ``plant_feeds`` is ``plants``: then the network is
several sub-networks, each fed by the plants at one node of its own (a city's districts, each with
its plant), and each plant node's pump serves its sub-network. Defaults live in data/france/parameters.yaml
(``hydraulics:``), overridden by the network's ``hydraulics:`` block.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from heatnet.io.schema import TEMPERATURE_DEFAULTS
from heatnet.model import demand
from heatnet.model.hydraulics import PipeNetwork, PipeProperties, capacity_kg_per_s
from heatnet.model.pipes import WATER, heat_loss_coefficient_w_per_m_k, pipe_geometry, read_catalogue

LEVELS = 24


def settings(net_params, refs):
    """The physics settings of a network: the French defaults, then the network's own values."""
    merged = dict(refs.get("hydraulics", {}))
    merged.update(net_params.get("hydraulics") or {})
    temps = net_params.get("temperatures") or {}
    supply = temps.get("supply_c", TEMPERATURE_DEFAULTS["supply_c"])
    merged.update({"supply_design_c": temps.get("supply_design_c", supply),
                   "supply_min_c": temps.get("supply_min_c", supply),
                   "design_outdoor_c": temps.get("design_outdoor_c", TEMPERATURE_DEFAULTS["design_outdoor_c"]),
                   "return_c": temps.get("return_c", TEMPERATURE_DEFAULTS["return_c"])})
    if merged.get("design_load", "peak") not in ("peak", "subscribed"):
        raise ValueError(f"hydraulics.design_load must be 'peak' or 'subscribed', found {merged['design_load']!r}")
    if merged.get("plant_feeds", "plant_node") not in ("plant_node", "plants"):
        raise ValueError(f"hydraulics.plant_feeds must be 'plant_node' or 'plants', found {merged['plant_feeds']!r}")
    return merged


def supply_temperature_c(outdoor_c, cfg, threshold_c):
    """The heating curve: supply temperature at the plant for each outdoor temperature."""
    span = threshold_c - cfg["design_outdoor_c"]
    frac = np.clip((threshold_c - np.asarray(outdoor_c, float)) / span, 0.0, None)
    return np.maximum(cfg["supply_min_c"] + (cfg["supply_design_c"] - cfg["supply_min_c"]) * frac, cfg["supply_min_c"])


def plant_nodes(plant_node, plants, cfg):
    """The nodes the heat comes in at: ``plant_node``; with ``plant_feeds: plants``, also every other
    node a plant stands at, each the plant node of its own sub-network."""
    if cfg.get("plant_feeds", "plant_node") != "plants":
        return plant_node
    others = pd.unique(plants["node_id"].dropna().astype(str).to_numpy())
    return [plant_node] + [node for node in others.tolist() if node != plant_node]


def other_plant_nodes(plant_node, plants, cfg):
    """:func:`plant_nodes` but ``plant_node``: the plant nodes of the other sub-networks (none by default)."""
    nodes = plant_nodes(plant_node, plants, cfg)
    return () if isinstance(nodes, str) else tuple(nodes[1:])


def pipe_network(state, plant_node, cfg):
    """A PipeNetwork of the state's nodes and pipes, heat-loss coefficients from the catalogue, fed at
    ``plant_nodes``."""
    pipes = state.pipes
    series = np.full(len(pipes), int(cfg.get("insulation_series", 1)))
    if "insulation_series" in pipes:
        own = pd.to_numeric(pipes["insulation_series"], errors="coerce").to_numpy()
        series = np.where(np.isnan(own), series, own).astype(int)
    u = heat_loss_coefficient_w_per_m_k(pipes["dn_mm"].to_numpy(float), series) * cfg.get("insulation_ageing_factor",
                                                                                         1.0)
    if "u_w_per_m_k" in pipes:
        measured = pd.to_numeric(pipes["u_w_per_m_k"], errors="coerce").to_numpy()
        u = np.where(np.isnan(measured), u, measured)
    return PipeNetwork(state.nodes["id"], pipes, plant_nodes(plant_node, state.plants, cfg), u_w_per_m_k=u)


def _loads_by_node(network, substations, kw):
    """Substations' loads (levels x substations, kW) summed on the network's nodes (levels x nodes)."""
    index = network.node_index(substations["node_id"], "substations")
    n = len(network.node_ids)
    # one bincount over the levels' rows: each node's sum in the substations' order, as np.add.at adds
    # them (and several times faster on 25 levels x 10^5 substations)
    flat = (np.arange(kw.shape[0])[:, None] * n + index[None, :]).ravel()
    return np.bincount(flat, weights=np.asarray(kw, float).ravel(), minlength=kw.shape[0] * n).reshape(kw.shape[0], n)


@dataclass
class AnnualPhysics:
    losses_kw: np.ndarray  # hourly
    pump_kw: np.ndarray  # hourly
    levels: pd.DataFrame  # outdoor_c, supply_c, load_kw, heat_loss_kw, pump_power_kw, pump_head_bar
    settings: dict  # what the year and the design point were computed with (``settings``)

    @property
    def heat_loss_mwh(self):
        return float(self.losses_kw.sum() / 1000.0)

    @property
    def pump_electricity_mwh(self):
        return float(self.pump_kw.sum() / 1000.0)


def annual(network, substations, year_temp_c, cfg, profiles=None, threshold_c=18.0):
    """Hourly heat losses and pump power over the year, interpolated between solved levels."""
    profiles = demand.read_profiles() if profiles is None else profiles
    temp = np.asarray(year_temp_c, float)
    outdoor = np.unique(np.r_[np.linspace(temp.min(), min(threshold_c, temp.max()), LEVELS), threshold_c])
    loads = _loads_by_node(network, substations,
                           demand.substation_loads_kw(substations, outdoor, temp, profiles, threshold_c))
    supply = supply_temperature_c(outdoor, cfg, threshold_c)
    rows = []
    start = None  # a meshed network's loops start from the previous level's flows, scaled to the load
    for k in range(len(outdoor)):
        result = network.solve(loads[k], supply_temp_c=float(supply[k]), return_temp_c=cfg["return_c"],
                               ground_temp_c=cfg["ground_temp_c"], substation_min_dp_bar=cfg["substation_min_dp_bar"],
                               pump_efficiency_frac=cfg["pump_efficiency_frac"], start_kg_per_s=start)
        if network.n_loops and loads[k].sum() > 0 and k + 1 < len(outdoor):
            start = result.mass_flow_kg_per_s * (loads[k + 1].sum() / loads[k].sum())
        rows.append((outdoor[k], supply[k], loads[k].sum(), result.heat_loss_kw, result.pump_power_kw,
                     result.pump_head_bar))
    levels = pd.DataFrame(rows, columns=["outdoor_c", "supply_c", "load_kw", "heat_loss_kw", "pump_power_kw",
                                         "pump_head_bar"])
    losses = np.interp(temp, levels["outdoor_c"], levels["heat_loss_kw"])
    pump = np.interp(temp, levels["outdoor_c"], levels["pump_power_kw"])
    return AnnualPhysics(losses_kw=losses, pump_kw=pump, levels=levels, settings=dict(cfg))


def design(network, substations, year_temp_c, cfg, profiles=None, threshold_c=18.0, inertia_k=0.0):
    """The network at the design outdoor temperature, with each pipe's capacity and load_frac.

    ``year_temp_c`` is the temperature the heating follows; ``inertia_k`` how much the buildings'
    inertia lifts the design temperature in a design cold spell (:func:`heatnet.model.climate.design_lift_k`):
    the buildings draw the load of ``design_outdoor_c + inertia_k``, not of the design hour itself."""
    profiles = demand.read_profiles() if profiles is None else profiles
    if cfg.get("design_load", "peak") == "subscribed":
        kw = substations["subscribed_kw"].to_numpy(float)[None, :]
    else:
        kw = demand.substation_loads_kw(substations, [cfg["design_outdoor_c"] + inertia_k], year_temp_c, profiles,
                                        threshold_c)
    loads = _loads_by_node(network, substations, kw)[0]
    result = network.solve(loads, supply_temp_c=cfg["supply_design_c"], return_temp_c=cfg["return_c"],
                         ground_temp_c=cfg["ground_temp_c"], substation_min_dp_bar=cfg["substation_min_dp_bar"],
                         pump_efficiency_frac=cfg["pump_efficiency_frac"],
                         max_velocity_m_per_s=cfg["max_velocity_m_per_s"],
                         max_pressure_gradient_pa_per_m=cfg["max_pressure_gradient_pa_per_m"])
    result.design_load_outdoor_c = None if cfg.get("design_load", "peak") == "subscribed" \
        else float(cfg["design_outdoor_c"] + inertia_k)
    return result


def required_dn_mm(mass_flow_kg_per_s, cfg, temp_c, catalogue=None, fluid=WATER):
    """Smallest catalogue DN that carries each flow within both limits (NaN above the largest)."""
    catalogue = read_catalogue() if catalogue is None else catalogue
    dns = catalogue["dn_mm"].to_numpy(float)
    diameter, roughness = pipe_geometry(dns, catalogue)
    unit = PipeProperties(np.ones(len(dns)), diameter, roughness, float(fluid.density_kg_per_m3(temp_c)),
                  float(fluid.viscosity_pa_s(temp_c)))  # both limits are per metre: 1 m pipes
    capacity = capacity_kg_per_s(unit, cfg["max_velocity_m_per_s"], cfg["max_pressure_gradient_pa_per_m"])
    q = np.abs(np.asarray(mass_flow_kg_per_s, float))
    fits = capacity[:, None] >= q[None, :]
    out = dns[np.argmax(fits, axis=0)]
    return np.where(fits.any(axis=0), out, np.nan)


def pipe_report(result, state, cfg, added_pipe_ids=()):
    """The design table by pipe: load_frac, and the DN needed where a pipe is over 1 or new."""
    table = result.pipes.copy()
    needed = required_dn_mm(table["mass_flow_kg_per_s"], cfg, result.supply_temp_c)
    # None where no DN of the catalogue carries the flow: a stated answer, not a failed number
    table["required_dn_mm"] = pd.Series([float(dn) if dn == dn else None for dn in needed], index=table.index,
                                        dtype=object)
    table["new"] = table["pipe_id"].isin(set(added_pipe_ids))
    table["bottleneck"] = table["load_frac"] > 1.0
    if "branch" in state.pipes:
        table["branch"] = state.pipes["branch"].to_numpy()
    if "kind" in state.pipes:
        table["kind"] = state.pipes["kind"].to_numpy()
    return table


def branch_capacity(table, result):
    """Spare capacity of each branch (kW at the design temperatures): the least spare of its trunk pipes."""
    if "branch" not in table:
        return pd.DataFrame(columns=["branch", "design_load_kw", "spare_kw", "limiting_pipe", "max_load_frac"])
    cp = float(WATER.heat_capacity_j_per_kg_k((result.supply_temp_c + result.return_temp_c) / 2))
    kw_per_kg_s = cp * (result.supply_temp_c - result.return_temp_c) / 1000.0
    rows = []
    for branch, group in table.dropna(subset=["branch"]).groupby("branch", sort=True):
        trunk = group[group["kind"] != "service"] if "kind" in group else group
        trunk = trunk if len(trunk) else group
        spare = (trunk["capacity_kg_per_s"] - trunk["mass_flow_kg_per_s"].abs()) * kw_per_kg_s
        worst = spare.idxmin()
        rows.append({"branch": branch, "design_load_kw": float(trunk["mass_flow_kg_per_s"].abs().max() * kw_per_kg_s),
                     "spare_kw": float(spare.min()), "limiting_pipe": table.at[worst, "pipe_id"],
                     "max_load_frac": float(trunk["load_frac"].max())})
    return pd.DataFrame(rows)


PIPE_COLUMNS = ("pipe_id", "branch", "kind", "dn_mm", "length_m", "mass_flow_kg_per_s", "velocity_m_per_s",
                "pressure_gradient_pa_per_m", "pressure_drop_bar", "heat_loss_kw", "load_frac", "required_dn_mm", "new")


def report(result):
    """The physics of a scenario result: summary, branches, bottlenecks, new pipes and the pipe table.

    Bottlenecks are pipes over their capacity at design conditions; with a base scenario, those
    whose load the scenario raised past 1 are flagged ``new_bottleneck``.
    """
    design, annual = result.hydraulics, result.physics
    if design is None:
        raise ValueError("the scenario runs with operation.losses 'fixed': no network physics to report")
    cfg = annual.settings
    original = set(result.network.pipes["id"])
    added = [p for p in result.state.pipes["id"] if p not in original]
    table = pipe_report(design, result.state, cfg, added)
    base = result.base.hydraulics if result.base is not None else None
    if base is not None:
        before = base.pipes.set_index("pipe_id")["load_frac"]
        table["base_load_frac"] = table["pipe_id"].map(before)
        table["new_bottleneck"] = table["bottleneck"] & ~(table["base_load_frac"] > 1.0)
    fig = result.figures
    summary = {
        "heat_loss_mwh": fig["heat_loss_mwh"], "network_efficiency_frac": fig["network_efficiency_frac"],
        "pump_electricity_mwh": fig["pump_electricity_mwh"], "pump_head_bar": design.pump_head_bar,
        "pump_power_kw": design.pump_power_kw, "critical_node": design.critical_node,
        "max_pipe_load_frac": design.max_load_frac, "design_outdoor_c": cfg["design_outdoor_c"],
        "design_load_outdoor_c": design.design_load_outdoor_c,
        "supply_design_c": cfg["supply_design_c"], "return_c": cfg["return_c"],
        "design_heat_loss_kw": design.heat_loss_kw, "design_load": cfg["design_load"],
        "max_velocity_m_per_s": cfg["max_velocity_m_per_s"],
        "max_pressure_gradient_pa_per_m": cfg["max_pressure_gradient_pa_per_m"],
        "loops": design.network.n_loops,
    }
    return {"summary": summary, "branches": branch_capacity(table, design),
            "bottlenecks": table[table["bottleneck"]], "new_pipes": table[table["new"]], "pipes": table,
            "levels": annual.levels}
