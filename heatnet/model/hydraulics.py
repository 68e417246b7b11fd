"""Steady-state hydraulics of the supply and return pipes, on trees and meshed networks.

Each substation draws ``m = P / (cp * (T_supply - T_return))``; the plant node holds the
pressure (several plant nodes: several sub-networks, each fed and pressurised by its own). Pressure drops follow Darcy-Weisbach with the Colebrook-White friction factor
(laminar 64/Re below Re 2,000, a smooth blend up to Re 4,000), water properties at the pipe's
temperature.

``PipeNetwork`` prepares a network once (geometry from the catalogue, a breadth-first spanning
tree from the plant, the chords that close its loops) and then solves it for any loads:

- on the tree, mass balance alone gives the flows: one triangular solve (a small tree's level by
  level in numpy, ``heatnet.model.forest``, a larger one's by SuperLU: scipy is imported only for
  those and for meshes);
- each chord (a pipe outside the tree) closes one loop; its flow is an unknown, the tree flows
  follow from it by the same triangular solve, so mass balance holds exactly at every iteration.
  Newton's method on the loops' pressure sums (the loop-flow formulation of Hardy Cross,
  with the exact derivative of the friction law), each step shortened until the residual falls,
  solves for the chord flows; each step is one sparse factorisation of a weighted graph Laplacian
  of the loops' pipes, in series chains contracted, whose pattern and ordering are found once;
- pressures, then supply temperatures (exponential decay in each pipe towards the ground,
  mixing at nodes by mass flow) come from one triangular or sparse solve each.

The return network carries the same flows the other way at the return temperature.
"""

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from heatnet.model import forest
from heatnet.model.pipes import WATER, pipe_geometry

LAMINAR_RE = 2000.0  # 64/Re up to here
TURBULENT_RE = 4000.0  # Colebrook-White from here; a smooth blend between
DEFAULT_FRICTION_LAW = "colebrook_laminar"


@functools.cache
def _blas_controller():
    """The loaded BLAS libraries, found once (a fresh ``threadpool_limits`` scans them: 11 ms a call)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_blas_thread():
    """The BLAS kernels inside SuperLU's supernodes (dgemv, dtrsv) on one thread: the loop systems are
    small enough that OpenBLAS's threads cost more than they bring (on a shared 2-core machine a dense
    kernel of 0.2 ms took up to 79 ms with OpenBLAS choosing its threads)."""
    return _blas_controller().limit(limits=1, user_api="blas")


class HydraulicError(ValueError):
    """A network the solver cannot solve (disconnected, no convergence)."""


COLEBROOK_DIVISOR = 3.7  # k / (3.7 D): Colebrook (1939); some tools (pandapipes) write 3.71


def _colebrook(reynolds, relative_roughness, divisor=COLEBROOK_DIVISOR):
    """Turbulent Darcy factor and x = 1/sqrt(f): Swamee-Jain start, then Newton on Colebrook-White."""
    re, relative_roughness = np.broadcast_arrays(np.maximum(reynolds, 10.0), np.asarray(relative_roughness, float))
    scalar = re.ndim == 0
    if scalar:
        re, relative_roughness = re.reshape(1), relative_roughness.reshape(1)
    # x = -2 log10(k/3.7D + 5.74/Re^0.9), then three times x - (x + 2 log10(k/(divisor D) + 2.51 x/Re))
    # / (1 + (2/ln 10) (2.51/Re) / inner), written in place with the terms that do not change hoisted
    # out of the loop, and with natural logarithms (numpy vectorises log and exp, not log10 and
    # power: half the time; a 10^5-pipe network evaluates it 80 times a run)
    to_log10 = 2.0 / np.log(10.0)
    x = np.log(re)
    x *= 0.9
    np.exp(x, out=x)  # Re^0.9: Swamee-Jain, within about 1 %
    np.divide(5.74, x, out=x)
    x += relative_roughness / 3.7
    np.log(x, out=x)
    x *= -to_log10
    rough = relative_roughness / divisor
    slope_term = to_log10 * (2.51 / re)
    inner, g = np.empty_like(x), np.empty_like(x)
    for _ in range(3):  # quadratic convergence: 1 % -> 1e-4 -> 1e-8 -> machine precision
        np.multiply(2.51, x, out=inner)
        inner /= re
        inner += rough  # k/(divisor D) + 2.51 x/Re
        np.log(inner, out=g)
        g *= to_log10
        g += x  # x + 2 log10(inner)
        np.divide(slope_term, inner, out=inner)
        inner += 1.0  # dg
        g /= inner
        x = x - g
    return (1.0 / x[0] ** 2, x[0]) if scalar else (1.0 / x ** 2, x)


def friction_factor(reynolds, relative_roughness, divisor=COLEBROOK_DIVISOR, law=DEFAULT_FRICTION_LAW):
    """Darcy friction factor.

    ``law`` "colebrook_laminar" (the default): 64/Re up to Re 2,000, Colebrook-White from Re 4,000,
    and between them the cubic in (ln Re, ln f) that joins both laws' values and slopes, so that the
    pressure drop and its derivative are continuous in the flow (a switch at one Reynolds number made
    Newton's method cycle between the two laws on meshes at base load). "colebrook": Colebrook-White
    at every Re, as pandapipes' ``friction_model="colebrook"``.
    """
    return _friction_elasticity(np.asarray(reynolds, float), np.asarray(relative_roughness, float), divisor,
                                law, with_elasticity=False)[0]


def _friction_elasticity(reynolds, relative_roughness, divisor=COLEBROOK_DIVISOR, law=DEFAULT_FRICTION_LAW,
                         with_elasticity=True):
    """f and (Re / f) df/dRe (the elasticity of f; -1 when laminar) under ``law`` (f and None without
    ``with_elasticity``: the same f, for less work)."""
    if np.ndim(reynolds) == 0:
        f, elasticity = _friction_elasticity(np.reshape(reynolds, 1), np.reshape(relative_roughness, 1), divisor, law,
                                             with_elasticity)
        return f[0], None if elasticity is None else elasticity[0]
    re = np.maximum(reynolds, 1e-9)
    if law not in ("colebrook_laminar", "colebrook"):
        raise ValueError(f"friction law {law!r}: expected 'colebrook_laminar' or 'colebrook'")
    relative_roughness = np.broadcast_to(relative_roughness, re.shape)
    if not with_elasticity:
        return _friction_only(re, relative_roughness, divisor, law), None
    if law == "colebrook":
        f, elasticity = _colebrook_elasticity(re, relative_roughness, divisor)
        return f, np.where(re > 10.0, elasticity, 0.0)  # _colebrook holds Re at 10 below 10
    f, elasticity = 64.0 / re, np.full(re.shape, -1.0)
    turbulent = re >= TURBULENT_RE  # Colebrook-White only where it applies: a base load is mostly laminar
    if turbulent.all():
        return _colebrook_elasticity(re, relative_roughness, divisor)
    if turbulent.any():
        f[turbulent], elasticity[turbulent] = _colebrook_elasticity(re[turbulent], relative_roughness[turbulent],
                                                                    divisor)
    transition = (re > LAMINAR_RE) & ~turbulent
    if transition.any():
        f[transition], elasticity[transition] = _transition(re[transition], relative_roughness[transition], divisor)
    return f, elasticity


def _friction_only(re, relative_roughness, divisor, law):
    """``_friction_elasticity``'s f alone."""
    if law == "colebrook":
        return _colebrook(re, relative_roughness, divisor)[0]
    turbulent = re >= TURBULENT_RE
    if turbulent.all():
        return _colebrook(re, relative_roughness, divisor)[0]
    f = 64.0 / re
    if turbulent.any():
        f[turbulent] = _colebrook(re[turbulent], relative_roughness[turbulent], divisor)[0]
    transition = (re > LAMINAR_RE) & ~turbulent
    if transition.any():
        f[transition] = _transition(re[transition], relative_roughness[transition], divisor)[0]
    return f


def _colebrook_elasticity(re, relative_roughness, divisor):
    """Colebrook-White's f and its elasticity (Re / f) df/dRe, from the implicit derivative."""
    f, x = _colebrook(re, relative_roughness, divisor)
    inner = relative_roughness / divisor + 2.51 * x / re
    c = 2.0 / np.log(10.0)
    dx_dre = (c * 2.51 * x / re ** 2 / inner) / (1.0 + c * 2.51 / re / inner)
    return f, -2.0 * re * dx_dre / x  # f = x^-2: (Re/f) df/dRe = -2 (Re/x) dx/dRe


def _transition(reynolds, relative_roughness, divisor):
    """Cubic Hermite in (ln Re, ln f) from 64/Re at Re 2,000 to Colebrook-White at Re 4,000."""
    span = np.log(TURBULENT_RE / LAMINAR_RE)
    t = np.log(reynolds / LAMINAR_RE) / span
    f_turbulent, x = _colebrook(np.full_like(reynolds, TURBULENT_RE), relative_roughness, divisor)
    inner = relative_roughness / divisor + 2.51 * x / TURBULENT_RE
    c = 2.0 / np.log(10.0)
    dx_dre = (c * 2.51 * x / TURBULENT_RE ** 2 / inner) / (1.0 + c * 2.51 / TURBULENT_RE / inner)
    y0, y1 = np.log(64.0 / LAMINAR_RE), np.log(f_turbulent)
    m0, m1 = -1.0 * span, -2.0 * TURBULENT_RE * dx_dre / x * span  # d ln f / dt at both ends
    h00, h10, h01, h11 = 2 * t ** 3 - 3 * t ** 2 + 1, t ** 3 - 2 * t ** 2 + t, -2 * t ** 3 + 3 * t ** 2, t ** 3 - t ** 2
    d00, d10, d01, d11 = 6 * t ** 2 - 6 * t, 3 * t ** 2 - 4 * t + 1, -6 * t ** 2 + 6 * t, 3 * t ** 2 - 2 * t
    y = h00 * y0 + h10 * m0 + h01 * y1 + h11 * m1
    dy_dt = d00 * y0 + d10 * m0 + d01 * y1 + d11 * m1
    return np.exp(y), dy_dt / span


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
    law: str = DEFAULT_FRICTION_LAW  # see friction_factor

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
            f = friction_factor(re, self.relative_roughness, self.divisor, self.law)
            return f * self.k * flows * np.abs(flows)
        f, elasticity = _friction_elasticity(re, self.relative_roughness, self.divisor, self.law)
        dp = f * self.k * flows * np.abs(flows)
        d = f * self.k * np.abs(flows) * (2.0 + elasticity)
        return dp, np.maximum(d, self.laminar_slope)


def capacity_kg_per_s(pipes, max_velocity_m_per_s, max_pressure_gradient_pa_per_m):
    """Largest flow of each pipe (``PipeProperties``) within a velocity and a pressure-gradient limit."""
    by_velocity = max_velocity_m_per_s * pipes.rho * pipes.area_m2
    # f(q) k q^2 = gradient x length: a fixed point in q (f varies slowly with Re)
    q = by_velocity
    for _ in range(50):
        f = friction_factor(q * pipes.re_per_flow, pipes.relative_roughness, pipes.divisor, pipes.law)
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
    design_load_outdoor_c: float | None = None  # the temperature the design loads were taken at (physics.design)

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
            "friction_factor": friction_factor(reynolds, supply.relative_roughness, supply.divisor, supply.law),
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
    plant injects (the pressure reference); or a list of plant nodes, one on each sub-network (pipes
    joined to each other but not to another sub-network's), each feeding its own sub-network and
    holding its pressure with its own pump. ``u_w_per_m_k``: heat-loss coefficient of each pipe of
    the pair to the ground (array; 0 when None). ``colebrook_divisor``: the 3.7 of k / (3.7 D).
    ``friction_law``: see ``friction_factor``.
    """

    def __init__(self, nodes, pipes, plant_node, *, u_w_per_m_k=None, catalogue=None, fluid=WATER,
                 colebrook_divisor=COLEBROOK_DIVISOR, friction_law=DEFAULT_FRICTION_LAW):
        self.colebrook_divisor = colebrook_divisor
        self.friction_law = friction_law
        friction_factor(4000.0, 1e-4, law=friction_law)  # an unknown law is an error here, not at the first solve
        self.node_ids = list(nodes)
        roots = [plant_node] if isinstance(plant_node, str) else list(plant_node)
        pipes = pipes.copy(deep=False)
        pipes.attrs = {}  # a loaded table's provenance, deep-copied by pandas at every column access otherwise
        self.pipe_ids = pipes["id"].to_numpy()
        self.from_ids, self.to_ids = pipes["from_node"].to_numpy(), pipes["to_node"].to_numpy()
        # one hash pass over the node ids, then the pipes' ends and the plant nodes (two lookups in an
        # index of 10^5 ids took twice as long): unique ids take the codes 0..n-1, an unknown one n or more
        n, m = len(self.node_ids), len(self.from_ids)
        codes, _ = pd.factorize(np.concatenate([np.asarray(self.node_ids + roots, dtype=object),
                                                self.from_ids.astype(object), self.to_ids.astype(object)]))
        if not np.array_equal(codes[:n], np.arange(n)):
            index = pd.Index(self.node_ids, dtype=object)
            raise HydraulicError(f"duplicate node ids {sorted(map(str, index[index.duplicated()]))[:10]}")
        root_codes, frm, to = codes[n:n + len(roots)], codes[n + len(roots):n + len(roots) + m], codes[-m:] if m else codes[:0]
        for root, code in zip(roots, root_codes.tolist()):
            if code >= n:
                raise HydraulicError(f"the plant node {root!r} is not a node of the network")
        if (frm >= n).any() or (to >= n).any():
            raise HydraulicError("a pipe joins a node missing from the node list")
        if (frm == to).any():
            raise HydraulicError(f"pipe {self.pipe_ids[np.flatnonzero(frm == to)[0]]!r} joins a node to itself")
        self.frm, self.to = frm, to
        self.dn_mm = pipes["dn_mm"].to_numpy(float)
        self.length_m = pipes["length_m"].to_numpy(float)
        self.diameter_m, self.roughness_m = pipe_geometry(self.dn_mm, catalogue)
        self.u_w_per_m_k = np.zeros(len(pipes)) if u_w_per_m_k is None else np.asarray(u_w_per_m_k, float)
        self.fluid = fluid
        self.roots = root_codes
        if len(set(self.roots.tolist())) < len(self.roots):
            raise HydraulicError("a plant node is named twice")
        self.plant = int(self.roots[0])
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
                                           float(self.fluid.viscosity_pa_s(key)), self.colebrook_divisor,
                                           self.friction_law)
        return self._properties[key]

    def _topology(self):
        n, m = len(self.node_ids), len(self.frm)
        is_root = np.zeros(n, bool)
        is_root[self.roots] = True
        self.is_root = is_root
        walk = self._forest_walk()
        if walk is None:
            order, pred = self._trees()
        else:
            order, pred = walk[0], walk[1]
        position = np.empty(n, int)
        position[order] = np.arange(n)
        # the pipe joining each node to its predecessor (the first, if parallel pipes do)
        down = np.where(pred[self.to] == self.frm, self.to, np.where(pred[self.frm] == self.to, self.frm, -1))
        candidates = np.flatnonzero(down >= 0)
        child_of_pipe, first = np.unique(down[candidates], return_index=True)
        tree = candidates[first]
        # the tree in breadth-first order: row i is the pipe feeding the i-th node after the plant nodes
        rank = np.argsort(position[child_of_pipe])
        self.tree = tree[rank]
        self.tree_child = child_of_pipe[rank]
        self.tree_sign = np.where(self.to[self.tree] == self.tree_child, 1.0, -1.0)  # +1: from_node is parent
        self.pred = pred
        in_tree = np.zeros(m, bool)
        in_tree[self.tree] = True
        self.chords = np.flatnonzero(~in_tree)
        # U x = d: x_c - sum of its children's x = demand at c (upper triangular in breadth-first order)
        row_of = np.empty(n, int)  # row of each non-plant node
        row_of[order] = np.cumsum(~is_root[order]) - 1
        parent = pred[self.tree_child]
        inner = ~is_root[parent]
        self.row_of = row_of
        self._system = None  # the loops' sparse system, prepared at the first meshed solve
        if walk is not None:  # the same solves, level by level in numpy (heatnet.model.forest)
            self.tree_lu = forest.LevelSweeps(np.where(inner, row_of[parent], -1), walk[2][1:] - len(self.roots))
            return
        from scipy.sparse import csr_matrix
        from scipy.sparse.linalg import splu

        rows = n - len(self.roots)
        upper = csr_matrix((np.r_[np.ones(rows), -np.ones(inner.sum())],
                            (np.r_[np.arange(rows), row_of[parent[inner]]],
                             np.r_[np.arange(rows), row_of[self.tree_child[inner]]])), shape=(rows, rows))
        # factorised once: a triangular matrix factorises into itself, and each solve is then one sweep
        self.tree_lu = splu(upper.tocsc(), permc_spec="NATURAL", diag_pivot_thresh=0.0,
                            options={"SymmetricMode": True})

    def _forest_walk(self):
        """``forest.breadth_first`` from the plant nodes (by position, as ``_trees`` walks them) when the
        pipes form one tree on each plant's sub-network and the network is small (``forest.MAX_NODES``),
        else None: meshes, larger networks and the errors of a disconnected one go to ``_trees``."""
        n, k = len(self.node_ids), len(self.roots)
        if n > forest.MAX_NODES or len(self.frm) != n - k:
            return None
        walk = forest.breadth_first(n, self.frm, self.to, np.sort(self.roots))
        if walk is None or len(walk[0]) < n:  # too deep, or a node not reached (then a loop elsewhere)
            return None
        order, pred, starts = walk
        part = np.zeros(n, int)  # each node's sub-network: its plant's position in the walk
        part[order[:k]] = np.arange(k)
        for level in range(1, len(starts) - 1):
            nodes = order[starts[level]:starts[level + 1]]
            part[nodes] = part[pred[nodes]]
        self.part = part
        pred = pred.copy()
        pred[self.roots] = -9999  # as breadth_first_order marks the start
        return order, pred, starts

    def _trees(self):
        """Breadth-first order and predecessors from the plant node (from each plant node, one on each
        sub-network, their trees one after the other); every node must be on a plant's sub-network."""
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import breadth_first_order, connected_components

        n, m = len(self.node_ids), len(self.frm)
        adjacency = csr_matrix((np.ones(m), (self.frm, self.to)), shape=(n, n))
        n_parts, labels = connected_components(adjacency, directed=False)
        self.part = labels
        if len(self.roots) == 1:
            lost = labels != labels[self.plant]
            if lost.any():
                names = [self.node_ids[i] for i in np.flatnonzero(lost)[:10]]
                raise HydraulicError(f"nodes {names} are not connected to the plant node "
                                     f"{self.node_ids[self.plant]!r}")
            return breadth_first_order(adjacency, self.plant, directed=False, return_predecessors=True)
        plants_on = np.bincount(labels[self.roots], minlength=n_parts)
        if (plants_on > 1).any():
            names = [self.node_ids[i] for i in self.roots[plants_on[labels[self.roots]] > 1][:10]]
            raise HydraulicError(f"plant nodes {names} are on one sub-network: give each sub-network one plant node")
        lost = plants_on[labels] == 0
        if lost.any():
            names = [self.node_ids[i] for i in np.flatnonzero(lost)[:10]]
            raise HydraulicError(f"nodes {names} are connected to no plant node")
        # one breadth-first walk from a node joined to every plant node, then left out
        n, k = len(labels), len(self.roots)
        joined = csr_matrix((np.ones(len(self.frm) + k), (np.r_[self.frm, np.full(k, n)], np.r_[self.to, self.roots])),
                            shape=(n + 1, n + 1))
        order, pred = breadth_first_order(joined, n, directed=False, return_predecessors=True)
        pred = pred[:n]
        pred[self.roots] = -9999
        return order[1:], pred

    def _loop_system(self):
        """The pattern of the Newton step's sparse system, and its fill-reducing ordering, found once.

        Each Newton step of the chord flows solves (G^T S G) dz = -r, G the loops and S the pipes'
        slopes: one loop per chord, dense when loops share trunk pipes. The same step comes from the
        pipes' conductances W = S^-1 as a weighted graph Laplacian L = A W A^T over the nodes: solve
        L p = A W h (A the incidence, h the drops), then dq = W (A^T p - h) lies in the loops' space
        (A dq = 0) and its chord entries are dz. L is as sparse as the network, and smaller still:

        - only the pipes on a loop or between a loop and the plant enter it: a node none of whose
          tree descendants ends a chord hangs on the tree, and its pipe carries no loop flow;
        - a chain of pipes through nodes joined to nothing else carries one flow: its slopes add up
          (pipes in series), and L is built on the chains' end nodes only.

        The pattern, the ordering (SuperLU's minimum degree on L + L^T, from a first factorisation)
        and the maps from pipes to chains to matrix entries hold for every solve and every water
        temperature; each Newton step only refills the values.
        """
        from scipy.sparse import csr_matrix
        from scipy.sparse.linalg import splu

        n = len(self.node_ids)
        ends = np.bincount(np.r_[self.frm[self.chords], self.to[self.chords]], minlength=n).astype(float)
        below = self.tree_lu.solve(ends[self.tree_child])  # chord ends in each tree pipe's subtree
        core_pipes = np.r_[self.tree[below[self.row_of[self.tree_child]] > 0], self.chords]
        m = len(core_pipes)
        cf, ct = self.frm[core_pipes], self.to[core_pipes]
        degree = np.bincount(cf, minlength=n) + np.bincount(ct, minlength=n)
        branch = degree > 2
        branch[self.roots] = True
        incident = csr_matrix((np.r_[np.arange(m), np.arange(m)], (np.r_[cf, ct], np.r_[np.arange(m), np.arange(m)])),
                              shape=(n, m))
        indptr, edge_at = incident.indptr, incident.indices
        chain_of, sign = np.empty(m, int), np.empty(m)
        starts, finishes = [], []
        seen = np.zeros(m, bool)
        for u in np.flatnonzero(branch).tolist():  # walk every chain from its first end
            for e in edge_at[indptr[u]:indptr[u + 1]].tolist():
                if seen[e]:
                    continue
                chain, node = len(starts), u
                while True:
                    seen[e] = True
                    chain_of[e] = chain
                    forward = cf[e] == node
                    sign[e] = 1.0 if forward else -1.0
                    node = ct[e] if forward else cf[e]
                    if branch[node]:
                        break
                    first, second = edge_at[indptr[node]:indptr[node] + 2]
                    e = second if first == e else first
                starts.append(u)
                finishes.append(node)
        starts, finishes = np.array(starts, int), np.array(finishes, int)
        branch_nodes = np.flatnonzero(branch & ~self.is_root)
        position = np.full(n, -1)
        position[branch_nodes] = np.arange(len(branch_nodes))
        a, b = position[starts], position[finishes]
        system = {"pipes": core_pipes, "a": a, "b": b, "size": len(branch_nodes),
                  "series": csr_matrix((np.ones(m), (chain_of, np.arange(m))), shape=(len(starts), m)),
                  "chord_chain": chain_of[m - len(self.chords):], "chord_sign": sign[m - len(self.chords):]}
        # ordering: one factorisation with SuperLU's minimum degree, then the matrix is built permuted
        if system["size"]:
            lu = splu(self._laplacian(system, np.ones(len(starts))).tocsc(), permc_spec="MMD_AT_PLUS_A",
                      diag_pivot_thresh=0.0, options={"SymmetricMode": True})
            order = lu.perm_c  # node i goes to position perm_c[i] (Pr A Pc = L U)
            system["a"] = np.where(a >= 0, order[np.maximum(a, 0)], -1)
            system["b"] = np.where(b >= 0, order[np.maximum(b, 0)], -1)
        system.update(self._pattern(system))
        return system

    @staticmethod
    def _pattern(system):
        """CSC pattern of L and, for each of its stored entries, the sum over pipes that fills it."""
        from scipy.sparse import csr_matrix

        a, b, size = system["a"], system["b"], system["size"]
        pipe = np.arange(len(a))
        both = (a >= 0) & (b >= 0)
        rows = np.r_[a[a >= 0], b[b >= 0], a[both], b[both]]
        cols = np.r_[a[a >= 0], b[b >= 0], b[both], a[both]]
        sign = np.r_[np.ones((a >= 0).sum() + (b >= 0).sum()), -np.ones(2 * both.sum())]
        source = np.r_[pipe[a >= 0], pipe[b >= 0], pipe[both], pipe[both]]
        keys, entry = np.unique(cols.astype(np.int64) * size + rows, return_inverse=True)
        indptr = np.searchsorted(keys // size, np.arange(size + 1))
        fill = csr_matrix((sign, (entry, source)), shape=(len(keys), len(a)))
        return {"indices": (keys % size).astype(np.int32), "indptr": indptr.astype(np.int32), "fill": fill}

    @staticmethod
    def _laplacian(system, conductance):
        """A W A^T over the system's nodes (the plant, the pressure reference, left out)."""
        from scipy.sparse import coo_matrix

        a, b, size = system["a"], system["b"], system["size"]
        keep_a, keep_b, both = a >= 0, b >= 0, (a >= 0) & (b >= 0)
        rows = np.r_[a[keep_a], b[keep_b], a[both], b[both]]
        cols = np.r_[a[keep_a], b[keep_b], b[both], a[both]]
        vals = np.r_[conductance[keep_a], conductance[keep_b], -conductance[both], -conductance[both]]
        return coo_matrix((vals, (rows, cols)), shape=(size, size))

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

    def solve_flows(self, demand_kg_per_s, temp_c, tol_kg_per_s=1e-12, max_iterations=100, start_kg_per_s=None):
        """Mass flows (kg/s, from_node -> to_node) meeting ``demand_kg_per_s`` at each node.

        Returns (flows, supply drops Pa, iterations). The plant's own entry of the demand is ignored.
        ``start_kg_per_s``: pipe flows to start the loops from (a solution at a close load); the
        result is the same to the tolerance, in fewer iterations.
        Newton's method on the chord flows, each step shortened (halved) until the loops' pressure
        sums fall in norm: the step is a descent direction of that norm (the friction law is
        continuously differentiable), so every accepted step lowers it.
        """
        demand = np.asarray(demand_kg_per_s, float)
        tree_demand = demand[self.tree_child]
        pipes = self.properties(temp_c)
        if not len(self.chords):
            flows = self._expand(self.tree_lu.solve(tree_demand), np.zeros(0))
            return flows, pipes.drop(flows), 0
        if self._system is None:
            self._system = self._loop_system()
        core = self._system["pipes"]
        core_pipes = self._core_properties(temp_c)
        with _one_blas_thread():
            # start from the same network with linear resistances (each pipe's dp/q at 1 m/s): Newton
            # from chords at rest spends its first iterations halving an overshoot
            flows = self._chord_flows(tree_demand, np.zeros(len(self.chords)))
            if start_kg_per_s is None:
                nominal = core_pipes.rho * core_pipes.area_m2
                resistance = core_pipes.drop(nominal) / nominal
                z = self._loop_step(resistance, self._core_residual(resistance * flows[core])[0])
            else:  # a nearby solution's chord flows (the same network at a close load)
                z = np.asarray(start_kg_per_s, float)[self.chords]
            flows = self._chord_flows(tree_demand, z)
            scale = 1.0 + abs(tree_demand.sum())
            flows = self._chord_flows(tree_demand, z)
            dp, slope = core_pipes.drop(flows[core], slope=True)
            residual, rounding = self._core_residual(dp)
            norm = np.linalg.norm(residual)
            for iteration in range(1, max_iterations + 1):
                if np.max(np.abs(residual)) <= rounding:  # the loop sums' own rounding error
                    break
                step = self._loop_step(slope, residual)
                if np.max(np.abs(step)) < tol_kg_per_s * scale:  # within tolerance: the last step, whole
                    z = z + step
                    flows = self._chord_flows(tree_demand, z)
                    break
                length = 1.0
                while True:  # Armijo: the norm must fall by at least 1e-4 of what the full step promises
                    trial_flows = self._chord_flows(tree_demand, z + length * step)
                    trial_dp, trial_slope = core_pipes.drop(trial_flows[core], slope=True)
                    trial_residual, trial_rounding = self._core_residual(trial_dp)
                    trial_norm = np.linalg.norm(trial_residual)
                    if trial_norm <= (1.0 - 1e-4 * length) * norm or length < 1e-6:
                        break
                    length /= 2.0
                if trial_norm >= norm:
                    raise HydraulicError(f"the line search found no decrease at iteration {iteration} "
                                         f"(largest loop residual {np.max(np.abs(residual)):.3g} Pa, "
                                         f"rounding level {rounding:.3g} Pa)")
                z = z + length * step
                flows, dp, slope, residual, norm = trial_flows, trial_dp, trial_slope, trial_residual, trial_norm
                rounding = trial_rounding
            else:
                raise HydraulicError(f"no convergence after {max_iterations} iterations "
                                     f"(last change {np.max(np.abs(length * step)):.3g} kg/s, "
                                     f"largest loop residual {np.max(np.abs(residual)):.3g} Pa)")
        return flows, pipes.drop(flows), iteration

    def _core_properties(self, temp_c):
        """``properties(temp_c)`` of the pipes of the loop system only (the others' flows never change)."""
        cache = self._system.setdefault("properties", {})
        key = float(temp_c)
        if key not in cache:
            whole, core = self.properties(key), self._system["pipes"]
            cache[key] = PipeProperties(self.length_m[core], self.diameter_m[core], self.roughness_m[core],
                                        whole.rho, whole.mu, whole.divisor, whole.law)
        return cache[key]

    def _core_residual(self, core_drop_pa):
        """Loop residuals (Pa) from the drops of the loop system's pipes, and their rounding level: the
        path sums to the chords' ends carry about 1e-13 of the largest (64 machine epsilons)."""
        drop = np.zeros(len(self.frm))
        drop[self._system["pipes"]] = core_drop_pa
        fall = self._potentials(drop)
        ends = np.r_[fall[self.frm[self.chords]], fall[self.to[self.chords]]]
        rounding = 64 * np.finfo(float).eps * (np.max(np.abs(ends)) + np.max(np.abs(core_drop_pa)))
        return drop[self.chords] + fall[self.frm[self.chords]] - fall[self.to[self.chords]], rounding

    def _chord_flows(self, tree_demand, chord_flow):
        """Pipe flows with ``chord_flow`` in the chords: each chord draws at its start and feeds its end,
        the tree carries the rest (one triangular solve, so mass balance holds exactly)."""
        n = len(self.node_ids)
        through = (np.bincount(self.frm[self.chords], weights=chord_flow, minlength=n)
                   - np.bincount(self.to[self.chords], weights=chord_flow, minlength=n))
        return self._expand(self.tree_lu.solve(tree_demand + through[self.tree_child]), chord_flow)

    def _loop_step(self, slope, residual_pa):
        """Newton step of the chord flows for the system's pipes of ``slope`` (Pa s/kg) at loop residuals
        ``residual_pa``.

        (G^T S G) dz = -r, solved through the sparse Laplacian of ``_loop_system``. Only the loop sums
        of the drops matter: the drops less the tree's pressure differences have the same sums and are
        zero on the tree, the residual on the chords. Solving with them keeps every term of the order
        of the residual, not of the network's pressures (10^9 Pa against residuals of 10^-3 Pa in a
        generated city-size network: the step would be lost to rounding).
        """
        from scipy.sparse import csc_matrix
        from scipy.sparse.linalg import splu

        system = self._system
        chain_slope = system["series"] @ slope
        conductance = 1.0 / chain_slope
        # each chain's own drop to remove: its chord's residual, along the chain's direction
        source = np.bincount(system["chord_chain"], weights=system["chord_sign"] * residual_pa,
                             minlength=len(chain_slope))
        a, b, size = system["a"], system["b"], system["size"]
        pa = pb = 0.0
        if size:
            matrix = csc_matrix((system["fill"] @ conductance, system["indices"], system["indptr"]),
                                shape=(size, size))
            lu = splu(matrix, permc_spec="NATURAL", diag_pivot_thresh=0.0, options={"SymmetricMode": True})
            flow = conductance * source  # A W h: out of each chain's start, into its end
            rhs = (np.bincount(a[a >= 0], weights=flow[a >= 0], minlength=size)
                   - np.bincount(b[b >= 0], weights=flow[b >= 0], minlength=size))
            pressure = lu.solve(rhs)
            pa = np.where(a >= 0, pressure[np.maximum(a, 0)], 0.0)
            pb = np.where(b >= 0, pressure[np.maximum(b, 0)], 0.0)
        chain_step = conductance * (pa - pb - source)
        return system["chord_sign"] * chain_step[system["chord_chain"]]

    def loop_residual_pa(self, drop_pa):
        """Pressure sum around each fundamental loop (0 for a solved network): along the tree to the
        chord's start, through the chord, back along the tree from its end."""
        if not len(self.chords):
            return np.zeros(0)
        fall = self._potentials(drop_pa)
        return drop_pa[self.chords] + fall[self.frm[self.chords]] - fall[self.to[self.chords]]

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
        if not len(self.chords) and excess_plant > 0:
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
        from scipy.sparse import csr_matrix
        from scipy.sparse.linalg import spsolve, spsolve_triangular

        n = len(self.node_ids)
        down = np.where(up == self.frm, self.to, self.frm)[moving]
        up, q, decay = up[moving], q[moving], decay[moving]
        inflow = np.bincount(down, weights=q, minlength=n)
        fed = inflow > 0
        fed[self.roots] = False
        keep = fed[down]
        order = np.argsort(fall_pa, kind="stable")
        rank = np.empty(n, int)
        rank[order] = np.arange(n)
        rows, cols = np.r_[rank, rank[down[keep]]], np.r_[rank, rank[up[keep]]]
        matrix = csr_matrix((np.r_[np.where(fed, inflow, 1.0), -(q * decay)[keep]], (rows, cols)), shape=(n, n))
        rhs = np.zeros(n)
        rhs[rank[self.roots]] = excess_plant
        if (cols < rows).sum() == keep.sum():  # every upstream node ranks before its downstream one
            excess = spsolve_triangular(matrix, rhs, lower=True)[rank]
        else:  # pressures tied at rounding level: a general sparse solve
            excess = spsolve(matrix.tocsc(), rhs)[rank]
        excess[~fed & ~self.is_root] = np.nan
        return excess

    def solve(self, loads_kw, *, supply_temp_c=85.0, return_temp_c=60.0, ground_temp_c=10.0,
              plant_supply_pressure_bar=6.0, substation_min_dp_bar=1.0, pump_efficiency_frac=0.7,
              max_velocity_m_per_s=None, max_pressure_gradient_pa_per_m=None, start_kg_per_s=None):
        """Flows, pressures, temperatures and losses at given substation loads.

        ``loads_kw``: heat drawn at nodes, a Series by node id or an array in node order. The pump
        head covers the supply and return drops to the critical node plus ``substation_min_dp_bar``
        there. With both limits given, each pipe's capacity and ``load_frac`` are reported.
        ``start_kg_per_s``: pipe flows to start a meshed network's Newton iterations from (see
        ``solve_flows``).
        """
        if supply_temp_c <= return_temp_c:
            raise HydraulicError(f"supply {supply_temp_c} °C must be above return {return_temp_c} °C")
        loads = self._loads(loads_kw)
        fluid = self.fluid
        cp_mean = float(fluid.heat_capacity_j_per_kg_k((supply_temp_c + return_temp_c) / 2))
        demand = loads * 1000.0 / (cp_mean * (supply_temp_c - return_temp_c))
        demand[self.roots] = 0.0
        if len(self.roots) == 1:
            demand[self.plant] = -demand.sum()  # the plant node feeds the rest
        else:  # each plant node feeds its sub-network
            demand[self.roots] = -np.bincount(self.part, weights=demand)[self.part[self.roots]]
        flows, dp_supply, iterations = self.solve_flows(demand, supply_temp_c, start_kg_per_s=start_kg_per_s)
        dp_return = self.properties(return_temp_c).drop(flows)
        # inflow - outflow - demand at every node
        net_in = (np.bincount(self.to, weights=flows, minlength=len(demand))
                  - np.bincount(self.frm, weights=flows, minlength=len(demand)))
        imbalance = float(np.max(np.abs(net_in - demand)))
        p0 = plant_supply_pressure_bar * 1e5
        supply_drop = self._potentials(dp_supply)
        return_drop = self._potentials(dp_return)
        head_pa, node_head_pa, pump_power_kw, critical = self._pumps(
            supply_drop + return_drop, loads > 0, demand, substation_min_dp_bar * 1e5,
            float(fluid.density_kg_per_m3(return_temp_c)), pump_efficiency_frac)
        cp = float(fluid.heat_capacity_j_per_kg_k(supply_temp_c))
        node_temp, inlet, outlet = self._temperatures(flows, supply_temp_c, ground_temp_c, cp, supply_drop)
        supply_loss = np.nan_to_num(np.abs(flows) * cp * (inlet - outlet) / 1000.0)
        cp_return = float(fluid.heat_capacity_j_per_kg_k(return_temp_c))
        with np.errstate(divide="ignore", over="ignore"):
            return_decay = np.exp(-self.u_w_per_m_k * self.length_m / (np.abs(flows) * cp_return))
        return_loss = np.abs(flows) * cp_return * (return_temp_c - ground_temp_c) * (1 - return_decay) / 1000.0
        capacity = None
        if max_velocity_m_per_s is not None and max_pressure_gradient_pa_per_m is not None:
            capacity = self.capacity_kg_per_s(supply_temp_c, max_velocity_m_per_s, max_pressure_gradient_pa_per_m)
        residual = self.loop_residual_pa(dp_supply)
        return HydraulicResult(
            network=self, mass_flow_kg_per_s=flows, demand_kg_per_s=demand, supply_drop_pa=dp_supply,
            return_drop_pa=dp_return, supply_pressure_pa=p0 - supply_drop,
            return_pressure_pa=p0 - node_head_pa + return_drop, node_temp_c=node_temp, supply_temp_in_c=inlet,
            supply_temp_out_c=outlet, supply_heat_loss_kw_by_pipe=supply_loss,
            return_heat_loss_kw_by_pipe=return_loss, supply_temp_c=supply_temp_c, return_temp_c=return_temp_c,
            pump_head_bar=head_pa / 1e5, pump_power_kw=pump_power_kw,
            critical_node=self.node_ids[critical], iterations=iterations, max_mass_imbalance_kg_per_s=imbalance,
            max_loop_residual_pa=float(np.max(np.abs(residual), initial=0.0)),
            heat_loss_kw=float(supply_loss.sum() + return_loss.sum()), capacity_kg_per_s=capacity)

    def _pumps(self, need_pa, loaded, demand, min_dp_pa, rho_return, efficiency_frac):
        """The pump head (Pa): the supply and return drops from the plant to the critical (most
        demanding) loaded node plus ``min_dp_pa``; each node's plant's head, the pumps' electric power
        (kW) and the critical node. With several sub-networks, each plant's pump serves its own, and
        the head reported is the largest."""
        if len(self.roots) == 1:
            critical = int(np.flatnonzero(loaded)[np.argmax(need_pa[loaded])]) if loaded.any() else self.plant
            head_pa = need_pa[critical] + min_dp_pa
            total_flow = float(demand[demand > 0].sum())
            return head_pa, head_pa, head_pa * total_flow / rho_return / efficiency_frac / 1000.0, critical
        plant_of, by_part, starts = self._sub_networks
        most = np.zeros(len(self.roots))  # each sub-network's largest need at a loaded node (0 if none)
        most = np.maximum(most, np.maximum.reduceat(np.where(loaded, need_pa, -np.inf)[by_part], starts))
        heads_pa = most + min_dp_pa
        worst = int(np.argmax(heads_pa))
        mine = loaded & (plant_of == worst)
        critical = int(np.flatnonzero(mine)[np.argmax(need_pa[mine])]) if mine.any() else int(self.roots[worst])
        power_kw = float(heads_pa @ -demand[self.roots]) / rho_return / efficiency_frac / 1000.0
        return float(heads_pa[worst]), heads_pa[plant_of], power_kw, critical

    @functools.cached_property
    def _sub_networks(self):
        """Each node's plant (a position in ``roots``), the nodes grouped by plant, and where each group
        starts: the same for every solve (an argsort of 10^5 nodes took 5 ms a solve)."""
        root_of_part = np.full(self.part.max() + 1, -1)
        root_of_part[self.part[self.roots]] = np.arange(len(self.roots))
        plant_of = root_of_part[self.part]
        by_part = np.argsort(plant_of, kind="stable")
        return plant_of, by_part, np.searchsorted(plant_of[by_part], np.arange(len(self.roots)))

    @functools.cached_property
    def _index(self):
        """The node ids as an index of objects (pandas' str index looks 10^5 ids up several times slower)."""
        return pd.Index(self.node_ids, dtype=object)

    def node_index(self, ids, what="loads"):
        """Positions of node ids in ``node_ids``; unknown ids are an error naming ``what`` is at them.
        The last lookup is kept: a year's levels and its design point look the same substations up."""
        ids = pd.Index(ids, dtype=object)
        last = getattr(self, "_last_lookup", None)
        if last is not None and len(last[0]) == len(ids) and last[0].equals(ids):
            return last[1].copy()
        where = self._index.get_indexer(ids)
        if (where < 0).any():
            raise HydraulicError(f"{what} at unknown node(s) {sorted(map(str, ids[where < 0]))[:10]}")
        self._last_lookup = (ids, where)
        return where.copy()

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
                     colebrook_divisor=COLEBROOK_DIVISOR, friction_law=DEFAULT_FRICTION_LAW, **conditions):
    """Prepare and solve a network in one call (see ``PipeNetwork.solve`` for ``conditions``)."""
    network = PipeNetwork(nodes, pipes, plant_node, u_w_per_m_k=u_w_per_m_k, catalogue=catalogue, fluid=fluid,
                          colebrook_divisor=colebrook_divisor, friction_law=friction_law)
    return network.solve(loads_kw, **conditions)
