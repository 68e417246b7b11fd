"""scripts/dashboard.sh on an installed checkout starts without a package index (issue 18).

The script runs scripts/setup.sh, which installs only what scripts/env_ready.py finds missing or out
of date; with everything installed and PIP_NO_INDEX=1 a call to pip would fail, so the dashboard
answering its health check shows that none was made.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from heatnet.ui import browser

ROOT = Path(__file__).resolve().parents[2]


def test_env_ready_reports_a_missing_and_an_outdated_requirement(tmp_path):
    reqs = tmp_path / "requirements.txt"
    reqs.write_text("# comment\npandas>=1.0\nno-such-package-heatnet>=1\npytest>=999\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "env_ready.py"), str(reqs)], capture_output=True,
                         text=True)
    assert run.returncode == 1
    assert "no-such-package-heatnet: not installed" in run.stdout
    assert "pytest:" in run.stdout and ">=999 wanted" in run.stdout
    assert "pandas" not in run.stdout


def test_env_ready_on_this_environment():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "env_ready.py"),
                          str(ROOT / "requirements.txt")], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


@pytest.mark.slow
def test_dashboard_script_starts_without_a_package_index(tmp_path):
    if not (ROOT / ".venv" / "bin" / "streamlit").exists():
        pytest.skip("no .venv: run scripts/setup.sh first")
    with browser.streamlit_server(log_path=tmp_path / "dashboard.log", script=True, timeout_s=120,
                                  env={"PIP_NO_INDEX": "1"}) as url:
        assert url.startswith("http://127.0.0.1:")
    log = (tmp_path / "dashboard.log").read_text(encoding="utf-8")
    assert "installing" not in log and "No matching distribution" not in log
