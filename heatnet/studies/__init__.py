"""Many years or many scenarios at once: the concession year by year, its variance analysis and
review clauses."""

from heatnet.studies.concession import ConcessionResult, Timeline, concession_study, read_timeline
from heatnet.studies.variance import EFFECTS, variance

__all__ = ["ConcessionResult", "EFFECTS", "Timeline", "concession_study", "read_timeline", "variance"]
