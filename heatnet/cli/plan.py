"""``heatnet plan``: which candidate buildings to connect and which streets to build, written as a scenario."""

import sys

from heatnet.cli.common import UserError, dump_json, print_table
from heatnet.i18n import format_value, label

PART_KEYS = ("candidates", "dwellings", "subscribed_kw", "heat_mwh", "street_length_m", "kw_per_m", "mwh_per_m",
             "capex_eur", "operator_annual_eur", "npv_eur", "territory_annual_change_eur", "price_change_frac")


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
              "buildings": pc.buildings_report(case, solution).to_dict(orient="records"), "notes": case.notes}
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
    out.write(f"{label('plan_objective', lang)}: {report['objective']} = {report['value']:,.2f} "
              f"({report['status']}, {report['seconds']:.1f} s)\n")
    out.write(f"{label('plan_connected', lang)}: {len(report['selected'])}; "
              f"{label('plan_segments', lang)}: {len(report['segments'])}; "
              f"{label('capex_eur', lang)}: {format_value('capex_eur', report['capex_eur'], lang)}\n")
    for name, fig in report["parts"].items():
        out.write(f"\n{label('plan_part', lang)}: {name}\n")
        print_table([(label(k, lang), format_value(k, fig.get(k), lang)) for k in PART_KEYS], out)
    for row in report["houses"]:
        house = row["per_house"]
        out.write(f"\n{label('plan_houses', lang)} (subvention {row['subsidy_frac']:.0%}, R3 "
                  f"{row['r3_eur_per_kw']:.1f} EUR/kW): NPV {row['houses_increment_npv_eur']:,.0f} EUR; "
                  f"{house['network_ttc_eur']:,.0f} vs {house['alternative_ttc_eur']:,.0f} EUR TTC/an\n")
    for note in report["notes"]:
        out.write(f"- {note}\n")


def register(sub):
    p = sub.add_parser("plan", help="choose the candidate buildings and streets to connect (a mixed-integer program)")
    p.add_argument("base", help="base scenario file (YAML)")
    p.add_argument("candidates", help="candidate buildings (GeoPackage, GeoJSON, Shapefile)")
    p.add_argument("--routes", metavar="STREETS", help="candidate routes: street lines (else tees to the network)")
    p.add_argument("--objective", choices=("npv", "territory_cost", "dwellings"), default="npv")
    p.add_argument("--subsidy", type=float, default=0.0, metavar="FRAC",
                   help="share of the investment subsidised (Fonds Chaleur); its 1.5 MWh/m rule then applies")
    p.add_argument("--budget", type=float, default=None, metavar="EUR", help="investment budget")
    p.add_argument("--max-price-rise", type=float, default=0.0, metavar="FRAC",
                   help="dwellings objective: the average price may rise by at most this share (default 0)")
    p.add_argument("--no-contract-rule", action="store_true", help="drop the contract's kW per metre rule")
    p.add_argument("--r3", type=float, default=0.0, metavar="EUR_PER_KW", help="an R3 on houses (program only)")
    p.add_argument("--price-set", default=None, help="energy prices of the alternatives (data/france/energy_prices.csv)")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="S")
    p.add_argument("--out", metavar="PLAN.yaml", help="write the plan as a scenario file")
    p.add_argument("--force", action="store_true", help="replace an existing --out or --excel file")
    p.add_argument("--excel", metavar="PATH", help="also write an Excel workbook with the plan's sheet")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=("fr", "en"), default="fr")
    p.set_defaults(func=cmd_plan)
