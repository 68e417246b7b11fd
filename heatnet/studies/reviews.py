"""Review clauses of the contract (``review_clauses.csv``), checked on each year of the concession.

A clause watches one yearly figure (``metric``) against a reference: the CEP's figure of the same
year (``cep``), the figure of a given year of the timeline (e.g. ``2016``), or an absolute
threshold (empty reference). ``deviation_above_frac`` triggers when |value / reference - 1|
exceeds the threshold; ``below`` / ``above`` compare the value (or its ratio to a reference)
with the threshold. A clause whose reference has no figure that year is not assessed.
"""

import pandas as pd


def _reference(clause, year, years_by_year, cep_by_year):
    ref = clause.get("reference")
    if ref is None or (isinstance(ref, float) and pd.isna(ref)) or str(ref).strip() == "":
        return None, "absolute"
    ref = str(ref).strip()
    if ref == "cep":
        cep = cep_by_year.get(year)
        return (cep.get(clause["metric"]) if cep else None), "cep"
    other = years_by_year.get(int(ref)) if ref.isdigit() else None
    return (other.get(clause["metric"]) if other else None), ref


def check_year(year_result, clauses, years_by_year, cep_by_year):
    """The clauses ``year_result`` triggers: a list of {clause, metric, value, reference, reference_value, rule,
    threshold, consequence}."""
    out = []
    for clause in clauses:
        value = year_result.get(clause["metric"])
        if value is None:
            continue
        ref_value, ref_name = _reference(clause, year_result["year"], years_by_year, cep_by_year)
        if ref_name != "absolute" and not ref_value:
            continue
        rule, threshold = clause["rule"], float(clause["threshold"])
        measured = value if ref_name == "absolute" else value / ref_value
        if rule == "deviation_above_frac":
            hit = ref_name != "absolute" and abs(measured - 1.0) > threshold
        elif rule == "below":
            hit = measured < threshold
        else:
            hit = measured > threshold
        if hit:
            out.append({"clause": clause["clause"], "metric": clause["metric"], "value": value,
                        "reference": ref_name, "reference_value": ref_value, "rule": rule, "threshold": threshold,
                        "consequence": clause.get("consequence")})
    return out
