"""Outdoor temperature and degree-days: a typical year, or measured hourly temperatures.

Degree-days (DJU, base 18 °C) are counted the French way, per day, from the day's mean
temperature: ``max(0, 18 - T_mean_day)``. The typical year is generated reproducibly from
a seed (an annual cycle, a daily cycle and autocorrelated weather noise), then calibrated
exactly to a target DJU and to the design temperature (the coldest hour of the year).
"""

import datetime as dt
import functools

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


@functools.lru_cache(maxsize=64)
def in_season(year, start_mmdd, end_mmdd):
    """Boolean over the hours of ``year``: True from ``start_mmdd`` to ``end_mmdd`` inclusive
    (a season across the new year, 10-01 to 05-15, wraps). Cached: treat as read-only."""
    index = pd.date_range(f"{year}-01-01", periods=hours_in_year(year), freq="h")
    md = index.month * 100 + index.day
    start, end = int(start_mmdd[:2]) * 100 + int(start_mmdd[3:]), int(end_mmdd[:2]) * 100 + int(end_mmdd[3:])
    mask = np.asarray((md >= start) & (md <= end) if start <= end else (md >= start) | (md <= end))
    mask.flags.writeable = False
    return mask


def smoothed_temperature(temp_c, time_constant_h):
    """The outdoor temperature seen through the buildings' thermal inertia: a first-order lag of
    ``time_constant_h`` hours (exponential smoothing, the year wrapping: the lag starts from the
    end of the year). 0 returns ``temp_c`` itself."""
    temp_c = np.asarray(temp_c, float)
    if not time_constant_h:
        return temp_c
    keep = float(np.exp(-1.0 / time_constant_h))
    values = temp_c.tolist()
    state = values[-1]
    for value in values[-min(len(values), int(10 * time_constant_h) + 1):]:  # warm-up on the year's end
        state = keep * state + (1.0 - keep) * value
    out = []
    for value in values:
        state = keep * state + (1.0 - keep) * value
        out.append(state)
    return np.array(out)


def design_lift_k(time_constant_h, normals=None, daily_half_range_k=3.0):
    """How much warmer than the design temperature the buildings' heating sees it (K): a design cold
    spell repeats a day whose coldest hour is the design temperature and whose daily swing is the
    coldest month's (``normals``: its range / 2; else ``daily_half_range_k``, the typical year's
    default); through a first-order lag of ``time_constant_h`` the swing's amplitude is damped by
    1 / sqrt(1 + (2 pi tau / 24 h)^2), so the coldest the buildings see is the design temperature
    plus the half-range times one less that factor. 0 without inertia."""
    if not time_constant_h:
        return 0.0
    if normals is not None:
        means, ranges = normals
        daily_half_range_k = float(ranges[int(np.argmin(means))]) / 2.0
    damping = 1.0 / np.sqrt(1.0 + (2.0 * np.pi * time_constant_h / 24.0) ** 2)
    return float(daily_half_range_k * (1.0 - damping))


def heating_temperature(temp_c, year, season_start, season_end, threshold_c=BASE_TEMP_C, time_constant_h=0.0):
    """The outdoor temperature the heating sees: the hour's own (through the buildings' inertia,
    :func:`smoothed_temperature`) in the heating season, at least the threshold outside it (no
    heating is delivered out of season, whatever the weather)."""
    temp_c = smoothed_temperature(temp_c, time_constant_h)
    if not season_start or not season_end:
        return temp_c
    return np.where(in_season(year, season_start, season_end), temp_c, np.maximum(temp_c, threshold_c))


def _raw_year(year, seed, mean_temp_c, annual_amplitude_k, daily_amplitude_k, noise_k, noise_autocorr,
              normals=None):
    n = hours_in_year(year)
    hours = np.arange(n)
    day = hours / 24.0
    if normals is None:
        # coldest around 15 January, warmest around mid-July; daily minimum around 5 h
        annual = mean_temp_c - annual_amplitude_k * np.cos(2 * np.pi * (day - 15) / (n / 24))
        amplitude = np.full(n, daily_amplitude_k)
    else:
        annual, amplitude = _from_normals(year, day, normals)
    daily = -amplitude * np.cos(2 * np.pi * (hours % 24 - 5) / 24)
    rng = np.random.default_rng(seed)
    shocks = rng.normal(0.0, noise_k * np.sqrt(1 - noise_autocorr ** 2), n)
    noise = np.empty(n)
    noise[0] = rng.normal(0.0, noise_k)
    for i in range(1, n):
        noise[i] = noise_autocorr * noise[i - 1] + shocks[i]
    if normals is not None:  # keep the weather's anomalies of days, not its drift over a month
        noise = noise - _moving_mean(noise, 30 * 24)
    return annual + daily + noise


@functools.lru_cache(maxsize=16)
def _raw_year_kept(year, seed, mean_temp_c, annual_amplitude_k, daily_amplitude_k, noise_k, noise_autocorr,
                   normals=None):
    """The weather before its calibration to a DJU, kept by the value of its inputs (read-only): every
    DJU of the same year, seed and station shapes the same series (its hour-by-hour noise is a Python
    loop of a few milliseconds, more than half a typical year's cost)."""
    raw = _raw_year(year, seed, mean_temp_c, annual_amplitude_k, daily_amplitude_k, noise_k, noise_autocorr, normals)
    raw.flags.writeable = False
    return raw


def _from_normals(year, day, normals):
    """Hourly seasonal mean and daily half-range from monthly normals (mean °C, Tx - Tn K), linear
    between mid-months, the year wrapping."""
    means, ranges = (np.asarray(v, float) for v in normals)
    starts = pd.date_range(f"{year}-01-01", periods=12, freq="MS").day_of_year.to_numpy() - 1
    lengths = np.diff(np.append(starts, len(day) / 24))
    mids = starts + lengths / 2
    n_days = len(day) / 24
    x = np.concatenate([mids[-1:] - n_days, mids, mids[:1] + n_days])
    return (np.interp(day, x, np.concatenate([means[-1:], means, means[:1]])),
            np.interp(day, x, np.concatenate([ranges[-1:], ranges, ranges[:1]])) / 2)


def _moving_mean(values, window):
    """Centred moving mean over ``window`` hours, the year wrapping."""
    padded = np.concatenate([values[-window:], values, values[:window]])
    csum = np.cumsum(np.insert(padded, 0, 0.0))
    half = window // 2
    idx = np.arange(len(values)) + window
    return (csum[idx + half + 1] - csum[idx - half]) / (2 * half + 1)


def typical_year(year, dju, design_temp_c=-9.0, seed=0, mean_temp_c=10.5, annual_amplitude_k=7.5,
                 daily_amplitude_k=3.0, noise_k=3.5, noise_autocorr=0.995, cold_tail_threshold_c=2.0,
                 base_temp_c=BASE_TEMP_C, normals=None):
    """Hourly outdoor temperature (°C) of a typical year with exactly ``dju`` and a coldest hour at
    ``design_temp_c``.

    Defaults describe northern France (Lille-Lesquin normals: about 10.5 °C mean, 3 °C in
    January, 18 °C in July; weather anomalies lasting days, hence the hourly autocorrelation
    0.995, about 8 days). Calibration: the whole series is shifted, and the part colder than
    ``cold_tail_threshold_c`` stretched so that its minimum is the design temperature; the shift
    is solved so that the DJU equals the target.

    ``normals``: (12 monthly mean temperatures °C, 12 mean daily ranges Tx - Tn K) of the nearest
    station; they replace the sinusoid's seasonal shape and daily cycle, and the weather noise
    loses its drift over a month (a 30-day moving mean taken off), so each month keeps its place.
    """
    normals = None if normals is None else tuple(tuple(float(v) for v in part) for part in normals)  # hashable
    raw = _raw_year_kept(year, seed, mean_temp_c, annual_amplitude_k, daily_amplitude_k, noise_k, noise_autocorr,
                         normals)

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


def read_normals(path):
    """Monthly normals of a station from a CSV (month, mean_temp_c, daily_range_k): the tuple
    ``typical_year`` takes, or None when the file does not exist."""
    from pathlib import Path
    if not Path(path).exists():
        return None
    cells, lines = read_csv_cells(path)
    try:
        months = [int(m) for m in cells["month"]]
        means = tuple(parse_number(v) for v in cells["mean_temp_c"])
        ranges = tuple(parse_number(v) for v in cells["daily_range_k"])
    except (KeyError, ValueError) as exc:
        raise DataError(path, f"expected columns month, mean_temp_c, daily_range_k with numbers: {exc}") from None
    if months != list(range(1, 13)):
        raise DataError(path, f"expected the months 1 to 12 in order, found {months}")
    return means, ranges
