"""The composer's helpers: validation messages, file names, base paths, no silent overwrite."""

from pathlib import Path

import pytest

from heatnet.scenarios import read_scenario, run_scenario
from heatnet.ui.compose import (ComposeError, compose_dict, default_node, interconnection_defaults, safe_file_name,
                                save_composed, validate_composed, write_temp)

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "2016_baseline.yaml"


@pytest.mark.parametrize("name", ["", "   ", "../x", "/etc/passwd", "a/b", "a\\b", "..", ".hidden", "x/../../y",
                                  "..x"])
def test_names_that_are_not_plain_file_names_are_refused(name):
    with pytest.raises(ComposeError):
        safe_file_name(name)


@pytest.mark.parametrize("name, expected", [("mon_scenario", "mon_scenario.yaml"), ("Bilan 2030", "Bilan 2030.yaml"),
                                            ("fermeture.yaml", "fermeture.yaml"), ("rénovation-2", "rénovation-2.yaml")])
def test_plain_names_get_the_yaml_suffix(name, expected):
    assert safe_file_name(name) == expected


def test_invalid_composed_scenario_gives_the_validation_message():
    with pytest.raises(ComposeError, match="name"):
        validate_composed(compose_dict("", 2020))
    data = compose_dict("x", 2020, renovate={"public_buildings": True, "energy_saving_frac": 1.5})
    with pytest.raises(ComposeError, match="energy_saving_frac"):
        validate_composed(data)


def test_composed_scenario_runs_from_a_temp_folder_with_its_base(tmp_path):
    # removing substation 14 (the hospital) from the baseline: the hospital-closure price, 66.39 EUR HT/MWh
    scenario = validate_composed(compose_dict("sans hôpital", 2021, remove_numbers=["14"]))
    path = write_temp(scenario, BASELINE, tmp_path / "run")
    assert not Path(read_scenario(path).base).is_absolute()
    result = run_scenario(path)
    closure = run_scenario(ROOT / "scenarios" / "hospital_closure.yaml")
    assert result.figures["average_price_eur_per_mwh"] == pytest.approx(
        closure.figures["average_price_eur_per_mwh"], rel=1e-9)
    assert write_temp(scenario, BASELINE, tmp_path / "run") == path  # same content, same file


def test_save_refuses_to_replace_without_overwrite(tmp_path):
    scenario = validate_composed(compose_dict("a", 2020, remove_clients=["CHL"]))
    first = save_composed(scenario, BASELINE, tmp_path, "essai")
    text = first.read_text(encoding="utf-8")
    other = validate_composed(compose_dict("b", 2020, remove_numbers=["14"]))
    with pytest.raises(FileExistsError):
        save_composed(other, BASELINE, tmp_path, "essai")
    assert first.read_text(encoding="utf-8") == text
    save_composed(other, BASELINE, tmp_path, "essai", overwrite=True)
    assert read_scenario(first).name == "b"
    # the saved file names its base relative to the folder it is in, and runs
    assert (first.parent / read_scenario(first).base).resolve() == BASELINE.resolve()
    assert run_scenario(first).figures["substations"] == 36


@pytest.mark.parametrize("name", ["../x", "/etc/passwd"])
def test_save_never_writes_outside_the_folder(tmp_path, name):
    scenario = validate_composed(compose_dict("a", 2020, remove_clients=["CHL"]))
    folder = tmp_path / "scenarios"
    folder.mkdir()
    with pytest.raises(ComposeError):
        save_composed(scenario, BASELINE, folder, name)
    assert list(tmp_path.rglob("*.yaml")) == []


def test_composer_measures_build_and_run(tmp_path):
    data = compose_dict("tout", 2022, remove_numbers=["14"],
                        renovate={"public_buildings": True, "energy_saving_frac": 0.25, "subscribed_saving_frac": 0},
                        extension={"name": "Ext", "connect_to": "J_B6", "trunk_length_m": 500, "trunk_dn_mm": 150,
                                   "count": 3, "subscribed_kw": 200, "heat_mwh": 400, "client": "PdCH",
                                   "pipe_length_m": 20},
                        interconnect=interconnection_defaults(sorted((ROOT / "scenarios").glob("*.yaml")),
                                                              run_scenario(BASELINE)),
                        r1_eur_per_mwh=41, r2_policy="hold_total")
    result = run_scenario(write_temp(validate_composed(data), BASELINE, tmp_path))
    fig = result.figures
    assert fig["r1_eur_per_mwh"] == 41
    assert fig["substations"] == 37 - 1 + 3 + 1  # hospital out, 3 new, Liévin's bulk delivery point
    assert [b["label"].split(":")[0] for b in result.bridge[2:-2]] == [
        "remove_substations", "renovate", "add_substations", "interconnect"]
    assert result.bridge[-2]["step"] == "climate_and_outages"  # the year's climate and stops, a step of its own


def test_the_composer_defaults_come_from_the_network_opened(tmp_path):
    """Issue 18: no Lens node id or neighbour in the composer's code; on a network of its own (heatnet init)
    the connections default to that network's hub and the interconnection is a neutral one sized on it."""
    from heatnet.io.template import write_template

    write_template(tmp_path / "net")
    base = run_scenario(tmp_path / "net" / "baseline.yaml")
    assert default_node(base.state, "PLANT") == "J1"  # 4 pipes meet there (P1, P2, S1, S2), 3 at J2
    link = interconnection_defaults(sorted((tmp_path / "net").glob("*.yaml")), base, "fr")
    assert link["connect_to"] == "J1" and link["name"] == "Réseau voisin"
    assert link["heat_mwh"] == round(0.2 * base.figures["heat_sold_mwh"], -1)
    data = compose_dict("voisin", 2025, extension={"name": "Ext", "connect_to": default_node(base.state),
                                                   "trunk_length_m": 200, "trunk_dn_mm": 80, "count": 2,
                                                   "subscribed_kw": 100, "heat_mwh": 150, "client": "Commune",
                                                   "pipe_length_m": 10}, interconnect=link)
    path = write_temp(validate_composed(data), tmp_path / "net" / "baseline.yaml", tmp_path / "run")
    text = path.read_text(encoding="utf-8")
    assert not [w for w in ("Lens", "Liévin", "LIEVIN", "J_B6", "J_A5", "lbe") if w in text], text
    result = run_scenario(path)
    assert result.figures["substations"] == 4 + 2 + 1
    # the shipped folder's own study of the interconnection gives the Lens defaults, at a node of the base
    lens = interconnection_defaults(sorted((ROOT / "scenarios").glob("*.yaml")), run_scenario(BASELINE))
    assert lens["heat_mwh"] == 17000 and lens["connect_to"] in set(run_scenario(BASELINE).state.nodes["id"])


def test_the_composer_page_offers_the_opened_networks_nodes(tmp_path):
    from streamlit.testing.v1 import AppTest

    from heatnet.io.template import write_template
    from heatnet.ui.common import FOLDER_KEY

    write_template(tmp_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state[FOLDER_KEY] = str(tmp_path)
    at.session_state["active_scenario"] = str(tmp_path / "baseline.yaml")
    at.run()
    at.switch_page("heatnet/ui/pages/scenarios.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="compose_ext_node").value == "J1"
    assert at.selectbox(key="compose_lv_node").value == "J1"
    assert at.number_input(key="compose_lv_mwh").value == round(
        0.2 * run_scenario(tmp_path / "baseline.yaml").figures["heat_sold_mwh"], -1)
