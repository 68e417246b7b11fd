"""Evaluating a scenario: one orchestrator of named stages, each a plain function of a page or less.

The stages, in the order data flows:

1. :func:`prepare` checks the tariff policy, builds the graph and sums the state's quantities;
2. :func:`price_units` sets the R1 and R2 units and the operator's costs (policy anchor, contract
   tariffs, accounts);
3. :func:`operate` runs the year hour by hour (demand, dispatch, physics) and takes R1 from the mix
   where energy prices are given;
4. :func:`revenues` bills each substation and computes the average price and its two views;
5. :func:`operator_view` projects the operator's accounts with the R2 unit held;
6. :func:`assemble` gathers the figures (the JSON keys of docs/scenarios.md) into a
   :class:`~heatnet.scenarios.result.ScenarioResult`.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from heatnet.io.errors import DataError, key_path
from heatnet.io.folder import Network
from heatnet.model import accounts as acc
from heatnet.model import tariffs as tf
from heatnet.model.economics import extension_annuity_eur, extension_report, load_references
from heatnet.model.network import GraphError, build_graph
from heatnet.scenarios.files import Scenario, ScenarioError, _first_error
from heatnet.scenarios.measures import NetworkState
from heatnet.scenarios.result import ScenarioResult
from heatnet.scenarios.warnings import scenario_warnings


@dataclass
class Context:
    """What every stage reads: the scenario, its state, its network and its base results."""

    path: Path
    scenario: Scenario
    state: NetworkState
    net: Network
    refs: dict
    base: Any = None  # the base scenario's result (None for a root)
    root: Any = None  # the root's result
    anchor: Any = None  # the price anchor: nearest ancestor whose R2 is set (root or r2_policy contract)
    graph: Any = None
    heat_mwh: float = 0.0
    subscribed_kw: float = 0.0
    r2_policy: str = "contract"
    price_basis: str = "tariff"
    sales: Any = None  # the substations with their sales in the year's climate (stage 3); None before
    climate: dict = field(default_factory=dict)  # rigueur, sales DJU and climate-corrected sales (stage 3)

    @property
    def is_root(self):
        return self.base is None


@dataclass
class PriceUnits:
    """Stage 2: the units the subscribers pay and the operator's costs."""

    r1_eur_per_mwh: float
    r2_eur_per_kw: float
    date: Any  # the contract's tariff date
    r1_contract: Any
    r2_contract: Any
    r1_costs_eur_per_mwh: float | None
    r2_costs_eur: float | None
    nonrecurring_eur: float
    extension_annuity_in_r2_eur: float
    accounts_row: Any = None
    costs_period: str | None = None  # the accounts period the operator's costs come from
    gaps: list = field(default_factory=list)


@dataclass
class Revenues:
    """Stage 4: bills, revenues and the average price under each R2 view."""

    bills: pd.DataFrame
    r1_revenue_eur: float
    r2_revenue_eur: float
    price: dict  # average price HT/TTC and VAT (tariffs.average_price)
    hold_total_price_eur_per_mwh: float
    hold_unit_price_eur_per_mwh: float


def evaluate(path, scenario, state, net, base=None, root=None, refs=None):
    """Evaluate a scenario whose measures produced ``state``; ``base`` is its base's result."""
    ctx = prepare(path, scenario, state, net, base, root, refs or load_references())
    units = price_units(ctx)
    operation, annual_physics, design, units = operate(ctx, units)
    rev = revenues(ctx, units, operation.renewable_frac)
    operator = operator_view(ctx, units)
    return assemble(ctx, units, operation, annual_physics, design, rev, operator)


def prepare(path, scenario, state, net, base, root, refs) -> Context:
    """Stage 1: the tariff policy checked against the chain, the graph, the state's totals."""
    ctx = Context(Path(path), scenario, state, net, refs, base, root)
    policy = scenario.tariff
    ctx.r2_policy = policy.r2_policy or ("contract" if ctx.is_root else "hold_total")
    ctx.price_basis = policy.price_basis or ("tariff" if ctx.is_root else base.tariff["price_basis"])
    if not ctx.is_root and policy.price_basis == "accounts":
        raise ScenarioError(path, "the accounts basis applies to a root scenario (an actual year's accounts); "
                                  "a scenario with a base inherits its base's units", column="tariff.price_basis")
    if ctx.is_root and ctx.r2_policy != "contract":
        raise ScenarioError(path, f"r2_policy {ctx.r2_policy!r} needs a base scenario to hold",
                            column="tariff.r2_policy")
    try:
        ctx.graph = build_graph(state.nodes, state.pipes, state.substations, net.params["plant_node"],
                                _other_plant_nodes(net, state, refs))
    except GraphError as exc:
        raise ScenarioError(path, str(exc)) from None
    ctx.anchor = None if ctx.is_root else price_anchor(base)
    ctx.heat_mwh = float(state.substations["heat_mwh"].sum())
    ctx.subscribed_kw = float(state.substations["subscribed_kw"].sum())
    if ctx.heat_mwh <= 0 or ctx.subscribed_kw <= 0:
        raise ScenarioError(path, "no heat sold or no subscribed power left after the measures")
    return ctx


def _other_plant_nodes(net, state, refs):
    """The plant nodes of the other sub-networks (network physics ``plant_feeds: plants``), if any."""
    from heatnet.model import physics

    return physics.other_plant_nodes(net.params["plant_node"], state.plants, physics.settings(net.params, refs))


def price_anchor(result):
    """The nearest of ``result`` and its ancestors that sets the R2 price: the root, or a scenario
    with ``r2_policy: contract``. Every held figure (R2 total or unit, the operator's costs and
    R2 unit) is read from it, never from the immediate base, so a figure depends on the state
    and its anchor, not on the chain of scenarios between them."""
    while result.base is not None and result.tariff["r2_policy"] != "contract":
        result = result.base
    return result


def price_units(ctx: Context) -> PriceUnits:
    """Stage 2: R1 and R2 units and the operator's costs, for a root or from the price anchor."""
    extra_r2_eur = extension_annuities(ctx.state, ctx.anchor, ctx.refs) if not ctx.is_root else 0.0
    date = _tariff_date(ctx.net, ctx.scenario.tariff, ctx.scenario.year)
    try:
        r1_contract, r2_contract = _contract_tariffs(ctx.net, date)
    except ValueError as exc:
        raise ScenarioError(ctx.path, str(exc), column="tariff.tariff_date") from None
    units = PriceUnits(0.0, 0.0, date, r1_contract, r2_contract, None, None, 0.0, extra_r2_eur)
    if ctx.is_root:
        _root_units(ctx, units)
    else:
        _base_units(ctx, units)
    return units


def _root_units(ctx, units):
    """A root's units: the period's accounts (accounts basis) or the contract's tariffs."""
    policy, heat_mwh = ctx.scenario.tariff, ctx.heat_mwh
    if ctx.price_basis == "accounts":
        row = units.accounts_row = _accounts_costs(ctx, units, required=True)
        units.r1_eur_per_mwh = policy.r1_eur_per_mwh or row["r1_revenue_eur"] / heat_mwh
        units.r2_eur_per_kw = row["r2_revenue_eur"] / ctx.subscribed_kw
        if not pd.isna(row.get("heat_sold_mwh", float("nan"))):
            reported = float(row["heat_sold_mwh"])
            if abs(reported - heat_mwh) > 0.5:
                units.gaps.append({"what": "heat sold: substation table vs operating table", "check": "heat_sold_tables",
                                   "table_mwh": heat_mwh,
                                   "operating_mwh": reported, "gap_mwh": heat_mwh - reported})
        return
    if units.r2_contract is None or (units.r1_contract is None and policy.r1_eur_per_mwh is None):
        raise ScenarioError(ctx.path, "the tariff basis needs tariffs_r1.csv and tariffs_r2.csv in the network")
    units.r1_eur_per_mwh = policy.r1_eur_per_mwh or units.r1_contract.total_eur_per_mwh
    units.r2_eur_per_kw = units.r2_contract.total_eur_per_kw
    _accounts_costs(ctx, units, required=False)


def _accounts_costs(ctx, units, required):
    """The operator's costs of a root from its period's accounts (``tariff.accounts_period``, default
    the year), whatever its price basis: the basis says which revenue, not whether the costs are
    known. A period missing from the accounts is an error on the accounts basis (``required``) or
    when named; otherwise the costs stay unknown and the operator view empty. Returns the period's
    accounts row, or None."""
    named = ctx.scenario.tariff.accounts_period
    period = named or str(ctx.scenario.year)
    if ctx.net.accounts.empty and not required:
        return None
    table = acc.operating_accounts(ctx.net.accounts, ctx.net.operations)
    if period not in table.index:
        if required or named:
            raise ScenarioError(ctx.path, f"no accounts for period {period!r}; periods: {list(table.index)}",
                                column="tariff.accounts_period")
        return None
    row = table.loc[period]
    units.r1_costs_eur_per_mwh = row["r1_costs_eur"] / ctx.heat_mwh
    units.r2_costs_eur = float(row["r2_costs_eur"])
    units.nonrecurring_eur = float(row["nonrecurring_balance_eur"])
    units.costs_period = period
    return row


def _base_units(ctx, units):
    """A derived scenario's units: R1 given or inherited (the nearest given), R2 under the scenario's
    policy from the price anchor; the operator's costs are the anchor's plus the new extensions'."""
    base, anchor, extra = ctx.base, ctx.anchor, units.extension_annuity_in_r2_eur
    units.r1_eur_per_mwh = ctx.scenario.tariff.r1_eur_per_mwh or base.tariff["r1_eur_per_mwh"]
    if ctx.r2_policy == "hold_total":
        units.r2_eur_per_kw = (anchor.figures["r2_revenue_eur"] + extra) / ctx.subscribed_kw
    elif ctx.r2_policy == "hold_unit":
        units.r2_eur_per_kw = anchor.tariff["r2_eur_per_kw"]
    else:
        if units.r2_contract is None:
            raise ScenarioError(ctx.path, "r2_policy contract needs tariffs_r2.csv in the network")
        units.r2_eur_per_kw = units.r2_contract.total_eur_per_kw
    units.r1_costs_eur_per_mwh = anchor.tariff["r1_costs_eur_per_mwh"]
    units.r2_costs_eur = anchor.tariff["r2_costs_eur"] + extra if anchor.tariff["r2_costs_eur"] is not None else None
    units.nonrecurring_eur = 0.0


def operate(ctx: Context, units: PriceUnits):
    """Stage 3: the year's operation, its sales moved to the year's climate (the heating part scales
    with the year's DJU over the DJU the loads were measured in); R1 from the dispatch's energy cost
    where energy prices are given."""
    operation, annual_physics, design, ctx.sales, ctx.climate = _run_operation(
        ctx.path, ctx.scenario, ctx.state, ctx.net, ctx.refs, _sales_dju(ctx))
    ctx.heat_mwh = float(ctx.sales["heat_mwh"].sum())
    if ctx.scenario.tariff.r1_eur_per_mwh is None and operation.r1_energy_eur_per_mwh is not None:
        if units.r1_contract is None:
            raise ScenarioError(ctx.path, "operation.energy_prices gives R1c, but the network has no tariffs_r1.csv "
                                          "for R1CO2 and R1t", column="operation.energy_prices")
        units.r1_eur_per_mwh = (operation.r1_energy_eur_per_mwh + units.r1_contract.co2_eur_per_mwh
                                + units.r1_contract.tax_eur_per_mwh)
    return operation, annual_physics, design, units


def revenues(ctx: Context, units: PriceUnits, renewable_frac) -> Revenues:
    """Stage 4: each substation's bill, the revenues, the average price HT/TTC and its two R2 views."""
    sales = ctx.sales if ctx.sales is not None else ctx.state.substations
    bills = tf.compute_bills(sales, units.r1_eur_per_mwh, units.r2_eur_per_kw)
    r1_revenue = float(bills["r1_eur"].sum())
    r2_revenue = float(bills["r2_eur"].sum())
    price = tf.average_price(r1_revenue, r2_revenue, ctx.heat_mwh, renewable_frac, ctx.refs["vat"])
    if not ctx.is_root:
        hold_total = units.r1_eur_per_mwh + (ctx.anchor.figures["r2_revenue_eur"]
                                             + units.extension_annuity_in_r2_eur) / ctx.heat_mwh
        hold_unit = units.r1_eur_per_mwh + ctx.anchor.tariff["r2_eur_per_kw"] * ctx.subscribed_kw / ctx.heat_mwh
    else:
        hold_total = hold_unit = price["average_price_eur_per_mwh"]
    bills["heat_frac"] = bills["heat_mwh"] / ctx.heat_mwh
    bills["subscribed_frac"] = bills["subscribed_kw"] / ctx.subscribed_kw
    bills["turnover_frac"] = bills["bill_eur"] / (r1_revenue + r2_revenue)
    return Revenues(bills, r1_revenue, r2_revenue, price, hold_total, hold_unit)


def operator_view(ctx: Context, units: PriceUnits) -> dict:
    """Stage 5: the operator's accounts with the anchor's R2 unit held (``{}`` without costs to compare)."""
    if units.r1_costs_eur_per_mwh is None:
        return {}
    r2_unit_hold = units.r2_eur_per_kw if ctx.r2_policy == "contract" else ctx.anchor.tariff["r2_eur_per_kw"]
    operator = acc.project_accounts(ctx.heat_mwh, ctx.subscribed_kw, units.r1_eur_per_mwh, r2_unit_hold,
                                    units.r1_costs_eur_per_mwh, units.r2_costs_eur, units.nonrecurring_eur)
    operator["r2_eur_per_kw"] = r2_unit_hold
    operator["average_price_eur_per_mwh"] = operator["turnover_eur"] / ctx.heat_mwh
    return operator


def assemble(ctx, units, operation, annual_physics, design, rev, operator) -> ScenarioResult:
    """Stage 6: the figures (JSON keys), the tariff block, the gaps and the result object."""
    figures = _figures(ctx, units, operation, annual_physics, design, rev, operator)
    tariff = _tariff_block(ctx, units)
    gaps = list(units.gaps)
    if units.accounts_row is not None and units.r2_contract is not None:
        gaps.append(_accounts_vs_tariff(ctx, units, rev, figures))
    result = ScenarioResult(
        name=ctx.scenario.name, path=ctx.path, scenario=ctx.scenario, year=ctx.scenario.year, network=ctx.net,
        state=ctx.state, graph=ctx.graph, figures=figures, bills=rev.bills, tariff=tariff, operator=operator,
        extensions=[], bridge=[], gaps=_network_gaps(ctx.net) + gaps, base=ctx.base, root=ctx.root,
        anchor=ctx.anchor,
        operation=operation, client_shares=tf.shares(rev.bills, "client"),
        category_shares=tf.shares(rev.bills, "category"))
    result.extensions = [extension_report(ext, ctx.state, ctx.net.params, ctx.refs) for ext in ctx.state.extensions]
    result.hydraulics = design
    result.physics = annual_physics
    result.units, result.revenues = units, rev
    result.warnings = scenario_warnings(result, ctx.refs)
    return result


def _figures(ctx, units, operation, annual_physics, design, rev, operator):
    """The flat figures of docs/scenarios.md, in their documented order."""
    scenario, subs = ctx.scenario, ctx.state.substations
    renewable_reported = None
    if ctx.is_root and not scenario.measures:
        renewable_reported = _renewable_frac_reported(ctx.net, scenario.tariff.accounts_period or str(scenario.year))
    density = ctx.graph.linear_density()
    reference = ctx.root or ctx.base
    delta = (rev.price["average_price_eur_per_mwh"] / reference.figures["average_price_eur_per_mwh"] - 1
             if reference is not None else 0.0)
    figures = {
        "scenario": scenario.name, "file": str(ctx.path), "year": scenario.year,
        "substations": int(len(subs)), "subscribed_kw": ctx.subscribed_kw, "heat_sold_mwh": ctx.heat_mwh,
        "network_length_m": ctx.graph.total_length_m, "r1_eur_per_mwh": units.r1_eur_per_mwh,
        "r2_eur_per_kw": units.r2_eur_per_kw, "r1_revenue_eur": rev.r1_revenue_eur,
        "r2_revenue_eur": rev.r2_revenue_eur, "revenue_eur": rev.r1_revenue_eur + rev.r2_revenue_eur,
        **rev.price,
        "price_basis": ctx.price_basis, "r2_policy": ctx.r2_policy,
        "average_price_hold_total_eur_per_mwh": rev.hold_total_price_eur_per_mwh,
        "average_price_hold_unit_eur_per_mwh": rev.hold_unit_price_eur_per_mwh,
        **ctx.climate,
        "renewable_frac": operation.renewable_frac, "renewable_frac_source": "hourly dispatch",
        "renewable_frac_reported": renewable_reported,
        **{k: v for k, v in operation.summary().items() if k != "renewable_frac"},
        "plants": operation.plant_figures(),
        "heat_loss_mwh": annual_physics.heat_loss_mwh if annual_physics else operation.losses_mwh,
        "pump_electricity_mwh": annual_physics.pump_electricity_mwh if annual_physics else None,
        "pump_head_bar": design.pump_head_bar if design else None,
        "max_pipe_load_frac": design.max_load_frac if design else None,
        "linear_density_mwh_per_m": density["mwh_per_m"], "linear_density_kw_per_m": density["kw_per_m"],
        "delta_price_frac": delta,
        "reference_scenario": reference.name if reference is not None else scenario.name,
        **{key: operator.get(name) for key, name in _OPERATOR_FIGURES},
    }
    if reference is not None and operator and reference.operator:
        figures["delta_turnover_hold_unit_frac"] = operator["turnover_eur"] / reference.operator["turnover_eur"] - 1
    return figures


_OPERATOR_FIGURES = (("operator_result_eur", "operating_result_eur"), ("r1_margin_eur", "r1_margin_eur"),
                     ("r2_margin_eur", "r2_margin_eur"), ("turnover_hold_unit_eur", "turnover_eur"))


def _tariff_block(ctx, units):
    return {
        "r1_eur_per_mwh": units.r1_eur_per_mwh, "r2_eur_per_kw": units.r2_eur_per_kw, "r2_policy": ctx.r2_policy,
        "price_basis": ctx.price_basis, "tariff_date": str(units.date) if units.date else None,
        "r1_contract": units.r1_contract.as_dict() if units.r1_contract else None,
        "r2_contract": units.r2_contract.as_dict() if units.r2_contract else None,
        "r1_costs_eur_per_mwh": units.r1_costs_eur_per_mwh, "r2_costs_eur": units.r2_costs_eur,
        "extension_annuity_in_r2_eur": units.extension_annuity_in_r2_eur,
        "accounts_period": units.costs_period,
    }


def _accounts_vs_tariff(ctx, units, rev, figures):
    """An actual year priced from its accounts: the gap to the same year priced at the contract's tariffs."""
    heat_mwh = ctx.heat_mwh
    tariff_r2 = units.r2_contract.total_eur_per_kw * ctx.subscribed_kw
    tariff_r1 = (units.r1_contract.total_eur_per_mwh * heat_mwh) if units.r1_contract else None
    figures["average_price_tariff_basis_eur_per_mwh"] = (tariff_r1 + tariff_r2) / heat_mwh if tariff_r1 else None
    figures["average_price_accounts_basis_eur_per_mwh"] = rev.price["average_price_eur_per_mwh"]
    return {"what": "accounts vs tariff basis", "check": "accounts_vs_tariff", "r2_revenue_accounts_eur": rev.r2_revenue_eur,
            "r2_revenue_tariff_eur": tariff_r2, "r1_revenue_accounts_eur": rev.r1_revenue_eur,
            "r1_revenue_tariff_eur": tariff_r1,
            "price_tariff_basis_eur_per_mwh": ((tariff_r1 or 0) + tariff_r2) / heat_mwh if tariff_r1 else None}


# ---------------------------------------------------------------- helpers of the stages

def _tariff_date(net, policy, year):
    if policy.tariff_date is not None:
        return policy.tariff_date
    if net.tariffs_r1.empty:
        return None
    dates = sorted(net.tariffs_r1["effective_date"].unique())
    in_force = [d for d in dates if d <= dt.date(year, 1, 1)]
    return in_force[-1] if in_force else dates[-1]


def _sales_dju(ctx):
    """DJU of the climate the state's sales were measured in: the scenario's ``operation.sales_dju``,
    else its base's, else the load year's DJU in operations.csv, else the network's reference."""
    stated = (ctx.scenario.operation or {}).get("sales_dju")
    if stated:
        return float(stated)
    if ctx.base is not None and ctx.base.figures.get("sales_dju"):
        return float(ctx.base.figures["sales_dju"])
    ops = ctx.net.operations
    if not ops.empty and "dju" in ops:
        rows = ops[(ops["year"] == ctx.scenario.load_year) & (ops["kind"] == "actual")]["dju"].dropna()
        if len(rows):
            return float(rows.iloc[0])
    return float(ctx.net.params["reference_dju"])


def _run_operation(path, scenario, state, net, refs, sales_dju):
    """The year's hourly operation, with the network's physics (losses, pumps, design loads) when
    ``operation.losses`` is "physics" (the default). Returns (operation, annual physics, design, the
    substations with their sales in the year's climate, the climate figures)."""
    from heatnet.model import climate, demand, physics
    from heatnet.model.hydraulics import HydraulicError
    from heatnet.model.operation import (OperationSettings, heating_temperature, run_operation, temperatures,
                                         with_network_defaults)

    try:
        settings = with_network_defaults(OperationSettings.model_validate(scenario.operation or {}), net.params)
    except ValidationError as exc:
        err = _first_error(exc)
        where = key_path(("operation", *err["loc"]))
        extra = f"; allowed keys: {sorted(OperationSettings.model_fields)}" if err["type"] == "extra_forbidden" else ""
        raise ScenarioError(path, f"{err['msg']}{extra}", column=where) from None
    _check_plant_ids(path, settings, state.plants)
    co2 = dict(zip(refs["co2"]["fuel"], refs["co2"]["kg_co2_per_kwh"]))
    base_dir, reference_dju = Path(path).parent, float(net.params["reference_dju"])
    try:
        normals = climate.read_normals(net.folder / "climate_normals.csv")
        temp_c = temperatures(settings, scenario.year, reference_dju, base_dir, normals)
        year_dju = climate.degree_days(temp_c)
        profiles = demand.read_profiles()
        sales = demand.climate_scaled(state.substations, profiles, year_dju / sales_dju)
        figures = {"rigueur": climate.rigueur(year_dju, reference_dju), "sales_dju": sales_dju,
                   "heat_sold_corrected_mwh": _corrected_sales_mwh(state.substations, profiles,
                                                                    reference_dju / sales_dju)}
        annual = design = heat_c = None
        lift_k = climate.design_lift_k(settings.building_time_constant_h, normals)
        if settings.losses == "physics":
            cfg = physics.settings(net.params, refs)
            network = physics.pipe_network(state, net.params["plant_node"], cfg)
            heat_c = heating_temperature(settings, scenario.year, temp_c)
            annual = physics.annual(network, sales, heat_c, cfg, profiles, threshold_c=settings.heating_threshold_c)
            design = physics.design(network, sales, heat_c, cfg, profiles, threshold_c=settings.heating_threshold_c,
                                    inertia_k=lift_k)
        operation = run_operation(sales, state.plants, settings, year=scenario.year, reference_dju=reference_dju,
                                  co2_factors=co2, base_dir=base_dir, profiles=profiles,
                                  hourly_losses_kw=annual.losses_kw if annual is not None else None, temp_c=temp_c,
                                  peak_temp_c=float(temp_c.min()) + lift_k, heat_c=heat_c)
    except DataError:
        raise
    except HydraulicError as exc:
        raise ScenarioError(path, f"network physics: {exc}", column="operation.losses") from None
    except ValueError as exc:
        raise ScenarioError(path, str(exc), column="operation") from None
    return operation, annual, design, sales, figures


def _corrected_sales_mwh(substations, profiles, rigueur):
    """The heat of :func:`heatnet.model.demand.climate_scaled` summed as its column would be (numpy's sum,
    missing values as 0), without the copy of the substations table."""
    from heatnet.model import demand

    return float(np.nansum(demand.climate_scaled_heat_mwh(substations, profiles, rigueur)))


def _check_plant_ids(path, settings, plants):
    """Availability, called hours and outages name plants of the state (after the measures)."""
    known = set(plants["id"])
    for key in ("availability_frac", "called_hours"):
        for plant_id in getattr(settings, key):
            if plant_id not in known:
                raise ScenarioError(path, f"unknown plant {plant_id!r}; plants: {sorted(known)}",
                                    column=f"operation.{key}.{plant_id}")
    for i, outage in enumerate(settings.outages):
        if outage.plant_id not in known:
            raise ScenarioError(path, f"unknown plant {outage.plant_id!r}; plants: {sorted(known)}",
                                column=f"operation.outages[{i}].plant_id")


def _contract_tariffs(net, date):
    """The contract's R1 and R2 in force on ``date``, memoised on the network (its tables do not change)."""
    memo = net.__dict__.setdefault("_tariff_memo", {})
    if date not in memo:
        memo[date] = (tf.r1_at(net.tariffs_r1, net.mix_weights, date) if not net.tariffs_r1.empty else None,
                      tf.r2_at(net.tariffs_r2, date) if not net.tariffs_r2.empty else None)
    return memo[date]


def _renewable_frac_reported(net, period):
    """EnR&R share of the heat input the operator reported for ``period`` (None if not reported)."""
    if net.heat_input.empty or period not in set(net.heat_input["period"]):
        return None
    rows = net.heat_input[net.heat_input["period"] == period]
    renewable_groups = set(net.plants.loc[net.plants["renewable"] == True, "report_group"])  # noqa: E712
    total = rows["heat_mwh"].sum()
    return float(rows.loc[rows["report_group"].isin(renewable_groups), "heat_mwh"].sum() / total) if total else None


def _network_gaps(net):
    """Gaps between the network's source figures (heatnet.model.checks), computed once per network."""
    cached = getattr(net, "_source_gaps", None)
    if cached is None:
        from heatnet.model.checks import source_gaps
        cached = [dict(g, scope="network data") for g in source_gaps(net)]
        net._source_gaps = cached
    return [dict(g) for g in cached]


def _new_extensions(state, anchor):
    known = {e["name"] for e in anchor.state.extensions} if anchor is not None else set()
    return [e for e in state.extensions if e["name"] not in known]


def extension_annuities(state, anchor, refs):
    """Annuities of the extensions ``state`` has and ``anchor`` has not, for those whose scenario
    includes extension capex in the R2 total (``tariff.include_extension_capex``)."""
    return sum(extension_annuity_eur(extension_report(e, state, anchor.network.params, refs), refs,
                                     e["capex_subsidy_frac"])
               for e in _new_extensions(state, anchor) if e["include_capex"])


