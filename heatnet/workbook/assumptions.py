"""The Assumptions sheet: every input of every scenario of a chain, written and read back.

:func:`read_assumptions` turns an edited sheet back into a :class:`~heatnet.scenarios.Scenario`
(``heatnet import-assumptions``); :func:`import_assumptions` writes it as a scenario file.
"""

import datetime as dt
import json
import os
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import ValidationError

from heatnet.i18n import assumption_text, label
from heatnet.io.files import check_path
from heatnet.io.folder import DataError
from heatnet.scenarios import Scenario, TariffPolicy, save_scenario
from heatnet.workbook.cells import (INPUT_FILL, Layout, MAX_CELL_CHARS, TABLE_TOP, _annotation_type, _display_path,
                                    _plain, put, set_text)


# Machine keys of the Assumptions table's columns, in order; headers are their labels.
ASSUMPTION_COLUMNS = ("scenario", "file", "xl_role", "xl_key", "xl_value", "xl_type", "xl_unit", "xl_source",
                      "xl_description")
ASSUMPTION_TYPES = ("str", "int", "float", "bool", "date", "null", "list", "dict", "json")
ROLES = ("scenario", "base", "network")  # network rows are context, never imported
PATH_KEYS = ("base", "network")  # scenario keys holding a path relative to the scenario file


def value_type(value, declared=None):
    """The Type column for a value (``declared``: the schema type, used when the value is empty)."""
    if value is None:
        return declared or "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dt.datetime):
        return "json"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, str):
        if value == "" or ILLEGAL_CHARACTERS_RE.search(value) or len(value) > MAX_CELL_CHARS // 2:
            return "json"  # an empty or unprintable string survives as JSON text
        return "str"
    if isinstance(value, list) and not value:
        return "list"
    if isinstance(value, dict) and not value:
        return "dict"
    return "json"


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_TOKEN = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_\-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def _join(prefix, key):
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    key = str(key)
    if _NAME.fullmatch(key):
        return f"{prefix}.{key}" if prefix else key
    return f"{prefix}[{json.dumps(key, ensure_ascii=False)}]"


def flatten(value, prefix=""):
    """(key path, leaf value) pairs: ``{"a": [{"b": 1}]}`` -> ``("a[0].b", 1)``; empty containers are leaves."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from flatten(v, _join(prefix, k))
    elif isinstance(value, (list, tuple)) and value:
        for i, v in enumerate(value):
            yield from flatten(v, _join(prefix, i))
    else:
        yield prefix, value


def parse_path(path):
    """``measures[0].renovate.ids[2]`` -> ``["measures", 0, "renovate", "ids", 2]``; ValueError if malformed."""
    tokens, pos = [], 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if not m or (pos == 0 and path.startswith(".")) or (pos > 0 and m.group(1) and path[pos] != "."):
            raise ValueError(f"malformed key path {path!r} at character {pos + 1}")
        if m.group(1):
            tokens.append(m.group(1))
        elif m.group(2):
            tokens.append(int(m.group(2)))
        else:
            tokens.append(json.loads(m.group(3)))
        pos = m.end()
    if not tokens:
        raise ValueError("empty key path")
    return tokens


# a key's unit by the end of its name, the longest ends first: extension_min_kw_per_m is kW/m, not m;
# called_hours_per_year hours a year, not a year
_UNITS = (("_eur_per_mwh", "€ HT/MWh", "EUR excl. VAT/MWh"), ("_eur_per_kw", "€ HT/kW/an", "EUR excl. VAT/kW/yr"),
          ("_kw_per_m", "kW/ml", "kW/m"), ("_mwh_per_m", "MWh/ml/an", "MWh/m/yr"),
          ("_hours_per_year", "h/an", "h/yr"), ("_frac_per_h", "0..1 par h", "0..1 per h"),
          ("_pa_per_m", "Pa/m", "Pa/m"), ("_kg_per_s", "kg/s", "kg/s"), ("_m_per_s", "m/s", "m/s"),
          ("_frac", "0..1", "0..1"), ("_mwh", "MWh", "MWh"), ("_kwh", "kWh", "kWh"), ("_kw", "kW", "kW"),
          ("_eur", "€ HT", "EUR excl. VAT"), ("_mm", "mm", "mm"), ("_m", "m", "m"), ("_c", "°C", "°C"),
          ("_bar", "bar", "bar"), ("_h", "h", "h"), ("_s", "s", "s"), ("_dju", "DJU", "DJU"),
          ("_year", "année", "year"), ("_years", "années", "years"))


def _unit(key, lang="fr"):
    parts = [p for p in re.split(r"[.\[\]]", key.rstrip("]")) if p]
    last = parts[-1]
    for suffix, fr, en in _UNITS:
        if last.endswith(suffix):
            return fr if lang == "fr" else en
    if last == "year":
        return "année" if lang == "fr" else "year"
    if last == "dju":
        return "DJU"
    if len(parts) > 1 and parts[-2] == "called_hours":  # operation.called_hours.<plant>: its hours of the year
        return "h/an" if lang == "fr" else "h/yr"
    return None


def description_key(key, role="scenario"):
    """The key of an Assumptions row's description (heatnet.i18n.assumption_text): list indexes and the
    measure's position dropped, network folder rows under ``network.``, a plant's columns as ``plants.<column>``."""
    key = re.sub(r"^measures\[\d+\]\.", "", key)
    key = re.sub(r"\[\d+\]", "", key)
    if role == "network":
        key = re.sub(r'^plants(?:\.[A-Za-z_][\w-]*|\["(?:[^"\\]|\\.)*"\])\.', "plants.", key)
        key = f"network.{key}"
    return key


def scenario_rows(scenario: Scenario, path):
    """The Assumptions rows of one scenario: (key, value, type, source key or None for a default)."""
    rows = []
    set_fields = scenario.model_fields_set
    for name, f in Scenario.model_fields.items():
        if name == "tariff":
            tariff_set = scenario.tariff.model_fields_set if "tariff" in set_fields else set()
            for tname, tf_ in TariffPolicy.model_fields.items():
                value = getattr(scenario.tariff, tname)
                key = f"tariff.{tname}"
                rows.append((key, value, value_type(value, _annotation_type(tf_.annotation)),
                             tname in tariff_set))
        elif name == "measures":
            for key, value in flatten(scenario.measures, "measures"):
                if key == "measures":  # no measures: nothing to list (the default is an empty list)
                    continue
                rows.append((key, value, value_type(value), True))
        elif name == "operation" and scenario.operation is not None:
            for key, value in flatten(scenario.operation, "operation"):
                rows.append((key, value, value_type(value), True))
        else:
            value = getattr(scenario, name)
            rows.append((name, value, value_type(value, _annotation_type(f.annotation)), name in set_fields))
    return rows


def _chain(result):
    """The results of a chain, root first."""
    chain = []
    r = result
    while r is not None:
        chain.append(r)
        r = r.base
    return list(reversed(chain))


def _network_rows(net):
    """Context rows from the network folder: network.yaml parameters and the plants table (read-only)."""
    rows = []
    folder = Path(net.folder)
    for key, value in flatten(net.params):
        rows.append((key, value, "network.yaml"))
    if getattr(net, "plants", None) is not None and not net.plants.empty:
        for _, plant in net.plants.iterrows():
            for column, value in plant.items():
                if column == "source":
                    continue
                value = _plain(value)
                if value is None:
                    continue
                rows.append((_join(_join("plants", str(plant["id"])), column), value,
                             f"plants.csv: {plant.get('source') or ''}".rstrip(": ")))
    return folder, rows


def _write_assumptions(ws, results, lang):
    lay = Layout(ws)
    lay.title_block(lang, results, "xl_sheet_assumptions")
    lay.note(4, label("xl_assumptions_note", lang))
    row = TABLE_TOP - 1
    lay.header(row, [label(k, lang) for k in ASSUMPTION_COLUMNS])
    header = row
    row += 1
    default_text = label("xl_default", lang)
    leaves = {id(r) for r in results}
    seen_files, seen_networks = set(), set()
    for result in results:
        for r in _chain(result):
            file = Path(r.path).resolve()
            role = "scenario" if id(r) in leaves else "base"
            if (file, role) in seen_files or (role == "base" and (file, "scenario") in seen_files):
                continue
            seen_files.add((file, role))
            for key, value, vtype, in_file in scenario_rows(r.scenario, file):
                _assumption_row(ws, row, r.name, _display_path(file), role, key, value, vtype, _unit(key, lang),
                                f"{file.name}: {key}" if in_file else default_text,
                                assumption_text(description_key(key), lang))
                row += 1
        net = result.network
        folder = Path(net.folder).resolve()
        if folder in seen_networks:
            continue
        seen_networks.add(folder)
        sources = folder / "SOURCES.md"
        for key, value, origin in _network_rows(net)[1]:
            source = f"{_display_path(folder)}/{origin}; {_display_path(sources)}"
            _assumption_row(ws, row, net.name, _display_path(folder / "network.yaml"), "network", key, value,
                            value_type(value), _unit(key, lang), source,
                            assumption_text(description_key(key, "network"), lang))
            row += 1
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(ASSUMPTION_COLUMNS))}{max(row - 1, header)}"
    lay.finish(freeze=f"E{header + 1}", max_width=60)


def _assumption_row(ws, row, scenario, file, role, key, value, vtype, unit, source, description):
    put(ws, row, 1, scenario)
    put(ws, row, 2, file)
    put(ws, row, 3, role)
    put(ws, row, 4, key)
    cell = ws.cell(row=row, column=5)
    if vtype == "json":
        set_text(cell, json.dumps(value, ensure_ascii=False, default=str))
    elif vtype in ("list", "dict") and value is not None:
        set_text(cell, "[]" if vtype == "list" else "{}")
    elif value is not None:
        put(ws, row, 5, value)
    if role != "network":
        cell.fill = INPUT_FILL
    put(ws, row, 6, vtype)
    put(ws, row, 7, unit)
    put(ws, row, 8, source)
    put(ws, row, 9, description)


# ---------------------------------------------------------------- reading assumptions back

# Limits of a workbook read back (a heatnet workbook is a few MB): refused before openpyxl parses it
MAX_WORKBOOK_BYTES = 64 * 2**20  # the .xlsx file itself
MAX_UNZIPPED_BYTES = 64 * 2**20  # all its members once decompressed, as the zip declares them
MAX_MEMBERS = 2000


def _check_zip(path):
    """Refuse a zip bomb before parsing: too many members or too many bytes once unzipped. The declared
    sizes bind: Python's zip reader stops at a member's declared size and checks its CRC."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a zip version or compression Python's reader does not know (a flipped byte)
        raise DataError(path, f"not an Excel workbook (.xlsx, a zip archive): {exc}") from None
    if len(members) > MAX_MEMBERS:
        raise DataError(path, f"{len(members)} parts in the archive: more than the {MAX_MEMBERS} a workbook "
                              "heatnet reads may hold")
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES:
        raise DataError(path, f"{total / 2**20:,.0f} MiB once unzipped: more than the {MAX_UNZIPPED_BYTES // 2**20} "
                              "MiB a workbook heatnet reads may hold")


def _open(path):
    path = check_path(path, "file")
    if path.stat().st_size > MAX_WORKBOOK_BYTES:
        raise DataError(path, f"larger than {MAX_WORKBOOK_BYTES // 2**20} MiB, the limit for a workbook read back")
    _check_zip(path)
    try:
        return load_workbook(path, data_only=True, read_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise DataError(path, f"not an Excel workbook (.xlsx) that heatnet can read: {exc}") from None
    except Exception as exc:  # a corrupt member (zlib.error) or malformed XML (ParseError): the file, not us
        raise DataError(path, f"a damaged workbook: {type(exc).__name__}: {exc}") from None


def _assumption_sheet(wb, path):
    names = [label("xl_sheet_assumptions", lang) for lang in ("fr", "en")]
    for name in names:
        if name in wb.sheetnames:
            return wb[name]
    raise DataError(path, f"no assumptions sheet: expected a sheet named {' or '.join(repr(n) for n in names)}; "
                          f"the workbook has {wb.sheetnames}")


def _find_header(ws, path):
    wanted = {}
    for key in ASSUMPTION_COLUMNS:
        for text in {label(key, "fr"), label(key, "en"), key}:
            wanted[text.strip().lower()] = key
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 30)):
        found = {}
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip().lower() in wanted:
                found[wanted[cell.value.strip().lower()]] = cell.column
        if {"scenario", "xl_key", "xl_value", "xl_type"} <= set(found):
            return row[0].row, found
    need = [label(k, "fr") for k in ("scenario", "xl_key", "xl_value", "xl_type")]
    raise DataError(path, f"sheet '{ws.title}': no header row with the columns {need} in its first 30 rows")


class _Block:
    def __init__(self, name, file, role):
        self.name, self.file, self.role = name, file, role
        self.rows = []  # (row number, key, value cell, type)


def _blocks(ws, header_row, cols, path):
    blocks = {}
    for row in ws.iter_rows(min_row=header_row + 1):
        cells = {k: row[c - 1] if c - 1 < len(row) else None for k, c in cols.items()}
        key_cell = cells["xl_key"]
        if key_cell is None or key_cell.value in (None, ""):
            continue
        name = cells["scenario"].value
        file = cells["file"].value if cells.get("file") is not None else None
        role = (cells["xl_role"].value if cells.get("xl_role") is not None else None) or "scenario"
        ident = (str(name), str(file or ""), str(role))
        block = blocks.setdefault(ident, _Block(str(name), file, str(role)))
        block.rows.append((key_cell.row, str(key_cell.value).strip(), cells["xl_value"], cells["xl_type"]))
    return list(blocks.values())


def _where(ws, cell):
    return f"sheet '{ws.title}', cell {cell.coordinate}"


def _cell_value(ws, path, key, cell, type_cell):
    """Parse one Value cell by its Type; DataError naming the cell and what was expected."""
    vtype = (type_cell.value if type_cell is not None else None)
    vtype = str(vtype).strip().lower() if vtype not in (None, "") else None
    value = cell.value if cell is not None else None
    where = _where(ws, cell) + f" ({key})"
    if vtype is None:
        raise DataError(path, f"no type given; expected one of {list(ASSUMPTION_TYPES)}",
                        line=_where(ws, type_cell) + f" ({key})")
    if vtype not in ASSUMPTION_TYPES:
        raise DataError(path, f"unknown type {vtype!r}; expected one of {list(ASSUMPTION_TYPES)}",
                        line=_where(ws, type_cell) + f" ({key})")
    if isinstance(value, str) and vtype not in ("str", "json") and value.strip() == "":
        value = None
    if value is None:
        return None
    try:
        if vtype == "null":
            raise ValueError("type null expects an empty cell (change the type to give a value)")
        if vtype == "str":
            return value if isinstance(value, str) else _number_text(value)
        if vtype == "json":
            return json.loads(value) if isinstance(value, str) else value
        if vtype == "float":
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, (int, float)):
                return float(value)
            from heatnet.io.folder import parse_number
            return parse_number(value)
        if vtype == "int":
            if isinstance(value, bool):
                raise ValueError
            number = value
            if isinstance(value, str):
                from heatnet.io.folder import parse_number
                number = parse_number(value)
            if not isinstance(number, (int, float)) or float(number) != int(number):
                raise ValueError
            return int(number)
        if vtype == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "vrai", "oui", "yes", "1"):
                return True
            if text in ("false", "faux", "non", "no", "0"):
                return False
            raise ValueError
        if vtype == "date":
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            return dt.date.fromisoformat(str(value).strip())
        if vtype in ("list", "dict"):
            if str(value).strip() != ("[]" if vtype == "list" else "{}"):
                raise ValueError
            return [] if vtype == "list" else {}
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        expected = {"float": "a number", "int": "a whole number", "bool": "TRUE or FALSE (vrai/faux)",
                    "date": "a date (YYYY-MM-DD)", "json": "JSON text", "list": "[] (an empty list)",
                    "dict": "{} (an empty mapping)"}.get(vtype, str(exc))
        detail = f"{exc}" if vtype == "null" else f"expected {expected} for type {vtype}, found {value!r}"
        raise DataError(path, detail, line=where) from None
    raise DataError(path, f"unhandled type {vtype}", line=where)


def _number_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unflatten(entries, ws, path):
    """Rebuild the nested mapping from (key tokens, value, cell) entries; lists need indexes 0..n-1."""
    root = {}
    for tokens, value, cell, key in entries:
        node = root
        for depth, token in enumerate(tokens[:-1]):
            child = node.get(token)
            if child is None:
                child = node[token] = {}
            elif not isinstance(child, dict):
                raise DataError(path, f"key {key!r} goes under a key that already has a value",
                                line=_where(ws, cell))
            node = child
        last = tokens[-1]
        if last in node:
            raise DataError(path, f"key {key!r} given twice (or also used as a parent key)", line=_where(ws, cell))
        node[last] = _Leaf(value)
    cells = {key: cell for _, _, cell, key in entries}
    return _materialise(root, ws, path, "", cells)


class _Leaf:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _materialise(node, ws, path, prefix, cells):
    if isinstance(node, _Leaf):
        return node.value
    keys = list(node)
    ints = [k for k in keys if isinstance(k, int)]
    if ints and len(ints) != len(keys):
        raise DataError(path, f"{prefix or 'the table'} mixes list indexes and names",
                        line=_first_cell(ws, cells, prefix))
    if ints:
        expected = list(range(len(ints)))
        if sorted(ints) != expected:
            stray = max(set(ints) - set(expected))
            raise DataError(path, f"list {prefix}: indexes must run 0..{len(ints) - 1} without gaps; found "
                                  f"{prefix}[{stray}]", line=_first_cell(ws, cells, f"{prefix}[{stray}]"))
        return [_materialise(node[i], ws, path, f"{prefix}[{i}]", cells) for i in expected]
    return {k: _materialise(v, ws, path, _join(prefix, k), cells) for k, v in node.items()}


def _first_cell(ws, cells, prefix):
    """Where to point for an error about ``prefix``: the Key cell of the first row under it."""
    for key, cell in cells.items():
        if key == prefix or key.startswith((prefix + ".", prefix + "[")):
            return f"sheet '{ws.title}', cell {cell.coordinate} ({key})"
    return f"sheet '{ws.title}'"


def _pick(blocks, scenario, ws, path):
    candidates = [b for b in blocks if b.role != "network"]
    if not candidates:
        raise DataError(path, "no scenario rows in the assumptions sheet", line=f"sheet '{ws.title}'")
    if scenario is None:
        leaves = [b for b in candidates if b.role == "scenario"]
        if len(leaves) == 1:
            return leaves[0]
        names = sorted({b.name for b in candidates})
        raise DataError(path, f"the sheet holds several scenarios; choose one with --scenario: {names}",
                        line=f"sheet '{ws.title}'")
    matches = [b for b in candidates if b.name == scenario]
    if not matches:  # also accept the scenario file's name or stem
        matches = [b for b in candidates if b.file and scenario in (Path(str(b.file)).name, Path(str(b.file)).stem)]
    if not matches:
        names = sorted({b.name for b in candidates})
        raise DataError(path, f"no scenario named {scenario!r}; scenarios in the sheet: {names}",
                        line=f"sheet '{ws.title}'")
    if len({str(b.file) for b in matches}) > 1:
        raise DataError(path, f"several scenarios are named {scenario!r} (files "
                              f"{sorted(str(b.file) for b in matches)}); give the file name instead",
                        line=f"sheet '{ws.title}'")
    return next((b for b in matches if b.role == "scenario"), matches[0])


def read_assumptions(path, scenario=None):
    """Read one scenario back from a workbook's Assumptions sheet.

    Returns ``(Scenario, original_file)``: ``original_file`` is the scenario file the workbook
    was written from (its relative ``base``, ``network`` and ``csv`` paths are relative to it),
    or None when the sheet does not say. Raises :class:`heatnet.io.folder.DataError` naming the
    file, sheet, cell and what was expected.
    """
    path = Path(path)
    wb = _open(path)
    ws = _assumption_sheet(wb, path)
    header_row, cols = _find_header(ws, path)
    block = _pick(_blocks(ws, header_row, cols, path), scenario, ws, path)
    entries, cells = [], {}
    for row, key, value_cell, type_cell in block.rows:
        try:
            tokens = parse_path(key)
        except ValueError as exc:
            raise DataError(path, str(exc), line=_where(ws, ws.cell(row=row, column=cols["xl_key"]))) from None
        value = _cell_value(ws, path, key, value_cell, type_cell)
        entries.append((tokens, value, value_cell, key))
        cells[key] = value_cell
    data = _unflatten(entries, ws, path)
    if isinstance(data.get("measures"), dict) and not data["measures"]:
        data["measures"] = []
    try:
        result = Scenario.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, cells, ws, path) from None
    original = Path(str(block.file)) if block.file else None
    if original is not None and not original.is_absolute():  # written relative to the workbook's folder
        original = (path.resolve().parent / original).resolve()
    return result, original


def _validation_error(exc, cells, ws, path):
    err = exc.errors()[0]
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
    message = err["msg"].removeprefix("Value error, ")
    m = re.match(r"(measures\[\d+\][\w.\[\]]*?)(?:\.[\w]+)?:", message)
    if m:  # the measures validator names the measure and key in its message
        loc = message.split(":")[0]
    cell = None
    for key in sorted(cells, key=len):
        if key == loc or key.startswith(loc + ".") or key.startswith(loc + "["):
            cell = cells[key]
            break
    if cell is None:  # fall back to the measure, then the first row
        base = re.match(r"measures\[\d+\]", loc)
        for key in sorted(cells, key=len):
            if base and key.startswith(base.group(0)):
                cell = cells[key]
                break
    where = _where(ws, cell) if cell is not None else f"sheet '{ws.title}'"
    if err["type"] == "extra_forbidden":
        message = "unknown key"
    elif err["type"] == "missing":
        message = "missing required key"
    found = f" (found {err.get('input')!r})" if err["type"] not in ("missing", "value_error") else ""
    return DataError(path, f"{loc}: {message}{found}", line=where)


def relocate(scenario: Scenario, original, out_path):
    """The scenario with its relative paths (base, network, add_substations csv) rewritten for ``out_path``."""
    if original is None:
        return scenario, []
    src_dir, out_dir = Path(original).parent, Path(out_path).resolve().parent
    notes = []
    if not src_dir.is_dir():
        notes.append(f"the scenario's original folder {src_dir} does not exist here: relative paths kept as they are")
        return scenario, notes
    if src_dir.resolve() == out_dir:
        return scenario, notes

    def move(value):
        if value is None or Path(value).is_absolute():
            return value
        target = os.path.normpath(os.path.join(src_dir.resolve(), value))
        return Path(os.path.relpath(target, out_dir)).as_posix()

    data = scenario.model_dump(mode="python")
    for key in PATH_KEYS:
        data[key] = move(data[key])
    for item in data["measures"]:
        (kind, body), = item.items()
        if kind == "add_substations" and body.get("csv"):
            body["csv"] = move(body["csv"])
    return Scenario.model_validate(data), notes


def import_assumptions(path, scenario=None, out=None, force=False):
    """Write the scenario of a workbook's Assumptions sheet to ``out`` (default: the workbook with .yaml).

    Relative paths are rewritten for ``out``'s folder; an existing file is replaced only with
    ``force``. Returns ``(output path, notes)``.
    """
    result, original = read_assumptions(path, scenario)
    out = Path(out) if out is not None else Path(path).with_suffix(".yaml")
    result, notes = relocate(result, original, out)
    save_scenario(result, out, overwrite=force)
    return out, notes
