"""``heatnet check``: validate a network folder and list the gaps between its sources."""

import sys

from heatnet.cli.common import dump_json


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
        build_graph(net.nodes, net.pipes, net.substations, plant_node)
    except GraphError as exc:
        raise DataError(net.pipes.attrs["file"], f"the network graph: {exc}") from None
    try:
        cfg = physics.settings(net.params, load_references())
        physics.pipe_network(SimpleNamespace(nodes=net.nodes, pipes=net.pipes), plant_node, cfg)
    except (HydraulicError, ValueError) as exc:
        raise DataError(net.pipes.attrs["file"], f"the network physics: {exc}") from None
    return net


def cmd_check(args):
    from heatnet.model.checks import source_gaps

    net = check_network(args.folder)
    gaps = source_gaps(net)
    if args.json:
        dump_json({"network": net.name, "valid": True, "gaps": gaps})
        return gaps
    sys.stdout.write(f"{net.name}: {len(net.substations)} substations, {len(net.pipes)} pipes, "
                     f"{len(net.plants)} plants: valid.\n")
    for gap in gaps:
        sys.stdout.write(f"- {gap['what']}: {gap['computed']:.6g} vs {gap['published']:.6g} {gap['unit']} "
                         f"({gap['gap_frac']:+.1%})" + (f"; {gap['note']}" if gap["note"] else "") + "\n")
    return gaps


def register(sub):
    p = sub.add_parser("check", help="validate a network folder and list the gaps between its sources")
    p.add_argument("folder", help="network folder")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)
