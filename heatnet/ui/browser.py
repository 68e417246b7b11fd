"""Drive the dashboard in a real Chromium: start ``streamlit run app.py``, open a headless browser.

Used by the browser tests (tests/ui/test_browser.py) and the benchmark
(benchmarks/bench_dashboard.py). Needs Debian's chromium and chromium-driver
(scripts/setup.sh test) and selenium (requirements-test.txt); selenium is imported
only here, when a browser is started.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HEATNET_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HEATNET_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1500,1100")


def browser_available():
    """(True, "") when chromium, chromedriver and selenium are there, else (False, what is missing)."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (Path(p).exists() or shutil.which(p))]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -r requirements-test.txt)")
    return (not missing, ", ".join(missing))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(port=None, timeout_s=60.0, log_path=None, script=False, env=None):
    """Run the dashboard on 127.0.0.1; yield its URL; always stop it (its whole process group).

    ``script``: start it the way users do, through ``scripts/dashboard.sh`` (which sets up .venv first);
    ``env``: extra environment variables (e.g. PIP_NO_INDEX=1).
    """
    port = port or free_port()
    options = ["--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
               "--global.developmentMode", "false"]
    cmd = ((["bash", str(ROOT / "scripts" / "dashboard.sh")] if script else
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]) + options)
    log = open(log_path, "w") if log_path else subprocess.DEVNULL
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **(env or {}))
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {proc.returncode} (log: {log_path})")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not answer on {url} within {timeout_s:.0f} s")
            time.sleep(0.2)
        yield url
    finally:
        _stop(proc)
        if log is not subprocess.DEVNULL:
            log.close()


def _stop(proc):
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextlib.contextmanager
def chromium(page_load_timeout_s=60.0):
    """A headless Chromium driven by chromedriver, with a fresh profile folder (removed after)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="heatnet-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(page_load_timeout_s)
    try:
        yield driver
    finally:
        with contextlib.suppress(Exception):
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


# ---------------------------------------------------------------- page helpers

def wait_for(driver, predicate, timeout_s=30.0, what="condition", poll_s=0.01):
    """Poll ``predicate(driver)`` until it returns a truthy value; return it or raise TimeoutError."""
    deadline = time.monotonic() + timeout_s
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate(driver)
            if value:
                return value
        except Exception as exc:  # stale elements while Streamlit re-renders
            last_error = exc
        time.sleep(poll_s)
    raise TimeoutError(f"waited {timeout_s:.0f} s for {what}" + (f" (last error: {last_error})" if last_error else ""))


def metric_values(driver):
    """{label: value} of the metrics on the page (read in one script call)."""
    return driver.execute_script("""
        const out = {};
        for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
            const label = m.querySelector('[data-testid="stMetricLabel"]');
            const value = m.querySelector('[data-testid="stMetricValue"]');
            if (label && value && !(label.innerText.trim() in out)) out[label.innerText.trim()] = value.innerText.trim();
        }
        return out;""")


def idle(driver):
    """True when the app is not running a script (no status widget saying it runs)."""
    return driver.execute_script("""
        const w = document.querySelector('[data-testid="stStatusWidget"]');
        return !w || !w.innerText.match(/Running|Stop/);""")


def click_nav(driver, title):
    from selenium.webdriver.common.by import By

    links = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavLink"]')
    for link in links:
        if link.text.strip().splitlines()[-1:] == [title]:
            link.click()
            return
    raise LookupError(f"no page link {title!r} among {[a.text for a in links]}")


def click_button(driver, text, within='[data-testid="stSidebar"]'):
    from selenium.webdriver.common.by import By

    for button in driver.find_elements(By.CSS_SELECTOR, f"{within} button"):
        if button.text.strip() == text:
            button.click()
            return
    raise LookupError(f"no button {text!r}")


def choose_in_selectbox(driver, label, option_text, within='[data-testid="stSidebar"]', before_click=None):
    """Open the selectbox labelled ``label`` and click the option whose text contains ``option_text``
    (``before_click()`` is called once the option is there: a benchmark starts its clock in it)."""
    from selenium.webdriver.common.by import By

    boxes = driver.find_elements(By.CSS_SELECTOR, f'{within} [data-testid="stSelectbox"]')
    box = next((b for b in boxes if b.text.splitlines() and b.text.splitlines()[0].strip() == label), None)
    if box is None:
        raise LookupError(f"no selectbox {label!r} among {[b.text.splitlines()[:1] for b in boxes]}")
    opener = box.find_elements(By.CSS_SELECTOR, 'button[aria-haspopup="listbox"], [data-baseweb="select"]')
    (opener[0] if opener else box.find_element(By.CSS_SELECTOR, "input")).click()
    option = wait_for(driver, lambda d: next((o for o in d.find_elements(By.CSS_SELECTOR, '[role="option"]')
                                              if option_text in o.text), None), 10, f"option {option_text!r}")
    if before_click is not None:
        before_click()
    option.click()


def pending_drawings(driver):
    """Visible charts and tables that have not drawn yet (hidden tabs and closed expanders draw later)."""
    return driver.execute_script("""
        const shown = e => e.getClientRects().length > 0;
        const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(shown)
            .filter(c => !c.querySelector('canvas, svg')).map(c => 'chart');
        const tables = [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(shown)
            .filter(t => !t.querySelector('[data-testid="data-grid-canvas"], canvas')).map(t => 'table');
        return charts.concat(tables);""")


def screenshot(driver, path, timeout_s=15.0):
    """A full-height screenshot once the charts and tables have drawn (or after ``timeout_s``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("""
        const ids = ['stMainBlockContainer', 'stMain', 'stAppViewContainer'];
        const heights = ids.map(i => document.querySelector(`[data-testid="${i}"]`)).filter(e => e)
            .map(e => e.scrollHeight);
        return Math.max(document.body.scrollHeight, ...heights);""")
    driver.set_window_size(1500, min(max(int(height) + 120, 900), 6000))  # tables draw once in view
    try:
        wait_for(driver, lambda d: not pending_drawings(d), timeout_s, "charts and tables to draw")
        time.sleep(0.3)
    except TimeoutError:
        pass  # take the screenshot anyway: it shows what did not draw
    driver.save_screenshot(str(path))
    driver.set_window_size(1500, 1100)
    return path
