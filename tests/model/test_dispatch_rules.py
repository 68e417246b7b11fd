"""Every plant is dispatched by a stated rule: merit order, ties resolved by cost or refused, must-run periods."""

import numpy as np
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
    plants.loc[plants["id"] == "cogestar2", ["called_start", "called_end", "called_hours_per_year"]] = None  # one rule
    op = run(plants)
    chp = op.hourly["cogestar2"]
    assert chp["2016-01"].min() == pytest.approx(1000)  # its full 1 MW every hour of January, before LBE
    assert chp["2016-02":].sum() == 0  # outside its period it keeps its rank (last): LBE covers it
    assert op.heat_by_plant_mwh["cogestar2"] == pytest.approx(31 * 24 * 1.0)
    assert op.unserved_mwh == 0


def test_called_plant_runs_the_peak_hours_of_its_coldest_weekdays():
    """A plant the electricity system calls (COGESTAR 2: called season 1 Nov-31 Mar, the capacity
    mechanism's PP1 hours 7-15 h and 18-20 h) runs at full output in the peak hours of its season's
    coldest weekdays, coldest first, until its called hours are spent; it is never called on a weekend,
    outside its season or outside those hours."""
    op = run(STATE.plants, called_hours={"cogestar2": 25})
    hourly = op.hourly
    chp = hourly["cogestar2"]
    on = chp[chp > 0]
    assert op.heat_by_plant_mwh["cogestar2"] == pytest.approx(25.0)  # 25 h at 1,000 kW
    assert np.allclose(on, 1000) and len(on) == 25
    assert set(on.index.hour) <= set(range(7, 15)) | {18, 19}
    assert (on.index.day_of_week < 5).all() and set(on.index.month) <= {1, 2, 3, 11, 12}
    called_days = sorted(set(on.index.normalize()))
    assert len(called_days) == 3  # two whole days of 10 peak hours and 5 hours of a third
    day_mean = hourly["temp_c"].groupby(hourly.index.normalize()).mean()
    days = day_mean.index
    eligible = day_mean[(days.day_of_week < 5) & days.month.isin([1, 2, 3, 11, 12])]
    assert set(called_days) == set(eligible.nsmallest(3).index)  # the three coldest weekdays of the season
    assert op.unserved_mwh == 0


def test_called_hours_default_to_the_plants_own_and_may_be_fractional():
    op = run(STATE.plants)
    assert op.heat_by_plant_mwh["cogestar2"] == pytest.approx(49.3)  # plants.csv: the mean of 2014-2016
    assert run(STATE.plants, called_hours={"cogestar2": 0}).heat_by_plant_mwh["cogestar2"] == 0.0


def test_called_hours_errors_name_the_plant():
    with pytest.raises(ValueError, match=r"names plants not in service: \['nope'\]"):
        run(STATE.plants, called_hours={"nope": 10})
    with pytest.raises(ValueError, match="plant 'lbe' has no called season"):
        run(STATE.plants, called_hours={"lbe": 10})
    with pytest.raises(ValueError, match="weekdays of 10 called hours"):
        run(STATE.plants, called_hours={"cogestar2": 2000})  # a season of about 105 weekdays holds 1,050 h
    plants = STATE.plants.copy()
    plants["must_run_start"], plants["must_run_end"] = None, None
    plants.loc[plants["id"] == "cogestar2", ["must_run_start", "must_run_end"]] = ["01-01", "01-31"]
    with pytest.raises(ValueError, match="both a must-run period and called hours"):
        run(plants)


def test_called_hours_as_spans_of_the_day():
    from heatnet.io.schema import parse_day_hours

    assert parse_day_hours("07-15;18-20") == [7, 8, 9, 10, 11, 12, 13, 14, 18, 19]
    for bad in ("7-25", "15-07", "7h-15h", "07-15;10-12"):
        with pytest.raises(ValueError):
            parse_day_hours(bad)
