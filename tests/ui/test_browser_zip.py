"""Opening a network from an uploaded zip, in a real Chromium (issue 18): a network made by ``heatnet init``
shows its own figures and no Lens text; an archive that is not a zip, one with a path leaving it and one
that unzips to more than the limit are refused with a French message, and leave no unpacked folder.

Marked ``browser``; skipped with the reason when chromium, chromedriver or selenium are missing.
"""

import zipfile
from pathlib import Path

import pytest

from heatnet.i18n import format_number, label
from heatnet.io.template import write_template
from heatnet.scenarios import run_scenario
from heatnet.ui import browser
from heatnet.ui.common import MAX_UNZIPPED_BYTES

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ok, missing = browser.browser_available()
if not ok:
    pytest.skip(f"browser test needs {missing}", allow_module_level=True)

LENS_WORDS = ("Lens", "Liévin", "LBE", "Dalkia", "Danstoker")  # as tests/ui/test_language.py
PRICE_FR = label("average_price_eur_per_mwh")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The dashboard with its own temporary folder, to see what an upload leaves there."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path_factory.mktemp("server_tmp")
    with browser.streamlit_server(log_path=ARTIFACTS / "streamlit_zip.log", env={"TMPDIR": str(tmp)}) as url, \
            browser.chromium() as driver:
        yield url, driver, tmp


def settle(driver, predicate, what, timeout_s=60):
    value = browser.wait_for(driver, predicate, timeout_s, what)
    browser.wait_for(driver, browser.idle, timeout_s, "the app to finish running")
    return value


def upload_and_open(driver, path):
    """Open the sidebar's "open another network" box, upload ``path`` and press Open."""
    from selenium.webdriver.common.by import By

    box = browser.wait_for(driver, lambda d: next((e for e in d.find_elements(
        By.CSS_SELECTOR, '[data-testid="stSidebar"] [data-testid="stExpander"]')
        if label("ui_open") in e.text), None), 30, "the open box")
    uploader = box.find_elements(By.CSS_SELECTOR, '[data-testid="stFileUploader"]')
    if not uploader or not uploader[0].is_displayed():
        box.find_element(By.CSS_SELECTOR, "summary").click()
    field = browser.wait_for(driver, lambda d: box.find_element(By.CSS_SELECTOR, 'input[type="file"]'), 10,
                             "the file field")
    field.send_keys(str(path))
    settle(driver, lambda d: path.name in box.text, f"{path.name} uploaded")
    browser.click_button(driver, label("ui_open_button"))


def alerts(driver):
    return [a.text for a in driver.find_elements("css selector", '[data-testid="stAlert"]')]


def leftovers(tmp):
    return sorted(p.name for p in Path(tmp).glob("heatnet_upload_*"))


def _bad_zips(folder):
    not_zip = folder / "pas_un_zip.zip"
    not_zip.write_text("name: pas une archive\n", encoding="utf-8")
    escape = folder / "evasion.zip"
    with zipfile.ZipFile(escape, "w") as archive:
        archive.writestr("scenarios/base.yaml", "name: Base\nyear: 2024\n")
        archive.writestr("../evil.yaml", "name: Dehors\nyear: 2024\n")
    bomb = folder / "bombe.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("network/network.yaml", "name: Bombe\n")
        with archive.open("network/loads.csv", "w") as member:  # zeros: 150 MiB in about 150 kB
            chunk = bytes(2**20)
            for _ in range(MAX_UNZIPPED_BYTES // 2**20 + 50):
                member.write(chunk)
    assert bomb.stat().st_size < 2 * 2**20
    return ((not_zip, "n'est pas une archive zip lisible"), (escape, "« ../evil.yaml » sort de l'archive"),
            (bomb, f"au-delà des {format_number(MAX_UNZIPPED_BYTES / 2**20)} Mio admis"))


def test_bad_archives_are_refused_in_french_and_leave_nothing(served, tmp_path):
    url, driver, tmp = served
    driver.get(url)
    settle(driver, lambda d: browser.metric_values(d).get(PRICE_FR), "the first page")
    for path, message in _bad_zips(tmp_path):
        upload_and_open(driver, path)
        shown = settle(driver, lambda d, m=message: [a for a in alerts(d) if m in a], f"the refusal of {path.name}")
        assert shown[0].startswith(label("ui_open_error") + " : "), shown
        assert leftovers(tmp) == [], (path.name, leftovers(tmp))
        assert "Traceback" not in driver.page_source
    browser.screenshot(driver, ARTIFACTS / "zip_refused.png")
    assert not (tmp_path.parent / "evil.yaml").exists() and not (tmp / "evil.yaml").exists()


def test_an_init_network_uploaded_as_a_zip_shows_its_figures(served, tmp_path):
    url, driver, tmp = served
    write_template(tmp_path / "exempleville")
    expected = run_scenario(tmp_path / "exempleville" / "baseline.yaml")
    archive = tmp_path / "exempleville.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in sorted((tmp_path / "exempleville").rglob("*")):
            if path.is_file():
                out.write(path, path.relative_to(tmp_path).as_posix())
    driver.get(url)
    settle(driver, lambda d: browser.metric_values(d).get(PRICE_FR), "the first page")
    upload_and_open(driver, archive)
    price = format_number(expected.figures["average_price_eur_per_mwh"], "fr", 2)
    settle(driver, lambda d: browser.metric_values(d).get(PRICE_FR) == price, "the uploaded network's price")
    metrics = browser.metric_values(driver)
    assert metrics.get(label("substations")) == "4", metrics
    text = driver.find_element("css selector", '[data-testid="stMain"]').text
    sidebar = driver.find_element("css selector", '[data-testid="stSidebar"]').text
    assert f"{expected.name} · Exempleville" in text
    assert not [w for w in LENS_WORDS if w in text + sidebar], [w for w in LENS_WORDS if w in text + sidebar]
    assert len(leftovers(tmp)) == 1  # the network shown lives in its unpacked folder
    browser.screenshot(driver, ARTIFACTS / "zip_exempleville.png")
