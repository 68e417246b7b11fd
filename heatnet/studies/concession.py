"""The concession year by year: the DSP's accounts from a start year to the contract's end.

A timeline file says which scenario holds from which year (or date). Each year of the range:

* **actual years** (the network's accounts have the year, ``use_actual_accounts``) are the
  accounts as published: the year priced from its own accounts;
* **projected years** take the state of the scenario in force, that year's climate (the DJU of
  ``operations.csv`` where the year is actual, the reference DJU after), its sales corrected for
  climate (the heating part x DJU / the DJU the loads were measured in), and run that year's
  hourly dispatch (:func:`heatnet.model.operation.run_operation` on the state's substations
  and plants: heat bought from each supplier, gas burned). Then:

  - revenues: the contract's R1 and R2 units in the indexation base year, revised by the
    formulas of ``indexation.csv`` (:mod:`heatnet.model.indexation`);
  - R1 costs: each plant's heat at its supplier's indexed price (``energy_costs.csv``);
  - R2 costs by component (``r2_costs.csv``): R2.1 with the physics' pumping electricity x a
    price, R2.2, R2.3, R2.4 (the annuity of the operator's investments to its end year, plus the
    annuities of the extensions built since the timeline's first state), R2.5 (the city's royalty);

* a year split between two steps, or cut by the contract's start or end, is prorated: R1 lines
  by the share of the year's heat (``first_half_heat_frac``), R2 lines by days.

The CEP is the network's forecast accounts by year (``operations.csv`` rows of kind forecast
and their ``accounts.csv`` period): a year without a CEP column shows none (null), never a repeat.
The totals give the cumulative result and its NPV at the stated discount rate. The variance
analysis (:mod:`heatnet.studies.variance`) explains each actual year against its CEP and each
step's first full year against the reference year; review clauses (:mod:`heatnet.studies.reviews`)
are checked each year.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from heatnet.io.errors import DataError, key_path
from heatnet.io.files import read_yaml, wrong_kind
from pydantic import Field, ValidationError

from heatnet.io.jsonable import jsonable
from heatnet.model import accounts as acc
from heatnet.model import indexation as ix
from heatnet.model import tariffs as tf
from heatnet.model.demand import base_fracs, read_profiles
from heatnet.model.economics import load_references
from heatnet.scenarios import ScenarioError, ScenarioReads, read_scenario, resolve_chain, run_scenario
from heatnet.scenarios.measures import Model
from heatnet.studies.reviews import check_year
from heatnet.studies.variance import compare_years


class TimelineStep(Model):
    from_year: int = Field(..., ge=1900, le=2100)
    from_date: dt.date | None = Field(None, description="The step applies from this date (default: 1 January "
                                                        "of from_year); a year split between steps is prorated.")
    scenario: str = Field(..., description="Scenario file, relative to the timeline file.")

    def start(self):
        return self.from_date or dt.date(self.from_year, 1, 1)


class Timeline(Model):
    name: str
    description: str | None = None
    start_year: int = Field(..., ge=1900, le=2100)
    end_date: dt.date | None = Field(None, description="Default: the contract's dsp_end.")
    first_half_heat_frac: float = Field(
        0.6, gt=0, lt=1, description="Share of a year's heat sold before 1 July (prorates a half year). 0.6: "
                                     "in northern France about 60 % of the year's degree-days fall in January-June.")
    use_actual_accounts: bool = Field(True, description="Show a year's actual accounts where the network has them.")
    discount_rate_frac: float | None = Field(None, ge=0, le=0.5, description="Discount rate of the NPV (default: "
                                             "data/france/parameters.yaml economics.discount_rate_frac).")
    index_paths: dict[str, float | dict[int, float]] = Field(
        default_factory=dict, description="Yearly growth of each index after its last published value: a rate "
                                          "(0.02 = 2 %/yr) or {year: rate}. An index without a path is held.")
    steps: list[TimelineStep] = Field(..., min_length=1)


def read_timeline(path, read=None):
    """The timeline file at ``path``, each step's scenario file read (``read``: the reader of one scenario
    file, :func:`read_scenario` by default)."""
    path = Path(path)
    read = read or read_scenario
    try:
        raw = read_yaml(path)  # bounded, UTF-8, depth-limited, duplicate keys refused (heatnet.io.files)
    except DataError as exc:
        raise ScenarioError(exc.file, exc.message, line=exc.line, column=exc.column) from None
    other = wrong_kind(raw, "timeline")
    if other:
        raise ScenarioError(path, f"this file is {other}")
    try:
        timeline = Timeline.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = key_path(err["loc"])
        allowed = sorted(Timeline.model_fields) if err["loc"] and len(err["loc"]) == 1 else sorted(
            TimelineStep.model_fields)
        extra = f"; allowed keys: {allowed}" if err["type"] == "extra_forbidden" else ""
        raise ScenarioError(path, f"{err['msg']}{extra}", column=where) from None
    for i, step in enumerate(timeline.steps):  # a step that is no scenario file is named with the timeline's key
        read(path.parent / step.scenario, referrer=path, key=f"steps[{i}].scenario")
    return timeline


@dataclass
class ConcessionResult:
    """The concession study: one dict a year, the totals, the compared pairs, the assumptions."""

    timeline: Timeline
    path: Path
    years: list
    totals: dict
    variance: list
    cep: dict  # year -> the CEP's year-result
    assumptions: list = field(default_factory=list)
    results: dict = field(default_factory=dict)  # scenario file -> ScenarioResult

    def frame(self):
        """The yearly table (one row a year) as a DataFrame."""
        return pd.DataFrame([{k: v for k, v in y.items() if not isinstance(v, (dict, list))} for y in self.years])

    def to_dict(self):
        return jsonable({"timeline": self.timeline.name, "file": str(self.path), "years": self.years,
                         "totals": self.totals, "variance": self.variance, "assumptions": self.assumptions})


@dataclass
class _Setup:
    """What every year reads: the network, its tables, the contract's base tariffs."""

    path: Path
    timeline: Timeline
    steps: list
    results: dict
    net: object
    refs: dict
    start: dt.date
    end: dt.date
    base_year: int
    r1_base: object
    r2_base: object
    accounts: pd.DataFrame
    dju_by_year: dict
    first_state: object
    profiles: pd.Series
    series: dict = field(default_factory=dict)  # index -> {year: value}
    formulas: list = field(default_factory=list)  # (term, index, coefficient)
    prices: dict = field(default_factory=dict)  # supplier -> energy_costs row
    r2_cost_rows: list = field(default_factory=list)
    base_fracs: dict = field(default_factory=dict)  # id(result) -> base-load share per substation
    dispatches: dict = field(default_factory=dict)  # the inputs' values of a year's dispatch -> its operation
    notes: list = field(default_factory=list)


def concession_study(path, refs=None, timeline=None) -> ConcessionResult:
    """Run a timeline file: every year from ``start_year`` to the contract's end.

    ``timeline``: a :class:`Timeline` (or its dict) composed elsewhere (the dashboard); ``path`` then
    only anchors its relative scenario paths (the file need not exist)."""
    if timeline is not None and not isinstance(timeline, Timeline):
        try:
            timeline = Timeline.model_validate(timeline)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise ScenarioError(path, err["msg"], column=key_path(err["loc"])) from None
    setup = _setup(Path(path), refs or load_references(), timeline)
    years = []
    for year in range(setup.timeline.start_year, setup.end.year + 1):
        row = _year(setup, year)
        if row is not None:
            years.append(row)
    cep = _cep_years(setup)
    _finish(setup, years, cep)
    variance = _variance_pairs(setup, years, cep)
    return ConcessionResult(setup.timeline, setup.path, years, _totals(setup, years), variance, cep,
                            _assumptions(setup), setup.results)


CONTRACT_TABLES = ("tariffs_r1", "tariffs_r2", "energy_costs", "r2_costs")


def missing_contract_files(net):
    """The contract's files a network lacks for the year-by-year view (``["energy_costs.csv", ...]``): it
    prices every year from the contract's tariffs and their cost bases."""
    return [f"{name}.csv" for name in CONTRACT_TABLES if getattr(net, name).empty]


def _setup(path, refs, timeline=None):
    read = ScenarioReads()  # the steps and their chains of bases name the same files: each read once
    timeline = timeline or read_timeline(path, read)
    steps = sorted(timeline.steps, key=lambda s: s.start())
    if steps[0].from_year > timeline.start_year:
        raise ScenarioError(path, f"no scenario for {timeline.start_year}: the first step starts in "
                                  f"{steps[0].from_year}", column="steps")
    results = {}
    for step in steps:
        scenario_path = (path.parent / step.scenario).resolve()
        if step.scenario not in results:
            results[step.scenario] = run_scenario(scenario_path, refs=refs, chain=resolve_chain(scenario_path, read))
    net = next(iter(results.values())).network
    contract = net.params.get("contract", {})
    start = contract.get("dsp_start") or dt.date(timeline.start_year, 1, 1)
    end = timeline.end_date or contract.get("dsp_end")
    if end is None:
        raise ScenarioError(path, "give end_date: the network's contract has no dsp_end", column="end_date")
    if missing_contract_files(net):
        raise ScenarioError(path, f"the concession needs tariffs_r1.csv, tariffs_r2.csv, energy_costs.csv and "
                                  f"r2_costs.csv in the network folder {net.folder}", column="steps")
    base_year = int(contract.get("indexation_base_year") or timeline.start_year)
    memo = _network_tables(net, base_year)
    first = results[steps[0].scenario]
    setup = _Setup(path, timeline, steps, results, net, refs, start, end, base_year, memo["r1"], memo["r2"],
                   memo["accounts"], memo["dju"], first.state, memo["profiles"])
    setup.series, setup.formulas = memo["series"], memo["formulas"]
    setup.prices, setup.r2_cost_rows = memo["prices"], memo["r2_cost_rows"]
    for result in results.values():
        subs = result.state.substations
        setup.base_fracs[id(result)] = (base_fracs(subs, setup.profiles), subs["heat_mwh"].to_numpy(float),
                                        float(subs["subscribed_kw"].sum()))
    return setup


def _network_tables(net, base_year):
    """The network's tables as the engine reads them, computed once per loaded network."""
    memo = net.__dict__.setdefault("_concession_memo", {})
    if base_year not in memo:
        ops = net.operations
        dju = ({int(y): (float(d), float(r) if r is not None and not pd.isna(r) else None)
                for y, d, r, k in zip(ops["year"], ops["dju"], ops["rigueur"], ops["kind"])
                if k == "actual" and d is not None and not pd.isna(d)} if not ops.empty else {})
        memo[base_year] = {
            "r1": tf.r1_at(net.tariffs_r1, net.mix_weights, dt.date(base_year, 1, 1)),
            "r2": tf.r2_at(net.tariffs_r2, dt.date(base_year, 1, 1)),
            "accounts": (acc.operating_accounts(net.accounts, net.operations) if not net.accounts.empty
                         else pd.DataFrame()),
            "dju": dju, "profiles": read_profiles(), "series": ix.index_series(net.indices),
            "formulas": ix.formula_rows(net.indexation), "prices": acc.energy_prices(net.energy_costs),
            "r2_cost_rows": net.r2_costs.to_dict(orient="records")}
    return memo[base_year]


# ---------------------------------------------------------------- one year

def _segments(setup, year):
    """The steps in force during ``year``: (step, R1 share, R2 share) inside the concession."""
    out = []
    for k, step in enumerate(setup.steps):
        lo = max(step.start(), setup.start)
        hi = setup.end if k + 1 == len(setup.steps) else min(setup.end, setup.steps[k + 1].start()
                                                                 - dt.timedelta(days=1))
        if lo > hi:
            continue
        r1_frac, r2_frac = acc.year_fraction_in_concession(year, lo, hi, setup.timeline.first_half_heat_frac)
        if r2_frac > 0:
            out.append((step, r1_frac, r2_frac))
    return out


def _year(setup, year):
    segments = _segments(setup, year)
    if not segments:
        return None
    reference_dju = float(setup.net.params["reference_dju"])
    dju, rigueur = setup.dju_by_year.get(year, (reference_dju, None))
    rigueur = rigueur or dju / reference_dju
    r1_total = sum(s[1] for s in segments)
    r2_total = sum(s[2] for s in segments)
    main = max(segments, key=lambda s: s[2])[0]
    result = setup.results[main.scenario]
    heating_frac = _heating_frac(setup, result)
    if setup.timeline.use_actual_accounts and str(year) in setup.accounts.index:
        row = _actual_year(setup, year, r1_total, r2_total)
    else:
        parts = [_projected_part(setup, year, dju, setup.results[step.scenario], r1_frac, r2_frac)
                 for step, r1_frac, r2_frac in segments]
        row = _merge_parts(parts)
        row["kind"] = "projection"
    row.update({"year": year, "scenario": " + ".join(dict.fromkeys(setup.results[s.scenario].name
                                                                   for s, _, _ in segments)),
                "year_frac_r1": r1_total, "year_frac_r2": r2_total, "dju": dju, "rigueur": rigueur,
                "heating_frac": heating_frac})
    row["heat_sold_normal_mwh"] = row["heat_sold_mwh"] / (1 - heating_frac + heating_frac * row["rigueur"])
    _add_prices(setup, row)
    return row


def _heating_frac(setup, result):
    """The heating part of the state's sales (1 - the heat-weighted base-load share)."""
    fracs, heat, _ = setup.base_fracs[id(result)]
    return float(1.0 - (fracs * heat).sum() / heat.sum())


def _actual_year(setup, year, r1_frac, r2_frac):
    """A year of the network's accounts, prorated where the concession covers part of it."""
    row = acc.year_from_accounts(setup.accounts.loc[str(year)], "actual")
    if r1_frac < 1 or r2_frac < 1:
        for key in ("heat_sold_mwh", "r1_revenue_eur", "r1_costs_eur", "r1_margin_eur"):
            row[key] *= r1_frac
        for key in ("r2_revenue_eur", "r2_costs_eur", "r2_margin_eur", "nonrecurring_balance_eur"):
            row[key] *= r2_frac
        row["operating_result_eur"] = row["r1_margin_eur"] + row["r2_margin_eur"] + row["nonrecurring_balance_eur"]
    row["renewable_frac"] = acc.reported_renewable_frac(setup.net.heat_input, setup.net.plants, str(year))
    row["r2_costs_by_component_eur"] = None
    row["royalty_eur"] = None
    return row


def _coefficients(setup, year):
    ratios, notes = ix.index_ratios(setup.series, setup.base_year, year, setup.timeline.index_paths)
    setup.notes.extend(notes)
    return ratios, ix.revision_coefficients(setup.formulas, ratios)


def _projected_part(setup, year, dju, result, r1_frac, r2_frac):
    """One scenario's share of a projected year: climate, dispatch, revenues and costs."""
    fracs, heat_mwh, kw = setup.base_fracs[id(result)]
    root = result.root or result
    loads_dju = float((root.scenario.operation or {}).get("dju") or setup.net.params["reference_dju"])
    sales_mwh = acc.sales_at_climate(heat_mwh, fracs, dju, loads_dju)
    operation = _dispatch(setup, result, year, dju, sales_mwh)
    _, coefficients = _coefficients(setup, year)
    units = ix.revised_tariffs(setup.r1_base, setup.r2_base, coefficients)
    heat = float(sales_mwh.sum())
    by_plant, r1_costs = acc.r1_costs_from_dispatch(operation.heat_by_plant_mwh, _fuels(operation),
                                                    setup.prices, coefficients)
    r2_by = acc.r2_costs_by_component(setup.r2_cost_rows, coefficients, year,
                                      result.figures.get("pump_electricity_mwh") or 0.0,
                                      _new_annuities(setup, result, year))
    return {"r1_frac": r1_frac, "r2_frac": r2_frac, "heat_sold_mwh": heat, "subscribed_kw": kw,
            "r1_revenue_eur": units["r1_eur_per_mwh"] * heat, "r2_revenue_eur": units["r2_eur_per_kw"] * kw,
            "r1_costs_eur": r1_costs, "r2_costs_by_component_eur": r2_by, "renewable_frac": operation.renewable_frac,
            "heat_bought_mwh": {k: float(v) for k, v in operation.heat_by_plant_mwh.items()},
            "gas_mwh": operation.gas_mwh, "r1_costs_by_plant_eur": by_plant, "units": units}


def _new_annuities(setup, result, year):
    """Annuities of the extensions the state has and the timeline's first state has not, once built."""
    known = {e["name"] for e in setup.first_state.extensions}
    return float(sum(e["annuity_eur"] for e in result.extensions
                     if e["name"] not in known and (e.get("commissioning_year") or year) <= year))


def _fuels(operation):
    memo = operation.__dict__.get("_plant_fuels")
    if memo is None:
        memo = operation.__dict__["_plant_fuels"] = acc.plant_fuels(operation.plants)
    return memo


_DISPATCH_CACHE = {}


def _dispatch(setup, result, year, dju, sales_mwh):
    """The year's hourly dispatch of the state with its climate-corrected sales (kept per process; a
    year whose inputs equal another year's of the same study takes that year's, see :func:`_run_dispatch`)."""
    key = (id(result), year, dju, float(sales_mwh.sum()))
    hit = _DISPATCH_CACHE.get(key)
    if hit is not None and hit[0] is result:
        return hit[1]
    operation = _run_dispatch(setup, result, year, dju, sales_mwh)
    if len(_DISPATCH_CACHE) > 512:
        _DISPATCH_CACHE.clear()
    _DISPATCH_CACHE[key] = (result, operation)
    return operation


def _run_dispatch(setup, result, year, dju, sales_mwh):
    """``run_operation`` of the year, or, inside one study, the operation of an earlier year whose inputs
    have the same values: the state (its substations and plants), the settings, the hourly temperatures
    and the temperatures the heating follows, the sales, the hourly losses and the plants of the year
    (:func:`heatnet.model.operation.plant_year`: which plants serve, the year's hours, the dated outages
    as hours of the year, the drawn stops) and, where a plant is called by the electricity system on
    weekdays, the year's calendar (the weekday of its 1 January). The dispatch reads nothing else of the
    year: two years with those values equal (two non-leap years of a step after the last actual DJU,
    with no called plant or starting on the same weekday) have the same figures."""
    from heatnet.model.operation import (OperationSettings, heating_temperature, plant_year, run_operation,
                                         temperatures)

    raw = dict(result.scenario.operation or {})
    if not raw.get("weather_csv"):
        raw["dju"] = dju
    settings = OperationSettings.model_validate(raw)
    reference_dju, base_dir = setup.net.params["reference_dju"], Path(result.path).parent
    temp_c = temperatures(settings, year, reference_dju, base_dir)
    losses = _losses_kw(result, year)
    fleet = plant_year(result.state.plants, settings, year)  # kept by the value of its inputs (the same object)
    # a plant the electricity system calls runs on weekdays: its hours follow the year's calendar too
    calendar = dt.date(year, 1, 1).weekday() if fleet.called else None
    inputs = (id(result), id(fleet), settings.model_dump_json(), temp_c.tobytes(),
              heating_temperature(settings, year, temp_c).tobytes(), np.asarray(sales_mwh, float).tobytes(),
              None if losses is None else losses.tobytes(), calendar)
    shared = setup.dispatches.get(inputs)
    if shared is not None:
        return dataclasses.replace(shared[1], year=year)
    substations = result.state.substations.copy(deep=False)  # a new heat_mwh column; the state's table unchanged
    substations["heat_mwh"] = sales_mwh
    co2 = dict(zip(setup.refs["co2"]["fuel"], setup.refs["co2"]["kg_co2_per_kwh"]))
    operation = run_operation(substations, result.state.plants, settings, year=year, tables=False,
                              reference_dju=reference_dju, co2_factors=co2, profiles=setup.profiles,
                              base_dir=base_dir, hourly_losses_kw=losses, temp_c=temp_c, fleet=fleet)
    setup.dispatches[inputs] = (fleet, operation)  # the plant year held: its id names no other object meanwhile
    return operation


def _losses_kw(result, year):
    """The scenario's hourly heat losses from its physics, fitted to ``year``'s hours (None: fixed losses)."""
    physics = getattr(result, "physics", None)
    if physics is None:
        return None
    losses = np.asarray(physics.losses_kw, float)
    hours = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days * 24
    if len(losses) == hours:
        return losses
    return np.resize(losses, hours) if len(losses) < hours else losses[:hours]


def _merge_parts(parts):
    """A year from its scenarios' shares: R1 lines by heat share, R2 lines by time share."""
    row = {"heat_sold_mwh": 0.0, "subscribed_kw": 0.0, "r1_revenue_eur": 0.0, "r2_revenue_eur": 0.0,
           "r1_costs_eur": 0.0, "r2_costs_eur": 0.0, "gas_mwh": 0.0, "r2_costs_by_component_eur": {},
           "heat_bought_mwh": {}, "nonrecurring_balance_eur": 0.0}
    r2_weight = sum(p["r2_frac"] for p in parts)
    renewable = 0.0
    for p in parts:
        a, b = p["r1_frac"], p["r2_frac"]
        for key in ("heat_sold_mwh", "r1_revenue_eur", "r1_costs_eur", "gas_mwh"):
            row[key] += p[key] * a
        row["r2_revenue_eur"] += p["r2_revenue_eur"] * b
        row["subscribed_kw"] += p["subscribed_kw"] * b / r2_weight
        for comp, eur in p["r2_costs_by_component_eur"].items():
            row["r2_costs_by_component_eur"][comp] = row["r2_costs_by_component_eur"].get(comp, 0.0) + eur * b
        for plant, mwh in p["heat_bought_mwh"].items():
            row["heat_bought_mwh"][plant] = row["heat_bought_mwh"].get(plant, 0.0) + mwh * a
        renewable += p["renewable_frac"] * p["heat_sold_mwh"] * a
    row["renewable_frac"] = renewable / row["heat_sold_mwh"]
    row["r2_costs_eur"] = float(sum(row["r2_costs_by_component_eur"].values()))
    row["royalty_eur"] = row["r2_costs_by_component_eur"].get("r2_5")
    row["r1_margin_eur"] = row["r1_revenue_eur"] - row["r1_costs_eur"]
    row["r2_margin_eur"] = row["r2_revenue_eur"] - row["r2_costs_eur"]
    row["operating_result_eur"] = row["r1_margin_eur"] + row["r2_margin_eur"]
    row["r1_units_eur_per_mwh"] = parts[-1]["units"]["r1"]
    row["r2_units_eur_per_kw"] = parts[-1]["units"]["r2"]
    return row


def _add_prices(setup, row):
    """Unit prices, the average price HT and TTC (VAT by the year's renewable share)."""
    heat, kw = row["heat_sold_mwh"], row["subscribed_kw"]
    row["r1_eur_per_mwh"] = row["r1_revenue_eur"] / heat
    row["r2_eur_per_kw"] = row["r2_revenue_eur"] / (kw * row["year_frac_r2"])
    renewable = row.get("renewable_frac")
    price = tf.average_price(row["r1_revenue_eur"], row["r2_revenue_eur"], heat,
                             renewable if renewable is not None else 0.0, setup.refs["vat"])
    row["average_price_eur_per_mwh"] = price["average_price_eur_per_mwh"]
    row["average_price_ttc_eur_per_mwh"] = price["average_price_ttc_eur_per_mwh"] if renewable is not None else None
    row["r1_vat_frac"] = price["r1_vat_frac"] if renewable is not None else None


# ---------------------------------------------------------------- CEP, totals, variance

def _cep_years(setup):
    """The CEP's year-results by calendar year: operations rows of kind forecast with accounts."""
    ops, out = setup.net.operations, {}
    if ops.empty or setup.accounts.empty:
        return out
    reference_dju = float(setup.net.params["reference_dju"])
    for period, year, kind, dju in zip(ops["period"], ops["year"], ops["kind"], ops["dju"]):
        if kind != "forecast" or period not in setup.accounts.index:
            continue
        row = acc.year_from_accounts(setup.accounts.loc[period], "cep")
        dju = float(dju) if dju is not None and not pd.isna(dju) else reference_dju
        row.update({"year": int(year), "period": period, "dju": dju, "rigueur": dju / reference_dju})
        out[int(year)] = row
    return out


def _finish(setup, years, cep):
    """The CEP column (null without a CEP year), the gap, the cumulative result and the triggers."""
    cumulative = 0.0
    by_year = {y["year"]: _annualised(y) for y in years}
    clauses = setup.net.review_clauses.to_dict(orient="records") if not setup.net.review_clauses.empty else []
    for y in years:
        c = cep.get(y["year"])
        y["cep_operating_result_eur"] = c["operating_result_eur"] * y["year_frac_r2"] if c else None
        y["gap_to_cep_eur"] = (y["operating_result_eur"] - y["cep_operating_result_eur"]) if c else None
        cumulative += y["operating_result_eur"]
        y["cumulative_result_eur"] = cumulative
        y["triggers"] = check_year(by_year[y["year"]], clauses, by_year, cep)


def _annualised(year):
    """A partial year's volumes and result on a whole-year basis (what the review clauses compare)."""
    out = dict(year)
    for key in ("heat_sold_mwh", "heat_sold_normal_mwh"):
        out[key] = year[key] / year["year_frac_r1"]
    out["operating_result_eur"] = year["operating_result_eur"] / year["year_frac_r2"]
    return out


def _discount_rate(setup):
    if setup.timeline.discount_rate_frac is not None:
        return setup.timeline.discount_rate_frac
    return float(setup.refs["economics"]["discount_rate_frac"])


def _totals(setup, years):
    rate = _discount_rate(setup)
    first = years[0]["year"]
    npv = sum(y["operating_result_eur"] / (1 + rate) ** (y["year"] - first) for y in years)
    royalty = sum(y["royalty_eur"] or 0.0 for y in years)
    return {"first_year": first, "last_year": years[-1]["year"], "cumulative_result_eur": years[-1][
        "cumulative_result_eur"], "npv_eur": npv, "discount_rate_frac": rate, "npv_base_year": first,
            "royalty_eur": royalty, "cep_cumulative_result_eur": sum(y["cep_operating_result_eur"] or 0.0
                                                                      for y in years),
            "years_with_cep": [y["year"] for y in years if y["cep_operating_result_eur"] is not None],
            "years_triggered": [y["year"] for y in years if y["triggers"]]}


def _variance_pairs(setup, years, cep):
    """Each year with a CEP against it, each actual year against the CEP (its own year's, else the
    nearest, named in the pair); each later step's first full year against the reference year (the
    first actual year, else the first full year)."""
    pairs = []
    full = [y for y in years if y["year_frac_r2"] == 1.0]
    for y in full:
        if not cep or (y["kind"] != "actual" and y["year"] not in cep):
            continue
        c = cep.get(y["year"]) or cep[min(cep, key=lambda year: abs(year - y["year"]))]
        pairs.append(compare_years(c, y, y["heating_frac"], c["period"], str(y["year"])))
    if not full:
        return pairs
    reference = next((y for y in full if y["kind"] == "actual"), full[0])
    for step in setup.steps:
        first = next((y for y in full if y["year"] >= step.start().year + (step.start().timetuple().tm_yday > 1)),
                     None)
        if first is not None and first["year"] > reference["year"]:
            pairs.append(compare_years(reference, first, first["heating_frac"], str(reference["year"]),
                                       f"{first['year']} ({first['scenario']})"))
    return pairs


def _assumptions(setup):
    """What the figures assume beyond the data, said once: index paths, CEP years, climate; ``kind`` names each
    (heatnet.i18n.concession_assumption_text puts it in words)."""
    held = sorted({n["index"] for n in setup.notes if n["how"] == "held"})
    path = sorted({n["index"] for n in setup.notes if n["how"] == "path"})
    out = []
    if held:
        out.append({"kind": "indices_held", "what": "indices held at their last published value", "indices": held})
    if path:
        out.append({"kind": "indices_path", "what": "indices following the timeline's index_paths", "indices": path,
                    "paths": setup.timeline.index_paths})
    out.append({"kind": "reference_dju", "what": "projected years at the reference DJU unless operations.csv has the year",
                "reference_dju": setup.net.params["reference_dju"]})
    out.append({"kind": "base_year", "what": "projected revenues at the contract's units of the indexation base year, "
                "revised", "base_year": setup.base_year})
    return out


def concession_view(path):
    """The yearly table and the scenario results (kept for callers of the former API)."""
    study = concession_study(path)
    return study.frame(), study.results
