"""``heatnet check``: validate a network folder and list the gaps between its sources."""

import sys

from heatnet.cli.common import dump_json
from heatnet.i18n import format_number, gap_note, gap_text, label


def check_network(folder):
    """Load the folder with every check ``run`` makes of it: the tables, their references, the tariffs
    at each date, the graph (every substation reached from the plant node, no parallel pipes) and the
    pipe network the physics builds (every DN in the pipe catalogue, the loops solvable)."""
    from types import SimpleNamespace

    from heatnet.io.errors import DataError
    from heatnet.io.folder import load_network
    from heatnet.model import physics
    from heatnet.model.economics import load_references
    from heatnet.model.hydraulics import HydraulicError
    from heatnet.model.network import GraphError, build_graph

    net = load_network(folder)
    plant_node = net.params["plant_node"]
    try:
        cfg = physics.settings(net.params, load_references())
        build_graph(net.nodes, net.pipes, net.substations, plant_node,
                    physics.other_plant_nodes(plant_node, net.plants, cfg))
    except GraphError as exc:
        raise DataError(net.sources["pipes"].file, f"the network graph: {exc}") from None
    except ValueError as exc:
        raise DataError(net.sources["pipes"].file, f"the network physics: {exc}") from None
    try:
        physics.pipe_network(SimpleNamespace(nodes=net.nodes, pipes=net.pipes, plants=net.plants), plant_node, cfg)
    except (HydraulicError, ValueError) as exc:
        raise DataError(net.sources["pipes"].file, f"the network physics: {exc}") from None
    return net


def cmd_check(args):
    from heatnet.model.checks import source_gaps

    net = check_network(args.folder)
    gaps = source_gaps(net)
    if args.json:
        dump_json({"network": net.name, "valid": True, "gaps": gaps})
        return gaps
    lang = args.lang
    sys.stdout.write(label("cli_check_valid", lang).format(name=net.name, substations=len(net.substations),
                                                          pipes=len(net.pipes), plants=len(net.plants)) + "\n")
    for gap in gaps:
        unit = gap["unit"] if gap["unit"] != "frac" else "%"
        scale = 100 if gap["unit"] == "frac" else 1
        decimals = 1 if gap["unit"] == "frac" else 2 if "/" in gap["unit"] else 0
        computed = format_number(gap["computed"] * scale, lang, decimals)
        published = format_number(gap["published"] * scale, lang, decimals)
        change = format_number(gap["gap_frac"], lang, 1, percent=True) if gap["gap_frac"] is not None else "-"
        sys.stdout.write(f"- {gap_text(gap, lang)} : " if lang == "fr" else f"- {gap_text(gap, lang)}: ")
        sys.stdout.write(f"{label('cli_computed', lang)} {computed} {unit}, {label('cli_published', lang)} "
                         f"{published} {unit} ({'+' if (gap['gap_frac'] or 0) >= 0 else ''}{change})"
                         + (f"; {gap_note(gap, lang)}" if gap["note"] else "") + "\n")
    return gaps


def register(sub):
    p = sub.add_parser("check", help="validate a network folder and list the gaps between its sources")
    p.add_argument("folder", help="network folder")
    p.add_argument("--json", action="store_true", help="print one JSON object: the tables, the gaps between sources")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text output (default fr)")
    p.set_defaults(func=cmd_check)
