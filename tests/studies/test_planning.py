"""The connection plan on Lens: the written plan re-run by the scenario runner gives the program's
objective, and the 12/14 district's answers (which parts pay, the houses' doubt) in figures."""

import json
from pathlib import Path

import pytest

from heatnet.cli import main
from heatnet.io.candidates import read_candidates, read_streets
from heatnet.scenarios import run_scenario
from heatnet.studies import plan_case as pc
from heatnet.studies import planning as pl

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "scenarios" / "2020_balance.yaml"
J_A5 = (2.817519, 50.446949)  # data/lens/nodes.csv


def _candidates(tmp_path):
    """A large collective building near the end of branch A, a smaller one available in 2023, houses further away."""
    feats = [{"id": "BIG", "use": "collective", "dwellings": 200, "heat_mwh": 2400.0, "subscribed_kw": 1600.0,
              "alternative": "gas_collective", "year_available": 2021, "xy": (0.0007, 0.0003)},
             {"id": "LATER", "use": "collective", "dwellings": 40, "heat_mwh": 300.0, "subscribed_kw": 200.0,
              "year_available": 2023, "xy": (0.0030, 0.0010)}]
    feats += [{"id": f"H{k}", "use": "house", "dwellings": 1, "heat_mwh": 10.0, "subscribed_kw": 8.0,
               "substation_capex_eur": 5800.0, "xy": (-0.004 - 0.0002 * k, -0.003)} for k in range(6)]
    path = tmp_path / "cands.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {k: v for k, v in f.items() if k != "xy"},
         "geometry": {"type": "Point", "coordinates": [J_A5[0] + f["xy"][0], J_A5[1] + f["xy"][1]]}}
        for f in feats]}))
    return path


@pytest.mark.parametrize("objective, options", [("npv", {}), ("territory_cost", {}),
                                                ("dwellings", {"max_price_rise_frac": 0.03})])
def test_written_plan_rerun_gives_the_program_objective(tmp_path, objective, options):
    case = pc.build_case(BASE, read_candidates(_candidates(tmp_path)),
                         options=pc.PlanOptions(objective=objective, contract_rule=False, **options))
    solution = pl.solve(case.problem, objective)
    assert solution.selected, "a plan that connects nothing would test nothing"
    path = pc.write_plan(case, solution, tmp_path / f"plan_{objective}.yaml")
    result = run_scenario(path)
    rerun = pc.objective_from_result(case, result, objective)
    assert rerun == pytest.approx(solution.value, rel=1e-4)  # the 0.01 %
    assert {e["name"] for e in result.extensions} >= {f"Plan {objective} 2021"}
    if objective == "dwellings":  # the price limit holds in the runner's own figures
        rise = result.figures["average_price_eur_per_mwh"] / case.base.figures["average_price_eur_per_mwh"] - 1
        assert rise <= 0.03 + 1e-9


def test_phases_follow_the_year_candidates_become_available(tmp_path):
    case = pc.build_case(BASE, read_candidates(_candidates(tmp_path)),
                         options=pc.PlanOptions(objective="dwellings", contract_rule=False, max_price_rise_frac=0.5))
    solution = pl.solve(case.problem, "dwellings")
    scenario = pc.plan_scenario(case, solution, out_dir=tmp_path)
    years = [m["add_substations"]["commissioning_year"] for m in scenario.measures]
    assert years == sorted(years) and len(years) >= 2
    later = next(m for m in scenario.measures if any(s["id"] == "LATER" for s in m["add_substations"]["substations"]))
    assert later["add_substations"]["commissioning_year"] == 2023


@pytest.fixture(scope="module")
def district():
    cands = read_candidates(ROOT / "scenarios" / "data" / "candidates_12_14.geojson")
    streets, nodes = read_streets(ROOT / "scenarios" / "data" / "streets_12_14.geojson")
    return cands, streets, nodes


def test_12_14_under_the_contract_rule_nothing_is_due(district):
    """The 3 kW/m rule: the whole district reaches 0.67 kW/m, its best part under 1: nothing connects."""
    case = pc.build_case(BASE, *district, options=pc.PlanOptions(objective="dwellings", max_price_rise_frac=1.0))
    assert pl.solve(case.problem, "dwellings").selected == []
    parts = pc.parts_report(case)
    assert parts["all"]["kw_per_m"] < 1.0


def test_12_14_houses_do_not_pay_the_operator_in_any_variant_but_cost_residents_less(district):
    case = pc.build_case(BASE, *district, options=pc.PlanOptions(objective="npv", contract_rule=False))
    answer = pc.houses_answer(case, subsidy_frac=0.35)
    assert len(answer) == 4
    for row in answer:
        assert row["houses_increment_npv_eur"] < 0
        assert row["houses_alone"]["mwh_per_m"] < 1.5  # below the Fonds Chaleur criterion: no subsidy due
        assert row["per_house"]["network_ttc_eur"] < row["per_house"]["alternative_ttc_eur"]
    # the subsidy and the R3 each help; both together still leave the houses' NPV negative
    npv = {(r["subsidy_frac"] > 0, r["r3_eur_per_kw"] > 0): r["houses_increment_npv_eur"] for r in answer}
    assert npv[(False, False)] < npv[(True, False)] < npv[(True, True)] < 0
    assert npv[(False, False)] < npv[(False, True)] < npv[(True, True)]


def test_plan_cli_never_overwrites_without_force(tmp_path):
    out = tmp_path / "plan.yaml"
    out.write_text("keep me")
    args = ["plan", str(BASE), str(_candidates(tmp_path)), "--out", str(out), "--json", "--no-contract-rule"]
    assert main(args) == 2
    assert out.read_text() == "keep me"
    assert main(args + ["--force"]) == 0
    assert "add_substations" in out.read_text()


def test_plan_json_is_the_only_thing_on_standard_output(tmp_path):
    """In a new process, as a user runs it: the solver writes nothing of its own to standard output."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "heatnet", "plan", str(BASE), str(_candidates(tmp_path)), "--json",
                           "--no-contract-rule"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "HiGHS" not in done.stdout
    assert json.loads(done.stdout)["objective"]
