"""Designs of experiments and their statistics: Latin hypercube, tornado, Sobol (SALib).

Everything here works on probabilities ``u`` in (0, 1) mapped through each input's
distribution (``Distribution.ppf``), so one machinery serves every design and every model.
"""

import numpy as np

QUANTILES = {"p5": 0.05, "p10": 0.10, "p50": 0.50, "p90": 0.90, "p95": 0.95}
U_EDGE = 1e-9  # Sobol sequences reach 0: unbounded distributions are read just inside (0, 1)


def latin_hypercube(n_inputs, samples, seed):
    """``samples`` x ``n_inputs`` probabilities, one per stratum of each input (scipy.stats.qmc), seeded."""
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=n_inputs, seed=np.random.default_rng(seed)).random(samples)


def tornado_design(n_inputs, low_u=0.10, high_u=0.90):
    """Rows of probabilities: each input at its P10 then its P90, the others at their median."""
    rows = np.full((2 * n_inputs, n_inputs), 0.5)
    for j in range(n_inputs):
        rows[2 * j, j], rows[2 * j + 1, j] = low_u, high_u
    return rows


def sobol_problem(names):
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def sobol_design(names, base_samples, seed):
    """Saltelli's design for first and total order indices (SALib), N x (inputs + 2) rows."""
    from SALib.sample import sobol

    u = sobol.sample(sobol_problem(names), base_samples, calc_second_order=False, scramble=True, seed=seed)
    return np.clip(u, U_EDGE, 1 - U_EDGE)


def sobol_indices(names, values, seed):
    """First (``s1``) and total (``st``) order indices of one output with their 95 % half-widths; an
    output that does not vary has all indices 0."""
    values = np.asarray(values, float)
    if not np.all(np.isfinite(values)) or np.ptp(values) == 0:
        return {n: {"s1": 0.0, "st": 0.0, "s1_conf": 0.0, "st_conf": 0.0} for n in names}
    from SALib.analyze import sobol

    res = sobol.analyze(sobol_problem(names), values, calc_second_order=False, seed=seed)
    return {n: {"s1": float(res["S1"][j]), "st": float(res["ST"][j]), "s1_conf": float(res["S1_conf"][j]),
                "st_conf": float(res["ST_conf"][j])} for j, n in enumerate(names)}


def summarise(values):
    """Mean, quantiles P5-P95, standard deviation and standard error of the mean of one figure."""
    values = np.asarray(values, float)
    values = values[np.isfinite(values)]
    if not len(values):
        return None
    shift = values[0]  # deviations from one sample: the mean and sd are exact when every sample is equal
    dev = values - shift
    out = {"mean": float(shift + dev.mean())}
    out.update({k: float(v) for k, v in zip(QUANTILES, np.quantile(values, list(QUANTILES.values())))})
    sd = float(np.sqrt(((dev - dev.mean()) ** 2).sum() / (len(values) - 1))) if len(values) > 1 else 0.0
    out.update({"sd": sd, "sem": sd / np.sqrt(len(values)), "n": int(len(values))})
    return out


def event_probability(values, below=None, above=None):
    """Share of samples where the figure is below (strictly) or above (strictly) the threshold, and
    the standard error of that share."""
    values = np.asarray(values, float)
    hit = values < below if below is not None else values > above
    p = float(hit.mean())
    return {"probability": p, "sem": float(np.sqrt(p * (1 - p) / len(values)))}
