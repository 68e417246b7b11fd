"""The ``heatnet`` command line: one module per command group, each importing what it needs when it runs.

    heatnet run SCENARIO.yaml [--json] [--detail] [--lang fr|en] [--excel PATH [--force]]
    heatnet compare S1.yaml S2.yaml ... [--json] [--lang fr|en] [--excel PATH [--force]]
    heatnet concession TIMELINE.yaml [--json] [--lang fr|en] [--excel PATH [--force]]
    heatnet check NETWORK_FOLDER [--json]
    heatnet hydraulics SCENARIO.yaml [--json] [--all] [--lang fr|en]
    heatnet import-gis PIPES [--substations F] [--plants F] [--base FOLDER] --out FOLDER [--json]
    heatnet export-gis FOLDER OUT.gpkg
    heatnet import-assumptions WORKBOOK.xlsx [-o SCENARIO.yaml]
    heatnet uncertainty STUDY.yaml [--samples N] [--seed S] [--scheduler ADDRESS] [--json] [--excel PATH]
                        [--out RESULTS.parquet] [--force]
    heatnet plan BASE.yaml CANDIDATES [--routes STREETS] [--objective npv|territory_cost|dwellings] [--out PLAN.yaml]
                 [--force] [--json]
    heatnet init FOLDER [--force] [--lang fr|en]

A user mistake (bad file, unknown key, missing file) is printed to stderr with exit code 2,
never as a traceback. The command modules import only the standard library at the top:
``heatnet --help`` and ``heatnet run --json`` load neither openpyxl, streamlit nor geopandas.
Pydantic's plugins are not looked for (``PYDANTIC_DISABLE_PLUGINS``, unless set).
"""

import argparse
import gc
import importlib
import os
import sys

from heatnet import __version__
from heatnet.cli.common import UserError
from heatnet.io.errors import DataError

COMMAND_MODULES = ("heatnet.cli.scenarios", "heatnet.cli.check", "heatnet.cli.hydraulics", "heatnet.cli.gis",
                   "heatnet.cli.workbook", "heatnet.cli.uncertainty", "heatnet.cli.plan", "heatnet.cli.init")

# each command and the module that registers it (tests/cli holds this table to the modules' parsers): a
# command line is parsed by its module's commands alone when they parse it (a tenth of the parser's cost)
COMMANDS = {"run": "heatnet.cli.scenarios", "compare": "heatnet.cli.scenarios", "concession": "heatnet.cli.scenarios",
            "check": "heatnet.cli.check", "hydraulics": "heatnet.cli.hydraulics", "import-gis": "heatnet.cli.gis",
            "export-gis": "heatnet.cli.gis", "import-assumptions": "heatnet.cli.workbook",
            "uncertainty": "heatnet.cli.uncertainty", "plan": "heatnet.cli.plan", "init": "heatnet.cli.init"}


def build_parser(modules=COMMAND_MODULES, parser_class=argparse.ArgumentParser):
    parser = parser_class(prog="heatnet", description="Techno-economic study of district heating "
                                                      "networks: R1/R2 tariffs, energy mix, scenarios.")
    parser.add_argument("--version", action="version", version=f"heatnet {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


class _Retry(Exception):
    """The command line needs the parser of every command: an error, a help or the version to print."""


class _OneGroupParser(argparse.ArgumentParser):
    """A parser of one module's commands that prints nothing: what it would print (an error naming the
    commands, a help, the version) is left to the parser of every command, so the words are the same."""

    def _print_message(self, message, file=None):
        raise _Retry

    def exit(self, status=0, message=None):
        raise _Retry

    def error(self, message):
        raise _Retry


def parse_args(argv=None):
    """The arguments of ``argv`` (default: sys.argv), as :func:`build_parser` parses them."""
    argv = sys.argv[1:] if argv is None else list(argv)
    module = COMMANDS.get(argv[0]) if argv else None
    if module is not None:
        try:
            return build_parser((module,), _OneGroupParser).parse_args(argv)
        except _Retry:
            pass
    return build_parser().parse_args(argv)


def main(argv=None):
    # pydantic looks for its plugins among every installed package's entry points when it first
    # validates (20 to 40 ms of a cold command); heatnet uses none. PYDANTIC_DISABLE_PLUGINS set to
    # anything (an empty value: load them) is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = parse_args(argv)
    try:
        args.func(args)
    except (DataError, UserError, FileExistsError, FileNotFoundError) as exc:
        sys.stderr.write(f"heatnet: error: {exc}\n")
        return 2
    except BrokenPipeError:
        return 0
    finally:
        if argv is None:  # the program itself (python -m heatnet, the heatnet script), not a caller in Python
            _before_exit()
    return 0


def _before_exit():
    """What is left of the program is the interpreter's teardown, whose collections would walk every object
    pandas and the command made (0.1 s after pandas): they are frozen, out of the collector's sight. Nothing
    is skipped: files are flushed and closed, exit handlers run; objects are freed as the modules are."""
    gc.freeze()
