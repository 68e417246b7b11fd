"""Network physics of scenarios: annual losses and pumping, capacity, bottlenecks, pipe sizing."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from heatnet.model import physics
from heatnet.cli import main
from heatnet.io.folder import DataError, load_network
from heatnet.model.economics import load_references
from heatnet.model.hydraulics import PipeNetwork
from heatnet.model.operation import OperationSettings, temperatures
from heatnet.model.pipes import heat_loss_coefficient_w_per_m_k, water_density_kg_per_m3
from heatnet.scenarios import initial_state, run_scenario
from tests.conftest import LENS, SCENARIOS


@pytest.fixture(scope="module")
def baseline():
    return run_scenario(SCENARIOS / "2016_baseline.yaml")


@pytest.fixture(scope="module")
def lens_setup():
    net = load_network(LENS)
    state = initial_state(net, 2016)
    cfg = physics.settings(net.params, load_references())
    temp = temperatures(OperationSettings(dju=2483), 2016, net.params["reference_dju"])
    return net, state, cfg, temp


def test_lens_efficiency_from_the_pipes_is_the_studys_about_90_percent(baseline):
    fig = baseline.figures
    # study 002 §3.3.1: efficiency 90 % in 2014, 2015 and 2016 (2016: 43,241 sold / 48,182 produced = 89.7 %)
    assert 0.88 <= fig["network_efficiency_frac"] <= 0.92
    assert fig["heat_loss_mwh"] == pytest.approx(baseline.operation.losses_mwh)
    assert fig["heat_loss_mwh"] == pytest.approx(baseline.physics.heat_loss_mwh)
    # the losses are produced: heat input = sales + losses (+ nothing unserved)
    assert baseline.operation.heat_input_mwh == pytest.approx(fig["heat_sold_mwh"] + fig["heat_loss_mwh"], rel=1e-9)
    assert 50 < fig["pump_electricity_mwh"] < 500
    assert fig["pump_head_bar"] > 1.0 and 0 < fig["max_pipe_load_frac"] < 1.0


def test_new_pipe_coefficients_alone_lose_less_than_the_study(lens_setup):
    """The ageing assumption matters: with the catalogue's new-pipe values the efficiency is above 92 %."""
    net, state, cfg, temp = lens_setup
    new = dict(cfg, insulation_ageing_factor=1.0)
    annual = physics.annual(physics.pipe_network(state, "PLANT", new), state.substations, temp, new)
    sales = state.substations["heat_mwh"].sum()
    assert sales / (sales + annual.heat_loss_mwh) > 0.92
    aged = physics.annual(physics.pipe_network(state, "PLANT", cfg), state.substations, temp, cfg)
    assert aged.heat_loss_mwh == pytest.approx(1.25 * annual.heat_loss_mwh, rel=0.01)


def test_interpolated_hours_match_direct_solves(lens_setup):
    net, state, cfg, temp = lens_setup
    network = physics.pipe_network(state, "PLANT", cfg)
    annual = physics.annual(network, state.substations, temp, cfg)
    rng = np.random.default_rng(3)
    for hour in rng.choice(len(temp), 12, replace=False):
        kw = physics.demand.substation_loads_kw(state.substations, [temp[hour]], temp, physics.demand.read_profiles(), 18.0)
        loads = physics._loads_by_node(network, state.substations, kw)[0]
        direct = network.solve(loads, supply_temp_c=float(physics.supply_temperature_c(temp[hour], cfg, 18.0)),
                               return_temp_c=cfg["return_c"], ground_temp_c=cfg["ground_temp_c"],
                               pump_efficiency_frac=cfg["pump_efficiency_frac"])
        assert annual.losses_kw[hour] == pytest.approx(direct.heat_loss_kw, rel=2e-3)
        assert annual.pump_kw[hour] == pytest.approx(direct.pump_power_kw, rel=1e-2)
    # the loads over the year add up to the heat sold
    levels = physics.demand.substation_loads_kw(state.substations, temp, temp, physics.demand.read_profiles(), 18.0)
    assert levels.sum() / 1000 == pytest.approx(state.substations["heat_mwh"].sum(), rel=1e-9)


def test_heating_curve(lens_setup):
    _, _, cfg, _ = lens_setup
    np.testing.assert_allclose(physics.supply_temperature_c([-9, 4.5, 18, 25, -15], cfg, 18.0),
                               [90, 85, 80, 80, 90 + 10 * 6 / 27])


def test_one_pipe_losses_by_hand():
    """A long pipe with a large flow: losses -> U L (T_supply - T_ground) + U L (T_return - T_ground)."""
    pipes = pd.DataFrame({"id": ["a"], "from_node": ["P"], "to_node": ["S"], "dn_mm": [100], "length_m": [500.0]})
    u = heat_loss_coefficient_w_per_m_k([100], 2)
    assert u[0] == pytest.approx(0.248)  # Logstor series 2, DN 100
    result = PipeNetwork(["P", "S"], pipes, "P", u_w_per_m_k=u).solve(pd.Series({"S": 3000.0}), supply_temp_c=85,
                                                                     return_temp_c=55, ground_temp_c=10)
    assert result.heat_loss_kw == pytest.approx(0.248 * 500 * (75 + 45) / 1000, rel=2e-3)


def test_capacity_limits_by_hand():
    pipes = pd.DataFrame({"id": ["big", "small"], "from_node": ["P", "P"], "to_node": ["A", "B"],
                          "dn_mm": [300, 50], "length_m": [100.0, 100.0]})
    network = PipeNetwork(["P", "A", "B"], pipes, "P")
    cap = network.capacity_kg_per_s(90.0, 3.0, 200.0)
    rho = water_density_kg_per_m3(90.0)
    area = np.pi * network.diameter_m ** 2 / 4
    # DN 300 at 200 Pa/m runs slower than 3 m/s: the gradient limits it; DN 50 at 3 m/s would lose far more
    assert cap[0] < 3.0 * rho * area[0]
    for k in range(2):
        drop = network.properties(90.0).drop(np.array([cap[0], cap[1]]))[k]
        assert drop / 100.0 == pytest.approx(200.0, rel=1e-9) or cap[k] == pytest.approx(3.0 * rho * area[k])
    # a looser gradient lets the velocity limit bind
    loose = network.capacity_kg_per_s(90.0, 3.0, 1e6)
    np.testing.assert_allclose(loose, 3.0 * rho * area)


def test_required_dn_is_the_smallest_that_fits(lens_setup):
    _, _, cfg, _ = lens_setup
    flows = np.array([0.5, 5.0, 30.0, 84.0, 400.0, 5000.0])
    needed = physics.required_dn_mm(flows, cfg, 90.0)
    assert np.isnan(needed[-1])  # beyond the catalogue
    catalogue = physics.read_catalogue()["dn_mm"].to_numpy()
    for q, dn in zip(flows[:-1], needed[:-1]):
        index = int(np.flatnonzero(catalogue == dn)[0])
        fits = physics.required_dn_mm([q], cfg, 90.0)
        assert fits[0] == dn
        if index > 0:  # the next smaller DN would be over its limits
            smaller = catalogue[index - 1]
            pipes = pd.DataFrame({"id": ["p"], "from_node": ["a"], "to_node": ["b"], "dn_mm": [smaller],
                                  "length_m": [1.0]})
            cap = PipeNetwork(["a", "b"], pipes, "a").capacity_kg_per_s(90.0, cfg["max_velocity_m_per_s"],
                                                                       cfg["max_pressure_gradient_pa_per_m"])
            assert cap[0] < q


def test_lens_design_point_and_branches(baseline):
    rep = physics.report(baseline)
    pipes = rep["pipes"].set_index("pipe_id")
    # the hospital's branch A (DN 244) is the most loaded: its first pipe carries the branch's design load
    assert pipes["load_frac"].idxmax() == "P_A1"
    branches = rep["branches"].set_index("branch")
    assert branches.loc["A", "limiting_pipe"] == "P_A1"
    assert (branches["spare_kw"] > 0).all() and rep["bottlenecks"].empty
    # spare + load = capacity, in kW at the design temperatures
    row = pipes.loc["P_A1"]
    kw_per_kg_s = branches.loc["A", "design_load_kw"] / row["mass_flow_kg_per_s"]
    assert branches.loc["A", "spare_kw"] == pytest.approx((row["capacity_kg_per_s"] - row["mass_flow_kg_per_s"])
                                                          * kw_per_kg_s)
    design = baseline.hydraulics
    total = design.demand_kg_per_s.clip(min=0).sum()
    assert design.pump_power_kw == pytest.approx(design.pump_head_bar * 1e5 * total / water_density_kg_per_m3(60)
                                                 / 0.7 / 1000)


def test_extension_bottlenecks_and_the_dn_new_pipes_need():
    result = run_scenario(SCENARIOS / "extension_12_14.yaml")
    rep = physics.report(result)
    bottlenecks = rep["bottlenecks"].set_index("pipe_id")
    # the houses' trunk, sized DN 80 by the extension's default table, is over its limits: DN 100 needed
    assert bottlenecks.loc["X_12_14_maisons_trunk", "required_dn_mm"] == 100
    assert bottlenecks.loc["X_12_14_maisons_trunk", "new_bottleneck"]
    new = rep["new_pipes"]
    assert len(new) == len(set(result.state.pipes["id"]) - set(result.network.pipes["id"]))
    assert (new["required_dn_mm"] > 0).all()
    # every DN the report asks for carries its design flow within the limits
    assert (physics.required_dn_mm(new["mass_flow_kg_per_s"], physics.settings(result.network.params,
                                                                                load_references()), 90.0)
            == new["required_dn_mm"]).all()


def test_cli_hydraulics_json_and_run_fields(capsys):
    assert main(["hydraulics", str(SCENARIOS / "2016_baseline.yaml"), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert len(payload["pipes"]) == 54
    for key in ("pipe_id", "mass_flow_kg_per_s", "velocity_m_per_s", "pressure_drop_bar", "heat_loss_kw",
                "load_frac", "required_dn_mm"):
        assert key in payload["pipes"][0]
    assert 0.88 <= payload["summary"]["network_efficiency_frac"] <= 0.92
    assert main(["run", str(SCENARIOS / "2016_baseline.yaml"), "--json"]) == 0
    run = json.loads(capsys.readouterr().out)
    for key in ("heat_loss_mwh", "pump_electricity_mwh", "pump_head_bar", "max_pipe_load_frac"):
        assert run[key] > 0
    assert main(["hydraulics", str(SCENARIOS / "extension_12_14.yaml"), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "X_12_14_maisons_trunk: DN 80" in text and "-> DN 100" in text


def test_fixed_losses_still_available(tmp_path):
    text = (SCENARIOS / "2016_baseline.yaml").read_text(encoding="utf-8")
    path = tmp_path / "fixed.yaml"
    shutil.copytree(LENS, tmp_path / "lens")
    text = text.replace("../data/lens", str(tmp_path / "lens"))
    assert "operation:" in text
    path.write_text(text.replace("operation:", "operation:\n  losses: fixed\n  network_efficiency_frac: 0.9", 1),
                    encoding="utf-8")
    result = run_scenario(path)
    assert result.hydraulics is None
    assert result.figures["network_efficiency_frac"] == pytest.approx(0.9)
    # the hydraulics command says why it has nothing to show, as a user error (exit 2)
    assert main(["hydraulics", str(path)]) == 2


def test_bad_physics_inputs(tmp_path):
    folder = tmp_path / "lens"
    shutil.copytree(LENS, folder)
    yaml_path = folder / "network.yaml"
    original = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(original.replace("insulation_ageing_factor: 1.25", "insulation_ageing: 1.25"),
                         encoding="utf-8")
    with pytest.raises(DataError, match="hydraulics.insulation_ageing"):
        load_network(folder)
    for bad, message in (("insulation_ageing_factor: 1.25", "insulation_ageing_factor: 1.25\n  design_load: maximum"),
                         ("insulation_ageing_factor: 1.25", "insulation_ageing_factor: -1")):
        yaml_path.write_text(original.replace(bad, message), encoding="utf-8")
        with pytest.raises(DataError, match=r"network.yaml.*hydraulics\.(design_load.*'peak'|insulation_ageing_factor"
                                            r".*outside)"):
            load_network(folder)
    yaml_path.write_text(original, encoding="utf-8")
    pipes = (folder / "pipes.csv").read_text(encoding="utf-8").splitlines()
    pipes[0] += ",insulation_series"
    pipes[1] += ",4"
    pipes[2:] = [line + "," for line in pipes[2:]]
    (folder / "pipes.csv").write_text("\n".join(pipes) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"pipes.csv, line 2, column 'insulation_series'"):
        load_network(folder)


def test_a_flow_no_catalogue_dn_carries_reads_beyond_the_catalogue_not_nan(tmp_path, capsys):
    """Found by the fuzz suite (seed 17, case 6294): a new substation of 1,000,000 MWh gave pipes whose
    required_dn_mm was NaN in the JSON payload; it is now null by design, and the text says why."""
    text = (SCENARIOS / "new_hospital.yaml").read_text(encoding="utf-8")
    text = text.replace("base: 2020_balance.yaml", f"base: {SCENARIOS / '2020_balance.yaml'}")
    text = text.replace("heat_mwh: 3889", "heat_mwh: 1000000")
    path = tmp_path / "huge.yaml"
    path.write_text(text, encoding="utf-8")
    needed = physics.report(run_scenario(path))["pipes"]["required_dn_mm"]
    assert needed.isna().any() and not any(isinstance(v, float) and v != v for v in needed)  # None, never NaN
    assert main(["hydraulics", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    beyond = [p for p in payload["bottlenecks"] if p["required_dn_mm"] is None]
    assert beyond and all(p["load_frac"] > 1 for p in beyond)
    assert all(isinstance(p["required_dn_mm"], float) for p in payload["pipes"] if p["required_dn_mm"] is not None)
    assert main(["hydraulics", str(path)]) == 0
    text = capsys.readouterr().out
    for pipe in beyond:
        if pipe["kind"] != "service":  # service pipes share a line per DN
            assert f"{pipe['pipe_id']} : DN" in text  # French: a space before the colon
    assert "au-delà du plus gros DN du catalogue" in text and "nan" not in text.lower()
