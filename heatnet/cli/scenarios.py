"""``heatnet run``, ``compare`` and ``concession``: scenarios and timelines."""

import sys

from heatnet.cli.common import colon, dump_json, print_table
from heatnet.i18n import (bridge_step_text, clause_text, concession_assumption_text, format_change, format_value,
                          gap_text, label, warning_text, year_basis, year_basis_text)

SUMMARY_KEYS = (
    "year", "substations", "subscribed_kw", "heat_sold_mwh", "network_length_m", "r1_eur_per_mwh", "r2_eur_per_kw",
    "r1_revenue_eur", "r2_revenue_eur", "average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh",
    "average_price_hold_total_eur_per_mwh", "average_price_hold_unit_eur_per_mwh", "delta_price_frac",
    "renewable_frac", "co2_t", "co2_g_per_kwh", "heat_loss_mwh", "network_efficiency_frac", "pump_electricity_mwh",
    "pump_head_bar", "max_pipe_load_frac", "linear_density_mwh_per_m", "linear_density_kw_per_m",
    "operator_result_eur", "r1_margin_eur", "r2_margin_eur",
)

# a tank's figures (operation.storage), shown after the summary
STORAGE_KEYS = ("capacity_mwh", "power_kw", "draws", "renewable_frac_without", "renewable_frac_with", "charged_mwh",
                "discharged_mwh", "lost_mwh")


# changes against another scenario, shown with their sign
CHANGE_KEYS = ("delta_price_frac", "delta_price_vs_first_frac")


def _format(key, value, lang):
    return (format_change if key in CHANGE_KEYS else format_value)(key, value, lang)


def _print_result(result, lang, out):
    fig = result.figures
    out.write(f"{fig['scenario']}  ({result.path.name})\n")
    basis = label(fig["price_basis"], lang)
    policy = label(fig["r2_policy"], lang)
    out.write(("Base de prix : " if lang == "fr" else "Price basis: ") + f"{basis}; R2{colon(lang)}{policy}\n\n")
    print_table([(label(k, lang), _format(k, fig.get(k), lang)) for k in SUMMARY_KEYS if k in fig], out)
    if fig.get("storage"):
        out.write(f"\n{label('storage', lang)}\n")
        print_table([(label("storage_" + k, lang), format_value("renewable_frac" if k.startswith("renewable") else k,
                                                               fig["storage"][k], lang)) for k in STORAGE_KEYS], out)
    if result.bridge:
        out.write(f"\n{label('bridge', lang)}\n")
        print_table([(bridge_step_text(step, lang), format_value("x_eur_per_mwh", step["price_eur_per_mwh"], lang)
                      + "  (" + format_change("x_eur_per_mwh", step["delta_eur_per_mwh"], lang) + ")")
                     for step in result.bridge], out)
    for ext in result.extensions:
        out.write(f"\n{label('extensions', lang)}{colon(lang)}{ext['name']}\n")
        print_table([(label(k, lang), format_value(k, ext.get(k), lang)) for k in
                     ("length_m", "subscribed_kw", "heat_mwh", "kw_per_m", "mwh_per_m", "capex_eur", "annuity_eur")],
                    out)
    if result.warnings:
        out.write(f"\n{label('warnings', lang)}\n")
        for warning in result.warnings:
            out.write(f"- [{label('warning_' + warning['severity'], lang)}] {warning_text(warning, lang)}\n")
    if result.gaps:
        out.write(f"\n{label('gaps', lang)}\n")
        for gap in result.gaps:
            out.write(f"- {gap_text(gap, lang)}\n")


def _write_excel(args, results):
    """The workbook of ``--excel PATH`` (heatnet.workbook), with the concession view of ``--concession``."""
    if getattr(args, "excel", None):
        from heatnet.workbook import write_workbook

        path = write_workbook(results, args.excel, lang=args.lang, concession=args.concession,
                              overwrite=args.force)
        sys.stderr.write(f"heatnet: workbook written to {path}\n")


def _with_cost_per_dwelling(result, payload, detail=False):
    """The run's JSON with its ``cost_per_dwelling`` block (heatnet.studies.dwelling_cost): the comparator
    reads the scenario's R1, R2, EnR&R share and CO2, and the French defaults of the alternatives, which
    are a study's inputs, not the scenario's; the scenarios layer may not import studies, so the command
    line attaches it."""
    from heatnet.studies.dwelling_cost import cost_per_dwelling, substation_costs

    payload["cost_per_dwelling"] = cost_per_dwelling(result.figures)
    if detail:
        payload["cost_per_dwelling"]["substations"] = substation_costs(result.bills, result.figures)
    return payload


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
        dump_json(_with_cost_per_dwelling(result, result.to_dict(detail=args.detail), args.detail))
    else:
        _print_result(result, args.lang, sys.stdout)
    return result


def cmd_compare(args):
    from heatnet.scenarios import compare

    _check_excel_target(args)
    results, table = compare(args.scenarios)
    _write_excel(args, results)
    same = len({year_basis(r.figures) for r in results}) == 1
    if args.json:
        payload = {"scenarios": [_with_cost_per_dwelling(r, r.to_dict()) for r in results],
                   "table": {name: {k: v for k, v in col.items()} for name, col in table.to_dict().items()},
                   "same_conditions": same}
        dump_json(payload)
        return results
    names = list(table.columns)
    width = max(len(label(k, args.lang)) for k in table.index) + 2
    col = max(14, *(len(n) + 2 for n in names))
    sys.stdout.write(" " * width + "".join(f"{n:>{col}}" for n in names) + "\n")
    for key, row in table.iterrows():
        sys.stdout.write(f"{label(key, args.lang):<{width}}" +
                         "".join(f"{_format(key, row[n], args.lang):>{col}}" for n in names) + "\n")
    _print_bases(results, names, same, args.lang, sys.stdout)
    return results


def _print_bases(results, names, same, lang, out):
    """What year each column is (its climate, its plants' stops), and a caution when they differ: a column of
    an actual year with its dated stops beside one of drawn stops is not the measures' effect alone."""
    colon = " : " if lang == "fr" else ": "
    out.write(f"\n{label('ui_compare_bases', lang)}\n")
    for name, result in zip(names, results):
        out.write(f"- {name}{colon}{year_basis_text(result.figures, lang)}\n")
    if not same:
        out.write(label("compare_bases_differ", lang) + "\n")


CONCESSION_KEYS = ("heat_sold_mwh", "subscribed_kw", "r1_eur_per_mwh", "r2_eur_per_kw", "r1_margin_eur",
                   "r2_margin_eur", "operating_result_eur", "cep_operating_result_eur", "cumulative_result_eur",
                   "average_price_eur_per_mwh", "renewable_frac")


def cmd_concession(args):

    from heatnet.studies.concession import concession_study

    _check_excel_target(args)
    study = concession_study(args.timeline)
    if args.excel:
        from heatnet.workbook import write_workbook

        results = list({id(r): r for r in study.results.values()}.values())
        path = write_workbook(results, args.excel, lang=args.lang, concession=study, overwrite=args.force)
        sys.stderr.write(f"heatnet: workbook written to {path}\n")
    if args.json:
        dump_json(study.to_dict())
        return study
    _print_concession(study, args.lang, sys.stdout)
    return study


def _print_concession(study, lang, out):
    """The yearly table, the totals, the triggers and each variance as a text waterfall."""
    out.write(f"{study.timeline.name}\n\n")
    header = [label("year", lang), label("scenario", lang)] + [label(k, lang) for k in CONCESSION_KEYS]
    rows = []
    for y in study.years:
        partial = f" ({label('partial_year', lang)})" if y["year_frac_r2"] < 1 else ""
        rows.append([f"{y['year']}{partial}", f"{y['scenario']} [{label('kind_' + y['kind'], lang)}]"]
                    + [format_value(k, y.get(k), lang) for k in CONCESSION_KEYS])
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for r in [header] + rows:
        out.write("  ".join(str(c).rjust(w) if i > 1 else str(c).ljust(w) for i, (c, w) in
                            enumerate(zip(r, widths))).rstrip() + "\n")
    out.write(f"\n{label('concession_totals', lang)}\n")
    print_table([(label(k, lang), format_value(k, study.totals[k], lang))
                 for k in ("cumulative_result_eur", "npv_eur", "discount_rate_frac", "royalty_eur")], out)
    if study.assumptions:
        out.write(f"\n{label('concession_assumptions', lang)}\n")
        for assumption in study.assumptions:
            out.write(f"- {concession_assumption_text(assumption, lang)}\n")
    triggered = _runs([(y["year"], (" ; " if lang == "fr" else "; ").join(clause_text(t, lang) for t in y["triggers"])) for y in study.years])
    if triggered:
        out.write(f"\n{label('triggers', lang)}\n")
        print_table(triggered, out)
    for pair in study.variance:
        out.write("\n" + label("concession_variance", lang).format(a=pair["from"], b=pair["to"]) + "\n")
        out.write(label("concession_method", lang) + "\n")
        scale = max(abs(e["eur"]) for e in pair["effects"]) or 1.0
        lines = [(label(e["effect"], lang), format_value("x_eur", e["eur"], lang).rjust(12) + "  "
                  + ("+" if e["eur"] >= 0 else "-") * max(1, round(20 * abs(e["eur"]) / scale)))
                 for e in pair["effects"]]
        lines.append((label("gap_eur", lang), format_value("x_eur", pair["gap_eur"], lang).rjust(12)))
        print_table(lines, out)


def _runs(years):
    """Consecutive years with the same clauses as one line ("2021-2033"); years without any left out."""
    out = []
    for year, clauses in years:
        if out and out[-1][2] == clauses and out[-1][1] == year - 1:
            out[-1][1] = year
        else:
            out.append([year, year, clauses])
    return [(str(a) if a == b else f"{a}-{b}", c) for a, b, c in out if c]


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
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text output and of the --excel workbook (default fr)")
    _excel_options(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("compare", help="run several scenarios and print them side by side")
    p.add_argument("scenarios", nargs="+", help="scenario files (YAML); the first is the reference")
    p.add_argument("--json", action="store_true", help="print one JSON object: each scenario, the table, "
                                                       "same_conditions")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text output and of the --excel workbook (default fr)")
    _excel_options(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("concession", help="the DSP year by year to its end: result, CEP, NPV, triggers, variance")
    p.add_argument("timeline", help="timeline file (YAML): which scenario from which year")
    p.add_argument("--json", action="store_true", help="print one JSON object: years, totals, variance")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text output and of the --excel workbook (default fr)")
    p.add_argument("--excel", metavar="PATH", help="also write the workbook (.xlsx) with the concession on the "
                                                   "Accounts sheet")
    p.add_argument("--force", action="store_true", help="with --excel: replace the file if it exists")
    p.set_defaults(func=cmd_concession)
