"""Uncertainty over a concession timeline: the chain of scenarios of a timeline file, year by year.

Each step's scenario is prepared once (:class:`PreparedScenario`) and evaluated for every sample
with the same input values (one draw per sample holds for every year: a price level, a climate, an
availability; the yearly concession engine with indexation paths will draw per year). A year takes
the figures of the step in force that year (``step_year`` inputs move a step's start), prorated to
the contract's dates as heatnet.studies.concession does; years with actual accounts show them.
The CEP is held at its one published year, as the concession view states.
"""

import datetime as dt
from pathlib import Path

import numpy as np

from heatnet.model import accounts as acc
from heatnet.studies.concession import read_timeline
from heatnet.studies.uncertainty.prepared import PreparedScenario
from heatnet.studies.uncertainty.registry import TIMELINE_FIGURES, input_kind, input_name

STEP_KINDS = ("discount_rate", "step_year")


class PreparedTimeline:
    headline = TIMELINE_FIGURES
    default_events = ({"name": "cumulative_result_below_cep", "figure": "cumulative_gap_to_cep_eur", "below": 0.0},
                      {"name": "renewable_below_half", "figure": "min_renewable_frac", "below": 0.5})

    def __init__(self, path, specs):
        self.path = Path(path)
        self.timeline = read_timeline(self.path)
        self.steps = sorted(self.timeline.steps, key=lambda s: s.from_year)
        self.specs = list(specs)
        scenario_specs = [s for s in self.specs if s.kind not in STEP_KINDS]
        self.prepared, used = [], set()
        for step in self.steps:
            applicable = []
            for spec in scenario_specs:
                try:
                    PreparedScenario.check_one(spec, (self.path.parent / step.scenario).resolve())
                except ValueError:
                    continue
                applicable.append(spec)
                used.add(input_name(spec))
            self.prepared.append(PreparedScenario((self.path.parent / step.scenario).resolve(), applicable))
        unused = [input_name(s) for s in scenario_specs if input_name(s) not in used]
        if unused:
            raise ValueError(f"inputs {unused} apply to no scenario of the timeline")
        for spec in self.specs:
            input_kind(spec)
            if spec.kind == "step_year" and (spec.step is None or spec.step >= len(self.steps)):
                raise ValueError(f"step_year needs step, an index below {len(self.steps)}")
        self._prepare_years()

    def _prepare_years(self):
        first = self.prepared[0].result
        net, timeline = first.network, self.timeline
        contract = net.params.get("contract", {})
        start = contract.get("dsp_start") or dt.date(timeline.start_year, 1, 1)
        end = timeline.end_date or contract.get("dsp_end")
        if end is None:
            raise ValueError("the timeline needs end_date: the network's contract has no dsp_end")
        self.years = np.arange(timeline.start_year, end.year + 1)
        fracs = [acc.year_fraction_in_concession(int(y), start, end, timeline.first_half_heat_frac)
                 for y in self.years]
        self.heat_frac = np.array([f[0] for f in fracs])
        self.time_frac = np.array([f[1] for f in fracs])
        table = acc.operating_accounts(net.accounts, net.operations) if not net.accounts.empty else None
        self.actual = np.full(len(self.years), np.nan)
        if table is not None and timeline.use_actual_accounts:
            for k, y in enumerate(self.years):
                if str(y) in table.index and table.loc[str(y)].get("heat_sold_mwh") is not None:
                    self.actual[k] = float(table.loc[str(y)]["operating_result_eur"])
        cep_period = contract.get("cep_period")
        self.cep = np.zeros(len(self.years))
        if table is not None and cep_period in table.index:
            cep = table.loc[cep_period]
            self.cep = (cep["r1_margin_eur"] * self.heat_frac + cep["r2_margin_eur"] * self.time_frac
                        + cep["nonrecurring_balance_eur"] * self.time_frac)
        # without a discount_rate input: the French default of data/france/parameters.yaml
        self.discount_rate = float(self.prepared[0].refs["economics"]["discount_rate_frac"])

    def evaluate_batch(self, columns):
        """Timeline figures (name -> array) for a chunk of samples."""
        size = len(next(iter(columns.values())))
        per_step = [prep.evaluate_batch({input_name(s): columns[input_name(s)] for s in prep.specs} or
                                        {"_": np.zeros(size)}) for prep in self.prepared]
        starts = np.array([[s.from_year] * size for s in self.steps], float).T  # samples x steps
        rate = np.full(size, self.discount_rate)
        for spec in self.specs:
            if spec.kind == "step_year":
                starts[:, spec.step] = columns[input_name(spec)]
            elif spec.kind == "discount_rate":
                rate = np.asarray(columns[input_name(spec)], float)
        in_force = (starts[:, None, :] <= self.years[None, :, None]).sum(axis=2) - 1  # samples x years
        in_force = np.clip(in_force, 0, len(self.steps) - 1)

        def pick(figure):
            stacked = np.stack([out[figure] for out in per_step], axis=1)  # samples x steps
            return np.take_along_axis(stacked, in_force, axis=1)  # samples x years

        result = pick("r1_margin_eur") * self.heat_frac + pick("r2_margin_eur") * self.time_frac
        result = np.where(np.isnan(self.actual)[None, :], result, self.actual[None, :])
        discount = (1 + rate[:, None]) ** -(self.years - self.years[0])[None, :].astype(float)
        price = pick("average_price_eur_per_mwh")
        return {"cumulative_result_eur": result.sum(axis=1),
                "cumulative_gap_to_cep_eur": result.sum(axis=1) - self.cep.sum(),
                "operator_result_npv_eur": (result * discount).sum(axis=1),
                "mean_price_eur_per_mwh": price.mean(axis=1), "final_price_eur_per_mwh": price[:, -1],
                "min_renewable_frac": pick("renewable_frac").min(axis=1),
                "scenario_years": np.full(size, float(len(self.years)))}
