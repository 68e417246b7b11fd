"""Which candidate buildings to connect and which street segments to build: a mixed-integer program.

The problem (:class:`PlanProblem`) is a tree of route segments hanging from the existing network's
nodes (the shortest-path tree of the street graph, :func:`route_tree`), candidate buildings attached
to its nodes by a service pipe, and what each connection brings. The program (HiGHS, through its own
interface ``highspy`` where it is installed, else through ``scipy.optimize.milp``, the reference) chooses

* ``x_i`` whether candidate *i* connects; ``y_e`` whether segment *e* is built (a segment only if its
  parent is, a candidate only if the segment that reaches its node is);
* ``z_ed`` the DN of each built segment, among the catalogue's, and the design flow ``f_e`` (kW) it
  carries: the sum of the subscribed power downstream, within the DN's capacity at the design
  temperatures (velocity and pressure-gradient limits of the network physics);
* within the spare capacity of the existing pipes at each attachment node (from the base
  scenario's design hydraulics) and of the plants at the design temperature.

Objectives, each re-evaluated by the scenario runner on the written plan (:func:`objective_from_result`):

* ``npv``: the operator's present value over the contract's remaining years of the change in its
  operating result (R1 margin + R2 at the base's unit - the annuity of the investment net of subsidy),
  the ``hold_unit`` view of the scenario runner;
* ``territory_cost``: the territory's annual cost, HT: connected buildings pay the operator's costs
  (R1 costs, the investment's annuity) and their own upkeep, the others keep their alternative;
* ``dwellings``: the most dwellings connected with the average price (R2 total held, investment
  annuity in R2) rising by at most ``max_price_rise_frac``.

Constraints: the contract's kW per metre of new distribution pipe (service pipes excluded), the
Fonds Chaleur MWh per metre of trench where a subsidy is claimed, a budget.
"""

import itertools
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

OBJECTIVES = ("npv", "territory_cost", "dwellings")
SOLVERS = ("highs", "scipy")
CANDIDATE_COLUMNS = ("id", "node_id", "service_length_m", "subscribed_kw", "heat_mwh", "dwellings", "capex_eur",
                     "alternative_cost_eur", "building_cost_eur")


@dataclass
class Economics:
    """Unit values of a connection, from the base scenario and the French references."""

    r1_eur_per_mwh: float  # R1 the new subscribers pay (held at the base's)
    r1_costs_eur_per_mwh: float  # the operator's R1 costs per MWh (the base's)
    r2_eur_per_kw: float  # the base's R2 unit (hold_unit view of the operator)
    annuity_frac: float  # yearly cost per euro invested: CRF x (1 - subsidy)
    npv_factor: float = 1.0  # sum of discount factors over the contract's remaining years
    base_heat_mwh: float = 0.0
    base_r2_total_eur: float = 0.0  # R2 revenue the hold_total policy spreads
    base_price_eur_per_mwh: float = 0.0


@dataclass
class Limits:
    min_kw_per_m: float | None = 3.0
    min_mwh_per_m: float | None = None  # Fonds Chaleur, where a subsidy is claimed
    budget_eur: float | None = None
    plant_spare_kw: float = float("inf")
    max_price_rise_frac: float = 0.0  # the dwellings objective's price limit


@dataclass
class PlanProblem:
    """Candidates, the route tree (``segments``: id, parent_node, child_node, length_m, parent_segment)
    and the DN options (``dns``: dn_mm, capacity_kw, cost_eur_per_m)."""

    candidates: pd.DataFrame
    segments: pd.DataFrame
    roots: dict  # attachment node -> spare kW of the existing pipes on the way to it
    dns: pd.DataFrame
    economics: Economics
    limits: Limits = field(default_factory=Limits)


@dataclass
class PlanSolution:
    objective: str
    value: float
    selected: list  # candidate ids
    segments: pd.DataFrame  # built segments with dn_mm and flow_kw
    capex_eur: float
    status: str
    mip_gap: float | None = None
    seconds: float = 0.0
    figures: dict = field(default_factory=dict)
    first_stage_seconds: float | None = None  # dwellings: the most dwellings (the objective), before the tie-break
    tie_break_status: str | None = None  # dwellings: the least investment among the plans with that many dwellings


class PlanError(ValueError):
    """A planning problem that cannot be built or solved (no route, infeasible constraints)."""


# ---------------------------------------------------------------- the route tree

def route_tree(streets, roots):
    """Orient a street graph (``streets``: id, from_node, to_node, length_m) as the tree of shortest
    paths from the attachment nodes ``roots``; segments off the tree and nodes out of reach are dropped.

    Returns the tree's segments with ``parent_node``, ``child_node`` and ``parent_segment`` (None at a root).
    """
    from scipy.sparse.csgraph import dijkstra

    nodes = pd.Index(pd.unique(pd.concat([streets["from_node"], streets["to_node"], pd.Series(list(roots))])))
    a, b = nodes.get_indexer(streets["from_node"]), nodes.get_indexer(streets["to_node"])
    lengths = streets["length_m"].to_numpy(float)
    graph = sparse.coo_matrix((np.r_[lengths, lengths], (np.r_[a, b], np.r_[b, a])), shape=(len(nodes),) * 2).tocsr()
    root_idx = nodes.get_indexer(list(roots))
    _, pred, _ = dijkstra(graph, indices=root_idx, min_only=True, return_predecessors=True)
    by_pair = {}
    for seg_id, u, v, length in zip(streets["id"], a, b, lengths):
        for p, c in ((u, v), (v, u)):
            if pred[c] == p and (c not in by_pair or length < by_pair[c][2]):
                by_pair[c] = (seg_id, p, length)
    rows = [{"id": seg_id, "parent_node": nodes[p], "child_node": nodes[c], "length_m": length}
            for c, (seg_id, p, length) in by_pair.items()]
    tree = pd.DataFrame(rows, columns=["id", "parent_node", "child_node", "length_m"])
    into = dict(zip(tree["child_node"], tree["id"]))
    tree["parent_segment"] = [into.get(p) for p in tree["parent_node"]]
    return tree.reset_index(drop=True)


def _structure(problem):
    """Indices the program and the enumeration share: the segment reaching each node, children lists."""
    seg = problem.segments
    into = {c: i for i, c in enumerate(seg["child_node"])}
    parent = np.array([into.get(p, -1) for p in seg["parent_node"]], int)
    cand_seg = np.array([into.get(n, -1) for n in problem.candidates["node_id"]], int)
    unknown = [n for n, s in zip(problem.candidates["node_id"], cand_seg) if s < 0 and n not in problem.roots]
    if unknown:
        raise PlanError(f"candidate node(s) {unknown[:5]} are neither on the route tree nor an attachment node")
    root_of_seg = np.array([p if p in problem.roots else None for p in seg["parent_node"]], object)
    return parent, cand_seg, root_of_seg


# ---------------------------------------------------------------- objective of a given selection

def _coefficients(problem, objective):
    """Per-candidate and per-euro-of-pipe objective coefficients (to minimise) and the constant term."""
    c, e = problem.candidates, problem.economics
    capex = c["capex_eur"].to_numpy(float)
    if objective == "npv":  # an R3 (houses) is revenue the operator adds where the network has one
        r3 = c["r3_eur"].to_numpy(float) if "r3_eur" in c else 0.0
        per_cand = -e.npv_factor * ((e.r1_eur_per_mwh - e.r1_costs_eur_per_mwh) * c["heat_mwh"].to_numpy(float)
                                    + e.r2_eur_per_kw * c["subscribed_kw"].to_numpy(float) + r3
                                    - e.annuity_frac * capex)
        return per_cand, e.npv_factor * e.annuity_frac, 0.0
    if objective == "territory_cost":
        alt = c["alternative_cost_eur"].to_numpy(float)
        per_cand = (c["building_cost_eur"].to_numpy(float) + e.r1_costs_eur_per_mwh * c["heat_mwh"].to_numpy(float)
                    + e.annuity_frac * capex - alt)
        return per_cand, e.annuity_frac, float(alt.sum())
    if objective == "dwellings":
        return -c["dwellings"].to_numpy(float), 0.0, 0.0
    raise PlanError(f"unknown objective {objective!r}; one of {list(OBJECTIVES)}")


def _sign(objective):
    return 1.0 if objective == "territory_cost" else -1.0  # reported values: NPV and dwellings are maximised


def segment_flows_kw(problem, selected, structure=None):
    """The kW each route segment carries when the candidates ``selected`` (boolean array) connect: each
    candidate's subscribed power on every segment of its path to the network."""
    parent, cand_seg, _ = structure or _structure(problem)
    kw = problem.candidates["subscribed_kw"].to_numpy(float)
    flow = np.zeros(len(problem.segments))
    for i in np.flatnonzero(np.asarray(selected, bool)):
        s = cand_seg[i]
        while s >= 0:
            flow[s] += kw[i]
            s = parent[s]
    return flow


def evaluate_selection(problem, selected, objective, structure=None):
    """The objective (reported sign) of connecting the candidates ``selected`` (boolean array), building
    the segments their paths need at the smallest DN that carries each flow; None if infeasible."""
    parent, cand_seg, root_of_seg = structure or _structure(problem)
    c, seg = problem.candidates, problem.segments
    selected = np.asarray(selected, bool)
    flow = segment_flows_kw(problem, selected, (parent, cand_seg, root_of_seg))
    built = flow > 0
    caps, costs = problem.dns["capacity_kw"].to_numpy(float), problem.dns["cost_eur_per_m"].to_numpy(float)
    if np.any(flow[built] > caps.max() + 1e-9):
        return None
    choice = np.searchsorted(caps, flow[built] - 1e-9)
    pipe_eur = float((costs[choice] * seg["length_m"].to_numpy(float)[built]).sum())
    capex = float(c["capex_eur"].to_numpy(float)[selected].sum()) + pipe_eur
    if not _feasible(problem, selected, flow, built, capex, root_of_seg, cand_seg):
        return None
    per_cand, per_pipe_eur, const = _coefficients(problem, objective)
    return _sign(objective) * (float(per_cand[selected].sum()) + per_pipe_eur * pipe_eur + const)


def _feasible(problem, selected, flow, built, capex, root_of_seg, cand_seg, tol=1e-6):
    c, seg, lim = problem.candidates, problem.segments, problem.limits
    kw, mwh = c["subscribed_kw"].to_numpy(float), c["heat_mwh"].to_numpy(float)
    for root, spare in problem.roots.items():
        load = flow[(root_of_seg == root)].sum() + kw[selected & (c["node_id"].to_numpy() == root)].sum()
        if load > spare + tol:
            return False
    if kw[selected].sum() > lim.plant_spare_kw + tol:
        return False
    length = seg["length_m"].to_numpy(float)[built].sum()
    if lim.min_kw_per_m and kw[selected].sum() < lim.min_kw_per_m * length - tol:
        return False
    trench = length + c["service_length_m"].to_numpy(float)[selected].sum()
    if lim.min_mwh_per_m and mwh[selected].sum() < lim.min_mwh_per_m * trench - tol:
        return False
    if lim.budget_eur is not None and capex > lim.budget_eur + tol:
        return False
    return _price_ok(problem, mwh[selected].sum(), capex, tol)


def _price_ok(problem, added_mwh, capex, tol=1e-6):
    e, lim = problem.economics, problem.limits
    if lim.max_price_rise_frac is None or e.base_heat_mwh <= 0:
        return True
    ceiling = (1 + lim.max_price_rise_frac) * e.base_price_eur_per_mwh - e.r1_eur_per_mwh
    return e.base_r2_total_eur + e.annuity_frac * capex <= ceiling * (e.base_heat_mwh + added_mwh) + tol


def brute_force(problem, objective):
    """The best selection by enumerating every subset (small instances: the program's cross-check)."""
    n = len(problem.candidates)
    best, best_sel, structure = None, None, _structure(problem)
    for bits in itertools.product((False, True), repeat=n):
        value = evaluate_selection(problem, np.array(bits, bool), objective, structure)
        if value is not None and (best is None or _better(value, best, objective)):
            best, best_sel = value, np.array(bits, bool)
    return best, best_sel


def greedy(problem, objective):
    """Add, one at a time, the candidate that improves the objective most while staying feasible."""
    n = len(problem.candidates)
    chosen, structure = np.zeros(n, bool), _structure(problem)
    current = evaluate_selection(problem, chosen, objective, structure)
    while True:
        best_gain, best_i = None, None
        for i in np.flatnonzero(~chosen):
            trial = chosen.copy()
            trial[i] = True
            value = evaluate_selection(problem, trial, objective, structure)
            if value is not None and (current is None or _better(value, current, objective)):
                if best_gain is None or _better(value, best_gain, objective):
                    best_gain, best_i = value, i
        if best_i is None:
            return current, chosen
        chosen[best_i] = True
        current = best_gain


def _better(a, b, objective):
    return a < b - 1e-9 if objective == "territory_cost" else a > b + 1e-9


# ---------------------------------------------------------------- the mixed-integer program

class _Rows:
    """Sparse constraint rows gathered as triplets: lo <= A v <= hi."""

    def __init__(self):
        self.r, self.c, self.v, self.lo, self.hi = [], [], [], [], []

    def add(self, cols, vals, lo, hi):
        k = len(self.lo)
        self.r.extend([k] * len(cols))
        self.c.extend(cols)
        self.v.extend(vals)
        self.lo.append(lo)
        self.hi.append(hi)

    def constraint(self, n_vars):
        matrix = sparse.csr_matrix((self.v, (self.r, self.c)), shape=(len(self.lo), n_vars))
        return LinearConstraint(matrix, np.array(self.lo, float), np.array(self.hi, float))


def _dn_options(problem, parent, cand_seg):
    """For each segment, the DN options worth offering: up to the first that carries all it could, that
    is everything downstream, but never more than its attachment's spare kW or the plants' spare."""
    kw = problem.candidates["subscribed_kw"].to_numpy(float)
    potential = np.zeros(len(problem.segments))
    for i, s in enumerate(cand_seg):
        while s >= 0:
            potential[s] += kw[i]
            s = parent[s]
    potential = np.minimum(potential, _segment_spare_kw(problem, parent))
    caps = problem.dns["capacity_kw"].to_numpy(float)
    last = np.minimum(np.searchsorted(caps, potential - 1e-9), len(caps) - 1)
    return [list(range(k + 1)) for k in last]


def _segment_spare_kw(problem, parent):
    """The most kW a segment can carry under the limits: its attachment node's spare and the plants'."""
    seg = problem.segments
    top = np.arange(len(seg))
    for _ in range(len(seg)):  # walk every segment up to the one leaving its attachment node
        up = parent[top]
        if (up < 0).all():
            break
        top = np.where(up >= 0, up, top)
    spare = np.array([problem.roots.get(n, np.inf) for n in seg["parent_node"].to_numpy()[top]], float)
    return np.minimum(spare, problem.limits.plant_spare_kw)


def _layout(problem):
    """Variable indices: x (candidates), y (segments), f (flows), z (segment x DN option)."""
    n, m = len(problem.candidates), len(problem.segments)
    parent, cand_seg, root_of_seg = _structure(problem)
    options = _dn_options(problem, parent, cand_seg)
    x0, y0, f0 = 0, n, n + m
    z_index, k = [], n + 2 * m
    for opts in options:
        z_index.append(list(range(k, k + len(opts))))
        k += len(opts)
    return {"n": n, "m": m, "x0": x0, "y0": y0, "f0": f0, "z": z_index, "options": options, "size": k,
            "parent": parent, "cand_seg": cand_seg, "root_of_seg": root_of_seg}


def _structural_rows(problem, lay, rows):
    """Tree closure, one DN per built segment, flow balance and DN capacity."""
    c = problem.candidates
    kw = c["subscribed_kw"].to_numpy(float)
    caps = problem.dns["capacity_kw"].to_numpy(float)
    x0, y0, f0 = lay["x0"], lay["y0"], lay["f0"]
    for i, s in enumerate(lay["cand_seg"]):
        if s >= 0:
            rows.add([x0 + i, y0 + s], [1.0, -1.0], -np.inf, 0.0)
    children = [[] for _ in range(lay["m"])]
    at_node = [[] for _ in range(lay["m"])]
    for s, p in enumerate(lay["parent"]):
        if p >= 0:
            rows.add([y0 + s, y0 + p], [1.0, -1.0], -np.inf, 0.0)
            children[p].append(s)
    for i, s in enumerate(lay["cand_seg"]):
        if s >= 0:
            at_node[s].append(i)
    for s in range(lay["m"]):
        z = lay["z"][s]
        rows.add([y0 + s] + z, [1.0] + [-1.0] * len(z), 0.0, 0.0)
        rows.add([f0 + s] + [f0 + ch for ch in children[s]] + [x0 + i for i in at_node[s]],
                 [1.0] + [-1.0] * len(children[s]) + [-kw[i] for i in at_node[s]], 0.0, 0.0)
        rows.add([f0 + s] + z, [1.0] + [-caps[d] for d in lay["options"][s]], -np.inf, 0.0)


def _pipe_cost_terms(problem, lay):
    """(column, EUR of pipe) for every z variable."""
    costs = problem.dns["cost_eur_per_m"].to_numpy(float)
    length = problem.segments["length_m"].to_numpy(float)
    cols, eur = [], []
    for s in range(lay["m"]):
        for col, d in zip(lay["z"][s], lay["options"][s]):
            cols.append(col)
            eur.append(costs[d] * length[s])
    return cols, np.array(eur, float)


def _limit_rows(problem, lay, rows):
    """Attachment and plant capacity, kW/m and MWh/m rules, budget, the dwellings objective's price limit."""
    c, lim, e = problem.candidates, problem.limits, problem.economics
    kw, mwh = c["subscribed_kw"].to_numpy(float), c["heat_mwh"].to_numpy(float)
    capex = c["capex_eur"].to_numpy(float)
    x = list(range(lay["x0"], lay["x0"] + lay["n"]))
    y = list(range(lay["y0"], lay["y0"] + lay["m"]))
    length = problem.segments["length_m"].to_numpy(float)
    nodes = c["node_id"].to_numpy()
    for root, spare in problem.roots.items():
        segs = [lay["f0"] + s for s in np.flatnonzero(lay["root_of_seg"] == root)]
        direct = [i for i in range(lay["n"]) if nodes[i] == root]
        if np.isfinite(spare):
            rows.add(segs + [x[i] for i in direct], [1.0] * len(segs) + [kw[i] for i in direct], -np.inf, spare)
    if np.isfinite(lim.plant_spare_kw):
        rows.add(x, kw, -np.inf, lim.plant_spare_kw)
    if lim.min_kw_per_m:
        rows.add(x + y, np.r_[kw, -lim.min_kw_per_m * length], 0.0, np.inf)
    if lim.min_mwh_per_m:
        service = c["service_length_m"].to_numpy(float)
        rows.add(x + y, np.r_[mwh - lim.min_mwh_per_m * service, -lim.min_mwh_per_m * length], 0.0, np.inf)
    zcols, zeur = _pipe_cost_terms(problem, lay)
    if lim.budget_eur is not None:
        rows.add(x + zcols, np.r_[capex, zeur], -np.inf, lim.budget_eur)
    if lim.max_price_rise_frac is not None and e.base_heat_mwh > 0:
        ceiling = (1 + lim.max_price_rise_frac) * e.base_price_eur_per_mwh - e.r1_eur_per_mwh
        rows.add(x + zcols, np.r_[e.annuity_frac * capex - ceiling * mwh, e.annuity_frac * zeur], -np.inf,
                 ceiling * e.base_heat_mwh - e.base_r2_total_eur)


def solve(problem, objective, time_limit_s=60.0, mip_rel_gap=1e-6, solver="highs", cuts=True):
    """Solve the program for ``objective``; the optimum (or the best found within the time, with HiGHS's gap).

    ``dwellings`` is solved in two stages: the most dwellings (an integer objective, whose bound closes
    fast), then, that many dwellings held, the least investment among the plans that reach it, started
    from the first stage's plan; the plan's status and gap are the first stage's, the tie-break's own
    outcome is ``tie_break_status``. ``solver``: ``"highs"`` (HiGHS's own interface, ``highspy``, where it
    is installed; else scipy's) or ``"scipy"`` (``scipy.optimize.milp``, the reference). ``cuts``: add
    the DN cover inequalities (:func:`_cover_rows`) before the branch and bound.
    """
    if objective not in OBJECTIVES:
        raise PlanError(f"unknown objective {objective!r}; one of {list(OBJECTIVES)}")
    if solver not in SOLVERS:
        raise PlanError(f"unknown solver {solver!r}; one of {list(SOLVERS)}")
    started = time.perf_counter()
    lay = _layout(problem)
    rows = _Rows()
    _structural_rows(problem, lay, rows)
    saved = problem.limits.max_price_rise_frac
    if objective != "dwellings":
        problem.limits.max_price_rise_frac = None
    try:
        _limit_rows(problem, lay, rows)
    finally:
        problem.limits.max_price_rise_frac = saved
    cost = np.zeros(lay["size"])
    per_cand, per_pipe_eur, _ = _coefficients(problem, objective)
    cost[lay["x0"]:lay["x0"] + lay["n"]] = per_cand
    zcols, zeur = _pipe_cost_terms(problem, lay)
    cost[zcols] = per_pipe_eur * zeur
    if cuts:
        _cover_rows(problem, lay, cost, rows)
    constraints = [rows.constraint(lay["size"])]
    share = 0.9 if objective == "dwellings" else 1.0  # the rest for the tie-break
    first = max(1.0, share * time_limit_s - (time.perf_counter() - started))  # the cuts' rounds count
    res = _milp(cost, constraints, lay, first, mip_rel_gap, solver=solver)
    first_stage_s, tie_break = time.perf_counter() - started, None
    if objective == "dwellings" and res.x is not None:
        best = -float(cost @ res.x)
        stage2 = np.zeros(lay["size"])
        stage2[lay["x0"]:lay["x0"] + lay["n"]] = problem.candidates["capex_eur"].to_numpy(float)
        stage2[zcols] = zeur
        keep = LinearConstraint(sparse.csr_matrix(-cost[None, :]), best - 0.5, np.inf)
        left = max(1.0, time_limit_s - (time.perf_counter() - started))
        cheaper = _milp(stage2, constraints + [keep], lay, left, mip_rel_gap, start_gap=getattr(res, "mip_gap", None),
                        solver=solver, start=res.x)
        tie_break = "optimal" if cheaper.status == 0 else "time limit" if cheaper.status == 1 else str(cheaper.message)
        if cheaper.x is not None:  # the plan's status is the objective's (the first stage's), not the tie-break's
            cheaper.status = res.status
            res = cheaper
    if res.x is None:
        raise PlanError(f"no feasible plan: {res.message}")
    solution = _solution(problem, objective, lay, res, time.perf_counter() - started)
    solution.first_stage_seconds, solution.tie_break_status = first_stage_s, tie_break
    return solution


def _bounds_and_integrality(lay):
    integrality = np.ones(lay["size"])
    integrality[lay["f0"]:lay["f0"] + lay["m"]] = 0
    upper = np.ones(lay["size"])
    upper[lay["f0"]:lay["f0"] + lay["m"]] = np.inf
    return integrality, upper


def _milp(cost, constraints, lay, time_limit_s, mip_rel_gap, start_gap=None, solver="highs", start=None):
    integrality, upper = _bounds_and_integrality(lay)
    if solver == "highs" and _highspy() is not None:
        res = _highs_milp(cost, constraints, integrality, upper, time_limit_s, mip_rel_gap, start)
    else:  # scipy's milp takes no starting plan
        res = milp(cost, constraints=constraints, integrality=integrality, bounds=Bounds(np.zeros(lay["size"]), upper),
                   options={"time_limit": time_limit_s, "mip_rel_gap": mip_rel_gap, "disp": False})
    if start_gap is not None:  # the gap reported is the objective's (the first stage's), not the tie-break's
        res.mip_gap = start_gap
    return res


def _highspy():
    """highspy where installed with the bare solver class this module uses, else None (scipy's milp)."""
    try:
        import highspy
        from highspy._core import _Highs  # noqa: F401
    except ImportError:
        return None
    return highspy


def _highs_milp(cost, constraints, integrality, upper, time_limit_s, mip_rel_gap, start=None):
    """The program through HiGHS's own interface: the same model as scipy's, and a starting plan."""
    # the bare class: highspy.Highs writes its banner to standard output when created, before output_flag can
    # be set (ERGO-Code/HiGHS issues 1932 and 2749), which would break `heatnet plan --json`
    from highspy._core import _Highs
    from scipy.optimize import OptimizeResult

    hs = _highspy()
    matrix = sparse.vstack([c.A for c in constraints]).tocsc()
    lo, hi = np.concatenate([c.lb for c in constraints]), np.concatenate([c.ub for c in constraints])
    lp = hs.HighsLp()
    lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
    lp.col_cost_, lp.col_lower_ = np.asarray(cost, float), np.zeros(matrix.shape[1])
    lp.col_upper_ = np.where(np.isfinite(upper), upper, hs.kHighsInf)
    lp.row_lower_ = np.where(np.isfinite(lo), lo, -hs.kHighsInf)
    lp.row_upper_ = np.where(np.isfinite(hi), hi, hs.kHighsInf)
    lp.a_matrix_.format_ = hs.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = matrix.indptr, matrix.indices, matrix.data
    lp.integrality_ = [hs.HighsVarType.kInteger if v else hs.HighsVarType.kContinuous for v in integrality]
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    h.setOptionValue("time_limit", float(time_limit_s))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    if start is not None:
        sol = hs.HighsSolution()
        sol.col_value, sol.value_valid = list(np.asarray(start, float)), True
        h.setSolution(sol)
    h.run()
    model_status, info = h.getModelStatus(), h.getInfo()
    found = info.primal_solution_status == hs.kSolutionStatusFeasible
    status = {hs.HighsModelStatus.kOptimal: 0, hs.HighsModelStatus.kTimeLimit: 1,
              hs.HighsModelStatus.kInfeasible: 2}.get(model_status, 4)  # scipy's milp codes
    x = np.array(h.getSolution().col_value) if found else None
    return OptimizeResult(x=x, status=status, message=h.modelStatusToString(model_status),
                          mip_gap=float(info.mip_gap) if found else None)


def _cover_rows(problem, lay, cost, rows, rounds=30, tol=1e-3):
    """DN cover inequalities, separated on the linear relaxation in a few rounds.

    For a segment *e* and any set *S* of candidates downstream of it, whatever DN *d* is built the
    candidates of *S* send at most min(capacity_d, kW(S)) through *e*:
    sum_{i in S} kW_i x_i <= sum_d min(capacity_d, kW(S)) z_ed. Valid for every plan, so the optimum
    is unchanged; they forbid what the relaxation otherwise does, building a trunk as a blend of a
    small and a large DN, which prices the concave pipe cost as if it were linear. Each round takes,
    on every segment with a choice of DN, the set of its downstream candidates in decreasing order of
    their relaxed x that the relaxation violates most.
    """
    kw = problem.candidates["subscribed_kw"].to_numpy(float)
    caps = problem.dns["capacity_kw"].to_numpy(float)
    down = [[] for _ in range(lay["m"])]
    for i, s in enumerate(lay["cand_seg"]):
        while s >= 0:
            down[s].append(i)
            s = lay["parent"][s]
    choice = [s for s in range(lay["m"]) if len(lay["options"][s]) > 1 and down[s]]
    if not choice:
        return
    _, upper = _bounds_and_integrality(lay)
    for _ in range(rounds):
        relaxed = milp(cost, constraints=[rows.constraint(lay["size"])],
                       bounds=Bounds(np.zeros(lay["size"]), upper), options={"disp": False})
        if relaxed.x is None:
            return
        added = 0
        for s in choice:
            cut = _violated_cover(relaxed.x, np.array(down[s]), kw, caps[lay["options"][s]], lay["z"][s], tol)
            if cut is not None:
                rows.add(*cut, -np.inf, 0.0)
                added += 1
        if not added:
            return


def _violated_cover(x, down, kw, caps, zcols, tol):
    """The most violated cover inequality of one segment among the prefixes of its candidates by relaxed x."""
    order = np.argsort(-x[down], kind="stable")
    down = down[order][x[down][order] > 1e-9]
    if not len(down):
        return None
    kw_s = np.cumsum(kw[down])
    violation = np.cumsum(kw[down] * x[down]) - np.minimum(caps[None, :], kw_s[:, None]) @ x[zcols]
    k = int(np.argmax(violation))
    if violation[k] <= tol * max(1.0, kw_s[k]):
        return None
    return list(down[:k + 1]) + list(zcols), list(kw[down[:k + 1]]) + list(-np.minimum(caps, kw_s[k]))


def _solution(problem, objective, lay, res, seconds):
    """The chosen candidates; segments and DNs rebuilt from them (smallest DN that carries each flow)."""
    selected = res.x[lay["x0"]:lay["x0"] + lay["n"]] > 0.5
    value = evaluate_selection(problem, selected, objective)
    if value is None:
        raise PlanError("the program's selection fails a constraint when re-checked (numerical tolerance)")
    kw = problem.candidates["subscribed_kw"].to_numpy(float)
    flow = np.zeros(lay["m"])
    for i in np.flatnonzero(selected):
        s = lay["cand_seg"][i]
        while s >= 0:
            flow[s] += kw[i]
            s = lay["parent"][s]
    seg = problem.segments.copy()
    seg["flow_kw"] = flow
    seg = seg[flow > 0].copy()
    caps = problem.dns["capacity_kw"].to_numpy(float)
    choice = np.searchsorted(caps, seg["flow_kw"].to_numpy() - 1e-9)
    seg["dn_mm"] = problem.dns["dn_mm"].to_numpy(float)[choice]
    seg["capex_eur"] = problem.dns["cost_eur_per_m"].to_numpy(float)[choice] * seg["length_m"]
    capex = float(problem.candidates["capex_eur"].to_numpy(float)[selected].sum() + seg["capex_eur"].sum())
    gap = getattr(res, "mip_gap", None)
    status = "optimal" if res.status == 0 else ("time limit" if res.status == 1 else str(res.message))
    return PlanSolution(objective, value, list(problem.candidates["id"][selected]), seg.reset_index(drop=True),
                        capex, status, None if gap is None else float(gap), seconds)


def dn_table(cfg, refs, catalogue=None, min_dn_mm=50.0):
    """The DN options of new segments: capacity (kW at the design supply and return temperatures, within
    the physics' velocity and pressure-gradient limits) and installed cost per metre (data/france)."""
    from heatnet.model.economics import pipe_cost_eur_per_m
    from heatnet.model.hydraulics import PipeProperties, capacity_kg_per_s
    from heatnet.model.pipes import WATER, pipe_geometry, read_catalogue

    catalogue = read_catalogue() if catalogue is None else catalogue
    dns = np.sort(catalogue["dn_mm"].to_numpy(float))
    dns = dns[(dns >= min_dn_mm) & (dns % 5 == 0)]  # standard DNs (the study's 193/244 are outer diameters)
    supply, ret = cfg["supply_design_c"], cfg["return_c"]
    diameter, roughness = pipe_geometry(dns, catalogue)
    unit = PipeProperties(np.ones(len(dns)), diameter, roughness, float(WATER.density_kg_per_m3(supply)),
                          float(WATER.viscosity_pa_s(supply)))
    q = capacity_kg_per_s(unit, cfg["max_velocity_m_per_s"], cfg["max_pressure_gradient_pa_per_m"])
    cp = float(WATER.heat_capacity_j_per_kg_k((supply + ret) / 2))
    return pd.DataFrame({"dn_mm": dns, "capacity_kw": q * cp * (supply - ret) / 1000.0,
                         "cost_eur_per_m": pipe_cost_eur_per_m(dns, refs)})
