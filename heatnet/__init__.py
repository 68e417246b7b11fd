"""heatnet: techno-economic study of French district heating networks.

The public API, for notebooks and scripts (the command line and the dashboard use the same)::

    import heatnet

    net = heatnet.load_network("data/lens")                       # a network folder, validated
    result = heatnet.run_scenario("scenarios/2020_balance.yaml")   # a scenario and its chain of bases
    result.figures["average_price_eur_per_mwh"]                    # the figures of docs/scenarios.md
    results, table = heatnet.compare(["scenarios/2016_baseline.yaml", "scenarios/2020_balance.yaml"])
    heatnet.write_workbook(results, "etude.xlsx")                  # the consultant's workbook

Names are imported when first used, so ``import heatnet`` stays light (see docs/api.md).
"""

from heatnet._lazy import lazy_names

__version__ = "0.1.0"

# public name -> module that defines it
_API = {
    "DataError": "heatnet.io.errors",
    "Network": "heatnet.io.folder",
    "load_network": "heatnet.io.folder",
    "Scenario": "heatnet.scenarios",
    "ScenarioError": "heatnet.scenarios",
    "ScenarioResult": "heatnet.scenarios",
    "read_scenario": "heatnet.scenarios",
    "save_scenario": "heatnet.scenarios",
    "run_scenario": "heatnet.scenarios",
    "compare": "heatnet.scenarios",
    "concession_view": "heatnet.studies.concession",
    "write_workbook": "heatnet.workbook",
    "read_assumptions": "heatnet.workbook",
    "import_gis": "heatnet.io.gis",
    "export_gis": "heatnet.io.gis",
}

__all__ = ["__version__", *_API]


__getattr__, __dir__ = lazy_names(__name__, globals(), _API)
