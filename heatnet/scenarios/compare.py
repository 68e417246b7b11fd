"""Several scenarios side by side."""

import pandas as pd

from heatnet.model.economics import load_references
from heatnet.scenarios.run import run_scenario


COMPARE_ROWS = (
    "year", "substations", "subscribed_kw", "heat_sold_mwh", "network_length_m", "r1_eur_per_mwh", "r2_eur_per_kw",
    "average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh", "delta_price_frac",
    "average_price_hold_total_eur_per_mwh", "average_price_hold_unit_eur_per_mwh", "renewable_frac",
    "co2_t", "co2_g_per_kwh", "gas_mwh", "unserved_mwh", "heat_loss_mwh", "network_efficiency_frac",
    "pump_electricity_mwh", "max_pipe_load_frac",
    "r1_revenue_eur", "r2_revenue_eur", "revenue_eur", "turnover_hold_unit_eur", "r1_margin_eur", "r2_margin_eur",
    "operator_result_eur", "linear_density_mwh_per_m", "linear_density_kw_per_m",
)


def compare(paths, refs=None):
    """Run several scenarios; return (results, table) with one column per scenario.

    ``delta_price_vs_first_frac`` compares each scenario's price with the first one's. The columns are
    named by :func:`column_names`, unique even where scenarios share a name.
    """
    refs = refs or load_references()
    results = [run_scenario(p, refs) for p in paths]
    rows = {}
    first_price = results[0].figures["average_price_eur_per_mwh"]
    for name, r in zip(column_names(results), results):
        column = {k: r.figures.get(k) for k in COMPARE_ROWS}
        column["delta_price_vs_first_frac"] = r.figures["average_price_eur_per_mwh"] / first_price - 1
        rows[name] = column
    table = pd.DataFrame(rows)
    return results, table


def column_names(results):
    """One column name per scenario: its name, or, where several scenarios share it (a copied file whose
    ``name`` was kept), the name and its file, then its position; two columns never merge into one."""
    names = [r.name for r in results]
    names = [f"{r.name} ({r.path.name})" if names.count(r.name) > 1 else r.name for r in results]
    return [f"{n} [{i + 1}]" if names.count(n) > 1 else n for i, n in enumerate(names)]
