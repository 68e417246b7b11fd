"""Every shipped scenario's JSON is byte-identical to the stored copy.

A refactoring must not move a figure; a change that does regenerates the copies with
scripts/store_reference_outputs.py and says why in its commit.
"""

import pytest

from tests.reference.outputs import STORED, commands, render


@pytest.mark.parametrize("name,args", commands(), ids=[name for name, _ in commands()])
def test_output_is_byte_identical(name, args):
    stored = STORED / name
    assert stored.exists(), f"{stored} missing: run scripts/store_reference_outputs.py"
    assert render(args) == stored.read_text(encoding="utf-8")
