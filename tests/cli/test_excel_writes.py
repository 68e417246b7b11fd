"""``--excel``: the same rule as every other write: an existing file is replaced only with ``--force``; folders,
links and read-only files are never targets; a killed export leaves the previous file and, after the next
run, no temporary file."""

import os
import random
import signal
import subprocess
import sys
import time
import zipfile


from heatnet import cli
from heatnet.io.write import TEMP_SUFFIX
from tests.conftest import ROOT, SCENARIOS

BALANCE = SCENARIOS / "2020_balance.yaml"


def excel(capsys, *args):
    code = cli.main(["run", str(BALANCE), "--json", *map(str, args)])
    return code, capsys.readouterr()


def test_existing_workbook_is_left_byte_identical_without_force(tmp_path, capsys):
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"my own workbook, not to be lost")
    code, out = excel(capsys, "--excel", path)
    assert code == 2 and "mine.xlsx: the file exists" in out.err and "--force" in out.err
    assert out.out == ""  # refused before running
    assert path.read_bytes() == b"my own workbook, not to be lost"
    code = cli.main(["compare", str(SCENARIOS / "2016_baseline.yaml"), str(BALANCE), "--json", "--excel", str(path)])
    assert code == 2 and path.read_bytes() == b"my own workbook, not to be lost"


def test_force_replaces_it(tmp_path, capsys):
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"old")
    code, out = excel(capsys, "--excel", path, "--force")
    assert code == 0, out.err
    assert path.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.xlsx"]


def test_folder_link_and_read_only_targets_are_refused(tmp_path, capsys):
    (tmp_path / "dir.xlsx").mkdir()
    code, out = excel(capsys, "--excel", tmp_path / "dir.xlsx", "--force")
    assert code == 2 and "is a folder" in out.err
    (tmp_path / "real.xlsx").write_bytes(b"kept")
    os.symlink(tmp_path / "real.xlsx", tmp_path / "link.xlsx")
    code, out = excel(capsys, "--excel", tmp_path / "link.xlsx", "--force")
    assert code == 2 and "symbolic link" in out.err
    assert (tmp_path / "link.xlsx").is_symlink() and (tmp_path / "real.xlsx").read_bytes() == b"kept"
    ro = tmp_path / "ro.xlsx"
    ro.write_bytes(b"read-only")
    ro.chmod(0o444)
    code, out = excel(capsys, "--excel", ro, "--force")
    assert code == 2 and "read-only" in out.err and ro.read_bytes() == b"read-only"


def test_missing_folder_is_named(tmp_path, capsys):
    code, out = excel(capsys, "--excel", tmp_path / "nope" / "x.xlsx")
    assert code == 2 and "folder not found" in out.err


def _temps(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def test_killed_exports_keep_the_previous_workbook(tmp_path):
    """A real export (``heatnet compare ... --excel --force``) killed at random moments, HEATNET_EXPORT_KILLS
    times (3 in the suite; 60 on demand): the previous workbook survives whole every time, and the next
    run leaves no temporary file."""
    kills = int(os.environ.get("HEATNET_EXPORT_KILLS", "3"))
    path = tmp_path / "export.xlsx"
    argv = [sys.executable, "-m", "heatnet", "compare", str(SCENARIOS / "2016_baseline.yaml"), str(BALANCE),
            str(SCENARIOS / "extension_12_14.yaml"), "--excel", str(path), "--force"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.monotonic()
    subprocess.run(argv, env=env, capture_output=True, check=True, timeout=600)
    duration = time.monotonic() - start
    previous = path.read_bytes()
    rng = random.Random(60)
    for _ in range(kills):
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5 * duration, 1.1 * duration))  # most of the time is the runs, the end the save
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = path.read_bytes()
        with zipfile.ZipFile(path) as archive:  # the previous workbook, or a whole new one: never a part
            assert archive.testzip() is None
        assert now == previous or now[:2] == b"PK"
        previous = now
    subprocess.run(argv, env=env, capture_output=True, check=True, timeout=600)  # the next run
    assert _temps(tmp_path) == []
