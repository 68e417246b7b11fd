"""The composer's files (issue 14): a private folder per session, what is found there checked, and no
replacing a scenario that others build on."""

import os
import shutil
import stat

import pytest

from heatnet.scenarios import read_scenario
from heatnet.ui.compose import (ComposeError, compose_dict, dependents, private_dir, save_composed,
                                validate_composed, write_temp)
from tests.conftest import ROOT

BASELINE = ROOT / "scenarios" / "2016_baseline.yaml"


def composed():
    return validate_composed(compose_dict("sans hôpital", 2021, remove_numbers=["14"]))


def test_each_session_gets_its_own_private_folder():
    a, b = private_dir(), private_dir()
    try:
        assert a != b
        assert stat.S_IMODE(a.stat().st_mode) == 0o700
        path = write_temp(composed(), BASELINE, a)
        assert path.parent == a
    finally:
        shutil.rmtree(a)
        shutil.rmtree(b)


def test_a_planted_file_is_not_run(tmp_path):
    folder = tmp_path / "session"
    path = write_temp(composed(), BASELINE, folder)
    expected = path.read_text(encoding="utf-8")
    path.write_text("name: planted\nyear: 2020\nnetwork: /somewhere\nload_year: 2016\n", encoding="utf-8")
    again = write_temp(composed(), BASELINE, folder)
    assert again == path and again.read_text(encoding="utf-8") == expected
    assert read_scenario(again).name == "sans hôpital"


def test_a_folder_others_may_write_is_refused(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    with pytest.raises(ComposeError, match="not a private folder"):
        write_temp(composed(), BASELINE, shared)


def test_a_scenario_others_build_on_is_never_replaced(tmp_path):
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    before = (folder / "2016_baseline.yaml").read_bytes()
    assert {p.name for p in dependents(folder / "2016_baseline.yaml", folder)} >= {"hospital_closure.yaml",
                                                                                     "concession_2016_2033.yaml"}
    other = folder / "2020_balance.yaml"
    with pytest.raises(ComposeError, match="is the base of"):
        save_composed(composed(), other, folder, "2016_baseline", overwrite=True)
    assert (folder / "2016_baseline.yaml").read_bytes() == before
    saved = save_composed(composed(), other, folder, "mine")  # a new name is fine, and then replaceable
    assert save_composed(composed(), other, folder, "mine", overwrite=True) == saved


# ---------------------------------------------------------------- session folders of gone sessions swept

def _aged(path, days):
    old = path.stat().st_mtime - days * 86400
    os.utime(path, (old, old))
    return path


def test_stale_session_folders_are_swept_and_nothing_else(tmp_path):
    from heatnet.ui.compose import STALE_AFTER_S, sweep_stale_sessions

    stale_composed = _aged(_made(tmp_path / "heatnet-composed-abc"), 2)
    stale_upload = _made(tmp_path / "heatnet_upload_def")
    (stale_upload / "network").mkdir()
    (stale_upload / "network" / "loads.csv").write_text("x", encoding="utf-8")
    _aged(stale_upload, 2)
    fresh = _made(tmp_path / "heatnet_network_ghi")
    other = _aged(_made(tmp_path / "someone-elses-stale"), 30)
    plain_file = tmp_path / "heatnet-composed-file"
    plain_file.write_text("not a folder", encoding="utf-8")
    _aged(plain_file, 30)
    removed = sweep_stale_sessions(tmp_path)
    assert sorted(p.name for p in removed) == ["heatnet-composed-abc", "heatnet_upload_def"]
    assert not stale_composed.exists() and not stale_upload.exists()
    assert fresh.is_dir() and other.is_dir() and plain_file.is_file()
    assert STALE_AFTER_S == 24 * 3600


def _made(path):
    path.mkdir()
    return path


def test_a_new_session_folder_sweeps_the_stale_ones_first(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = _aged(_made(tmp_path / "heatnet-composed-gone"), 3)
    folder = private_dir()
    assert folder.parent == tmp_path and folder.name.startswith("heatnet-composed-")
    assert not gone.exists()


def test_a_live_session_touches_its_folders_so_no_sweep_removes_them(tmp_path, monkeypatch):
    import tempfile

    from streamlit.testing.v1 import AppTest

    from heatnet.ui.common import SESSION_DIRS_KEY
    from heatnet.ui.compose import sweep_stale_sessions

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("heatnet/ui/pages/scenarios.py")
    at.run()  # the composer runs its scenario from this session's folder
    assert not at.exception, [e.value for e in at.exception]
    mine = [tmp_path / p for p in at.session_state[SESSION_DIRS_KEY]]
    assert mine and all(p.parent == tmp_path and p.is_dir() for p in mine)
    for path in mine:
        _aged(path, 2)  # as if the session had been idle two days
    at.run()  # the user comes back: the session's folders are in use again
    assert sweep_stale_sessions(tmp_path) == [] and all(p.is_dir() for p in mine)
