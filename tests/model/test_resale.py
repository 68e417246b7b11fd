"""The interconnection with a neighbour: its demand after the network's, the resale of one plant limited."""

import pytest

from heatnet.scenarios import run_scenario
from tests.conftest import SCENARIOS


def variant(tmp_path, limit):
    text = (SCENARIOS / "lievin_interconnection.yaml").read_text(encoding="utf-8")
    text = text.replace("base: new_hospital.yaml", f"base: {SCENARIOS / 'new_hospital.yaml'}")
    text = text.replace("max_kw: null}", f"max_kw: {limit}}}")
    path = tmp_path / f"lievin_{limit}.yaml"
    path.write_text(text, encoding="utf-8")
    return run_scenario(path)


def test_resale_limit_gives_the_share_of_each_network(tmp_path):
    free = run_scenario(SCENARIOS / "lievin_interconnection.yaml")
    areas = free.figures["renewable_frac_areas"]
    assert set(areas) == {"network", "LIEVIN", "combined"}
    assert areas["combined"] == pytest.approx(free.figures["renewable_frac"])
    assert areas["LIEVIN"] < areas["network"]  # Liévin is served from what Lens leaves
    none = variant(tmp_path, 0)
    limited = none.figures["renewable_frac_areas"]
    assert limited["LIEVIN"] == 0.0  # no LBE heat resold: Liévin burns gas only
    assert limited["network"] == pytest.approx(areas["network"])  # Lens's own supply does not change
    assert none.figures["renewable_frac"] < free.figures["renewable_frac"] - 0.2
    assert none.figures["gas_mwh"] > free.figures["gas_mwh"] and none.figures["unserved_mwh"] == 0
    some = variant(tmp_path, 1500).figures["renewable_frac_areas"]
    assert 0.0 < some["LIEVIN"] < areas["LIEVIN"]
