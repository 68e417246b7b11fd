"""Heat storage dispatched with the plants by a linear program (HiGHS through scipy).

A tank has a capacity (kWh), a power (kW, charging and discharging) and a standing loss (the
fraction of its content lost each hour). The merit order cannot place a tank: whether to fill it
now depends on the hours to come. The linear program chooses, over the whole year at once, each
plant's output, the tank's charge and discharge and its content, at the least cost:

    minimise   sum_k,t cost_k p_k,t + unserved_cost u_t
    subject to sum_k p_k,t + u_t + d_t - c_t = demand_t                  (each hour's balance)
               s_t = (1 - loss) s_t-1 + c_t - d_t   (s_-1 = s_T-1: the year is a cycle)
               0 <= p_k,t <= capacity_k,t,  0 <= c_t, d_t <= power,  0 <= s_t <= capacity

Without a tank it is the merit order's problem, and both find the same cost when costs rise with
rank (tests); with a tank, leaving it empty is one of the program's choices, so its cost is never
above the merit order's (tests/properties).
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class HeatStorage:
    capacity_kwh: float
    power_kw: float
    standing_loss_frac_per_h: float = 0.0002  # about 0.5 % a day: a large insulated steel tank (assumption)


@dataclass
class StorageDispatch:
    production_kw: np.ndarray  # plants x hours
    unserved_kw: np.ndarray
    charge_kw: np.ndarray
    discharge_kw: np.ndarray
    content_kwh: np.ndarray
    cost_eur: float


def lp_dispatch_with_storage(demand_kw, capacity_kw, cost_eur_per_kwh, storage=None,
                             unserved_cost_eur_per_kwh=10.0, starts=None):
    """The least-cost dispatch of plants (rows of ``capacity_kw``) and an optional ``HeatStorage``.

    The hours are a cycle (the content of the last hour carries into the first), unless ``starts``
    (boolean over the hours) marks hours where the tank starts empty: then the hours are windows
    laid end to end, each starting at a marked hour (:func:`windowed_dispatch`)."""
    from scipy.optimize import linprog  # imported when used: the command line does not pay for scipy
    from scipy.sparse import csr_matrix, hstack, identity, vstack

    demand_kw = np.asarray(demand_kw, float)
    n_plants, n = capacity_kw.shape
    eye = identity(n, format="csr")
    blocks = [eye] * (n_plants + 1)
    costs = [np.repeat(np.asarray(cost_eur_per_kwh, float), n), np.full(n, unserved_cost_eur_per_kwh)]
    upper = [capacity_kw.ravel(), np.full(n, np.inf)]
    a_eq, b_eq = hstack(blocks, format="csr"), demand_kw
    if storage is not None:
        zero = csr_matrix((n, n))
        # balance: + discharge - charge; content: s_t - (1 - loss) s_t-1 - c_t + d_t = 0
        linked = np.ones(n) if starts is None else (~np.asarray(starts, bool)).astype(float)
        shift = csr_matrix((linked, (np.arange(n), (np.arange(n) - 1) % n)), shape=(n, n))  # s_t-1, cyclic
        content = eye - (1.0 - storage.standing_loss_frac_per_h) * shift
        balance = hstack(blocks + [-eye, eye, zero], format="csr")
        tank = hstack([csr_matrix((n, n))] * (n_plants + 1) + [-eye, eye, content], format="csr")
        a_eq, b_eq = vstack([balance, tank], format="csr"), np.concatenate([demand_kw, np.zeros(n)])
        costs += [np.zeros(n), np.zeros(n), np.zeros(n)]
        upper += [np.full(n, storage.power_kw), np.full(n, storage.power_kw), np.full(n, storage.capacity_kwh)]
    upper = np.concatenate(upper)
    res = linprog(np.concatenate(costs), A_eq=a_eq, b_eq=b_eq,
                  bounds=np.column_stack([np.zeros(len(upper)), upper]), method="highs")
    if res.status != 0:
        raise RuntimeError(f"linear program failed: {res.message}")
    x = res.x
    production = x[:n_plants * n].reshape(n_plants, n)
    unserved = x[n_plants * n:(n_plants + 1) * n]
    rest = x[(n_plants + 1) * n:]
    charge, discharge, content = (rest[:n], rest[n:2 * n], rest[2 * n:]) if storage is not None else (
        np.zeros(n), np.zeros(n), np.zeros(n))
    return StorageDispatch(production, unserved, charge, discharge, content, float(res.fun))


def lead_hours(storage):
    """Hours before an expensive spell in which the tank may fill: three times its filling time at
    full power, and a day (charging is slower when the cheap plant has little to spare)."""
    return int(np.ceil(3.0 * storage.capacity_kwh / max(storage.power_kw, 1e-9))) + 24


def cost_classes(cost_eur_per_kwh, rel_tol=1e-3):
    """Consecutive plants (in rising cost) whose costs differ by less than ``rel_tol`` form one class,
    solved as one plant (their capacities summed) and shared out in rank: the same fuel at one price,
    ranks kept by tiny steps. Returns (class of each plant, each class's cost: its cheapest)."""
    cost = np.asarray(cost_eur_per_kwh, float)
    steps = np.abs(np.diff(cost)) > rel_tol * np.maximum(np.abs(cost[1:]), 1e-12)
    classes = np.concatenate([[0], np.cumsum(steps)]).astype(int)
    return classes, np.array([cost[classes == c].min() for c in range(classes[-1] + 1)])


def windows(expensive, lead_h):
    """The hours where a tank can matter: each hour with an expensive hour within the next ``lead_h``
    hours (the expensive spell and the hours before it, where the tank fills). Returns (mask, starts:
    the first hour of each window)."""
    expensive = np.asarray(expensive, bool)
    n = len(expensive)
    count = np.concatenate([[0], np.cumsum(expensive)])
    hours = np.arange(n)
    mask = count[np.minimum(hours + lead_h + 1, n)] - count[hours] > 0
    return mask, mask & ~np.concatenate([[False], mask[:-1]])


def windowed_dispatch(demand_kw, capacity_kw, cost_eur_per_kwh, storage, unserved_cost_eur_per_kwh=10.0,
                      lead_h=None, tolerance_kw=1e-6):
    """The plants (rows of ``capacity_kw`` in rising cost) and a tank over a year, solving the linear
    program only where the tank can matter.

    A tank earns only by moving heat from hours where the cheapest plant has spare capacity into
    hours where a dearer plant runs (or heat is unserved): the *expensive* hours of the merit order.
    The program is solved on the windows made of each expensive spell and the ``lead_h`` hours
    before it (:func:`lead_hours`), the tank empty at each window's start; outside the windows the
    merit order stands. It is a feasible dispatch of the whole year (the tank's content left at a
    window's end is heat produced and lost), so its cost is never above the merit order's, and
    below the whole year's program by what a tank carried from one window to the next would earn
    (tests/properties/test_storage_properties.py bounds the gap on random years; docs/operation.md
    gives it on the Lens 2020 balance). Returns a ``StorageDispatch``
    over the whole year."""
    from heatnet.model.dispatch import dispatch_cost_eur, merit_order_dispatch

    demand_kw = np.asarray(demand_kw, float)
    production, unserved = merit_order_dispatch(demand_kw, capacity_kw)
    n = len(demand_kw)
    charge, discharge, content = np.zeros(n), np.zeros(n), np.zeros(n)
    expensive = (production[1:] > tolerance_kw).any(axis=0) | (unserved > tolerance_kw)
    if expensive.any() and storage.capacity_kwh > 0 and storage.power_kw > 0:
        mask, starts = windows(expensive, lead_hours(storage) if lead_h is None else lead_h)
        classes, class_cost = cost_classes(cost_eur_per_kwh)
        class_caps = np.zeros((len(class_cost), int(mask.sum())))
        np.add.at(class_caps, classes, capacity_kw[:, mask])
        lp = lp_dispatch_with_storage(demand_kw[mask], class_caps, class_cost, storage,
                                      unserved_cost_eur_per_kwh, starts=starts[mask])
        for c in range(len(class_cost)):  # a class's output shared in rank among its plants
            rows = classes == c
            production[np.ix_(rows, mask)] = merit_order_dispatch(lp.production_kw[c], capacity_kw[np.ix_(rows, mask)])[0]
        unserved[mask] = lp.unserved_kw
        charge[mask], discharge[mask], content[mask] = lp.charge_kw, lp.discharge_kw, lp.content_kwh
    cost = dispatch_cost_eur(production, unserved, np.asarray(cost_eur_per_kwh, float), unserved_cost_eur_per_kwh)
    return StorageDispatch(production, unserved, charge, discharge, content, cost)
