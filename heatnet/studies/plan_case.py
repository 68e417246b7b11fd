"""A connection plan for a real network: the program's inputs from a base scenario and candidate
tables, the plan written as a scenario, and its objective re-evaluated from the scenario runner.

The base scenario gives the units (R1, the operator's R1 costs, the R2 unit and total), the design
hydraulics (spare capacity of the existing pipes up to each attachment node) and the plants; the
French references give pipe and substation costs; the per-dwelling comparator gives each candidate's
alternative and upkeep. Every figure is computed by the same functions the scenario runner uses, so
that the runner's re-evaluation of the written plan equals the program's objective.
"""

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import minimum_spanning_tree, shortest_path

from heatnet.i18n import label
from heatnet.model import physics
from heatnet.model.economics import capital_recovery_factor, load_references, pipe_cost_eur_per_m, substation_cost_eur
from heatnet.model.pipes import WATER
from heatnet.scenarios import Scenario, save_scenario
from heatnet.studies import dwelling_cost as dc
from heatnet.studies import planning as pl

EARTH_M = 6_371_000.0


@dataclass
class PlanOptions:
    objective: str = "npv"
    subsidy_frac: float = 0.0  # share of the investment subsidised (Fonds Chaleur): its MWh/m rule then applies
    budget_eur: float | None = None
    max_price_rise_frac: float = 0.0
    contract_rule: bool = True  # the network's kW/m rule (network.yaml contract.extension_min_kw_per_m)
    r3_eur_per_kw: float = 0.0  # an R3 on houses (program only: the scenario runner has no R3 term)
    price_set: str | None = None
    snap_m: float = 25.0
    time_limit_s: float = 60.0
    plan_year: int | None = None


@dataclass
class PlanCase:
    base: object  # the base ScenarioResult
    base_path: Path
    candidates: pd.DataFrame  # with node_id and the program's columns
    problem: pl.PlanProblem
    options: PlanOptions
    street_nodes: pd.DataFrame  # id, lon, lat of the route nodes
    notes: list = field(default_factory=list)
    npv_years: int | None = None  # the NPV's horizon: the contract's remaining years
    discount_rate_frac: float | None = None


def _xy(lon, lat, lat0):
    """Local metres (equirectangular about ``lat0``): enough to snap and measure at a district's scale."""
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    return np.c_[np.radians(lon) * EARTH_M * math.cos(math.radians(lat0)), np.radians(lat) * EARTH_M]


def _attachable(base):
    """Network nodes a new route may start from: placed junctions and plant sites (a delivery node's
    service pipe is sized for its own substation)."""
    nodes = base.state.nodes.dropna(subset=["lon", "lat"])
    return nodes[nodes["kind"] != "delivery"] if (nodes["kind"] != "delivery").any() else nodes


def attach_streets(base, streets, street_nodes, snap_m):
    """Street nodes within ``snap_m`` of a network node become that node; without any, a tee joins the
    street node nearest to the network. Returns (segments, street nodes, attachment nodes)."""
    net_nodes = _attachable(base)
    lat0 = float(net_nodes["lat"].mean())
    pn = _xy(net_nodes["lon"], net_nodes["lat"], lat0)
    ps = _xy(street_nodes["lon"], street_nodes["lat"], lat0)
    dist = np.sqrt(((ps[:, None, :] - pn[None, :, :]) ** 2).sum(-1))
    nearest, gap = dist.argmin(1), dist.min(1)
    rename = {sid: net_nodes["id"].iloc[j] for sid, j, g in zip(street_nodes["id"], nearest, gap) if g <= snap_m}
    segments = streets.replace({"from_node": rename, "to_node": rename})
    if not rename:
        k = int(gap.argmin())
        tee = pd.DataFrame([{"id": "TEE_1", "from_node": net_nodes["id"].iloc[nearest[k]],
                             "to_node": street_nodes["id"].iloc[k], "length_m": float(gap[k])}])
        segments = pd.concat([tee, segments], ignore_index=True)
        rename = {None: net_nodes["id"].iloc[nearest[k]]}
    roots = sorted(set(rename.values()))
    return segments, street_nodes[~street_nodes["id"].isin(rename)], roots


def tee_routes(base, candidates):
    """Without streets: the shortest tree joining the candidates to the network (Euclidean spanning tree,
    the network as one node); each candidate is a route node of its own."""
    net_nodes = _attachable(base)
    lat0 = float(net_nodes["lat"].mean())
    pc = _xy(candidates["lon"], candidates["lat"], lat0)
    pn = _xy(net_nodes["lon"], net_nodes["lat"], lat0)
    to_net = np.sqrt(((pc[:, None, :] - pn[None, :, :]) ** 2).sum(-1))
    n = len(pc)
    full = np.zeros((n + 1, n + 1))
    full[1:, 1:] = np.sqrt(((pc[:, None, :] - pc[None, :, :]) ** 2).sum(-1)) + 1e-3
    full[0, 1:] = full[1:, 0] = to_net.min(1) + 1e-3
    mst = minimum_spanning_tree(full).tocoo()
    ids = ["ROOT"] + [f"TN_{c}" for c in candidates["id"]]
    rows = [{"id": f"TEE_{k + 1}", "from_node": ids[a], "to_node": ids[b], "length_m": float(w)}
            for k, (a, b, w) in enumerate(zip(mst.row, mst.col, mst.data))]
    segments = pd.DataFrame(rows)
    # each tee to the network leaves from the network node nearest to its candidate
    for k, row in segments.iterrows():
        for end in ("from_node", "to_node"):
            if row[end] == "ROOT":
                other = ids.index(row["to_node" if end == "from_node" else "from_node"]) - 1
                segments.at[k, end] = net_nodes["id"].iloc[int(to_net[other].argmin())]
    nodes = pd.DataFrame({"id": ids[1:], "lon": candidates["lon"].to_numpy(), "lat": candidates["lat"].to_numpy()})
    roots = sorted((set(segments["from_node"]) | set(segments["to_node"])) - set(ids))
    return segments, nodes, roots


def spare_kw_at(base, roots):
    """Spare capacity (kW at the design temperatures) of the existing pipes between the plant and each
    attachment node: the least (capacity - design flow) on the path (the base's design hydraulics)."""
    design = base.hydraulics
    if design is None or design.capacity_kg_per_s is None:
        return {r: float("inf") for r in roots}
    table = design.pipes
    cp = float(WATER.heat_capacity_j_per_kg_k((design.supply_temp_c + design.return_temp_c) / 2))
    kw_per_kg_s = cp * (design.supply_temp_c - design.return_temp_c) / 1000.0
    spare = ((table["capacity_kg_per_s"] - table["mass_flow_kg_per_s"].abs()) * kw_per_kg_s).to_numpy()
    nodes = pd.Index(pd.unique(pd.concat([table["from_node"], table["to_node"]])))
    a, b = nodes.get_indexer(table["from_node"]), nodes.get_indexer(table["to_node"])
    graph = sparse.coo_matrix((np.ones(len(a)), (a, b)), shape=(len(nodes),) * 2).tocsr()
    plant = nodes.get_loc(base.network.params["plant_node"])
    _, pred = shortest_path(graph, directed=False, indices=plant, return_predecessors=True, unweighted=True)
    edge = {(u, v): k for k, (u, v) in enumerate(zip(a, b))}
    out = {}
    for root in roots:
        v, worst = nodes.get_loc(root), float("inf")
        while v != plant and pred[v] >= 0:
            u = pred[v]
            worst = min(worst, spare[edge.get((u, v), edge.get((v, u)))])
            v = u
        out[root] = max(0.0, worst)
    return out


def plant_spare_kw(base):
    """Plant capacity at the design temperature (winter capacity where given) less the base's design load."""
    plants, year = base.state.plants, base.year
    live = plants[(pd.to_numeric(plants["commissioned_year"], errors="coerce").fillna(0) <= year)
                  & (pd.to_numeric(plants["retired_year"], errors="coerce").fillna(9999) > year)]
    winter = pd.to_numeric(live.get("winter_capacity_kw"), errors="coerce")
    capacity = float(np.where(winter.notna(), winter, live["capacity_kw"]).sum())
    design = base.hydraulics
    if design is None:
        return float("inf")
    cp = float(WATER.heat_capacity_j_per_kg_k((design.supply_temp_c + design.return_temp_c) / 2))
    node = base.network.params["plant_node"]
    table = design.pipes
    out_flow = table.loc[(table["from_node"] == node) | (table["to_node"] == node), "mass_flow_kg_per_s"].abs().sum()
    load_kw = out_flow * cp * (design.supply_temp_c - design.return_temp_c) / 1000.0
    return capacity - float(load_kw)


def _service_dn(kw, dns):
    caps = dns["capacity_kw"].to_numpy(float)
    return float(dns["dn_mm"].to_numpy(float)[min(np.searchsorted(caps, kw - 1e-9), len(caps) - 1)])


def candidate_economics(candidates, base, dns, refs, options, data=None):
    """The program's per-candidate columns: investment (substation + service pipe, the runner's costs),
    its alternative's annual cost and its upkeep on the network (comparator, EUR HT per year)."""
    data = data or dc.load_data()
    price_set = options.price_set or dc.price_sets(data)[-1]
    terms = dc.scenario_network_terms(base.figures)
    out = candidates.copy()
    out["service_dn_mm"] = [_service_dn(k, dns) for k in out["subscribed_kw"]]
    band = substation_cost_eur(out["subscribed_kw"].to_numpy(float), refs)
    own = pd.to_numeric(out["substation_capex_eur"], errors="coerce").to_numpy(float)
    out["substation_capex_eur"] = np.where(np.isnan(own), band, own)
    out["capex_eur"] = out["substation_capex_eur"] + out["service_length_m"] * pipe_cost_eur_per_m(
        out["service_dn_mm"].to_numpy(float), refs)
    alt, upkeep, net_cost = [], [], []
    for _, row in out.iterrows():
        units = max(int(row["dwellings"]), 1)
        dwelling = _candidate_dwelling(data, row, units)
        a = dc.alternative_cost(row["alternative"], dwelling, price_set, data)
        n = dc.network_cost(dwelling, terms, data)
        alt.append(a["total_eur"] * units)
        upkeep.append((n["p1_aux_eur"] + n["p2_eur"] + n["p3_eur"]) * units)
        net_cost.append(n["total_eur"] * units)
    out["alternative_cost_eur"], out["building_cost_eur"], out["network_cost_eur"] = alt, upkeep, net_cost
    return out


def _candidate_dwelling(data, row, units):
    """A candidate's dwelling for the comparator: its heat sold per dwelling as useful needs (the
    network's substation efficiencies taken out), the reference's heating / hot-water split."""
    ref = dc.reference_dwelling(data, house=row["use"] == "house")
    eff = data["modes"].loc["network"]
    useful = ref.heating_mwh + ref.dhw_mwh
    delivered = ref.heating_mwh / eff["heating_efficiency_frac"] + ref.dhw_mwh / eff["dhw_efficiency_frac"]
    scaled = dc.with_needs(ref, row["heat_mwh"] / units * useful / delivered, row["subscribed_kw"] / units)
    return dc.Dwelling(scaled.heating_mwh, scaled.dhw_mwh, scaled.heating_kw,
                       1 if row["use"] == "house" else units, row["use"] == "house")


def economics_of(base, refs, options):
    """Unit values from the base scenario: R1, the operator's R1 costs, the R2 unit its accounts hold and the R2
    total, the annuity
    (CRF x (1 - subsidy)) and the discount factors over the contract's remaining years."""
    tariff, fig = base.tariff, base.figures
    econ = refs["economics"]
    crf = capital_recovery_factor(econ["discount_rate_frac"], econ["pipe_lifetime_years"])
    end = (base.network.params.get("contract") or {}).get("dsp_end")
    year = options.plan_year or base.year
    years = max(1, (int(str(end)[:4]) - year) if end else econ["pipe_lifetime_years"])
    rate = econ["discount_rate_frac"]
    npv_factor = sum((1 + rate) ** -t for t in range(1, years + 1))
    r1_costs = tariff["r1_costs_eur_per_mwh"]
    if r1_costs is None and options.objective != "dwellings":
        raise pl.PlanError("the base scenario has no operator costs (accounts): the npv and territory_cost "
                           "objectives need them; use --objective dwellings or a base with accounts")
    # the operator bills new kW at the R2 unit its accounts hold (the price anchor's), as the runner's
    # operator view does; the subscribers' price view spreads the held R2 total instead
    r2_unit = float((base.operator or {}).get("r2_eur_per_kw") or tariff["r2_eur_per_kw"])
    return pl.Economics(float(tariff["r1_eur_per_mwh"]), float(r1_costs or 0.0), r2_unit,
                        crf * (1 - options.subsidy_frac), npv_factor, float(fig["heat_sold_mwh"]),
                        float(fig["r2_revenue_eur"]), float(fig["average_price_eur_per_mwh"])), years


def build_case(base_path, candidates, streets=None, street_nodes=None, options=None):
    """The plan's program for ``candidates`` (heatnet.io.candidates) around the base scenario's network."""
    from heatnet.scenarios import run_scenario

    options = options or PlanOptions()
    base = run_scenario(base_path)
    refs = load_references()
    if streets is not None:
        segments, nodes, roots = attach_streets(base, streets, street_nodes, options.snap_m)
        lat0 = float(nodes["lat"].mean())
        pn, pc = _xy(nodes["lon"], nodes["lat"], lat0), _xy(candidates["lon"], candidates["lat"], lat0)
        near = np.sqrt(((pc[:, None, :] - pn[None, :, :]) ** 2).sum(-1)).argmin(1)
        node_of = nodes["id"].to_numpy()[near]
    else:
        segments, nodes, roots = tee_routes(base, candidates)
        node_of = [f"TN_{c}" for c in candidates["id"]]
    tree = pl.route_tree(segments, {r: 0 for r in roots})
    dns = pl.dn_table(physics.settings(base.network.params, refs), refs)
    cands = candidate_economics(candidates.assign(node_id=node_of), base, dns, refs, options)
    if options.r3_eur_per_kw:
        cands = cands.assign(r3_eur=np.where(cands["use"] == "house", options.r3_eur_per_kw * cands["subscribed_kw"], 0))
    econ, years = economics_of(base, refs, options)
    contract = (base.network.params.get("contract") or {}).get("extension_min_kw_per_m")
    limits = pl.Limits(min_kw_per_m=contract if options.contract_rule else None,
                       min_mwh_per_m=refs["density"]["fonds_chaleur_min_mwh_per_m"] if options.subsidy_frac else None,
                       budget_eur=options.budget_eur, plant_spare_kw=plant_spare_kw(base),
                       max_price_rise_frac=options.max_price_rise_frac)
    problem = pl.PlanProblem(cands, tree, spare_kw_at(base, roots), dns, econ, limits)
    rate = refs["economics"]["discount_rate_frac"]
    notes = [f"NPV over the contract's remaining {years} years at {rate:.0%}"]
    return PlanCase(base, Path(base_path), cands, problem, options, nodes, notes, years, rate)


def plan_scenario(case, solution, out_dir=None, name=None):
    """The plan as a scenario: one ``add_substations`` per phase (the year candidates become available),
    its route segments (parents first) and substations; R1 held at the base's, the R2 total held, the
    investment's annuity (net of subsidy) in R2."""
    cands = case.candidates.set_index("id").loc[solution.selected]
    plan_year = case.options.plan_year or case.base.year
    cand_year = cands["year_available"].fillna(plan_year).astype(int).clip(lower=plan_year)
    seg = solution.segments.copy()
    seg_year = _segment_phases(case, seg, cands, cand_year)
    rename = {n: f"P_{n}" for n in case.street_nodes["id"]}
    lonlat = case.street_nodes.set_index("id")[["lon", "lat"]]
    known = set(case.base.state.clients["client"])
    measures = []
    for year in sorted(set(cand_year)):
        in_phase = seg[seg_year == year].sort_values("depth")
        routes = [{"id": f"R_{r.id}", "from_node": rename.get(r.parent_node, r.parent_node),
                   "to_node": rename[r.child_node], "length_m": float(r.length_m), "dn_mm": float(r.dn_mm),
                   "lon": _num(lonlat.at[r.child_node, "lon"]), "lat": _num(lonlat.at[r.child_node, "lat"])}
                  for r in in_phase.itertuples()]
        phase = cands[cand_year == year]
        subs = [_substation(cid, row, rename) for cid, row in phase.iterrows()]
        clients = [{"client": c, "name": c, "category": phase.loc[phase["client"] == c, "category"].iloc[0]}
                   for c in sorted(set(phase["client"]) - known)]
        known |= set(phase["client"])
        measures.append({"add_substations": {"name": f"Plan {solution.objective} {year}",
                                             "connect_to": sorted(case.problem.roots)[0], "clients": clients,
                                             "routes": routes, "substations": subs, "commissioning_year": year}})
    base_rel = Path(_relative(case.base_path, out_dir))
    # the plan is appraised at its base's climate (like for like): operation settings are not inherited
    base_dju = (case.base.scenario.operation or {}).get("dju")
    operation = {"operation": {"dju": base_dju}} if base_dju else {}
    return Scenario.model_validate({**operation,
        "name": name or label("plan_scenario_name", "fr").format(objective=label(f"plan_name_{solution.objective}",
                                                                                  "fr")),
        "description": (f"heatnet plan: objective {solution.objective} = {solution.value:.6f} "
                        f"({_unit(solution.objective)}); {len(solution.selected)} candidates, "
                        f"{len(solution.segments)} segments; status {solution.status}"),
        "base": str(base_rel), "year": int(max(cand_year.max(), plan_year)) if len(cands) else plan_year,
        "measures": measures,
        "tariff": {"r1_eur_per_mwh": case.problem.economics.r1_eur_per_mwh, "r2_policy": "hold_total",
                   "include_extension_capex": True, "capex_subsidy_frac": case.options.subsidy_frac}})


def _num(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def _unit(objective):
    return {"npv": "EUR", "territory_cost": "EUR HT per year", "dwellings": "dwellings"}[objective]


def _relative(path, folder):
    import os

    return os.path.relpath(Path(path).resolve(), Path(folder).resolve()) if folder else str(Path(path).resolve())


def _substation(cid, row, rename):
    return {"id": cid, "building": str(row["building"]), "client": row["client"], "dwellings": int(row["dwellings"]),
            "subscribed_kw": float(row["subscribed_kw"]), "heat_mwh": float(row["heat_mwh"]),
            "pipe_length_m": float(row["service_length_m"]), "pipe_dn_mm": float(row["service_dn_mm"]),
            "connect_to": rename.get(row["node_id"], row["node_id"]),
            "substation_capex_eur": float(row["substation_capex_eur"]), "lon": row["lon"], "lat": row["lat"]}


def _segment_phases(case, seg, cands, cand_year):
    """Each built segment's phase: the earliest year of a candidate it serves; its depth from the network."""
    tree = case.problem.segments.set_index("id")
    parent_of = dict(zip(tree.index, tree["parent_segment"]))
    into = dict(zip(tree["child_node"], tree.index))
    year = {}
    for cid, node in cands["node_id"].items():
        s = into.get(node)
        while s is not None:
            year[s] = min(year.get(s, 10_000), int(cand_year[cid]))
            s = parent_of.get(s)
    depth = {}
    for s in seg["id"]:
        d, p = 0, parent_of.get(s)
        while p is not None:
            d, p = d + 1, parent_of.get(p)
        depth[s] = d
    seg["depth"] = seg["id"].map(depth)
    return seg["id"].map(year).to_numpy()


def write_plan(case, solution, out_path, force=False):
    """Write the plan scenario to ``out_path`` (never over an existing file without ``force``)."""
    scenario = plan_scenario(case, solution, out_dir=Path(out_path).parent)
    return save_scenario(scenario, out_path, overwrite=force)


def objective_from_result(case, result, objective):
    """The objective re-evaluated from the scenario runner's result of the written plan."""
    added = result.state.substations
    ids = set(added["id"]) & set(case.candidates["id"])
    cands = case.candidates.set_index("id")
    chosen = cands.loc[sorted(ids)]
    if objective == "npv":  # the runner's operator accounts (hold_unit view) against the same without the plan
        op, tariff, base = result.operator, result.tariff, case.base.figures
        without = ((tariff["r1_eur_per_mwh"] - tariff["r1_costs_eur_per_mwh"]) * base["heat_sold_mwh"]
                   + op["r2_eur_per_kw"] * base["subscribed_kw"]
                   - (tariff["r2_costs_eur"] - tariff["extension_annuity_in_r2_eur"]) + op["nonrecurring_balance_eur"])
        return (op["operating_result_eur"] - without) * case.problem.economics.npv_factor
    if objective == "territory_cost":
        others = cands.drop(index=list(ids))
        return (float(others["alternative_cost_eur"].sum()) + float(chosen["building_cost_eur"].sum())
                + result.tariff["r1_costs_eur_per_mwh"] * float(chosen["heat_mwh"].sum())
                + result.tariff["extension_annuity_in_r2_eur"])
    return float(chosen["dwellings"].sum())


# ---------------------------------------------------------------- why: parts, buildings, the houses' doubt

def part_figures(problem, mask):
    """What connecting exactly the candidates ``mask`` means, constraints aside: investment, lengths and
    densities, the operator's annual change and NPV, the territory's annual change, the average price."""
    e = problem.economics
    c = problem.candidates
    kw, mwh = c["subscribed_kw"].to_numpy(float), c["heat_mwh"].to_numpy(float)
    flow = pl.segment_flows_kw(problem, mask)
    built = flow > 0
    caps, costs = problem.dns["capacity_kw"].to_numpy(float), problem.dns["cost_eur_per_m"].to_numpy(float)
    choice = np.minimum(np.searchsorted(caps, flow[built] - 1e-9), len(caps) - 1)
    length = problem.segments["length_m"].to_numpy(float)[built]
    capex = float(c["capex_eur"].to_numpy(float)[mask].sum() + (costs[choice] * length).sum())
    r3 = float(c["r3_eur"].to_numpy(float)[mask].sum()) if "r3_eur" in c else 0.0
    margin = float((e.r1_eur_per_mwh - e.r1_costs_eur_per_mwh) * mwh[mask].sum() + e.r2_eur_per_kw * kw[mask].sum())
    annuity = e.annuity_frac * capex
    trench = length.sum() + c["service_length_m"].to_numpy(float)[mask].sum()
    territory = float((c["building_cost_eur"] + e.r1_costs_eur_per_mwh * c["heat_mwh"]
                       - c["alternative_cost_eur"]).to_numpy(float)[mask].sum()) + annuity
    heat = e.base_heat_mwh + mwh[mask].sum()
    price = e.r1_eur_per_mwh + (e.base_r2_total_eur + annuity) / heat if heat else None
    return {"candidates": int(mask.sum()), "dwellings": int(c["dwellings"].to_numpy()[mask].sum()),
            "subscribed_kw": float(kw[mask].sum()), "heat_mwh": float(mwh[mask].sum()),
            "street_length_m": float(length.sum()), "trench_length_m": float(trench), "capex_eur": capex,
            "kw_per_m": float(kw[mask].sum() / length.sum()) if length.sum() else None,
            "mwh_per_m": float(mwh[mask].sum() / trench) if trench else None,
            "operator_margin_eur": margin + r3, "annuity_eur": annuity,
            "operator_annual_eur": margin + r3 - annuity, "npv_eur": (margin + r3 - annuity) * e.npv_factor,
            "territory_annual_change_eur": territory,
            "average_price_eur_per_mwh": price,
            "price_change_frac": price / e.base_price_eur_per_mwh - 1 if price and e.base_price_eur_per_mwh else None}


def parts_report(case):
    """Each part of the district alone (by use) and all together: what pays, under which view."""
    c = case.candidates
    parts = {use: (c["use"] == use).to_numpy() for use in sorted(set(c["use"]))}
    parts["all"] = np.ones(len(c), bool)
    if "house" in parts and len(parts) > 2:
        parts["all but houses"] = (c["use"] != "house").to_numpy()
    return {name: part_figures(case.problem, mask) for name, mask in parts.items()}


def house_r3_eur_per_kw(case, data=None):
    """An R3 that recovers a house module's annuity over its life (ASSUMPTION: Dunkerque has an R3 for
    houses, the study gives no figure): module EUR x CRF(rate, life) / the house's kW."""
    data = data or dc.load_data()
    houses = case.candidates[case.candidates["use"] == "house"]
    if houses.empty:
        return 0.0
    house = data["params"]["house"]
    crf = capital_recovery_factor(load_references()["economics"]["discount_rate_frac"], house["connection_life_years"])
    return float(houses["substation_capex_eur"].mean() * crf / houses["subscribed_kw"].mean())


def houses_answer(case, subsidy_frac=0.35, data=None):
    """The study's doubt (do individual mining houses pay?) in figures: the houses' increment over the
    collective and public buildings, with and without a subsidy, with and without an R3."""
    data = data or dc.load_data()
    c = case.candidates
    houses, others = (c["use"] == "house").to_numpy(), (c["use"] != "house").to_numpy()
    if not houses.any():
        return []
    r3 = house_r3_eur_per_kw(case, data)
    rows = []
    saved = (case.problem.economics.annuity_frac, case.problem.candidates)
    crf = saved[0] / (1 - case.options.subsidy_frac) if case.options.subsidy_frac < 1 else saved[0]
    for sub, r3_value in ((0.0, 0.0), (subsidy_frac, 0.0), (0.0, r3), (subsidy_frac, r3)):
        case.problem.economics.annuity_frac = crf * (1 - sub)
        case.problem.candidates = saved[1].assign(r3_eur=np.where(houses, r3_value * saved[1]["subscribed_kw"], 0.0))
        both, alone = part_figures(case.problem, houses | others), part_figures(case.problem, others)
        rows.append({"subsidy_frac": sub, "r3_eur_per_kw": r3_value,
                     "houses_alone": part_figures(case.problem, houses),
                     "houses_increment_npv_eur": both["npv_eur"] - alone["npv_eur"],
                     "houses_increment_territory_eur": both["territory_annual_change_eur"]
                     - alone["territory_annual_change_eur"],
                     "per_house": _per_house(case, data, r3_value, sub)})
    case.problem.economics.annuity_frac, case.problem.candidates = saved
    return rows


def _per_house(case, data, r3_value, subsidy_frac):
    """One house's year (EUR TTC) on the network (its module net of subsidy) and with individual gas."""
    row = case.candidates[case.candidates["use"] == "house"].iloc[0]
    dwelling = _candidate_dwelling(data, row, 1)
    terms = dc.scenario_network_terms(case.base.figures, r3_value)
    net = dc.network_cost(dwelling, terms, data, substation_eur=row["substation_capex_eur"] * (1 - subsidy_frac),
                          connection_eur=0.0)
    price_set = case.options.price_set or dc.price_sets(data)[-1]
    gas = dc.alternative_cost(row["alternative"], dwelling, price_set, data)
    return {"network_ttc_eur": net["total_ttc_eur"], "alternative_ttc_eur": gas["total_ttc_eur"],
            "alternative": row["alternative"], "network_co2_kg": net["co2_kg"], "alternative_co2_kg": gas["co2_kg"]}


def buildings_report(case, solution):
    """Each candidate: connected or not, and why (its own margin against its own investment's annuity,
    the street it needs alone and its density, its year's cost per dwelling on the network and without)."""
    c, e = case.candidates, case.problem.economics
    chosen = set(solution.selected)
    rows = []
    for i, row in enumerate(c.itertuples()):
        alone = np.zeros(len(c), bool)
        alone[i] = True
        fig = part_figures(case.problem, alone)
        own_margin = (e.r1_eur_per_mwh - e.r1_costs_eur_per_mwh) * row.heat_mwh + e.r2_eur_per_kw * row.subscribed_kw
        units = max(int(row.dwellings), 1)
        rows.append({"id": row.id, "use": row.use, "connected": row.id in chosen, "heat_mwh": row.heat_mwh,
                     "subscribed_kw": row.subscribed_kw, "own_margin_eur": own_margin,
                     "own_annuity_eur": e.annuity_frac * row.capex_eur, "street_alone_m": fig["street_length_m"],
                     "kw_per_m_alone": fig["kw_per_m"], "network_eur_per_dwelling": row.network_cost_eur / units,
                     "alternative_eur_per_dwelling": row.alternative_cost_eur / units,
                     "reason": _reason(row.id in chosen, own_margin, e.annuity_frac * row.capex_eur, fig)})
    return pd.DataFrame(rows)


def _reason(connected, margin, annuity, alone):
    if connected:
        return "connected: the plan's objective is better with it"
    if margin < annuity:
        return f"its margin ({margin:,.0f} EUR/yr) does not pay its substation and branch ({annuity:,.0f} EUR/yr)"
    return (f"alone it needs {alone['street_length_m']:,.0f} m of street ({alone['kw_per_m'] or 0:.2f} kW/m): "
            f"{alone['annuity_eur']:,.0f} EUR/yr against a margin of {alone['operator_margin_eur']:,.0f}")
