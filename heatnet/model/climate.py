"""Outdoor temperature and degree-days: a typical year, or measured hourly temperatures.

Degree-days (DJU, base 18 °C) are counted the French way, per day, from the day's mean
temperature: ``max(0, 18 - T_mean_day)``. The typical year is generated reproducibly from
a seed (an annual cycle, a daily cycle and autocorrelated weather noise), then calibrated
exactly to a target DJU and to the design temperature (the coldest hour of the year).
"""

import datetime as dt

import numpy as np
import pandas as pd

from heatnet.io.folder import DataError, parse_number, read_csv_cells

BASE_TEMP_C = 18.0


def hours_in_year(year):
    return 24 * (366 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 365)


def degree_days(temp_c, base_temp_c=BASE_TEMP_C):
    """DJU of an hourly series whose length is a whole number of days."""
    temp_c = np.asarray(temp_c, dtype=float)
    daily = temp_c.reshape(-1, 24).mean(axis=1)
    return float(np.maximum(base_temp_c - daily, 0.0).sum())


def rigueur(dju_year, dju_reference):
    """Climate severity: the year's DJU over the reference year's."""
    return dju_year / dju_reference


def climate_correct(heat_mwh, heating_frac, dju_year, dju_reference):
    """Heat restated to the reference climate: only the heating part scales with the DJU."""
    return heat_mwh * (1 - heating_frac) + heat_mwh * heating_frac / rigueur(dju_year, dju_reference)


def _raw_year(year, seed, mean_temp_c, annual_amplitude_k, daily_amplitude_k, noise_k, noise_autocorr):
    n = hours_in_year(year)
    hours = np.arange(n)
    day = hours / 24.0
    # coldest around 15 January, warmest around mid-July; daily minimum around 5 h
    annual = -annual_amplitude_k * np.cos(2 * np.pi * (day - 15) / (n / 24))
    daily = -daily_amplitude_k * np.cos(2 * np.pi * (hours % 24 - 5) / 24)
    rng = np.random.default_rng(seed)
    shocks = rng.normal(0.0, noise_k * np.sqrt(1 - noise_autocorr ** 2), n)
    noise = np.empty(n)
    noise[0] = rng.normal(0.0, noise_k)
    for i in range(1, n):
        noise[i] = noise_autocorr * noise[i - 1] + shocks[i]
    return mean_temp_c + annual + daily + noise


def typical_year(year, dju, design_temp_c=-9.0, seed=0, mean_temp_c=10.5, annual_amplitude_k=7.5,
                 daily_amplitude_k=3.0, noise_k=3.5, noise_autocorr=0.995, cold_tail_threshold_c=2.0,
                 base_temp_c=BASE_TEMP_C):
    """Hourly outdoor temperature (°C) of a typical year with exactly ``dju`` and a coldest hour at
    ``design_temp_c``.

    Defaults describe northern France (Lille-Lesquin normals: about 10.5 °C mean, 3 °C in
    January, 18 °C in July; weather anomalies lasting days, hence the hourly autocorrelation
    0.995, about 8 days). Calibration: the whole series is shifted, and the part colder than
    ``cold_tail_threshold_c`` stretched so that its minimum is the design temperature; the shift
    is solved so that the DJU equals the target.
    """
    raw = _raw_year(year, seed, mean_temp_c, annual_amplitude_k, daily_amplitude_k, noise_k, noise_autocorr)

    def shaped(offset):
        t = raw + offset
        low = t.min()
        if low >= cold_tail_threshold_c:
            return t
        tail = t < cold_tail_threshold_c
        out = t.copy()
        out[tail] = cold_tail_threshold_c + (t[tail] - cold_tail_threshold_c) * (
            (design_temp_c - cold_tail_threshold_c) / (low - cold_tail_threshold_c))
        return out

    # DJU falls as the offset rises: bisection (60 halvings of 60 K reach 1e-16 K); scipy's root
    # finders would cost the command line a 0.3 s import for this one monotone root
    low, high = -30.0, 30.0
    if not degree_days(shaped(high), base_temp_c) <= dju <= degree_days(shaped(low), base_temp_c):
        raise ValueError(f"no typical year reaches {dju} DJU with these climate parameters")
    for _ in range(60):
        mid = (low + high) / 2
        if degree_days(shaped(mid), base_temp_c) > dju:
            low = mid
        else:
            high = mid
    return shaped((low + high) / 2)


TIME_COLUMNS = ("datetime", "date", "time", "date_heure", "horodate", "aaaammjjhh")
TEMP_COLUMNS = ("temp_c", "t", "temperature", "temp", "tair")


def read_hourly_temperature(path, year=None):
    """Hourly temperatures from a CSV (e.g. a Météo-France export): a time column and a °C column.

    Accepts ``;`` or ``,`` separators and decimal commas; times as ISO (2016-01-01 00:00) or
    Météo-France ``AAAAMMJJHH``. Returns a float array of the hours of ``year`` (the file's only
    year when None); a missing hour or a bad cell is an error naming file, line and column.
    """
    cells, lines = read_csv_cells(path)
    columns = {c.lower(): c for c in cells.columns}
    time_col = next((columns[c] for c in TIME_COLUMNS if c in columns), None)
    temp_col = next((columns[c] for c in TEMP_COLUMNS if c in columns), None)
    if time_col is None or temp_col is None:
        raise DataError(path, f"expected a time column (one of {list(TIME_COLUMNS)}) and a temperature column "
                              f"in °C (one of {list(TEMP_COLUMNS)}); found {list(cells.columns)}")
    times, temps = [], []
    for raw_time, raw_temp, line in zip(cells[time_col], cells[temp_col], lines):
        try:
            text = raw_time.strip()
            stamp = (dt.datetime.strptime(text, "%Y%m%d%H") if text.isdigit() and len(text) == 10
                     else pd.Timestamp(text).to_pydatetime())
        except (ValueError, TypeError):
            raise DataError(path, f"expected a date and hour, found {raw_time!r}", line=line, column=time_col) from None
        try:
            value = parse_number(raw_temp)
        except ValueError:
            raise DataError(path, f"expected a temperature in °C, found {raw_temp!r}", line=line,
                            column=temp_col) from None
        if not -60 <= value <= 60:
            raise DataError(path, f"{value} °C is outside -60..60", line=line, column=temp_col)
        times.append(stamp.replace(minute=0, second=0, microsecond=0))
        temps.append(value)
    series = pd.Series(temps, index=pd.DatetimeIndex(times))
    if year is None:
        years = sorted(set(series.index.year))
        if len(years) != 1:
            raise DataError(path, f"the file covers years {years}: say which one to use")
        year = years[0]
    series = series[series.index.year == year].groupby(level=0).mean()
    expected = pd.date_range(f"{year}-01-01", periods=hours_in_year(year), freq="h")
    missing = expected.difference(series.index)
    if len(missing):
        raise DataError(path, f"{len(missing)} hour(s) of {year} missing, first {missing[0]}")
    return series.reindex(expected).to_numpy(float)
