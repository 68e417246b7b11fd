"""Read and validate a network folder into typed tables.

A network folder holds ``network.yaml`` (parameters) and one CSV per table declared in
:mod:`heatnet.io.schema`; nodes and pipes may come as GeoJSON, GeoPackage or Shapefile
instead (read through geopandas). Every check happens here, once: a bad file raises
:class:`DataError` naming the file, the line (or feature) and column, and what was
expected. Stages downstream trust the tables they get.

CSV files may be comma- or semicolon-separated (French spreadsheet exports), UTF-8 or
Windows-1252, with French decimal commas ("90,86") and spaces as thousands separators
("1 984,8").
"""

import csv
import datetime as dt
import io
import math
import os
import re
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import numpy as np
import pandas as pd

from heatnet.io.arrow_csv import SPACES_NOT_NEWLINE, read_clean_columns
from heatnet.io.errors import DataError
from heatnet.io.files import check_path, decode_text, parse_yaml, read_bytes_bounded
from heatnet.io.schema import (CONTRACT_KEYS, CONTRACT_RANGES, HEATING_KEYS, HEATING_RANGES, HYDRAULIC_KEYS,
                               HYDRAULIC_RANGES, NETWORK_PARAMETERS, PARAMETER_RANGES, TABLES, TEMPERATURE_DEFAULTS, TEMPERATURE_KEYS, TEMPERATURE_RANGES,
                               Table, called_season_problem)

GEO_SUFFIXES = (".geojson", ".gpkg", ".shp")
# a CSV table this long or longer is first read through Arrow (heatnet.io.arrow_csv); a shorter one, by hand:
# Arrow's setup costs ~0.4 ms a file more, the hand-written reader ~2 us a row more (~250 rows, ~16 kB, even)
ARROW_MIN_CHARS = 32_768
CONSOLIDATE_MAX_ROWS = 10_000
LAMBERT93 = "EPSG:2154"
WGS84 = "EPSG:4326"


# ---------------------------------------------------------------- cell parsing

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_TRUE = {"true", "yes", "oui", "vrai", "1", "y", "o"}
_FALSE = {"false", "no", "non", "faux", "0", "n"}


def parse_number(text):
    """Parse a number written the English or the French way; raise ValueError otherwise.

    ``"90,86"`` -> 90.86, ``"1 984,8"`` -> 1984.8, ``"1.984,8"`` -> 1984.8, ``"43240.91"``
    -> 43240.91. A lone comma is a decimal comma (the French convention); several commas
    without a point are ambiguous and refused.
    """
    s = _SPACES.sub("", str(text))
    if s.endswith(",") or s.endswith("."):  # "11,367," in the study: a stray separator
        s = s[:-1]
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        if s.count(",") > 1:
            raise ValueError(f"ambiguous number {text!r}")
        s = s.replace(",", ".")
    value = float(s)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"not a finite number: {text!r}")
    return value


def parse_bool(text):
    s = str(text).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(text)


def parse_date(text):
    """ISO ``2016-01-01`` or French ``01/01/2016``."""
    s = str(text).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    raise ValueError(text)


def parse_monthday(text):
    """``MM-DD`` (``11-01``); returned as the string, checked to be a real day."""
    s = str(text).strip()
    m = re.fullmatch(r"(\d{2})-(\d{2})", s)
    if not m:
        raise ValueError(text)
    dt.date(2000, int(m.group(1)), int(m.group(2)))  # 2000 is a leap year: 02-29 passes
    return s


_EXPECTED = {
    "float": "a number (decimal point or French decimal comma)",
    "int": "a whole number",
    "bool": "true or false",
    "date": "a date YYYY-MM-DD or DD/MM/YYYY",
    "monthday": "a day of the year MM-DD",
    "str": "text",
}


def _convert(cell, kind):
    if kind == "str":
        return str(cell).strip()
    if kind == "float":
        return parse_number(cell)
    if kind == "int":
        value = parse_number(cell)
        if value != int(value):
            raise ValueError(cell)
        return int(value)
    if kind == "bool":
        return parse_bool(cell)
    if kind == "date":
        return parse_date(cell)
    if kind == "monthday":
        return parse_monthday(cell)
    raise AssertionError(kind)


# ---------------------------------------------------------------- reading files

def _read_text(path, referrer=None, key=None):
    data = read_bytes_bounded(path, referrer=referrer, key=key)
    return decode_text(data, path, ("utf-8-sig", "cp1252"))  # cp1252: French spreadsheet exports


def read_csv_cells(path, referrer=None, key=None):
    """Read a CSV file as strings; returns (DataFrame of str, list of file line numbers).

    The separator is ``,`` or ``;`` (whichever the header line uses); empty lines are skipped.
    Line ends may be LF, CRLF or a lone CR (old spreadsheet exports). ``referrer`` and ``key``
    name the file that pointed here, for errors about the path itself.
    """
    columns, lines = read_csv_columns(path, referrer, key)
    return pd.DataFrame(columns, dtype=object, index=pd.RangeIndex(len(lines))), lines


def read_csv_columns(path, referrer=None, key=None):
    """``read_csv_cells`` without pandas: ({column name: list of stripped str}, line numbers)."""
    text = _csv_text(path, referrer, key)
    return _csv_columns(text, _delimiter(text), path)


def _csv_text(path, referrer=None, key=None):
    """A CSV file's text with ``\n`` line ends; DataError if it is empty or holds NUL bytes."""
    text = _read_text(path, referrer, key)
    if not text or text.isspace():
        raise DataError(path, "the file is empty: expected a header line and rows")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise DataError(path, "the file holds NUL bytes: expected CSV text", line=text[:text.index("\x00")].count(
            "\n") + 1)
    return text


def _delimiter(text):
    """``;`` if the header line holds more semicolons than commas, else ``,``."""
    header = _first_line(text)
    return ";" if header.count(";") > header.count(",") else ","


def _csv_columns(text, delimiter, path):
    """``read_csv_columns`` of a CSV text (``_csv_text``)."""
    whole = _csv_columns_at_once(text, delimiter)
    if whole is not None:
        return whole
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines = [], []
    columns = None
    try:
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as exc:
        raise DataError(path, f"not readable as CSV ({exc}; the limit is {csv.field_size_limit():,} characters "
                              "a cell)", line=reader.line_num) from None
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if columns is None:
            columns = [c.strip() for c in record]
            if len(set(columns)) != len(columns):
                dup = sorted({c for c in columns if columns.count(c) > 1})
                raise DataError(path, f"duplicate column name(s) {dup} in the header", line=line)
            continue
        if len(record) != len(columns):
            raise DataError(path, f"expected {len(columns)} cells (as in the header), found {len(record)}",
                            line=line)
        rows.append([c.strip() for c in record])
        lines.append(line)
    if columns is None:
        return {}, lines
    return dict(zip(columns, map(list, zip(*rows)))) if rows else {c: [] for c in columns}, lines


def _first_line(text):
    """``text.lstrip().splitlines()[0]`` without copying a large file twice: a line break in the first
    8 kB (after the leading spaces) ends the first line."""
    lines = text[:8192].lstrip().splitlines()
    return lines[0] if len(lines) > 1 else text.lstrip().splitlines()[0]




def _csv_columns_at_once(text, delimiter):
    """``read_csv_columns`` by splitting lines and cells, for a file the csv module reads the same way: no
    quotes (one record per line), no cell to strip, every row as wide as the header, no duplicate column.

    None otherwise: the csv module's path then reads the file, and names the line of any error.
    """
    if '"' in text:
        return None
    physical = text.split("\n")
    counts = np.fromiter(map(str.count, physical, repeat(delimiter)), int, len(physical))
    lengths = np.fromiter(map(len, physical), int, len(physical))
    if ((lengths > 0) & (counts == lengths)).any():
        return None  # a line of bare separators (the csv module's path skips it)
    kept = np.flatnonzero(lengths).tolist()
    if not kept or (counts[kept] != counts[kept[0]]).any():
        return None
    if lengths.max() > csv.field_size_limit():
        return None  # a line that may hold a cell over the csv module's limit: its reader names the line
    width = int(counts[kept[0]])
    columns = physical[kept[0]].split(delimiter)
    if len(set(columns)) != len(columns):
        return None  # a duplicate column
    # the kept lines joined: the text itself when the only empty lines are at its end (no copy line by line)
    body = text.rstrip("\n") if kept[-1] == len(kept) - 1 else "\n".join([physical[k] for k in kept])
    flat = body.replace("\n", delimiter).split(delimiter)
    if any(ch in text for ch in SPACES_NOT_NEWLINE) and any(c != c.strip() for c in flat):
        return None  # padded cells: stripped there
    step = width + 1
    return {name: flat[step + j::step] for j, name in enumerate(columns)}, [k + 1 for k in kept[1:]]


def read_geo_cells(path, kind):
    """Read a point or line layer through geopandas; returns (DataFrame of str, feature labels).

    Points get ``lon``/``lat`` in WGS84; lines get ``length_m`` measured in Lambert-93 when
    the layer has no ``length_m`` attribute.
    """
    import geopandas as gpd  # imported here: only geometry files need it

    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # the driver's message says what is wrong with the file
        raise DataError(path, f"cannot read as a GIS layer: {exc}") from exc
    if gdf.empty:
        raise DataError(path, "the layer has no features")
    if gdf.crs is None:
        raise DataError(path, "the layer has no coordinate reference system (CRS)")
    labels = [f"feature {i + 1}" for i in range(len(gdf))]
    for i, geom in enumerate(gdf.geometry):
        expected = ("Point",) if kind == "point" else ("LineString", "MultiLineString")
        if geom is None or geom.geom_type not in expected:
            got = "no geometry" if geom is None else geom.geom_type
            raise DataError(path, f"expected a {' or '.join(expected)} geometry, found {got}", line=labels[i])
    frame = pd.DataFrame(gdf.drop(columns="geometry"))
    if kind == "point":
        wgs = gdf.to_crs(WGS84)
        frame["lon"] = wgs.geometry.x
        frame["lat"] = wgs.geometry.y
    elif "length_m" not in frame.columns:
        frame["length_m"] = gdf.to_crs(LAMBERT93).geometry.length
    frame = frame.astype(object).where(frame.notna(), "")
    return frame.map(lambda v: "" if v is None else str(v)), labels


def find_table_file(folder, table: Table):
    """The file holding ``table`` in ``folder``: the CSV, or a GIS layer for geometry tables."""
    folder = Path(folder)
    csv_path = folder / table.file
    if os.path.lexists(csv_path):
        return csv_path
    if table.geometry:
        stem = Path(table.file).stem
        for suffix in GEO_SUFFIXES:
            candidate = folder / (stem + suffix)
            if os.path.lexists(candidate):
                return candidate
    return None


_NUMBER_CHARS = str.maketrans("", "", "0123456789.eE+-")


def _plain_numbers(texts):
    """The texts as floats if every one is a plain number (``[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?``),
    else None.

    Checked at once: made of digits, ``.``, ``e``, ``E``, ``+`` and ``-`` alone, a text is a plain
    number exactly when Python's float() reads it (no space, underscore, inf or nan can be in it).
    """
    if "".join(texts).translate(_NUMBER_CHARS):
        return None
    try:  # float() on each text: what numpy's cast from objects calls, without building the object array
        return np.fromiter(map(float, texts), float, len(texts))
    except ValueError:
        return None


def _cell_text(cell):
    """A cell as stripped text, "" for a missing one (None, NaN)."""
    if isinstance(cell, str):
        return cell.strip()
    if cell is None or pd.isna(cell):
        return ""
    return str(cell).strip()


def _column_at_once(cells, col, stripped=False):
    """A str, float or int column (a list of cells) converted and checked as a whole; None if any cell
    needs the cell-by-cell path (a French number, an empty cell where none may be, a value out of range
    or choices: that path raises the error naming the first bad cell's line). ``stripped``: the cells are
    str already stripped (a CSV file's)."""
    if col.kind not in ("str", "float", "int"):
        return None
    text = cells if stripped else [_cell_text(c) for c in cells]
    filled = text if all(text) else [t for t in text if t]
    if len(filled) < len(text) and not col.nullable:
        return None
    if col.kind == "str":
        if col.choices and not set(filled) <= set(col.choices):
            return None
        if len(filled) < len(text):
            return np.array([t or None for t in text], dtype=object)
        return text if isinstance(text, np.ndarray) else np.array(text, dtype=object)
    full = _plain_numbers(filled)
    if full is None or not _numbers_pass(full, col):  # decimal commas, spaces...: parse_number
        return None
    if len(filled) == len(text):
        return full if col.kind == "float" else [int(v) for v in full]
    numbers = iter(full.tolist() if col.kind == "float" else [int(v) for v in full])
    return [next(numbers) if t else None for t in text]


def _numbers_pass(full, col):
    """Whether the numbers of a column's filled cells pass its checks: finite, whole for an int column, in
    range, and no choices (the cell-by-cell path checks those)."""
    if not np.isfinite(full).all():
        return False
    if col.kind == "int" and (full != np.round(full)).any():
        return False
    return not (col.choices or (col.min is not None and (full < col.min).any()) or
                (col.max is not None and (full > col.max).any()))


def _numbers_at_once(values, empty, col):
    """A number column Arrow read (float64, NaN where ``empty``) as ``_column_at_once`` gives it; None if
    a cell needs the cell-by-cell path."""
    if empty.any():
        if not col.nullable:
            return None
        full = values[~empty]
    else:
        full = values
    if not _numbers_pass(full, col):
        return None
    if col.kind == "float":
        return values
    if not (np.abs(full) < 2.0**63).all():
        return None  # whole numbers beyond int64: the cell-by-cell path's Python ints
    if not empty.any():
        return full.astype(np.int64) if not col.nullable else full.astype(np.int64).tolist()
    whole = iter(full.astype(np.int64).tolist())
    return [None if e else next(whole) for e in empty.tolist()]


def _cell_by_cell(cells, lines, col, path):
    """A column converted one cell at a time: the first bad cell's error, with its line."""
    values = []
    for cell, line in zip(cells, lines):
        if cell is None or str(cell).strip() == "":
            if not col.nullable:
                raise DataError(path, f"empty cell: expected {_EXPECTED[col.kind]}", line=line, column=col.name)
            values.append(None)
            continue
        try:
            value = _convert(cell, col.kind)
        except (ValueError, TypeError):
            raise DataError(path, f"expected {_EXPECTED[col.kind]}, found {cell!r}", line=line,
                            column=col.name) from None
        if col.choices and value not in col.choices:
            raise DataError(path, f"{value!r} is not one of {list(col.choices)}", line=line, column=col.name)
        if col.min is not None and value < col.min:
            raise DataError(path, f"{value!r} is below the minimum {col.min:g}", line=line, column=col.name)
        if col.max is not None and value > col.max:
            raise DataError(path, f"{value!r} is above the maximum {col.max:g}", line=line, column=col.name)
        values.append(value)
    return values


def _absent_column(col, n_rows):
    """``_typed_column`` of a column the file does not have: NaN or None in every row."""
    if col.kind == "float":
        return np.full(n_rows, np.nan)
    if col.kind == "int" and not col.nullable:
        return _typed_column([None] * n_rows, col)
    return pd.Series(np.full(n_rows, None, dtype=object), dtype=object, copy=False)


def _typed_column(values, col):
    """The frame's column: float64 (NaN where empty) for floats, int64 for whole numbers that may not be
    empty, object (None where empty) for the rest."""
    if col.kind == "float":
        if isinstance(values, np.ndarray) and values.dtype == float:
            return values
        return np.array([np.nan if v is None else v for v in values], dtype=float)
    if col.kind == "int" and not col.nullable:
        return np.array(values, dtype=int)
    if not isinstance(values, np.ndarray):
        values = np.array(values + [None], dtype=object)[:-1]  # the sentinel keeps a 1-d array of objects
    return pd.Series(values, dtype=object, copy=False)


def _misspelt(missing, names, table):
    """The columns of the file that look like a missing one (``subscribed_kW``, ``heat_MWh ``, ``heat-mwh``):
    ``"; found 'subscribed_kW' (a misspelling of 'subscribed_kw'?)"``, else nothing."""
    import difflib

    declared = {c.name for c in table.columns}
    unknown = [n for n in names if n not in declared]
    pairs = []
    for name in unknown:
        plain = str(name).strip().casefold().replace("-", "_").replace(" ", "_")
        close = [m for m in missing if m == plain] or difflib.get_close_matches(plain, missing, n=1, cutoff=0.8)
        if close:
            pairs.append(f"{name!r} (a misspelling of {close[0]!r}?)")
    return f"; found {', '.join(pairs)}" if pairs else ""


def validate_table(cells, lines, table: Table, path):
    """Check a table of cells (a DataFrame, or ``{column: list of stripped str}`` as ``read_csv_columns``
    gives it) against its declaration; return it typed."""
    if isinstance(cells, pd.DataFrame):
        names, columns, frame_cells = list(cells.columns), {c: cells[c].tolist() for c in cells.columns}, cells
        n_rows = len(cells)
    else:
        names, columns, frame_cells, n_rows = list(cells), cells, None, len(lines)
    missing = [c.name for c in table.columns if c.required and c.name not in columns]
    if missing:
        raise DataError(path, f"missing column(s) {missing}{_misspelt(missing, names, table)}; expected columns: "
                              f"{[c.name for c in table.columns]}", line=1)
    out = {}
    for col in table.columns:
        if col.name not in columns:
            out[col.name] = _absent_column(col, n_rows)
            continue
        values = _column_at_once(columns[col.name], col, stripped=frame_cells is None)
        if values is None:
            values = _cell_by_cell(columns[col.name], lines, col, path)
        out[col.name] = _typed_column(values, col)
    if table.extra_columns:
        for name in names:
            if name not in out:
                out[name] = (frame_cells[name].values if frame_cells is not None else
                             pd.Series(np.array(columns[name] + [None], dtype=object)[:-1], dtype=object, copy=False))
    return _keyed_frame(out, lines, table, path)


def _keyed_frame(out, lines, table, path):
    """The typed columns as a frame, its key checked unique."""
    # a short table's columns are copied into one block a dtype (row selections then take a few blocks); a
    # long one's are kept as they are, the copy costing more than it saves
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(lines)), copy=len(lines) < CONSOLIDATE_MAX_ROWS)
    if table.key:
        _check_unique_key(frame, lines, table, path)
    return frame


def _table_at_once(text, delimiter, table: Table, path):
    """``validate_table(*_csv_columns(text, delimiter, path), table, path)`` for a clean file read through
    Arrow (:mod:`heatnet.io.arrow_csv`); None when a cell needs the hand-written reader or the cell-by-cell
    checks, which then name the first defect. A duplicate key raises here, as there."""
    numeric = {c.name for c in table.columns if c.kind in ("float", "int")}
    read = read_clean_columns(text, delimiter, numeric)
    if read is None:
        return None
    columns, empty, lines = read
    if any(c.required and c.name not in columns for c in table.columns):
        return None
    out = {}
    for col in table.columns:
        if col.name not in columns:
            out[col.name] = _absent_column(col, len(lines))
            continue
        if col.name in empty:
            values = _numbers_at_once(columns[col.name], empty[col.name], col)
        else:
            values = _column_at_once(columns[col.name], col, stripped=True)
            if values is None and col.kind not in ("str", "float", "int"):
                try:
                    values = _cell_by_cell(columns[col.name], lines, col, path)
                except DataError:
                    return None
        if values is None:
            return None
        out[col.name] = _typed_column(values, col)
    if table.extra_columns:
        out.update({name: pd.Series(values, dtype=object, copy=False) for name, values in columns.items()
                    if name not in out})
    return _keyed_frame(out, lines, table, path), lines


def _check_unique_key(frame, lines, table, path):
    with_nan = any(frame[k].dtype == float and frame[k].isna().any() for k in table.key)  # NaN != NaN in a set
    if not with_nan and len(table.key) > 1 and len(frame) > 1000 and not frame.duplicated(list(table.key)).any():
        return  # pandas finds every pair the set of tuples below would (and missing values alike besides)
    columns = [frame[k].tolist() for k in table.key]
    keys = columns[0] if len(columns) == 1 else list(zip(*columns))
    if not with_nan and len(set(keys)) == len(keys):
        return
    keys = ["|".join("" if v is None or v != v else str(v) for v in row) for row in zip(*columns)]
    if len(set(keys)) == len(keys):
        return
    seen = {}
    for key, line in zip(keys, lines):
        if key in seen:
            raise DataError(path, f"duplicate {'/'.join(table.key)} {key.replace('|', '/')!r} "
                                  f"(first at line {seen[key]})", line=line, column=table.key[0])
        seen[key] = line


def empty_table(table: Table):
    """An absent optional table: no row, its declared columns (float64, or object)."""
    return pd.DataFrame({c.name: np.empty(0, dtype=float if c.kind == "float" else object) for c in table.columns},
                        index=pd.RangeIndex(0), copy=False)


@dataclass
class TableSource:
    """Where a table's rows come from: its file and each row's line (or GIS feature label).

    Kept beside the tables (``Network.sources``), not in ``DataFrame.attrs``: pandas deep-copies
    ``attrs`` into every frame or column it derives, 37-45 % of a 10^5-pipe scenario's time.
    """

    file: str
    lines: list


def read_table(folder, name):
    """Read and validate one table of a network folder (empty if optional and absent)."""
    return read_table_source(folder, name)[0]


def read_table_source(folder, name):
    """``read_table`` and the table's ``TableSource``."""
    table = TABLES[name]
    path = find_table_file(folder, table)
    if path is None:
        if table.optional:
            return empty_table(table), TableSource(table.file, [])
        expected = table.file + (f" (or {Path(table.file).stem}.geojson / .gpkg / .shp)" if table.geometry else "")
        raise DataError(Path(folder) / table.file, f"file not found: a network folder needs {expected}")
    if path.suffix.lower() in GEO_SUFFIXES:
        check_path(path, "file")
        cells, lines = read_geo_cells(path, table.geometry)
    else:
        text = _csv_text(path)
        delimiter = _delimiter(text)
        typed = _table_at_once(text, delimiter, table, path) if len(text) >= ARROW_MIN_CHARS else None
        if typed is not None:
            return typed[0], TableSource(str(path), typed[1])
        cells, lines = _csv_columns(text, delimiter, path)
    return validate_table(cells, lines, table, path), TableSource(str(path), list(lines))


# ---------------------------------------------------------------- parameters

def _check_mapping(path, mapping, spec, prefix):
    for key, value in mapping.items():
        if key not in spec:
            raise DataError(path, f"unknown key; allowed keys: {sorted(spec)}", column=f"{prefix}{key}")
        kind = spec[key]
        try:
            if kind == "date":
                mapping[key] = value if isinstance(value, dt.date) else parse_date(value)
            elif kind is float:
                if isinstance(value, bool):
                    raise ValueError
                mapping[key] = float(value) if not isinstance(value, str) else parse_number(value)
            elif kind is int:
                if isinstance(value, bool) or int(value) != value:
                    raise ValueError
                mapping[key] = int(value)
            elif kind is str:
                if not isinstance(value, str):
                    raise ValueError
        except (ValueError, TypeError, OverflowError):  # OverflowError: int(inf)
            name = kind if isinstance(kind, str) else kind.__name__
            raise DataError(path, f"expected {name}, found {value!r}", column=f"{prefix}{key}") from None


def read_parameters(folder):
    path = Path(folder) / "network.yaml"
    if not path.exists():
        raise DataError(path, "file not found: a network folder needs network.yaml")
    params = parse_yaml(_read_text(path), path)
    if not isinstance(params, dict):
        raise DataError(path, "expected a mapping of parameters (key: value)")
    for key in params:
        if key not in NETWORK_PARAMETERS:
            raise DataError(path, f"unknown key; allowed keys: {sorted(NETWORK_PARAMETERS)}", column=key)
    for key, (kind, required, _) in NETWORK_PARAMETERS.items():
        if key not in params:
            if required:
                raise DataError(path, f"missing required key ({NETWORK_PARAMETERS[key][2]})", column=key)
            continue
        value = params[key]
        ok = isinstance(value, kind) and not (kind in (int, float) and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            params[key], ok = float(value), True
        if not ok:
            raise DataError(path, f"expected {kind.__name__}, found {value!r}", column=key)
    _check_mapping(path, params.setdefault("contract", {}), CONTRACT_KEYS, "contract.")
    _check_mapping(path, params.setdefault("temperatures", {}), TEMPERATURE_KEYS, "temperatures.")
    _check_mapping(path, params.setdefault("hydraulics", {}), HYDRAULIC_KEYS, "hydraulics.")
    _check_mapping(path, params.setdefault("heating", {}), HEATING_KEYS, "heating.")
    _check_ranges(path, params, PARAMETER_RANGES, "")
    _check_ranges(path, params["contract"], CONTRACT_RANGES, "contract.")
    _check_ranges(path, params["temperatures"], TEMPERATURE_RANGES, "temperatures.")
    _check_ranges(path, params["hydraulics"], HYDRAULIC_RANGES, "hydraulics.")
    _check_ranges(path, params["heating"], HEATING_RANGES, "heating.")
    _check_temperature_order(path, params["temperatures"])
    contract = params["contract"]
    if contract.get("dsp_start") and contract.get("dsp_end") and contract["dsp_end"] <= contract["dsp_start"]:
        raise DataError(path, f"dsp_end {contract['dsp_end']} is not after dsp_start {contract['dsp_start']}",
                        column="contract.dsp_end")
    return params


def _check_ranges(path, mapping, ranges, prefix):
    """Every number finite and inside its range; choices among their values."""
    for key, allowed in ranges.items():
        if key not in mapping:
            continue
        value = mapping[key]
        if isinstance(allowed[0], str):
            if value not in allowed:
                raise DataError(path, f"expected one of {list(allowed)}, found {value!r}", column=f"{prefix}{key}")
        elif not (math.isfinite(value) and allowed[0] <= value <= allowed[1]):
            raise DataError(path, f"{value!r} is outside {allowed[0]:g} .. {allowed[1]:g}", column=f"{prefix}{key}")


def _check_temperature_order(path, temps):
    """The return runs colder than the lowest supply, and the lowest supply is not above the design supply
    (the physics' defaults stand in for the keys not given)."""
    supply = temps.get("supply_c", TEMPERATURE_DEFAULTS["supply_c"])
    low, design = temps.get("supply_min_c", supply), temps.get("supply_design_c", supply)
    ret = temps.get("return_c", TEMPERATURE_DEFAULTS["return_c"])
    if ret >= low:
        raise DataError(path, f"return_c {ret:g} must be below the lowest supply temperature {low:g}",
                        column="temperatures.return_c")
    if low > design:
        raise DataError(path, f"supply_min_c {low:g} is above supply_design_c {design:g}",
                        column="temperatures.supply_min_c")


# ---------------------------------------------------------------- the network

@dataclass
class Network:
    """A validated network folder: parameters and typed tables (pandas DataFrames)."""

    folder: Path
    params: dict
    clients: pd.DataFrame
    branches: pd.DataFrame
    nodes: pd.DataFrame
    pipes: pd.DataFrame
    substations: pd.DataFrame
    loads: pd.DataFrame
    plants: pd.DataFrame
    published_totals: pd.DataFrame
    tariffs_r1: pd.DataFrame
    tariffs_r2: pd.DataFrame
    mix_weights: pd.DataFrame
    operations: pd.DataFrame
    heat_input: pd.DataFrame
    accounts: pd.DataFrame
    indexation: pd.DataFrame
    indices: pd.DataFrame
    energy_costs: pd.DataFrame
    r2_costs: pd.DataFrame
    review_clauses: pd.DataFrame
    warnings: list = field(default_factory=list)
    sources: dict = field(default_factory=dict)  # table name -> TableSource (file and line of each row)

    @property
    def name(self):
        return self.params["name"]

    def table(self, name):
        return getattr(self, name)

    def load_years(self):
        return sorted(int(y) for y in self.loads["year"].unique())


def _as_text(values, column):
    """The cells of a column as text, as ``Series.astype(str)`` writes them (a str column that may not be
    empty holds str only)."""
    if column.kind == "str" and not column.nullable:
        return values
    return [str(v) for v in values]


def _check_references(tables, sources):
    known_of = {}  # each referenced column's set, built once (three references point to the node ids)
    for name, frame in tables.items():
        table = TABLES[name]
        for col in table.columns:
            if not col.ref or col.name not in frame.columns:
                continue
            ref_table, ref_col = col.ref.split(".")
            target = tables[ref_table]
            if target.empty and TABLES[ref_table].optional:
                continue
            if col.ref not in known_of:
                known_of[col.ref] = set(_as_text(target[ref_col].tolist(), TABLES[ref_table].column(ref_col)))
            known = known_of[col.ref]
            values = frame[col.name].tolist()
            if known.issuperset(values):
                continue
            unknown = [row for row, value in enumerate(values)
                       if not (value is None or pd.isna(value)) and str(value) not in known]
            if unknown:  # the first unknown reference, in file order
                row = unknown[0]
                value = frame[col.name].iloc[row]
                sample = sorted(known)[:12]
                more = " ..." if len(known) > 12 else ""
                raise DataError(sources[name].file, f"unknown {ref_table} {ref_col} {value!r}; known: "
                                                     f"{sample}{more}", line=sources[name].lines[row], column=col.name)


def _check_tariffs(net: Network):
    """Every R1 date has an energy component, and its fuels have mix weights in force that day (and the
    reverse: a weight on a fuel the R1 does not price would drop that share of R1c)."""
    r1, mix = net.tariffs_r1, net.mix_weights
    r1_source, mix_source = net.sources["tariffs_r1"], net.sources["mix_weights"]
    for date in sorted(r1["effective_date"].unique()) if not r1.empty else ():
        rows = r1[(r1["effective_date"] == date) & (r1["component"] == "energy")]
        first_line = r1_source.lines[int(r1.index[r1["effective_date"] == date][0])]
        if rows.empty:
            raise DataError(r1_source.file, f"no energy component on {date}", line=first_line, column="component")
        fuels = {str(f) for f in rows["fuel"] if f is not None and str(f) != ""}
        if not fuels or len(fuels) < len(rows):
            continue  # an energy component already mix-weighted
        in_force = sorted(d for d in mix["effective_date"].unique() if d <= date) if not mix.empty else []
        if not in_force:
            raise DataError(mix_source.file if not mix.empty else net.folder / "mix_weights.csv",
                            f"no mix weights in force on {date}: the R1 of that date prices fuels {sorted(fuels)}")
        weights = set(mix.loc[mix["effective_date"] == in_force[-1], "fuel"].astype(str))
        if fuels != weights:
            raise DataError(r1_source.file, f"the R1 of {date} prices fuels {sorted(fuels)} but the mix weights "
                                              f"of {in_force[-1]} (mix_weights.csv) weigh {sorted(weights)}: the "
                                              "same fuel names are expected in both", line=first_line, column="fuel")


def _check_consistency(net: Network):
    path_y = net.folder / "network.yaml"
    if not (net.nodes["id"].to_numpy() == net.params["plant_node"]).any():  # ids are text: == as in a set
        raise DataError(path_y, f"plant_node {net.params['plant_node']!r} is not a node of nodes",
                        column="plant_node")
    loops = (net.pipes["from_node"] == net.pipes["to_node"]).to_numpy()
    if loops.any():
        row = int(np.argmax(loops))
        pipe = net.pipes.iloc[row]
        raise DataError(net.sources["pipes"].file, f"pipe {pipe['id']!r} starts and ends at node {pipe['from_node']!r}",
                        line=net.sources["pipes"].lines[row], column="to_node")
    if not net.mix_weights.empty:
        sums = net.mix_weights.groupby("effective_date")["weight_frac"].sum()
        for date, total in sums.items():
            if abs(total - 1.0) > 1e-6:
                raise DataError(net.sources["mix_weights"].file, f"weights of {date} sum to {total:.6f}, expected 1",
                                column="weight_frac")
    _check_indexation(net)
    for plant, line in zip(net.plants.itertuples(), net.sources["plants"].lines):
        has_winter = plant.winter_capacity_kw is not None and not pd.isna(plant.winter_capacity_kw)
        if has_winter and (plant.winter_start is None or plant.winter_end is None):
            raise DataError(net.sources["plants"].file, f"plant {plant.id!r} has winter_capacity_kw but no "
                                                      "winter_start / winter_end", line=line, column="winter_start")
        _check_called_plant(net, plant, line)
        for col in ("winter_capacity_kw", "summer_capacity_kw"):
            value = getattr(plant, col)
            if value is not None and not pd.isna(value) and value > plant.capacity_kw:
                raise DataError(net.sources["plants"].file, f"{col} {value:g} exceeds capacity_kw "
                                                          f"{plant.capacity_kw:g}", line=line, column=col)


def _check_called_plant(net: Network, plant, line):
    """A plant the electricity system calls keeps the rules of :func:`heatnet.io.schema.called_season_problem`."""
    def value(name):
        v = getattr(plant, name, None)
        return None if v is None or (isinstance(v, float) and pd.isna(v)) or v == "" else v
    problem = called_season_problem(value)
    if problem is not None:
        column, message = problem
        raise DataError(net.sources["plants"].file, f"plant {plant.id!r}: {message}", line=line, column=column)


def _check_indexation(net: Network):
    """Each formula's coefficients sum to 1; each index it names has a series; cost terms have a formula."""
    frame = net.indexation
    if frame.empty:
        return
    source = net.sources["indexation"]
    file = source.file
    for term, rows in frame.groupby("term", sort=False):
        total = float(rows["coefficient_frac"].sum())
        if abs(total - 1.0) > 1e-6:
            raise DataError(file, f"coefficients of term {term!r} sum to {total:.6f}, expected 1",
                            line=source.lines[frame.index.get_loc(rows.index[0])], column="coefficient_frac")
    known = set(net.indices["index"]) if not net.indices.empty else set()
    for index, line in zip(frame["index"], source.lines):
        if index != "fixed" and index not in known:
            raise DataError(file, f"index {index!r} has no series in indices.csv; known: {sorted(known)}",
                            line=line, column="index")
    terms = set(frame["term"])
    for name in ("energy_costs", "r2_costs"):
        table = getattr(net, name)
        if table.empty or "term" not in table:
            continue
        for term, line in zip(table["term"], net.sources[name].lines):
            if term is not None and not pd.isna(term) and term not in terms:
                raise DataError(net.sources[name].file, f"term {term!r} has no formula in indexation.csv; known: "
                                                     f"{sorted(terms)}", line=line, column="term")


def load_network(folder) -> Network:
    """Read, validate and return the network folder ``folder``."""
    folder = Path(folder)
    check_path(folder, "folder")
    params = read_parameters(folder)
    read = {name: read_table_source(folder, name) for name in TABLES}
    tables = {name: frame for name, (frame, _) in read.items()}
    sources = {name: source for name, (_, source) in read.items()}
    _check_references(tables, sources)
    net = Network(folder=folder, params=params, sources=sources, **tables)
    _check_consistency(net)
    _check_tariffs(net)
    return net
