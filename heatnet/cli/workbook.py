"""``heatnet import-assumptions``: an edited Assumptions sheet back into a scenario file.

openpyxl is imported only when the command runs.
"""

import sys


def cmd_import_assumptions(args):
    from pathlib import Path

    from heatnet.scenarios import scenario_to_yaml
    from heatnet.workbook import import_assumptions, read_assumptions, relocate

    if args.output == "-":
        result, original = read_assumptions(args.workbook, args.scenario)
        result, notes = relocate(result, original, Path.cwd() / "stdout.yaml")
        sys.stdout.write(scenario_to_yaml(result))
    else:
        out, notes = import_assumptions(args.workbook, args.scenario, args.output, args.force)
        sys.stderr.write(f"heatnet: scenario written to {out}\n")
    for note in notes:
        sys.stderr.write(f"heatnet: note: {note}\n")


def register(subparsers):
    p = subparsers.add_parser("import-assumptions", help="turn a workbook's edited Assumptions sheet into a "
                                                         "scenario file")
    p.add_argument("workbook", help="workbook written by --excel (.xlsx)")
    p.add_argument("--scenario", help="scenario name (or file name) when the sheet holds several")
    p.add_argument("-o", "--output", help="scenario file to write (default: the workbook's name with .yaml; "
                                          "'-' prints it, paths relative to the current folder)")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")
    p.set_defaults(func=cmd_import_assumptions)
