"""``heatnet hydraulics``: a scenario's network physics, capacity and bottlenecks."""

import sys

from heatnet.cli.common import UserError, colon, dump_json, print_table
from heatnet.i18n import format_value, label
from heatnet.io.jsonable import frame_records


def cmd_hydraulics(args):
    from heatnet.model.physics import PIPE_COLUMNS, report
    from heatnet.scenarios import run_scenario

    result = run_scenario(args.scenario)
    try:
        rep = report(result)
    except ValueError as exc:
        raise UserError(f"{args.scenario}: {exc}") from None
    extra = ("base_load_frac", "new_bottleneck")
    if args.json:
        payload = {"scenario": result.name, "summary": rep["summary"],
                   "branches": frame_records(rep["branches"]),
                   "bottlenecks": frame_records(rep["bottlenecks"], PIPE_COLUMNS + extra),
                   "new_pipes": frame_records(rep["new_pipes"], PIPE_COLUMNS + extra),
                   "pipes": frame_records(rep["pipes"], PIPE_COLUMNS + extra + (
                       "from_node", "to_node", "return_pressure_drop_bar", "supply_temp_in_c", "supply_temp_out_c",
                       "capacity_kg_per_s", "reynolds")),
                   "levels": frame_records(rep["levels"])}
        dump_json(payload)
        return rep
    lang, out = args.lang, sys.stdout
    out.write(f"{result.name}  ({result.path.name})\n\n")
    print_table([(label(k, lang), label(f"design_load_{v}", lang) if k == "design_load" else format_value(k, v, lang))
                 for k, v in rep["summary"].items()], out)
    out.write(f"\n{label('hy_branches', lang)}\n")
    for row in rep["branches"].itertuples():
        out.write(f"  {row.branch}{colon(lang)}{format_value('x_kw', row.design_load_kw, lang)} kW, "
                  f"{label('hy_spare', lang)} {format_value('x_kw', row.spare_kw, lang)} kW "
                  f"({label('hy_limiting', lang)} {row.limiting_pipe}, "
                  f"{format_value('load_frac', row.max_load_frac, lang)})\n")
    for key in ("bottlenecks", "new_pipes"):
        frame = rep[key]
        out.write(f"\n{label('hy_' + key, lang)}{colon(lang)}{len(frame)}\n")
        services = frame["kind"].eq("service") if "kind" in frame and key == "new_pipes" else frame["pipe_id"].isna()
        for row in frame[~services].itertuples():
            out.write(f"  {row.pipe_id}{colon(lang)}DN {row.dn_mm:g}, {format_value('load_frac', row.load_frac, lang)}, "
                      f"{format_value('x_per_m', row.velocity_m_per_s, lang)} m/s, "
                      f"{format_value('x', row.pressure_gradient_pa_per_m, lang)} Pa/m -> "
                      f"{_dn(row.required_dn_mm, lang)}\n")
        # service pipes by DN: one line per (DN, DN needed)
        for (dn, needed), group in frame[services].groupby(["dn_mm", "required_dn_mm"], dropna=False):
            out.write(f"  {len(group)} × {label('hy_service', lang)} DN {dn:g}{colon(lang)}"
                      f"{format_value('load_frac', group['load_frac'].max(), lang)} max -> {_dn(needed, lang)}\n")
    top = rep["pipes"].sort_values("load_frac", ascending=False)
    top = top if args.all else top.head(10)
    out.write(f"\n{label('hy_pipes', lang)}\n")
    cols = ["pipe_id", "dn_mm", "mass_flow_kg_per_s", "velocity_m_per_s", "pressure_drop_bar", "heat_loss_kw",
            "load_frac"]
    first = max(len(label("pipe_id", lang)), *(len(str(p)) for p in top["pipe_id"]))
    out.write(f"{label('pipe_id', lang):<{first}}" + "".join(f"{label(c, lang):>24}" for c in cols[1:]) + "\n")
    for _, row in top.iterrows():
        out.write(f"{row['pipe_id']:<{first}}" + "".join(f"{format_value(c, row[c], lang):>24}" for c in cols[1:])
                  + "\n")
    return rep


def _dn(value, lang):
    """The DN a pipe needs, or that none of the catalogue's carries its flow (required_dn_mm is NaN)."""
    return label("hy_beyond_catalogue", lang) if value is None or value != value else f"DN {value:g}"


def register(sub):
    p = sub.add_parser("hydraulics", help="network physics of a scenario: losses, pumps, pipe loads, "
                                          "bottlenecks and the DN new pipes need")
    p.add_argument("scenario", help="scenario file (YAML)")
    p.add_argument("--json", action="store_true", help="machine-readable output, every pipe")
    p.add_argument("--all", action="store_true", help="every pipe in the table (default: the 10 most loaded)")
    p.add_argument("--lang", default="fr", choices=("fr", "en"), help="language of the text output (default fr)")
    p.set_defaults(func=cmd_hydraulics)
