"""The result of a scenario run, which the command line, the workbook and the dashboard read."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from heatnet.io.folder import Network
from heatnet.io.jsonable import jsonable
from heatnet.scenarios.files import Scenario
from heatnet.scenarios.measures import NetworkState


@dataclass
class ScenarioResult:
    """Everything a scenario run computes; the CLI, Excel and dashboard read it, never recompute."""

    name: str
    path: Path
    scenario: Scenario
    year: int
    network: Network
    state: NetworkState
    graph: Any
    figures: dict  # the JSON keys
    bills: pd.DataFrame  # one row per substation
    tariff: dict  # units, policy, contract components
    operator: dict  # hold_unit accounts
    extensions: list
    bridge: list
    gaps: list
    base: "ScenarioResult | None" = None
    root: "ScenarioResult | None" = None
    anchor: "ScenarioResult | None" = None  # the price anchor (heatnet.scenarios.evaluate.price_anchor)
    operation: Any = None
    client_shares: pd.DataFrame | None = None
    category_shares: pd.DataFrame | None = None
    hydraulics: Any = None  # heatnet.model.hydraulics.HydraulicResult at design conditions
    physics: Any = None  # heatnet.model.physics.AnnualPhysics: hourly losses and pump power
    units: Any = None  # heatnet.scenarios.evaluate.PriceUnits: R1/R2 units and the operator's costs
    revenues: Any = None  # heatnet.scenarios.evaluate.Revenues: bills, revenues, price views
    warnings: list = field(default_factory=list)  # heatnet.scenarios.warnings: {kind, severity, subject, value, limit}

    def to_dict(self, detail=False):
        out = dict(self.figures)
        out["bridge"] = self.bridge
        out["extensions"] = self.extensions
        out["gaps"] = self.gaps
        out["warnings"] = self.warnings
        out["tariff"] = self.tariff
        out["operator_hold_unit"] = self.operator
        if detail:
            out["substation_bills"] = _records(self.bills)
            out["client_shares"] = _records(self.client_shares.reset_index()) if self.client_shares is not None else []
        return jsonable(out)


def _records(frame):
    return frame.to_dict(orient="records")


APPRAISAL_KEYS = ("length_m", "length_excluding_services_m", "substations", "subscribed_kw", "heat_mwh",
                  "kw_per_m", "contract_min_kw_per_m", "mwh_per_m", "fonds_chaleur_min_mwh_per_m", "capex_eur",
                  "capex_subsidy_frac", "subsidy_eur", "annuity_eur", "annuity_net_eur", "annuity_eur_per_mwh",
                  "price_effect_eur_per_mwh")


def extension_appraisal(result):
    """One row per extension of ``result``: length, densities against both rules, investment, subsidy,
    annuity (gross and net of the subsidy) and its step in the price bridge (None when the extension
    came before the root scenario). The dashboard and the workbook show these rows."""
    from heatnet.model.economics import extension_annuity_eur, load_references

    refs = load_references()
    subsidy = {e["name"]: float(e.get("capex_subsidy_frac") or 0.0) for e in result.state.extensions}
    effects = {step["measure"]["name"]: step["delta_eur_per_mwh"] for step in result.bridge
               if step.get("measure", {}).get("name")}
    rows = []
    for ext in result.extensions:
        frac = subsidy.get(ext["name"], 0.0)
        row = {key: ext.get(key) for key in APPRAISAL_KEYS}
        row.update(name=ext["name"], capex_subsidy_frac=frac, subsidy_eur=ext["capex_eur"] * frac,
                   annuity_net_eur=extension_annuity_eur(ext, refs, frac),
                   price_effect_eur_per_mwh=effects.get(ext["name"]),
                   meets_contract_rule=ext.get("meets_contract_rule"),
                   meets_fonds_chaleur=ext.get("meets_fonds_chaleur"))
        rows.append(row)
    return rows
