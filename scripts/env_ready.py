"""Exit 0 when this Python already has what a requirements file asks for, and heatnet installed; 1 otherwise.

    python scripts/env_ready.py requirements.txt

scripts/setup.sh calls it before pip, so an installed checkout starts without a package index
(``PIP_NO_INDEX=1 bash scripts/dashboard.sh``). Standard library only, plus ``packaging`` (pip's own
copy when the package is absent) to compare versions. Prints what is missing or out of date.
"""

import importlib.metadata as md
import sys
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # pragma: no cover - pip vendors it
    from pip._vendor.packaging.requirements import Requirement


def requirement_lines(path, seen=None):
    """The requirement strings of a requirements file, following ``-r other.txt``."""
    path = Path(path)
    seen = seen if seen is not None else set()
    if path.resolve() in seen:
        return []
    seen.add(path.resolve())
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith(("-r ", "--requirement ")):
            lines += requirement_lines(path.parent / line.split(None, 1)[1], seen)
        elif not line.startswith("-"):
            lines.append(line)
    return lines


def missing(path):
    """Requirements of ``path`` not met by the installed distributions, as readable lines."""
    out = []
    for line in requirement_lines(path) + ["heatnet"]:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate():
            continue
        try:
            version = md.version(req.name)
        except md.PackageNotFoundError:
            out.append(f"{req.name}: not installed")
            continue
        if req.specifier and not req.specifier.contains(version, prereleases=True):
            out.append(f"{req.name}: {version} installed, {req.specifier} wanted")
    return out


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    gaps = missing(argv[0] if argv else "requirements.txt")
    for gap in gaps:
        print(gap)
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
