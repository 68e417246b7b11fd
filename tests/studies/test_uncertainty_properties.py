"""Properties of the fast engine (hypothesis): the re-priced year is affine in the energy prices, the
operator's result is its two margins, and the average price is revenue over heat sold."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heatnet.studies.uncertainty.prepared import PreparedScenario
from heatnet.studies.uncertainty.study import Distribution, InputSpec

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def prepared():
    specs = [InputSpec(kind="energy_price", fuel=f, distribution=Distribution(kind="point", value=40.0))
             for f in ("wood", "gas")]
    specs.append(InputSpec(kind="climate_dju", distribution=Distribution(kind="point", value=2622)))
    return PreparedScenario(ROOT / "scenarios" / "2020_balance.yaml", specs)


prices = st.floats(min_value=0.0, max_value=200.0, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(wood=st.lists(prices, min_size=2, max_size=2), gas=st.lists(prices, min_size=2, max_size=2),
       dju=st.integers(min_value=1900, max_value=3200))
def test_price_is_affine_in_the_energy_prices(prepared, wood, gas, dju):
    w, g = np.array(wood + [(wood[0] + wood[1]) / 2]), np.array(gas + [(gas[0] + gas[1]) / 2])
    out = prepared.evaluate_batch({"energy_price_wood_eur_per_mwh": w, "energy_price_gas_eur_per_mwh": g,
                                   "dju": np.full(3, float(dju))})
    for key in ("average_price_eur_per_mwh", "r1_eur_per_mwh", "operator_result_eur"):
        middle = (out[key][0] + out[key][1]) / 2
        assert out[key][2] == pytest.approx(middle, rel=1e-9, abs=1e-6), key
    assert np.allclose(out["operator_result_eur"], out["r1_margin_eur"] + out["r2_margin_eur"], rtol=0, atol=1e-6)
    assert np.all(out["renewable_frac"] >= 0) and np.all(out["renewable_frac"] <= 1)
    assert np.all(out["average_price_ttc_eur_per_mwh"] > out["average_price_eur_per_mwh"])
