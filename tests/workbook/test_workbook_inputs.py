"""``import-assumptions`` on damaged or hostile workbooks: a DataError naming the workbook, never a traceback,
and never minutes of parsing (zip bombs are refused from the sizes the archive declares)."""

import time
import zipfile

import pytest

from heatnet import cli
from heatnet.io.errors import DataError
from heatnet.scenarios import run_scenario
from heatnet.workbook import read_assumptions, write_workbook
from heatnet.workbook.assumptions import MAX_UNZIPPED_BYTES
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "balance.xlsx"
    return write_workbook([run_scenario(SCENARIOS / "2020_balance.yaml")], path)


def rewrite(source, target, change):
    """Copy the archive member by member, ``change(name, data)`` giving each member's new bytes."""
    with zipfile.ZipFile(source) as z:
        members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, change(name, data))
    return target


def sheet_member(path):
    with zipfile.ZipFile(path) as z:
        return next(n for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_corrupt_member_is_a_data_error(workbook, tmp_path):
    raw = bytearray(workbook.read_bytes())
    with zipfile.ZipFile(workbook) as z:
        info = z.getinfo(sheet_member(workbook))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 10, start + min(info.compress_size, 400) - 10):
        raw[k] ^= 0x5A  # the compressed stream of one sheet, damaged
    bad = tmp_path / "corrupt.xlsx"
    bad.write_bytes(bytes(raw))
    with pytest.raises(DataError, match="corrupt.xlsx"):
        read_assumptions(bad)


def test_malformed_sheet_xml_is_a_data_error(workbook, tmp_path):
    name = sheet_member(workbook)
    bad = rewrite(workbook, tmp_path / "malformed.xlsx",
                  lambda n, d: d[: len(d) // 2] + b"<<<" if n == name else d)
    with pytest.raises(DataError, match="malformed.xlsx"):
        read_assumptions(bad)


@pytest.mark.parametrize("pad", [b"<!--" + b" " * (MAX_UNZIPPED_BYTES + 2**20) + b"-->",
                                 b"<row/>" * ((MAX_UNZIPPED_BYTES + 2**20) // 6)])
def test_zip_bomb_is_refused_quickly(workbook, tmp_path, pad):
    name = sheet_member(workbook)
    bomb = rewrite(workbook, tmp_path / "bomb.xlsx", lambda n, d: d.replace(b"</sheetData>", pad + b"</sheetData>")
                   if n == name else d)
    assert bomb.stat().st_size < 2 * 2**20  # small on disk, large once unzipped
    start = time.monotonic()
    with pytest.raises(DataError, match="MiB once unzipped"):
        read_assumptions(bomb)
    assert time.monotonic() - start < 5


def test_output_in_a_missing_folder_names_it_not_a_temporary_file(workbook, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = cli.main(["import-assumptions", str(workbook), "-o", "nope/x.yaml"])
    err = capsys.readouterr().err
    assert code == 2 and "folder not found: nope" in err and ".tmp" not in err, err


def test_a_folder_is_not_a_workbook(tmp_path, capsys):
    (tmp_path / "w.xlsx").mkdir()
    code = cli.main(["import-assumptions", str(tmp_path / "w.xlsx"), "-o", str(tmp_path / "x.yaml")])
    assert code == 2 and "is a folder" in capsys.readouterr().err


def test_zip_of_an_unknown_version_is_refused(workbook, tmp_path):
    """A flipped byte in the central directory can announce a zip version Python's reader does not
    implement (long fuzz, seed 14 case 8701): refused as not a workbook, naming it."""
    data = bytearray(workbook.read_bytes())
    entry = data.index(b"PK\x01\x02")
    data[entry + 6] = 180  # version needed to extract: 18.0
    damaged = tmp_path / "version.xlsx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(DataError, match="version.xlsx.*not an Excel workbook"):
        read_assumptions(damaged)
