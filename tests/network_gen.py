"""Generated network folders of any size, trees or meshes, for the tests and the benchmarks.

One generator for both: the tests import it from here and the benchmarks import it from the tests
(as they already import tests/network_cases.py), so the package never depends on it and a benchmark
measures the very networks the tests check.

The layout is a town's: nodes scattered over a plane about 40 m apart, the pipes of the tree the
shortest set of streets joining them all (the Euclidean minimum spanning tree of their Delaunay
triangulation), rooted at the plant near the centre. A mesh adds ``loop_frac`` extra pipes between
neighbours that the tree does not join (street corners closing a block), as real networks are meshed.
Every node but a plant's is a delivery point with one substation: 85 % houses of 10-40 kW subscribed,
15 % buildings of 100-400 kW (tens of kW per house, hundreds per building), 1,800 full-load hours.

A city's load does not go through one plant: walking the tree from its leaves, a node where the load
gathered beyond it would overflow the catalogue's largest pipe (DN 500 at the 2 m/s design velocity,
about 39 MW at 85/60 °C) becomes a district's plant, which feeds what lies beyond it, and the central
plant feeds what remains. Each district is its own sub-network (network.yaml ``plant_feeds: plants``):
the street joining a district's plant to the district it grew from carries no pipe, and loop pipes
stay within a district. Each pipe is sized from the subscribed load beyond it in its district for both
2 m/s and 150 Pa/m (the smallest catalogue DN from DN 25 that carries it), so none exceeds DN 500; a
loop pipe takes the smaller DN of the pipes at its ends. At 10^5 pipes (seed 7): 5.75 GW subscribed in
127 districts of at most 73 MW (the mesh), largest pump head 9.9 bar; 15 districts at 10^4; 2 at
10^3 (docs/physics.md).
"""

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import breadth_first_order, minimum_spanning_tree
from scipy.spatial import Delaunay

from heatnet.model.hydraulics import PipeProperties, capacity_kg_per_s
from heatnet.model.pipes import WATER, pipe_geometry, read_catalogue

SPACING_M = 40.0
HOUSE_FRAC = 0.85
FULL_LOAD_HOURS = 1800.0
DESIGN_VELOCITY_M_PER_S = 2.0
DESIGN_GRADIENT_PA_PER_M = 150.0  # the middle of the usual 100-200 Pa/m design range (docs/physics.md)
KW_PER_KG_S = 4.19 * 25.0  # cp (kJ/kg/K) x the design temperature drop (K)
LON0_DEG, LAT0_DEG = 2.83, 50.43  # near Lens: the map pages need real coordinates


def generate_network(n_pipes, loop_frac=0.0, seed=0):
    """Tables of a generated network: ``{"nodes", "pipes", "substations", "loads", "plant_node", "branches",
    "plants"}`` (``plant_node``: "PLANT", or the list of the districts' plant nodes, "PLANT" first, as
    ``PipeNetwork`` takes it; ``plants``: each plant's ``node_id`` and ``district_kw``).

    ``n_pipes``: pipes in all, less one for each district's plant but the central one (the street that
    would join it to the district it grew from is not a pipe); ``loop_frac``: loop pipes per tree pipe
    (0.02: 2 % more pipes, one loop each, within a district). ``loads`` holds each substation's ``heat_mwh`` and ``subscribed_kw`` (year 2024).
    """
    rng = np.random.default_rng(seed)
    n_tree = round(n_pipes / (1.0 + loop_frac))
    n_loops = n_pipes - n_tree
    n_nodes = n_tree + 1
    side_m = SPACING_M * np.sqrt(n_nodes)
    xy = rng.uniform(0.0, side_m, (n_nodes, 2))
    plant = int(np.argmin(((xy - side_m / 2) ** 2).sum(axis=1)))
    # candidate streets: the Delaunay edges, each once
    simplices = Delaunay(xy).simplices
    edges = np.sort(np.concatenate([simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]]]), axis=1)
    edges = np.unique(edges, axis=0)
    length = np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)
    graph = coo_matrix((length, (edges[:, 0], edges[:, 1])), shape=(n_nodes, n_nodes)).tocsr()
    tree = minimum_spanning_tree(graph).tocoo()
    tree_edges = np.c_[tree.row, tree.col]
    order, pred = breadth_first_order(tree + tree.T, plant, directed=False, return_predecessors=True)
    # orient each tree pipe from the plant's side; from_node the parent
    child = np.where(pred[tree_edges[:, 1]] == tree_edges[:, 0], tree_edges[:, 1], tree_edges[:, 0])
    parent = pred[child]

    house = rng.random(n_nodes) < HOUSE_FRAC
    subscribed_kw = np.where(house, rng.uniform(10.0, 40.0, n_nodes), rng.uniform(100.0, 400.0, n_nodes))
    subscribed_kw = np.round(subscribed_kw, 1)
    subscribed_kw[plant] = 0.0
    dns, carries_kg_per_s = design_capacities()
    district_kw, is_plant = _districts(subscribed_kw, order, pred, plant, carries_kg_per_s[-1] * KW_PER_KG_S)
    subscribed_kw[is_plant] = 0.0  # a plant's site, no substation
    district = np.arange(n_nodes)  # each node's district, named by its plant
    top = np.arange(n_nodes)  # each node's first node beyond its plant: its branch
    for node in order[1:].tolist():
        if not is_plant[node]:
            district[node] = district[pred[node]]
            top[node] = node if is_plant[pred[node]] else top[pred[node]]
    keep = ~is_plant[child]  # a district's plant is not joined to the district it grew from
    child, parent = child[keep], parent[keep]
    n_tree = len(child)

    in_tree = set(map(tuple, np.sort(tree_edges, axis=1)))
    spare = np.array([k for k, e in enumerate(map(tuple, edges)) if e not in in_tree], int)
    spare = spare[district[edges[spare, 0]] == district[edges[spare, 1]]]  # loops within a district
    spare = spare[np.argsort(length[spare], kind="stable")][: max(4 * n_loops, n_loops)]  # short streets
    chords = edges[rng.choice(spare, n_loops, replace=False)] if n_loops else np.zeros((0, 2), int)

    tree_dn = dns[np.minimum(np.searchsorted(carries_kg_per_s, district_kw[child] / KW_PER_KG_S), len(dns) - 1)]
    dn_of_node = np.full(n_nodes, dns[-1])
    dn_of_node[child] = tree_dn
    chord_dn = np.minimum(dn_of_node[chords[:, 0]], dn_of_node[chords[:, 1]]) if n_loops else np.zeros(0)

    names = np.array([f"N{k}" for k in range(n_nodes)], dtype=object)
    names[plant] = "PLANT"
    frm = np.r_[parent, chords[:, 0]]
    to = np.r_[child, chords[:, 1]]
    route_m = np.maximum(1.15 * np.hypot(*(xy[frm] - xy[to]).T), 5.0)  # streets are not straight lines
    is_leaf = np.bincount(parent, minlength=n_nodes) == 0
    kind = np.where(np.r_[is_leaf[child], np.zeros(n_loops, bool)], "service",
                    np.where(np.r_[tree_dn, chord_dn] >= 200, "trunk", "distribution"))
    # branches: each plant's first pipes, each with everything beyond it
    letters = {n: f"B{i + 1}" for i, n in enumerate(sorted(set(top[child].tolist())))}
    branch = [letters[top[c]] for c in child.tolist()] + [letters[top[b] if is_plant[a] else top[a]]
                                                          for a, b in chords.tolist()]
    pipes = pd.DataFrame({"id": [f"P{k}" for k in range(n_tree)] + [f"M{k}" for k in range(n_loops)],
                          "from_node": names[frm], "to_node": names[to], "dn_mm": np.r_[tree_dn, chord_dn],
                          "length_m": np.round(route_m, 1), "branch": branch, "kind": kind})
    lat = LAT0_DEG + xy[:, 1] / 110_540.0
    lon = LON0_DEG + xy[:, 0] / (111_320.0 * np.cos(np.radians(LAT0_DEG)))
    nodes = pd.DataFrame({"id": names, "kind": np.where(is_plant, "plant_site", "delivery"),
                          "lon": np.round(lon, 7), "lat": np.round(lat, 7)})
    served = np.flatnonzero(~is_plant)
    substations = pd.DataFrame({"id": [f"S{k}" for k in served], "building": np.where(house[served], "house",
                                                                                      "building"),
                                "client": np.where(house[served], "Private", "Housing"),
                                "branch": [letters[top[k]] for k in served], "node_id": names[served]})
    loads = pd.DataFrame({"substation_id": substations["id"], "year": 2024,
                          "heat_mwh": np.round(subscribed_kw[served] * FULL_LOAD_HOURS / 1000.0, 2),
                          "subscribed_kw": subscribed_kw[served]})
    plants = np.r_[plant, np.flatnonzero(is_plant & (np.arange(n_nodes) != plant))]
    return {"nodes": nodes, "pipes": pipes, "substations": substations, "loads": loads,
            "plant_node": "PLANT" if len(plants) == 1 else list(names[plants]),
            "branches": sorted(letters.values(), key=lambda b: int(b[1:])),
            "plants": pd.DataFrame({"node_id": names[plants], "district_kw": district_kw[plants]})}


def design_capacities():
    """The catalogue's DNs from DN 25 (no service pipe below) and the flow each carries within the
    design velocity and pressure gradient, water at 85 °C (kg/s)."""
    catalogue = read_catalogue()
    catalogue = catalogue[catalogue["dn_mm"] >= 25]
    dns = catalogue["dn_mm"].to_numpy(float)
    diameter_m, roughness_m = pipe_geometry(dns)
    water = PipeProperties(np.ones(len(dns)), diameter_m, roughness_m, float(WATER.density_kg_per_m3(85.0)),
                           float(WATER.viscosity_pa_s(85.0)))
    return dns, capacity_kg_per_s(water, DESIGN_VELOCITY_M_PER_S, DESIGN_GRADIENT_PA_PER_M)


def _districts(subscribed_kw, order, pred, root, max_pipe_kw):
    """Districts and their plants, from the leaves: a node where the load gathered beyond it exceeds
    ``max_pipe_kw`` becomes a plant feeding it, and adds nothing to its parent's. Each node's pipe from
    its parent then carries at most ``max_pipe_kw``. Returns (each node's load beyond it in its
    district: a plant's is its district's, plants)."""
    gathered = subscribed_kw.copy()
    is_plant = np.zeros(len(gathered), bool)
    is_plant[root] = True
    for node in order[:0:-1].tolist():  # leaves first
        if gathered[node] > max_pipe_kw:
            is_plant[node] = True
            gathered[node] -= subscribed_kw[node]  # the plant's site: its substation goes
        else:
            gathered[pred[node]] += gathered[node]
    return gathered, is_plant


def node_loads_kw(network):
    """Subscribed kW at each node (Series by node id, every node, the plant's 0)."""
    by_node = pd.Series(network["loads"]["subscribed_kw"].to_numpy(), index=network["substations"]["node_id"])
    return by_node.groupby(level=0).sum().reindex(network["nodes"]["id"], fill_value=0.0)


NETWORK_YAML = """\
# Generated by tests/network_gen.py: {n_pipes} pipes ({n_loops} loops), seed {seed}; not a real network.
name: Generated {n_pipes} pipes, {n_loops} loops
reference_dju: 2500
layout_reconstructed: true
plant_node: PLANT
hydraulics:
  plant_feeds: plants   # {n_plants} districts, each fed by its plant
contract:
  dsp_start: 2020-01-01
  dsp_end: 2039-12-31
  extension_min_kw_per_m: 3.0
"""

SCENARIO_YAML = """\
name: Generated network, 2024
network: {folder}
year: 2024
load_year: 2024
"""


def write_network_folder(folder, n_pipes, loop_frac=0.0, seed=0):
    """Write a network folder and ``scenario.yaml`` beside its tables; return the scenario's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    net = generate_network(n_pipes, loop_frac, seed)
    n_loops = int((net["pipes"]["id"].str[0] == "M").sum())
    (folder / "network.yaml").write_text(NETWORK_YAML.format(n_pipes=n_pipes, n_loops=n_loops, seed=seed,
                                                                 n_plants=len(net["plants"])))
    for name in ("nodes", "pipes", "substations", "loads"):
        net[name].to_csv(folder / f"{name}.csv", index=False)
    pd.DataFrame({"client": ["Private", "Housing"], "name": ["Private owners", "A landlord"],
                  "category": ["private_housing", "social_housing"], "public_building": [False, False]}).to_csv(
        folder / "clients.csv", index=False)
    pd.DataFrame({"branch": net["branches"], "dn_mm": [float(net["pipes"].loc[net["pipes"]["branch"] == b,
                                                                            "dn_mm"].max()) for b in net["branches"]]}
                 ).to_csv(folder / "branches.csv", index=False)
    # one plant row a district (the dispatch pools them: docs/physics.md), 1.5 times its subscribed power,
    # wood boilers in two districts of three and gas in the third, the wood first in the merit order
    sites = net["plants"]
    wood = np.arange(len(sites)) % 3 != 2
    ids = [f"{'wood' if w else 'gas'}_{k + 1}" for k, w in enumerate(wood)]
    pd.DataFrame({"id": ids, "technology": np.where(wood, "biomass_boiler", "gas_boiler"),
                  "fuel": np.where(wood, "wood", "gas"), "node_id": sites["node_id"],
                  "capacity_kw": np.round(1.5 * sites["district_kw"]), "efficiency_frac": np.where(wood, 0.85, 0.92),
                  "renewable": wood, "in_dsp": True,
                  "merit_order": np.argsort(np.argsort(~wood, kind="stable"), kind="stable") + 1}).to_csv(
        folder / "plants.csv", index=False)
    (folder / "tariffs_r1.csv").write_text("effective_date,component,fuel,eur_per_mwh\n2020-01-01,energy,wood,40\n"
                                           "2020-01-01,energy,gas,60\n2020-01-01,co2,,1\n2020-01-01,tax,,0.5\n")
    (folder / "tariffs_r2.csv").write_text("effective_date,component,eur_per_kw\n2020-01-01,r2_1,2\n"
                                           "2020-01-01,r2_2,10\n2020-01-01,r2_3,3\n2020-01-01,r2_4,8\n"
                                           "2020-01-01,r2_5,1\n")
    (folder / "mix_weights.csv").write_text("effective_date,fuel,weight_frac\n2020-01-01,wood,0.75\n"
                                            "2020-01-01,gas,0.25\n")
    scenario = folder / "scenario.yaml"
    scenario.write_text(SCENARIO_YAML.format(folder="."))
    return scenario
