"""Seeded mutations of what users hand heatnet: scenario files, network folders, GIS layers, workbooks.

Every case is a pure function of (seed, case number): ``make_case`` writes the mutated inputs
under the worker's folder and returns the command line to run, so a failing case is replayed
with ``python -m tests.fuzz --seed S --only N``.
"""

import copy
import json
import os
import random
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.reference.outputs import shipped_scenarios

ROOT = Path(__file__).resolve().parents[2]

# Values that broke, or could break, a reader or a stage: non-finite and huge numbers, wrong types,
# paths to folders, devices, missing or over-long names, dates out of any table.
NUMBERS = [float("inf"), float("-inf"), float("nan"), 1e308, -1e308, 1e20, -1.0, 0, 0.0, -0.0, 1e-300, 10**30,
           2**63, -(2**63), 0.5, 1, 2, 100, 1e6, 9999, True, False]
TEXTS = ["", " ", "abc", "gaz", "Total_published", "=HYPERLINK(\"http://x\",\"y\")", "=1+1", "a" * 300,
         "é" * 50, "x\x00y", "\ud800", "2020-13-45", "1990-01-01", "2099-12-31", "../data/lenz", "..", ".",
         "history", "../data", "/dev/zero", "/etc/passwd", "/dev/null", "../data/lens/loads.csv", "lbe", "PLANT",
         "nope", "1e999", "NaN", "-inf", "12,5", "1 000,5"]
OTHERS = [None, [], {}, [1, 2], {"a": 1}, [[[]]], "2016-01-01"]
PATHS = ["", ".", "history", "../data", "/dev/zero", "/dev/null", "/etc/passwd", "../data/lens/loads.csv",
         "../data/lenz", "a" * 300, "a\x00b", "/proc/self/mem", "../scenarios", "fifo"]


def interesting(rng):
    pool = rng.choice((NUMBERS, TEXTS, OTHERS, PATHS))
    return copy.deepcopy(rng.choice(pool))


@dataclass
class Case:
    kind: str  # scenario, network, gis, workbook
    label: str  # what was mutated, for the report
    argv: list
    names: list = field(default_factory=list)  # file and folder names an error may name


# ---------------------------------------------------------------- structured data

def _paths(data, prefix=()):
    """Every (path, value) inside nested dicts and lists."""
    yield prefix, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


def _set(data, path, value):
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _delete(data, path):
    target = data
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]


def mutate_data(rng, data, extra_keys=()):
    """One structural mutation of parsed YAML; returns (data, label)."""
    data = copy.deepcopy(data)
    paths = [p for p, _ in _paths(data) if p]
    op = rng.random()
    if not paths or op < 0.55:
        path = rng.choice(paths) if paths else ()
        value = interesting(rng)
        if not path:
            return value, f"document -> {value!r:.40}"
        _set(data, path, value)
        return data, f"{'.'.join(map(str, path))} -> {value!r:.40}"
    if op < 0.7:
        path = rng.choice(paths)
        _delete(data, path)
        return data, f"delete {'.'.join(map(str, path))}"
    if op < 0.8:
        holders = [p for p, v in _paths(data) if isinstance(v, dict)]
        path = rng.choice(holders)
        key = rng.choice(list(extra_keys) + ["unknown_key", "r1_eur_per_mwh", "year", "availability_frac"])
        target = data
        for part in path:
            target = target[part]
        target[key] = interesting(rng)
        return data, f"add {'.'.join(map(str, path + (key,)))}"
    if op < 0.9:  # swap two values
        a, b = rng.choice(paths), rng.choice(paths)
        va, vb = dict(_paths(data)).get(a), dict(_paths(data)).get(b)
        try:
            _set(data, a, copy.deepcopy(vb))
        except (KeyError, IndexError, TypeError):
            pass
        return data, f"swap {'.'.join(map(str, a))} <- {'.'.join(map(str, b))}"
    numeric = [p for p, v in _paths(data) if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if numeric:
        path = rng.choice(numeric)
        value = dict(_paths(data))[path] * rng.choice([-1, 0, 10, 1e6, 1e300, float("inf")])
        _set(data, path, value)
        return data, f"scale {'.'.join(map(str, path))}"
    return data, "unchanged"


def dump_yaml(data):
    try:
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    except (yaml.YAMLError, UnicodeEncodeError):
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=False)


def mutate_text(rng, text):
    """One mutation of YAML or CSV text (as bytes out): encodings, line ends, tags, nesting, truncation."""
    raw = text.encode("utf-8", "surrogatepass")
    op = rng.randrange(14)
    lines = text.splitlines(keepends=True) or [""]
    if op == 0:
        return raw.replace(b"\n", b"\r"), "CR line ends"
    if op == 1:
        return raw.replace(b"\n", b"\r\n"), "CRLF line ends"
    if op == 2:
        return text.encode("mac_roman", "replace") + b"\x81\x8d\xa5\n", "Mac Roman bytes"
    if op == 3:
        return text.encode("utf-16"), "UTF-16"
    if op == 4:
        cut = rng.randrange(len(raw) + 1)
        return raw[:cut], f"truncated at {cut}"
    if op == 5:
        data = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data), "bytes flipped"
    if op == 6:
        depth = rng.choice([100, 3000, 20000])
        return raw + f"\ndeep: {'[' * depth}{']' * depth}\n".encode(), f"nesting {depth}"
    if op == 7:
        tag = rng.choice(["!!int abc", "!!float ''", "!!bool maybe", "!!timestamp ''", "!!binary zz",
                          "!!python/name:os.system", "!!set {a}", "!!omap [a]"])
        return raw + f"\ndescription: {tag}\n".encode(), f"typed tag {tag}"
    if op == 8:
        i = rng.randrange(len(lines))
        return (text + lines[i]).encode("utf-8", "surrogatepass"), "line repeated (duplicate key)"
    if op == 9:
        return raw + b'\ndescription: "\\ud800"\n', "lone surrogate escape"
    if op == 10:
        return raw + b"\nx: &a [1,1,1,1,1,1,1,1,1]\n" + b"".join(
            f"{k}: &{k} [{','.join(['*' + p] * 9)}]\n".encode() for p, k in zip("abcdefgh", "bcdefghi")) \
            + b"description: *i\n", "billion laughs"
    if op == 11:
        return b"\xef\xbb\xbf" + raw, "BOM"
    if op == 12:
        return raw.replace(b",", b";"), "separator ;"
    i = rng.randrange(len(lines))
    lines[i] = "\t" + lines[i]
    return "".join(lines).encode("utf-8", "surrogatepass"), "tab indent"


# ---------------------------------------------------------------- scenarios

# the shipped scenario files (timelines and uncertainty studies are other formats), as the stored outputs list them
SCENARIO_FILES = sorted(p.relative_to(ROOT / "scenarios").as_posix() for p in shipped_scenarios(ROOT))


def scenario_case(rng, work, n):
    name = rng.choice(SCENARIO_FILES)
    source = work / "scenarios" / name
    data = yaml.safe_load((ROOT / "scenarios" / name).read_text(encoding="utf-8"))
    target = source.parent / f"_fuzz_{n}.yaml"
    if rng.random() < 0.75:
        data, label = mutate_data(rng, data, ("base", "network", "operation", "tariff", "measures"))
        if rng.random() < 0.15:
            raw, more = mutate_text(rng, dump_yaml(data))
            label += f"; {more}"
        else:
            raw = dump_yaml(data).encode("utf-8", "surrogatepass")
    else:
        raw, label = mutate_text(rng, (ROOT / "scenarios" / name).read_text(encoding="utf-8"))
    target.write_bytes(raw)
    command = rng.choices(["run", "compare", "hydraulics"], weights=[8, 1, 1])[0]
    argv = {"run": ["run", str(target), "--json"],
            "compare": ["compare", str(work / "scenarios" / "2016_baseline.yaml"), str(target), "--json"],
            "hydraulics": ["hydraulics", str(target), "--json"]}[command]
    return Case("scenario", f"{name}: {label}", argv, [target.name, name, "lens", "data"])


def timeline_case(rng, work, n):
    source = ROOT / "scenarios" / "timelines" / "concession_2016_2033.yaml"
    target = work / "scenarios" / "timelines" / f"_fuzz_{n}.yaml"
    if rng.random() < 0.7:
        data, label = mutate_data(rng, yaml.safe_load(source.read_text(encoding="utf-8")))
        target.write_bytes(dump_yaml(data).encode("utf-8", "surrogatepass"))
    else:
        raw, label = mutate_text(rng, source.read_text(encoding="utf-8"))
        target.write_bytes(raw)
    return Case("timeline", f"timeline: {label}", ["concession", str(target), "--json"],
                [target.name, "lens"] + [Path(p).name for p in SCENARIO_FILES])


# ---------------------------------------------------------------- network folders

def _csv_rows(text):
    import csv
    import io

    return list(csv.reader(io.StringIO(text)))


def _csv_text(rows):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def mutate_csv(rng, text):
    rows = _csv_rows(text)
    op = rng.random()
    if len(rows) > 1 and op < 0.55:
        r, c = rng.randrange(1, len(rows)), rng.randrange(len(rows[0]))
        value = rng.choice([str(v) for v in NUMBERS + TEXTS]) if rng.random() < 0.8 else str(rng.randint(-10**6, 10**6))
        while len(rows[r]) <= c:
            rows[r].append("")
        rows[r][c] = value
        return _csv_text(rows).encode("utf-8", "surrogatepass"), f"row {r} {rows[0][c]} -> {value!r:.30}"
    if op < 0.62 and len(rows) > 1:
        del rows[rng.randrange(1, len(rows))]
        return _csv_text(rows).encode(), "row deleted"
    if op < 0.69 and len(rows) > 1:
        rows.append(list(rows[rng.randrange(1, len(rows))]))
        return _csv_text(rows).encode(), "row repeated"
    if op < 0.76:
        c = rng.randrange(len(rows[0]))
        name = rows[0][c]
        for row in rows:
            if len(row) > c:
                del row[c]
        return _csv_text(rows).encode(), f"column {name} deleted"
    if op < 0.8:
        c = rng.randrange(len(rows[0]))
        rows[0][c] = rng.choice(["", rows[0][c].upper(), rows[0][c] + " ", "id"])
        return _csv_text(rows).encode(), "header renamed"
    if op < 0.83:
        return text.encode() + b'x,"' + b"a" * 140_000 + b'"\n', "cell over 131,072 characters"
    return mutate_text(rng, text)


def network_case(rng, work, n):
    folder = work / f"net_{n}"
    shutil.copytree(ROOT / "data" / "lens", folder)
    files = sorted(p.name for p in folder.iterdir() if p.suffix in (".csv", ".yaml"))
    name = rng.choice(files)
    path = folder / name
    op = rng.random()
    if op < 0.06:
        path.unlink()
        kind = rng.randrange(4)
        if kind == 0:
            path.mkdir()
            label = "a folder"
        elif kind == 1:
            os.symlink("/dev/zero", path)
            label = "a link to /dev/zero"
        elif kind == 2:
            os.mkfifo(path)
            label = "a FIFO"
        else:
            label = "removed"
    elif name == "network.yaml" and op < 0.8:
        data, label = mutate_data(rng, yaml.safe_load(path.read_text(encoding="utf-8")),
                                  ("temperatures", "hydraulics", "contract"))
        path.write_bytes(dump_yaml(data).encode("utf-8", "surrogatepass"))
    elif name.endswith(".csv"):
        raw, label = mutate_csv(rng, path.read_text(encoding="utf-8"))
        path.write_bytes(raw)
    else:
        raw, label = mutate_text(rng, path.read_text(encoding="utf-8"))
        path.write_bytes(raw)
    scenario = work / "scenarios" / f"_fuzz_{n}.yaml"
    root = rng.choice(["2016_baseline.yaml", "2020_balance.yaml", "public_renovation.yaml"])
    if root == "2016_baseline.yaml":
        scenario.write_text((ROOT / "scenarios" / root).read_text(encoding="utf-8").replace(
            "network: ../data/lens", f"network: ../net_{n}"), encoding="utf-8")
    else:  # a chain: a copy of the baseline on this folder as its base
        base = work / "scenarios" / f"_fuzz_{n}_base.yaml"
        base.write_text((ROOT / "scenarios" / "2016_baseline.yaml").read_text(encoding="utf-8").replace(
            "network: ../data/lens", f"network: ../net_{n}"), encoding="utf-8")
        scenario.write_text((ROOT / "scenarios" / root).read_text(encoding="utf-8").replace(
            "base: 2016_baseline.yaml", f"base: {base.name}"), encoding="utf-8")
    argv = ["check", str(folder), "--json"] if rng.random() < 0.35 else ["run", str(scenario), "--json"]
    return Case("network", f"{name}: {label}", argv, [name, folder.name, scenario.name, "network.yaml"])


# ---------------------------------------------------------------- GIS layers

def gis_setup(work):
    """The example GeoPackage's three layers as GeoJSON text, written once per worker."""
    import geopandas as gpd

    out = work / "gis_source"
    out.mkdir(exist_ok=True)
    for layer in ("pipes", "substations", "plants"):
        frame = gpd.read_file(ROOT / "examples" / "gis" / "exemple.gpkg", layer=layer)
        frame.to_file(out / f"{layer}.geojson", driver="GeoJSON", engine="pyogrio")
    shutil.copytree(ROOT / "examples" / "gis" / "base", work / "gis_base", dirs_exist_ok=True)


def mutate_geojson(rng, doc):
    feats = doc["features"]
    op = rng.randrange(9)
    if op == 0 and feats:
        f = rng.choice(feats)
        coords = f["geometry"]["coordinates"]
        value = rng.choice([float("nan"), float("inf"), 1e308, -1e308, 0.0, None, "x"])
        if isinstance(coords[0], list):
            coords[rng.randrange(len(coords))][rng.randrange(2)] = value
        else:
            coords[rng.randrange(2)] = value
        return f"vertex -> {value!r}"
    if op == 1 and feats:
        f = rng.choice(feats)
        key = rng.choice(list(f["properties"]) or ["id"])
        f["properties"][key] = interesting(rng)
        return f"property {key}"
    if op == 2 and feats:
        polygon = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
        rng.choice(feats)["geometry"] = rng.choice([None, polygon, {"type": "Point", "coordinates": [0, 0]}])
        return "geometry replaced"
    if op == 3 and feats:
        feats.append(copy.deepcopy(rng.choice(feats)))
        return "feature repeated"
    if op == 4 and feats:
        del feats[rng.randrange(len(feats))]
        return "feature deleted"
    if op == 5 and feats:
        f = rng.choice(feats)
        f["geometry"]["coordinates"] = [[c + 5000 * rng.random() for c in p] if isinstance(p, list) else p + 5000
                                        for p in f["geometry"]["coordinates"]]
        return "feature moved far (connects to nothing)"
    if op == 6:
        doc["features"] = []
        return "no features"
    if op == 7:
        doc.pop("crs", None)
        return "no CRS"
    if feats:
        rng.choice(feats)["properties"]["id"] = '=HYPERLINK("http://x","y")'
        return "formula id"
    return "unchanged"


def gis_case(rng, work, n):
    folder = work / f"gis_{n}"
    folder.mkdir()
    layers = {}
    for layer in ("pipes", "substations", "plants"):
        layers[layer] = json.loads((work / "gis_source" / f"{layer}.geojson").read_text(encoding="utf-8"))
    layer = rng.choice(list(layers))
    label = mutate_geojson(rng, layers[layer])
    for name, doc in layers.items():
        text = json.dumps(doc, allow_nan=True)
        (folder / f"{name}.geojson").write_text(text, encoding="utf-8")
    if rng.random() < 0.1:
        raw, more = mutate_text(rng, (folder / f"{layer}.geojson").read_text(encoding="utf-8"))
        (folder / f"{layer}.geojson").write_bytes(raw)
        label += f"; {more}"
    argv = ["import-gis", str(folder / "pipes.geojson"), "--substations", str(folder / "substations.geojson"),
            "--plants", str(folder / "plants.geojson"), "--out", str(folder / "out"), "--json"]
    if rng.random() < 0.7:
        argv += ["--base", str(work / "gis_base")]
    return Case("gis", f"{layer}: {label}", argv, ["pipes.geojson", "substations.geojson", "plants.geojson",
                                                   folder.name, "out", "gis_base"])


# ---------------------------------------------------------------- workbooks

def workbook_setup(work):
    from heatnet.scenarios import run_scenario
    from heatnet.workbook import write_workbook

    (work / "wb").mkdir(exist_ok=True)
    write_workbook([run_scenario(work / "scenarios" / "2020_balance.yaml")], work / "wb" / "base.xlsx",
                   overwrite=True)


def _mutate_cells(rng, source, target):
    from openpyxl import load_workbook

    wb = load_workbook(source)
    ws = next(s for s in wb.worksheets if s.title.lower().startswith(("hypoth", "assum")))
    rows = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=5).value is not None]
    r = rng.choice(rows)
    col = rng.choice([4, 5, 5, 5, 6])
    value = interesting(rng)
    if isinstance(value, (list, dict)) or value is None:
        value = json.dumps(value)
    if isinstance(value, float) and value != value:
        value = "nan"
    if isinstance(value, int) and abs(value) > 2**53:
        value = str(value)
    try:
        ws.cell(row=r, column=col).value = value
        wb.save(target)
    except Exception:  # openpyxl refuses the value itself (illegal characters): keep a text form
        ws.cell(row=r, column=col).value = repr(value)[:100]
        wb.save(target)
    return f"cell R{r}C{col} -> {value!r:.40}"


def _mutate_zip(rng, source, target):
    with zipfile.ZipFile(source) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    op = rng.randrange(5)
    i = rng.randrange(len(members))
    info, data = members[i]
    if op == 0:
        with open(source, "rb") as f:
            raw = bytearray(f.read())
        for _ in range(rng.randint(1, 20)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        target.write_bytes(bytes(raw))
        return "zip bytes flipped"
    if op == 1:
        raw = source.read_bytes()
        target.write_bytes(raw[:rng.randrange(len(raw))])
        return "truncated"
    if op == 2:
        members[i] = (info, data[: len(data) // 2] + b"<<<not xml")
        label = f"malformed {info.filename}"
    elif op == 3:
        pad = b"<!--" + b" " * (80 * 2**20) + b"-->" if rng.random() < 0.5 else b"<row>" * (20 * 2**20)
        members[i] = (info, data + pad)
        label = f"bomb in {info.filename}"
    else:
        del members[i]
        label = f"member {info.filename} removed"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            z.writestr(info.filename, data)
    return label


def workbook_case(rng, work, n):
    source = work / "wb" / "base.xlsx"
    target = work / "wb" / f"_fuzz_{n}.xlsx"
    label = _mutate_cells(rng, source, target) if rng.random() < 0.6 else _mutate_zip(rng, source, target)
    out = work / "wb" / f"_fuzz_{n}.yaml"
    argv = ["import-assumptions", str(target), "-o", str(out), "--force"]
    return Case("workbook", label, argv, [target.name, out.name])


KINDS = {"scenario": (scenario_case, 45), "timeline": (timeline_case, 5), "network": (network_case, 30),
         "gis": (gis_case, 10), "workbook": (workbook_case, 10)}


def make_case(seed, n, work):
    rng = random.Random(f"{seed}:{n}")
    kind = rng.choices(list(KINDS), weights=[w for _, w in KINDS.values()])[0]
    return KINDS[kind][0](rng, Path(work), n)


def cleanup(work, n):
    """Remove what case ``n`` wrote (its folders and files), so a long run keeps the disk small."""
    work = Path(work)
    for p in [work / f"net_{n}", work / f"gis_{n}"]:
        shutil.rmtree(p, ignore_errors=True)
    for p in list((work / "scenarios").glob(f"_fuzz_{n}*")) + list((work / "scenarios" / "timelines").glob(
            f"_fuzz_{n}*")) + list((work / "wb").glob(f"_fuzz_{n}*")):
        p.unlink(missing_ok=True)
