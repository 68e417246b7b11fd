"""The error every reader raises for a user's file: it names the file, the line or key, and what was expected.

Standard library only, so the command line can catch it without loading pandas.
"""

from pathlib import Path


class DataError(ValueError):
    """A network folder or scenario file that does not meet its format.

    ``str(error)`` reads: ``<file>, line <n>, column '<col>': <what was expected>``; in a YAML file
    (a scenario, a study, network.yaml) ``column`` is the key's path and reads ``key 'operation.losses'``.
    """

    def __init__(self, file, message, line=None, column=None):
        self.file = str(file)
        self.line = line
        self.column = column
        self.message = message
        where = [Path(self.file).name if self.file else "<input>"]
        if line is not None:
            where.append(f"line {line}" if isinstance(line, int) else str(line))
        if column is not None:
            kind = "key" if Path(self.file).suffix.lower() in (".yaml", ".yml") else "column"
            where.append(f"{kind} '{column}'")
        super().__init__(", ".join(where) + ": " + message)


def key_path(loc):
    """A key's path in a YAML file from its parts (a validator's location): ``measures[0].add_substations.csv``,
    an index in brackets after the list it indexes, as the messages write it everywhere."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
