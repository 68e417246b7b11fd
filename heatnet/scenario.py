"""Scenario files: schema, base chains, measures, evaluation, comparison, price bridge.

A scenario file (YAML) names a ``network`` folder (the root of a chain) or a ``base``
scenario file, a ``year``, a list of ``measures`` applied in order and a ``tariff``
policy. :func:`run_scenario` returns one :class:`ScenarioResult` that the command line,
the Excel export and the dashboard all read.

Tariff policies (``tariff.r2_policy``):

* ``contract``: the contract's unit prices in force on the tariff date (root scenarios);
* ``hold_total``: the R2 total revenue of the base is held and spread over the kW that
  remain (fixed costs do not shrink with sales: the study's assumption);
* ``hold_unit``: the base's R2 unit price stays; the operator absorbs the change.

Every scenario that has a base reports both views: the price under ``hold_total`` and
the operator's accounts under ``hold_unit``.
"""

import datetime as dt
import functools
import hashlib
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from pydantic import Field, ValidationError, field_validator

from heatnet import accounts as acc
from heatnet import tariffs as tf
from heatnet.data import DataError, Network, load_network
from heatnet.economics import extension_annuity_eur, extension_report, load_references
from heatnet.measures import MEASURES, MeasureError, Model, NetworkState, measure_label
from heatnet.network import GraphError, build_graph


YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class ScenarioError(DataError):
    """A scenario file that cannot be read, validated or run."""


class TariffPolicy(Model):
    r1_eur_per_mwh: float | None = Field(None, gt=0, description="R1 given, EUR HT/MWh (else inherited or "
                                                                  "from the contract / the mix).")
    tariff_date: dt.date | None = Field(None, description="Contract tariff date (default: in force on 1 Jan of "
                                                         "the year, else the latest).")
    r2_policy: Literal["contract", "hold_total", "hold_unit"] | None = Field(
        None, description="contract (root default), hold_total (default with a base) or hold_unit.")
    price_basis: Literal["tariff", "accounts"] | None = Field(
        None, description="tariff: unit prices x quantities; accounts: the period's actual revenues (root only).")
    accounts_period: str | None = Field(None, description="Accounts period for the accounts basis (default: year).")
    include_extension_capex: bool = Field(
        False, description="Add the annuity of this scenario's new extensions (net of subsidy and connection "
                           "fees) to the R2 total and to the operator's R2 costs. Off, as in the study, when the "
                           "extensions are already financed in the contract (R2.4).")
    capex_subsidy_frac: float = Field(0.0, ge=0, le=1, description="Share of extension investment subsidised "
                                                                    "(e.g. Fonds Chaleur).")


class Scenario(Model):
    name: str = Field(..., min_length=1)
    description: str | None = None
    base: str | None = Field(None, description="Base scenario file, relative to this file.")
    network: str | None = Field(None, description="Network folder, relative to this file (root scenarios).")
    year: int = Field(..., ge=1900, le=2100)
    load_year: int | None = Field(None, description="Year of the loads table to start from (root scenarios).")
    measures: list[dict[str, Any]] = Field(default_factory=list)
    tariff: TariffPolicy = Field(default_factory=TariffPolicy)
    operation: dict[str, Any] | None = Field(None, description="Hourly operation settings (not inherited).")

    @field_validator("measures")
    @classmethod
    def _measures(cls, value):
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict) or len(item) != 1:
                raise ValueError(f"measures[{i}] must be a mapping with one key, one of {sorted(MEASURES)}")
            (kind, body), = item.items()
            if kind not in MEASURES:
                raise ValueError(f"measures[{i}]: unknown measure {kind!r}; allowed: {sorted(MEASURES)}")
            if not isinstance(body, dict):
                raise ValueError(f"measures[{i}].{kind} must be a mapping of its parameters")
            try:
                model = MEASURES[kind].model_validate(body)
            except ValidationError as exc:
                raise ValueError(f"measures[{i}].{kind}.{_pydantic_message(exc, MEASURES[kind])}") from None
            out.append({kind: model.model_dump(mode="json", exclude_unset=True, by_alias=True)})
        return out

    @field_validator("operation")
    @classmethod
    def _operation(cls, value):
        """Validated against OperationSettings and kept as plain data (dates as ISO text), so a
        scenario saved and read back is equal to itself."""
        if value is None:
            return None
        from heatnet.operation import OperationSettings

        try:
            settings = OperationSettings.model_validate(value)
        except ValidationError as exc:
            err = _first_error(exc)
            where = ".".join(str(p) for p in err["loc"])
            extra = f"; allowed keys: {sorted(OperationSettings.model_fields)}" if err["type"] == "extra_forbidden" \
                else ""
            raise ValueError(f"operation.{where}: {err['msg']}{extra}") from None
        return settings.model_dump(mode="json", exclude_unset=True)

    def measure_models(self):
        for item in self.measures:
            (kind, body), = item.items()
            yield kind, MEASURES[kind].model_validate(body)


def _allowed(model_cls, loc):
    cls = model_cls
    for part in loc[:-1]:
        field_info = cls.model_fields.get(part) if hasattr(cls, "model_fields") else None
        if field_info is None:
            break
        ann = field_info.annotation
        inner = [a for a in getattr(ann, "__args__", (ann,)) if hasattr(a, "model_fields")]
        if inner:
            cls = inner[0]
    return sorted(k if not f.alias else f.alias for k, f in cls.model_fields.items()) if hasattr(
        cls, "model_fields") else []


def _first_error(exc):
    """The error to show first: an unknown key (a typo) explains the missing key it hides."""
    errors = exc.errors()
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def _pydantic_message(exc, model_cls):
    err = _first_error(exc)
    loc = [p for p in err["loc"] if not isinstance(p, int)]
    where = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return f"{where}: unknown key; allowed keys: {_allowed(model_cls, loc)}"
    if err["type"] == "missing":
        return f"{where}: missing required key"
    return f"{where}: {err['msg']} (found {err.get('input')!r})"


# ---------------------------------------------------------------- reading and writing

def read_scenario(path) -> Scenario:
    """Read and validate one scenario file (its base is not followed)."""
    path = Path(path)
    if not path.exists():
        raise ScenarioError(path, "file not found")
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ScenarioError(path, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                            line=mark.line + 1 if mark else None) from None
    except UnicodeDecodeError:
        raise ScenarioError(path, "not a UTF-8 text file") from None
    if not isinstance(raw, dict):
        raise ScenarioError(path, "expected a mapping with name, year, network or base, measures, tariff")
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        err = _first_error(exc)
        if err["loc"] and err["loc"][0] in ("measures", "operation") and err["type"] == "value_error":
            message = err["msg"].removeprefix("Value error, ")
            where, _, what = message.partition(": ")
            raise ScenarioError(path, what or message, column=where) from None
        where = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            allowed = _allowed(Scenario, [p for p in err["loc"] if not isinstance(p, int)])
            raise ScenarioError(path, f"unknown key; allowed keys: {allowed}", column=where) from None
        if err["type"] == "missing":
            raise ScenarioError(path, "missing required key", column=where) from None
        raise ScenarioError(path, f"{err['msg']} (found {err.get('input')!r})", column=where) from None


def scenario_to_yaml(scenario: Scenario):
    data = scenario.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    if not data.get("measures"):
        data.pop("measures", None)
    data["tariff"] = {k: v for k, v in data.get("tariff", {}).items() if v is not None}
    if not data["tariff"]:
        data.pop("tariff")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def save_scenario(scenario: Scenario, path, overwrite=False):
    """Write a scenario file atomically; an existing file is replaced only with ``overwrite``."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; not overwritten")
    text = scenario_to_yaml(scenario)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; a scenario file is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def resolve_chain(path):
    """The chain of (path, Scenario) from the root to ``path``; a cycle of bases is an error."""
    chain, seen = [], []
    current = Path(path).resolve()
    while True:
        if current in seen:
            cycle = " -> ".join(p.name for p in seen + [current])
            raise ScenarioError(seen[-1], f"cycle of bases: {cycle}", column="base")
        seen.append(current)
        scenario = read_scenario(current)
        chain.append((current, scenario))
        if scenario.base is None:
            if scenario.network is None:
                raise ScenarioError(current, "a scenario without base must name its network folder",
                                    column="network")
            if scenario.load_year is None:
                raise ScenarioError(current, "a scenario without base must give load_year (a year of the "
                                             "network's loads table)", column="load_year")
            break
        if scenario.network is not None:
            raise ScenarioError(current, "give network or base, not both (the network comes from the root)",
                                column="network")
        current = (current.parent / scenario.base).resolve()
        if not current.exists():
            raise ScenarioError(seen[-1], f"base file not found: {current}", column="base")
    return list(reversed(chain))


# ---------------------------------------------------------------- state

def initial_state(net: Network, load_year) -> NetworkState:
    if load_year not in net.load_years():
        raise ScenarioError(net.folder / "loads.csv", f"no loads for year {load_year}; years: {net.load_years()}",
                            column="load_year")
    loads = net.loads[net.loads["year"] == load_year][["substation_id", "heat_mwh", "subscribed_kw"]]
    subs = net.substations.merge(loads, left_on="id", right_on="substation_id", how="inner").drop(
        columns=["substation_id"])
    clients = net.clients.set_index("client")
    subs["category"] = subs["client"].map(clients["category"])
    subs["public_building"] = subs["client"].map(clients["public_building"]).astype(bool)
    subs["added_by"] = None
    keep = [c for c in ("id", "substation_no", "building", "client", "category", "public_building", "dwellings",
                        "branch", "node_id", "heat_mwh", "subscribed_kw", "added_by")]
    plants = net.plants.copy()
    return NetworkState(subs[keep].reset_index(drop=True), net.clients.copy(), net.nodes.copy(), net.pipes.copy(),
                        plants)


def apply_measures(state, scenario, path):
    """Apply a scenario's measures in order; yields (label, state after the measure)."""
    for i, (kind, model) in enumerate(scenario.measure_models()):
        label = measure_label(kind, model)
        try:
            if kind == "add_substations":
                state = model.apply(state, label, base_dir=Path(path).parent)
            else:
                state = model.apply(state, label)
        except MeasureError as exc:
            raise ScenarioError(path, str(exc), column=f"measures[{i}].{kind}") from None
        for ext in state.extensions:  # the capex policy of the scenario that adds an extension goes with it
            ext.setdefault("include_capex", scenario.tariff.include_extension_capex)
            ext.setdefault("capex_subsidy_frac", scenario.tariff.capex_subsidy_frac)
        yield label, state


# ---------------------------------------------------------------- result

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
    operation: Any = None
    client_shares: pd.DataFrame | None = None
    category_shares: pd.DataFrame | None = None
    hydraulics: Any = None  # heatnet.hydraulics.HydraulicResult at design conditions
    physics: Any = None  # heatnet.physics.AnnualPhysics: hourly losses and pump power

    def to_dict(self, detail=False):
        out = dict(self.figures)
        out["bridge"] = self.bridge
        out["extensions"] = self.extensions
        out["gaps"] = self.gaps
        out["tariff"] = self.tariff
        out["operator_hold_unit"] = self.operator
        if detail:
            out["substation_bills"] = _records(self.bills)
            out["client_shares"] = _records(self.client_shares.reset_index()) if self.client_shares is not None else []
        return _jsonable(out)


def _records(frame):
    return frame.to_dict(orient="records")


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, Path)):
        return str(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


# ---------------------------------------------------------------- evaluation

def _tariff_date(net, policy, year):
    if policy.tariff_date is not None:
        return policy.tariff_date
    if net.tariffs_r1.empty:
        return None
    dates = sorted(net.tariffs_r1["effective_date"].unique())
    in_force = [d for d in dates if d <= dt.date(year, 1, 1)]
    return in_force[-1] if in_force else dates[-1]


def _run_operation(path, scenario, state, net, refs):
    """The year's hourly operation, with the network's physics (losses, pumps, design loads) when
    ``operation.losses`` is "physics" (the default). Returns (operation, annual physics, design)."""
    from heatnet import physics
    from heatnet.hydraulics import HydraulicError
    from heatnet.operation import OperationSettings, run_operation, temperatures

    try:
        settings = OperationSettings.model_validate(scenario.operation or {})
    except ValidationError as exc:
        err = _first_error(exc)
        where = "operation." + ".".join(str(p) for p in err["loc"])
        extra = f"; allowed keys: {sorted(OperationSettings.model_fields)}" if err["type"] == "extra_forbidden" else ""
        raise ScenarioError(path, f"{err['msg']}{extra}", column=where) from None
    co2 = dict(zip(refs["co2"]["fuel"], refs["co2"]["kg_co2_per_kwh"]))
    base_dir = Path(path).parent
    try:
        temp_c = temperatures(settings, scenario.year, net.params["reference_dju"], base_dir)
        annual = design = None
        if settings.losses == "physics":
            cfg = physics.settings(net.params, refs)
            network = physics.pipe_network(state, net.params["plant_node"], cfg)
            annual = physics.annual(network, state.substations, temp_c, cfg, threshold_c=settings.heating_threshold_c)
            design = physics.design(network, state.substations, temp_c, cfg, threshold_c=settings.heating_threshold_c)
        operation = run_operation(state.substations, state.plants, settings, year=scenario.year,
                                  reference_dju=net.params["reference_dju"], co2_factors=co2, base_dir=base_dir,
                                  hourly_losses_kw=annual.losses_kw if annual is not None else None, temp_c=temp_c)
    except DataError:
        raise
    except HydraulicError as exc:
        raise ScenarioError(path, f"network physics: {exc}", column="operation.losses") from None
    except ValueError as exc:
        raise ScenarioError(path, str(exc), column="operation") from None
    return operation, annual, design


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


def evaluate(path, scenario, state, net, base=None, root=None, refs=None):
    """Evaluate a scenario whose measures produced ``state``; ``base`` is its base's result."""
    refs = refs or load_references()
    policy = scenario.tariff
    is_root = base is None
    r2_policy = policy.r2_policy or ("contract" if is_root else "hold_total")
    price_basis = policy.price_basis or ("tariff" if is_root else base.tariff["price_basis"])
    if not is_root and policy.price_basis == "accounts":
        raise ScenarioError(path, "the accounts basis applies to a root scenario (an actual year's accounts); "
                                  "a scenario with a base inherits its base's units", column="tariff.price_basis")
    if is_root and r2_policy != "contract":
        raise ScenarioError(path, f"r2_policy {r2_policy!r} needs a base scenario to hold", column="tariff.r2_policy")
    try:
        graph = build_graph(state.nodes, state.pipes, state.substations, net.params["plant_node"])
    except GraphError as exc:
        raise ScenarioError(path, str(exc)) from None
    subs = state.substations
    heat_mwh = float(subs["heat_mwh"].sum())
    subscribed_kw = float(subs["subscribed_kw"].sum())
    if heat_mwh <= 0 or subscribed_kw <= 0:
        raise ScenarioError(path, "no heat sold or no subscribed power left after the measures")

    extensions = [extension_report(ext, state, net.params, refs) for ext in state.extensions]
    extra_r2_eur = _extension_annuities(state, base, refs) if not is_root else 0.0

    date = _tariff_date(net, policy, scenario.year)
    r1_contract, r2_contract = _contract_tariffs(net, date)
    gaps = []

    # units --------------------------------------------------------------
    accounts_row = None
    if is_root:
        if price_basis == "accounts":
            period = policy.accounts_period or str(scenario.year)
            table = acc.operating_accounts(net.accounts, net.operations)
            if period not in table.index:
                raise ScenarioError(path, f"no accounts for period {period!r}; periods: {list(table.index)}",
                                    column="tariff.accounts_period")
            accounts_row = table.loc[period]
            r1_unit = policy.r1_eur_per_mwh or accounts_row["r1_revenue_eur"] / heat_mwh
            r2_unit = accounts_row["r2_revenue_eur"] / subscribed_kw
            if not pd.isna(accounts_row.get("heat_sold_mwh", float("nan"))):
                reported = float(accounts_row["heat_sold_mwh"])
                if abs(reported - heat_mwh) > 0.5:
                    gaps.append({"what": "heat sold: substation table vs operating table",
                                 "table_mwh": heat_mwh, "operating_mwh": reported, "gap_mwh": heat_mwh - reported})
        else:
            if r2_contract is None or (r1_contract is None and policy.r1_eur_per_mwh is None):
                raise ScenarioError(path, "the tariff basis needs tariffs_r1.csv and tariffs_r2.csv in the network")
            r1_unit = policy.r1_eur_per_mwh or r1_contract.total_eur_per_mwh
            r2_unit = r2_contract.total_eur_per_kw
        r1_costs_per_mwh = (accounts_row["r1_costs_eur"] / heat_mwh) if accounts_row is not None else None
        r2_costs_eur = float(accounts_row["r2_costs_eur"]) if accounts_row is not None else None
        nonrecurring = float(accounts_row["nonrecurring_balance_eur"]) if accounts_row is not None else 0.0
    else:
        r1_unit = policy.r1_eur_per_mwh or base.tariff["r1_eur_per_mwh"]
        if r2_policy == "hold_total":
            r2_unit = (base.figures["r2_revenue_eur"] + extra_r2_eur) / subscribed_kw
        elif r2_policy == "hold_unit":
            r2_unit = base.tariff["r2_eur_per_kw"]
        else:
            if r2_contract is None:
                raise ScenarioError(path, "r2_policy contract needs tariffs_r2.csv in the network")
            r2_unit = r2_contract.total_eur_per_kw
        r1_costs_per_mwh = base.tariff["r1_costs_eur_per_mwh"]
        r2_costs_eur = base.tariff["r2_costs_eur"] + extra_r2_eur if base.tariff["r2_costs_eur"] is not None else None
        nonrecurring = 0.0

    # operation: hourly demand, dispatch, mix ---------------------------
    operation, annual_physics, design = _run_operation(path, scenario, state, net, refs)
    renewable_frac = operation.renewable_frac
    renewable_source = "hourly dispatch"
    renewable_reported = None
    if is_root and not scenario.measures:
        renewable_reported = _renewable_frac_reported(net, policy.accounts_period or str(scenario.year))
    if policy.r1_eur_per_mwh is None and operation.r1_energy_eur_per_mwh is not None:
        if r1_contract is None:
            raise ScenarioError(path, "operation.energy_prices gives R1c, but the network has no tariffs_r1.csv for "
                                      "R1CO2 and R1t", column="operation.energy_prices")
        r1_unit = operation.r1_energy_eur_per_mwh + r1_contract.co2_eur_per_mwh + r1_contract.tax_eur_per_mwh

    # revenues, price ----------------------------------------------------
    bills = tf.compute_bills(subs, r1_unit, r2_unit)
    r1_revenue = float(bills["r1_eur"].sum())
    r2_revenue = float(bills["r2_eur"].sum())
    price = tf.average_price(r1_revenue, r2_revenue, heat_mwh, renewable_frac, refs["vat"])
    length_m = graph.total_length_m
    density = graph.linear_density()

    # operator view (hold_unit) --------------------------------------------
    operator = None
    if r1_costs_per_mwh is not None:
        if is_root:
            r2_unit_hold = r2_unit
        else:
            r2_unit_hold = base.tariff["r2_eur_per_kw"]
        operator = acc.project_accounts(heat_mwh, subscribed_kw, r1_unit, r2_unit_hold, r1_costs_per_mwh,
                                        r2_costs_eur, nonrecurring)
        operator["r2_eur_per_kw"] = r2_unit_hold
        operator["average_price_eur_per_mwh"] = operator["turnover_eur"] / heat_mwh

    # both views of the price ----------------------------------------------
    if not is_root:
        hold_total_price = r1_unit + (base.figures["r2_revenue_eur"] + extra_r2_eur) / heat_mwh
        hold_unit_price = r1_unit + base.tariff["r2_eur_per_kw"] * subscribed_kw / heat_mwh
    else:
        hold_total_price = hold_unit_price = price["average_price_eur_per_mwh"]

    reference = root or base
    delta = (price["average_price_eur_per_mwh"] / reference.figures["average_price_eur_per_mwh"] - 1
             if reference is not None else 0.0)
    figures = {
        "scenario": scenario.name, "file": str(path), "year": scenario.year,
        "substations": int(len(subs)), "subscribed_kw": subscribed_kw, "heat_sold_mwh": heat_mwh,
        "network_length_m": length_m, "r1_eur_per_mwh": r1_unit, "r2_eur_per_kw": r2_unit,
        "r1_revenue_eur": r1_revenue, "r2_revenue_eur": r2_revenue, "revenue_eur": r1_revenue + r2_revenue,
        **price,
        "price_basis": price_basis, "r2_policy": r2_policy,
        "average_price_hold_total_eur_per_mwh": hold_total_price,
        "average_price_hold_unit_eur_per_mwh": hold_unit_price,
        "renewable_frac": renewable_frac, "renewable_frac_source": renewable_source,
        "renewable_frac_reported": renewable_reported,
        **{k: v for k, v in operation.summary().items() if k != "renewable_frac"},
        "heat_loss_mwh": annual_physics.heat_loss_mwh if annual_physics else operation.losses_mwh,
        "pump_electricity_mwh": annual_physics.pump_electricity_mwh if annual_physics else None,
        "pump_head_bar": design.pump_head_bar if design else None,
        "max_pipe_load_frac": design.max_load_frac if design else None,
        "linear_density_mwh_per_m": density["mwh_per_m"], "linear_density_kw_per_m": density["kw_per_m"],
        "delta_price_frac": delta,
        "reference_scenario": reference.name if reference is not None else scenario.name,
        "operator_result_eur": operator["operating_result_eur"] if operator else None,
        "r1_margin_eur": operator["r1_margin_eur"] if operator else None,
        "r2_margin_eur": operator["r2_margin_eur"] if operator else None,
        "turnover_hold_unit_eur": operator["turnover_eur"] if operator else None,
    }
    if reference is not None and operator and reference.operator:
        figures["delta_turnover_hold_unit_frac"] = operator["turnover_eur"] / reference.operator["turnover_eur"] - 1
    tariff = {
        "r1_eur_per_mwh": r1_unit, "r2_eur_per_kw": r2_unit, "r2_policy": r2_policy, "price_basis": price_basis,
        "tariff_date": str(date) if date else None,
        "r1_contract": r1_contract.as_dict() if r1_contract else None,
        "r2_contract": r2_contract.as_dict() if r2_contract else None,
        "r1_costs_eur_per_mwh": r1_costs_per_mwh, "r2_costs_eur": r2_costs_eur,
        "extension_annuity_in_r2_eur": extra_r2_eur,
        "accounts_period": (policy.accounts_period or str(scenario.year)) if accounts_row is not None else None,
    }
    if accounts_row is not None and r2_contract is not None:
        tariff_r2 = r2_contract.total_eur_per_kw * subscribed_kw
        tariff_r1 = (r1_contract.total_eur_per_mwh * heat_mwh) if r1_contract else None
        gaps.append({"what": "accounts vs tariff basis", "r2_revenue_accounts_eur": r2_revenue,
                     "r2_revenue_tariff_eur": tariff_r2, "r1_revenue_accounts_eur": r1_revenue,
                     "r1_revenue_tariff_eur": tariff_r1,
                     "price_tariff_basis_eur_per_mwh": ((tariff_r1 or 0) + tariff_r2) / heat_mwh if tariff_r1 else None})
        figures["average_price_tariff_basis_eur_per_mwh"] = (tariff_r1 + tariff_r2) / heat_mwh if tariff_r1 else None
        figures["average_price_accounts_basis_eur_per_mwh"] = price["average_price_eur_per_mwh"]

    gaps = _network_gaps(net) + gaps
    client_shares = tf.shares(bills, "client")
    category_shares = tf.shares(bills, "category")
    bills["heat_frac"] = bills["heat_mwh"] / heat_mwh
    bills["subscribed_frac"] = bills["subscribed_kw"] / subscribed_kw
    bills["turnover_frac"] = bills["bill_eur"] / (r1_revenue + r2_revenue)

    result = ScenarioResult(
        name=scenario.name, path=Path(path), scenario=scenario, year=scenario.year, network=net, state=state,
        graph=graph, figures=figures, bills=bills, tariff=tariff, operator=operator or {}, extensions=[],
        bridge=[], gaps=gaps, base=base, root=root, operation=operation, client_shares=client_shares,
        category_shares=category_shares)
    result.extensions = extensions
    result.hydraulics = design
    result.physics = annual_physics
    return result


def _network_gaps(net):
    """Gaps between the network's source figures (heatnet.checks), computed once per network."""
    cached = getattr(net, "_source_gaps", None)
    if cached is None:
        from heatnet.checks import source_gaps
        cached = [dict(g, scope="network data") for g in source_gaps(net)]
        net._source_gaps = cached
    return [dict(g) for g in cached]


def _new_extensions(state, anchor):
    known = {e["name"] for e in anchor.state.extensions} if anchor is not None else set()
    return [e for e in state.extensions if e["name"] not in known]


def _extension_annuities(state, anchor, refs):
    """Annuities of the extensions ``state`` has and ``anchor`` has not, for those whose scenario
    includes extension capex in the R2 total (``tariff.include_extension_capex``)."""
    return sum(extension_annuity_eur(extension_report(e, state, anchor.network.params, refs), refs,
                                     e["capex_subsidy_frac"])
               for e in _new_extensions(state, anchor) if e["include_capex"])


def price_under(result_policy, state, base, r1_unit, extra_r2_eur=0.0):
    """Average price HT of ``state`` under the R2 policy of a result, with ``r1_unit``."""
    heat = float(state.substations["heat_mwh"].sum())
    kw = float(state.substations["subscribed_kw"].sum())
    if result_policy == "hold_total":
        r2_revenue = base.figures["r2_revenue_eur"] + extra_r2_eur
    elif result_policy == "hold_unit":
        r2_revenue = base.tariff["r2_eur_per_kw"] * kw
    else:
        return None
    return r1_unit + r2_revenue / heat


def _bridge(root, steps, final, policy_base, refs):
    """Price bridge from the root's price to the final price, measure by measure.

    The first step moves R1 from the root's unit to the final one on the root's quantities;
    each measure's step is the price change it causes under the final scenario's R2 policy.
    """
    policy = final.tariff["r2_policy"]
    r1 = final.tariff["r1_eur_per_mwh"]
    bridge = [{"step": "start", "label": root.name, "price_eur_per_mwh": root.figures["average_price_eur_per_mwh"],
               "delta_eur_per_mwh": 0.0}]
    if policy == "contract":
        return bridge
    previous = root.figures["average_price_eur_per_mwh"]
    current = price_under(policy, root.state, policy_base, r1)
    if abs(current - previous) > 1e-9:
        bridge.append({"step": "tariff", "label": f"R1 {root.tariff['r1_eur_per_mwh']:.2f} -> {r1:.2f}",
                       "price_eur_per_mwh": current, "delta_eur_per_mwh": current - previous})
    for label, state in steps:
        extra = _extension_annuities(state, policy_base, refs) if policy == "hold_total" else 0.0
        previous, current = current, price_under(policy, state, policy_base, r1, extra)
        bridge.append({"step": "measure", "label": label, "price_eur_per_mwh": current,
                       "delta_eur_per_mwh": current - previous})
    bridge.append({"step": "end", "label": final.name, "price_eur_per_mwh": final.figures["average_price_eur_per_mwh"],
                   "delta_eur_per_mwh": final.figures["average_price_eur_per_mwh"] - current})
    return bridge


_RESULT_CACHE = {}  # key: stamps of a chain prefix -> (result, bridge steps, state)
_RESULT_CACHE_SIZE = 128


def _file_stamp(path):
    """Path and content digest: an edit is seen even within one tick of the file system's clock."""
    return str(path), hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()


def _scenario_stamp(path, scenario):
    """The files a scenario's evaluation reads: itself and the CSVs its measures name."""
    stamps = [_file_stamp(path)]
    for kind, model in scenario.measure_models():
        if kind == "add_substations" and model.csv:
            csv_path = (Path(path).parent / model.csv).resolve()
            if csv_path.exists():
                stamps.append(_file_stamp(csv_path))
    return tuple(stamps)


def clear_cache():
    """Forget the scenario results kept in this process."""
    _RESULT_CACHE.clear()


def run_scenario(path, refs=None, use_cache=True) -> ScenarioResult:
    """Run a scenario file and its chain of bases; return the leaf's result.

    Results of each chain prefix are kept in this process, keyed on the content of every
    scenario file and CSV they read and the modification stamps of the network folder, so running
    several scenarios that share bases evaluates each base once, and an edited file is read
    anew. Results are shared: treat them as read-only.
    """
    chain = resolve_chain(path)
    refs = refs or load_references()
    root_path, root_scenario = chain[0]
    network_path = (root_path.parent / root_scenario.network).resolve()
    net = _load_network_cached(network_path)
    key = (str(network_path), _network_stamp(network_path), refs["folder"])
    result, root, steps, state = None, None, [], None
    for scen_path, scenario in chain:
        key = key + (_scenario_stamp(scen_path, scenario),)
        cached = _RESULT_CACHE.get(key) if use_cache else None
        if cached is not None:
            result, steps, state = cached
            root = root or result
            continue
        if state is None:
            state = initial_state(net, root_scenario.load_year)
        labelled = list(apply_measures(state, scenario, scen_path))
        steps = steps + labelled
        if labelled:
            state = labelled[-1][1]
        result = evaluate(scen_path, scenario, state, net, base=result, root=root, refs=refs)
        if root is None:
            root = result
            steps = []  # the root's own measures are part of its start
        else:
            result.bridge = _bridge(root, steps, result, _policy_anchor(result), refs)
        if use_cache:
            if len(_RESULT_CACHE) >= _RESULT_CACHE_SIZE:
                _RESULT_CACHE.pop(next(iter(_RESULT_CACHE)))
            _RESULT_CACHE[key] = (result, steps, state)
    return result


def _policy_anchor(result):
    """The result whose R2 total (hold_total) or unit (hold_unit) the chain holds: the nearest
    ancestor that does not itself hold, i.e. the root for a chain of holds."""
    anchor = result.base
    while anchor.base is not None and anchor.tariff["r2_policy"] == result.tariff["r2_policy"]:
        anchor = anchor.base
    return anchor


@functools.lru_cache(maxsize=16)
def _load_network_cached_key(path, stamp):
    return load_network(path)


def _network_stamp(path):
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in Path(path).iterdir()
                        if p.is_file()))


def _load_network_cached(path):
    """Load a network folder, cached until one of its files changes."""
    return _load_network_cached_key(str(path), _network_stamp(path))


# ---------------------------------------------------------------- comparison

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

    ``delta_price_vs_first_frac`` compares each scenario's price with the first one's.
    """
    refs = refs or load_references()
    results = [run_scenario(p, refs) for p in paths]
    rows = {}
    first_price = results[0].figures["average_price_eur_per_mwh"]
    for r in results:
        column = {k: r.figures.get(k) for k in COMPARE_ROWS}
        column["delta_price_vs_first_frac"] = r.figures["average_price_eur_per_mwh"] / first_price - 1
        rows[r.name] = column
    table = pd.DataFrame(rows)
    return results, table
