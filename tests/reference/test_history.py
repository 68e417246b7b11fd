"""The years 2014-2016 as operated, against the study's operating table (§3.3.1)."""

import re

import pytest

from heatnet.scenarios import run_scenario
from tests.conftest import SCENARIOS

# year: (biomass share, total heat input MWh PCI utile), study 002 §3.3.1
REPORTED = {2014: (0.98, 46079), 2015: (0.93, 45754), 2016: (0.77, 48182)}


@pytest.mark.parametrize("year", sorted(REPORTED))
def test_history_year(year):
    result = run_scenario(SCENARIOS / "history" / f"history_{year}.yaml")
    share, heat_input = REPORTED[year]
    assert abs(result.figures["renewable_frac"] - share) <= 0.03  # within 3 points
    assert result.figures["heat_input_mwh"] == pytest.approx(heat_input, rel=0.03)  # within 3 %
    assert result.figures["unserved_mwh"] == 0


def test_scenarios_move_the_mix_the_expected_way():
    baseline = run_scenario(SCENARIOS / "2016_baseline.yaml")
    closure = run_scenario(SCENARIOS / "hospital_closure.yaml")
    lievin = run_scenario(SCENARIOS / "lievin_interconnection.yaml")
    new_hospital = run_scenario(SCENARIOS / "new_hospital.yaml")
    # a normal year without the 2016 stop, and the hospital's load gone: LBE covers nearly everything
    assert closure.figures["renewable_frac"] > baseline.figures["renewable_frac"]
    # Liévin's 17 GWh push the load above LBE's capacity more often: the share falls, gas burned rises
    assert lievin.figures["renewable_frac"] < new_hospital.figures["renewable_frac"]
    assert lievin.figures["gas_mwh"] > new_hospital.figures["gas_mwh"]


# year: (average price EUR HT/MWh, operating result EUR), study 002 §3.3.1 accounts and operating tables:
# (R1 + R2 revenue) / heat sold, and the published result (kEUR, rounded to units: +/- 1 kEUR)
ACCOUNTS = {2014: ((1984.8 + 699.6) / 41.471, 226_000), 2015: ((1937.4 + 569.6) / 41.179, 124_000),
            2016: ((1756 + 637.4) / 43.241, 92_000)}


@pytest.mark.parametrize("year", sorted(ACCOUNTS))
def test_history_year_is_priced_from_its_own_accounts(year):
    result = run_scenario(SCENARIOS / "history" / f"history_{year}.yaml")
    price, operating_result = ACCOUNTS[year]
    assert result.figures["average_price_eur_per_mwh"] == pytest.approx(price, abs=0.05)
    assert result.figures["operator_result_eur"] == pytest.approx(operating_result, abs=1_000)
    assert result.tariff["accounts_period"] == str(year)
    if year == 2014:
        assert result.figures["average_price_eur_per_mwh"] == pytest.approx(64.73, abs=0.05)


def test_cep_year_and_its_biomass_share(tmp_path):
    """The CEP 2016 column (§3.3.1): 31,239 kW, 59,345 MWh at the reference climate, 64 % biomass.
    The model offers LBE's full 13 MW all year and finds far more biomass; offering only LBE's
    contract guarantees (11.5 MW in winter at 92 %, 1.5 MW outside), as a forecast account
    counts them, it finds the CEP's biomass heat: 43,495 MWh (within 3 %). The share itself differs
    by the efficiency: the CEP assumed 87 % (68,192 MWh of heat input), the 2016 pipes give about
    93 % (63,600 MWh), so the same biomass heat is a larger share of a smaller input."""
    path = SCENARIOS / "cep_2016.yaml"
    cep = run_scenario(path)
    assert cep.figures["subscribed_kw"] == pytest.approx(31239)
    assert cep.figures["heat_sold_mwh"] == pytest.approx(59345)  # reference climate, rigueur 1.00
    assert cep.figures["rigueur"] == pytest.approx(1.0)
    assert cep.figures["renewable_frac"] > 0.80
    text = path.read_text(encoding="utf-8").replace("base: 2016_baseline.yaml",
                                                     f"base: {SCENARIOS / '2016_baseline.yaml'}")
    variant = tmp_path / "cep_contract.yaml"
    variant.write_text(text.rstrip() + "\n  contract_minimum_only: true\n", encoding="utf-8")
    contract = run_scenario(variant)
    biomass_mwh = float(contract.operation.heat_by_plant_mwh["lbe"])
    assert biomass_mwh == pytest.approx(43495, rel=0.03)  # the CEP's "Biomasse CRE" row
    assert biomass_mwh / 68192 == pytest.approx(0.64, abs=0.02)  # the CEP's 64 % on its own heat input


def test_lbe_full_output_is_called_at_the_studys_temperature():
    """Study 002 §3.1.4: LBE's maximal winter output (13 MW) "n'est appelée que lorsque la température
    extérieure est inférieure à -5°C". The 2016 network in the reference climate (the baseline's
    twin): its load (sales + losses) over the hours at -5 °C (within 0.5 K) is 13 MW within 0.5 MW,
    the statement data/lens/network.yaml names (``heating``) and the buildings' time constant is
    calibrated on. Without the buildings' inertia the same hours asked 16.1 MW."""
    from heatnet.io.folder import read_parameters
    from heatnet.scenarios.twin import run_normalised_twin

    statement = read_parameters(SCENARIOS.parent / "data" / "lens")["heating"]
    hourly = run_normalised_twin(SCENARIOS / "2016_baseline.yaml").operation.hourly
    near = (hourly["temp_c"] - statement["full_output_below_c"]).abs() <= 0.5
    assert near.sum() >= 10  # enough hours to read a load
    load_kw = (hourly["load_kw"] + hourly["losses_kw"])[near].mean()
    assert load_kw == pytest.approx(statement["full_output_kw"], abs=500)
    # and the full output is not called in milder hours: at 0 °C the load is well under 13 MW
    mild = (hourly["temp_c"] - 0.0).abs() <= 0.5
    assert (hourly["load_kw"] + hourly["losses_kw"])[mild].mean() < statement["full_output_kw"] - 1000


def test_the_daily_mean_reading_of_the_minus_5_statement_holds_for_a_lone_day_only():
    """The model reads the -5 °C statement (§3.1.4) on the HOURLY temperature (the test above). Read on a
    DAILY MEAN of -5 °C it holds for a lone day only: the 2016 twin's loads with days of mean -5 °C put in
    at the typical year's coldest day (the hours' shape kept, the year's sales unchanged) ask 12.9 MW on the
    first such day, but 14.3 MW on the second and 15.9 MW on the fifth, towards the steady 16.1 MW the
    buildings reach in a spell, whatever their time constant (the load per degree, 0.63 MW/K, is the year's
    heating sales over its degree-hours). And the typical year itself, which has no day of mean -5 °C
    (coldest -2.4 °C), asks more than 13 MW on days of mean above -2 °C. Both readings cannot hold with
    the annual sales fixed unless the base load were about 43 % of sales (20 % from the category shares;
    domestic hot water is outside the delegation, §3.1.7)."""
    import numpy as np
    import pandas as pd

    from heatnet.model import demand, operation
    from heatnet.model.climate import degree_days
    from heatnet.scenarios.twin import run_normalised_twin

    twin = run_normalised_twin(SCENARIOS / "2016_baseline.yaml")
    hourly = twin.operation.hourly
    temp0 = hourly["temp_c"].to_numpy()
    profiles = demand.read_profiles()
    rigueur = degree_days(temp0) / float(twin.figures["sales_dju"])
    sales = demand.climate_scaled(twin.state.substations, profiles, rigueur)
    levels = twin.physics.levels
    settings = operation.OperationSettings(building_time_constant_h=40.0)

    def demand_kw(temp):
        heat_c = operation.heating_temperature(settings, 2016, temp)
        load_kw, _ = demand.network_load_kw(sales, heat_c, profiles, 18.0)
        return load_kw + np.interp(heat_c, levels["outdoor_c"], levels["heat_loss_kw"])

    np.testing.assert_allclose(demand_kw(temp0), hourly["load_kw"] + hourly["losses_kw"], rtol=1e-12)  # the twin's
    day_mean_c = temp0.reshape(-1, 24).mean(axis=1)
    day_load_kw = demand_kw(temp0).reshape(-1, 24).mean(axis=1)
    assert day_mean_c.min() > -3.0  # the typical year has no day of mean -5 °C
    assert day_load_kw[(day_mean_c > -2.0) & (day_mean_c < 0.0)].max() > 13_000  # full output above -5 °C
    # docs/operation.md: a straight line through the November-March days' mean loads reaches 13 MW at a
    # daily mean of -1.75 °C and LBE's guaranteed 11.5 MW at +1.25 °C
    above = day_load_kw > 13_000  # four days, of means -2.3 to -1.0 °C, up to 13.95 MW at -1.4 °C
    assert above.sum() == 4 and day_load_kw.max() == pytest.approx(13_950, abs=10)
    assert day_mean_c[above].min() == pytest.approx(-2.25, abs=0.05)
    assert day_mean_c[above].max() == pytest.approx(-0.96, abs=0.05)
    winter = np.isin(pd.DatetimeIndex(hourly.index[::24]).month, [11, 12, 1, 2, 3])
    slope_kw_per_k, intercept_kw = np.polyfit(day_mean_c[winter], day_load_kw[winter], 1)
    assert (13_000 - intercept_kw) / slope_kw_per_k == pytest.approx(-1.75, abs=0.05)
    assert (11_500 - intercept_kw) / slope_kw_per_k == pytest.approx(1.25, abs=0.05)

    coldest = int(day_mean_c.argmin())
    def spell_kw(days):  # the daily mean load of each day of a spell of days of mean -5 °C
        temp = temp0.copy()
        for k in range(days):
            hours = slice((coldest + k) * 24, (coldest + k + 1) * 24)
            temp[hours] += -5.0 - temp[hours].mean()
        return demand_kw(temp).reshape(-1, 24).mean(axis=1)[coldest:coldest + days]

    assert spell_kw(1)[0] == pytest.approx(13_000, abs=500)  # a lone day: the statement holds
    five = spell_kw(5)
    assert five[1] > 14_000 and five[4] > 15_500  # a spell: it does not
    heat_c = operation.heating_temperature(settings, 2016, temp0)
    per_degree_kw, base_kw = demand._parts_kw(sales, heat_c, profiles, 18.0)
    losses_kw = np.interp(-5.0, levels["outdoor_c"], levels["heat_loss_kw"])
    steady_kw = per_degree_kw.sum() * 23.0 + base_kw.sum() + losses_kw
    assert steady_kw == pytest.approx(16_100, abs=300)


def _history_without_chp(year, tmp_path):
    """The history year with its CHP never called (``operation.called_hours`` 0)."""
    path = SCENARIOS / "history" / f"history_{year}.yaml"
    text = path.read_text(encoding="utf-8").replace("network: ../../data/lens",
                                                    f"network: {SCENARIOS.parent / 'data' / 'lens'}")
    variant = tmp_path / f"history_{year}_without_chp.yaml"
    variant.write_text(re.sub(r"called_hours: \{cogestar2: [0-9.]+\}", "called_hours: {cogestar2: 0}", text),
                       encoding="utf-8")
    return run_scenario(variant)


def test_hospital_boilers_shave_the_central_plants_peak_while_the_hospital_exists(tmp_path):
    """Study 002 §3.1.4: the hospital's boiler house runs "en secours du centre hospitalier et en délestage
    du réseau"; §3.3.1 gives it 140 / 185 / 825 MWh in 2014-2016. Read as peak shaving of the central
    plant (ranks: LBE, the 10 MW central boiler, the hospital's 8.5 and 4.25 MW, the 12 MW central boiler),
    2016 gives 790 MWh without the CHP (within 10 % of 825) while the central plant keeps its 9,959 MWh
    within 3 %; 2015's short stop gives a little (185 reported), 2014 without a stop none (140 reported:
    the hospital's own backup use, which the model does not know).

    With the hospital's CHP called in the coldest weekdays' peak hours (129 h in 2016), its heat comes
    first and takes the top of the stack in those hours, the boilers' peak shaving: 79 of its 129 MWh
    (2016's called days fall in LBE's technical stop), leaving the boilers 711 MWh (-14 %); the hospital
    site's gas heat, boilers and CHP, is 840 MWh against 954 reported (-12 %)."""
    heat = {year: run_scenario(SCENARIOS / "history" / f"history_{year}.yaml").operation.heat_by_plant_mwh
            for year in (2014, 2015, 2016)}
    hospital = {year: float(h["chl_boiler_8500"] + h["chl_boiler_4250"]) for year, h in heat.items()}
    central = float(heat[2016]["zup_boiler_10mw"] + heat[2016]["zup_boiler_12mw"])
    alone = _history_without_chp(2016, tmp_path).operation.heat_by_plant_mwh
    assert float(alone["chl_boiler_8500"] + alone["chl_boiler_4250"]) == pytest.approx(825, rel=0.10)
    assert float(alone["cogestar2"]) == 0.0
    # the CHP's heat displaces the boilers' peak shaving, never more than its own heat
    displaced = float(alone["chl_boiler_8500"] + alone["chl_boiler_4250"]) - hospital[2016]
    assert 0 < displaced <= float(heat[2016]["cogestar2"]) + 1e-6
    assert hospital[2016] == pytest.approx(825, rel=0.15)
    assert hospital[2016] + float(heat[2016]["cogestar2"]) == pytest.approx(825 + 129, rel=0.15)
    assert central == pytest.approx(9959, rel=0.03)
    assert 50 < hospital[2015] < 400 and hospital[2014] < 140
    closed = run_scenario(SCENARIOS / "hospital_closure.yaml")
    assert "chl_boiler_8500" not in closed.operation.heat_by_plant_mwh  # gone with the hospital


# year: the hospital CHP's heat (MWh PCI utile), study 002 §3.3.1 "Cogénération centre hospitalier"
CHP_REPORTED = {2014: 9, 2015: 10, 2016: 129}


@pytest.mark.parametrize("year", sorted(CHP_REPORTED))
def test_hospital_chp_gives_its_reported_heat_when_called(year):
    """COGESTAR 2 "est dispatchable (mise à disposition de la puissance électrique uniquement)" (§3.1.4): it
    runs when the electricity system calls it. Each history year states its called hours, derived from the
    published heat over the CHP's assumed 1,000 kW (checked here against heat_input.csv and plants.csv, so
    the two cannot drift apart); the model gives the published heat to 0.5 MWh, in the peak hours of the
    season's coldest weekdays, and the year stays within 3 points of its share (test_history_year)."""
    import csv

    import yaml

    result = run_scenario(SCENARIOS / "history" / f"history_{year}.yaml")
    data = SCENARIOS.parent / "data" / "lens"
    reported = {(r["period"], r["report_group"]): float(r["heat_mwh"])
                for r in csv.DictReader((data / "heat_input.csv").open(encoding="utf-8"))}
    assert reported[(str(year), "hospital_chp")] == CHP_REPORTED[year]
    capacity_kw = next(float(r["capacity_kw"]) for r in csv.DictReader((data / "plants.csv").open(encoding="utf-8"))
                       if r["id"] == "cogestar2")
    stated = yaml.safe_load((SCENARIOS / "history" / f"history_{year}.yaml").read_text(encoding="utf-8"))
    assert stated["operation"]["called_hours"]["cogestar2"] == pytest.approx(CHP_REPORTED[year] * 1000 / capacity_kw)
    assert float(result.operation.heat_by_plant_mwh["cogestar2"]) == pytest.approx(CHP_REPORTED[year], abs=0.5)
    chp = result.operation.hourly["cogestar2"]
    on = chp[chp > 0].index
    assert set(on.hour) <= set(range(7, 15)) | {18, 19} and (on.day_of_week < 5).all()
