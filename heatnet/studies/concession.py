"""The concession view: the DSP's yearly operating result to its end, against the CEP.

A timeline file lists which scenario holds from which year, e.g. the 2016 baseline, then
the DSP extensions from 2019, then the 2020 balance (hospital gone) from 2021. Each year
is read under ``hold_unit`` (the contract's unit prices stay, the operator absorbs the
change): the operator's R1/R2 margins and result. Years with actual accounts in the
network show the actuals. The CEP column repeats the CEP's year (the study gives only
one CEP year: an assumption the view states). The first and last years are prorated to
the contract's dates.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
from heatnet.io.errors import DataError
from heatnet.io.files import read_yaml
from pydantic import Field, ValidationError

from heatnet.model import accounts as acc
from heatnet.scenarios.measures import Model
from heatnet.scenarios import ScenarioError, read_scenario, run_scenario


class TimelineStep(Model):
    from_year: int = Field(..., ge=1900, le=2100)
    scenario: str = Field(..., description="Scenario file, relative to the timeline file.")


class Timeline(Model):
    name: str
    description: str | None = None
    start_year: int = Field(..., ge=1900, le=2100)
    end_date: dt.date | None = Field(None, description="Default: the contract's dsp_end.")
    first_half_heat_frac: float = Field(
        0.6, gt=0, lt=1, description="Share of a year's heat sold before 1 July (prorates a half year). 0.6: "
                                     "in northern France about 60 % of the year's degree-days fall in January-June.")
    use_actual_accounts: bool = Field(True, description="Show a year's actual accounts where the network has them.")
    steps: list[TimelineStep] = Field(..., min_length=1)


def read_timeline(path):
    path = Path(path)
    try:
        raw = read_yaml(path)  # bounded, UTF-8, depth-limited, duplicate keys refused (heatnet.io.files)
    except DataError as exc:
        raise ScenarioError(exc.file, exc.message, line=exc.line, column=exc.column) from None
    try:
        timeline = Timeline.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        allowed = sorted(Timeline.model_fields) if err["loc"] and len(err["loc"]) == 1 else sorted(
            TimelineStep.model_fields)
        extra = f"; allowed keys: {allowed}" if err["type"] == "extra_forbidden" else ""
        raise ScenarioError(path, f"{err['msg']}{extra}", column=where) from None
    for i, step in enumerate(timeline.steps):  # a step that is no scenario file is named with the timeline's key
        read_scenario(path.parent / step.scenario, referrer=path, key=f"steps[{i}].scenario")
    return timeline


def concession_view(path):
    """One row per year from ``start_year`` to the end of the contract; returns (DataFrame, results)."""
    path = Path(path)
    timeline = read_timeline(path)
    steps = sorted(timeline.steps, key=lambda s: s.from_year)
    if steps[0].from_year > timeline.start_year:
        raise ScenarioError(path, f"no scenario for {timeline.start_year}: the first step starts in "
                                  f"{steps[0].from_year}", column="steps")
    results = {}
    for step in steps:
        scenario_path = (path.parent / step.scenario).resolve()
        results[step.scenario] = run_scenario(scenario_path)
    net = next(iter(results.values())).network
    contract = net.params.get("contract", {})
    start = contract.get("dsp_start") or dt.date(timeline.start_year, 1, 1)
    end = timeline.end_date or contract.get("dsp_end")
    if end is None:
        raise ScenarioError(path, "give end_date: the network's contract has no dsp_end", column="end_date")
    table = acc.operating_accounts(net.accounts, net.operations) if not net.accounts.empty else pd.DataFrame()
    cep_period = contract.get("cep_period")
    cep = table.loc[cep_period] if cep_period and cep_period in table.index else None
    rows = []
    for year in range(timeline.start_year, end.year + 1):
        step = [s for s in steps if s.from_year <= year][-1]
        heat_frac, time_frac = acc.year_fraction_in_concession(year, start, end, timeline.first_half_heat_frac)
        if timeline.use_actual_accounts and str(year) in table.index and table.loc[str(year)].get(
                "heat_sold_mwh") is not None:
            a = table.loc[str(year)]
            row = {"year": year, "kind": "actual", "scenario": f"accounts {year}",
                   **{k: float(a[k]) for k in ("heat_sold_mwh", "subscribed_kw", "r1_revenue_eur", "r1_costs_eur",
                                               "r1_margin_eur", "r2_revenue_eur", "r2_costs_eur", "r2_margin_eur",
                                               "nonrecurring_balance_eur", "operating_result_eur")}}
        else:
            op = results[step.scenario].operator
            if not op:
                raise ScenarioError(path, f"scenario {step.scenario} has no operator view (its root needs "
                                          "accounts)", column="steps")
            r1 = {k: op[k] * heat_frac for k in ("heat_sold_mwh", "r1_revenue_eur", "r1_costs_eur", "r1_margin_eur")}
            r2 = {k: op[k] * time_frac for k in ("r2_revenue_eur", "r2_costs_eur", "r2_margin_eur")}
            row = {"year": year, "kind": "projection", "scenario": results[step.scenario].name, **r1,
                   "subscribed_kw": op["subscribed_kw"], **r2, "nonrecurring_balance_eur": 0.0}
            row["operating_result_eur"] = row["r1_margin_eur"] + row["r2_margin_eur"]
        row["year_frac_r1"], row["year_frac_r2"] = heat_frac, time_frac
        if cep is not None:
            cep_result = cep["r1_margin_eur"] * heat_frac + cep["r2_margin_eur"] * time_frac + cep[
                "nonrecurring_balance_eur"] * time_frac
            row["cep_operating_result_eur"] = cep_result
            row["gap_to_cep_eur"] = row["operating_result_eur"] - cep_result
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["cumulative_result_eur"] = frame["operating_result_eur"].cumsum()
    if "cep_operating_result_eur" in frame:
        frame["cumulative_cep_eur"] = frame["cep_operating_result_eur"].cumsum()
    frame.attrs["timeline"] = timeline.name
    frame.attrs["cep_assumption"] = (f"CEP held at its {cep_period} figures every year (the study gives one CEP "
                                     "year)") if cep is not None else None
    return frame, results
