"""The year's operation of a network: climate -> hourly demand -> dispatch -> mix, fuel, CO2, R1.

``run_operation`` is the one entry point the scenario runner calls; ``OperationSettings`` is
the ``operation:`` block of a scenario file.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from heatnet.model import climate
from heatnet.model import demand
from heatnet.model import dispatch
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


class OperationSettings(BaseModel):
    """The ``operation:`` block of a scenario: the year's climate, losses, outages and prices."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    dju: float | None = Field(None, gt=0, le=8000, description="Degree-days of the year (default: the network's "
                                                              "reference DJU).")
    design_temp_c: float = Field(-9.0, ge=-40, le=10, description="Coldest hour of the typical year, °C.")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the typical year's weather.")
    weather_csv: str | None = Field(None, description="Measured hourly temperatures (CSV), relative to the "
                                                     "scenario file; replaces the typical year.")
    heating_threshold_c: float = Field(18.0, ge=5, le=25, description="Outdoor temperature below which "
                                                                      "buildings need heating, °C.")
    losses: Literal["physics", "fixed"] = Field("physics", description="Network heat losses: from the pipes' "
                                                "physics hour by hour, or fixed by network_efficiency_frac.")
    network_efficiency_frac: float = Field(0.90, gt=0.3, le=1.0, description="Sales / production when losses is "
                                                                              "'fixed' (study: about 90 %).")
    outages: list[Outage] = Field(default_factory=list)
    contract_minimum_only: bool = Field(False, description="Plants with seasonal contract figures offer only "
                                                           "their guaranteed minimums (a conservative case).")
    availability_frac: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict, description="Mean availability by plant id.")
    energy_prices: EnergyPrices | None = None


@dataclass
class OperationResult:
    year: int
    hourly: pd.DataFrame
    heat_by_plant_mwh: pd.Series
    monthly_mwh: pd.DataFrame
    load_duration_kw: pd.DataFrame  # hours sorted by demand, one column per plant and unserved: the layers
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

    def summary(self):
        return {"renewable_frac": self.renewable_frac, "co2_t": self.co2_t, "co2_g_per_kwh": self.co2_g_per_kwh,
                "gas_mwh": self.gas_mwh, "mix_frac": dict(self.mix_frac), "unserved_mwh": self.unserved_mwh,
                "heat_input_mwh": self.heat_input_mwh, "losses_mwh": self.losses_mwh, "dju": self.dju,
                "network_efficiency_frac": self.sales_mwh / (self.sales_mwh + self.losses_mwh)}


def plants_in_service(plants, year):
    keep = pd.Series(True, index=plants.index)
    if "commissioned_year" in plants:
        c = pd.to_numeric(plants["commissioned_year"], errors="coerce")
        keep &= ~(c > year)
    if "retired_year" in plants:
        r = pd.to_numeric(plants["retired_year"], errors="coerce")
        keep &= ~(r <= year)
    return plants[keep].sort_values("merit_order", kind="stable").reset_index(drop=True)


@functools.lru_cache(maxsize=32)
def _typical_year(year, dju, design_temp_c, seed):
    series = climate.typical_year(year, dju, design_temp_c, seed)
    series.flags.writeable = False  # shared between runs
    return series


def temperatures(settings, year, reference_dju, base_dir="."):
    """The year's hourly outdoor temperature: measured (``weather_csv``) or the typical year."""
    if settings.weather_csv:
        return climate.read_hourly_temperature(Path(base_dir) / settings.weather_csv, year)
    return _typical_year(year, float(settings.dju or reference_dju), settings.design_temp_c, settings.seed)


def run_operation(substations, plants, settings, *, year, reference_dju, co2_factors, profiles=None,
                  base_dir=".", hourly_losses_kw=None, temp_c=None):
    """Operate the network over ``year``: hourly demand, dispatch, mix, fuel, CO2 and the R1c of the mix.

    ``substations``: id, category, heat_mwh, subscribed_kw; ``plants``: the plants table (those out of
    service in ``year`` are skipped); ``co2_factors``: fuel -> kg CO2/kWh (Series or mapping).
    """
    profiles = demand.read_profiles() if profiles is None else profiles
    temp_c = temperatures(settings, year, reference_dju, base_dir) if temp_c is None else temp_c
    load_kw, peaks = demand.network_load_kw(substations, temp_c, profiles, settings.heating_threshold_c)
    losses = demand.losses_kw(load_kw, settings.network_efficiency_frac) if hourly_losses_kw is None \
        else np.asarray(hourly_losses_kw, float)
    active = plants_in_service(plants, year)
    caps, index = dispatch.available_capacity_kw(
        active, year, [(o.plant_id, o.start, o.end) for o in settings.outages], settings.availability_frac,
        settings.contract_minimum_only)
    if len(index) != len(temp_c):
        raise ValueError(f"{len(temp_c)} hourly temperatures for a year of {len(index)} hours")
    production, unserved = dispatch.merit_order_dispatch(load_kw + losses, caps)
    ids = list(active["id"])
    hourly = pd.DataFrame({"temp_c": temp_c, "load_kw": load_kw, "losses_kw": losses}, index=index)
    for k, pid in enumerate(ids):
        hourly[pid] = production[k]
    hourly["unserved_kw"] = unserved
    heat = pd.Series(production.sum(axis=1) / 1000.0, index=ids, name="heat_mwh")
    total = float(heat.sum())
    renewable = active["renewable"].astype(bool).to_numpy()
    fuel_in = heat / active["efficiency_frac"].to_numpy(float)
    fuels = active["fuel"].to_numpy()
    fuel_mwh = {f: float(fuel_in[fuels == f].sum()) for f in sorted(set(fuels))}
    factors = dict(co2_factors)
    co2_t = float(sum(mwh * factors.get(f, 0.0) for f, mwh in fuel_mwh.items()))  # MWh x kg/kWh = t
    sales = float(load_kw.sum() / 1000.0)
    monthly = (hourly[ids].groupby(hourly.index.month).sum() / 1000.0).rename_axis("month")
    r1_energy = None
    if settings.energy_prices is not None and total > 0:
        prices = {"wood": settings.energy_prices.wood_eur_per_mwh, "gas": settings.energy_prices.gas_eur_per_mwh,
                  "fuel_oil": settings.energy_prices.fuel_oil_eur_per_mwh}
        by_fuel = {f: float(heat[fuels == f].sum()) for f in set(fuels)}
        missing = [f for f, mwh in by_fuel.items() if mwh > 0 and prices.get(f) is None]
        if missing:
            raise ValueError(f"operation.energy_prices has no price for {missing}")
        r1_energy = sum(prices[f] * mwh for f, mwh in by_fuel.items() if mwh > 0) / total
    return OperationResult(
        year=year, hourly=hourly, heat_by_plant_mwh=heat, monthly_mwh=monthly,
        load_duration_kw=hourly[ids + ["unserved_kw"]].iloc[np.argsort(-(load_kw + losses), kind="stable")]
        .reset_index(drop=True),
        renewable_frac=float(heat[renewable].sum() / total) if total > 0 else 0.0,
        gas_mwh=fuel_mwh.get("gas", 0.0), fuel_mwh=fuel_mwh, co2_t=co2_t,
        co2_g_per_kwh=co2_t * 1e6 / (sales * 1000.0) if sales > 0 else 0.0,
        unserved_mwh=float(unserved.sum() / 1000.0), heat_input_mwh=total, losses_mwh=float(losses.sum() / 1000.0),
        sales_mwh=sales, mix_frac={pid: float(v / total) if total else 0.0 for pid, v in heat.items()},
        dju=climate.degree_days(temp_c), peaks=peaks, r1_energy_eur_per_mwh=r1_energy, plants=active)
