"""heatnet.io.write: atomic writes that never replace a file silently, and leave no temporary file behind."""

import os
import random
import signal
import stat
import subprocess
import sys
import time

import pytest

from heatnet.io.errors import DataError
from heatnet.io.write import TEMP_SUFFIX, TargetExistsError, check_target, clean_stale, write_atomic
from tests.conftest import ROOT


def temp_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def test_an_existing_file_is_kept_without_overwrite(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"mine")
    with pytest.raises(TargetExistsError, match="--force"):
        write_atomic(path, "new")
    assert path.read_bytes() == b"mine"
    assert isinstance(TargetExistsError(path, "x"), FileExistsError)
    write_atomic(path, "new", overwrite=True)
    assert path.read_text() == "new"


def test_folders_links_devices_and_read_only_files_are_refused(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(DataError, match="is a folder"):
        write_atomic(tmp_path / "folder", "x", overwrite=True)
    (tmp_path / "target.txt").write_text("kept")
    os.symlink(tmp_path / "target.txt", tmp_path / "link.txt")
    with pytest.raises(DataError, match="symbolic link"):
        write_atomic(tmp_path / "link.txt", "x", overwrite=True)
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "target.txt").read_text() == "kept"
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(DataError, match="not a plain file"):
        write_atomic(tmp_path / "fifo", "x", overwrite=True)
    ro = tmp_path / "ro.txt"
    ro.write_text("read-only")
    ro.chmod(0o444)
    with pytest.raises(DataError, match="read-only"):
        write_atomic(ro, "x", overwrite=True)
    assert ro.read_text() == "read-only"


def test_names_that_cannot_be_files(tmp_path):
    with pytest.raises(DataError, match="NUL"):
        check_target(str(tmp_path / "a\x00b"))
    with pytest.raises(DataError, match="255 bytes"):
        check_target(tmp_path / ("a" * 300))
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataError, match="folder not found"):
        check_target(tmp_path / "file" / "sub.xlsx")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old")

    def broken(tmp):
        with open(tmp, "wb") as f:
            f.write(b"partial")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, broken, overwrite=True)
    assert path.read_text() == "old" and temp_files(tmp_path) == []


def test_mode_of_a_new_file_follows_the_umask_and_a_replaced_file_keeps_its_mode(tmp_path):
    path = write_atomic(tmp_path / "a.txt", "x")
    assert stat.S_IMODE(path.stat().st_mode) & 0o044  # not private, as a plain open() would make it
    path.chmod(0o640)
    write_atomic(path, "y", overwrite=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_stale_temporaries_of_dead_processes_are_cleaned(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stale = tmp_path / f".out.xlsx.{dead}.abc123{TEMP_SUFFIX}"
    live = tmp_path / f".out.xlsx.{os.getppid()}.def456{TEMP_SUFFIX}"  # a running process: its write goes on
    stale.write_text("x")
    live.write_text("x")
    assert clean_stale(tmp_path) == [stale]
    assert live.exists()


KILL_SCRIPT = """
import sys
from heatnet.io.write import write_atomic
chunk = bytes(range(256)) * 256  # 64 KiB

def write(tmp):
    with open(tmp, "wb") as f:
        for _ in range(int(sys.argv[2])):
            f.write(chunk)

print("ready", flush=True)
write_atomic(sys.argv[1], write, overwrite=True)
"""


def test_kills_during_a_large_write_leave_the_previous_file_and_no_temporary(tmp_path):
    """Kill a writer at random moments (HEATNET_KILLS times, 10 by default); after each kill the file is
    the previous one or the complete new one, and the next write leaves no temporary file."""
    kills = int(os.environ.get("HEATNET_KILLS", "10"))
    chunks = 600  # 37.5 MiB: long enough to be caught in the middle
    path = tmp_path / "export.bin"
    full = (bytes(range(256)) * 256) * chunks
    path.write_bytes(b"previous export")
    rng = random.Random(14)
    caught_mid_write = 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _ in range(kills):
        before = path.read_bytes()
        proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(path), str(chunks)], env=env,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = path.read_bytes()
        assert after in (before, full)  # never a part of a file
        caught_mid_write += bool(temp_files(tmp_path))
        write_atomic(tmp_path / "next.txt", "the next run", overwrite=True)  # the next write cleans up
        assert temp_files(tmp_path) == []
    assert caught_mid_write > 0  # the kills did land during writes
