"""Steady-state hydraulics of the supply and return pipes, on trees and meshed networks.

Each substation draws ``m = P / (cp * (T_supply - T_return))``; the plant node holds the
pressure. Pressure drops follow Darcy-Weisbach with the Colebrook-White friction factor
(laminar 64/Re below Re 2,300), water properties at the pipe's temperature.

``PipeNetwork`` prepares a network once (geometry from the catalogue, a breadth-first spanning
tree from the plant, the fundamental loops of its chords) and then solves it for any loads:

- on the tree, mass balance alone gives the flows: one sparse triangular solve;
- each chord (a pipe outside the tree) closes one loop; its flow is an unknown, the tree flows
  follow linearly from it (``q = q0 + G z``), so mass balance holds exactly at every iteration.
  Newton's method on the loops' pressure sums (the loop-flow formulation of Hardy Cross,
  with the exact derivative of Colebrook-White) solves for the chord flows: a system of the
  size of the number of loops, not of nodes;
- pressures, then supply temperatures (exponential decay in each pipe towards the ground,
  mixing at nodes by mass flow) come from one triangular or sparse solve each.

The return network carries the same flows the other way at the return temperature.
"""

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components
from scipy.linalg.lapack import dposv
from scipy.sparse.linalg import splu, spsolve, spsolve_triangular

from heatnet.model.pipes import WATER, pipe_geometry

LAMINAR_RE = 2300.0


class HydraulicError(ValueError):
    """A network the solver cannot solve (disconnected, no convergence)."""


COLEBROOK_DIVISOR = 3.7  # k / (3.7 D): Colebrook (1939); some tools (pandapipes) write 3.71


def _colebrook(reynolds, relative_roughness, divisor=COLEBROOK_DIVISOR):
    """Turbulent Darcy factor and x = 1/sqrt(f): Swamee-Jain start, then Newton on Colebrook-White."""
    re = np.maximum(reynolds, 10.0)
    x = -2.0 * np.log10(relative_roughness / 3.7 + 5.74 / re ** 0.9)  # Swamee-Jain, within about 1 %
    for _ in range(3):  # quadratic convergence: 1 % -> 1e-4 -> 1e-8 -> machine precision
        inner = relative_roughness / divisor + 2.51 * x / re
        g = x + 2.0 * np.log10(inner)
        dg = 1.0 + 2.0 / np.log(10.0) * (2.51 / re) / inner
        x = x - g / dg
    return 1.0 / x ** 2, x


def friction_factor(reynolds, relative_roughness, divisor=COLEBROOK_DIVISOR):
    """Darcy friction factor: Colebrook-White, 64/Re when laminar (Re < 2,300)."""
    re = np.maximum(np.asarray(reynolds, float), 1e-9)
    f, _ = _colebrook(re, np.asarray(relative_roughness, float), divisor)
    return np.where(re < LAMINAR_RE, 64.0 / re, f)


def _friction_elasticity(reynolds, relative_roughness, divisor=COLEBROOK_DIVISOR):
    """f and (Re / f) df/dRe: -1 when laminar; from Colebrook's implicit derivative when turbulent."""
    re = np.maximum(reynolds, 1e-9)
    f, x = _colebrook(re, relative_roughness, divisor)
    inner = relative_roughness / divisor + 2.51 * x / re
    c = 2.0 / np.log(10.0)
    dx_dre = (c * 2.51 * x / re ** 2 / inner) / (1.0 + c * 2.51 / re / inner)
    elasticity = -2.0 * re * dx_dre / x  # f = x^-2: (Re/f) df/dRe = -2 (Re/x) dx/dRe
    laminar = re < LAMINAR_RE
    return np.where(laminar, 64.0 / re, f), np.where(laminar, -1.0, elasticity)


def pressure_drop_pa(mass_flow_kg_per_s, length_m, diameter_m, roughness_m, temp_c, fluid=WATER):
    """Darcy-Weisbach pressure drop (Pa), signed like the flow; also the friction factor and Reynolds."""
    rho = fluid.density_kg_per_m3(temp_c)
    mu = fluid.viscosity_pa_s(temp_c)
    area = np.pi * np.asarray(diameter_m, float) ** 2 / 4
    q = np.asarray(mass_flow_kg_per_s, float)
    velocity = q / (rho * area)
    reynolds = np.abs(velocity) * diameter_m * rho / mu
    f = friction_factor(reynolds, np.asarray(roughness_m, float) / diameter_m)
    return f * length_m / diameter_m * rho * velocity * np.abs(velocity) / 2, f, reynolds, velocity


@dataclass
class PipeProperties:
    """Geometry and the water's properties at one temperature: drop and slope as functions of flow."""

    length_m: np.ndarray
    diameter_m: np.ndarray
    roughness_m: np.ndarray
    rho: float
    mu: float
    divisor: float = COLEBROOK_DIVISOR

    def __post_init__(self):
        self.area_m2 = np.pi * self.diameter_m ** 2 / 4
        self.relative_roughness = self.roughness_m / self.diameter_m
        self.re_per_flow = self.diameter_m / (self.area_m2 * self.mu)  # Re = |q| D / (A mu)
        self.k = self.length_m / (2.0 * self.rho * self.diameter_m * self.area_m2 ** 2)  # dp = f k q|q|
        self.laminar_slope = 64.0 * self.k / self.re_per_flow  # d dp / dq at rest (Hagen-Poiseuille)

    def drop(self, flows, slope=False):
        """Pressure drop (Pa) of each pipe; with ``slope``, also its derivative in the flow (Pa s/kg)."""
        re = np.abs(flows) * self.re_per_flow
        if not slope:
            f = friction_factor(re, self.relative_roughness, self.divisor)
            return f * self.k * flows * np.abs(flows)
        f, elasticity = _friction_elasticity(re, self.relative_roughness, self.divisor)
        dp = f * self.k * flows * np.abs(flows)
        d = f * self.k * np.abs(flows) * (2.0 + elasticity)
        return dp, np.maximum(d, self.laminar_slope)


def capacity_kg_per_s(pipes, max_velocity_m_per_s, max_pressure_gradient_pa_per_m):
    """Largest flow of each pipe (``PipeProperties``) within a velocity and a pressure-gradient limit."""
    by_velocity = max_velocity_m_per_s * pipes.rho * pipes.area_m2
    # f(q) k q^2 = gradient x length: a fixed point in q (f varies slowly with Re)
    q = by_velocity
    for _ in range(50):
        f = friction_factor(q * pipes.re_per_flow, pipes.relative_roughness, pipes.divisor)
        q_new = np.sqrt(max_pressure_gradient_pa_per_m * pipes.length_m / (f * pipes.k))
        if np.max(np.abs(q_new / q - 1)) < 1e-12:
            break
        q = q_new
    return np.minimum(by_velocity, q_new)


@dataclass
class HydraulicResult:
    """Flows, pressures and temperatures of a solved network (SI arrays; tables built on demand)."""

    network: "PipeNetwork" = field(repr=False)
    mass_flow_kg_per_s: np.ndarray = field(repr=False)
    demand_kg_per_s: np.ndarray = field(repr=False)
    supply_drop_pa: np.ndarray = field(repr=False)
    return_drop_pa: np.ndarray = field(repr=False)
    supply_pressure_pa: np.ndarray = field(repr=False)
    return_pressure_pa: np.ndarray = field(repr=False)
    node_temp_c: np.ndarray = field(repr=False)
    supply_temp_in_c: np.ndarray = field(repr=False)
    supply_temp_out_c: np.ndarray = field(repr=False)
    supply_heat_loss_kw_by_pipe: np.ndarray = field(repr=False)
    return_heat_loss_kw_by_pipe: np.ndarray = field(repr=False)
    supply_temp_c: float
    return_temp_c: float
    pump_head_bar: float
    pump_power_kw: float
    critical_node: str
    iterations: int
    max_mass_imbalance_kg_per_s: float
    max_loop_residual_pa: float
    heat_loss_kw: float
    capacity_kg_per_s: np.ndarray | None = field(default=None, repr=False)

    @property
    def max_load_frac(self):
        if self.capacity_kg_per_s is None:
            return None
        return float(np.max(np.abs(self.mass_flow_kg_per_s) / self.capacity_kg_per_s, initial=0.0))

    @functools.cached_property
    def pipes(self):
        """One row per pipe: flow, velocity, drops, temperatures, losses (and load_frac if limits were given)."""
        net = self.network
        supply = net.properties(self.supply_temp_c)
        q = self.mass_flow_kg_per_s
        velocity = q / (supply.rho * supply.area_m2)
        reynolds = np.abs(q) * supply.re_per_flow
        table = pd.DataFrame({
            "pipe_id": net.pipe_ids, "from_node": net.from_ids, "to_node": net.to_ids, "dn_mm": net.dn_mm,
            "length_m": net.length_m, "inner_diameter_m": net.diameter_m, "mass_flow_kg_per_s": q,
            "velocity_m_per_s": velocity, "reynolds": reynolds,
            "friction_factor": friction_factor(reynolds, supply.relative_roughness, supply.divisor),
            "pressure_drop_bar": self.supply_drop_pa / 1e5, "return_pressure_drop_bar": self.return_drop_pa / 1e5,
            "pressure_gradient_pa_per_m": np.abs(self.supply_drop_pa) / net.length_m,
            "supply_temp_in_c": self.supply_temp_in_c, "supply_temp_out_c": self.supply_temp_out_c,
            "supply_heat_loss_kw": self.supply_heat_loss_kw_by_pipe,
            "return_heat_loss_kw": self.return_heat_loss_kw_by_pipe,
            "heat_loss_kw": self.supply_heat_loss_kw_by_pipe + self.return_heat_loss_kw_by_pipe})
        if self.capacity_kg_per_s is not None:
            table["capacity_kg_per_s"] = self.capacity_kg_per_s
            table["load_frac"] = np.abs(q) / self.capacity_kg_per_s
        return table

    @functools.cached_property
    def nodes(self):
        return pd.DataFrame({"node_id": self.network.node_ids, "supply_pressure_bar": self.supply_pressure_pa / 1e5,
                             "return_pressure_bar": self.return_pressure_pa / 1e5,
                             "differential_pressure_bar": (self.supply_pressure_pa - self.return_pressure_pa) / 1e5,
                             "supply_temp_c": self.node_temp_c, "demand_kg_per_s": self.demand_kg_per_s})

    def summary(self):
        return {"pump_head_bar": self.pump_head_bar, "pump_power_kw": self.pump_power_kw,
                "critical_node": self.critical_node, "heat_loss_kw": self.heat_loss_kw,
                "max_pipe_load_frac": self.max_load_frac, "iterations": self.iterations,
                "max_mass_imbalance_kg_per_s": self.max_mass_imbalance_kg_per_s,
                "max_loop_residual_pa": self.max_loop_residual_pa}


class PipeNetwork:
    """A network prepared for repeated solves: geometry, spanning tree and loops, built once.

    ``nodes``: node ids; ``pipes``: id, from_node, to_node, dn_mm, length_m; ``plant_node``: where the
    plant injects (the pressure reference). ``u_w_per_m_k``: heat-loss coefficient of each pipe of
    the pair to the ground (array; 0 when None). ``colebrook_divisor``: the 3.7 of k / (3.7 D).
    """

    def __init__(self, nodes, pipes, plant_node, *, u_w_per_m_k=None, catalogue=None, fluid=WATER,
                 colebrook_divisor=COLEBROOK_DIVISOR):
        self.colebrook_divisor = colebrook_divisor
        self.node_ids = list(nodes)
        self._index = index = pd.Index(self.node_ids)
        if not index.is_unique:
            raise HydraulicError(f"duplicate node ids {sorted(map(str, index[index.duplicated()]))[:10]}")
        if plant_node not in index:
            raise HydraulicError(f"the plant node {plant_node!r} is not a node of the network")
        pipes = pipes.copy(deep=False)
        pipes.attrs = {}  # a loaded table's provenance, deep-copied by pandas at every column access otherwise
        self.pipe_ids = pipes["id"].to_numpy()
        self.from_ids, self.to_ids = pipes["from_node"].to_numpy(), pipes["to_node"].to_numpy()
        frm, to = index.get_indexer(self.from_ids), index.get_indexer(self.to_ids)
        if (frm < 0).any() or (to < 0).any():
            raise HydraulicError("a pipe joins a node missing from the node list")
        if (frm == to).any():
            raise HydraulicError(f"pipe {self.pipe_ids[np.flatnonzero(frm == to)[0]]!r} joins a node to itself")
        self.frm, self.to = frm, to
        self.dn_mm = pipes["dn_mm"].to_numpy(float)
        self.length_m = pipes["length_m"].to_numpy(float)
        self.diameter_m, self.roughness_m = pipe_geometry(self.dn_mm, catalogue)
        self.u_w_per_m_k = np.zeros(len(pipes)) if u_w_per_m_k is None else np.asarray(u_w_per_m_k, float)
        self.fluid = fluid
        self.plant = int(index.get_loc(plant_node))
        self._properties = {}
        self._topology()

    @property
    def n_loops(self):
        return len(self.chords)

    def properties(self, temp_c):
        """The pipes' drop functions with water at ``temp_c`` (cached per temperature)."""
        key = float(temp_c)
        if key not in self._properties:
            self._properties[key] = PipeProperties(self.length_m, self.diameter_m, self.roughness_m,
                                           float(self.fluid.density_kg_per_m3(key)),
                                           float(self.fluid.viscosity_pa_s(key)), self.colebrook_divisor)
        return self._properties[key]

    def _topology(self):
        n, m = len(self.node_ids), len(self.frm)
        adjacency = csr_matrix((np.ones(m), (self.frm, self.to)), shape=(n, n))
        _, labels = connected_components(adjacency, directed=False)
        lost = labels != labels[self.plant]
        if lost.any():
            names = [self.node_ids[i] for i in np.flatnonzero(lost)[:10]]
            raise HydraulicError(f"nodes {names} are not connected to the plant node "
                                 f"{self.node_ids[self.plant]!r}")
        order, pred = breadth_first_order(adjacency, self.plant, directed=False, return_predecessors=True)
        position = np.empty(n, int)
        position[order] = np.arange(n)
        # the pipe joining each node to its predecessor (the first, if parallel pipes do)
        down = np.where(pred[self.to] == self.frm, self.to, np.where(pred[self.frm] == self.to, self.frm, -1))
        candidates = np.flatnonzero(down >= 0)
        child_of_pipe, first = np.unique(down[candidates], return_index=True)
        tree = candidates[first]
        # the tree in breadth-first order: row i is the pipe feeding node order[i + 1]
        rank = np.argsort(position[child_of_pipe])
        self.tree = tree[rank]
        self.tree_child = child_of_pipe[rank]
        self.tree_sign = np.where(self.to[self.tree] == self.tree_child, 1.0, -1.0)  # +1: from_node is parent
        self.pred = pred
        in_tree = np.zeros(m, bool)
        in_tree[self.tree] = True
        self.chords = np.flatnonzero(~in_tree)
        # U x = d: x_c - sum of its children's x = demand at c (upper triangular in breadth-first order)
        row_of = position - 1  # row of each non-plant node
        parent = pred[self.tree_child]
        inner = parent != self.plant
        self.upper = csr_matrix((np.r_[np.ones(n - 1), -np.ones(inner.sum())],
                                 (np.r_[np.arange(n - 1), row_of[parent[inner]]],
                                  np.r_[np.arange(n - 1), row_of[self.tree_child[inner]]])), shape=(n - 1, n - 1))
        # factorised once: a triangular matrix factorises into itself, and each solve is then one sweep
        self.tree_lu = splu(self.upper.tocsc(), permc_spec="NATURAL", diag_pivot_thresh=0.0,
                            options={"SymmetricMode": True})
        self.loops = self._loop_matrix(row_of) if len(self.chords) else None
        self.loops_t = None if self.loops is None else self.loops.T.tocsr()

    def _loop_matrix(self, row_of):
        """G (tree rows x chords): +1 on the tree path plant -> chord start, -1 plant -> chord end.

        Walking both ends up to their common ancestor keeps only the loop's own pipes.
        """
        depth = self.tree_lu.solve(np.ones(len(self.node_ids) - 1), trans="T")
        depth_of = np.zeros(len(self.node_ids))
        depth_of[self.tree_child] = depth[row_of[self.tree_child]]
        a, b = self.frm[self.chords].copy(), self.to[self.chords].copy()
        chord = np.arange(len(self.chords))
        rows, cols, vals = [], [], []
        active = a != b
        while active.any():
            k, ca, cb = chord[active], a[active], b[active]
            up_a, up_b = depth_of[ca] >= depth_of[cb], depth_of[cb] >= depth_of[ca]
            rows += [row_of[ca[up_a]], row_of[cb[up_b]]]
            cols += [k[up_a], k[up_b]]
            vals += [np.ones(up_a.sum()), -np.ones(up_b.sum())]
            a[k[up_a]] = self.pred[ca[up_a]]
            b[k[up_b]] = self.pred[cb[up_b]]
            active = a != b
        return coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(len(self.node_ids) - 1, len(self.chords))).tocsr()

    def _expand(self, tree_flow, chord_flow):
        """Pipe flows (from_node -> to_node) from the tree flows (parent -> child) and chord flows."""
        flows = np.empty(len(self.frm))
        flows[self.tree] = self.tree_sign * tree_flow
        flows[self.chords] = chord_flow
        return flows

    def _potentials(self, drop_pa):
        """Pressure fall from the plant to each node along the tree (Pa), given each pipe's drop."""
        return self._down_tree(self.tree_sign * drop_pa[self.tree])

    def _down_tree(self, per_tree_pipe, at_plant=0.0):
        """Sum of a per-pipe quantity along the tree from the plant to each node."""
        out = np.full(len(self.node_ids), float(at_plant))
        out[self.tree_child] = self.tree_lu.solve(per_tree_pipe, trans="T") + at_plant
        return out

    def solve_flows(self, demand_kg_per_s, temp_c, tol_kg_per_s=1e-12, max_iterations=50):
        """Mass flows (kg/s, from_node -> to_node) meeting ``demand_kg_per_s`` at each node.

        Returns (flows, supply drops Pa, iterations). The plant's own entry of the demand is ignored.
        """
        demand = np.asarray(demand_kg_per_s, float)
        base = self.tree_lu.solve(demand[self.tree_child])  # tree flows, chords at rest
        pipes = self.properties(temp_c)
        if self.loops is None:
            flows = self._expand(base, np.zeros(0))
            return flows, pipes.drop(flows), 0
        g = self.loops  # tree flows x = base + G z, parent -> child
        # start from the same network with linear resistances (each pipe's dp/q at 1 m/s): Newton
        # from chords at rest spends its first iterations halving an overshoot
        nominal = pipes.rho * pipes.area_m2
        resistance = friction_factor(nominal * pipes.re_per_flow, pipes.relative_roughness,
                                     pipes.divisor) * pipes.k * nominal
        z = self._loop_step(resistance, g.T @ (resistance[self.tree] * base), resistance[self.chords])
        scale = 1.0 + np.max(np.abs(base))
        for iteration in range(1, max_iterations + 1):
            flows = self._expand(base + g @ z, z)
            dp, slope = pipes.drop(flows, slope=True)
            residual = dp[self.chords] + g.T @ (self.tree_sign * dp[self.tree])
            step = self._loop_step(slope, residual, slope[self.chords])
            z = z + step
            if np.max(np.abs(step)) < tol_kg_per_s * scale:
                break
        else:
            raise HydraulicError(f"no convergence after {max_iterations} iterations "
                                 f"(last change {np.max(np.abs(step)):.3g} kg/s)")
        flows = self._expand(base + g @ z, z)
        return flows, pipes.drop(flows), iteration

    def _loop_step(self, slope, residual, chord_slope):
        """Newton step of the chord flows: (G^T S G + S_chords) step = -residual (symmetric positive)."""
        g = self.loops
        jacobian = (self.loops_t @ g.multiply(slope[self.tree][:, None]).tocsr()).toarray()
        jacobian[np.diag_indices_from(jacobian)] += chord_slope
        _, step, info = dposv(jacobian, -residual)
        if info != 0:
            raise HydraulicError(f"the loop equations are singular (LAPACK dposv info {info})")
        return step

    def loop_residual_pa(self, drop_pa):
        """Pressure sum around each fundamental loop (0 for a solved network)."""
        if self.loops is None:
            return np.zeros(0)
        return drop_pa[self.chords] + self.loops.T @ (self.tree_sign * drop_pa[self.tree])

    def capacity_kg_per_s(self, temp_c, max_velocity_m_per_s, max_pressure_gradient_pa_per_m):
        """Largest flow each pipe carries within both the velocity and the pressure-gradient limits."""
        return capacity_kg_per_s(self.properties(temp_c), max_velocity_m_per_s, max_pressure_gradient_pa_per_m)

    def _temperatures(self, flows, supply_temp_c, ground_temp_c, cp, fall_pa):
        """Node and pipe-end temperatures along the flow: exponential decay, mixing by mass flow."""
        q = np.abs(flows)
        moving = q > 1e-12
        up = np.where(flows > 0, self.frm, self.to)
        decay = np.ones(len(flows))
        decay[moving] = np.exp(-self.u_w_per_m_k[moving] * self.length_m[moving] / (q[moving] * cp))
        excess_plant = supply_temp_c - ground_temp_c
        if self.loops is None and excess_plant > 0:
            # a tree fed from the plant: one inflow per node, so the excess over the ground is a
            # product of decays along the path, a sum of their logarithms
            log_excess = self._down_tree(np.log(decay[self.tree]), np.log(excess_plant))
            node_temp = ground_temp_c + np.exp(log_excess)
            node_temp[self.tree_child[~moving[self.tree]]] = np.nan
        else:
            node_temp = self._mixed_temperatures(q, moving, up, decay, excess_plant, fall_pa) + ground_temp_c
        inlet, outlet = np.full(len(flows), np.nan), np.full(len(flows), np.nan)
        inlet[moving] = node_temp[up[moving]]
        outlet[moving] = ground_temp_c + (inlet[moving] - ground_temp_c) * decay[moving]
        return node_temp, inlet, outlet

    def _mixed_temperatures(self, q, moving, up, decay, excess_plant, fall_pa):
        """Excess over the ground where flows meet: inflow * e_n = sum of q * decay * e_upstream.

        Water flows towards lower pressure: ordered by the pressure fall from the plant, the
        system is triangular and factorises without fill.
        """
        n = len(self.node_ids)
        down = np.where(up == self.frm, self.to, self.frm)[moving]
        up, q, decay = up[moving], q[moving], decay[moving]
        inflow = np.bincount(down, weights=q, minlength=n)
        fed = inflow > 0
        fed[self.plant] = False
        keep = fed[down]
        order = np.argsort(fall_pa, kind="stable")
        rank = np.empty(n, int)
        rank[order] = np.arange(n)
        rows, cols = np.r_[rank, rank[down[keep]]], np.r_[rank, rank[up[keep]]]
        matrix = csr_matrix((np.r_[np.where(fed, inflow, 1.0), -(q * decay)[keep]], (rows, cols)), shape=(n, n))
        rhs = np.zeros(n)
        rhs[rank[self.plant]] = excess_plant
        if (cols < rows).sum() == keep.sum():  # every upstream node ranks before its downstream one
            excess = spsolve_triangular(matrix, rhs, lower=True)[rank]
        else:  # pressures tied at rounding level: a general sparse solve
            excess = spsolve(matrix.tocsc(), rhs)[rank]
        excess[~fed & (np.arange(n) != self.plant)] = np.nan
        return excess

    def solve(self, loads_kw, *, supply_temp_c=85.0, return_temp_c=60.0, ground_temp_c=10.0,
              plant_supply_pressure_bar=6.0, substation_min_dp_bar=1.0, pump_efficiency_frac=0.7,
              max_velocity_m_per_s=None, max_pressure_gradient_pa_per_m=None):
        """Flows, pressures, temperatures and losses at given substation loads.

        ``loads_kw``: heat drawn at nodes, a Series by node id or an array in node order. The pump
        head covers the supply and return drops to the critical node plus ``substation_min_dp_bar``
        there. With both limits given, each pipe's capacity and ``load_frac`` are reported.
        """
        if supply_temp_c <= return_temp_c:
            raise HydraulicError(f"supply {supply_temp_c} °C must be above return {return_temp_c} °C")
        loads = self._loads(loads_kw)
        fluid = self.fluid
        cp_mean = float(fluid.heat_capacity_j_per_kg_k((supply_temp_c + return_temp_c) / 2))
        demand = loads * 1000.0 / (cp_mean * (supply_temp_c - return_temp_c))
        demand[self.plant] = 0.0
        demand[self.plant] = -demand.sum()  # the plant node feeds the rest
        flows, dp_supply, iterations = self.solve_flows(demand, supply_temp_c)
        dp_return = self.properties(return_temp_c).drop(flows)
        # inflow - outflow - demand at every node
        net_in = (np.bincount(self.to, weights=flows, minlength=len(demand))
                  - np.bincount(self.frm, weights=flows, minlength=len(demand)))
        imbalance = float(np.max(np.abs(net_in - demand)))
        p0 = plant_supply_pressure_bar * 1e5
        supply_drop = self._potentials(dp_supply)
        return_drop = self._potentials(dp_return)
        loaded = loads > 0
        need = supply_drop + return_drop
        critical = int(np.flatnonzero(loaded)[np.argmax(need[loaded])]) if loaded.any() else self.plant
        head_pa = need[critical] + substation_min_dp_bar * 1e5
        cp = float(fluid.heat_capacity_j_per_kg_k(supply_temp_c))
        node_temp, inlet, outlet = self._temperatures(flows, supply_temp_c, ground_temp_c, cp, supply_drop)
        supply_loss = np.nan_to_num(np.abs(flows) * cp * (inlet - outlet) / 1000.0)
        cp_return = float(fluid.heat_capacity_j_per_kg_k(return_temp_c))
        with np.errstate(divide="ignore", over="ignore"):
            return_decay = np.exp(-self.u_w_per_m_k * self.length_m / (np.abs(flows) * cp_return))
        return_loss = np.abs(flows) * cp_return * (return_temp_c - ground_temp_c) * (1 - return_decay) / 1000.0
        total_flow = float(demand[demand > 0].sum())
        capacity = None
        if max_velocity_m_per_s is not None and max_pressure_gradient_pa_per_m is not None:
            capacity = self.capacity_kg_per_s(supply_temp_c, max_velocity_m_per_s, max_pressure_gradient_pa_per_m)
        residual = self.loop_residual_pa(dp_supply)
        return HydraulicResult(
            network=self, mass_flow_kg_per_s=flows, demand_kg_per_s=demand, supply_drop_pa=dp_supply,
            return_drop_pa=dp_return, supply_pressure_pa=p0 - supply_drop,
            return_pressure_pa=p0 - head_pa + return_drop, node_temp_c=node_temp, supply_temp_in_c=inlet,
            supply_temp_out_c=outlet, supply_heat_loss_kw_by_pipe=supply_loss,
            return_heat_loss_kw_by_pipe=return_loss, supply_temp_c=supply_temp_c, return_temp_c=return_temp_c,
            pump_head_bar=head_pa / 1e5,
            pump_power_kw=head_pa * total_flow / float(fluid.density_kg_per_m3(return_temp_c))
            / pump_efficiency_frac / 1000.0,
            critical_node=self.node_ids[critical], iterations=iterations, max_mass_imbalance_kg_per_s=imbalance,
            max_loop_residual_pa=float(np.max(np.abs(residual), initial=0.0)),
            heat_loss_kw=float(supply_loss.sum() + return_loss.sum()), capacity_kg_per_s=capacity)

    def node_index(self, ids, what="loads"):
        """Positions of node ids in ``node_ids``; unknown ids are an error naming ``what`` is at them."""
        ids = pd.Index(ids)
        where = self._index.get_indexer(ids)
        if (where < 0).any():
            raise HydraulicError(f"{what} at unknown node(s) {sorted(map(str, ids[where < 0]))[:10]}")
        return where

    def _loads(self, loads_kw):
        if isinstance(loads_kw, pd.Series):
            where = self.node_index(loads_kw.index)
            loads_kw = np.bincount(where, weights=loads_kw.to_numpy(float), minlength=len(self.node_ids))
        loads = np.array(loads_kw, float)
        if loads.shape != (len(self.node_ids),):
            raise HydraulicError(f"{loads.shape} loads for {len(self.node_ids)} nodes")
        if (loads < 0).any() or not np.isfinite(loads).all():
            raise HydraulicError("loads must be finite and not negative")
        return loads


def solve_hydraulics(nodes, pipes, loads_kw, plant_node, *, u_w_per_m_k=None, catalogue=None, fluid=WATER,
                     colebrook_divisor=COLEBROOK_DIVISOR, **conditions):
    """Prepare and solve a network in one call (see ``PipeNetwork.solve`` for ``conditions``)."""
    network = PipeNetwork(nodes, pipes, plant_node, u_w_per_m_k=u_w_per_m_k, catalogue=catalogue, fluid=fluid,
                          colebrook_divisor=colebrook_divisor)
    return network.solve(loads_kw, **conditions)
