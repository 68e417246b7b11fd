"""The package's architecture: the import contract, no import circles, short functions, a light start-up."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGE = ROOT / "heatnet"


def lint_imports(cwd, pythonpath):
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(pythonpath)})


def test_import_contract_holds():
    done = lint_imports(ROOT, ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize("module,line,contract", [
    ("model/_wrong.py", "from heatnet.scenarios import run_scenario\n", "Layers"),
    ("io/_wrong.py", "import heatnet.cli\n", "Layers"),
    ("scenarios/_wrong.py", "import streamlit\n", "streamlit only under heatnet.ui"),
    ("model/_wrong.py", "import openpyxl\n", "openpyxl only under heatnet.workbook"),
])
def test_import_contract_reports_a_wrong_import(tmp_path, module, line, contract):
    """A deliberately wrong import in a temporary copy of the package breaks the contract, and the
    report names the module that made it."""
    shutil.copytree(PACKAGE, tmp_path / "heatnet", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "heatnet" / module).write_text(line)
    done = lint_imports(tmp_path, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{contract}" in done.stdout and "BROKEN" in done.stdout
    assert "heatnet." + module.removesuffix(".py").replace("/", ".") in done.stdout


def test_no_import_circles():
    """No two modules of heatnet import each other, directly or through others."""
    import grimp
    import networkx as nx

    graph = grimp.build_graph("heatnet", cache_dir=None)
    digraph = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("heatnet") and module != "heatnet" and imported != "heatnet":
                digraph.add_edge(module, imported)
    # a package's __init__ re-exports its submodules: an edge package -> submodule is not a circle
    digraph.remove_edges_from([(a, b) for a, b in list(digraph.edges) if b.startswith(a + ".")])
    cycles = list(nx.simple_cycles(digraph))
    assert cycles == [], cycles[:5]


def _functions():
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield path.relative_to(ROOT).as_posix(), node.name, node.end_lineno - node.lineno + 1


def test_no_function_over_80_lines():
    long = [f"{path}:{name} ({n} lines)" for path, name, n in _functions() if n > 80]
    assert long == []


def test_evaluate_is_a_pipeline_of_short_stages():
    from heatnet.scenarios import evaluate as ev

    stages = ("evaluate", "prepare", "price_units", "operate", "revenues", "operator_view", "assemble")
    sizes = {name: n for path, name, n in _functions() if path.endswith("scenarios/evaluate.py")}
    assert all(callable(getattr(ev, s)) for s in stages)
    assert {s: sizes[s] for s in stages if sizes[s] >= 60} == {}


def _imported_modules(*args):
    """Top-level modules a cold ``python -m heatnet ARGS`` imports (python -X importtime)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "heatnet", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize("args", [("--help",), ("run", "scenarios/2016_baseline.yaml", "--json")])
def test_command_line_imports_only_what_it_needs(args):
    heavy = {"openpyxl", "streamlit", "geopandas", "shapely", "pyogrio", "altair", "networkx"}
    assert _imported_modules(*args) & heavy == set()


def test_help_loads_no_scientific_library():
    assert _imported_modules("--help") & {"pandas", "numpy", "scipy", "pydantic", "yaml"} == set()


def test_a_tree_run_loads_no_scipy():
    # the tree's walk and sums run in numpy (heatnet.model.forest): scipy's 0.2 s of imports are for
    # meshes, large networks, storage and the studies
    assert "scipy" not in _imported_modules("run", "scenarios/2016_baseline.yaml", "--json")
