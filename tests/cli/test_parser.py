"""A command line is parsed by its own module's commands (heatnet.cli.COMMANDS) exactly as by the parser
of every command: the same arguments, and the same words on an error, a help or the version."""

import argparse
import contextlib
import io

import pytest

from heatnet import cli


def _commands(module):
    parser = cli.build_parser((module,))
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_the_table_names_each_modules_commands():
    table = {command: module for module in cli.COMMAND_MODULES for command in _commands(module)}
    assert cli.COMMANDS == table


def _outcome(parse, argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            return vars(parse(argv)), None, out.getvalue(), err.getvalue()
        except SystemExit as exc:
            return None, exc.code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", [
    ["run", "s.yaml", "--json"], ["run", "s.yaml", "--detail", "--lang", "en", "--excel", "x.xlsx", "--force"],
    ["compare", "a.yaml", "b.yaml", "--json"], ["concession", "t.yaml"], ["check", "data/lens", "--json"],
    ["hydraulics", "s.yaml", "--all"], ["export-gis", "data/lens", "lens.gpkg"],
    ["import-assumptions", "w.xlsx", "-o", "mine.yaml"], ["init", "folder", "--lang", "en"],
    ["plan", "b.yaml", "c.geojson", "--objective", "npv"], ["uncertainty", "u.yaml", "--samples", "10"],
    # what the parser of every command prints
    ["run"], ["run", "s.yaml", "--bogus"], ["run", "s.yaml", "--lang", "de"], ["run", "--help"], ["run", "-h"],
    ["run", "s.yaml", "--he"], ["check"], ["--version"], ["--help"], ["frobnicate"], [],
])
def test_one_module_parses_as_every_command(argv):
    assert _outcome(cli.parse_args, argv) == _outcome(lambda a: cli.build_parser().parse_args(a), argv)


def test_run_builds_its_own_module_alone(monkeypatch):
    built = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda modules=cli.COMMAND_MODULES, parser_class=argparse.ArgumentParser:
                        built.append(tuple(modules)) or real(modules, parser_class))
    cli.parse_args(["run", "s.yaml", "--json"])
    assert built == [("heatnet.cli.scenarios",)]


def test_only_the_program_freezes_its_objects_before_the_teardown(monkeypatch, tmp_path, capsys):
    """``python -m heatnet`` and the heatnet script (main() reading sys.argv) freeze the collector's objects
    as they end; a caller in Python (main(argv)) keeps its collector as it was."""
    frozen = []
    monkeypatch.setattr(cli.gc, "freeze", lambda: frozen.append(True))
    missing = str(tmp_path / "missing.yaml")
    assert cli.main(["run", missing]) == 2 and frozen == []
    monkeypatch.setattr("sys.argv", ["heatnet", "run", missing])
    assert cli.main() == 2 and frozen == [True]
    assert "missing.yaml" in capsys.readouterr().err


def test_every_option_of_every_command_says_what_it_does():
    import argparse

    from heatnet.cli import build_parser

    silent = []
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                silent += [f"{name} {a.option_strings or a.dest}" for a in sub._actions
                           if not a.help and not isinstance(a, argparse._HelpAction)]
    assert not silent, silent


@pytest.mark.parametrize("option, value, expected", [
    ("--subsidy", "35", "expected a share between 0 and 1, found '35' (for 35 % write 0.35)"),
    ("--max-price-rise", "abc", "expected a share between 0 and 1 (0.35 for 35 %), found 'abc'"),
    ("--budget", "-5", "expected a number, 0 or more, found '-5'"),
    ("--time-limit", "0", "expected a number above 0, found '0'"),
    ("--subsidy", "nan", "expected a share between 0 and 1 (0.35 for 35 %), found 'nan'"),
])
def test_plan_options_out_of_range_are_refused(capsys, option, value, expected):
    # --subsidy 35 (meant as 35 %) ran as 3,500 % and planned nothing, saying nothing
    from heatnet.cli import build_parser

    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["plan", "base.yaml", "cands.geojson", option, value])
    assert exit_.value.code == 2
    assert f"argument {option}: {expected}" in capsys.readouterr().err


def test_plan_share_options_read_a_french_decimal_comma():
    from heatnet.cli import build_parser

    args = build_parser().parse_args(["plan", "b.yaml", "c.geojson", "--subsidy", "0,35", "--max-price-rise", "0.05"])
    assert (args.subsidy, args.max_price_rise) == (0.35, 0.05)


@pytest.mark.parametrize("option, value", [("--samples", "0"), ("--samples", "-5"), ("--workers", "0"),
                                           ("--seed", "-1"), ("--samples", "1e3")])
def test_uncertainty_counts_out_of_range_are_refused(capsys, option, value):
    # --samples 0 ended in a ZeroDivisionError traceback, --samples -5 in "negative dimensions are not allowed"
    from heatnet.cli import build_parser

    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["uncertainty", "study.yaml", option, value])
    assert exit_.value.code == 2
    assert f"argument {option}: expected a whole number" in capsys.readouterr().err
