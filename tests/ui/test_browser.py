"""The dashboard in a real Chromium: open it, switch language, pick a scenario, see the price change.

Screenshots of every page go to tests/artifacts/ (gitignored). Marked ``browser``; skipped
with the reason when chromium, chromedriver or selenium are missing.
"""

from pathlib import Path

import pytest

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

    browser.click_nav(driver, "Scénarios")
    assert settle(driver, lambda d: browser.metric_values(d).get(PRICE_FR), "the baseline price") == "55,35"
    browser.screenshot(driver, ARTIFACTS / "2_scenarios_fr.png")

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
