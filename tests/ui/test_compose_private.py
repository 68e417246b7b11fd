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
