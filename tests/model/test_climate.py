"""Degree-days, the typical year and measured temperatures."""

import numpy as np
import pandas as pd
import pytest

from heatnet.model import climate
from heatnet.io.folder import DataError


@pytest.mark.parametrize("year, dju", [(2014, 2077), (2015, 2259), (2016, 2483), (2021, 2622)])
def test_typical_year_hits_the_dju_and_the_design_temperature(year, dju):
    temp = climate.typical_year(year, dju, design_temp_c=-9.0)
    assert len(temp) == climate.hours_in_year(year)
    assert climate.degree_days(temp) == pytest.approx(dju, abs=1e-6)
    assert temp.min() == pytest.approx(-9.0, abs=1e-9)
    # northern France: winter colder than summer, a plausible annual mean
    assert temp[:744].mean() < temp[4344:5088].mean()
    assert 8 < temp.mean() < 14


def test_typical_year_is_reproducible_and_seeded():
    a = climate.typical_year(2016, 2483, seed=1)
    np.testing.assert_array_equal(a, climate.typical_year(2016, 2483, seed=1))
    assert not np.array_equal(a, climate.typical_year(2016, 2483, seed=2))


def test_degree_days_by_hand():
    # two days: mean 10 °C (8 DJU) and mean 20 °C (0 DJU)
    temp = np.concatenate([np.full(24, 10.0), np.full(24, 20.0)])
    assert climate.degree_days(temp) == 8.0


def test_climate_correction_only_scales_the_heating_part():
    # 1,000 MWh, 80 % heating, a mild year at rigueur 0.8: 200 + 800 / 0.8
    assert climate.climate_correct(1000, 0.8, 2097.6, 2622) == pytest.approx(1200)
    assert climate.rigueur(2483, 2622) == pytest.approx(0.947, abs=1e-3)  # the study prints 0.95


def test_read_meteo_france_style_csv(tmp_path):
    hours = [f"2015{m:02d}{d:02d}{h:02d}" for m, d in [(1, 1)] for h in range(24)]
    rows = ["AAAAMMJJHH;T"] + [f"{t};{-2.5 + i * 0.1:.1f}".replace(".", ",") for i, t in enumerate(hours)]
    path = tmp_path / "t.csv"
    path.write_text("\n".join(rows))
    with pytest.raises(DataError, match="hour\\(s\\) of 2015 missing"):
        climate.read_hourly_temperature(path)


def test_read_full_year_and_bad_cells(tmp_path):
    import pandas as pd

    index = pd.date_range("2016-01-01", periods=8784, freq="h")
    temp = climate.typical_year(2016, 2483)
    path = tmp_path / "t.csv"
    path.write_text("date;temp_c\n" + "\n".join(f"{t:%Y-%m-%d %H:%M};{v:.3f}".replace(".", ",")
                                                for t, v in zip(index, temp)))
    got = climate.read_hourly_temperature(path)
    np.testing.assert_allclose(got, temp, atol=5e-4)
    lines = path.read_text().splitlines()
    lines[5] = "2016-01-01 04:00;froid"
    path.write_text("\n".join(lines))
    with pytest.raises(DataError, match=r"t.csv, line 6, column 'temp_c': expected a temperature"):
        climate.read_hourly_temperature(path)
    path.write_text("when;value\n2016-01-01 00:00;1\n")
    with pytest.raises(DataError, match="expected a time column"):
        climate.read_hourly_temperature(path)


def test_typical_year_from_the_station_normals_has_a_heating_season_and_the_right_monthly_shape():
    """Lille-Lesquin normals (data/lens/climate_normals.csv), the 2016 loads in the reference climate:
    winter months sell most, July-August least (the base load only: no heating out of season)."""
    from heatnet.scenarios.twin import run_normalised_twin
    from tests.conftest import SCENARIOS

    from heatnet.model import climate as cl
    normals = cl.read_normals(SCENARIOS.parent / "data" / "lens" / "climate_normals.csv")
    temp = cl.typical_year(2016, 2622, -9.0, 0, normals=normals)
    assert cl.degree_days(temp) == pytest.approx(2622, abs=1e-6) and temp.min() == pytest.approx(-9.0)
    monthly_temp = pd.Series(temp, index=pd.date_range("2016-01-01", periods=len(temp), freq="h")).resample("MS").mean()
    assert monthly_temp.idxmin().month in (1, 2) and monthly_temp.idxmax().month in (7, 8)
    op = run_normalised_twin(SCENARIOS / "2016_baseline.yaml").operation
    sales = op.hourly["load_kw"].groupby(op.hourly.index.month).sum() / 1000
    per_day = sales / sales.index.map(lambda m: pd.Period(f"2016-{m:02d}").days_in_month)
    assert set(sales.nlargest(3).index) <= {12, 1, 2}
    assert sales[12] > sales[11] and sales[7] < sales[5] and sales[8] < sales[9] + 100
    assert per_day[[6, 7, 8, 9]].max() == pytest.approx(per_day[[6, 7, 8, 9]].min())  # base only, out of season
    assert per_day[7] == pytest.approx(per_day.min())


def test_buildings_inertia_is_a_first_order_lag():
    # a step from 10 °C to 0 °C: after one time constant the lagged temperature has moved 1 - 1/e of the way
    temp = np.r_[np.full(500, 10.0), np.full(500, 0.0)]
    lagged = climate.smoothed_temperature(temp, 40.0)
    assert lagged[499] == pytest.approx(10.0, abs=1e-3)  # settled on the first level (warm-up on the year's end)
    assert lagged[539] == pytest.approx(10.0 * np.exp(-1.0), abs=1e-4)
    assert np.all(np.diff(lagged[500:]) < 0) and lagged.min() > 0.0  # never overshoots
    assert np.array_equal(climate.smoothed_temperature(temp, 0), temp)
    # the mean over a periodic year is kept: the lag moves heat in time, it does not add or remove it
    year = climate.typical_year(2016, 2622.0)
    assert climate.smoothed_temperature(year, 40.0).mean() == pytest.approx(year.mean(), abs=0.01)


def test_design_lift_damps_the_daily_swing():
    # a day repeated: the lag damps its swing by 1 / sqrt(1 + (2 pi tau / 24)^2); lift = half-range x (1 - that)
    tau = 40.0
    day = -9.0 + 3.0 * (1 - np.cos(2 * np.pi * (np.arange(24 * 30) % 24) / 24))  # coldest -9, half-range 3
    lagged = climate.smoothed_temperature(day, tau)[-48:]
    assert lagged.min() - (-9.0) == pytest.approx(climate.design_lift_k(tau, daily_half_range_k=3.0), abs=0.05)
    assert climate.design_lift_k(0.0) == 0.0
    normals = ((4.2, 4.6) + (10.0,) * 10, (5.6, 6.6) + (8.0,) * 10)
    assert climate.design_lift_k(tau, normals) == pytest.approx(2.8 * (1 - 1 / np.sqrt(1 + (2 * np.pi * tau / 24) ** 2)))
