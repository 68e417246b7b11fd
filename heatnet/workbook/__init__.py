"""The Excel workbook: results for a reader who audits them, and an Assumptions sheet that comes back in.

``write_workbook`` (:mod:`heatnet.workbook.writer`) writes the sheets; ``read_assumptions`` and
``import_assumptions`` (:mod:`heatnet.workbook.assumptions`) read an edited Assumptions sheet back.
openpyxl is imported only under this package.
"""

from heatnet.workbook.assumptions import import_assumptions, read_assumptions, relocate
from heatnet.workbook.uncertainty import write_uncertainty_sheet, write_uncertainty_workbook
from heatnet.workbook.writer import SHEETS, build_workbook, write_workbook

__all__ = ["SHEETS", "build_workbook", "import_assumptions", "read_assumptions", "relocate", "write_workbook",
           "write_uncertainty_sheet", "write_uncertainty_workbook"]
