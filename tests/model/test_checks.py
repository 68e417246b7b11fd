"""Gaps between source figures are reported with both values."""

import pytest

from heatnet.model.checks import source_gaps
from heatnet.io.folder import load_network
from tests.conftest import LENS, TINY


@pytest.fixture(scope="module")
def gaps():
    return {g["what"]: g for g in source_gaps(load_network(LENS))}


def test_2013_rows_vs_printed_totals(gaps):
    heat = gaps["substation table 2013: sum of rows vs printed total (heat)"]
    assert (heat["computed"], heat["published"]) == (50175, 53158)
    kw = gaps["substation table 2013: sum of rows vs printed total (subscribed power)"]
    assert (kw["computed"], kw["published"]) == (25598, 27387)
    assert not any("2016: sum of rows" in what for what in gaps)  # 2016 rows sum exactly


def test_r1_2012_gap(gaps):
    g = gaps["R1 2012-12-01: components vs published average"]
    assert g["computed"] == pytest.approx(47.683872) and g["published"] == 47.36


def test_lbe_guarantee_vs_stated_energy(gaps):
    g = gaps["plant lbe: winter guarantee x supply period x availability vs stated energy"]
    # 11.5 MW x 151 days x 24 h x 0.92 = 38,341.92 MWh against the 32,700 MWh the study states
    assert g["computed"] == pytest.approx(38341.92) and g["published"] == 32700


def test_tiny_has_no_gap():
    assert source_gaps(load_network(TINY)) == []


@pytest.mark.parametrize("column", ["subscribed_kw", "heat_sold_mwh"])
def test_period_without_sales_or_power_has_no_unit_gap(column):
    """A period selling nothing (or with no subscribed power, "-0.0" included) has no EUR/kW or
    EUR/MWh to compare with the contract: no gap is reported for it, and none is infinite."""
    import math

    net = load_network(LENS)
    net.operations.loc[net.operations["period"] == "2016", column] = -0.0
    gaps = source_gaps(net)
    assert all(math.isfinite(g[k]) for g in gaps for k in ("computed", "gap") if g[k] is not None)
    assert all(g["gap_frac"] is None or math.isfinite(g["gap_frac"]) for g in gaps)
    assert not any(g["what"].startswith("accounts 2016: R2 revenue per kW") for g in gaps if column == "subscribed_kw")
