"""Tariff revision (indexation): each term's formula applied to the year's index ratios.

A French DSP revises each tariff term (R1 energy, R2.1 ... R2.5) and the operator's purchase
prices by a formula ``K = a0 + sum(a_i x I_i / I_i,0)``: a fixed part ``a0`` plus weighted
ratios of indices to their base-year values, the weights summing to 1
(``indexation.csv``). Index values come from ``indices.csv`` by year; after the last known
value an index follows the path given for it (a rate per year), else it stays at its last
value, and the assumption is reported. With every ratio at 1, every K is 1 and the revised
tariffs are the contract's exactly.
"""

import pandas as pd


def index_value(series, year, rates=None):
    """An index's value in ``year`` from its known values (``{year: value}``) and, after the last
    known year, a yearly growth ``rates`` (a number, or ``{year: rate}``; missing years: 0).

    Returns (value, how) where how is "published", "path" or "held" (no value, none given)."""
    if year in series:
        return float(series[year]), "published"
    known = sorted(series)
    if year < known[0]:
        return float(series[known[0]]), "held"
    last = max(y for y in known if y < year)
    value, how = float(series[last]), "held"
    for y in range(last + 1, year + 1):
        rate = rates.get(y, rates.get(str(y), 0.0)) if isinstance(rates, dict) else (rates or 0.0)
        if rate:
            how = "path"
        value *= 1.0 + float(rate)
    return value, how


def index_series(indices):
    """``{index: {year: value}}`` from the indices table."""
    out = {}
    for index, year, value in zip(indices["index"], indices["year"], indices["value"]):
        out.setdefault(str(index), {})[int(year)] = float(value)
    return out


def formula_rows(indexation):
    """The formulas as (term, index, coefficient) tuples."""
    return list(zip(indexation["term"], indexation["index"], indexation["coefficient_frac"].astype(float)))


def index_ratios(series_by_index, base_year, year, paths=None):
    """Each index's ratio to its base-year value in ``year`` (``series_by_index``: :func:`index_series`
    or the indices table); returns ({index: ratio}, [assumptions])."""
    if isinstance(series_by_index, pd.DataFrame):
        series_by_index = index_series(series_by_index)
    paths = paths or {}
    ratios, notes = {}, []
    for index, series in sorted(series_by_index.items()):
        base, _ = index_value(series, base_year, paths.get(index))
        value, how = index_value(series, year, paths.get(index))
        ratios[index] = value / base
        if how != "published":
            notes.append({"index": index, "year": year, "how": how, "ratio": ratios[index]})
    return ratios, notes


def revision_coefficients(formulas, ratios):
    """K of each term: ``sum(coefficient x ratio)``, the ``fixed`` part with ratio 1 (``formulas``:
    :func:`formula_rows` or the indexation table)."""
    if isinstance(formulas, pd.DataFrame):
        formulas = formula_rows(formulas)
    out = {}
    for term, index, coefficient in formulas:
        ratio = 1.0 if index == "fixed" else ratios[index]
        out[term] = out.get(term, 0.0) + float(coefficient) * ratio
    return out


def revised_tariffs(r1_contract, r2_contract, coefficients):
    """The contract's R1 and R2 units revised by ``coefficients`` (a term without a formula stays).

    R1 = R1c x K(r1_energy) + R1CO2 x K(r1_co2) + R1t x K(r1_tax); R2 = sum of R2.i x K(r2_i).
    Returns {"r1": {energy, co2, tax}, "r2": {component: unit}, "r1_eur_per_mwh", "r2_eur_per_kw"}."""
    k = coefficients.get
    r1 = {"energy": r1_contract.energy_eur_per_mwh * k("r1_energy", 1.0),
          "co2": r1_contract.co2_eur_per_mwh * k("r1_co2", 1.0),
          "tax": r1_contract.tax_eur_per_mwh * k("r1_tax", 1.0)}
    r2 = {c: unit * k(c, 1.0) for c, unit in r2_contract.components_eur_per_kw.items()}
    return {"r1": r1, "r2": r2, "r1_eur_per_mwh": sum(r1.values()), "r2_eur_per_kw": sum(r2.values())}


def base_values(indices, base_year):
    """The base-year value of each index (for the workbook's live formulas)."""
    return {index: index_value(series, base_year)[0] for index, series in sorted(index_series(indices).items())}


def formulas_table(indexation):
    """One row per term with its fixed part and coefficients by index (wide table)."""
    wide = indexation.pivot_table(index="term", columns="index", values="coefficient_frac", aggfunc="sum",
                                  sort=False).fillna(0.0)
    return wide.reindex(pd.unique(indexation["term"]))
