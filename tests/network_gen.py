"""Generated network folders of any size, trees or meshes, for the tests and the benchmarks.

One generator for both: the tests import it from here and the benchmarks import it from the tests
(as they already import tests/network_cases.py), so the package never depends on it and a benchmark
measures the very networks the tests check.

The layout is a town's: nodes scattered over a plane about 40 m apart, the pipes of the tree the
shortest set of streets joining them all (the Euclidean minimum spanning tree of their Delaunay
triangulation), rooted at the plant near the centre. A mesh adds ``loop_frac`` extra pipes between
neighbours that the tree does not join (street corners closing a block), as real networks are meshed.
Every node but the plant is a delivery point with one substation: 85 % houses of 10-40 kW subscribed,
15 % buildings of 100-400 kW (tens of kW per house, hundreds per building), 1,800 full-load hours.
Each tree pipe is sized from the load beyond it for 2 m/s at the design temperatures, capped at the
catalogue's largest DN; a loop pipe takes the smaller DN of the pipes at its ends. At 10^5 pipes the
peak is about 6 GW: one plant row (``capacity_kw`` at most 10^7 kW) covers it, none is split.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import breadth_first_order, minimum_spanning_tree
from scipy.spatial import Delaunay

from heatnet.model.pipes import read_catalogue

SPACING_M = 40.0
HOUSE_FRAC = 0.85
FULL_LOAD_HOURS = 1800.0
DESIGN_VELOCITY_M_PER_S = 2.0
KW_PER_KG_S = 4.19 * 25.0  # cp (kJ/kg/K) x the design temperature drop (K)
LON0_DEG, LAT0_DEG = 2.83, 50.43  # near Lens: the map pages need real coordinates


def generate_network(n_pipes, loop_frac=0.0, seed=0):
    """Tables of a generated network: ``{"nodes", "pipes", "substations", "loads", "plant_node"}``.

    ``n_pipes``: pipes in all; ``loop_frac``: loop pipes per tree pipe (0.02: 2 % more pipes, one loop
    each). ``loads`` holds each substation's ``heat_mwh`` and ``subscribed_kw`` (year 2024).
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
    in_tree = set(map(tuple, np.sort(tree_edges, axis=1)))
    spare = np.array([k for k, e in enumerate(map(tuple, edges)) if e not in in_tree], int)
    spare = spare[np.argsort(length[spare], kind="stable")][: max(4 * n_loops, n_loops)]  # short streets
    chords = edges[rng.choice(spare, n_loops, replace=False)] if n_loops else np.zeros((0, 2), int)

    house = rng.random(n_nodes) < HOUSE_FRAC
    subscribed_kw = np.where(house, rng.uniform(10.0, 40.0, n_nodes), rng.uniform(100.0, 400.0, n_nodes))
    subscribed_kw = np.round(subscribed_kw, 1)
    subscribed_kw[plant] = 0.0
    downstream_kw = subscribed_kw.copy()
    for node in order[:0:-1]:  # leaves first
        downstream_kw[pred[node]] += downstream_kw[node]

    catalogue = read_catalogue()
    dns = catalogue["dn_mm"].to_numpy(float)
    carries_kg_per_s = DESIGN_VELOCITY_M_PER_S * 970.0 * np.pi * (catalogue["inner_diameter_mm"].to_numpy() / 1000) ** 2 / 4
    first = dns >= 25  # no service pipe below DN 25
    dns, carries_kg_per_s = dns[first], carries_kg_per_s[first]
    tree_dn = dns[np.minimum(np.searchsorted(carries_kg_per_s, downstream_kw[child] / KW_PER_KG_S), len(dns) - 1)]
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
    # branches: the plant's first pipes, each with everything beyond it
    top = np.arange(n_nodes)
    for node in order[1:]:
        top[node] = node if pred[node] == plant else top[pred[node]]
    letters = {n: f"B{i + 1}" for i, n in enumerate(sorted(set(top[child])))}
    branch = [letters[top[c]] for c in child] + [letters[top[a]] if a != plant else letters[top[b]]
                                                  for a, b in chords]
    pipes = pd.DataFrame({"id": [f"P{k}" for k in range(n_tree)] + [f"M{k}" for k in range(n_loops)],
                          "from_node": names[frm], "to_node": names[to], "dn_mm": np.r_[tree_dn, chord_dn],
                          "length_m": np.round(route_m, 1), "branch": branch, "kind": kind})
    lat = LAT0_DEG + xy[:, 1] / 110_540.0
    lon = LON0_DEG + xy[:, 0] / (111_320.0 * np.cos(np.radians(LAT0_DEG)))
    nodes = pd.DataFrame({"id": names, "kind": np.where(np.arange(n_nodes) == plant, "plant_site", "delivery"),
                          "lon": np.round(lon, 7), "lat": np.round(lat, 7)})
    served = np.flatnonzero(np.arange(n_nodes) != plant)
    substations = pd.DataFrame({"id": [f"S{k}" for k in served], "building": np.where(house[served], "house",
                                                                                      "building"),
                                "client": np.where(house[served], "Private", "Housing"),
                                "branch": [letters[top[k]] for k in served], "node_id": names[served]})
    loads = pd.DataFrame({"substation_id": substations["id"], "year": 2024,
                          "heat_mwh": np.round(subscribed_kw[served] * FULL_LOAD_HOURS / 1000.0, 2),
                          "subscribed_kw": subscribed_kw[served]})
    return {"nodes": nodes, "pipes": pipes, "substations": substations, "loads": loads, "plant_node": "PLANT",
            "branches": sorted(letters.values(), key=lambda b: int(b[1:]))}


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
    (folder / "network.yaml").write_text(NETWORK_YAML.format(n_pipes=n_pipes, n_loops=n_loops, seed=seed))
    for name in ("nodes", "pipes", "substations", "loads"):
        net[name].to_csv(folder / f"{name}.csv", index=False)
    pd.DataFrame({"client": ["Private", "Housing"], "name": ["Private owners", "A landlord"],
                  "category": ["private_housing", "social_housing"], "public_building": [False, False]}).to_csv(
        folder / "clients.csv", index=False)
    pd.DataFrame({"branch": net["branches"], "dn_mm": [float(net["pipes"].loc[net["pipes"]["branch"] == b,
                                                                            "dn_mm"].max()) for b in net["branches"]]}
                 ).to_csv(folder / "branches.csv", index=False)
    peak_kw = float(net["loads"]["subscribed_kw"].sum())
    base_kw = min(round(0.4 * peak_kw, -3), 1e7)
    gas_kw = min(round(1.1 * peak_kw, -3), 1e7)
    pd.DataFrame({"id": ["wood", "gas"], "technology": ["biomass_boiler", "gas_boiler"], "fuel": ["wood", "gas"],
                  "node_id": ["PLANT", "PLANT"], "capacity_kw": [base_kw, gas_kw], "efficiency_frac": [0.85, 0.92],
                  "renewable": [True, False], "in_dsp": [True, True], "merit_order": [1, 2]}).to_csv(
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
