"""The network as a graph: topology, lengths by DN, downstream loads, densities.

Nodes are the rows of ``nodes.csv`` (plant sites, junctions, delivery points); edges are
the pipes. Substations hang on their ``node_id``. Loads flow away from the plant node:
on a tree, the substations downstream of a pipe are those beyond it seen from the plant;
on a meshed network, "downstream" follows the shortest-path tree from the plant (by
length), which is how the graph orients the pipes.

The graph is held as arrays: the tree from the plant and the sums along it are walked level by
level in numpy when the pipes form a tree of up to ``forest.MAX_NODES`` nodes (heatnet.model.forest;
on a tree the shortest paths are the only paths), else with scipy.sparse.csgraph (Dijkstra from the
plant, subtree sums by one triangular solve), which a 10^5-pipe network builds in a fraction of a
second; ``graph`` and ``tree`` give it as networkx objects when asked for.
"""

import functools
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from heatnet.model import forest


class GraphError(ValueError):
    """The pipes do not form a usable network (a node unreachable from the plant, an unknown pipe...)."""


@dataclass
class NetworkGraph:
    """An undirected pipe graph, its orientation from the plant, and the substations on it.

    ``substations`` needs the columns ``id``, ``node_id``, ``heat_mwh`` and ``subscribed_kw``.
    ``node_ids``: every node (the node table's, then any a pipe names besides); ``parent``: each
    node's predecessor on the shortest-path tree from the plant (by length), -1 at the plant and
    at nodes it does not reach; ``order``: the reached nodes by distance from the plant.
    """

    plant_node: str
    pipes: pd.DataFrame
    substations: pd.DataFrame
    node_ids: pd.Index = field(repr=False)
    kinds: list = field(repr=False)
    frm: np.ndarray = field(repr=False)
    to: np.ndarray = field(repr=False)
    parent: np.ndarray = field(repr=False)
    order: np.ndarray = field(repr=False)
    roots: tuple = ()  # the plant nodes' positions (more than one: sub-networks, each fed at its own)
    substation_at: np.ndarray | None = field(default=None, repr=False)  # each substation's node, -1 if none
    levels: tuple | None = field(default=None, repr=False)  # (order, starts) of forest.breadth_first, on a small tree

    @property
    def graph(self):
        """The pipes as an undirected networkx graph (node ``kind``; edge ``id``, ``dn_mm``, ``length_m``,
        ``branch``)."""
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from((i, {"kind": k}) for i, k in zip(self.node_ids, self.kinds))
        branches = self.pipes["branch"] if "branch" in self.pipes else [None] * len(self.pipes)
        graph.add_edges_from((a, b, {"id": pid, "dn_mm": dn, "length_m": length, "branch": branch})
                             for pid, a, b, dn, length, branch in zip(
                                 self.pipes["id"], self.pipes["from_node"], self.pipes["to_node"],
                                 self.pipes["dn_mm"], self.pipes["length_m"], branches))
        return graph

    @property
    def tree(self):
        """The shortest-path tree from the plant as a networkx DiGraph, edges pointing away from it."""
        import networkx as nx

        tree = nx.DiGraph()
        tree.add_node(self.plant_node)
        children = self._children
        tree.add_edges_from(zip(self.node_ids[self.parent[children]], self.node_ids[children]))
        return tree

    @property
    def _children(self):
        """Every reached node but the plant node(s), in the order from the plant(s)."""
        return self.order[self.parent[self.order] >= 0]

    def _subtree_sums(self, per_node):
        """Sum of a per-node quantity (nodes x k) over each node's subtree of the plant's tree."""
        out = np.zeros(per_node.shape)
        if self.levels is not None:
            rows, sweeps = self._level_sweeps
            out[rows] = sweeps.solve(per_node[rows])
            return out
        from scipy.sparse import csr_matrix
        from scipy.sparse.linalg import splu

        rank = np.full(len(self.node_ids), -1)
        rank[self.order] = np.arange(len(self.order))
        children = self._children
        # x_v - sum of its children's x = value at v: upper triangular in the order from the plant
        matrix = csr_matrix((np.r_[np.ones(len(self.order)), -np.ones(len(children))],
                             (np.r_[np.arange(len(self.order)), rank[self.parent[children]]],
                              np.r_[np.arange(len(self.order)), rank[children]])),
                            shape=(len(self.order), len(self.order)))
        lu = splu(matrix.tocsc(), permc_spec="NATURAL", diag_pivot_thresh=0.0, options={"SymmetricMode": True})
        out[self.order] = lu.solve(np.ascontiguousarray(per_node[self.order]))
        return out

    @functools.cached_property
    def _level_sweeps(self):
        """The tree's nodes level by level, each level by distance from the plant, and their sweeps: each
        node adds its children from the farthest, as the triangular solve in distance order does."""
        walk_order, starts = self.levels
        rank = np.empty(len(self.node_ids), int)
        rank[self.order] = np.arange(len(self.order))
        level = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
        rows = walk_order[np.lexsort((rank[walk_order], level))]
        row_of = np.empty(len(self.node_ids), int)
        row_of[rows] = np.arange(len(rows))
        parent = self.parent[rows]
        return rows, forest.LevelSweeps(np.where(parent >= 0, row_of[np.maximum(parent, 0)], -1), starts)

    def _downstream_ends(self):
        """Each pipe's end away from the plant on the tree (node position), -1 for a pipe outside it."""
        return np.where(self.parent[self.to] == self.frm, self.to,
                        np.where(self.parent[self.frm] == self.to, self.frm, -1))

    # -------------------------------------------------------------- lengths
    @property
    def total_length_m(self):
        return float(self.pipes["length_m"].sum())

    def length_by_dn(self):
        """Trench length by nominal diameter, m (Series indexed by dn_mm, ascending)."""
        return self.pipes.groupby("dn_mm")["length_m"].sum().sort_index().rename("length_m")

    # -------------------------------------------------------------- loads
    def node_loads(self):
        """Subscribed kW and MWh connected at each node (DataFrame indexed by node id)."""
        return self.substations.groupby("node_id")[["subscribed_kw", "heat_mwh"]].sum()

    def pipe_loads(self):
        """For each pipe, the substations' subscribed kW and MWh downstream of it, and their count.

        One triangular solve up the plant's tree: O(nodes).
        """
        at = self.node_ids.get_indexer(self.substations["node_id"])
        per_node = np.zeros((len(self.node_ids), 3))
        np.add.at(per_node, at, np.c_[self.substations["subscribed_kw"].to_numpy(float),
                                      self.substations["heat_mwh"].to_numpy(float), np.ones(len(at))])
        below = self._subtree_sums(per_node)
        down = self._downstream_ends()
        inside = down >= 0  # a meshing pipe outside the tree carries no tree load
        sums = np.where(inside[:, None], below[np.maximum(down, 0)], 0.0)
        return pd.DataFrame({"pipe_id": self.pipes["id"].to_numpy(), "downstream_subscribed_kw": sums[:, 0],
                             "downstream_heat_mwh": sums[:, 1],
                             "downstream_substations": np.round(sums[:, 2]).astype(int)}).set_index("pipe_id")

    def _pipe(self, pipe_id):
        match = np.flatnonzero((self.pipes["id"] == pipe_id).to_numpy())
        if not len(match):
            raise GraphError(f"unknown pipe {pipe_id!r}")
        return int(match[0])

    def downstream_substations(self, pipe_id):
        """The substations fed through ``pipe_id`` (rows of ``substations``)."""
        down = self._downstream_ends()[self._pipe(pipe_id)]
        if down < 0:
            return self.substations.iloc[0:0]
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import breadth_first_order

        children = self._children
        tree = csr_matrix((np.ones(len(children)), (self.parent[children], children)),
                          shape=(len(self.node_ids),) * 2)
        nodes = self.node_ids[breadth_first_order(tree, down, directed=True, return_predecessors=False)]
        return self.substations[self.substations["node_id"].isin(set(nodes))]

    def downstream_load(self, pipe_id):
        subs = self.downstream_substations(pipe_id)
        return {"subscribed_kw": float(subs["subscribed_kw"].sum()), "heat_mwh": float(subs["heat_mwh"].sum()),
                "substations": int(len(subs))}

    # -------------------------------------------------------------- densities
    def linear_density(self, pipes=None, substations=None):
        """Heat sold per metre of trench per year and subscribed kW per metre."""
        pipes = self.pipes if pipes is None else pipes
        substations = self.substations if substations is None else substations
        length_m = float(pipes["length_m"].sum())
        if length_m <= 0:
            return {"length_m": 0.0, "mwh_per_m": float("nan"), "kw_per_m": float("nan")}
        return {"length_m": length_m, "mwh_per_m": float(substations["heat_mwh"].sum()) / length_m,
                "kw_per_m": float(substations["subscribed_kw"].sum()) / length_m}

    def branch_summary(self):
        """Per branch: length, first pipe from the plant, substations, kW, MWh, densities."""
        loads = self.pipe_loads()
        rows = []
        for branch, pipes in self.pipes.groupby("branch", dropna=True):
            subs = self.substations[self.substations["branch"] == branch] if "branch" in self.substations else None
            first = pipes[(pipes["from_node"] == self.plant_node) | (pipes["to_node"] == self.plant_node)]
            first_id = first["id"].iloc[0] if not first.empty else None
            density = self.linear_density(pipes, subs)
            rows.append({
                "branch": branch, "first_pipe_id": first_id, "length_m": density["length_m"],
                "substations": int(len(subs)), "subscribed_kw": float(subs["subscribed_kw"].sum()),
                "heat_mwh": float(subs["heat_mwh"].sum()),
                "first_pipe_downstream_kw": float(loads.loc[first_id, "downstream_subscribed_kw"]) if first_id else 0.0,
                "mwh_per_m": density["mwh_per_m"], "kw_per_m": density["kw_per_m"],
            })
        return pd.DataFrame(rows).set_index("branch") if rows else pd.DataFrame()

    # -------------------------------------------------------------- paths
    def path_to(self, substation_id):
        """Nodes and pipes from the plant to a substation: ``{"nodes": [...], "pipes": [...], "length_m": x}``."""
        match = self.substations[self.substations["id"] == substation_id]
        if match.empty:
            raise GraphError(f"unknown substation {substation_id!r}")
        node = int(self.node_ids.get_loc(match["node_id"].iloc[0]))
        path = [node]
        while path[-1] not in self.roots:
            if self.parent[path[-1]] < 0:
                raise GraphError(f"substation {substation_id!r} cannot be reached from the plant node "
                                 f"{self.plant_node!r}")
            path.append(int(self.parent[path[-1]]))
        path.reverse()
        pipe_of = {}
        for k, (a, b) in enumerate(zip(self.frm.tolist(), self.to.tolist())):
            pipe_of[(a, b)] = pipe_of[(b, a)] = k
        steps = [pipe_of[pair] for pair in pairwise(path)]
        ids, lengths = self.pipes["id"].to_numpy(), self.pipes["length_m"].to_numpy()
        return {"nodes": [self.node_ids[k] for k in path], "pipes": [ids[k] for k in steps],
                "length_m": float(sum(lengths[k] for k in steps))}

    def unreachable_substations(self):
        reached = np.zeros(len(self.node_ids), bool)
        reached[self.order] = True
        at = self.substation_at if self.substation_at is not None else self.node_ids.get_indexer(
            self.substations["node_id"])
        lost = (at < 0) | ~reached[np.maximum(at, 0)]
        return sorted(self.substations.loc[lost, "id"])


def build_graph(nodes, pipes, substations, plant_node, other_plant_nodes=()):
    """Build the graph; raise GraphError if a substation cannot be reached from ``plant_node`` (or from
    one of ``other_plant_nodes``: sub-networks, each fed at its own plant node, oriented from the
    nearest)."""
    frm_ids, to_ids = pipes["from_node"].to_numpy(object), pipes["to_node"].to_numpy(object)
    n_table, m = len(nodes), len(pipes)
    # one hash pass: the node table's ids first (unique, checked where read), then any other pipe end
    # the substations' nodes in the same pass: a code past the nodes' and pipes' is a node of neither
    codes, uniques = pd.factorize(np.r_[nodes["id"].to_numpy(object), frm_ids, to_ids,
                                        substations["node_id"].to_numpy(object)])
    known = int(codes[:n_table + 2 * m].max()) + 1 if n_table + 2 * m else 0
    substation_at = np.where(codes[n_table + 2 * m:] < known, codes[n_table + 2 * m:], -1)
    codes, uniques = codes[:n_table + 2 * m], uniques[:known]
    node_ids = pd.Index(uniques, dtype=object)  # looked up by id: a hash of objects, not pandas' slower str index
    kinds = list(nodes["kind"]) + [None] * (len(uniques) - n_table)
    frm, to = codes[n_table:n_table + m], codes[n_table + m:]
    pair = pd.DataFrame({"low": np.minimum(frm, to), "high": np.maximum(frm, to)})
    twice = pair.duplicated().to_numpy()
    if twice.any():
        k = int(np.argmax(twice))
        first = int(np.flatnonzero((pair["low"] == pair["low"][k]).to_numpy() & (pair["high"] == pair["high"][k])
                                   .to_numpy())[0])
        ids = pipes["id"].to_numpy()
        raise GraphError(f"pipes {ids[first]!r} and {ids[k]!r} join the same two nodes ({frm_ids[k]}, {to_ids[k]}); "
                         "merge them or add a junction")
    at = node_ids.get_indexer([plant_node, *other_plant_nodes])  # one lookup (129 took 50 ms at 10^5 nodes)
    if (at < 0).any():
        raise GraphError(f"plant node {[plant_node, *other_plant_nodes][int(np.argmax(at < 0))]!r} is not a node "
                         "of the network")
    roots = tuple(at.tolist())
    n = len(node_ids)
    distance, parent, levels = _shortest_paths(n, frm, to, pipes["length_m"].to_numpy(float), roots)
    reached = np.flatnonzero(np.isfinite(distance))
    order = reached[np.argsort(distance[reached], kind="stable")]
    result = NetworkGraph(plant_node=plant_node, pipes=pipes.reset_index(drop=True),
                          substations=substations.reset_index(drop=True), node_ids=node_ids, kinds=kinds, frm=frm,
                          to=to, parent=parent, order=order, roots=roots, substation_at=substation_at,
                          levels=levels)
    missing = result.unreachable_substations()
    if missing:
        raise GraphError(f"substation(s) {missing} cannot be reached from the plant node {plant_node!r}: "
                         "no chain of pipes connects them")
    return result


def _shortest_paths(n, frm, to, length_m, roots):
    """Distance from the nearest plant node by the pipes' lengths, each node's predecessor on that path
    (-1 at the plant nodes and at nodes not reached), and the walk's levels (``NetworkGraph.levels``)
    when the pipes form one small tree on each plant's sub-network (then the only paths), else None."""
    walk = forest.breadth_first(n, frm, to, roots) if n <= forest.MAX_NODES and len(frm) == n - len(roots) else None
    if walk is not None and len(walk[0]) == n:
        order, parent, starts = walk
        link_m = np.zeros(n)  # the length of the pipe from each node's predecessor
        child = np.where(parent[to] == frm, to, frm)
        link_m[child] = length_m
        distance = np.full(n, np.inf)
        distance[order[:starts[1]]] = 0.0
        for k in range(1, len(starts) - 1):
            nodes = order[starts[k]:starts[k + 1]]
            distance[nodes] = distance[parent[nodes]] + link_m[nodes]
        return distance, parent, (order, starts)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    lengths = csr_matrix((length_m, (frm, to)), shape=(n, n))
    if len(roots) == 1:
        distance, parent = dijkstra(lengths, directed=False, indices=roots[0], return_predecessors=True)
    else:
        distance, parent, _ = dijkstra(lengths, directed=False, indices=list(roots), min_only=True,
                                       return_predecessors=True)
    return distance, np.where(parent < 0, -1, parent), None
