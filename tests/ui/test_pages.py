"""One AppTest per dashboard page: it runs without exception and shows the key figures.

Prices: the study prints 55.36 EUR HT/MWh for 2016; the model's accounts basis,
(1,756 + 637.4) kEUR / 43,240.91 MWh, gives 55.350, shown "55,35" in French. The 2020
balance (R1 41, R2 total held): 61.45, shown "61,45".
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from heatnet.scenarios import run_scenario

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SCEN = ROOT / "scenarios"
PAGES = "heatnet/ui/pages/{}.py"


def open_page(page=None, timeout=60):
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    if page:
        at.switch_page(PAGES.format(page))
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_folder_page(folder, scenario, page):
    """The app on a scenario folder of the user's, switched to ``page``."""
    from heatnet.ui.common import FOLDER_KEY

    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state[FOLDER_KEY] = str(folder)
    at.session_state["active_scenario"] = str(folder / scenario)
    at.run()
    at.switch_page(PAGES.format(page))
    at.run()
    return at


def metrics(at):
    return {m.label: m.value for m in at.metric}


def shown_text(at):
    parts = [m.value for m in at.metric] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    return " ".join(str(p) for p in parts)


def select_scenario(at, name):
    path = str((SCEN / name).resolve())
    at.selectbox(key="active_scenario").select(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_model_prices_the_pages_show():
    # what the pages must display, from the model itself (French format of these)
    assert round(run_scenario(SCEN / "2016_baseline.yaml").figures["average_price_eur_per_mwh"], 2) == 55.35
    assert round(run_scenario(SCEN / "2020_balance.yaml").figures["average_price_eur_per_mwh"], 2) == 61.45
    assert round(run_scenario(SCEN / "hospital_closure.yaml").figures["average_price_eur_per_mwh"], 2) == 66.39


def test_network_page_opens_on_the_lens_baseline():
    at = open_page()
    m = metrics(at)
    assert m["Sous-stations"] == "37"
    assert m["Puissance souscrite (kW)"] == "23\u202f992"
    assert m["Chaleur vendue (MWh)"] == "43\u202f241"
    assert any("Tracé reconstitué" in w.value for w in at.warning)  # the layout is a reconstruction
    # selecting a substation shows its path from the plant and its figures
    at.selectbox(key="network_substation").select("14").run()
    assert not at.exception
    assert metrics(at)["Puissance souscrite (kW)"] == "8\u202f725"  # the hospital, study 002 §3.1.5
    assert any("Chemin depuis la chaufferie" in c.value for c in at.caption)
    at.selectbox(key="network_pipe").select("P_A1").run()
    assert not at.exception
    assert "Puissance souscrite en aval (kW)" in metrics(at)
    # filters of the substations table
    at.multiselect(key="network_clients").select("PdCH").run()
    assert not at.exception
    assert any(c.value.startswith("14 sous-station") or "sous-station(s)" in c.value for c in at.caption)


def test_network_map_colours_pipes_by_their_design_load():
    at = open_page()
    radio = at.radio(key="network_color_by")
    assert "load_frac" in radio.options or "Taux de charge à la température de base (%)" in radio.options
    radio.set_value("load_frac").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="network_color_by").value == "load_frac"


def test_scenarios_page_shows_the_baseline_price_and_the_2020_balance():
    at = open_page("scenarios")
    assert metrics(at)["Prix moyen (€ HT/MWh)"] == "55,35"
    select_scenario(at, "2020_balance.yaml")
    assert at.metric[0].label == "Prix moyen (€ HT/MWh)"
    assert at.metric[0].value == "61,45"
    select_scenario(at, "hospital_closure.yaml")
    assert at.metric[0].value == "66,39"


def test_scenarios_page_in_english_uses_english_numbers():
    at = open_page("scenarios")
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert metrics(at)["Average price (EUR excl. VAT/MWh)"] == "55.35"


def test_composer_removing_the_hospital_gives_the_closure_price():
    at = open_page("scenarios")
    at.multiselect(key="compose_remove_numbers").select("14").run()
    assert not at.exception
    prices = [m.value for m in at.metric if m.label == "Prix moyen (€ HT/MWh)"]
    assert prices[-1] == "66,39"  # the composed scenario's block comes last


def test_composer_invalid_scenario_shows_the_validation_message():
    at = open_page("scenarios")
    at.text_input(key="compose_name").input("").run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith("Scénario invalide") and "name" in e for e in errors), errors


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd"])
def test_composer_refuses_names_that_leave_the_folder(bad, tmp_path, monkeypatch):
    from heatnet.ui import common
    monkeypatch.setattr(common, "SAVE_DIR", tmp_path)
    at = open_page("scenarios")
    at.text_input(key="compose_file").input(bad).run()
    at.button(key="compose_save").click().run()
    assert not at.exception
    assert any(e.value.startswith("Nom de fichier refusé") for e in at.error)
    assert list(tmp_path.iterdir()) == []


def test_composer_asks_before_replacing_an_existing_file(tmp_path, monkeypatch):
    from heatnet.ui import common
    monkeypatch.setattr(common, "SAVE_DIR", tmp_path)
    existing = tmp_path / "existant.yaml"
    existing.write_text("name: keep me\n", encoding="utf-8")
    at = open_page("scenarios")
    at.multiselect(key="compose_remove_numbers").select("14").run()
    at.text_input(key="compose_file").input("existant").run()
    at.button(key="compose_save").click().run()
    assert not at.exception
    assert any("existe déjà" in w.value for w in at.warning)
    assert existing.read_text(encoding="utf-8") == "name: keep me\n"  # nothing replaced yet
    at.button(key="compose_replace").click().run()
    assert not at.exception
    assert "keep me" not in existing.read_text(encoding="utf-8")
    assert run_scenario(existing).figures["substations"] == 36
    # a new name saves at once
    at.text_input(key="compose_file").input("nouveau").run()
    at.button(key="compose_save").click().run()
    assert (tmp_path / "nouveau.yaml").exists()
    assert any(s.value.startswith("Enregistré") for s in at.success)


def test_economics_page():
    at = open_page("economics")
    m = metrics(at)
    assert m["Prix moyen (€ HT/MWh)"] == "55,35"
    assert m["Recettes R1 (€ HT)"] == "1\u202f756\u202f000"  # 2016 accounts, study 002 §3.3.1
    assert m["Recettes R2 (€ HT)"] == "637\u202f400"
    assert "Facture par logement (€ HT/an)" in m  # social housing, bill / dwellings
    assert not at.error


def test_concession_page_runs_the_timeline_of_the_open_network():
    """The concession has its own page (it was a section of the economics page): French by default,
    the timelines of the open network offered, the totals, the yearly table and the waterfall."""
    at = open_page("concession", timeout=120)
    assert not at.error
    options = at.selectbox(key="concession_timeline").options
    assert "Concession 2016-2033" in options and "Composer une chronologie" in options
    m = metrics(at)
    assert "Résultat cumulé (€ HT)" in m and "Valeur actuelle nette du résultat (€ HT)" in m
    assert m["Taux d'actualisation (%)"] == "4,0 %"
    assert at.selectbox(key="concession_pair").options  # the variance pairs
    at.selectbox(key="concession_timeline").select("__compose__").run()
    assert not at.exception and not at.error
    assert "Résultat cumulé (€ HT)" in metrics(at)  # a one-step timeline on the baseline, composed


def test_energy_page_shows_the_operation_and_the_network_physics():
    at = open_page("energy")
    # a section that cannot be shown degrades to a warning: there must be none; the scenario's own
    # warnings (heatnet.scenarios.warnings: substation 20's peak, the Flaubert bill) are warnings too
    assert not at.exception
    assert not [w.value for w in at.warning if "impossible à afficher" in w.value]
    assert any("Sous-station 20" in w.value for w in at.warning)
    shown = metrics(at)
    # the hourly dispatch of 2016 with the calibrated LBE stop, losses from the pipes (study §3.3.1: 77 %, 90 %)
    # LBE at 13 MW outside its stop (no derate), heating within the heating season (issue 13), through the
    # buildings' 40 h inertia; pipes sized for the design cold spell as the buildings see it (-6.5 °C); the
    # hospital's CHP called 129 h in the coldest weekdays, 49 MWh of them in place of LBE's heat (77.80 -> 77.70 %)
    assert shown["Taux EnR&R (%)"] == "77,7 %"
    assert shown["Rendement de distribution (%)"] == "91,2 %"
    assert shown["Taux de charge maximal des conduites (%)"] == "82,6 %"
    assert "non calculé pour ce scénario" not in " ".join(i.value for i in at.info)


def test_energy_page_shows_operation_and_hydraulics_when_present(monkeypatch):
    import pandas as pd

    from heatnet.ui import common

    class Operation:
        monthly_mwh = pd.DataFrame({"lbe": [5000.0, 4000.0], "zup_boiler_10mw": [800.0, 300.0]}, index=[1, 2])
        load_duration_kw = pd.DataFrame({"lbe": [11500.0, 9000.0, 1500.0], "zup_boiler_10mw": [6000.0, 0.0, 0.0]})

        def summary(self):
            return {"renewable_frac": 0.8, "co2_t": 2500.0, "co2_g_per_kwh": 58.0, "gas_mwh": 1200.0,
                    "mix_frac": {"lbe": 0.8, "zup_boiler_10mw": 0.2}, "unserved_mwh": 0.0}

    class Hydraulics:
        pipes = pd.DataFrame({"pipe_id": ["P_A1", "P_B1"], "mass_flow_kg_per_s": [40.0, 20.0],
                              "velocity_m_per_s": [1.1, 0.9], "pressure_drop_bar": [0.2, 0.1],
                              "heat_loss_kw": [30.0, 20.0], "load_frac": [0.9, 0.5]})

    real_run = common.run

    def run_with_physics(path):
        result = real_run(path)
        clone = type(result)(**{f: getattr(result, f) for f in result.__dataclass_fields__})
        clone.operation = Operation()
        clone.hydraulics = Hydraulics()
        return clone

    monkeypatch.setattr(common, "run", run_with_physics)
    at = open_page("energy")
    m = metrics(at)
    assert m["CO2 (t)"] == "2\u202f500"
    assert m["Pertes thermiques (kW)"] == "50"
    assert not [w.value for w in at.warning if "impossible à afficher" in w.value]  # the scenario's own may show


def test_export_page_offers_files_and_a_workbook():
    at = open_page("export")
    assert len(at.get("download_button")) >= 1
    at.button(key="export_prepare").click().run()
    assert not at.exception
    assert not at.error
    assert at.session_state["export_workbook"][:2] == b"PK"  # an xlsx is a zip


@pytest.mark.parametrize("page", ["network", "scenarios", "economics", "energy", "export"])
def test_every_shipped_scenario_shows_on_every_page(page):
    # extensions and the Liévin interconnection add nodes without coordinates, plants, clients
    at = open_page(page if page != "network" else None)
    for path in sorted(SCEN.glob("*.yaml")):
        select_scenario(at, path.name)
        assert not at.error, (path.name, [e.value for e in at.error])
        if page in ("network", "scenarios", "economics"):
            assert at.metric, path.name


def test_uncertainty_page_runs_a_study_and_shows_its_ranges():
    """The 2020 study at 40 samples: the progress bar runs, the quantiles, tornado and Sobol show."""
    at = open_page("uncertainty", timeout=240)
    study = str(ROOT / "scenarios" / "studies" / "balance_2020_lbe_price.yaml")
    at.selectbox(key="unc_study").set_value(study).run()
    at.number_input(key="unc_samples").set_value(40).run()
    at.button(key="unc_run").click().run(timeout=240)
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert "Prix moyen (€ HT/MWh)" in list(table["Indicateur"])
    headers = [h.value for h in at.subheader]
    assert any(h.startswith("Tornade") for h in headers) and any(h.startswith("Indices de Sobol") for h in headers)
    assert any("Probabilité" in h for h in headers)


def test_planning_page_runs_the_plan_and_shows_why():
    at = open_page("planning", timeout=180)
    assert not at.error
    at.checkbox(key="planning_rule").uncheck()
    at.radio(key="planning_objective").set_value("dwellings")
    at.button(key="planning_run").click().run(timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    (scenario, candidates, _), report = at.session_state["planning_report"]
    assert scenario.endswith("2016_baseline.yaml") and candidates.endswith("candidates_12_14.geojson")
    assert report["selected"] and set(report["parts"]) >= {"house", "collective", "public"}
    assert len(report["buildings"]) == 295 and len(report["houses"]) == 4
    assert len(at.dataframe) >= 2


def test_planning_page_of_another_network_offers_its_own_layers_not_lens(tmp_path):
    """The layers' fields were filled with the Lens 12/14 candidates whatever network was open."""
    from heatnet.io.template import write_template

    write_template(tmp_path)
    at = open_folder_page(tmp_path, "baseline.yaml", "planning")
    assert not at.exception and not at.error, [e.value for e in at.exception] + [e.value for e in at.error]
    assert at.text_input(key=f"planning_candidates:{tmp_path}").value == ""
    assert at.button(key="planning_run").disabled
    assert any("data/candidates" in i.value for i in at.info)
    assert at.subheader[-1].value == "Coût global (€ HT/an)"  # the per-dwelling costs are still shown


def test_another_networks_pages_offer_its_own_studies_and_timelines_not_lens(tmp_path):
    """The uncertainty page listed the Lens studies whatever network was open; the concession page looked for
    timelines in the shipped folder only, and on a network without the contract's cost files it showed an
    error where it should say what the view needs."""
    from heatnet.io.template import write_template

    write_template(tmp_path)
    at = open_folder_page(tmp_path, "baseline.yaml", "uncertainty")
    assert not at.exception and not at.error and any("studies/" in i.value for i in at.info)
    (tmp_path / "studies").mkdir()
    (tmp_path / "studies" / "own.yaml").write_text(
        "name: Prix du gaz\nscenario: ../baseline.yaml\nsamples: 50\n"
        "inputs:\n  - {kind: energy_price, fuel: gas, distribution: {kind: uniform, low: 40, high: 60}}\n",
        encoding="utf-8")
    at.run()
    assert at.selectbox(key="unc_study").options == ["Prix du gaz"]
    at.switch_page(PAGES.format("concession"))
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.exception] + [e.value for e in at.error]
    assert any("energy_costs.csv, r2_costs.csv" in i.value for i in at.info)


def test_the_concession_page_offers_the_open_folders_timelines_first(tmp_path):

    (tmp_path / "base.yaml").write_text(f"name: Base\nnetwork: {ROOT / 'data' / 'lens'}\nyear: 2016\n"
                                        "load_year: 2016\n", encoding="utf-8")
    (tmp_path / "timelines").mkdir()
    (tmp_path / "timelines" / "own.yaml").write_text(
        "name: Deux ans\nstart_year: 2016\nend_date: 2017-12-31\nsteps:\n  - {from_year: 2016, scenario: ../base.yaml}\n",
        encoding="utf-8")
    at = open_folder_page(tmp_path, "base.yaml", "concession")
    assert not at.exception and not at.error, [e.value for e in at.exception] + [e.value for e in at.error]
    options = at.selectbox(key="concession_timeline").options
    assert options[0] == "Deux ans" and len(options) == 4  # its own, then the two shipped on Lens, the composer


def test_the_composer_asks_for_the_last_year_when_the_contract_has_no_end(tmp_path):
    """A composed timeline on a network whose contract gives no dsp_end was an error ("give end_date")."""
    import shutil


    network = tmp_path / "network"
    shutil.copytree(ROOT / "data" / "lens", network)
    text = (network / "network.yaml").read_text(encoding="utf-8")
    (network / "network.yaml").write_text("\n".join(line for line in text.splitlines()
                                                    if not line.lstrip().startswith("dsp_end:")), encoding="utf-8")
    (tmp_path / "base.yaml").write_text("name: Base\nnetwork: network\nyear: 2016\nload_year: 2016\n",
                                        encoding="utf-8")
    at = open_folder_page(tmp_path, "base.yaml", "concession")
    assert not at.exception and not at.error, [e.value for e in at.exception] + [e.value for e in at.error]
    assert at.number_input(key="concession_end").value == 2016  # the open scenario's year, from 2013
    at.number_input(key="concession_end").set_value(2018).run()
    assert not at.error, [e.value for e in at.error]
    sizes = [len(d.value) for d in at.dataframe]  # the composer's steps, then the yearly table: mid-2013 to 2018
    assert sizes[:2] == [1, 6], sizes


def test_shipped_layers_are_found_beside_the_scenario(tmp_path):
    from heatnet.ui.common import shipped_layers

    scenario = tmp_path / "s.yaml"
    assert shipped_layers(scenario) == ("", "")
    (tmp_path / "data").mkdir()
    for name in ("candidates_b.gpkg", "candidates_a.geojson", "candidates.csv", "streets_a.GeoJSON"):
        (tmp_path / "data" / name).write_text("{}")
    (tmp_path / "streets_z.geojson").write_text("{}")
    assert shipped_layers(scenario) == (str(tmp_path / "data" / "candidates_a.geojson"),
                                        str(tmp_path / "data" / "streets_a.GeoJSON"))
    assert shipped_layers(ROOT / "scenarios" / "2016_baseline.yaml") == (
        str(SCEN / "data" / "candidates_12_14.geojson"), str(SCEN / "data" / "streets_12_14.geojson"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_scenario_deltas_say_what_they_compare(lang):
    """Every change on the scenarios page names its reference and the kind of year each side is: the 2016
    baseline is an actual year (its climate, its dated stops); the 2020 balance a year at 2016's climate
    with the plants' expected availabilities; the CEP year the normalised year (reference DJU)."""
    at = open_page("scenarios")
    if lang == "en":
        at.session_state["lang"] = "en"
        at.run()
    actual = {"fr": "« Baseline 2016 » (2016 réel : climat de l'année (2\u202f483 DJU), arrêts datés des centrales)",
              "en": "“Baseline 2016” (2016 actual: the year's own climate (2,483 DJU), the plants' dated stops)"}[lang]
    shown = {"fr": "Année du scénario affiché : 2016 réel", "en": "Year of the scenario shown: 2016 actual"}[lang]
    assert any(c.value.startswith(shown) for c in at.caption), [c.value for c in at.caption]
    assert not any(m.delta for m in at.metric[:6])  # the baseline against itself: no change shown

    select_scenario(at, "2020_balance.yaml")
    deltas = [m for m in at.metric[:6] if m.delta]
    assert len(deltas) == 6
    assert all(m.help.endswith(actual) for m in deltas), [m.help for m in deltas]
    climate = {"fr": "2020 au climat de 2\u202f483 DJU, disponibilités attendues des centrales (arrêts tirés au sort)",
               "en": "2020 at a climate of 2,483 DJU, the plants' expected availabilities (stops drawn at random)"}[lang]
    caption = next(c.value for c in at.caption if c.value.startswith(shown.split(":")[0]))
    assert climate in caption and actual in caption

    select_scenario(at, "cep_2016.yaml")
    normalised = {"fr": "année normalisée 2016 : DJU de référence (2\u202f622), disponibilités attendues",
                  "en": "normalised year 2016: reference DJU (2,622), the plants' expected availabilities"}[lang]
    assert any(normalised in c.value for c in at.caption), [c.value for c in at.caption]
