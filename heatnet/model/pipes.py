"""The pipe catalogue: inner diameter and roughness by DN, and water's properties.

``data/france/pipe_catalogue.csv`` maps a DN to the steel service pipe's outer diameter, wall
and inner diameter (EN 10220 / EN 253 series), its roughness and the heat-loss coefficient of
each pipe of the pair to the ground in insulation series 1, 2 and 3 (W/m/K; the loss of a pair
is U (T_supply - T_ground) + U (T_return - T_ground)). A DN between catalogue entries takes the
next larger entry (a pipe is never assumed wider than its series); one above the largest is an
error.
"""

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from heatnet.io.folder import read_csv_cells

CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "france" / "pipe_catalogue.csv"


@functools.lru_cache(maxsize=4)
def read_catalogue(path=CATALOGUE):
    cells, _ = read_csv_cells(path)
    numeric = [c for c in cells.columns if c != "source"]
    frame = pd.DataFrame({c: pd.to_numeric(cells[c]) for c in numeric})
    return frame.sort_values("dn_mm").reset_index(drop=True)


def _rows(dn_mm, catalogue):
    dn = np.asarray(dn_mm, float)
    index = np.searchsorted(catalogue["dn_mm"].to_numpy(), dn, side="left")
    if (index >= len(catalogue)).any():
        raise ValueError(f"DN {dn[index >= len(catalogue)].max():g} is above the catalogue's largest "
                         f"({catalogue['dn_mm'].iloc[-1]:g})")
    return index


def pipe_geometry(dn_mm, catalogue=None):
    """Inner diameter (m) and roughness (m) for an array of DN."""
    catalogue = read_catalogue() if catalogue is None else catalogue
    index = _rows(dn_mm, catalogue)
    return (catalogue["inner_diameter_mm"].to_numpy()[index] / 1000.0,
            catalogue["roughness_mm"].to_numpy()[index] / 1000.0)


def heat_loss_coefficient_w_per_m_k(dn_mm, insulation_series=1, catalogue=None):
    """Heat-loss coefficient of each pipe of the pair to the ground, W/m/K, by DN and insulation series.

    ``insulation_series``: 1, 2 or 3 (scalar or one per pipe).
    """
    catalogue = read_catalogue() if catalogue is None else catalogue
    index = _rows(dn_mm, catalogue)
    series = np.broadcast_to(np.asarray(insulation_series), index.shape)
    if not np.isin(series, (1, 2, 3)).all():
        raise ValueError(f"insulation series must be 1, 2 or 3, found {sorted(set(series.ravel()) - {1, 2, 3})}")
    table = catalogue[["u_series1_w_per_m_k", "u_series2_w_per_m_k", "u_series3_w_per_m_k"]].to_numpy(float)
    return table[index, series.astype(int) - 1]


def water_density_kg_per_m3(temp_c):
    """Density of liquid water, 0-150 °C (Kell's formula at 1 atm; within 0.02 % of IAPWS-95)."""
    t = np.asarray(temp_c, float)
    return ((999.83952 + 16.945176 * t - 7.9870401e-3 * t ** 2 - 46.170461e-6 * t ** 3 + 105.56302e-9 * t ** 4
             - 280.54253e-12 * t ** 5) / (1 + 16.879850e-3 * t))


def water_viscosity_pa_s(temp_c):
    """Dynamic viscosity of water (Vogel equation, within about 1 % over 0-150 °C)."""
    t = np.asarray(temp_c, float)
    return 2.414e-5 * 10 ** (247.8 / (t + 273.15 - 140.0))


_CP_TEMP_C = (20.0, 40.0, 60.0, 80.0, 100.0, 120.0, 150.0)
_CP_J_PER_KG_K = (4182.0, 4179.0, 4185.0, 4197.0, 4216.0, 4245.0, 4310.0)  # IAPWS-95, liquid at saturation


def water_heat_capacity_j_per_kg_k(temp_c):
    """Isobaric heat capacity of liquid water, interpolated in IAPWS-95 values (20-150 °C)."""
    return np.interp(np.asarray(temp_c, float), _CP_TEMP_C, _CP_J_PER_KG_K)


class Water:
    """Liquid water's properties as functions of temperature (°C): the default fluid of the solver."""

    density_kg_per_m3 = staticmethod(water_density_kg_per_m3)
    viscosity_pa_s = staticmethod(water_viscosity_pa_s)
    heat_capacity_j_per_kg_k = staticmethod(water_heat_capacity_j_per_kg_k)


class ConstantFluid:
    """A fluid with fixed properties, e.g. another tool's values, to compare solvers like for like."""

    def __init__(self, density_kg_per_m3, viscosity_pa_s, heat_capacity_j_per_kg_k):
        self._rho, self._mu, self._cp = density_kg_per_m3, viscosity_pa_s, heat_capacity_j_per_kg_k

    def density_kg_per_m3(self, temp_c):
        return np.full(np.shape(temp_c), self._rho) if np.ndim(temp_c) else self._rho

    def viscosity_pa_s(self, temp_c):
        return np.full(np.shape(temp_c), self._mu) if np.ndim(temp_c) else self._mu

    def heat_capacity_j_per_kg_k(self, temp_c):
        return np.full(np.shape(temp_c), self._cp) if np.ndim(temp_c) else self._cp


WATER = Water()
