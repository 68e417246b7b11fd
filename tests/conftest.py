import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LENS = ROOT / "data" / "lens"
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TINY = FIXTURES / "tiny"


@pytest.fixture
def lens_copy(tmp_path):
    """A writable copy of the Lens network folder."""
    target = tmp_path / "lens"
    shutil.copytree(LENS, target)
    return target


@pytest.fixture
def tiny_copy(tmp_path):
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    return target
