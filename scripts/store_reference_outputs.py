"""Write the stored JSON outputs that tests/reference/test_outputs.py compares byte for byte.

    python scripts/store_reference_outputs.py [--root CHECKOUT]

Run it only when a change of figures is intended, and say in the commit which figures move and why.
``--root`` renders the outputs of another checkout (its code must be first on PYTHONPATH), e.g. to
store the outputs of the commit before a refactoring.
"""

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from tests.reference.outputs import STORED, commands, render  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(HERE), help="checkout whose scenarios are run (default: this one)")
    args = parser.parse_args()
    STORED.mkdir(parents=True, exist_ok=True)
    for name, argv in commands(args.root):
        (STORED / name).write_text(render(argv, args.root), encoding="utf-8")
        print(name)


if __name__ == "__main__":
    main()
