"""A clean CSV file's columns through Arrow's C reader: the common case of a large network table.

:mod:`heatnet.io.folder` reads CSV by hand, to name the line and column of any defect. A file with no
defect reads the same through ``pyarrow.csv`` (a runtime dependency) ten times faster: numbers are parsed
in C, correctly rounded as Python's ``float()`` rounds them (Arrow parses with fast_float; both give the
nearest double), and no text is made for them. This reader only accepts a file the hand-written one
would split line by line the same way; for anything else it answers None and that reader runs, finds the
defect and reports it:

* no quote (one record a line), no line of separators and blanks alone (the hand-written reader skips
  it), every non-empty line as wide as the header, which has no duplicate nor padded name;
* a text cell with no leading or trailing blank (the hand-written reader strips it);
* a number cell Arrow reads as a double (blanks and tabs around it trimmed, as ``str.strip`` would):
  a French decimal comma, a thousands space or anything else fails here, and the hand-written reader
  decides. The caller still checks what Arrow reads beyond plain numbers (``inf``, ``nan``).

Empty lines are skipped and each row keeps its file line number, as in the hand-written reader.
"""

import csv

import numpy as np

# every character str.isspace() accepts but the line feed: a padded cell holds one of them
SPACES_NOT_NEWLINE = tuple(ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch != "\n")


def _layout(raw, delimiter):
    """(line starts, line ends, indices of the non-empty lines, whether a byte is a blank or a control
    byte) of a file whose non-empty lines all hold as many separators as the header and something besides
    separators and blanks; None otherwise. ``raw``: the UTF-8 bytes as uint8 (a separator or a line feed
    is one byte there)."""
    ends = np.append(np.flatnonzero(raw == 10), raw.size)
    starts = np.concatenate(([0], ends[:-1] + 1))
    kept = np.flatnonzero(ends > starts)
    if kept.size < 2:
        return None  # no row: the hand-written reader is quick enough
    if (ends - starts).max() > csv.field_size_limit():
        return None  # a line that may hold a cell over the csv module's limit: its reader names the line
    counts = _per_line(np.flatnonzero(raw == ord(delimiter)), ends)[kept]
    # blanks counted generously (every control byte and the space): a line made of them and separators
    # alone goes to the hand-written reader, which skips it if str.strip() empties every cell
    low = raw <= 32
    blanks = np.flatnonzero(low & (raw != 10)) if np.count_nonzero(low) > ends.size - 1 else None
    filled = ends[kept] - starts[kept] - counts - (0 if blanks is None else _per_line(blanks, ends)[kept])
    if counts[0] == 0 or (counts != counts[0]).any() or (filled <= 0).any():
        return None
    return starts, ends, kept, blanks is not None


def _per_line(positions, ends):
    """How many of the sorted byte ``positions`` fall in each line (lines ending at ``ends``)."""
    return np.diff(np.searchsorted(positions, ends), prepend=0)


def read_clean_columns(text, delimiter, numeric):
    """({column name: values}, {number column: mask of empty cells}, line numbers) of a clean CSV text
    (line ends already ``\\n``), or None when the hand-written reader must read it.

    Values are float64 arrays (NaN where empty) for the columns named in ``numeric``, object arrays of
    str for the others.
    """
    if '"' in text:
        return None
    data = text.encode("utf-8")
    layout = _layout(np.frombuffer(data, np.uint8), delimiter)
    if layout is None:
        return None
    starts, ends, kept, blank_bytes = layout
    names = data[starts[kept[0]]:ends[kept[0]]].decode("utf-8").split(delimiter)
    if len(set(names)) != len(names) or any(name != name.strip() for name in names):
        return None
    body = memoryview(data)[ends[kept[0]] + 1:]  # the rows, not copied
    if body[:3] == b"\xef\xbb\xbf":
        return None  # Arrow would drop a byte-order mark opening its input: the first row's cell keeps it
    table = _arrow_table(body, names, delimiter, numeric)
    if table is None or table.num_rows != kept.size - 1:
        return None
    # a cell may be padded if the text holds an ASCII blank, or (beyond ASCII) another space
    padded = blank_bytes or (not text.isascii() and any(ch in text for ch in SPACES_NOT_NEWLINE))
    columns, empty = {}, {}
    for name in names:
        chunks = table.column(name)
        if name in numeric:
            values = np.array(chunks.to_numpy(), dtype=float)  # a writable copy
            empty[name] = chunks.is_null().to_numpy() if chunks.null_count else np.zeros(len(values), bool)
            values[empty[name]] = np.nan
        else:
            values = _objects(chunks.combine_chunks())
            if padded and any(cell != cell.strip() for cell in values):
                return None
        columns[name] = values
    return columns, empty, (kept[1:] + 1).tolist()


def _objects(texts):
    """An Arrow text array as an object array of str. A column of few distinct texts (kinds, branches,
    clients: fewer than one in eight of its first 1,024) makes each text once and repeats it."""
    import pyarrow.compute as pc

    if len(texts) > 4096 and len(pc.unique(texts.slice(0, 1024))) * 8 <= 1024:
        encoded = pc.dictionary_encode(texts)
        return encoded.dictionary.to_numpy(zero_copy_only=False)[encoded.indices.to_numpy()]
    return texts.to_numpy(zero_copy_only=False)


def _arrow_table(body, names, delimiter, numeric):
    """The rows after the header through ``pyarrow.csv``: numbers as float64 (an empty cell as null), the
    rest as text kept as it is; None if Arrow refuses the text (a row of another width, a number it
    cannot read)."""
    try:  # imported here: pandas has usually loaded pyarrow already
        import pyarrow as pa
        import pyarrow.csv as pa_csv
    except ImportError:  # a runtime dependency; without it, the hand-written reader reads every file
        return None

    try:
        return pa_csv.read_csv(
            pa.py_buffer(body),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, quote_char=False, double_quote=False,
                                              escape_char=False, newlines_in_values=False,
                                              ignore_empty_lines=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.float64() if name in numeric else pa.string() for name in names},
                null_values=[""], true_values=[], false_values=[], strings_can_be_null=False,
                quoted_strings_can_be_null=False, check_utf8=False))
    except pa.ArrowException:  # ArrowInvalid mostly: a row of another width, a number it cannot read
        return None
