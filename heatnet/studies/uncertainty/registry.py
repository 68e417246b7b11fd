"""What an uncertainty study can vary and read: a small, explicit registry.

An **input** is a kind (``energy_price``, ``climate_dju`` ...) with a target (a fuel, a plant, a
client category) and a distribution; it says how a value applies to a prepared scenario, twice:

* ``edit_scenario`` / ``edit_state``: on the scenario file's data and on the network state, before
  the full :func:`heatnet.scenarios.evaluate.evaluate` (the reference engine);
* ``edit_batch``: on the arrays of the fast engine (:mod:`heatnet.studies.uncertainty.prepared`),
  for a whole chunk of samples at once.

A **figure** is a name, how it is read from a scenario result (full engine) and from the fast
engine's output arrays. Figures and inputs that other parts of the model will provide are
registered as hooks (``available=False``) with the reason: a study asking for one gets a clear
error until that part lands.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np


class InputKind:
    """Base of an input kind: subclasses override what they touch."""

    kind = ""
    changes_dispatch = False  # True: each sample needs its own hourly dispatch
    order = 50  # state edits apply in this order (measures first, climate last)
    central = None  # a value the median rows take in place of the distribution's median (None: the median)
    available = True
    waits_for = None

    def default_name(self, spec):
        return self.kind

    def check(self, spec, prepared):
        """Raise ValueError when the target does not exist in the prepared scenario."""

    def edit_scenario(self, data, spec, value):
        """Change the scenario file's data (a dict) for the full engine."""

    def edit_state(self, state, spec, value, prepared):
        return state

    def edit_batch(self, batch, spec, values):
        """Change the fast engine's arrays for a chunk of samples (``values``: one per sample)."""

    def quantize(self, values):
        """The values a sample really uses (e.g. whole years); recorded with the sample."""
        return np.asarray(values, float)


class EnergyPrice(InputKind):
    """Price of the heat from one fuel, EUR HT/MWh (the heat bought from a supplier: R1 LBE for wood).

    It goes into ``operation.energy_prices``: R1 is then the mix-weighted energy cost + R1CO2 + R1t
    (the contract's formula), in place of an R1 the scenario gives. Prices of the other fuels come
    from the scenario's own ``energy_prices`` or from other inputs.
    """

    kind = "energy_price"
    order = 10

    def default_name(self, spec):
        return f"energy_price_{spec.fuel}_eur_per_mwh"

    def check(self, spec, prepared):
        if spec.fuel is None:
            raise ValueError("energy_price needs fuel (wood, gas or fuel_oil)")

    def edit_scenario(self, data, spec, value):
        operation = data.setdefault("operation", {}) or {}
        data["operation"] = operation
        prices = operation.get("energy_prices") or {}
        prices[f"{spec.fuel}_eur_per_mwh"] = float(value)
        operation["energy_prices"] = prices
        data.setdefault("tariff", {})["r1_eur_per_mwh"] = None

    def edit_batch(self, batch, spec, values):
        batch.prices[spec.fuel] = np.asarray(values, float)
        batch.r1_given = None


class R1Given(InputKind):
    """The R1 a scenario gives (``tariff.r1_eur_per_mwh``), EUR HT/MWh."""

    kind = "r1"
    order = 11

    def default_name(self, spec):
        return "r1_eur_per_mwh"

    def edit_scenario(self, data, spec, value):
        data.setdefault("tariff", {})["r1_eur_per_mwh"] = float(value)

    def edit_batch(self, batch, spec, values):
        batch.r1_given = np.asarray(values, float)


class Renovation(InputKind):
    """Energy savings of the scenario's ``renovate`` measures (``energy_saving_frac``, 0..1)."""

    kind = "renovation_saving"
    changes_dispatch = True
    order = 20

    def default_name(self, spec):
        return "renovation_saving_frac"

    def check(self, spec, prepared):
        if not prepared.renovated.any():
            raise ValueError("renovation_saving: the scenario has no renovate measure")

    def edit_scenario(self, data, spec, value):
        for item in data.get("measures") or []:
            if "renovate" in item:
                item["renovate"]["energy_saving_frac"] = float(value)

    def edit_batch(self, batch, spec, values):
        mask = batch.prepared.renovated
        saved = 1 - np.asarray(values, float)
        batch.heat[:, mask] = batch.prepared.heat_before_renovation[mask][None, :] * saved[:, None]


class SalesScale(InputKind):
    """Heat sold to one client category, as a factor on the scenario's (1 = as the scenario)."""

    kind = "sales_scale"
    changes_dispatch = True
    order = 30

    def default_name(self, spec):
        return f"sales_scale_{spec.category}"

    def check(self, spec, prepared):
        known = sorted(set(prepared.categories))
        if spec.category not in known:
            raise ValueError(f"sales_scale: unknown category {spec.category!r}; the scenario has {known}")

    def edit_state(self, state, spec, value, prepared):
        state = state.copy()
        mask = state.substations["category"] == spec.category
        state.substations.loc[mask, "heat_mwh"] *= float(value)
        return state

    def edit_batch(self, batch, spec, values):
        mask = batch.prepared.categories == spec.category
        batch.heat[:, mask] *= np.asarray(values, float)[:, None]


class ClimateDju(InputKind):
    """Degree-days of the year (DJU, base 18 °C): ``operation.dju``, the typical year's hours; the
    model then moves the heating part of each substation's sales with the typical year's DJU over
    the DJU the sales were measured in (``sales_dju``: the spec's, else the scenario's
    ``operation.sales_dju`` as heatnet.scenarios.evaluate resolves it)."""

    kind = "climate_dju"
    changes_dispatch = True
    order = 40

    def default_name(self, spec):
        return "dju"

    def quantize(self, values):
        """Whole degree-days, as Météo-France publishes them (and one typical year per value to compute)."""
        return np.round(np.asarray(values, float))

    def check(self, spec, prepared):
        if prepared.weather_csv:
            raise ValueError("climate_dju: the scenario reads measured temperatures (weather_csv)")

    def edit_scenario(self, data, spec, value):
        operation = data.get("operation") or {}
        operation["dju"] = float(value)
        if spec.sales_dju:
            operation["sales_dju"] = float(spec.sales_dju)
        data["operation"] = operation

    def edit_batch(self, batch, spec, values):
        batch.dju = np.asarray(values, float)
        if spec.sales_dju:
            batch.sales_dju = float(spec.sales_dju)


class Availability(InputKind):
    """Mean availability of one plant (``operation.availability_frac``), 0..1: the outage model's
    (heatnet.model.outages), whose drawn stops take the plant down that share of the year."""

    kind = "availability"
    changes_dispatch = True
    order = 45

    def default_name(self, spec):
        return f"availability_{spec.plant_id}_frac"

    def check(self, spec, prepared):
        if spec.plant_id not in prepared.plant_ids:
            raise ValueError(f"availability: plant {spec.plant_id!r} is not in service; plants: {prepared.plant_ids}")

    def edit_scenario(self, data, spec, value):
        operation = data.get("operation") or {}
        operation.setdefault("availability_frac", {})[spec.plant_id] = float(value)
        data["operation"] = operation

    def edit_batch(self, batch, spec, values):
        batch.availability[spec.plant_id] = np.asarray(values, float)


class OutageEvents(InputKind):
    """Which realisation of the plants' drawn stops a sample's year runs (heatnet.model.outages): a
    draw number k from 1 to the scenario's ``operation.outage_draws`` (k: that draw alone, the
    scenario's seed), or 0: the expected year over all the draws, what ``heatnet run`` reports.

    Sampled uniformly over 1..draws (``uniform`` from 0 to the draws, rounded up), the samples span
    the draws: their mean is the expected year, and each sample pays for one draw, not all of them.
    The median rows (the deterministic run, the tornado's other inputs) take the expected year (0),
    and so does a point at 0: collapsed to a point, the outages are their expectation."""

    kind = "outage_events"
    changes_dispatch = True
    order = 46
    central = 0.0  # the value of the median rows: the expected year

    def default_name(self, spec):
        return "outage_realisation"

    def quantize(self, values):
        return np.ceil(np.asarray(values, float))

    def check(self, spec, prepared):
        draws = prepared.settings.outage_draws
        if draws == 0:
            raise ValueError("outage_events: the scenario draws no outages (operation.outage_draws: 0)")
        values = self.quantize(spec.distribution.ppf(np.array([0.0, 0.5, 1.0])))
        if values.min() < 0 or values.max() > draws:
            raise ValueError(f"outage_events: realisations run from 1 to the scenario's {draws} outage draws "
                             f"(0: their expected year); the distribution gives {values.min():g} to {values.max():g}")

    def edit_scenario(self, data, spec, value):
        operation = data.get("operation") or {}
        operation["outage_realisation"] = int(value)
        data["operation"] = operation

    def edit_batch(self, batch, spec, values):
        batch.realisation = np.asarray(values, float).astype(int)


class DiscountRate(InputKind):
    """Discount rate of the timeline's operator NPV (real, 0..1); read by timeline studies only."""

    kind = "discount_rate"
    order = 60

    def default_name(self, spec):
        return "discount_rate_frac"

    def edit_batch(self, batch, spec, values):
        batch.discount_rate = np.asarray(values, float)


class StepYear(InputKind):
    """The year a timeline step starts (a discrete date: closure, commissioning); timelines only."""

    kind = "step_year"
    order = 61

    def default_name(self, spec):
        return f"step_{spec.step}_year"

    def quantize(self, values):
        return np.round(np.asarray(values, float))


class IndexPath(InputKind):
    """Yearly growth rate of one index after its last published value (0.02 = 2 %/yr), applied by the
    concession engine through the contract's revision formulas (the timeline's ``index_paths``);
    timelines only."""

    kind = "index_path"
    order = 62

    def default_name(self, spec):
        if not spec.index:
            raise ValueError("index_path needs index (an index of the network's indices.csv)")
        return f"index_path_{spec.index}_rate"

    def check(self, spec, prepared):
        known = prepared.index_names
        if spec.index not in known:
            raise ValueError(f"index_path: unknown index {spec.index!r}; the network's indices: {known}")


class Parameter(InputKind):
    """A named value handed to a model as is (models other than a scenario: test functions, hooks)."""

    kind = "parameter"

    def default_name(self, spec):
        if not spec.name:
            raise ValueError("a parameter input needs a name")
        return spec.name


class Hook(InputKind):
    def __init__(self, kind, waits_for):
        self.kind, self.waits_for, self.available = kind, waits_for, False


INPUTS = {k.kind: k for k in (EnergyPrice(), R1Given(), Renovation(), SalesScale(), ClimateDju(), Availability(),
                              OutageEvents(), DiscountRate(), StepYear(), IndexPath(), Parameter(),
                              Hook("electricity_price", "an electricity cost line (pumps, R2.1) in the accounts"),
                              Hook("connection_rate", "candidate connections with a connection rate"))}


@dataclass(frozen=True)
class Figure:
    name: str
    read_result: Callable | None  # ScenarioResult -> float (full engine)
    available: bool = True
    waits_for: str | None = None


def _fig(key):
    return Figure(key, lambda result: result.figures.get(key))


FIGURES = {f.name: f for f in (
    _fig("average_price_eur_per_mwh"), _fig("average_price_ttc_eur_per_mwh"), _fig("delta_price_frac"),
    _fig("renewable_frac"), _fig("co2_t"), _fig("gas_mwh"), _fig("operator_result_eur"), _fig("r1_eur_per_mwh"),
    _fig("heat_sold_mwh"),
    # the concession engine's NPV to the contract's end (timeline studies: heatnet.studies.uncertainty.timeline)
    Figure("operator_npv_contract_eur", None),
    # network minus individual gas, EUR TTC, reference flat: computed from each sample's R1/R2, renewable share
    # and gas price by heatnet.studies.uncertainty.dwelling (both engines)
    Figure("cost_per_dwelling_vs_gas_eur", None),
)}

HEADLINE = ("average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh", "delta_price_frac", "renewable_frac",
            "co2_t", "gas_mwh", "operator_result_eur", "cost_per_dwelling_vs_gas_eur")

TIMELINE_FIGURES = ("mean_price_eur_per_mwh", "final_price_eur_per_mwh", "min_renewable_frac",
                    "cumulative_result_eur", "cumulative_gap_to_cep_eur", "operator_npv_contract_eur")

DEFAULT_EVENTS = (
    {"name": "renewable_below_half", "figure": "renewable_frac", "below": 0.5},
    {"name": "network_dearer_than_gas", "figure": "cost_per_dwelling_vs_gas_eur", "above": 0.0},
)


def input_kind(spec):
    kind = INPUTS.get(spec.kind)
    if kind is None:
        raise ValueError(f"unknown input kind {spec.kind!r}; kinds: {sorted(k for k, v in INPUTS.items() if v.available)}")
    if not kind.available:
        raise ValueError(f"input kind {spec.kind!r} waits for {kind.waits_for}: not in this version")
    return kind


def input_name(spec):
    return spec.name or input_kind(spec).default_name(spec)
