"""Every plant is dispatched by a stated rule: merit order, ties resolved by cost or refused, must-run periods."""

import pandas as pd
import pytest

from heatnet.model.operation import EnergyPrices, OperationSettings, run_operation
from tests.model.test_dispatch import CO2, STATE


def run(plants, **settings):
    return run_operation(STATE.substations, plants, OperationSettings(dju=2622, outage_draws=0, **settings),
                         year=2016, reference_dju=2622, co2_factors=CO2)


def with_wood_boiler(rank):
    plants = STATE.plants.copy()
    wood = plants[plants["id"] == "zup_boiler_10mw"].assign(id="wood_boiler", fuel="wood", renewable=True,
                                                             technology="biomass_boiler", merit_order=rank)
    return pd.concat([plants, wood], ignore_index=True)


def test_equal_merit_orders_are_an_error_naming_the_plants():
    plants = with_wood_boiler(2)  # the same rank as the 10 MW gas boiler
    with pytest.raises(ValueError, match=r"\['zup_boiler_10mw', 'wood_boiler'\] share merit_order 2"):
        run(plants)


def test_equal_merit_orders_resolved_by_the_lowest_variable_cost():
    plants = with_wood_boiler(2)
    prices = EnergyPrices(wood_eur_per_mwh=30.0, gas_eur_per_mwh=55.0)
    op = run(plants, energy_prices=prices)
    assert op.heat_by_plant_mwh["wood_boiler"] > 100  # the peaks above LBE: the cheaper wood boiler first
    assert op.heat_by_plant_mwh["wood_boiler"] > op.heat_by_plant_mwh["zup_boiler_10mw"]
    cheap_gas = run(plants, energy_prices=EnergyPrices(wood_eur_per_mwh=60.0, gas_eur_per_mwh=55.0))
    assert cheap_gas.heat_by_plant_mwh["zup_boiler_10mw"] > cheap_gas.heat_by_plant_mwh["wood_boiler"]


def test_must_run_plant_runs_first_in_its_period_only():
    plants = STATE.plants.copy()
    plants["must_run_start"] = None
    plants["must_run_end"] = None
    plants.loc[plants["id"] == "cogestar2", ["must_run_start", "must_run_end"]] = ["01-01", "01-31"]
    op = run(plants)
    chp = op.hourly["cogestar2"]
    assert chp["2016-01"].min() == pytest.approx(1000)  # its full 1 MW every hour of January, before LBE
    assert chp["2016-02":].sum() == 0  # outside its period it keeps its rank (last): LBE covers it
    assert op.heat_by_plant_mwh["cogestar2"] == pytest.approx(31 * 24 * 1.0)
    assert op.unserved_mwh == 0
