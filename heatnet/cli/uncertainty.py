"""``heatnet uncertainty STUDY.yaml``: Monte Carlo over a scenario's or a timeline's inputs."""

import sys

from heatnet.cli.common import UserError, at_least, dump_json
from heatnet.i18n import format_number, format_value, label, uncertainty_input_text


def _progress_bar(lang):
    """A rich progress bar on stderr; returns (context manager, callback)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    from rich.console import Console

    bar = Progress(TextColumn(label("unc_progress", lang)), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(file=sys.stderr), transient=True)
    task = bar.add_task("chunks", total=None)

    def update(done, total):
        bar.update(task, completed=done, total=total)

    return bar, update


def _check_outputs(args):
    from pathlib import Path

    for path in (args.out, args.excel):
        if path and Path(path).exists() and not args.force:
            raise UserError(f"{path} already exists; not overwritten (use --force)")


def cmd_uncertainty(args):
    """One study: its report (JSON object or text). Several: each in turn, ``--json`` printing
    ``{"studies": [report, ...]}``; ``--out`` and ``--excel`` then need a single study."""
    studies = list(args.study)
    if len(studies) > 1 and (args.out or args.excel):
        raise UserError("--out and --excel take one study file; several were given")
    _check_outputs(args)
    runs = [_run_one(args, study) for study in studies]
    if args.json:
        dump_json(runs[0].to_dict() if len(runs) == 1 else {"studies": [run.to_dict() for run in runs]})
    else:
        for run in runs:
            print_report(run.to_dict(), args.lang, sys.stdout)
    return runs[0] if len(runs) == 1 else runs


def _run_one(args, study):
    from heatnet.io.errors import DataError
    from heatnet.studies.uncertainty import run_study, save_table

    bar, update = _progress_bar(args.lang)
    try:
        with bar:
            run = run_study(study, samples=args.samples, seed=args.seed, scheduler=args.scheduler,
                            workers=args.workers, serial=args.serial, progress=update)
    except DataError:
        raise  # it names its file, line and key already
    except ValueError as exc:
        raise UserError(f"{study}: {exc}") from None
    if args.out:
        save_table(run.table, args.out, force=args.force)
        sys.stderr.write(f"heatnet: {label('unc_written', args.lang).format(path=args.out)}\n")
    if args.excel:
        from heatnet.workbook.uncertainty import write_uncertainty_workbook

        path = write_uncertainty_workbook(run.to_dict(), args.excel, lang=args.lang, force=args.force)
        sys.stderr.write(f"heatnet: workbook written to {path}\n")
    return run


def print_report(report, lang, out):
    out.write(label("unc_title", lang).format(name=report["study"]) + "\n")
    where = label("unc_serial", lang) if report["scheduler"] == "serial" else report["scheduler"]
    out.write(label("unc_samples", lang).format(n=report["samples"], seed=report["seed"],
                                                 elapsed=format_number(report["elapsed_s"], lang, 1), where=where)
              + "\n\n")
    cols = ("p5", "p50", "p95", "mean", "sem")
    heads = {"mean": "unc_mean_short", "sem": "unc_sem_short"}
    width = max(len(label(k, lang)) for k in report["figures"]) + 2
    out.write(f"{label('unc_figure', lang):<{width}}" + "".join(f"{label(heads.get(c, 'unc_' + c), lang):>16}"
                                                                for c in cols) + "\n")
    for key, stats in report["figures"].items():
        out.write(f"{label(key, lang):<{width}}" + "".join(f"{format_value(key, stats[c], lang):>16}" for c in cols)
                  + "\n")
    colon = " : " if lang == "fr" else ": "
    if report.get("events"):
        out.write(f"\n{label('unc_events', lang)}\n")
        for name, event in report["events"].items():
            out.write(f"  {label(name, lang)}{colon}{format_value('p_frac', event['probability'], lang)}\n")
    price = report.get("price_figure")
    if report.get("tornado"):
        out.write("\n" + label("unc_tornado", lang).format(figure=label(price, lang)) + "\n")
        ranked = sorted(report["tornado"].items(), key=lambda kv: -abs(kv[1]["high"] - kv[1]["low"]))
        for name, row in ranked:
            out.write(f"  {uncertainty_input_text(name, lang)}{colon}{format_value(price, row['low'], lang)} .. "
                      f"{format_value(price, row['high'], lang)}\n")
    if report.get("sobol"):
        out.write("\n" + label("unc_sobol", lang).format(figure=label(price, lang)) + "\n")
        for name, idx in report["sobol"].items():
            out.write(f"  {uncertainty_input_text(name, lang)}{colon}S1 {format_number(idx['s1'], lang, 3)}  "
                      f"ST {format_number(idx['st'], lang, 3)}\n")


def register(sub):
    p = sub.add_parser("uncertainty", help="Monte Carlo over a study's uncertain inputs: quantiles, events, "
                                           "tornado, Sobol indices")
    p.add_argument("study", nargs="+", help="study file(s) (YAML), e.g. scenarios/studies/balance_2020_lbe_price.yaml; "
                                            "several: each in turn")
    p.add_argument("--samples", type=at_least(2), help="Latin hypercube samples, 2 or more (default: the study's)")
    p.add_argument("--seed", type=at_least(0), help="seed of the sampling (default: the study's)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler, tcp://HOST:8786 (default: a "
                                                         "LocalCluster on this machine's cores)")
    p.add_argument("--workers", type=at_least(1), help="LocalCluster worker processes (default: the machine's cores)")
    p.add_argument("--serial", action="store_true", help="evaluate in this process, without Dask")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--excel", metavar="PATH", help="also write a workbook of quantiles and indices")
    p.add_argument("--out", metavar="RESULTS.parquet", help="write every sample's inputs and figures (Parquet)")
    p.add_argument("--force", action="store_true", help="replace --out / --excel files that exist")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text output and of the --excel workbook (default fr)")
    p.set_defaults(func=cmd_uncertainty)
