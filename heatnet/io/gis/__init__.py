"""GIS layers in and out: an operator's drawing to a network folder, a network folder back to QGIS.

:func:`import_gis` (:mod:`.importer`) reads the layers (:mod:`.layers`), builds the graph and
finds the drawing's defects (:mod:`.topology`), and returns a :class:`GisImport` with its
report (:mod:`.report`); :func:`write_network_folder` and :func:`export_gis` write (:mod:`.write`).
The rules are in docs/gis.md.
"""

from heatnet.io.gis.importer import import_gis
from heatnet.io.gis.report import CONNECT_TOLERANCE_M, KINDS, TOLERANCE_M, GisImport
from heatnet.io.gis.write import GisExport, export_gis, folder_contents, network_layers, write_network_folder

__all__ = ["CONNECT_TOLERANCE_M", "KINDS", "TOLERANCE_M", "GisExport", "GisImport", "export_gis", "folder_contents",
           "import_gis", "network_layers", "write_network_folder"]
