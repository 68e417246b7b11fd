"""The network as a networkx graph: topology, lengths by DN, downstream loads, densities.

Nodes are the rows of ``nodes.csv`` (plant sites, junctions, delivery points); edges are
the pipes. Substations hang on their ``node_id``. Loads flow away from the plant node:
on a tree, the substations downstream of a pipe are those beyond it seen from the plant;
on a meshed network, "downstream" follows the shortest-path tree from the plant (by
length), which is how the graph orients the pipes.
"""

from dataclasses import dataclass

import networkx as nx
import pandas as pd


class GraphError(ValueError):
    """The pipes do not form a usable network (a node unreachable from the plant, an unknown pipe...)."""


@dataclass
class NetworkGraph:
    """An undirected pipe graph, its orientation from the plant, and the substations on it.

    ``substations`` needs the columns ``id``, ``node_id``, ``heat_mwh`` and ``subscribed_kw``.
    """

    graph: nx.Graph
    tree: nx.DiGraph  # shortest-path tree from the plant: edges point away from the plant
    plant_node: str
    pipes: pd.DataFrame
    substations: pd.DataFrame

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

        One pass from the leaves up the plant's tree: O(nodes).
        """
        loads = self.node_loads()
        kw = {n: 0.0 for n in self.tree.nodes}
        mwh = dict(kw)
        count = {n: 0 for n in self.tree.nodes}
        per_node = self.substations.groupby("node_id").size()
        for node, row in loads.iterrows():
            kw[node] += row["subscribed_kw"]
            mwh[node] += row["heat_mwh"]
            count[node] += int(per_node[node])
        for node in reversed(list(nx.topological_sort(self.tree))):
            for parent in self.tree.predecessors(node):
                kw[parent] += kw[node]
                mwh[parent] += mwh[node]
                count[parent] += count[node]
        rows = []
        for pipe in self.pipes.itertuples():
            down = self._downstream_end(pipe)
            if down is None:  # a meshing pipe outside the tree carries no tree load
                rows.append((pipe.id, 0.0, 0.0, 0))
            else:
                rows.append((pipe.id, kw[down], mwh[down], count[down]))
        return pd.DataFrame(rows, columns=["pipe_id", "downstream_subscribed_kw", "downstream_heat_mwh",
                                           "downstream_substations"]).set_index("pipe_id")

    def _downstream_end(self, pipe):
        if self.tree.has_edge(pipe.from_node, pipe.to_node):
            return pipe.to_node
        if self.tree.has_edge(pipe.to_node, pipe.from_node):
            return pipe.from_node
        return None

    def _pipe(self, pipe_id):
        match = self.pipes[self.pipes["id"] == pipe_id]
        if match.empty:
            raise GraphError(f"unknown pipe {pipe_id!r}")
        return next(match.itertuples())

    def downstream_substations(self, pipe_id):
        """The substations fed through ``pipe_id`` (rows of ``substations``)."""
        down = self._downstream_end(self._pipe(pipe_id))
        if down is None:
            return self.substations.iloc[0:0]
        nodes = nx.descendants(self.tree, down) | {down}
        return self.substations[self.substations["node_id"].isin(nodes)]

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
        target = match["node_id"].iloc[0]
        nodes = nx.shortest_path(self.tree, self.plant_node, target)
        pipes = [self.graph.edges[a, b]["id"] for a, b in zip(nodes, nodes[1:])]
        length = sum(self.graph.edges[a, b]["length_m"] for a, b in zip(nodes, nodes[1:]))
        return {"nodes": nodes, "pipes": pipes, "length_m": float(length)}

    def unreachable_substations(self):
        reachable = set(self.tree.nodes)
        return sorted(self.substations.loc[~self.substations["node_id"].isin(reachable), "id"])


def build_graph(nodes, pipes, substations, plant_node):
    """Build the graph; raise GraphError if a substation cannot be reached from ``plant_node``."""
    graph = nx.Graph()
    graph.add_nodes_from((i, {"kind": k}) for i, k in zip(nodes["id"], nodes["kind"]))
    seen = {}
    branches = pipes["branch"] if "branch" in pipes else [None] * len(pipes)
    edges = []
    for pid, a, b, dn, length, branch in zip(pipes["id"], pipes["from_node"], pipes["to_node"], pipes["dn_mm"],
                                             pipes["length_m"], branches):
        key = frozenset((a, b))
        if key in seen:
            raise GraphError(f"pipes {seen[key]!r} and {pid!r} join the same two nodes ({a}, {b}); merge them or "
                             "add a junction")
        seen[key] = pid
        edges.append((a, b, {"id": pid, "dn_mm": dn, "length_m": length, "branch": branch}))
    graph.add_edges_from(edges)
    if plant_node not in graph:
        raise GraphError(f"plant node {plant_node!r} is not a node of the network")
    predecessors, _ = nx.dijkstra_predecessor_and_distance(graph, plant_node, weight="length_m")
    tree = nx.DiGraph()
    tree.add_node(plant_node)
    tree.add_edges_from((parents[0], node) for node, parents in predecessors.items() if parents)
    result = NetworkGraph(graph=graph, tree=tree, plant_node=plant_node, pipes=pipes.reset_index(drop=True),
                          substations=substations.reset_index(drop=True))
    missing = result.unreachable_substations()
    if missing:
        raise GraphError(f"substation(s) {missing} cannot be reached from the plant node {plant_node!r}: "
                         "no chain of pipes connects them")
    return result
