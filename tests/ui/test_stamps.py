"""The dashboard's cache stamps of a scenario's files: a path no file can have is the run's error to name,
never a traceback in the page."""

import pytest

from heatnet.io.errors import DataError
from heatnet.ui import common

BAD = {
    "base": 'name: X\nyear: 2020\nbase: "a\\0b"\n',
    "network": 'name: X\nyear: 2016\nload_year: 2016\nnetwork: "a\\0b"\n',
}


@pytest.mark.parametrize("key", sorted(BAD))
def test_a_nul_in_a_path_gives_a_stamp_and_the_run_names_file_and_key(tmp_path, key):
    path = tmp_path / "s.yaml"
    path.write_text(BAD[key], encoding="utf-8")
    assert common.run_stamp(path) == (common.stamp_file(path),)  # pathlib's ValueError escaped before
    with pytest.raises(DataError) as info:
        common.run(path)
    assert "s.yaml" in str(info.value) and key in str(info.value) and "NUL" in str(info.value), str(info.value)
