"""The command line's JSON for every shipped scenario, as text with the checkout's folder replaced by ``<root>``.

``tests/reference/test_outputs.py`` compares these against the copies stored in
``tests/reference/outputs/``; ``scripts/store_reference_outputs.py`` writes the copies, and is run
only when a change of figures is intended (its commit says which figures move and why).
"""

import contextlib
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STORED = Path(__file__).resolve().parent / "outputs"


def shipped_scenarios(root=ROOT):
    """Every scenario file under ``scenarios/`` (timelines and studies are not scenarios)."""
    folder = Path(root) / "scenarios"
    return sorted(p for p in folder.rglob("*.yaml") if p.parent.name not in ("timelines", "studies"))


def commands(root=ROOT):
    """(output file name, command-line arguments) for each stored output."""
    out = []
    for path in shipped_scenarios(root):
        stem = path.relative_to(Path(root) / "scenarios").with_suffix("").as_posix().replace("/", "__")
        out.append((f"run__{stem}.json", ["run", str(path), "--json", "--detail"]))
        out.append((f"hydraulics__{stem}.json", ["hydraulics", str(path), "--json"]))
    return out


def render(args, root=ROOT):
    """The command's standard output, the checkout's folder written ``<root>``."""
    from heatnet.cli import main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(args)
    if code != 0:
        raise RuntimeError(f"heatnet {' '.join(args)} exited with {code}")
    return buffer.getvalue().replace(str(Path(root).resolve()), "<root>")
