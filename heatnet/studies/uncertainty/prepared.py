"""A scenario prepared once, then evaluated for many samples of its uncertain inputs.

Preparing runs the scenario's chain once (network read, graph built, profiles, accounts and
contract tariffs looked up, the deterministic year dispatched) and keeps what samples share.
Two engines evaluate samples:

* :meth:`PreparedScenario.evaluate_full`: the inputs edit the scenario file's data and the network
  state, then the full :func:`heatnet.scenarios.evaluate.evaluate` runs (the reference; about
  50-100 ms a sample);
* :meth:`PreparedScenario.evaluate_batch`: numpy over a chunk of samples. When no sample changes
  the dispatch (prices, R1, discount rate), the deterministic year's heat by plant is re-priced:
  linear in the prices, exact (tests: equal to the full engine to 1e-9). Otherwise each sample's
  year is operated by the model's own functions (the typical year of heatnet.model.operation, the
  sales' climate correction of heatnet.model.demand, and either one realisation of the plants'
  drawn stops through :func:`heatnet.model.operation.realisations_heat_mwh`, when the study samples
  it (input ``outage_events``), or :func:`heatnet.model.operation.run_operation` over all the
  draws), with the network's heat losses read from the deterministic year's
  solved levels (loss against outdoor temperature) instead of re-solving the pipe network per
  sample: the one approximation, held by tests/studies/test_uncertainty.py (within 0.01 % on the
  price, 0.01 point on the renewable share, 0.2 % on CO2, as docs/uncertainty.md says).
"""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from heatnet.model import climate, demand, operation
from heatnet.studies.uncertainty import dwelling
from heatnet.studies.uncertainty.registry import FIGURES, input_kind, input_name


@dataclass
class Batch:
    """The fast engine's arrays for a chunk of ``size`` samples, edited by the inputs."""

    prepared: "PreparedScenario"
    size: int
    heat: np.ndarray  # samples x substations, MWh: the state's loads, then (climate_corrected) the year's sales
    dju: np.ndarray
    r1_given: np.ndarray | None
    prices: dict = field(default_factory=dict)  # fuel -> samples
    availability: dict = field(default_factory=dict)  # plant id -> samples
    discount_rate: np.ndarray | None = None
    sales_dju: float | None = None  # the DJU the state's loads were measured in (None: the scenario's)
    realisation: np.ndarray | None = None  # outage realisation per sample (0: the expected year over the draws)


class PreparedScenario:
    """One scenario's chain run once, and its uncertain inputs (``specs``: InputSpec list)."""

    def __init__(self, path, specs=()):
        from heatnet.scenarios import run_scenario
        from heatnet.model.operation import OperationSettings

        self.result = result = run_scenario(path)
        self.path, self.scenario, self.net = result.path, result.scenario, result.network
        self.base, self.root = result.base, result.root
        self.refs = _refs_of(result)
        self.units, self.is_root = result.units, result.base is None
        self.base_tariff = None if self.is_root else self.base.tariff
        self.result_operator = dict(result.operator or {})  # the R2 unit the operator's view holds (no input moves it)
        reference = self.root or self.base
        self.reference_price = None if reference is None else reference.figures["average_price_eur_per_mwh"]
        self.settings = operation.with_network_defaults(
            OperationSettings.model_validate(self.scenario.operation or {}), self.net.params)
        self.weather_csv = self.settings.weather_csv
        self.profiles = demand.read_profiles()
        subs = result.state.substations
        self.categories = subs["category"].astype(str).to_numpy()
        self.heat0 = subs["heat_mwh"].to_numpy(float)
        self.kw = subs["subscribed_kw"].to_numpy(float)
        self.subscribed_kw = float(subs["subscribed_kw"].sum())
        self.base_frac = demand.base_fracs(subs, self.profiles)
        self.reference_dju = float(self.net.params["reference_dju"])
        self.dju = float(self.settings.dju or self.reference_dju)
        self.sales_dju = float(result.figures["sales_dju"])
        self.base_dir = Path(self.path).parent
        self.normals = climate.read_normals(self.net.folder / "climate_normals.csv")
        self.state_plants = result.state.plants
        self.sales_table = subs
        self.sales_heat0 = demand.climate_scaled_heat(self.heat0, self.base_frac,
                                                      result.operation.dju / self.sales_dju)
        op = result.operation
        self.temp0 = op.hourly["temp_c"].to_numpy(float)
        self.plants = op.plants
        self.plant_ids = list(self.plants["id"])
        self.heat_by_plant0 = op.heat_by_plant_mwh.to_numpy(float)
        self.sales0 = op.sales_mwh
        self.specs = list(specs)
        self.kinds = [(spec, input_kind(spec), input_name(spec)) for spec in self.specs]
        self.kinds.sort(key=lambda item: item[1].order)
        self._temps = {self.dju: self.temp0}
        self._years = {}
        self._prepare_renovation()
        self._prepare_dispatch()
        for spec, kind, _ in self.kinds:
            kind.check(spec, self)

    def __getstate__(self):
        """What a worker needs for the fast engine: the chain's results (graphs, solvers, network) stay
        here; the full engine runs where the scenario was prepared."""
        state = dict(self.__dict__)
        for key in ("result", "base", "root", "net"):
            state[key] = None
        state["_temps"], state["_years"], state["_shapes"] = {self.dju: self.temp0}, {}, {}
        return state

    @classmethod
    def check_one(cls, spec, path):
        """Raise ValueError when ``spec`` does not apply to the scenario at ``path`` (prepared, memoised)."""
        memo = cls.__dict__.get("_check_memo")
        if memo is None:
            memo = cls._check_memo = {}
        key = str(path)
        if key not in memo:
            memo[key] = cls(path, ())
        input_kind(spec).check(spec, memo[key])

    # ------------------------------------------------------------ preparation

    def start_state(self):
        """The state the scenario's measures start from: its base's, or the root's initial loads."""
        from heatnet.scenarios import initial_state

        return self.base.state if self.base is not None else initial_state(self.net, self.scenario.load_year)

    def _state_with(self, scenario):
        from heatnet.scenarios import apply_measures

        state = self.start_state()
        for _, after in apply_measures(state, scenario, self.path):
            state = after
        return state

    def _prepare_renovation(self):
        from heatnet.scenarios import Scenario

        has_renovate = any("renovate" in m for m in self.scenario.measures)
        self.renovated = np.zeros(len(self.heat0), bool)
        self.heat_before_renovation = self.heat0.copy()
        if not has_renovate:
            return
        data = self.scenario.model_dump(mode="json")
        for saving, out in ((0.0, "none"), (0.5, "half")):
            for item in data["measures"]:
                if "renovate" in item:
                    item["renovate"]["energy_saving_frac"] = saving
            heat = self._state_with(Scenario.model_validate(data)).substations["heat_mwh"].to_numpy(float)
            if out == "none":
                self.heat_before_renovation = heat
            else:
                self.renovated = heat != self.heat_before_renovation

    def _prepare_dispatch(self):
        s = self.settings
        own = dict(zip(self.plant_ids, self.plants.get("availability_frac", [None] * len(self.plant_ids))))
        self.availability0 = {pid: float(s.availability_frac.get(pid, own[pid]) if not _missing(
            s.availability_frac.get(pid, own[pid])) else 1.0) for pid in self.plant_ids}
        physics = self.result.physics
        self.loss_levels = None if physics is None else (physics.levels["outdoor_c"].to_numpy(float),
                                                         physics.levels["heat_loss_kw"].to_numpy(float))
        self.renewable = self.plants["renewable"].astype(bool).to_numpy()
        self.efficiency = self.plants["efficiency_frac"].to_numpy(float)
        self.fuels = self.plants["fuel"].to_numpy()
        co2 = self.refs["co2"]
        self.co2_factors = dict(zip(co2["fuel"], co2["kg_co2_per_kwh"]))
        self.fleet = operation.plant_year(self.state_plants, s, self.scenario.year)
        self._shapes = {}

    # ------------------------------------------------------------ the full engine

    def evaluate_full(self, values):
        """The figures of one sample (``values``: input name -> value) through the full evaluate()."""
        from heatnet.scenarios import Scenario
        from heatnet.scenarios.evaluate import evaluate

        if self.result is None:
            raise RuntimeError("a prepared scenario sent to a worker runs the fast engine only")
        data = self.scenario.model_dump(mode="json")
        for spec, kind, name in self.kinds:
            kind.edit_scenario(data, spec, values[name])
        scenario = Scenario.model_validate(data)
        state = self._state_with(scenario) if any(k.kind == "renovation_saving" for _, k, _ in self.kinds) \
            else self.result.state
        for spec, kind, name in self.kinds:
            state = kind.edit_state(state, spec, values[name], self)
        result = evaluate(self.path, scenario, state, self.net, base=self.base, root=self.root, refs=self.refs)
        out = {name: fig.read_result(result) for name, fig in FIGURES.items() if fig.read_result is not None}
        gas = next((values[name] for spec, kind, name in self.kinds if kind.kind == "energy_price" and spec.fuel == "gas"),
                   None)
        out[dwelling.FIGURE] = dwelling.from_figures(self, result.figures, gas)
        return out

    # ------------------------------------------------------------ the fast engine

    def new_batch(self, size):
        r1 = self.scenario.tariff.r1_eur_per_mwh
        return Batch(self, size, np.repeat(self.heat0[None, :], size, axis=0), np.full(size, self.dju),
                     None if r1 is None else np.full(size, float(r1)))

    def evaluate_batch(self, columns):
        """Figures (name -> array) for samples given as ``columns`` (input name -> array, one per sample)."""
        size = len(next(iter(columns.values()))) if columns else 1
        batch = self.new_batch(size)
        for spec, kind, name in self.kinds:
            kind.edit_batch(batch, spec, columns[name])
        rigueur = np.array([self.year_of(d)[1] for d in batch.dju]) / (batch.sales_dju or self.sales_dju)
        batch.heat = demand.climate_scaled_heat(batch.heat, self.base_frac, rigueur)
        if self._needs_dispatch(batch):
            heat_plant, sales = self._dispatch(batch)
        else:
            heat_plant = np.repeat(self.heat_by_plant0[None, :], size, axis=0)
            sales = np.full(size, self.sales0)
        return self._figures(batch, heat_plant, sales)

    def _needs_dispatch(self, batch):
        if not np.array_equal(batch.heat, np.broadcast_to(self.sales_heat0, batch.heat.shape)):
            return True
        if np.any(batch.dju != self.dju):
            return True
        if batch.realisation is not None and np.any(batch.realisation != 0):
            return True
        return any(np.any(v != self.availability0[p]) for p, v in batch.availability.items())

    def temperatures(self, dju):
        """The typical year of ``dju`` degree-days: the model's own
        (:func:`heatnet.model.operation.temperatures`, with the network's climate normals), memoised."""
        key = float(dju)
        if key not in self._temps:
            if len(self._temps) > 4096:
                self._temps = {self.dju: self.temp0}
            settings = self.settings.model_copy(update={"dju": key})
            self._temps[key] = operation.temperatures(settings, self.scenario.year, self.reference_dju,
                                                      self.base_dir, self.normals)
        return self._temps[key]

    def year_of(self, dju):
        """(hourly temperature, its DJU, hourly losses kW or None: fixed efficiency) of the typical
        year of ``dju``, memoised."""
        key = float(dju)
        year = self._years.get(key)
        if year is None:
            temp = self.temperatures(key)
            heat_c = operation.heating_temperature(self.settings, self.scenario.year, temp)
            losses = np.interp(heat_c, *self.loss_levels) if (self.settings.losses == "physics"
                                                              and self.loss_levels is not None) else None
            if len(self._years) > 4096:
                self._years.clear()
            year = self._years[key] = (temp, climate.degree_days(temp), losses)
        return year

    def _dispatch(self, batch):
        """Each sample's year; returns (heat by plant MWh, sales MWh). A sample with an outage
        realisation k >= 1 runs that one draw of the stops through the lean merit order
        (:meth:`_dispatch_realisations`); the others run the expected year over the draws through
        :func:`heatnet.model.operation.run_operation` (hourly demand, the plants' drawn outages at the
        sample's availability, merit order)."""
        heat_plant = np.empty((batch.size, len(self.plant_ids)))
        sales = np.empty(batch.size)
        lean = np.zeros(batch.size, bool) if batch.realisation is None or self.settings.resale_limit is not None \
            else batch.realisation > 0
        if lean.any():
            heat_plant[lean], sales[lean] = self._dispatch_realisations(batch, np.flatnonzero(lean))
        subs = self.sales_table.copy()
        for i in np.flatnonzero(~lean):
            temp, _, losses = self.year_of(batch.dju[i])
            subs["heat_mwh"] = batch.heat[i]
            avail = {pid: float(v[i]) for pid, v in batch.availability.items()}
            settings = self.settings.model_copy(update={
                "dju": float(batch.dju[i]), "availability_frac": {**self.settings.availability_frac, **avail},
                "outage_realisation": 0 if batch.realisation is None else int(batch.realisation[i])})
            op = operation.run_operation(subs, self.state_plants, settings, year=self.scenario.year,
                                         reference_dju=self.reference_dju, co2_factors=self.co2_factors,
                                         profiles=self.profiles, base_dir=self.base_dir, hourly_losses_kw=losses,
                                         temp_c=temp, tables=False)
            heat_plant[i] = op.heat_by_plant_mwh.reindex(self.plant_ids).to_numpy(float)
            sales[i] = op.sales_mwh
        return heat_plant, sales

    def _dispatch_realisations(self, batch, idx, block=32):
        """Samples ``idx`` that each run one realisation of the stops: their hourly demand (the model's
        load of each sample's sales and typical year, plus the losses), then
        :func:`heatnet.model.operation.realisations_heat_mwh` on ``block`` samples at a time."""
        heat = np.empty((len(idx), len(self.plant_ids)))
        sales = np.empty(len(idx))
        for start in range(0, len(idx), block):
            part = idx[start:start + block]
            demand_kw = np.empty((len(part), len(self.temp0)))
            temps = np.empty_like(demand_kw) if self.fleet.called else None  # called plants follow the weather
            for j, i in enumerate(part):
                if temps is not None:
                    temps[j] = self.year_of(batch.dju[i])[0]
                dh, losses = self.shape_of(batch.dju[i])
                load_kw = network_load_kw(batch.heat[i], self.base_frac, dh, len(dh))
                sales[start + j] = float(load_kw.sum() / 1000.0)
                demand_kw[j] = load_kw + (demand.losses_kw(load_kw, self.settings.network_efficiency_frac)
                                          if losses is None else losses)
            heat[start:start + len(part)] = operation.realisations_heat_mwh(
                self.fleet, self.settings, demand_kw, batch.realisation[part],
                {pid: v[part] for pid, v in batch.availability.items()}, temps, self.scenario.year)
        return heat, sales

    def shape_of(self, dju):
        """(degree-hours below the heating threshold by hour, hourly losses kW or None) of the typical
        year of ``dju``, memoised."""
        key = float(dju)
        shape = self._shapes.get(key)
        if shape is None:
            temp, _, losses = self.year_of(key)
            heat_c = operation.heating_temperature(self.settings, self.scenario.year, temp)
            if len(self._shapes) > 4096:
                self._shapes.clear()
            shape = self._shapes[key] = (np.maximum(self.settings.heating_threshold_c - heat_c, 0.0), losses)
        return shape

    def _figures(self, batch, heat_plant, sales):
        from heatnet.studies.uncertainty.pricing import price_batch

        return price_batch(self, batch, heat_plant, sales)


def network_load_kw(heat_mwh, base_frac, degree_hours, n_hours):
    """The hourly load of :func:`heatnet.model.demand.network_load_kw` on arrays: each substation's
    heating part spread over the year's degree-hours, its base part flat (the same operations in the
    same order: tests/studies check it equals the model's, to the bit)."""
    per_degree = heat_mwh * (1 - base_frac) * 1000.0 / degree_hours.sum()
    base_kw = heat_mwh * base_frac * 1000.0 / n_hours
    return per_degree.sum() * degree_hours + base_kw.sum()


def _missing(value):
    return value is None or (isinstance(value, float) and np.isnan(value))


def _refs_of(result):
    from heatnet.model.economics import load_references

    return load_references()
