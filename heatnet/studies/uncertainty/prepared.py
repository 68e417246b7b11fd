"""A scenario prepared once, then evaluated for many samples of its uncertain inputs.

Preparing runs the scenario's chain once (network read, graph built, profiles, accounts and
contract tariffs looked up, the deterministic year dispatched) and keeps what samples share.
Two engines evaluate samples:

* :meth:`PreparedScenario.evaluate_full`: the inputs edit the scenario file's data and the network
  state, then the full :func:`heatnet.scenarios.evaluate.evaluate` runs (the reference; about
  50-100 ms a sample);
* :meth:`PreparedScenario.evaluate_batch`: numpy over a chunk of samples. When no sample changes
  the dispatch (prices, R1, discount rate), the deterministic year's heat by plant is re-priced:
  linear in the prices, exact (tests: equal to the full engine to 1e-9). Otherwise each sample is
  dispatched hour by hour (demand, merit order), vectorised over the chunk, with the network's
  heat losses read from the deterministic year's solved levels (loss against outdoor temperature)
  instead of re-solving the pipe network per sample: the one approximation, measured in
  tests/studies (under 0.05 % on the price).
"""

import inspect
from dataclasses import dataclass, field

import numpy as np

from heatnet.model import climate, demand, dispatch
from heatnet.studies.uncertainty import dwelling
from heatnet.studies.uncertainty.registry import FIGURES, input_kind, input_name

_TYPICAL_YEAR_DEFAULTS = {k: v.default for k, v in inspect.signature(climate.typical_year).parameters.items()
                          if v.default is not inspect.Parameter.empty}


@dataclass
class Batch:
    """The fast engine's arrays for a chunk of ``size`` samples, edited by the inputs."""

    prepared: "PreparedScenario"
    size: int
    heat: np.ndarray  # samples x substations, MWh
    dju: np.ndarray
    r1_given: np.ndarray | None
    prices: dict = field(default_factory=dict)  # fuel -> samples
    availability: dict = field(default_factory=dict)  # plant id -> samples
    discount_rate: np.ndarray | None = None


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
        self.settings = OperationSettings.model_validate(self.scenario.operation or {})
        self.weather_csv = self.settings.weather_csv
        self.profiles = demand.read_profiles()
        subs = result.state.substations
        self.categories = subs["category"].astype(str).to_numpy()
        self.heat0 = subs["heat_mwh"].to_numpy(float)
        self.kw = subs["subscribed_kw"].to_numpy(float)
        self.subscribed_kw = float(subs["subscribed_kw"].sum())
        self.base_frac = demand.base_fracs(subs, self.profiles)
        self.dju = float(self.settings.dju or self.net.params["reference_dju"])
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
        state["_temps"], state["_years"] = {self.dju: self.temp0}, {}
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
        outages = [(o.plant_id, o.start, o.end) for o in s.outages]
        self.caps0, index = dispatch.available_capacity_kw(self.plants, self.scenario.year, outages,
                                                           s.availability_frac, s.contract_minimum_only)
        self.hours = len(index)
        self.cap_at_zero, self.cap_slope = {}, {}
        for pid in self.plant_ids:
            zero, _ = dispatch.available_capacity_kw(self.plants, self.scenario.year, outages,
                                                     {**s.availability_frac, pid: 0.0}, s.contract_minimum_only)
            one, _ = dispatch.available_capacity_kw(self.plants, self.scenario.year, outages,
                                                    {**s.availability_frac, pid: 1.0}, s.contract_minimum_only)
            k = self.plant_ids.index(pid)
            self.cap_at_zero[pid], self.cap_slope[pid] = zero[k], one[k] - zero[k]
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
        self._raw_year = None

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
        if self._needs_dispatch(batch):
            heat_plant, sales = self._dispatch(batch)
        else:
            heat_plant = np.repeat(self.heat_by_plant0[None, :], size, axis=0)
            sales = np.full(size, self.sales0)
        return self._figures(batch, heat_plant, sales)

    def _needs_dispatch(self, batch):
        if not np.array_equal(batch.heat, np.broadcast_to(self.heat0, batch.heat.shape)):
            return True
        if np.any(batch.dju != self.dju):
            return True
        return any(np.any(v != self.availability0[p]) for p, v in batch.availability.items())

    def temperatures(self, dju):
        """The typical year of ``dju`` degree-days (heatnet.model.climate.typical_year), memoised; the
        offset is found by interpolation and secant steps instead of 60 bisections (same root, within
        1e-9 DJU)."""
        key = float(dju)
        if key not in self._temps:
            if len(self._temps) > 4096:
                self._temps = {self.dju: self.temp0}
            self._temps[key] = self._solve_typical_year(key)
        return self._temps[key]

    def _solve_typical_year(self, dju):
        s, params = self.settings, _TYPICAL_YEAR_DEFAULTS
        if self._raw_year is None:
            raw = climate._raw_year(self.scenario.year, s.seed, params["mean_temp_c"], params["annual_amplitude_k"],
                                    params["daily_amplitude_k"], params["noise_k"], params["noise_autocorr"])
            grid = np.linspace(-30.0, 30.0, 1201)
            self._raw_year = (raw, grid, np.array([self._dju_at(raw, o, params) for o in grid]))
        raw, grid, table = self._raw_year
        if not table[-1] <= dju <= table[0]:
            raise ValueError(f"no typical year reaches {dju} DJU with these climate parameters")
        k = int(np.clip(np.searchsorted(-table, -dju), 1, len(grid) - 1))
        lo, hi = grid[k - 1], grid[k]  # DJU falls as the offset rises: table[k-1] >= dju >= table[k]
        f_lo, f_hi = table[k - 1] - dju, table[k] - dju
        for _ in range(60):
            mid = lo - f_lo * (hi - lo) / (f_hi - f_lo) if f_hi != f_lo else (lo + hi) / 2
            if not lo < mid < hi:
                mid = (lo + hi) / 2
            f_mid = self._dju_at(raw, mid, params) - dju
            if abs(f_mid) < 1e-10 or hi - lo < 1e-13:
                break
            if f_mid > 0:
                lo, f_lo = mid, f_mid
            else:
                hi, f_hi = mid, f_mid
        return self._shaped(raw, mid, params)

    def _shaped(self, raw, offset, params):
        t = raw + offset
        low, cold = t.min(), params["cold_tail_threshold_c"]
        if low >= cold:
            return t
        tail = t < cold
        out = t.copy()
        out[tail] = cold + (t[tail] - cold) * ((self.settings.design_temp_c - cold) / (low - cold))
        return out

    def _dju_at(self, raw, offset, params):
        return climate.degree_days(self._shaped(raw, offset, params), params["base_temp_c"])

    def _dispatch(self, batch):
        """Each sample's hourly demand and merit-order dispatch (heatnet.model.demand and dispatch, one
        sample at a time: arrays of one year stay in the processor's cache); returns (heat by plant MWh,
        sales MWh)."""
        heat_plant = np.empty((batch.size, len(self.plant_ids)))
        sales = np.empty(batch.size)
        heating = batch.heat * (1 - self.base_frac)[None, :] * 1000.0
        base_kw = (batch.heat * self.base_frac[None, :] * 1000.0 / self.hours).sum(axis=1)
        load, remaining, produced, cap = (np.empty(self.hours) for _ in range(4))  # no allocation per sample
        fixed_losses = 1 / self.settings.network_efficiency_frac - 1
        for i in range(batch.size):
            dh, dh_sum, losses = self.year_of(batch.dju[i])
            np.multiply(dh, (heating[i] / dh_sum).sum(), out=load)
            load += base_kw[i]
            if losses is not None:
                np.add(load, losses, out=remaining)
            else:
                np.add(load, load.sum() * fixed_losses / self.hours, out=remaining)
            for k, pid in enumerate(self.plant_ids):
                if pid in batch.availability:
                    np.multiply(self.cap_slope[pid], batch.availability[pid][i], out=cap)
                    cap += self.cap_at_zero[pid]
                np.minimum(cap if pid in batch.availability else self.caps0[k], remaining, out=produced)
                remaining -= produced
                heat_plant[i, k] = produced.sum() / 1000.0
            sales[i] = load.sum() / 1000.0
        return heat_plant, sales

    def year_of(self, dju):
        """Degree-hours below the threshold, their sum and the hourly losses (None: fixed efficiency) of
        the typical year of ``dju``, memoised."""
        key = float(dju)
        year = self._years.get(key)
        if year is None:
            temp = self.temperatures(key)
            dh = np.maximum(self.settings.heating_threshold_c - temp, 0.0)
            losses = np.interp(temp, *self.loss_levels) if (self.settings.losses == "physics"
                                                            and self.loss_levels is not None) else None
            if len(self._years) > 4096:
                self._years.clear()
            year = self._years[key] = (dh, dh.sum(), losses)
        return year

    def _figures(self, batch, heat_plant, sales):
        from heatnet.studies.uncertainty.pricing import price_batch

        return price_batch(self, batch, heat_plant, sales)


def _missing(value):
    return value is None or (isinstance(value, float) and np.isnan(value))


def _refs_of(result):
    from heatnet.model.economics import load_references

    return load_references()
