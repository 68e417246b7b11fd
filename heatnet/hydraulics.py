"""Steady-state hydraulics of the supply and return pipes, on trees and meshed networks.

Each substation draws ``m = P / (cp * (T_supply - T_return))``; the plant node holds the
pressure. Pressure drops follow Darcy-Weisbach with the Colebrook-White friction factor
(laminar 64/Re below Re 2,300), water properties at the pipe's temperature. On a tree the
flows follow from mass balance alone; on a meshed network the flows and nodal pressures are
solved together by the global gradient method (Todini & Pilati 1988): Newton iterations on
the pipes' head-loss equations and the nodes' mass balance, with a sparse linear solve per
iteration. The return network carries the same flows the other way, at the return
temperature. Supply temperatures fall along each pipe exponentially with its heat loss
(``u_w_per_m_k`` to the ground), mixing at nodes by mass flow.
"""

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix, diags
from scipy.sparse.linalg import spsolve

from heatnet.pipes import WATER, pipe_geometry


class HydraulicError(ValueError):
    """A network the solver cannot solve (disconnected, no convergence)."""


def friction_factor(reynolds, relative_roughness, iterations=12):
    """Darcy friction factor: Colebrook-White (fixed point from Swamee-Jain), 64/Re when laminar."""
    re = np.maximum(np.asarray(reynolds, float), 1e-9)
    rr = np.asarray(relative_roughness, float)
    f = 0.25 / np.log10(rr / 3.7 + 5.74 / np.maximum(re, 10.0) ** 0.9) ** 2
    for _ in range(iterations):
        f = (-2.0 * np.log10(rr / 3.7 + 2.51 / (np.maximum(re, 10.0) * np.sqrt(f)))) ** -2
    return np.where(re < 2300.0, 64.0 / re, f)


def pressure_drop_pa(mass_flow_kg_per_s, length_m, diameter_m, roughness_m, temp_c, fluid=WATER):
    """Darcy-Weisbach pressure drop (Pa), signed like the flow; also the friction factor and Reynolds."""
    rho = fluid.density_kg_per_m3(temp_c)
    mu = fluid.viscosity_pa_s(temp_c)
    area = np.pi * diameter_m ** 2 / 4
    q = np.asarray(mass_flow_kg_per_s, float)
    velocity = q / (rho * area)
    reynolds = np.abs(velocity) * diameter_m * rho / mu
    f = friction_factor(reynolds, roughness_m / diameter_m)
    return f * length_m / diameter_m * rho * velocity * np.abs(velocity) / 2, f, reynolds, velocity


@dataclass
class HydraulicResult:
    pipes: pd.DataFrame  # pipe_id, from_node, to_node, mass_flow_kg_per_s, velocity_m_per_s, pressure_drop_bar, ...
    nodes: pd.DataFrame  # node_id, supply_pressure_bar, return_pressure_bar, differential_pressure_bar, supply_temp_c
    pump_head_bar: float
    pump_power_kw: float
    critical_node: str
    iterations: int
    max_mass_imbalance_kg_per_s: float
    heat_loss_kw: float


def _incidence(nodes, pipes):
    index = {n: i for i, n in enumerate(nodes)}
    rows = np.arange(len(pipes))
    frm = pipes["from_node"].map(index).to_numpy()
    to = pipes["to_node"].map(index).to_numpy()
    if np.isnan(frm.astype(float)).any() or np.isnan(to.astype(float)).any():
        raise HydraulicError("a pipe joins a node missing from the node list")
    a = csr_matrix((np.r_[np.ones(len(pipes)), -np.ones(len(pipes))], (np.r_[rows, rows], np.r_[frm, to])),
                   shape=(len(pipes), len(nodes)))
    return a, frm.astype(int), to.astype(int)


def _tree_flows(nodes, pipes, demand, slack):
    """Flows of a spanning tree (shortest by length) that meet the demands; other pipes start at 0."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for k, (a, b, length) in enumerate(zip(pipes["from_node"], pipes["to_node"], pipes["length_m"])):
        graph.add_edge(a, b, k=k, length=length)
    if not nx.is_connected(graph):
        lost = sorted(set(nodes) - nx.node_connected_component(graph, slack))[:10]
        raise HydraulicError(f"nodes {lost} are not connected to the plant node {slack!r}")
    tree = nx.bfs_tree(nx.minimum_spanning_tree(graph, weight="length"), slack)
    flows = np.zeros(len(pipes))
    carried = dict(zip(nodes, demand))
    for node in reversed(list(nx.topological_sort(tree))):
        for parent in tree.predecessors(node):
            k = graph.edges[parent, node]["k"]
            sign = 1.0 if pipes["from_node"].iat[k] == parent else -1.0
            flows[k] = sign * carried[node]
            carried[parent] += carried[node]
    is_tree = len(pipes) == len(nodes) - 1
    return flows, is_tree


def solve_flows(nodes, pipes, demand_kg_per_s, slack, temp_c, tol_kg_per_s=1e-11, max_iterations=100,
                fluid=WATER):
    """Mass flows (kg/s, positive from from_node to to_node) meeting ``demand_kg_per_s`` at each node.

    ``pipes`` needs from_node, to_node, length_m, diameter_m, roughness_m. Returns (flows,
    pressure drops Pa, iterations).
    """
    nodes = list(nodes)
    demand = np.asarray(demand_kg_per_s, float)
    flows, is_tree = _tree_flows(nodes, pipes, demand, slack)
    length, diameter, rough = (pipes[c].to_numpy(float) for c in ("length_m", "diameter_m", "roughness_m"))
    if is_tree:
        dp, *_ = pressure_drop_pa(flows, length, diameter, rough, temp_c, fluid)
        return flows, dp, 0
    a, _, _ = _incidence(nodes, pipes)
    free = np.array([n != slack for n in nodes])
    a_free = a[:, free]
    flows = np.where(flows == 0, 1e-3, flows)
    previous = np.inf
    stalled = 0
    for iteration in range(1, max_iterations + 1):
        dp, *_ = pressure_drop_pa(flows, length, diameter, rough, temp_c, fluid)
        # derivative of the head loss in the flow, turbulent-quadratic approximation (GGA)
        slope = np.maximum(2.0 * np.abs(dp / flows), 1e-6)
        inv = diags(1.0 / slope)
        # pipe equation p_from - p_to = dp(q); node balance: -A^T q = d (outflow through from_node)
        matrix = (a_free.T @ inv @ a_free).tocsc()
        rhs = -(demand[free]) - a_free.T @ (flows - dp / slope)
        p_free = spsolve(matrix, rhs)
        new_flows = flows - dp / slope + inv @ (a_free @ p_free)
        change = np.max(np.abs(new_flows - flows))
        flows = new_flows
        scale = 1.0 + np.max(np.abs(flows))
        if change < tol_kg_per_s * scale:
            break
        # at the rounding floor of a large system the change stops shrinking: stop there, not before
        stalled = stalled + 1 if change > 0.5 * previous and change < 1e-7 * scale else 0
        if stalled >= 3:
            break
        previous = change
    else:
        raise HydraulicError(f"no convergence after {max_iterations} iterations (last change {change:.3g} kg/s)")
    dp, *_ = pressure_drop_pa(flows, length, diameter, rough, temp_c, fluid)
    return flows, dp, iteration


def _node_pressures(nodes, pipes, dp, slack, p_slack_pa):
    """Pressures from the plant along a spanning tree (any tree: on a solved mesh loops close)."""
    graph = nx.Graph()
    for k, (a, b) in enumerate(zip(pipes["from_node"], pipes["to_node"])):
        graph.add_edge(a, b, k=k)
    pressure = {slack: p_slack_pa}
    for parent, child in nx.bfs_edges(graph, slack):
        k = graph.edges[parent, child]["k"]
        sign = 1.0 if pipes["from_node"].iat[k] == parent else -1.0
        pressure[child] = pressure[parent] - sign * dp[k]
    return np.array([pressure[n] for n in nodes])


def _supply_temperatures(nodes, pipes, flows, slack, supply_temp_c, ground_temp_c, u_w_per_m_k, fluid=WATER):
    """Temperatures along the flow: exponential decay in each pipe, mixing at nodes."""
    cp = float(fluid.heat_capacity_j_per_kg_k(supply_temp_c))
    directed = nx.DiGraph()
    directed.add_nodes_from(nodes)
    for k, (a, b, q) in enumerate(zip(pipes["from_node"], pipes["to_node"], flows)):
        if abs(q) > 1e-12:
            directed.add_edge(a, b, k=k) if q > 0 else directed.add_edge(b, a, k=k)
    temp = {n: np.nan for n in nodes}
    temp[slack] = supply_temp_c
    inlet, outlet = np.full(len(pipes), np.nan), np.full(len(pipes), np.nan)
    for node in nx.topological_sort(directed):
        incoming = list(directed.in_edges(node, data="k"))
        if incoming:
            q = np.array([abs(flows[k]) for _, _, k in incoming])
            temp[node] = float(np.sum(q * outlet[[k for _, _, k in incoming]]) / q.sum())
        for _, _, k in directed.out_edges(node, data="k"):
            inlet[k] = temp[node]
            decay = np.exp(-u_w_per_m_k[k] * pipes["length_m"].iat[k] / (abs(flows[k]) * cp))
            outlet[k] = ground_temp_c + (temp[node] - ground_temp_c) * decay
    return temp, inlet, outlet, cp


def solve_hydraulics(nodes, pipes, loads_kw, plant_node, supply_temp_c=85.0, return_temp_c=60.0,
                     ground_temp_c=10.0, plant_supply_pressure_bar=6.0, substation_min_dp_bar=1.0,
                     pump_efficiency_frac=0.7, u_w_per_m_k=None, catalogue=None, fluid=WATER):
    """Flows, pressures, temperatures and losses of a network at given substation loads.

    ``nodes``: node ids; ``pipes``: id, from_node, to_node, dn_mm, length_m; ``loads_kw``: Series of
    heat drawn at nodes (kW, by node id). ``u_w_per_m_k``: heat-loss coefficient of each supply pipe
    to the ground (array; 0 when None); ``fluid``: its properties (water by default). The pump head covers the supply and return drops to the
    critical node plus ``substation_min_dp_bar`` there.
    """
    nodes = list(nodes)
    pipes = pipes.reset_index(drop=True).copy()
    diameter, rough = pipe_geometry(pipes["dn_mm"].to_numpy(float), catalogue)
    pipes["diameter_m"], pipes["roughness_m"] = diameter, rough
    unknown = sorted(set(loads_kw.index) - set(nodes))
    if unknown:
        raise HydraulicError(f"loads at unknown node(s) {unknown[:10]}")
    cp_mean = float(fluid.heat_capacity_j_per_kg_k((supply_temp_c + return_temp_c) / 2))
    demand = loads_kw.reindex(nodes, fill_value=0.0).to_numpy(float) * 1000.0 / (
        cp_mean * (supply_temp_c - return_temp_c))
    demand[nodes.index(plant_node)] = 0.0  # the plant node feeds the rest: it is the slack
    demand[nodes.index(plant_node)] = -demand.sum()
    flows, dp_supply, iterations = solve_flows(nodes, pipes, demand, plant_node, supply_temp_c, fluid=fluid)
    length = pipes["length_m"].to_numpy(float)
    dp_return, *_ = pressure_drop_pa(flows, length, diameter, rough, return_temp_c, fluid)
    _, f, reynolds, velocity = pressure_drop_pa(flows, length, diameter, rough, supply_temp_c, fluid)
    a, _, _ = _incidence(nodes, pipes)
    imbalance = np.abs(-(a.T @ flows) - demand)
    p_supply = _node_pressures(nodes, pipes, dp_supply, plant_node, plant_supply_pressure_bar * 1e5)
    return_drop = plant_supply_pressure_bar * 1e5 - _node_pressures(nodes, pipes, dp_return, plant_node,
                                                                     plant_supply_pressure_bar * 1e5)
    loaded = np.array([loads_kw.get(n, 0.0) > 0 for n in nodes])
    supply_drop = plant_supply_pressure_bar * 1e5 - p_supply
    need = supply_drop + return_drop
    critical = int(np.flatnonzero(loaded)[np.argmax(need[loaded])]) if loaded.any() else nodes.index(plant_node)
    head_pa = need[critical] + substation_min_dp_bar * 1e5
    p_return = plant_supply_pressure_bar * 1e5 - head_pa + return_drop
    u = np.zeros(len(pipes)) if u_w_per_m_k is None else np.asarray(u_w_per_m_k, float)
    temp, inlet, outlet, cp = _supply_temperatures(nodes, pipes, flows, plant_node, supply_temp_c, ground_temp_c, u,
                                                   fluid)
    heat_loss_kw = np.abs(flows) * cp * (inlet - outlet) / 1000.0
    rho_return = float(fluid.density_kg_per_m3(return_temp_c))
    total_flow = float(demand[demand > 0].sum())
    table = pd.DataFrame({
        "pipe_id": pipes["id"], "from_node": pipes["from_node"], "to_node": pipes["to_node"],
        "dn_mm": pipes["dn_mm"], "length_m": pipes["length_m"], "inner_diameter_m": diameter,
        "mass_flow_kg_per_s": flows, "velocity_m_per_s": velocity, "reynolds": reynolds, "friction_factor": f,
        "pressure_drop_bar": dp_supply / 1e5, "return_pressure_drop_bar": dp_return / 1e5,
        "pressure_gradient_pa_per_m": np.abs(dp_supply) / pipes["length_m"].to_numpy(float),
        "supply_temp_in_c": inlet, "supply_temp_out_c": outlet, "heat_loss_kw": np.nan_to_num(heat_loss_kw)})
    node_table = pd.DataFrame({"node_id": nodes, "supply_pressure_bar": p_supply / 1e5,
                               "return_pressure_bar": p_return / 1e5,
                               "differential_pressure_bar": (p_supply - p_return) / 1e5,
                               "supply_temp_c": [temp[n] for n in nodes], "demand_kg_per_s": demand})
    return HydraulicResult(
        pipes=table, nodes=node_table, pump_head_bar=head_pa / 1e5,
        pump_power_kw=head_pa * total_flow / rho_return / pump_efficiency_frac / 1000.0,
        critical_node=nodes[critical], iterations=iterations, max_mass_imbalance_kg_per_s=float(imbalance.max()),
        heat_loss_kw=float(np.nansum(heat_loss_kw)))
