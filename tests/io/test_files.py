"""heatnet.io.files: the one bounded reader of paths, text and YAML."""

import os

import pytest

from heatnet.io.errors import DataError
from heatnet.io.files import (MAX_YAML_DEPTH, check_path, parse_yaml, read_bytes_bounded, read_text_bounded,
                              read_yaml)


def test_paths_refused_before_opening(tmp_path):
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(DataError, match="is a folder"):
        check_path(tmp_path / "folder")
    with pytest.raises(DataError, match="FIFO"):
        read_bytes_bounded(tmp_path / "fifo")  # would block if opened
    with pytest.raises(DataError, match="not a regular file"):
        read_bytes_bounded("/dev/zero")  # would read without end
    with pytest.raises(DataError, match="NUL"):
        check_path(str(tmp_path / "a\x00b"))
    with pytest.raises(DataError, match="255 bytes"):
        check_path(tmp_path / ("x" * 300))
    with pytest.raises(DataError, match="not a folder"):
        check_path(tmp_path / "missing", "folder")
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataError, match="a part of the path is a file"):
        check_path(tmp_path / "file" / "inside.csv")


def test_errors_name_the_referring_file_and_key(tmp_path):
    with pytest.raises(DataError) as err:
        check_path(tmp_path / "nothing.csv", referrer=tmp_path / "s.yaml", key="operation.weather_csv")
    assert str(err.value).startswith("s.yaml, key 'operation.weather_csv': file not found")


def test_size_limit_is_stated(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(DataError, match="larger than"):
        read_bytes_bounded(path, limit=1024)
    assert read_bytes_bounded(path, limit=2048) == b"x" * 2048


def test_encoding_error_names_the_line_and_byte(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"a,b\n1,2\n\x81,3\n")
    with pytest.raises(DataError, match=r"a.csv, line 3: not UTF-8 or cp1252 text: byte 0x81"):
        read_text_bounded(path, ("utf-8-sig", "cp1252"))
    path.write_bytes("é".encode("cp1252"))
    assert read_text_bounded(path, ("utf-8-sig", "cp1252")) == "é"


@pytest.mark.parametrize("text, message", [
    ("a: 1\nb: 2\na: 3\n", "line 3: duplicate key 'a' (first at line 1)"),
    ("a: !!int abc\n", "line 1: 'abc' does not read as !!int"),
    ("a: !!float ''\n", "does not read as !!float"),
    ("a: !!bool maybe\n", "does not read as !!bool"),
    ("a: !!timestamp ''\n", "does not read as !!timestamp"),
    ("a: 2020-13-45\n", "does not read as !!timestamp"),
    ("a: " + "[" * 3000 + "]" * 3000, "nest"),
    ("a: " + "[" * (MAX_YAML_DEPTH + 5) + "]" * (MAX_YAML_DEPTH + 5), f"more than {MAX_YAML_DEPTH} levels"),
    ("a: !!python/name:os.system x\n", "not valid YAML"),
])
def test_yaml_mistakes_are_data_errors(text, message):
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        parse_yaml(text, "f.yaml")


def test_aliases_cannot_expand_without_bound():
    laughs = "a: &a [1,1,1,1,1,1,1,1,1]\n" + "".join(
        f"{k}: &{k} [{','.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi"))
    with pytest.raises(DataError, match="aliases counted"):
        parse_yaml(laughs, "f.yaml")


def test_plain_yaml_reads_as_before(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("\ufeffname: Été\nyear: 2020\nd: 2016-01-01\nx: [1, 2.5, true, null]\nm: {<<: {k: 1}}\n",
                    encoding="utf-8")
    data = read_yaml(path)
    assert data["name"] == "Été" and data["year"] == 2020 and str(data["d"]) == "2016-01-01"
    assert data["x"] == [1, 2.5, True, None] and data["m"] == {"k": 1}


def test_utf16_and_control_characters_are_one_line_errors():
    """Found by the fuzz suite (seed 14, case 16082): a UTF-16 network.yaml gave a message whose last line
    named no file."""
    with pytest.raises(DataError, match="NUL characters: not a text file") as err:
        parse_yaml("name: a\n".encode("utf-16").decode("cp1252"), "network.yaml")
    assert "\n" not in str(err.value)
    with pytest.raises(DataError, match="control characters") as err:
        parse_yaml("a: \x07b\n", "network.yaml")
    assert "\n" not in str(err.value)
