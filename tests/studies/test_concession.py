"""The concession year by year (heatnet.studies.concession): the study's timeline, the CEP, the
variance analysis, the review clauses and the command line."""

import json

import pytest

from heatnet.cli import main
from heatnet.io.folder import load_network
from heatnet.model import accounts as acc
from heatnet.studies.concession import concession_study
from heatnet.studies.variance import EFFECTS, rebuilt_result, drivers, variance
from tests.conftest import LENS, SCENARIOS

TIMELINES = SCENARIOS / "timelines"
STUDY = concession_study(TIMELINES / "concession_2016_2033.yaml")
WHOLE = concession_study(TIMELINES / "concession_2013_2033.yaml")
YEAR_KEYS = ("year", "scenario", "dju", "heat_sold_mwh", "subscribed_kw", "r1_eur_per_mwh", "r2_eur_per_kw",
             "r1_revenue_eur", "r2_revenue_eur", "r1_costs_eur", "r2_costs_eur", "operating_result_eur",
             "cep_operating_result_eur", "average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh",
             "renewable_frac", "triggers")


def _accounts_years():
    """2014, 2015, 2016 and the CEP 2016 as year-results, straight from the study's tables (§3.3.1)."""
    net = load_network(LENS)
    table = acc.operating_accounts(net.accounts, net.operations)
    rigueur = dict(zip(net.operations["period"], net.operations["rigueur"]))
    out = {}
    for period in ("2014", "2015", "2016", "CEP 2016"):
        row = acc.year_from_accounts(table.loc[period], "actual")
        row["rigueur"] = float(rigueur[period])
        out[period] = row
    return out


def test_every_year_after_the_hospital_leaves_is_below_2016():
    """Study 002 §3.7: competitive today, fragile after the hospital leaves (2021 in the timeline)."""
    by_year = {y["year"]: y for y in STUDY.years}
    assert by_year[2016]["kind"] == "actual" and by_year[2016]["operating_result_eur"] == pytest.approx(91_800)
    after = [y for y in STUDY.years if y["year"] >= 2021]
    assert after and all(y["operating_result_eur"] < by_year[2016]["operating_result_eur"] for y in after)


def test_the_hospitals_lost_r2_is_the_largest_effect_of_the_closure():
    pair = next(p for p in STUDY.variance if p["to"].startswith("2021"))
    assert pair["from"] == "2016"
    largest = max(pair["effects"], key=lambda e: abs(e["eur"]))
    assert largest["effect"] == "subscribed_power" and largest["eur"] < 0
    # valued at 2016's R2 unit: 637.4 kEUR / 23,992 kW x (19,360 - 23,992) kW, the kW the hospital took
    assert largest["eur"] == pytest.approx(637_400 / 23_992 * (19_360 - 23_992), rel=1e-9)


@pytest.mark.parametrize("period", ["2014", "2015", "2016"])
def test_variance_of_each_actual_year_against_the_cep_closes(period):
    years = _accounts_years()
    cep, actual = years["CEP 2016"], years[period]
    effects = variance(cep, actual, heating_frac=0.8)
    assert [e["effect"] for e in effects] == list(EFFECTS)
    gap = actual["operating_result_eur"] - cep["operating_result_eur"]
    assert sum(e["eur"] for e in effects) == pytest.approx(gap, abs=0.01)
    assert rebuilt_result(drivers(cep, 0.8), 0.8) == pytest.approx(136_000, abs=0.01)


def test_the_2016_gap_to_the_cep_shows_the_climate_of_rigueur_095():
    pair = next(p for p in STUDY.variance if p["from"] == "CEP 2016" and p["to"] == "2016")
    assert pair["from_result_eur"] == pytest.approx(136_000) and pair["to_result_eur"] == pytest.approx(91_800)
    assert abs(pair["residual_eur"]) < 0.01
    climate = next(e["eur"] for e in pair["effects"] if e["effect"] == "climate")
    # the CEP's margin per MWh (2,811 - 2,679 kEUR over 59,345 MWh) on its climate-sensitive sales,
    # moved from rigueur 1.00 to 0.95 (operations.csv, study 002 §3.3.1)
    h = pair["heating_frac"]
    assert climate == pytest.approx((2_811_000 - 2_679_000) * h * (0.95 - 1.00), rel=1e-9)
    assert climate < 0


def test_whole_concession_prices_history_from_its_accounts_and_closes_every_variance():
    by_year = {y["year"]: y for y in WHOLE.years}
    assert by_year[2014]["average_price_eur_per_mwh"] == pytest.approx(64.73, abs=0.05)
    assert by_year[2014]["operating_result_eur"] == pytest.approx(226_000, abs=1_000)
    assert by_year[2015]["operating_result_eur"] == pytest.approx(124_000, abs=1_000)
    assert {"CEP 2016"} == {p["from"] for p in WHOLE.variance if p["to"] in ("2014", "2015", "2016")}
    for pair in WHOLE.variance:
        assert abs(pair["residual_eur"]) < 0.01


def test_the_cep_is_shown_only_where_it_has_a_year():
    for y in WHOLE.years:
        if y["year"] == 2016:
            assert y["cep_operating_result_eur"] == pytest.approx(136_000)
        else:
            assert y["cep_operating_result_eur"] is None and y["gap_to_cep_eur"] is None


def test_partial_years_and_totals():
    first, last = WHOLE.years[0], WHOLE.years[-1]
    assert (first["year"], last["year"]) == (2013, 2033)
    assert first["year_frac_r2"] == pytest.approx(184 / 365) and last["year_frac_r2"] == pytest.approx(181 / 365)
    assert WHOLE.totals["cumulative_result_eur"] == pytest.approx(sum(y["operating_result_eur"] for y in WHOLE.years))
    rate = WHOLE.totals["discount_rate_frac"]
    assert WHOLE.totals["npv_eur"] == pytest.approx(sum(y["operating_result_eur"] / (1 + rate) ** (y["year"] - 2013)
                                                        for y in WHOLE.years))


def test_projected_costs_follow_the_dispatch_and_the_indices():
    by_year = {y["year"]: y for y in WHOLE.years}
    y = by_year[2022]
    # R1 costs: each supplier's heat at its indexed price (energy_costs.csv), not a frozen cost per MWh
    wood_k = 0.15 + 0.85 * 1.02 ** (2022 - 2016)
    gas_k = 1.02 ** (2022 - 2016)
    bought = y["heat_bought_mwh"]
    expected = bought["lbe"] * 38.00 * wood_k + sum(mwh / 0.92 * 40.94 * gas_k for pid, mwh in bought.items()
                                                    if pid != "lbe")
    assert y["r1_costs_eur"] == pytest.approx(expected, rel=1e-9)
    assert y["r2_costs_eur"] == pytest.approx(sum(y["r2_costs_by_component_eur"].values()))
    assert y["royalty_eur"] == pytest.approx(13_819)  # R2.5 fixed (indexation.csv)
    # the R2.4 annuity of the DSP extensions (built 2019) is in the financing component
    assert by_year[2019]["r2_costs_by_component_eur"]["r2_4"] > by_year[2017]["r2_costs_by_component_eur"]["r2_4"]
    # climate: projected years at the reference DJU sell more than 2016's mild year
    assert by_year[2017]["dju"] == 2622 and by_year[2017]["heat_sold_mwh"] > 43_241


def test_review_clauses_trigger_where_the_data_cross_them():
    by_year = {y["year"]: y for y in STUDY.years}
    assert [t["clause"] for t in by_year[2016]["triggers"]] == ["subscribed_power_vs_cep"]  # 23,992 vs 31,239 kW
    assert by_year[2017]["triggers"] == []
    assert "subscribed_power_vs_2016" in [t["clause"] for t in by_year[2022]["triggers"]]  # -19 % kW
    assert all(t["clause"] != "renewable_share" for y in STUDY.years for t in y["triggers"])


def test_json_has_the_documented_keys(capsys):
    main(["concession", str(TIMELINES / "concession_2016_2033.yaml"), "--json"])
    out = json.loads(capsys.readouterr().out)
    for year in out["years"]:
        for key in YEAR_KEYS:
            assert key in year, key
    assert set(out["totals"]) >= {"cumulative_result_eur", "npv_eur", "discount_rate_frac"}
    assert out["variance"] and all({"effect", "eur"} <= set(e) for p in out["variance"] for e in p["effects"])


def test_text_output_and_excel_no_overwrite(tmp_path, capsys):
    main(["concession", str(TIMELINES / "concession_2016_2033.yaml"), "--lang", "en"])
    text = capsys.readouterr().out
    assert "partial year" in text and "Subscribed power" in text and "Cumulative result" in text
    target = tmp_path / "c.xlsx"
    target.write_bytes(b"keep")
    assert main(["concession", str(TIMELINES / "concession_2016_2033.yaml"), "--excel", str(target)]) != 0
    assert target.read_bytes() == b"keep" and "--force" in capsys.readouterr().err


class _Forgetful(dict):
    """A study's table of dispatches that keeps none: every year dispatched anew."""

    def __setitem__(self, key, value):
        pass


def test_years_with_equal_dispatch_inputs_share_one_dispatch_to_the_bit(monkeypatch):
    """Inside one study a year whose dispatch inputs have the values of an earlier year's (same state,
    settings, hourly temperatures, sales, losses and plants of the year) takes that year's operation: the
    figures equal those of dispatching every year anew, to the last bit."""
    from heatnet.model import operation
    from heatnet.studies import concession

    run, calls = operation.run_operation, []
    monkeypatch.setattr(operation, "run_operation", lambda *a, **k: calls.append(k["year"]) or run(*a, **k))
    path = TIMELINES / "concession_2013_2033.yaml"
    monkeypatch.setattr(concession, "_DISPATCH_CACHE", {})
    shared, shared_calls, calls[:] = concession_study(path), list(calls), []
    setup = concession._setup
    monkeypatch.setattr(concession, "_setup", lambda *a: setattr(s := setup(*a), "dispatches", _Forgetful()) or s)
    monkeypatch.setattr(concession, "_DISPATCH_CACHE", {})
    each = concession_study(path)
    projected = [y["year"] for y in each.years if y["kind"] == "projection"]
    assert calls == projected  # every projected year dispatched once
    # 2021-2033 hold one state at the reference climate: its non-leap years share 2021's, its leap years 2024's
    assert 2021 in shared_calls and 2024 in shared_calls and not {2022, 2023, 2025, 2028, 2033} & set(shared_calls)
    assert json.dumps(shared.to_dict(), sort_keys=True) == json.dumps(each.to_dict(), sort_keys=True)


def test_years_with_a_called_plant_share_a_dispatch_only_on_the_same_calendar(tmp_path, monkeypatch):
    """A plant the electricity system calls runs on the coldest weekdays: two non-leap years at the
    reference climate starting on different weekdays call it on different days, so each takes its own
    dispatch; the study equals dispatching every year anew (the state holds the hospital's CHP)."""
    from heatnet.model import operation
    from heatnet.studies import concession

    timeline = tmp_path / "chp.yaml"
    timeline.write_text(f"name: CHP\nstart_year: 2025\ndiscount_rate_frac: 0.04\nsteps:\n"
                        f"  - {{from_year: 2025, scenario: {SCENARIOS / 'dsp_extensions.yaml'}}}\n")
    run, calls = operation.run_operation, []
    monkeypatch.setattr(operation, "run_operation", lambda *a, **k: calls.append(k["year"]) or run(*a, **k))
    monkeypatch.setattr(concession, "_DISPATCH_CACHE", {})
    shared = concession_study(timeline)
    projected = [y["year"] for y in shared.years if y["kind"] == "projection"]
    # 2031 starts on a Wednesday as 2025 does, 2033 on a Saturday as leap 2028 (a year longer): only 2031 shares
    assert sorted(y for y in calls if y in projected) == [y for y in projected if y != 2031]
    setup = concession._setup
    monkeypatch.setattr(concession, "_setup", lambda *a: setattr(s := setup(*a), "dispatches", _Forgetful()) or s)
    monkeypatch.setattr(concession, "_DISPATCH_CACHE", {})
    each = concession_study(timeline)
    assert json.dumps(shared.to_dict(), sort_keys=True) == json.dumps(each.to_dict(), sort_keys=True)

