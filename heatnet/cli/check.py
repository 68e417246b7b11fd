"""``heatnet check``: validate a network folder and list the gaps between its sources."""

import sys

from heatnet.cli.common import dump_json
from heatnet.i18n import format_number, gap_note, gap_text, label


def cmd_check(args):
    from heatnet.model.checks import source_gaps
    from heatnet.io.folder import load_network

    net = load_network(args.folder)
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
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text output (default fr)")
    p.set_defaults(func=cmd_check)
