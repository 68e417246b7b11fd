"""``heatnet init FOLDER``: a minimal valid network folder and its root scenario, to edit."""

import sys

from heatnet.i18n import label


def cmd_init(args):
    from heatnet.io.template import write_template

    paths = write_template(args.folder, overwrite=args.force)
    sys.stdout.write(label("cli_init_done", args.lang).format(folder=args.folder) + "\n")
    for path in paths:
        sys.stdout.write(f"  {path}\n")
    sys.stdout.write(label("cli_init_next", args.lang).format(folder=args.folder) + "\n")
    return paths


def register(sub):
    p = sub.add_parser("init", help="write a minimal network folder (FOLDER/network) and its root scenario "
                                    "(FOLDER/baseline.yaml), with comments, to replace with your data")
    p.add_argument("folder", help="folder to write (created if needed)")
    p.add_argument("--force", action="store_true", help="replace the template's files if they exist")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text output (default fr)")
    p.set_defaults(func=cmd_init)
