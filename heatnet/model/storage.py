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
                             unserved_cost_eur_per_kwh=10.0):
    """The least-cost dispatch of plants (rows of ``capacity_kw``) and an optional ``HeatStorage``."""
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
        shift = csr_matrix((np.ones(n), (np.arange(n), (np.arange(n) - 1) % n)), shape=(n, n))  # s_t-1, cyclic
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
