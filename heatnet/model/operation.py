"""The year's operation of a network: climate -> hourly demand -> dispatch -> mix, fuel, CO2, R1.

``run_operation`` is the one entry point the scenario runner calls; ``OperationSettings`` is
the ``operation:`` block of a scenario file.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from heatnet.io.schema import DJU_RANGE
from heatnet.model import climate
from heatnet.model import demand
from heatnet.model import dispatch
from heatnet.model import outages as outage_events

MAX_STORAGE_FILLING_H = 720.0  # 30 days at full power: the longest store the windowed program models
DEFAULT_DRAWS = 64  # draws of forced outages: the renewable share's Monte Carlo error is its spread / 8
class Outage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    plant_id: str
    start: dt.date
    end: dt.date
    reason: str | None = None

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError(f"the outage ends ({self.end}) before it starts ({self.start})")
        return self


class EnergyPrices(BaseModel):
    """Energy prices that make R1c from the mix: EUR HT per MWh of heat from each fuel."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    wood_eur_per_mwh: float | None = Field(None, ge=0, le=10_000, description="Heat from wood (e.g. R1 LBE).")
    gas_eur_per_mwh: float | None = Field(None, ge=0, le=10_000, description="Heat from gas (e.g. R1G).")
    fuel_oil_eur_per_mwh: float | None = Field(None, ge=0, le=10_000)


class ResaleLimit(BaseModel):
    """Heat sold on to a neighbouring network (an interconnection): its substations (``client``) are
    served after the network's own, and ``plant_id``'s heat reaches them at most ``max_kw`` (a purchase
    convention that limits resale; None: no limit). The result gives the renewable share of each."""

    model_config = ConfigDict(extra="forbid")
    client: str = Field(..., description="Client of the neighbour's delivery point(s) (clients.csv code).")
    plant_id: str = Field(..., description="The plant whose heat the convention limits, e.g. lbe.")
    max_kw: float | None = Field(None, ge=0, description="Most of its output the neighbour may take, kW.")


class StorageSettings(BaseModel):
    """A heat store dispatched with the plants by a linear program (heatnet.model.storage): it fills
    from the cheapest plant's spare heat and gives it back when a dearer plant would run."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    capacity_mwh: float = Field(..., gt=0, le=1e6, description="Heat the tank holds, MWh.")
    power_kw: float = Field(..., gt=0, le=1e7, description="Most it charges or discharges, kW.")
    standing_loss_frac_per_h: float = Field(0.0002, ge=0, le=0.1, description="Share of its content lost each hour "
                                            "(0.0002: about 0.5 % a day, a large insulated tank; assumption).")
    draws: int = Field(16, ge=1, le=2000, description="Draws of the plants' stops the program solves: with a tank "
                       "the year's figures are the expectation over the first `draws` draws (about 0.15 s each).")

    @model_validator(mode="after")
    def _short_term(self):
        # the program runs on windows (each expensive spell and the hours before it, the tank empty at
        # each start): right for a store that fills in hours or days, not for a seasonal one, whose
        # windows would cover the year and whose content carries over between them
        filling_h = self.capacity_mwh * 1000.0 / self.power_kw
        if filling_h > MAX_STORAGE_FILLING_H:
            raise ValueError(f"capacity_mwh / power_kw: the tank fills in {filling_h:,.0f} h at full power, more "
                             f"than the {MAX_STORAGE_FILLING_H:g} h of a short-term store this dispatch models "
                             "(a seasonal store is not modelled)")
        return self


class OperationSettings(BaseModel):
    """The ``operation:`` block of a scenario: the year's climate, losses, outages and prices."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    dju: float | None = Field(None, ge=DJU_RANGE[0], le=DJU_RANGE[1],
                              description="Degree-days of the year (default: the network's reference DJU).")
    design_temp_c: float = Field(-9.0, ge=-40, le=10, description="Coldest hour of the typical year, °C.")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the typical year's weather.")
    weather_csv: str | None = Field(None, description="Measured hourly temperatures (CSV), relative to the "
                                                     "scenario file; replaces the typical year.")
    heating_threshold_c: float = Field(18.0, ge=5, le=25, description="Outdoor temperature below which "
                                                                      "buildings need heating, °C.")
    heating_season_start: str | None = Field("10-01", pattern=r"^\d\d-\d\d$", description="First day of the "
                                             "heating season, MM-DD (assumption: 1 October); None: all year.")
    heating_season_end: str | None = Field("05-15", pattern=r"^\d\d-\d\d$", description="Last day of the heating "
                                           "season, MM-DD (assumption: 15 May).")
    building_time_constant_h: float | None = Field(None, ge=0, le=500, description="Thermal inertia of the "
                                                   "buildings: the heating follows the outdoor temperature through a "
                                                   "first-order lag of this many hours (default: the network's "
                                                   "heating.building_time_constant_h, else 0: no lag).")
    losses: Literal["physics", "fixed"] = Field("physics", description="Network heat losses: from the pipes' "
                                                "physics hour by hour, or fixed by network_efficiency_frac.")
    network_efficiency_frac: float = Field(0.90, gt=0.3, le=1.0, description="Sales / production when losses is "
                                                                              "'fixed' (study: about 90 %).")
    outages: list[Outage] = Field(default_factory=list, description="Dated stops (an actual year's known or "
                                                                   "calibrated stops).")
    outage_draws: int = Field(DEFAULT_DRAWS, ge=0, le=2000, description="Draws of the plants' forced outages and "
                              "planned windows; 0: the dated outages only, plants otherwise always available (an "
                              "actual year whose stops are known).")
    outage_seed: int = Field(0, description="Seed of the outage draws.")
    outage_realisation: int = Field(0, ge=0, le=2000, description="0: the expected year over the outage_draws "
                                    "draws; k: the k-th draw alone, one realisation of the year's stops (an "
                                    "uncertainty study samples k, so that its samples span the draws).")
    sales_dju: float | None = Field(None, ge=DJU_RANGE[0], le=DJU_RANGE[1],
                                    description="DJU of the year the substations' sales were measured in (default: "
                                    "the base scenario's, else the load year's from operations.csv); the heating part "
                                    "of sales scales with dju / sales_dju.")
    contract_minimum_only: bool = Field(False, description="Plants with seasonal contract figures offer only "
                                                           "their guaranteed minimums (a conservative case).")
    availability_frac: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict, description="Mean availability by plant id.")
    called_hours: dict[str, Annotated[float, Field(ge=0, le=8784)]] = Field(
        default_factory=dict, description="Hours at full output of each plant the electricity system calls (an "
        "actual year's, e.g. its published heat / capacity), overriding its called_hours_per_year.")
    energy_prices: EnergyPrices | None = None
    resale_limit: ResaleLimit | None = Field(None, description="An interconnection's neighbour served after the "
                                             "network, with a limit on one plant's heat resold to it.")
    storage: StorageSettings | None = Field(None, description="A heat store dispatched with the plants (linear "
                                            "program); the result reports its effect.")

    @model_validator(mode="after")
    def _realisation_drawn(self):
        if self.outage_realisation > self.outage_draws:
            raise ValueError(f"outage_realisation {self.outage_realisation} is not one of the {self.outage_draws} "
                             f"outage draws (1 to outage_draws; 0: their expected year)")
        return self


@dataclass
class OperationResult:
    year: int
    heat_by_plant_mwh: pd.Series
    renewable_frac: float
    gas_mwh: float
    fuel_mwh: dict
    co2_t: float
    co2_g_per_kwh: float
    unserved_mwh: float
    heat_input_mwh: float
    losses_mwh: float
    sales_mwh: float
    mix_frac: dict
    dju: float
    peaks: pd.DataFrame
    r1_energy_eur_per_mwh: float | None = None
    plants: pd.DataFrame = field(default=None, repr=False)
    draws: int = 0
    renewable_frac_p10: float = 0.0
    renewable_frac_p90: float = 0.0
    renewable_frac_draws: np.ndarray = field(default=None, repr=False)
    availability_frac_realised: dict = field(default_factory=dict)
    renewable_frac_areas: dict = field(default_factory=dict)  # with a resale limit: network, neighbour, combined
    storage: dict = field(default_factory=dict)  # with a tank: its size, its heat moved and its effect
    # what makes the hourly tables (a partial of _hourly_tables), or None without them (tables=False):
    # they are made when first read, as a run's figures and its JSON do not read them
    tables: Any = field(default=None, repr=False)

    def _made_tables(self):
        if "_tables" not in self.__dict__:
            self.__dict__["_tables"] = self.tables() if self.tables is not None else (None, None, None)
        return self.__dict__["_tables"]

    @property
    def hourly(self) -> pd.DataFrame:
        """The year's hourly table: temperature, load, losses, each plant's mean output, unserved."""
        return self._made_tables()[0]

    @property
    def monthly_mwh(self) -> pd.DataFrame:
        return self._made_tables()[1]

    @property
    def load_duration_kw(self) -> pd.DataFrame:
        """Hours sorted by demand, one column per plant and unserved: the layers."""
        return self._made_tables()[2]

    def summary(self):
        areas = {"renewable_frac_areas": dict(self.renewable_frac_areas)} if self.renewable_frac_areas else {}
        if self.storage:
            areas["storage"] = dict(self.storage)
        return {**areas, "renewable_frac": self.renewable_frac, "renewable_frac_p10": self.renewable_frac_p10,
                "renewable_frac_p90": self.renewable_frac_p90, "outage_draws": self.draws,
                "co2_t": self.co2_t, "co2_g_per_kwh": self.co2_g_per_kwh,
                "gas_mwh": self.gas_mwh, "mix_frac": dict(self.mix_frac), "unserved_mwh": self.unserved_mwh,
                "heat_input_mwh": self.heat_input_mwh, "losses_mwh": self.losses_mwh, "dju": self.dju,
                "network_efficiency_frac": self.sales_mwh / (self.sales_mwh + self.losses_mwh)}

    def plant_figures(self):
        """One record per plant in service: heat, share, parameter and realised availability."""
        return [{"id": pid, "heat_mwh": float(self.heat_by_plant_mwh[pid]), "mix_frac": self.mix_frac[pid],
                 "availability_frac": _availability_parameter(row),
                 "availability_frac_realised": self.availability_frac_realised[pid]}
                for pid, row in zip(self.plants["id"], outage_events.plant_rows(self.plants))]


def _availability_parameter(plant):
    value = getattr(plant, "availability_frac", None)
    return 1.0 if value is None or pd.isna(value) else float(value)


def plants_in_service(plants, year):
    """The plants serving in ``year`` (commissioned, not retired), sorted by ``merit_order`` (stable)."""
    serving = _in_service(plants.columns.tolist(), plants.to_numpy(object).tolist(), year)
    keep = np.flatnonzero(np.asarray(serving, bool))
    ranks = plants["merit_order"].to_numpy()[keep]
    return plants.take(keep[np.argsort(ranks, kind="stable")]).reset_index(drop=True)


def dispatch_order(active, energy_prices=None):
    """The plants in service in their dispatch order: ``merit_order``, and among plants of equal
    rank the lowest variable cost first (the heat price of their fuel, ``operation.energy_prices``).
    Equal ranks that no price separates are an error naming the plants: a plant is never skipped."""
    prices = {} if energy_prices is None else {
        "wood": energy_prices.wood_eur_per_mwh, "gas": energy_prices.gas_eur_per_mwh,
        "fuel_oil": energy_prices.fuel_oil_eur_per_mwh}
    ranks = active["merit_order"].to_numpy()
    if len(np.unique(ranks)) == len(ranks):
        return active
    cost = active["fuel"].map(lambda f: prices.get(f)).astype(float)
    for rank in np.unique(ranks[pd.Series(ranks).duplicated().to_numpy()]):
        group = active[ranks == rank]
        costs = cost[group.index]
        if costs.isna().any() or costs.duplicated().any():
            raise ValueError(f"plants {list(group['id'])} share merit_order {rank}: give them different ranks, "
                             f"or operation.energy_prices for their fuels so the lowest variable cost runs first")
    order = active.assign(_cost=cost.fillna(0.0)).sort_values(["merit_order", "_cost"], kind="stable")
    return order.drop(columns="_cost").reset_index(drop=True)


def _must_run_layers(active, caps, index, masks, called_hours=None, rows=None):
    """Capacities (rows x hours) with each must-run plant's period, and each called plant's called hours,
    as a row of its own put first; the row -> plant map; the masks keyed by row; the called plants
    (first row, rank row, hours, season start, end, hours of the day). Outside its period or its called
    hours a plant keeps its rank. A called plant's first row holds its full capacity here: its hours
    follow the year's weather (:func:`year_layers`). ``rows``: the plants' rows (:func:`outages.plant_rows`
    of ``active``) when the caller has them."""
    first, row_masks, called = [], {}, []
    rest = caps.copy()
    rows = outage_events.plant_rows(active) if rows is None else rows
    called_hours = dict(called_hours or {})
    unknown = sorted(set(called_hours) - {p.id for p in rows})
    if unknown:
        raise ValueError(f"operation.called_hours names plants not in service: {unknown}; "
                         f"plants: {list(active['id'])}")
    for k, plant in enumerate(rows):
        start, end = getattr(plant, "must_run_start", None), getattr(plant, "must_run_end", None)
        plan = _called_plan(plant, called_hours.get(plant.id))
        if isinstance(start, str) and start and isinstance(end, str) and end:
            if plan is not None:
                raise ValueError(f"plant {plant.id!r} has both a must-run period and called hours: one rule")
            period = dispatch._in_period(index, start, end)
            first.append((k, np.where(period, caps[k], 0.0)))
            rest[k] = np.where(period, 0.0, caps[k])
        elif plan is not None:
            called.append((len(first), k, *plan))
            first.append((k, caps[k].copy()))
    layers = [c for _, c in first] + list(rest)
    plant_of_row = [k for k, _ in first] + list(range(len(active)))
    for row, k in enumerate(plant_of_row):
        if k in masks:
            row_masks[row] = masks[k]
    called = tuple((row, len(first) + k, *plan) for row, k, *plan in called)
    return np.array(layers), np.array(plant_of_row), row_masks, called


def _called_plan(plant, hours_override=None):
    """(called hours a year, season start, end, hours of the day) of a plant the electricity system calls
    (``called_start`` / ``called_end`` set), else None; ``hours_override``: an actual year's hours
    (``operation.called_hours``)."""
    start, end = getattr(plant, "called_start", None), getattr(plant, "called_end", None)
    if not (isinstance(start, str) and start and isinstance(end, str) and end):
        if hours_override is not None:
            raise ValueError(f"operation.called_hours: plant {plant.id!r} has no called season "
                             "(called_start / called_end in plants.csv)")
        return None
    hours = outage_events._value(plant, "called_hours_per_year", 0.0) if hours_override is None else hours_override
    day_hours = outage_events._value(plant, "called_day_hours", dispatch.PP1_DAY_HOURS)
    return float(hours), start, end, str(day_hours)


def year_layers(fleet, year, temp_c):
    """The dispatch rows of ``fleet`` in ``year`` with each called plant's hours set from the year's hourly
    outdoor temperature ``temp_c`` (:func:`heatnet.model.dispatch.called_hours_frac`): its first row gives
    its capacity in the called hours (in part for the last), its rank row the rest."""
    if not fleet.called:
        return fleet.layers
    layers = fleet.layers.copy()
    for row, rest, hours, start, end, day_hours in fleet.called:
        frac = _called_frac(year, temp_c, start, end, hours, day_hours)
        layers[row] = fleet.layers[row] * frac
        layers[rest] = fleet.layers[rest] * (1.0 - frac)
    return layers


def _called_frac(year, temp_c, start, end, hours, day_hours):
    """:func:`heatnet.model.dispatch.called_hours_frac` of ``year``'s weekdays from ``start`` to ``end``."""
    try:
        return dispatch.called_hours_frac(temp_c, _weekdays_in_season(year, start, end), hours, day_hours)
    except ValueError as exc:
        raise ValueError(f"{exc} ({start} to {end} in {year})") from None


@functools.lru_cache(maxsize=64)
def _weekdays_in_season(year, start, end):
    days = dispatch.weekdays_in_season(_hours_index(year), start, end)
    days.flags.writeable = False
    return days


@functools.lru_cache(maxsize=32)
def _typical_year(year, dju, design_temp_c, seed, normals=None):
    series = climate.typical_year(year, dju, design_temp_c, seed, normals=normals)
    series.flags.writeable = False  # shared between runs
    return series


def temperatures(settings, year, reference_dju, base_dir=".", normals=None):
    """The year's hourly outdoor temperature: measured (``weather_csv``) or the typical year (shaped by
    the station's monthly ``normals`` when given)."""
    if settings.weather_csv:
        return climate.read_hourly_temperature(Path(base_dir) / settings.weather_csv, year)
    return _typical_year(year, float(settings.dju or reference_dju), settings.design_temp_c, settings.seed, normals)


def with_network_defaults(settings, params):
    """``settings`` with what it leaves to the network (None) taken from its ``network.yaml``
    (``params``): the buildings' time constant (``heating.building_time_constant_h``, else 0)."""
    if settings.building_time_constant_h is not None:
        return settings
    tau_h = float((params.get("heating") or {}).get("building_time_constant_h", 0.0))
    return settings.model_copy(update={"building_time_constant_h": tau_h})


def heating_temperature(settings, year, temp_c):
    """The temperature the buildings' heating follows: ``temp_c`` through the buildings' inertia
    (``building_time_constant_h``) in the heating season, at least the heating threshold outside it."""
    return climate.heating_temperature(temp_c, year, settings.heating_season_start, settings.heating_season_end,
                                       settings.heating_threshold_c, settings.building_time_constant_h or 0.0)


def run_operation(substations, plants, settings, *, year, reference_dju, co2_factors, profiles=None,
                  base_dir=".", hourly_losses_kw=None, temp_c=None, peak_temp_c=None, tables=True, fleet=None,
                  heat_c=None):
    """Operate the network over ``year``: hourly demand, dispatch, mix, fuel, CO2 and the R1c of the mix.

    ``substations``: id, category, heat_mwh, subscribed_kw (sales of this year's climate);
    ``plants``: the plants table (those out of service in ``year`` are skipped); ``co2_factors``:
    fuel -> kg CO2/kWh (Series or mapping). With ``settings.outage_draws`` > 0 the plants' stops
    are drawn that many times and the figures are the expected values over the draws
    (``settings.outage_realisation``: one of those draws alone). ``peak_temp_c``: the temperature the
    substations' peaks are read at (default: the coldest the heating follows). ``tables``: False leaves
    the hourly tables out (``hourly``, ``monthly_mwh``, ``load_duration_kw`` are None) for callers that
    read the year's totals only (the concession's years, uncertainty samples): the same figures, sooner.
    ``fleet``: :func:`plant_year` of ``plants``, ``settings`` and ``year`` when the caller has it already;
    ``heat_c``: :func:`heating_temperature` of ``settings``, ``year`` and ``temp_c``, likewise.
    """
    profiles = demand.read_profiles() if profiles is None else profiles
    temp_c = temperatures(settings, year, reference_dju, base_dir) if temp_c is None else temp_c
    heat_c = heating_temperature(settings, year, temp_c) if heat_c is None else heat_c
    load_kw, peaks = demand.network_load_kw(substations, heat_c, profiles, settings.heating_threshold_c, peak_temp_c)
    losses = demand.losses_kw(load_kw, settings.network_efficiency_frac) if hourly_losses_kw is None \
        else np.asarray(hourly_losses_kw, float)
    fleet = plant_year(plants, settings, year) if fleet is None else fleet
    active, plant_of_row = fleet.active, fleet.plant_of_row
    if fleet.caps.shape[1] != len(temp_c):
        raise ValueError(f"{len(temp_c)} hourly temperatures for a year of {fleet.caps.shape[1]} hours")
    heat_rows, unserved_kwh, draws, areas, tank, table_maker = _dispatch(
        substations, heat_c, profiles, settings, load_kw, losses, fleet, year_layers(fleet, year, temp_c), year, temp_c)
    heat_kwh = np.zeros((draws, len(active)))
    np.add.at(heat_kwh.T, plant_of_row, heat_rows.T)
    ids = fleet.ids
    heat_mwh = heat_kwh.mean(axis=0) / 1000.0
    heat = pd.Series(heat_mwh, index=fleet.index, name="heat_mwh")
    total = float(np.nansum(heat_mwh))  # the Series' sum (missing values skipped) without pandas' selections
    renewable = fleet.renewable
    by_draw = heat_kwh[:, renewable].sum(axis=1) / np.maximum(heat_kwh.sum(axis=1), 1e-9)
    fuel_mwh, co2_t = _fuel_and_co2(heat, fleet, co2_factors)
    sales = float(load_kw.sum() / 1000.0)
    p10, p90 = np.percentile(by_draw, [10, 90])
    return OperationResult(
        year=year, heat_by_plant_mwh=heat,
        tables=table_maker if tables else None,
        renewable_frac=float(np.nansum(heat_mwh[renewable]) / total) if total > 0 else 0.0,
        gas_mwh=fuel_mwh.get("gas", 0.0), fuel_mwh=fuel_mwh, co2_t=co2_t,
        co2_g_per_kwh=co2_t * 1e6 / (sales * 1000.0) if sales > 0 else 0.0,
        unserved_mwh=float(unserved_kwh.mean() / 1000.0), heat_input_mwh=total,
        losses_mwh=float(losses.sum() / 1000.0), sales_mwh=sales,
        mix_frac={pid: float(v / total) if total else 0.0 for pid, v in zip(ids, heat_mwh)},
        dju=climate.degree_days(temp_c), peaks=peaks,
        r1_energy_eur_per_mwh=_r1_energy(settings, heat, fleet.fuels, total),
        plants=active.copy(deep=False),  # the kept plant year's table stays as it is (copy on write)
        draws=draws if tank else (1 if settings.outage_realisation else settings.outage_draws),
        renewable_frac_p10=float(p10), renewable_frac_p90=float(p90), renewable_frac_draws=by_draw,
        availability_frac_realised=dict(fleet.realised), renewable_frac_areas=areas, storage=tank)


def _dispatch(substations, heat_c, profiles, settings, load_kw, losses, fleet, layers, year, temp_c):
    """The year's dispatch: (heat by row, draws x rows; unserved kWh by draw; draws; the resale areas; the
    tank; what makes the hourly tables). The plain merit order runs without its hourly means, run again
    for the tables when they are first read: the same numbers (:func:`dispatch.merit_order_draws`)."""
    active, plant_of_row, row_masks, draws = fleet.active, fleet.plant_of_row, fleet.row_masks, fleet.draws
    if settings.resale_limit is None and settings.storage is None:
        heat_rows, _, unserved_kwh, _ = dispatch.merit_order_draws(load_kw + losses, layers, row_masks, draws,
                                                                   hourly=False)
        return heat_rows, unserved_kwh, draws, {}, {}, functools.partial(
            _merit_order_tables, year, fleet.ids, temp_c, load_kw, losses, layers, row_masks, draws, plant_of_row)
    tank, areas = {}, {}
    if settings.resale_limit is None:
        draws = min(settings.storage.draws, draws)
        heat_rows, production_rows, unserved_kwh, unserved, tank = _with_storage(
            settings, active, plant_of_row, load_kw + losses, layers, row_masks, draws)
    elif settings.storage is not None:
        raise ValueError("operation.storage with operation.resale_limit: a tank is dispatched for one area only")
    else:
        heat_rows, production_rows, unserved_kwh, unserved, areas = _two_areas(
            substations, heat_c, profiles, settings, load_kw, losses, active, layers, plant_of_row, row_masks, draws)
    return heat_rows, unserved_kwh, draws, areas, tank, functools.partial(
        _hourly_tables, year, fleet.ids, temp_c, load_kw, losses, production_rows, plant_of_row, unserved)


def _merit_order_tables(year, ids, temp_c, load_kw, losses, layers, row_masks, draws, plant_of_row):
    """The hourly tables of a plain merit-order year: its dispatch run again with the hourly means."""
    _, production_rows, _, unserved = dispatch.merit_order_draws(load_kw + losses, layers, row_masks, draws)
    return _hourly_tables(year, ids, temp_c, load_kw, losses, production_rows, plant_of_row, unserved)


def _hourly_tables(year, ids, temp_c, load_kw, losses, production_rows, plant_of_row, unserved):
    """The year's hourly table (temperature, load, losses, each plant's mean output, unserved), its
    monthly sums (MWh) and its hours sorted by demand (the load-duration layers)."""
    index = _hours_index(year)
    production = np.zeros((len(ids), len(index)))
    np.add.at(production, plant_of_row, production_rows)
    # every column at once: one per plant added in turn fragments the frame (a city has hundreds of plants)
    hourly = pd.DataFrame({"temp_c": temp_c, "load_kw": load_kw, "losses_kw": losses,
                           **{pid: production[k] for k, pid in enumerate(ids)}, "unserved_kw": unserved}, index=index)
    monthly = (hourly[ids].groupby(hourly.index.month).sum() / 1000.0).rename_axis("month")
    duration = hourly[ids + ["unserved_kw"]].iloc[np.argsort(-(load_kw + losses), kind="stable")]
    return hourly, monthly, duration.reset_index(drop=True)


@functools.lru_cache(maxsize=8)
def _hours_index(year):
    return pd.date_range(f"{year}-01-01", f"{year}-12-31 23:00", freq="h")


@dataclass(frozen=True)
class PlantYear:
    """The plants of a year as the dispatch reads them: those in service in their dispatch order, their
    capacities by hour, the must-run layers, the drawn stops, and what the figures read of them."""

    active: pd.DataFrame
    ids: list
    caps: np.ndarray  # plants x hours, kW
    layers: np.ndarray  # rows x hours (a must-run plant's period, a called plant's hours, a row of its own)
    plant_of_row: np.ndarray
    row_masks: dict  # row -> boolean (draws x hours), True when available
    draws: int
    renewable: np.ndarray
    fuels: np.ndarray
    efficiency: np.ndarray
    realised: dict  # plant id -> share of the year's hours it runs (mean over the draws)
    rows: list = field(default_factory=list)  # the plants' rows (outages.plant_rows), what the stops are drawn from
    index: pd.Index = None  # the plants' ids as the index of the results' series
    called: tuple = ()  # plants called by the electricity system: (first row, rank row, hours, start, end, day hours)


_PLANT_YEARS = {}  # the value of every input of plant_year -> PlantYear


def plant_year(plants, settings, year):
    """The :class:`PlantYear` of ``plants`` in ``year`` under ``settings`` (availability overrides,
    energy prices, dated outages, contract minimums, outage draws), kept per process by the value of
    those inputs: a year whose plants, calendar length, dated outages (as hours of the year) and
    outage settings equal another's reuses its capacities and drawn stops (the draws depend on
    the seed and the plants, not on the year's number). Its arrays are read-only."""
    key = _plant_year_key(plants, settings, year)
    hit = _PLANT_YEARS.get(key)
    if hit is None:
        if len(_PLANT_YEARS) >= 64:
            _PLANT_YEARS.clear()
        hit = _PLANT_YEARS[key] = _build_plant_year(plants, settings, year)
    return hit


def _plant_year_key(plants, settings, year):
    """The inputs' values: the table's columns and cells, which plants serve in ``year``, the year's
    hours, the dated outages as hour ranges of the year, and the settings the plants read."""
    n_hours = climate.hours_in_year(year)
    first = dt.date(year, 1, 1)
    dated = tuple((o.plant_id, max(0, (o.start - first).days * 24), min(n_hours, ((o.end - first).days + 1) * 24))
                  for o in settings.outages)
    values = plants.to_numpy(object).tolist()
    names = plants.columns.tolist()  # once: iterating a pandas index costs tens of microseconds
    columns = tuple(names), tuple(plants.dtypes.tolist())
    serving = tuple(_in_service(names, values, year))
    prices = None if settings.energy_prices is None else tuple(settings.energy_prices.model_dump().items())
    return (columns, repr(values), serving, n_hours, dated, tuple(sorted(settings.availability_frac.items())), prices,
            tuple(sorted(settings.called_hours.items())),
            settings.contract_minimum_only, settings.outage_draws, settings.outage_seed, settings.outage_realisation)


def _in_service(columns, values, year):
    """Which rows serve in ``year`` (the test of :func:`plants_in_service` on the table's cells)."""
    def number(value):
        try:
            return float(value)
        except (TypeError, ValueError):
            return float("nan")
    c = columns.index("commissioned_year") if "commissioned_year" in columns else None
    r = columns.index("retired_year") if "retired_year" in columns else None
    return [not (c is not None and number(row[c]) > year) and not (r is not None and number(row[r]) <= year)
            for row in values]


def _build_plant_year(plants, settings, year):
    active = dispatch_order(_with_availability(plants_in_service(plants, year), settings.availability_frac),
                            settings.energy_prices)
    rows = outage_events.plant_rows(active)  # read once: the capacities, the stops and the layers use them
    caps, index = dispatch.available_capacity_kw(
        active, year, [(o.plant_id, o.start, o.end) for o in settings.outages], None,
        settings.contract_minimum_only, rows=rows)
    draws = max(settings.outage_draws, 1)
    realisation = settings.outage_realisation
    masks = outage_events.availability_masks(rows, len(index), draws, settings.outage_seed,
                                             only=realisation - 1 if realisation else None) \
        if settings.outage_draws > 0 else {}
    layers, plant_of_row, row_masks, called = _must_run_layers(active, caps, index, masks, settings.called_hours, rows)
    ids = list(active["id"])
    realised = {pid: _share_true(masks[k] & (caps[k] > 0)) if k in masks else _share_true(caps[k] > 0)
                for k, pid in enumerate(ids)}
    for array in (caps, layers, plant_of_row, *row_masks.values()):
        array.flags.writeable = False
    return PlantYear(active, ids, caps, layers, plant_of_row, row_masks, 1 if realisation else draws,
                     active["renewable"].astype(bool).to_numpy(), active["fuel"].to_numpy(),
                     active["efficiency_frac"].to_numpy(float), realised, rows, pd.Index(ids), called)


def _share_true(flags):
    """The share of True in a boolean array: its mean (the count over the size, both exact, one rounding)
    without summing it as floats."""
    return np.count_nonzero(flags) / flags.size


def realisations_heat_mwh(fleet, settings, demand_kw, realisations, availability=None, temps=None, year=None):
    """Heat by plant (samples x plants, MWh) of samples that each run one realisation of the stops:
    ``demand_kw`` (samples x hours: load + losses), ``realisations`` (draw numbers 1 to
    ``settings.outage_draws``, see ``outage_realisation``), ``availability`` ({plant id: one per sample},
    overriding the plants' availability). The lean call of uncertainty studies: the merit order of
    :func:`run_operation` on ``fleet`` (:func:`plant_year` of the scenario's settings; the same
    capacities and order whatever the availability) without its tables, one draw a sample. ``temps``
    (samples x hours, outdoor °C) and ``year``: each sample's weather, which sets the hours of the plants
    the electricity system calls (required when ``fleet`` has such plants)."""
    demand_kw = np.asarray(demand_kw, float)
    n, n_hours = demand_kw.shape
    draws, seed = max(settings.outage_draws, 1), settings.outage_seed
    availability = availability or {}
    masked = {int(fleet.plant_of_row[row]) for row in fleet.row_masks}
    stoppable = [k for k, pid in enumerate(fleet.ids) if k in masked or pid in availability]  # the others run
    stacked = {}
    for i in range(n if settings.outage_draws > 0 else 0):
        rows = [fleet.rows[k] if fleet.ids[k] not in availability else SimpleNamespace(
            **{**vars(fleet.rows[k]), "availability_frac": float(availability[fleet.ids[k]][i])}) for k in stoppable]
        masks = outage_events.availability_masks(rows, n_hours, draws, seed, only=int(realisations[i]) - 1)
        for j, mask in masks.items():
            stacked.setdefault(stoppable[j], np.ones((n, n_hours), bool))[i] = mask[0]
    row_masks = {row: stacked[k] for row, k in enumerate(fleet.plant_of_row) if k in stacked}
    row_masks.update(_called_masks(fleet, row_masks, temps, year, n))
    heat_rows = dispatch.merit_order_draws(demand_kw, fleet.layers, row_masks, n, hourly=False)[0]
    heat_kwh = np.zeros((n, len(fleet.ids)))
    np.add.at(heat_kwh.T, fleet.plant_of_row, heat_rows.T)
    return heat_kwh / 1000.0


def _called_masks(fleet, row_masks, temps, year, n):
    """Each called plant's two rows' shares of capacity by sample and hour (samples x hours): its called
    hours under each sample's weather (:func:`year_layers`), times its stops when it has some."""
    if not fleet.called:
        return {}
    if temps is None or year is None:
        raise ValueError("plants called by the electricity system need each sample's hourly temperatures")
    out = {}
    for row, rest, hours, start, end, day_hours in fleet.called:
        frac = np.array([_called_frac(year, temps[i], start, end, hours, day_hours) for i in range(n)])
        out[row] = frac * row_masks.get(row, 1.0)
        out[rest] = (1.0 - frac) * row_masks.get(rest, 1.0)
    return out


def _row_costs(settings, active, plant_of_row):
    """Variable cost of each dispatch row (EUR/kWh) for the storage program: the heat price of its
    fuel (``operation.energy_prices``) with a 1e-5 EUR/kWh step per row to keep the ranks, when every
    fuel has a price and the prices do not fall along the dispatch order; else the rank itself (0.01
    EUR/kWh a row), which keeps the merit order and values heat only by rank."""
    prices = settings.energy_prices
    by_fuel = {} if prices is None else {"wood": prices.wood_eur_per_mwh, "gas": prices.gas_eur_per_mwh,
                                         "fuel_oil": prices.fuel_oil_eur_per_mwh}
    fuels = active["fuel"].to_numpy()[plant_of_row]
    if all(by_fuel.get(f) is not None for f in fuels):
        cost = np.array([by_fuel[f] / 1000.0 for f in fuels]) + 1e-5 * np.arange(len(fuels))
        if np.all(np.diff(cost) >= 0):
            return cost
    return 0.01 * (1 + np.arange(len(fuels)))


def _with_storage(settings, active, plant_of_row, demand_kw, layers, row_masks, draws):
    """The dispatch of the first ``draws`` draws with the tank of ``settings.storage``, each draw by the
    windowed linear program (heatnet.model.storage.windowed_dispatch). Returns the rows' heat (draws x
    rows), the mean production, the unserved heat by draw and by hour, and the tank's figures: its
    size, heat charged, given back and lost, and the renewable share of the same draws without it."""
    from heatnet.model.storage import HeatStorage, windowed_dispatch

    store = settings.storage
    tank = HeatStorage(store.capacity_mwh * 1000.0, store.power_kw, store.standing_loss_frac_per_h)
    cost = _row_costs(settings, active, plant_of_row)
    n_rows, n_hours = layers.shape
    heat, without = np.empty((draws, n_rows)), np.empty((draws, n_rows))
    mean_kw, unserved_kw, unserved_kwh = np.zeros((n_rows, n_hours)), np.zeros(n_hours), np.empty(draws)
    charged = discharged = 0.0
    for d in range(draws):
        caps = layers * np.array([row_masks[r][d] if r in row_masks else np.ones(n_hours, bool)
                                  for r in range(n_rows)])
        without[d] = dispatch.merit_order_dispatch(demand_kw, caps)[0].sum(axis=1)
        run = windowed_dispatch(demand_kw, caps, cost, tank)
        heat[d] = run.production_kw.sum(axis=1)
        mean_kw += run.production_kw / draws
        unserved_kw += run.unserved_kw / draws
        unserved_kwh[d] = run.unserved_kw.sum()
        charged, discharged = charged + run.charge_kw.sum() / draws, discharged + run.discharge_kw.sum() / draws
    renewable = active["renewable"].astype(bool).to_numpy()[plant_of_row]
    def share(rows):
        return float(rows[:, renewable].sum() / max(rows.sum(), 1e-9))
    figures = {"capacity_mwh": store.capacity_mwh, "power_kw": store.power_kw,
               "standing_loss_frac_per_h": store.standing_loss_frac_per_h, "draws": draws,
               "charged_mwh": charged / 1000.0, "discharged_mwh": discharged / 1000.0,
               "lost_mwh": (charged - discharged) / 1000.0,
               "renewable_frac_without": share(without), "renewable_frac_with": share(heat)}
    return heat, mean_kw, unserved_kwh, unserved_kw, figures


def _two_areas(substations, heat_c, profiles, settings, load_kw, losses, active, layers, plant_of_row, row_masks,
               draws):
    """The dispatch with a neighbour served after the network (``settings.resale_limit``); losses shared
    in proportion to each area's load hour by hour. Returns the rows' heat, production, unserved and
    the renewable share of the network, the neighbour and both."""
    limit = settings.resale_limit
    theirs = (substations["client"] == limit.client).to_numpy()
    if not theirs.any():
        raise ValueError(f"operation.resale_limit: no substation of client {limit.client!r}")
    if limit.plant_id not in set(active["id"]):
        raise ValueError(f"operation.resale_limit: plant {limit.plant_id!r} not in service; plants: "
                         f"{list(active['id'])}")
    export_kw, _ = demand.network_load_kw(substations[theirs], heat_c, profiles, settings.heating_threshold_c)
    share = np.divide(export_kw, load_kw, out=np.zeros_like(load_kw), where=load_kw > 0)
    export_kw = export_kw + losses * share
    k_plant = int(np.flatnonzero(active["id"].to_numpy() == limit.plant_id)[0])
    caps = {row: limit.max_kw for row, k in enumerate(plant_of_row) if k == k_plant and limit.max_kw is not None}
    local_rows, export_rows, production_rows, unserved_kwh, unserved = dispatch.merit_order_two_areas(
        load_kw + losses - export_kw, export_kw, layers, row_masks, draws, caps)
    renewable = active["renewable"].astype(bool).to_numpy()[plant_of_row]
    def frac(rows):
        total = rows.sum()
        return float(rows[:, renewable].sum() / total) if total > 0 else 0.0
    areas = {"network": frac(local_rows), limit.client: frac(export_rows), "combined": frac(local_rows + export_rows)}
    return local_rows + export_rows, production_rows, unserved_kwh, unserved, areas


def _with_availability(active, overrides):
    """The plants with ``operation.availability_frac`` overriding their table's availability."""
    if not overrides:
        return active
    unknown = sorted(set(overrides) - set(active["id"]))
    if unknown:
        raise ValueError(f"operation.availability_frac names plants not in service: {unknown}; "
                         f"plants: {list(active['id'])}")
    active = active.copy()
    if "availability_frac" not in active:
        active["availability_frac"] = np.nan
    active["availability_frac"] = active["availability_frac"].astype(float)
    for pid, value in overrides.items():
        active.loc[active["id"] == pid, "availability_frac"] = float(value)
    return active


def _fuel_and_co2(heat, fleet, co2_factors):
    """Fuel burned by fuel (MWh PCI: heat / efficiency) and its CO2 (t)."""
    fuel_in = heat.to_numpy(float) / fleet.efficiency
    fuels = fleet.fuels
    fuel_mwh = {f: float(fuel_in[fuels == f].sum()) for f in sorted(set(fuels))}
    factors = dict(co2_factors)
    return fuel_mwh, float(sum(mwh * factors.get(f, 0.0) for f, mwh in fuel_mwh.items()))  # MWh x kg/kWh = t


def _r1_energy(settings, heat, fuels, total):
    """R1c of the mix: the energy prices weighted by each fuel's heat (None without prices)."""
    if settings.energy_prices is None or total <= 0:
        return None
    prices = {"wood": settings.energy_prices.wood_eur_per_mwh, "gas": settings.energy_prices.gas_eur_per_mwh,
              "fuel_oil": settings.energy_prices.fuel_oil_eur_per_mwh}
    by_fuel = {f: float(heat[fuels == f].sum()) for f in set(fuels)}
    missing = [f for f, mwh in by_fuel.items() if mwh > 0 and prices.get(f) is None]
    if missing:
        raise ValueError(f"operation.energy_prices has no price for {missing}")
    return sum(prices[f] * mwh for f, mwh in by_fuel.items() if mwh > 0) / total
