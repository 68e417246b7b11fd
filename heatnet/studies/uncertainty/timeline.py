"""Uncertainty over a concession timeline, on the yearly concession engine
(:func:`heatnet.studies.concession.concession_study`).

Each sample is one run of the engine on the timeline with the sample's values: the start year of
a step (``step_year``: a closure, a commissioning), the discount rate of the NPV
(``discount_rate``) and a yearly growth rate per index after its last published value
(``index_path``, the timeline's ``index_paths``: applied through the contract's revision formulas
of the network's indexation.csv, to the tariffs, the supplier's heat price and the R2 costs). Every
year is the engine's: its state, its dispatch, its costs; years with actual accounts show them.

Figures: ``operator_npv_contract_eur`` (the engine's NPV to the contract's end, base year the
first year), ``cumulative_result_eur``, ``cumulative_gap_to_cep_eur`` (the operator's result minus
the CEP's, summed over the years the CEP has a figure: the engine never repeats the CEP where it
has none, so with Lens's single CEP year, 2016, it is that year's actual gap), the mean and final
average price, the lowest renewable share of the years. Inputs that change a scenario (climate,
renovation, sales, availability, prices) are scenario inputs: the engine runs the timeline's
scenario files, so a study names them on a scenario (``scenario:``) instead.

The engine costs 10-20 ms a sample on the Lens timeline once its dispatches are cached (each
step's state, year and climate is dispatched once per process); measured in docs/uncertainty.md.
"""

from pathlib import Path

import numpy as np

from heatnet.studies.uncertainty.registry import TIMELINE_FIGURES, input_kind, input_name

TIMELINE_KINDS = ("discount_rate", "step_year", "index_path")


class PreparedTimeline:
    headline = TIMELINE_FIGURES
    default_events = ({"name": "cumulative_result_below_cep", "figure": "cumulative_gap_to_cep_eur", "below": 0.0},
                      {"name": "renewable_below_half", "figure": "min_renewable_frac", "below": 0.5})

    def __init__(self, path, specs):
        from heatnet.studies.concession import concession_study, read_timeline

        self.path = Path(path)
        self.specs = list(specs)
        self.timeline = read_timeline(self.path)
        self.reference = concession_study(self.path)  # runs the chain once in this process
        for spec in self.specs:
            kind = input_kind(spec)
            if spec.kind not in TIMELINE_KINDS:
                raise ValueError(f"input {input_name(spec)!r} ({spec.kind}) changes a scenario: the concession engine "
                                 f"runs the timeline's scenario files; a timeline study takes {list(TIMELINE_KINDS)}")
            if spec.kind == "step_year" and (spec.step is None or spec.step >= len(self.timeline.steps)):
                raise ValueError(f"step_year needs step, an index below {len(self.timeline.steps)}")
            kind.check(spec, self)

    @property
    def index_names(self):
        """The indices the network publishes (indices.csv), which index_path inputs may target."""
        from heatnet.model import indexation as ix

        return sorted(ix.index_series(next(iter(self.reference.results.values())).network.indices))

    def __getstate__(self):
        """A worker re-runs the engine's setup from the files (the scenario results stay here)."""
        return {"path": self.path, "specs": self.specs}

    def __setstate__(self, state):
        self.__init__(state["path"], state["specs"])

    def timeline_of(self, values):
        """The timeline with one sample's values (input name -> value)."""
        data = self.timeline.model_dump()
        order = sorted(range(len(self.timeline.steps)), key=lambda k: self.timeline.steps[k].start())
        steps = [data["steps"][k] for k in order]  # ``step`` indexes the steps in time order
        data["steps"] = steps
        paths = dict(data.get("index_paths") or {})
        for spec in self.specs:
            value = float(values[input_name(spec)])
            if spec.kind == "step_year":
                steps[spec.step]["from_year"], steps[spec.step]["from_date"] = int(value), None
            elif spec.kind == "discount_rate":
                data["discount_rate_frac"] = value
            else:
                paths[spec.index] = value
        data["index_paths"] = paths
        return data

    def evaluate_one(self, values):
        """The figures of one sample through the engine."""
        from heatnet.studies.concession import concession_study

        study = concession_study(self.path, timeline=self.timeline_of(values))
        return figures_of(study)

    def evaluate_batch(self, columns):
        """Timeline figures (name -> array) for a chunk of samples, one engine run each."""
        size = len(next(iter(columns.values())))
        rows = [self.evaluate_one({k: v[i] for k, v in columns.items()}) for i in range(size)]
        return {name: np.array([r[name] for r in rows], float) for name in rows[0]}


def figures_of(study):
    """The uncertainty figures of one concession study (heatnet.studies.concession.ConcessionResult)."""
    years, totals = study.years, study.totals
    prices = [y["average_price_eur_per_mwh"] for y in years]
    renewable = [y["renewable_frac"] for y in years if y.get("renewable_frac") is not None]
    gaps = [y["gap_to_cep_eur"] for y in years if y.get("gap_to_cep_eur") is not None]
    return {"operator_npv_contract_eur": float(totals["npv_eur"]),
            "cumulative_result_eur": float(totals["cumulative_result_eur"]),
            "cumulative_gap_to_cep_eur": float(sum(gaps)) if gaps else np.nan,
            "mean_price_eur_per_mwh": float(np.mean(prices)), "final_price_eur_per_mwh": float(prices[-1]),
            "min_renewable_frac": float(min(renewable)) if renewable else np.nan,
            "scenario_years": float(len(years))}
