"""The Arrow reader of clean CSV files (heatnet.io.arrow_csv) against the hand-written one.

A table read through Arrow must be the hand-written reader's table to the bit (values, dtypes, Python
types of the cells, line numbers), and any file Arrow would read differently must go to the hand-written
reader, which names the defect: here both read the same texts, clean and mutated (French numbers, padded
cells, quotes, blank lines, rows of another width, inf and nan, empty cells, duplicate keys).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heatnet.io.errors import DataError
from heatnet.io.folder import _csv_columns, _delimiter, _table_at_once, validate_table
from heatnet.io.schema import TABLES


def _read_both(text, table):
    """(hand-written result, Arrow result or None); a result is a (frame, lines) pair or the DataError."""
    def outcome(read):
        try:
            return read()
        except DataError as exc:
            return str(exc)

    delimiter = _delimiter(text)

    def by_hand():
        cells, lines = _csv_columns(text, delimiter, "t.csv")
        return validate_table(cells, lines, table, "t.csv"), list(lines)

    return outcome(by_hand), outcome(lambda: _table_at_once(text, delimiter, table, "t.csv"))


def _assert_same_table(hand, fast):
    frame, lines = hand
    other, other_lines = fast
    assert lines == other_lines
    assert list(frame.columns) == list(other.columns)
    assert frame.index.equals(other.index)
    for name in frame.columns:
        a, b = frame[name], other[name]
        assert a.dtype == b.dtype, name
        if a.dtype == float:
            assert np.array_equal(a.to_numpy().view(np.int64), b.to_numpy().view(np.int64)), name
        else:
            assert [(type(v), v) for v in a.tolist()] == [(type(v), v) for v in b.tolist()], name


def _check(text, table):
    hand, fast = _read_both(text, table)
    if fast is None:
        return False
    if isinstance(hand, str) or isinstance(fast, str):  # an error only where both raise it
        assert hand == fast
    else:
        _assert_same_table(hand, fast)
    return True


def _mostly(clean, odd):
    """Cells drawn clean 39 times in 40, so that whole files come out clean too."""
    return st.integers(0, 39).flatmap(lambda k: odd if k == 39 else clean)


_NUMBERS = _mostly(
    st.one_of(st.floats(min_value=10, max_value=2000).map(repr), st.integers(10, 2000).map(str),
              st.sampled_from(["1e3", "1E+02", "+12", "12.", "10.5", "0012", "2000", "1.7976931348623157e1"])),
    st.sampled_from(["1,5", "1 984,8", " 12", "12\t", "12\u00a0", "inf", "nan", "-1", "", " ", "1_0", "1e999",
                     "abc", '"12"', "2000.5", "\u0661", ".5", "0"]))
_IDS = _mostly(st.from_regex(r"[A-Za-z0-9_]{1,6}", fullmatch=True),
               st.sampled_from(["", " a", "b ", "é", '"q"', "x;y", "N1", "a b", "\u00a0c", "d\u2003", "e\x1f"]))
_KINDS = _mostly(st.sampled_from(["trunk", "distribution", "service", "transmission"]),
                 st.sampled_from(["", "other", " trunk"]))


@st.composite
def _pipes_text(draw):
    header = ["id", "from_node", "to_node", "dn_mm", "length_m", "kind"]
    if draw(st.booleans()):
        header.append("note")
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row = [draw(_IDS), draw(_IDS), draw(_IDS), draw(_NUMBERS), draw(_NUMBERS), draw(_KINDS)]
        if len(header) == 7:
            row.append(draw(_IDS))
        if draw(st.integers(0, 40)) == 40:
            row = row[:-1]  # a short row
        rows.append(row)
    delimiter = draw(st.sampled_from([",", ";"]))
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    for _ in range(draw(st.integers(0, 2)) * draw(st.integers(0, 1))):  # blank lines, and lines of separators alone
        lines.insert(draw(st.integers(1, len(lines))), draw(st.sampled_from(["", " ", delimiter * 5, " ;, "])))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return end.join(lines) + draw(st.sampled_from(["", end, end * 2]))


@settings(max_examples=400, deadline=None)
@given(_pipes_text())
def test_arrow_reads_pipes_as_the_hand_written_reader(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as _csv_text gives it
    _check(text, TABLES["pipes"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_IDS, _mostly(st.sampled_from(["2016", "2013", "2016.0", "2e3"]),
                                        st.sampled_from(["1899", "", "2016,0", "2016.5", "3e99"])),
                          _NUMBERS, _NUMBERS), min_size=1, max_size=8))
def test_arrow_reads_loads_as_the_hand_written_reader(rows):
    text = "substation_id,year,heat_mwh,subscribed_kw\n" + "\n".join(",".join(r) for r in rows) + "\n"
    _check(text, TABLES["loads"])


@pytest.mark.parametrize("name, text", [
    ("pipes", "id,from_node,to_node,dn_mm,length_m\nP1,A,B,100,12.5\nP2,B,C,80.0,1e2\n\nP3,C,D,+65,.5\n"),
    ("nodes", "id,kind,lon,lat\nA,plant_site,2.8,50.4\nB,junction,,\nC,delivery,2.81,50.41\n"),
    ("loads", "substation_id,year,heat_mwh,subscribed_kw,source\nS1,2016,1.5,2,table 3\nS2,2016,0,0,\n"),
])
def test_clean_files_go_through_arrow(name, text):
    """The clean case does take the Arrow path (else the comparisons above would test nothing)."""
    assert _check(text, TABLES[name])


@pytest.mark.parametrize("text", [
    "id,kind\n\ufeffA,junction\nB,delivery\n",  # a byte-order mark opening the first row (Arrow drops it)
    "id,kind,lon,lat,\nA,junction,1,2,\nB,delivery,3,4,x\n",  # a column with no name
    "id,kind\nA,junction\n" + "B" * 2_000_000 + ",delivery\n",  # a row over Arrow's block
])
def test_odd_but_readable_files_read_as_by_hand(text):
    _check(text, TABLES["nodes"])


def test_lines_keep_the_file_numbering_across_blank_lines():
    text = "id,kind\n\nA,junction\n\n\nB,delivery\n"
    frame, lines = _table_at_once(text, ",", TABLES["nodes"], "t.csv")
    assert lines == [3, 6]
    assert frame["id"].tolist() == ["A", "B"]


def test_a_long_file_with_few_distinct_texts_reads_as_by_hand():
    """Past 4,096 rows a column of few distinct texts (the kinds, the branches) is made text by text once,
    then repeated: the same table still."""
    rows = [f"P{i},N{i % 997},N{(i * 7) % 1009},{80 + i % 5 * 20},{1 + i % 300 / 7!r},B{i % 13},"
            f"{('trunk', 'distribution', 'service')[i % 3]}" for i in range(6000)]
    text = "id,from_node,to_node,dn_mm,length_m,branch,kind\n" + "\n".join(rows) + "\n"
    assert _check(text, TABLES["pipes"])
    frame = _table_at_once(text, ",", TABLES["pipes"], "t.csv")[0]
    assert frame["kind"].iloc[0] is frame["kind"].iloc[3]  # the one text repeated


def test_a_duplicate_composite_key_in_a_long_table_is_named():
    """Past 1,000 rows pandas looks for a repeated substation/year first; the set of tuples still names
    the row that repeats one, and its first line."""
    rows = [f"S{i},{2013 + i % 2},{i % 90 + 0.5},{i % 70}" for i in range(3000)]
    rows[2400] = "S6,2013,1,1"  # S6 holds 2013 at line 8
    text = "substation_id,year,heat_mwh,subscribed_kw\n" + "\n".join(rows) + "\n"
    hand, fast = _read_both(text, TABLES["loads"])
    assert hand == fast == "t.csv, line 2402, column 'substation_id': duplicate substation_id/year 'S6/2013' " \
                          "(first at line 8)"
    rows[2400] = "S2400,2013,1,1"
    assert _check("substation_id,year,heat_mwh,subscribed_kw\n" + "\n".join(rows) + "\n", TABLES["loads"])
