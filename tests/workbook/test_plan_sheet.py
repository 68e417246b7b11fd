"""The workbook's Plan sheet: one per plan report, its parts, the houses' doubt and every building."""

from pathlib import Path

from openpyxl import load_workbook

from heatnet.cli.plan import run_plan
from heatnet.cli import build_parser
from heatnet.i18n import label
from heatnet.workbook import write_workbook

ROOT = Path(__file__).resolve().parents[2]


def test_plan_sheet_holds_the_parts_the_houses_and_each_building(tmp_path):
    args = build_parser().parse_args([
        "plan", str(ROOT / "scenarios" / "2020_balance.yaml"),
        str(ROOT / "scenarios" / "data" / "candidates_12_14.geojson"),
        "--routes", str(ROOT / "scenarios" / "data" / "streets_12_14.geojson"), "--no-contract-rule",
        "--objective", "dwellings", "--max-price-rise", "0.02"])
    case, solution, report = run_plan(args)
    path = write_workbook([case.base], tmp_path / "plan.xlsx", lang="en", plans=[report, report])
    wb = load_workbook(path)
    assert wb.sheetnames[-2:] == ["Plan 1", "Plan 2"]
    ws = wb["Plan 1"]
    values = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    assert ["Plan objective", "dwellings connected (number)"] in values  # the objective in words, not its id
    npv_row = next(r for r in values if r and r[0] == label("npv_eur", "en"))
    assert npv_row[1:] == [round(report["parts"][k]["npv_eur"]) for k in report["parts"]]  # stored as shown
    ids = {r[0] for r in values if r and isinstance(r[0], str) and r[0].startswith(("MC-", "SIA-", "VILLE-"))}
    assert len(ids) == 295  # every candidate has its row and its reason
    houses = [r for r in values if r and isinstance(r[0], (int, float)) and len(r) == 6]
    assert len(houses) == 4  # with/without subsidy x with/without R3
