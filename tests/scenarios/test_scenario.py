"""Scenario files: validation messages, base chains, policies, saving."""

import os
from pathlib import Path
import textwrap

import pytest

from heatnet.io.folder import DataError
from heatnet.scenarios import (ScenarioError, read_scenario, resolve_chain, run_scenario, save_scenario,
                              scenario_to_yaml)
from tests.conftest import FIXTURES, SCENARIOS


def write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def base_rel(tmp_path):
    return os.path.relpath(SCENARIOS / "2016_baseline.yaml", tmp_path)


@pytest.mark.parametrize("body, words", [
    ("name: X\nbase: {base}\nyear: 2020\ncolour: red\n", ["colour", "unknown key", "allowed keys", "measures"]),
    ("name: X\nbase: {base}\nyear: soon\n", ["year", "integer"]),
    ("base: {base}\nyear: 2020\n", ["name", "missing required key"]),
    ("name: X\nbase: {base}\nyear: 2020\nmeasures:\n  - demolish: {{ids: ['1A']}}\n",
     ["measures[0]", "unknown measure 'demolish'", "renovate"]),
    ("name: X\nbase: {base}\nyear: 2020\nmeasures:\n  - renovate: {{clients: [Ville], saving: 0.2}}\n",
     ["measures[0].renovate", "saving", "unknown key", "energy_saving_frac"]),
    ("name: X\nbase: {base}\nyear: 2020\nmeasures:\n  - renovate: {{clients: [Ville], energy_saving_frac: 1.5}}\n",
     ["measures[0].renovate.energy_saving_frac", "less than 1"]),
    ("name: X\nbase: {base}\nyear: 2020\ntariff: {{r2_policy: keep}}\n", ["tariff.r2_policy", "hold_total"]),
    ("name: X\nbase: {base}\nyear: 2020\ntariff: {{r1_eur_per_mwh: -3}}\n", ["tariff.r1_eur_per_mwh", "greater than 0"]),
    ("name: [unclosed\n", ["not valid YAML"]),
    ("- just\n- a list\n", ["expected a mapping"]),
])
def test_invalid_scenarios_name_file_and_key(tmp_path, body, words):
    path = write(tmp_path / "bad.yaml", body.format(base=base_rel(tmp_path)))
    with pytest.raises(DataError) as info:
        run_scenario(path)
    message = str(info.value)
    assert "bad.yaml" in message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


@pytest.mark.parametrize("measure, words", [
    ("remove_substations: {ids: ['99Z']}", ["unknown substation id", "99Z"]),
    ("remove_substations: {clients: [Mairie]}", ["unknown client", "Mairie"]),
    ("retire_plants: {ids: [nuclear]}", ["unknown plant", "nuclear"]),
    ("add_substations: {name: E, connect_to: NOWHERE, substations: [{id: e1, client: Ville, subscribed_kw: 10, "
     "heat_mwh: 10}]}", ["connect_to", "NOWHERE"]),
    ("add_substations: {name: E, connect_to: J_A1, substations: [{id: 1A, client: Ville, subscribed_kw: 10, "
     "heat_mwh: 10}]}", ["already exist", "1A"]),
    ("add_substations: {name: E, connect_to: J_A1, substations: [{id: e1, client: Ville, subscribed_kw: -10, "
     "heat_mwh: 10}]}", ["subscribed_kw", "greater than 0"]),
    ("add_substations: {name: E, connect_to: J_A1, csv: missing.csv}", ["missing.csv", "file not found"]),
    ("add_plant: {id: c, technology: gas_chp, fuel: gas, node_id: PLANT, capacity_kw: 500, efficiency_frac: 0.9, "
     "renewable: false, merit_order: 9, called_hours_per_year: 40}", ["measures[0].add_plant", "called season"]),
    ("add_plant: {id: c, technology: gas_chp, fuel: gas, node_id: PLANT, capacity_kw: 500, efficiency_frac: 0.9, "
     "renewable: false, merit_order: 9, called_start: 11-01}", ["called_start and called_end go together"]),
    ("add_plant: {id: c, technology: gas_chp, fuel: gas, node_id: PLANT, capacity_kw: 500, efficiency_frac: 0.9, "
     "renewable: false, merit_order: 9, called_start: 11-01, called_end: 03-31, called_day_hours: '18-07'}",
     ["called_day_hours", "18-07", "start before its end"]),
    ("add_plant: {id: c, technology: gas_chp, fuel: gas, node_id: PLANT, capacity_kw: 500, efficiency_frac: 0.9, "
     "renewable: false, merit_order: 9, called_start: 11-01, called_end: 03-31, must_run_start: 11-01, "
     "must_run_end: 03-31}", ["one rule"]),
    ("modify_plant: {id: zup_boiler_10mw, called_hours_per_year: 40}", ["zup_boiler_10mw", "no called season"]),

])
def test_measure_errors(tmp_path, measure, words):
    path = write(tmp_path / "m.yaml", f"name: X\nbase: {base_rel(tmp_path)}\nyear: 2020\nmeasures:\n  - {measure}\n")
    with pytest.raises(DataError) as info:
        run_scenario(path)
    for word in words:
        assert word in str(info.value)


def test_add_substations_from_a_csv_with_french_decimals(tmp_path):
    (tmp_path / "new.csv").write_text("id;client;subscribed_kw;heat_mwh;pipe_length_m\nn1;Ville;120,5;200,25;30\n",
                                      encoding="utf-8")
    path = write(tmp_path / "s.yaml", f"""\
        name: X
        base: {base_rel(tmp_path)}
        year: 2020
        measures:
          - add_substations: {{name: E, connect_to: J_A1, trunk_length_m: 100, csv: new.csv}}
        """)
    result = run_scenario(path)
    assert result.figures["subscribed_kw"] == pytest.approx(23992 + 120.5)
    assert result.figures["network_length_m"] == pytest.approx(8299.5 + 130)


def test_bad_csv_line_is_named(tmp_path):
    (tmp_path / "new.csv").write_text("id,client,subscribed_kw,heat_mwh\nn1,Ville,120,200\nn2,Ville,lots,3\n")
    path = write(tmp_path / "s.yaml", f"name: X\nbase: {base_rel(tmp_path)}\nyear: 2020\nmeasures:\n"
                                      "  - add_substations: {name: E, connect_to: J_A1, csv: new.csv}\n")
    # the scenario and its key that point to the CSV are named too (a CSV given by an absolute path,
    # /etc/passwd in the long fuzz, was named by its file name alone)
    with pytest.raises(DataError, match=r"s.yaml.*measures.*csv 'new.csv': new.csv, line 3, column 'subscribed_kw': "
                                        r"expected a number"):
        run_scenario(path)


def test_base_chain_of_any_depth(tmp_path):
    previous = base_rel(tmp_path)
    for depth in range(6):
        write(tmp_path / f"s{depth}.yaml", f"name: S{depth}\nbase: {previous}\nyear: 2020\nmeasures:\n"
                                           f"  - renovate: {{clients: [Ville], energy_saving_frac: 0.1}}\n")
        previous = f"s{depth}.yaml"
    chain = resolve_chain(tmp_path / "s5.yaml")
    assert [s.name for _, s in chain] == ["Baseline 2016"] + [f"S{d}" for d in range(6)]
    result = run_scenario(tmp_path / "s5.yaml")
    baseline = run_scenario(SCENARIOS / "2016_baseline.yaml")
    ville = baseline.bills.loc[baseline.bills["client"] == "Ville", "heat_mwh"].sum()
    # the six renovations act on the loads (the state); the figures' sales then follow the year's climate
    # (reference DJU here: the files state no dju), so they are compared on the loads' climate
    assert result.state.substations["heat_mwh"].sum() == pytest.approx(
        baseline.figures["heat_sold_mwh"] - ville * (1 - 0.9 ** 6))
    assert result.figures["sales_dju"] == baseline.figures["dju"] == pytest.approx(2483)
    # the R2 total is held through the whole chain
    assert result.figures["r2_revenue_eur"] == pytest.approx(637_400)


def test_cycle_of_bases_is_an_error(tmp_path):
    write(tmp_path / "a.yaml", "name: A\nbase: b.yaml\nyear: 2020\n")
    write(tmp_path / "b.yaml", "name: B\nbase: c.yaml\nyear: 2020\n")
    write(tmp_path / "c.yaml", "name: C\nbase: a.yaml\nyear: 2020\n")
    with pytest.raises(ScenarioError, match="cycle of bases: a.yaml -> b.yaml -> c.yaml -> a.yaml"):
        resolve_chain(tmp_path / "a.yaml")


def test_missing_base_and_root_without_network(tmp_path):
    write(tmp_path / "a.yaml", "name: A\nbase: nowhere.yaml\nyear: 2020\n")
    with pytest.raises(ScenarioError, match="base file not found"):
        run_scenario(tmp_path / "a.yaml")
    write(tmp_path / "r.yaml", "name: R\nyear: 2020\n")
    with pytest.raises(ScenarioError, match="must name its network"):
        run_scenario(tmp_path / "r.yaml")


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("*.yaml")))
def test_load_save_load_unchanged(tmp_path, name):
    scenario = read_scenario(SCENARIOS / name)
    out = save_scenario(scenario, tmp_path / name)
    assert read_scenario(out) == scenario
    assert scenario_to_yaml(read_scenario(out)) == scenario_to_yaml(scenario)


def test_save_never_overwrites_silently(tmp_path):
    scenario = read_scenario(SCENARIOS / "hospital_closure.yaml")
    path = tmp_path / "mine.yaml"
    path.write_text("precious: true\n")
    with pytest.raises(FileExistsError):
        save_scenario(scenario, path)
    assert path.read_text() == "precious: true\n"
    save_scenario(scenario, path, overwrite=True)
    assert read_scenario(path) == scenario


def test_hold_unit_keeps_unit_price_and_shows_operator_loss(tmp_path):
    path = write(tmp_path / "u.yaml", f"name: U\nbase: {base_rel(tmp_path)}\nyear: 2021\nmeasures:\n"
                                      "  - remove_substations: {substation_no: ['14']}\ntariff: {r2_policy: hold_unit}\n")
    result = run_scenario(path)
    baseline = result.base
    assert result.figures["r2_eur_per_kw"] == pytest.approx(baseline.figures["r2_eur_per_kw"])
    hospital_r2 = baseline.bills.set_index("id").loc["14", "r2_eur"]
    assert result.figures["r2_margin_eur"] == pytest.approx(baseline.figures["r2_margin_eur"] - hospital_r2)


def test_accounts_basis_needs_a_root(tmp_path):
    path = write(tmp_path / "a.yaml", f"name: A\nbase: {base_rel(tmp_path)}\nyear: 2020\n"
                                      "tariff: {price_basis: accounts}\n")
    with pytest.raises(ScenarioError, match="accounts basis applies to a root"):
        run_scenario(path)


def test_tiny_accounts_basis_and_hold_total():
    result = run_scenario(FIXTURES / "tiny_scenarios" / "accounts.yaml")
    assert result.figures["average_price_eur_per_mwh"] == pytest.approx((45000 + 14400) / 1000)
    assert result.figures["operator_result_eur"] == pytest.approx(5000 + 4400 - 1000)


def test_results_are_reused_until_a_file_changes(tmp_path):
    base = base_rel(tmp_path)
    path = write(tmp_path / "c.yaml", f"name: C\nbase: {base}\nyear: 2020\ntariff: {{r1_eur_per_mwh: 41}}\n")
    first = run_scenario(path)
    assert run_scenario(path) is first  # same files: the same result object
    write(path, f"name: C\nbase: {base}\nyear: 2020\ntariff: {{r1_eur_per_mwh: 42}}\n")  # same size, new content
    second = run_scenario(path)
    assert second is not first and second.figures["r1_eur_per_mwh"] == 42
    assert second.base is first.base  # the unchanged baseline is shared
    assert run_scenario(path, use_cache=False).figures["average_price_eur_per_mwh"] == pytest.approx(
        second.figures["average_price_eur_per_mwh"])



def test_dju_below_any_french_climate_is_refused(tmp_path):
    """A year of 1 DJU made the typical year's buildings call 28 times the pipes' capacity and the DN
    table run out of sizes (long fuzz, seed 14 case 4718): the DJU is refused, naming the key."""
    path = tmp_path / "one_dju.yaml"
    path.write_text(f"name: one DJU\nyear: 2020\nbase: {SCENARIOS / '2020_balance.yaml'}\nmeasures: []\n"
                    "operation:\n  dju: 1\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"one_dju.yaml.*dju.*500"):
        run_scenario(path)


def test_root_at_contract_tariffs_takes_its_costs_from_the_year_s_accounts(tmp_path):
    """The price basis says which revenue a root has, not whether its costs are known: the 2016
    baseline priced at the contract's tariffs keeps the 2016 accounts' costs and an operator result
    (it was NaN; long fuzz, seed 14 case 9158)."""
    import math

    text = (SCENARIOS / "2016_baseline.yaml").read_text(encoding="utf-8")
    text = text.replace("  price_basis: accounts\n", "  price_basis: tariff\n")
    text = text.replace("network: ../data/lens", f"network: {SCENARIOS.parent / 'data' / 'lens'}")
    path = tmp_path / "at_tariffs.yaml"
    path.write_text(text, encoding="utf-8")
    at_tariffs, accounts = run_scenario(path), run_scenario(SCENARIOS / "2016_baseline.yaml")
    assert at_tariffs.tariff["price_basis"] == "tariff" and at_tariffs.tariff["accounts_period"] == "2016"
    assert at_tariffs.tariff["r2_costs_eur"] == accounts.tariff["r2_costs_eur"]
    assert at_tariffs.tariff["r1_costs_eur_per_mwh"] == pytest.approx(accounts.tariff["r1_costs_eur_per_mwh"],
                                                                     rel=1e-12)
    assert math.isfinite(at_tariffs.figures["operator_result_eur"])


def test_scenario_reads_read_each_file_once_and_give_the_same_chain(tmp_path, monkeypatch):
    """A study resolving several chains with one ScenarioReads reads each scenario file once; the
    chains are those read_scenario gives."""
    from heatnet.scenarios import files

    chain = resolve_chain(SCENARIOS / "2020_balance.yaml")
    reads, read = [], files.read_scenario
    monkeypatch.setattr(files, "read_scenario", lambda path, **k: reads.append(Path(path).resolve()) or read(path, **k))
    shared = files.ScenarioReads()
    chains = [resolve_chain(SCENARIOS / name, shared) for name in ("2016_baseline.yaml", "2020_balance.yaml")]
    assert [(p, s.model_dump()) for p, s in chains[1]] == [(p, s.model_dump()) for p, s in chain]
    assert len(reads) == len(set(reads)) == len(chain)  # 2016_baseline read once for both chains


def test_a_city_of_districts_runs_each_district_fed_by_its_plant(tmp_path):
    """A generated town of 2,000 pipes in districts (network.yaml ``hydraulics.plant_feeds: plants``):
    the graph and the physics take every plant's node as the plant node of its own sub-network, so
    every substation is reached and the pump head is a district's (a few bar), not the whole town's."""
    import pandas as pd

    from tests.network_gen import write_network_folder

    result = run_scenario(write_network_folder(tmp_path / "town", 2000, 0.02, seed=2))
    plants = pd.read_csv(tmp_path / "town" / "plants.csv")
    assert plants["node_id"].nunique() >= 2
    assert len(result.hydraulics.network.roots) == plants["node_id"].nunique()
    assert 1.0 < result.figures["pump_head_bar"] < 20.0
    assert result.figures["max_pipe_load_frac"] < 1.5


def test_a_plant_a_scenario_adds_can_be_called_by_the_electricity_system(tmp_path):
    """add_plant takes the called season of plants.csv: the CHP gives its capacity over its called hours
    (the peak hours of the season's coldest weekdays, where the load exceeds it), and modify_plant
    changes its hours."""
    chp = ("add_plant: {id: chp_new, technology: gas_chp, fuel: gas, node_id: PLANT, capacity_kw: 500, "
           "efficiency_frac: 0.9, renewable: false, merit_order: 9, called_start: 11-01, called_end: 03-31, "
           "called_hours_per_year: 40}")
    path = write(tmp_path / "c.yaml", f"name: C\nbase: {base_rel(tmp_path)}\nyear: 2016\nmeasures:\n  - {chp}\n")
    heat = run_scenario(path).operation.heat_by_plant_mwh
    assert heat["chp_new"] == pytest.approx(500 * 40 / 1000)
    more = write(tmp_path / "m.yaml", "name: M\nbase: c.yaml\nyear: 2016\nmeasures:\n"
                                      "  - modify_plant: {id: chp_new, called_hours_per_year: 80}\n")
    assert run_scenario(more).operation.heat_by_plant_mwh["chp_new"] == pytest.approx(500 * 80 / 1000)

