"""``heatnet plan``: which candidate buildings to connect and which streets to build, written as a scenario."""

import sys

from heatnet.cli.common import UserError, dump_json, fraction, non_negative, positive, print_table
from heatnet.i18n import format_number, format_value, label, plan_part_text

PART_KEYS = ("candidates", "dwellings", "subscribed_kw", "heat_mwh", "street_length_m", "kw_per_m", "mwh_per_m",
             "capex_eur", "operator_annual_eur", "npv_eur", "territory_annual_change_eur", "price_change_frac")


# the unit of each objective's value, as format_value reads it
OBJECTIVE_UNITS = {"npv": "npv_eur", "territory_cost": "x_eur", "dwellings": "dwellings"}


def run_plan(args):
    """Build the program, solve it, explain it; returns (case, solution, report dict)."""
    from heatnet.io.candidates import read_candidates, read_streets
    from heatnet.studies import plan_case as pc
    from heatnet.studies import planning as pl

    candidates = read_candidates(args.candidates)
    streets = nodes = None
    if args.routes:
        streets, nodes = read_streets(args.routes)
    options = pc.PlanOptions(objective=args.objective, subsidy_frac=args.subsidy, budget_eur=args.budget,
                             max_price_rise_frac=args.max_price_rise, contract_rule=not args.no_contract_rule,
                             r3_eur_per_kw=args.r3, price_set=args.price_set, time_limit_s=args.time_limit)
    try:
        case = pc.build_case(args.base, candidates, streets, nodes, options)
        solution = pl.solve(case.problem, args.objective, time_limit_s=args.time_limit)
    except pl.PlanError as exc:
        raise UserError(str(exc)) from None
    report = {"objective": solution.objective, "value": solution.value, "status": solution.status,
              "mip_gap": solution.mip_gap, "seconds": solution.seconds, "capex_eur": solution.capex_eur,
              "selected": solution.selected, "segments": solution.segments.to_dict(orient="records"),
              "attachments_spare_kw": case.problem.roots, "plant_spare_kw": case.problem.limits.plant_spare_kw,
              "rules": {"min_kw_per_m": case.problem.limits.min_kw_per_m,
                        "min_mwh_per_m": case.problem.limits.min_mwh_per_m, "budget_eur": args.budget},
              "parts": pc.parts_report(case), "houses": pc.houses_answer(case),
              "buildings": pc.buildings_report(case, solution).to_dict(orient="records"), "notes": case.notes,
              "npv_years": case.npv_years, "discount_rate_frac": case.discount_rate_frac}
    return case, solution, report


def cmd_plan(args):
    from heatnet.io.write import check_target

    for target in (args.out, getattr(args, "excel", None)):  # refused before the program runs
        if target:
            check_target(target, args.force)
    case, solution, report = run_plan(args)
    if args.out:
        from heatnet.studies import plan_case as pc

        report["plan_file"] = str(pc.write_plan(case, solution, args.out, force=args.force))
        sys.stderr.write(f"heatnet: plan written to {report['plan_file']}\n")
    if args.excel:
        _write_excel(args, case, report)
    if args.json:
        dump_json(report)
    else:
        _print(report, args.lang, sys.stdout)
    return report


def _write_excel(args, case, report):
    """The workbook of the base (and of the written plan, re-run) with the plan's sheet."""
    from heatnet.scenarios import run_scenario
    from heatnet.workbook import write_workbook

    results = [case.base] + ([run_scenario(report["plan_file"])] if report.get("plan_file") else [])
    path = write_workbook(results, args.excel, lang=args.lang, plans=[report], overwrite=args.force)
    sys.stderr.write(f"heatnet: workbook written to {path}\n")


def _print(report, lang, out):
    """The plan in the user's language: its objective, what it builds, each part of the district alone, the
    houses' doubt, the NPV's horizon."""
    objective = report["objective"]
    out.write(label("plan_objective_line", lang).format(
        objective=label(f"plan_objective_{objective}", lang),
        value=format_value(OBJECTIVE_UNITS[objective], report["value"], lang),
        status=label(f"plan_status_{report['status']}".replace(" ", "_"), lang) if report["status"] in
        ("optimal", "time limit") else report["status"], seconds=format_number(report["seconds"], lang, 1)) + "\n")
    colon = " : " if lang == "fr" else ": "
    out.write((" ; " if lang == "fr" else "; ").join(
        (f"{label('plan_connected', lang)}{colon}{len(report['selected'])}",
         f"{label('plan_segments', lang)}{colon}{len(report['segments'])}",
         f"{label('capex_eur', lang)}{colon}{format_value('capex_eur', report['capex_eur'], lang)}")) + "\n")
    for name, fig in report["parts"].items():
        out.write(f"\n{label('plan_part', lang)}{colon}{plan_part_text(name, lang)}\n")
        print_table([(label(k, lang), format_value(k, fig.get(k), lang)) for k in PART_KEYS], out)
    for row in report["houses"]:
        house = row["per_house"]
        out.write("\n" + label("plan_houses_line", lang).format(
            subsidy=format_value("subsidy_frac", row["subsidy_frac"], lang),
            r3=format_value("r3_eur_per_kw", row["r3_eur_per_kw"], lang),
            npv=format_value("x_eur", row["houses_increment_npv_eur"], lang),
            network=format_value("x_eur", house["network_ttc_eur"], lang),
            alternative=format_value("x_eur", house["alternative_ttc_eur"], lang),
            mode=label(f"mode_{house['alternative']}", lang)) + "\n")
    if report.get("npv_years") is not None:
        out.write("\n" + label("plan_npv_note", lang).format(
            years=report["npv_years"], rate=format_value("discount_rate_frac", report["discount_rate_frac"], lang))
            + "\n")


def register(sub):
    p = sub.add_parser("plan", help="choose the candidate buildings and streets to connect (a mixed-integer program)")
    p.add_argument("base", help="base scenario file (YAML)")
    p.add_argument("candidates", help="candidate buildings (GeoPackage, GeoJSON, Shapefile)")
    p.add_argument("--routes", metavar="STREETS", help="candidate routes: street lines (else tees to the network)")
    p.add_argument("--objective", choices=("npv", "territory_cost", "dwellings"), default="npv",
                   help="npv: the operator's present value (default); territory_cost: the territory's annual heating "
                        "cost; dwellings: the most dwellings within --max-price-rise")
    p.add_argument("--subsidy", type=fraction, default=0.0, metavar="FRAC",
                   help="share of the investment subsidised (Fonds Chaleur); its 1.5 MWh/m rule then applies")
    p.add_argument("--budget", type=non_negative, default=None, metavar="EUR", help="investment budget")
    p.add_argument("--max-price-rise", type=fraction, default=0.0, metavar="FRAC",
                   help="dwellings objective: the average price may rise by at most this share (default 0)")
    p.add_argument("--no-contract-rule", action="store_true", help="drop the contract's kW per metre rule")
    p.add_argument("--r3", type=non_negative, default=0.0, metavar="EUR_PER_KW", help="an R3 on houses (program only)")
    p.add_argument("--price-set", default=None, help="energy prices of the alternatives (data/france/energy_prices.csv)")
    p.add_argument("--time-limit", type=positive, default=60.0, metavar="S",
                   help="the solver's time limit in seconds (default 60); the plan found by then is kept")
    p.add_argument("--out", metavar="PLAN.yaml", help="write the plan as a scenario file")
    p.add_argument("--force", action="store_true", help="replace an existing --out or --excel file")
    p.add_argument("--excel", metavar="PATH", help="also write an Excel workbook with the plan's sheet")
    p.add_argument("--json", action="store_true", help="print one JSON object: the plan, its parts, every building")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text output and of the --excel workbook (default fr)")
    p.set_defaults(func=cmd_plan)
