"""``heatnet run``, ``compare`` and ``concession``: scenarios and timelines."""

import sys

from heatnet.cli.common import dump_json, print_table
from heatnet.i18n import format_value, label

SUMMARY_KEYS = (
    "year", "substations", "subscribed_kw", "heat_sold_mwh", "network_length_m", "r1_eur_per_mwh", "r2_eur_per_kw",
    "r1_revenue_eur", "r2_revenue_eur", "average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh",
    "average_price_hold_total_eur_per_mwh", "average_price_hold_unit_eur_per_mwh", "delta_price_frac",
    "renewable_frac", "co2_t", "co2_g_per_kwh", "heat_loss_mwh", "network_efficiency_frac", "pump_electricity_mwh",
    "pump_head_bar", "max_pipe_load_frac", "linear_density_mwh_per_m", "linear_density_kw_per_m",
    "operator_result_eur", "r1_margin_eur", "r2_margin_eur",
)


def _print_result(result, lang, out):
    fig = result.figures
    out.write(f"{fig['scenario']}  ({result.path.name})\n")
    basis = label(fig["price_basis"], lang)
    policy = label(fig["r2_policy"], lang)
    out.write(("Base de prix : " if lang == "fr" else "Price basis: ") + f"{basis}; R2 : {policy}\n\n")
    print_table([(label(k, lang), format_value(k, fig.get(k), lang)) for k in SUMMARY_KEYS if k in fig], out)
    if result.bridge:
        out.write(f"\n{label('bridge', lang)}\n")
        print_table([(step["label"], format_value("x_eur_per_mwh", step["price_eur_per_mwh"], lang) + "  ("
                      + ("+" if step["delta_eur_per_mwh"] >= 0 else "") +
                      format_value("x_eur_per_mwh", step["delta_eur_per_mwh"], lang) + ")")
                     for step in result.bridge], out)
    for ext in result.extensions:
        out.write(f"\n{label('extensions', lang)}: {ext['name']}\n")
        print_table([(label(k, lang), format_value(k, ext.get(k), lang)) for k in
                     ("length_m", "subscribed_kw", "heat_mwh", "kw_per_m", "mwh_per_m", "capex_eur", "annuity_eur")],
                    out)
    if result.gaps:
        out.write(f"\n{label('gaps', lang)}\n")
        for gap in result.gaps:
            out.write(f"- {gap['what']}\n")


def _write_excel(args, results):
    """The workbook of ``--excel PATH`` (heatnet.workbook), with the concession view of ``--concession``."""
    if getattr(args, "excel", None):
        from heatnet.workbook import write_workbook

        path = write_workbook(results, args.excel, lang=args.lang, concession=args.concession,
                              overwrite=args.force)
        sys.stderr.write(f"heatnet: workbook written to {path}\n")


def _check_excel_target(args):
    """Refuse an --excel target that cannot be written before the scenarios run (minutes for a large compare)."""
    if getattr(args, "excel", None):
        from heatnet.io.write import check_target

        check_target(args.excel, args.force)


def cmd_run(args):
    from heatnet.scenarios import run_scenario

    _check_excel_target(args)
    result = run_scenario(args.scenario)
    _write_excel(args, [result])
    if args.json:
        dump_json(result.to_dict(detail=args.detail))
    else:
        _print_result(result, args.lang, sys.stdout)
    return result


def cmd_compare(args):
    from heatnet.scenarios import compare

    _check_excel_target(args)
    results, table = compare(args.scenarios)
    _write_excel(args, results)
    if args.json:
        payload = {"scenarios": [r.to_dict() for r in results],
                   "table": {name: {k: v for k, v in col.items()} for name, col in table.to_dict().items()}}
        dump_json(payload)
        return results
    names = list(table.columns)
    width = max(len(label(k, args.lang)) for k in table.index) + 2
    col = max(14, *(len(n) + 2 for n in names))
    sys.stdout.write(" " * width + "".join(f"{n:>{col}}" for n in names) + "\n")
    for key, row in table.iterrows():
        sys.stdout.write(f"{label(key, args.lang):<{width}}" +
                         "".join(f"{format_value(key, row[n], args.lang):>{col}}" for n in names) + "\n")
    return results


def cmd_concession(args):
    from heatnet.studies.concession import concession_view

    frame, _ = concession_view(args.timeline)
    if args.json:
        dump_json({"timeline": frame.attrs.get("timeline"), "cep_assumption": frame.attrs.get("cep_assumption"),
                   "years": frame.to_dict(orient="records")})
        return frame
    keys = ("heat_sold_mwh", "subscribed_kw", "r1_margin_eur", "r2_margin_eur", "operator_result_eur",
            "cep_operating_result_eur", "gap_to_cep_eur")
    keys = [k for k in keys if k in frame]
    sys.stdout.write(f"{frame.attrs.get('timeline')}\n")
    if frame.attrs.get("cep_assumption"):
        sys.stdout.write(f"({frame.attrs['cep_assumption']})\n")
    header = ["year", "scenario"] + [label(k, args.lang) for k in keys]
    sys.stdout.write(" | ".join(header) + "\n")
    for row in frame.to_dict(orient="records"):
        sys.stdout.write(" | ".join([str(row["year"]), row["scenario"]] +
                                    [format_value(k, row[k], args.lang) for k in keys]) + "\n")
    return frame


def _excel_options(p):
    p.add_argument("--excel", metavar="PATH", help="also write an Excel workbook (.xlsx) in the --lang language")
    p.add_argument("--concession", metavar="TIMELINE", help="with --excel: add the concession view of this "
                                                           "timeline file to the Accounts sheet")
    p.add_argument("--force", action="store_true", help="with --excel: replace the workbook if it exists")


def register(sub):
    p = sub.add_parser("run", help="run one scenario and print its figures")
    p.add_argument("scenario", help="scenario file (YAML)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--detail", action="store_true", help="with --json: add the substations' bills and shares")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text output (default fr)")
    _excel_options(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("compare", help="run several scenarios and print them side by side")
    p.add_argument("scenarios", nargs="+", help="scenario files (YAML); the first is the reference")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=("fr", "en"), default="fr")
    _excel_options(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("concession", help="the DSP's yearly operating result to its end, against the CEP")
    p.add_argument("timeline", help="timeline file (YAML): which scenario from which year")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=("fr", "en"), default="fr")
    p.set_defaults(func=cmd_concession)
