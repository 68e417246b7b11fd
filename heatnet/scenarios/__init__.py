"""Scenarios: files and their chains of bases, measures, the evaluation of one scenario, comparison.

The public names are re-exported here: ``from heatnet.scenarios import run_scenario, compare``.
"""

from heatnet.scenarios.compare import COMPARE_ROWS, compare
from heatnet.scenarios.files import (Scenario, ScenarioError, ScenarioReads, TariffPolicy, read_scenario,
                                     resolve_chain, save_scenario, scenario_to_yaml)
from heatnet.scenarios.result import ScenarioResult
from heatnet.scenarios.run import clear_cache, run_scenario
from heatnet.scenarios.state import apply_measures, initial_state

__all__ = ["COMPARE_ROWS", "Scenario", "ScenarioError", "ScenarioReads", "ScenarioResult", "TariffPolicy", "apply_measures", "clear_cache",
           "compare", "initial_state", "read_scenario", "resolve_chain", "run_scenario", "save_scenario",
           "scenario_to_yaml"]
