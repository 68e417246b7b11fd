"""Operating accounts: recomputed margins and results, CEP gaps, projections, proration."""

import datetime as dt

import numpy as np
import pytest

from heatnet.model import accounts as acc
from heatnet.io.folder import load_network
from tests.conftest import LENS


@pytest.fixture(scope="module")
def table():
    net = load_network(LENS)
    return acc.operating_accounts(net.accounts, net.operations)


@pytest.mark.parametrize("period, r1_margin, r2_margin, result", [
    # study 002 §3.3.1, kEUR: margins and results as printed (rounded to 1 kEUR)
    ("2014", 30, 214, 226), ("2015", -25, 148, 124), ("2016", -146, 239, 92), ("CEP 2016", 132, 7, 136),
])
def test_recomputed_margins_match_the_study(table, period, r1_margin, r2_margin, result):
    row = table.loc[period]
    assert row["r1_margin_eur"] / 1000 == pytest.approx(r1_margin, abs=0.5)
    assert row["r2_margin_eur"] / 1000 == pytest.approx(r2_margin, abs=0.5)
    assert row["operating_result_eur"] / 1000 == pytest.approx(result, abs=0.5)
    assert acc.published_gaps(table) == []


def test_2016_price_accounts_basis(table):
    # (1,756 + 637.4) kEUR / 43,241 MWh = 55.350; the study prints 55.36
    assert table.loc["2016", "average_price_eur_per_mwh"] == pytest.approx(55.3503, abs=1e-4)


def test_gap_to_cep(table):
    gaps = acc.gap_to_cep(table, "CEP 2016").set_index(["period", "line"])
    assert gaps.loc[("2016", "heat_sold_mwh"), "gap"] == pytest.approx(43241 - 59345)
    assert gaps.loc[("2016", "operating_result_eur"), "gap"] == pytest.approx(91800 - 136000)
    assert gaps.loc[("2016", "r2_costs_eur"), "gap_frac"] == pytest.approx(398 / 824 - 1)
    # a CEP line below zero: the relative gap has the absolute gap's sign (-17.7 kEUR against -3.0 kEUR is
    # 14.7 kEUR worse: -490 %, where dividing by the negative CEP read +490 %)
    assert gaps.loc[("2014", "nonrecurring_balance_eur"), "gap"] == pytest.approx(-14700)
    assert gaps.loc[("2014", "nonrecurring_balance_eur"), "gap_frac"] == pytest.approx(-4.9)
    assert (np.sign(gaps["gap_frac"].astype(float)) == np.sign(gaps["gap"])).all()
    with pytest.raises(ValueError, match="no CEP period"):
        acc.gap_to_cep(table, "CEP 2099")


def test_project_accounts_balances():
    p = acc.project_accounts(1000, 500, 40, 30, 35, 12000, -100)
    assert p["r1_margin_eur"] == 1000 * (40 - 35)
    assert p["r2_margin_eur"] == 500 * 30 - 12000
    assert p["operating_result_eur"] == p["r1_margin_eur"] + p["r2_margin_eur"] - 100
    assert p["turnover_eur"] == p["r1_revenue_eur"] + p["r2_revenue_eur"]


def test_year_fraction_in_concession():
    start, end = dt.date(2013, 7, 1), dt.date(2033, 6, 30)
    assert acc.year_fraction_in_concession(2020, start, end, 0.6) == (1.0, 1.0)
    heat, time = acc.year_fraction_in_concession(2033, start, end, 0.6)
    assert heat == pytest.approx(0.6) and time == pytest.approx(181 / 365)
    heat, time = acc.year_fraction_in_concession(2013, start, end, 0.6)
    assert heat == pytest.approx(0.4) and time == pytest.approx(184 / 365)
    assert acc.year_fraction_in_concession(2040, start, end, 0.6) == (0.0, 0.0)


def test_reported_renewable_share_of_a_period():
    """The renewable groups' share of the period's reported heat input, missing heat skipped: the sums
    of the table's own selection, to the bit; None for a period not reported or without heat."""
    import numpy as np
    import pandas as pd

    net = load_network(LENS)
    groups = set(net.plants.loc[net.plants["renewable"].astype(bool), "report_group"])
    for period in sorted(set(net.heat_input["period"])):
        rows = net.heat_input[net.heat_input["period"] == period]
        expected = rows.loc[rows["report_group"].isin(groups), "heat_mwh"].sum() / rows["heat_mwh"].sum()
        assert acc.reported_renewable_frac(net.heat_input, net.plants, period) == float(expected)
    assert acc.reported_renewable_frac(net.heat_input, net.plants, "1999") is None
    table = pd.DataFrame({"period": ["2020", "2020", "2020", "2021"],
                          "report_group": ["biomass", "gas", "biomass", "gas"], "heat_mwh": [30.0, 10.0, np.nan, 0.0]})
    plants = pd.DataFrame({"report_group": ["biomass", "gas"], "renewable": [True, False]})
    assert acc.reported_renewable_frac(table, plants, "2020") == 0.75
    assert acc.reported_renewable_frac(table, plants, "2021") is None
    assert acc.reported_renewable_frac(table.iloc[:0], plants, "2020") is None
