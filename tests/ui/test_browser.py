"""The dashboard in a real Chromium: open it, switch language, pick a scenario, see the price change.

Screenshots of every page go to tests/artifacts/ (gitignored). Marked ``browser``; skipped
with the reason when chromium, chromedriver or selenium are missing.
"""

from pathlib import Path

import pytest

from heatnet.i18n import bridge_step_text
from heatnet.scenarios import run_scenario
from heatnet.ui import browser

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ok, missing = browser.browser_available()
if not ok:
    pytest.skip(f"browser test needs {missing}", allow_module_level=True)

PRICE_FR, PRICE_EN = "Prix moyen (€ HT/MWh)", "Average price (EUR excl. VAT/MWh)"


@pytest.fixture(scope="module")
def app_driver():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with browser.streamlit_server(log_path=ARTIFACTS / "streamlit.log") as url, browser.chromium() as driver:
        yield url, driver


def settle(driver, predicate, what, timeout_s=40):
    value = browser.wait_for(driver, predicate, timeout_s, what)
    browser.wait_for(driver, browser.idle, timeout_s, "the app to finish running")
    return value


def test_dashboard_in_chromium(app_driver):
    url, driver = app_driver
    driver.get(url)
    # opens on the Lens network and the 2016 baseline, in French
    m = settle(driver, lambda d: browser.metric_values(d).get("Sous-stations"), "the network page")
    assert m == "37"
    assert "Tracé reconstitué" in driver.page_source
    browser.screenshot(driver, ARTIFACTS / "1_reseau.png")

    # the first page shows the headline figures beside the map: the baseline price first
    assert settle(driver, lambda d: browser.metric_values(d).get(PRICE_FR), "the headline price") == "55,35"

    browser.click_nav(driver, "Scénarios")
    assert settle(driver, lambda d: browser.metric_values(d).get(PRICE_FR), "the baseline price") == "55,35"
    browser.screenshot(driver, ARTIFACTS / "2_scenarios_fr.png")

    # the 12/14 extension: the overloaded trunk and the pump head are warnings on the page
    extension = run_scenario(browser.ROOT / "scenarios" / "extension_12_14.yaml")
    browser.choose_in_selectbox(driver, "Scénario affiché", extension.name)
    trunk = next(w for w in extension.warnings if w["kind"] == "pipe_overload")
    pressure = next(w for w in extension.warnings if w["kind"] == "pressure_over_rating")
    load_text = f"{trunk['value'] * 100:.0f} %"  # the scenario's own design point (150 % at 29.8 bar today)
    head_text = "pompes " + f"{pressure['pump_head_bar']:.1f}".replace(".", ",")
    alerts = settle(driver, lambda d: [a.text for a in d.find_elements("css selector", '[data-testid="stAlert"]')
                                       if load_text in a.text] and
                    [a.text for a in d.find_elements("css selector", '[data-testid="stAlert"]')], "the warnings")
    assert any("12-14 maisons" in a and load_text in a for a in alerts), alerts
    assert any(head_text in a for a in alerts), alerts
    # the price bridge: every step labelled in French, in words
    tab = browser.wait_for(driver, lambda d: next((t for t in d.find_elements("css selector", '[role="tab"]')
                                                   if "Pont de prix" in t.text), None), 20, "the bridge tab")
    tab.click()
    expected = [f"{i + 1}. {bridge_step_text(step, 'fr')}" for i, step in enumerate(extension.bridge)]
    shown = settle(driver, lambda d: (labels := d.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg text')]"
        ".map(t => t.textContent)")) and all(e in labels for e in expected) and labels, "the bridge's labels")
    assert all(e in shown for e in expected), [e for e in expected if e not in shown]
    assert "Départ de la sous-station 14 (Hopital de Lens Docteur Schaffner)" in " ".join(shown)
    browser.screenshot(driver, ARTIFACTS / "2b_bridge_12_14.png")
    browser.choose_in_selectbox(driver, "Scénario affiché", "Baseline 2016")
    assert settle(driver, lambda d: browser.metric_values(d).get(PRICE_FR) == "55,35", "the baseline again")

    # switch to English: labels and number format follow
    browser.click_button(driver, "English")
    assert settle(driver, lambda d: browser.metric_values(d).get(PRICE_EN), "English labels") == "55.35"

    # the hospital closure: the price moves from 55.35 to 66.39 EUR HT/MWh
    browser.choose_in_selectbox(driver, "Scenario shown", "Fermeture de l'hôpital")
    price = settle(driver, lambda d: (v := browser.metric_values(d).get(PRICE_EN)) != "55.35" and v,
                   "the hospital-closure price")
    assert price == "66.39"
    browser.screenshot(driver, ARTIFACTS / "3_scenarios_hospital_closure.png")

    for title, check, name in (("Economics", "R1 revenue (EUR excl. VAT)", "4_economics.png"),
                               ("Energy", "Hourly operation", "5_energy.png"),
                               ("Export", "Excel workbook", "6_export.png"),
                               ("Network", "Substations", "7_network_en.png")):
        browser.click_nav(driver, title)
        settle(driver, lambda d, c=check: c in d.find_element("css selector", '[data-testid="stMain"]').text,
               f"the {title} page")
        assert "Traceback" not in driver.page_source
        browser.screenshot(driver, ARTIFACTS / name)
    assert len(list(ARTIFACTS.glob("*.png"))) >= 7
