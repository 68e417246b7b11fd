"""Uncertainty studies: declared distributions on a scenario's inputs, Latin hypercube samples,
quantiles, event probabilities, tornado and Sobol indices, evaluated serially or on Dask.

``run_study(path)`` runs a study file (heatnet.studies.uncertainty.study); the registry of inputs
and figures is heatnet.studies.uncertainty.registry.
"""

from heatnet.studies.uncertainty.run import StudyRun, run_study, save_table
from heatnet.studies.uncertainty.study import Study, StudyError, read_study

__all__ = ["Study", "StudyError", "StudyRun", "read_study", "run_study", "save_table"]
