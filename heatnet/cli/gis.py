"""``heatnet import-gis`` and ``export-gis``: GIS layers to a network folder and back.

geopandas is imported only when one of these commands runs.
"""

import sys

from heatnet.cli.common import dump_json, non_negative, positive
from heatnet.io.errors import DataError

# Defaults shown in --help; heatnet.io.gis holds the same values (a test keeps them equal).
TOLERANCE_M = 1.0
CONNECT_TOLERANCE_M = 5.0


def _column_option(text):
    if "=" not in text:
        raise DataError("--column", f"expected FIELD=COLUMN (e.g. dn_mm=DIAMETRE), found {text!r}")
    key, _, value = text.partition("=")
    return key.strip(), value.strip()


def cmd_import_gis(args):
    from heatnet.io.folder import load_network
    from heatnet.io.gis import import_gis, write_network_folder

    result = import_gis(args.pipes, args.substations, args.plants, tolerance_m=args.tolerance_m,
                        connect_tolerance_m=args.connect_tolerance_m, crs=args.crs, layer=args.layer,
                        substations_layer=args.substations_layer, plants_layer=args.plants_layer,
                        columns=dict(_column_option(c) for c in args.column), lengths=args.lengths,
                        split_tees=not args.no_split, plant_node=args.plant_node, base=args.base)
    check = None
    if args.out:
        written = write_network_folder(result, args.out, overwrite=args.force)
        sys.stderr.write(f"heatnet: {len(written)} files written to {args.out}\n")
        if args.base:
            try:
                load_network(args.out)
                check = "valid"
            except DataError as exc:
                check = str(exc)
            sys.stderr.write(f"heatnet: check of {args.out}: {check}\n")
        else:
            sys.stderr.write("heatnet: note: without --base the folder holds the nodes and pipes tables; add "
                             "network.yaml and the other tables (docs/network-format.md) or give --base\n")
    if args.json:
        payload = result.to_json()
        payload["check"] = check
        dump_json(payload)
    else:
        sys.stdout.write(result.report_text())
    if not result.clean or check not in (None, "valid"):
        raise SystemExit(1)
    return result


def cmd_export_gis(args):
    from heatnet.io.gis import export_gis

    export = export_gis(args.folder, args.output, overwrite=args.force)
    layers = ", ".join(f"{k} {v}" for k, v in export.layers.items())
    sys.stdout.write(f"{', '.join(map(str, export.files))}: {layers} (EPSG:2154)\n")
    for note in export.skipped:
        sys.stderr.write(f"heatnet: skipped {note}\n")
    return export


def register(subparsers):
    p = subparsers.add_parser("import-gis", help="read pipes and substations from GIS layers into a network folder; "
                                                 "report the drawing's defects")
    p.add_argument("pipes", help="pipes layer (GeoJSON, GeoPackage, Shapefile; lines, any CRS)")
    p.add_argument("--substations", help="substations layer (points); default: the pipes GeoPackage's "
                                         "'substations' layer")
    p.add_argument("--plants", help="plants layer (points); default: the pipes GeoPackage's 'plants' layer")
    p.add_argument("--layer", help="layer of the pipes in a multi-layer file")
    p.add_argument("--substations-layer", help="layer of the substations in a multi-layer file")
    p.add_argument("--plants-layer", help="layer of the plants in a multi-layer file")
    p.add_argument("--tolerance-m", type=positive, default=TOLERANCE_M,
                   help=f"line ends closer than this are one node (default {TOLERANCE_M:g})")
    p.add_argument("--connect-tolerance-m", type=non_negative, default=CONNECT_TOLERANCE_M,
                   help=f"a point this close to a free pipe end is connected to it (default {CONNECT_TOLERANCE_M:g})")
    p.add_argument("--crs", help="CRS of layers that declare none, e.g. EPSG:2154")
    p.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                   help="layer column of a field, e.g. dn_mm=DIAMETRE or substations.id=NUM (repeatable)")
    p.add_argument("--lengths", choices=("geometry", "attribute"), default="geometry",
                   help="pipe lengths measured in Lambert-93 (default) or the layer's length column where given")
    p.add_argument("--no-split", action="store_true", help="do not cut a pipe where another pipe ends on it")
    p.add_argument("--plant-node", help="node id or plant id of the main plant (default: the first plant point)")
    p.add_argument("--base", metavar="FOLDER", help="network folder giving network.yaml and the other tables")
    p.add_argument("--out", metavar="FOLDER", help="write the network folder here")
    p.add_argument("--force", action="store_true", help="replace the files of an existing output folder")
    p.add_argument("--json", action="store_true", help="print the summary and the report as JSON")
    p.set_defaults(func=cmd_import_gis)

    p = subparsers.add_parser("export-gis", help="write a network folder to a GeoPackage / GeoJSON in Lambert-93")
    p.add_argument("folder", help="network folder")
    p.add_argument("output", help="OUT.gpkg (one file, four layers) or OUT.geojson (one file per layer)")
    p.add_argument("--force", action="store_true", help="replace existing output files")
    p.set_defaults(func=cmd_export_gis)
