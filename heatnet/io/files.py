"""Every read of a user's file goes through here: its path, its size, its type and its encoding are checked.

A path that holds a NUL or an over-long name, a folder where a file is expected (or the
reverse), a device, a FIFO or a socket, a file over the stated size, bytes that are not
in the expected encoding, and YAML that nests too deep, repeats a key or carries a typed
tag it cannot honour are all a :class:`DataError`. The error names the file that referred
to the path and its key when there is one (``base``, ``operation.weather_csv``), else the
file itself, and says what was expected.

Limits (stated, so a user can tell a refusal from a bug):

* :data:`MAX_FILE_BYTES`: 256 MiB for a table or a scenario (the Lens folder is under 1 MiB);
* :data:`MAX_NAME_BYTES`: 255 bytes for one name of a path, :data:`MAX_PATH_BYTES`: 4,096 for the whole;
* :data:`MAX_YAML_DEPTH`: 64 levels of nesting, :data:`MAX_YAML_NODES`: 100,000 values (aliases counted
  every time they are used, so a "billion laughs" file is refused, not expanded).

Standard library and PyYAML only.
"""

import os
import stat
from pathlib import Path

import yaml

from heatnet.io.errors import DataError

MAX_FILE_BYTES = 256 * 2**20
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 4096
MAX_YAML_DEPTH = 64
MAX_YAML_NODES = 100_000

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


def _mib(n):
    return f"{n / 2**20:,.0f} MiB"


def _error(path, message, referrer, key):
    """The error names the referring file and key when there is one, else the file itself."""
    if referrer is not None:
        return DataError(referrer, f"{message} ({path})" if str(path) not in message else message, column=key)
    return DataError(path, message)


def check_path(path, kind="file", referrer=None, key=None, what=None):
    """``path`` as a Path once it names an existing ``kind`` ("file" or "folder"); DataError otherwise.

    A file must be a regular file (a link to one is followed); devices, FIFOs and sockets are refused
    before they are opened, so reading never blocks nor runs without end. ``what`` names the
    expected thing in the message ("base file"; default ``kind``).
    """
    text = os.fspath(path) if not isinstance(path, str) else path
    if not isinstance(text, str):
        text = os.fsdecode(text)
    shown = text.replace("\x00", "\\0")
    if not text:
        raise _error("''", f"an empty path: expected a {kind}", referrer, key)
    if "\x00" in text:
        raise _error(shown, "the path holds a NUL character", referrer, key)
    try:
        encoded = os.fsencode(text)
    except UnicodeError:
        raise _error(shown, "the path cannot be encoded for this system", referrer, key) from None
    if len(encoded) > MAX_PATH_BYTES:
        raise _error(shown[:80] + "...", f"the path is longer than {MAX_PATH_BYTES} bytes", referrer, key)
    long_names = [p for p in encoded.split(b"/") if len(p) > MAX_NAME_BYTES]
    if long_names:
        raise _error(shown[:80] + "...", f"a name in the path is longer than {MAX_NAME_BYTES} bytes", referrer, key)
    path = Path(text)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        missing = f"{what or 'file'} not found:" if kind == "file" else "not a folder: nothing found at"
        raise _error(path, f"{missing} {path}", referrer, key) from None
    except NotADirectoryError:
        raise _error(path, f"{kind} not found: {path} (a part of the path is a file, not a folder)", referrer,
                     key) from None
    except OSError as exc:
        raise _error(path, f"cannot open {path}: {exc.strerror or exc}", referrer, key) from None
    if kind == "folder":
        if not stat.S_ISDIR(info.st_mode):
            raise _error(path, f"not a folder: {path}", referrer, key)
        return path
    if stat.S_ISDIR(info.st_mode):
        raise _error(path, f"{path} is a folder: expected a file", referrer, key)
    if not stat.S_ISREG(info.st_mode):
        raise _error(path, f"{path} is not a regular file (a device, a FIFO or a socket): expected a file",
                     referrer, key)
    return path


def read_bytes_bounded(path, limit=MAX_FILE_BYTES, referrer=None, key=None):
    """The bytes of a regular file no larger than ``limit``."""
    path = check_path(path, "file", referrer, key)
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise _error(path, f"cannot read {path}: {exc.strerror or exc}", referrer, key) from None
    if len(data) > limit:
        raise _error(path, f"{path} is larger than {_mib(limit)}, the limit for an input file", referrer, key)
    return data


def decode_text(data, path, encodings=("utf-8-sig",)):
    """``data`` decoded with the first encoding that fits; DataError naming the offending byte otherwise."""
    first = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            first = first or exc
    line = data[:first.start].count(b"\n") + 1
    names = " or ".join("UTF-8" if e.startswith("utf-8") else e for e in encodings)
    raise DataError(path, f"not {names} text: byte 0x{data[first.start]:02x} cannot be read (save the file as "
                          "UTF-8)", line=line)


def read_text_bounded(path, encodings=("utf-8-sig",), limit=MAX_FILE_BYTES, referrer=None, key=None):
    """The text of a regular file, size- and encoding-checked."""
    data = read_bytes_bounded(path, limit, referrer, key)
    return decode_text(data, path, encodings)


# ---------------------------------------------------------------- YAML

_TYPED = {"tag:yaml.org,2002:" + t: t for t in ("int", "float", "bool", "timestamp", "binary", "null")}


def _check_scalar(node, path, loader, line):
    try:
        node.value.encode("utf-8")
    except UnicodeEncodeError:
        raise DataError(path, "text that is not valid Unicode (a lone surrogate escape)", line=line) from None
    if node.tag in _TYPED:
        try:
            loader.yaml_constructors[node.tag](loader, node)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError, yaml.YAMLError):
            raise DataError(path, f"{node.value!r} does not read as !!{_TYPED[node.tag]} (the tag or the "
                                  "value's form asks for that type)", line=line) from None


def _check_tree(node, path, loader):
    """Refuse nesting deeper than MAX_YAML_DEPTH, more than MAX_YAML_NODES values (aliases counted at
    each use), duplicate keys and text that is not Unicode (a lone surrogate)."""
    stack, count = [(node, 1)], 0
    while stack:
        node, depth = stack.pop()
        count += 1
        line = node.start_mark.line + 1 if node.start_mark else None
        if count > MAX_YAML_NODES:
            raise DataError(path, f"more than {MAX_YAML_NODES:,} values (aliases counted at each use)")
        if depth > MAX_YAML_DEPTH:
            raise DataError(path, f"nested more than {MAX_YAML_DEPTH} levels deep", line=line)
        if isinstance(node, yaml.ScalarNode):
            _check_scalar(node, path, loader, line)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            seen = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    ident = (key_node.tag, key_node.value)
                    key_line = key_node.start_mark.line + 1
                    if ident in seen:
                        raise DataError(path, f"duplicate key {key_node.value!r} (first at line {seen[ident]})",
                                        line=key_line)
                    seen[ident] = key_line
                stack.append((key_node, depth + 1))
                stack.append((value_node, depth + 1))


def _yaml_error(exc, path):
    """PyYAML's error as one line naming the line of the file."""
    mark = getattr(exc, "problem_mark", None)
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    return DataError(path, f"not valid YAML: {problem}", line=mark.line + 1 if mark else None)


def parse_yaml(text, path):
    """The data of one YAML document in ``text`` (``path`` names it in errors)."""
    if "\x00" in text:
        raise DataError(path, "the file holds NUL characters: not a text file (saved as UTF-16? save it as UTF-8)",
                        line=text[:text.index("\x00")].count("\n") + 1)
    loader = _BASE_LOADER(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, path) from None
        except RecursionError:
            raise DataError(path, f"nested more than {MAX_YAML_DEPTH} levels deep") from None
        if node is None:
            return None
        _check_tree(node, path, loader)
        try:
            return loader.construct_document(node)
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, path) from None
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError):
            raise DataError(path, "a value with a type tag (!!int, !!float, !!bool, !!timestamp ...) that "
                                  "does not read as that type") from None
    finally:
        loader.dispose()


def read_yaml(path, referrer=None, key=None, limit=MAX_FILE_BYTES):
    """The data of a UTF-8 YAML file, with every check of this module."""
    return parse_yaml(read_text_bounded(path, ("utf-8-sig",), limit, referrer, key), path)


# the YAML files heatnet reads, known by their keys, and the command that reads each
_FILE_KINDS = (("timeline", ("start_year", "steps"), "heatnet concession"),
               ("study", ("inputs",), "heatnet uncertainty"),
               ("scenario", ("year",), "heatnet run / compare"))


def wrong_kind(raw, expected):
    """Where a YAML mapping handed as ``expected`` (``scenario``, ``timeline``, ``study``) has the keys of
    another kind of heatnet file, what to say: ``"a concession timeline (start_year, steps), not a scenario:
    run it with heatnet concession"``; else None."""
    if not isinstance(raw, dict):
        return None
    for kind, keys, command in _FILE_KINDS:
        if kind != expected and all(k in raw for k in keys):
            what = {"timeline": "a concession timeline", "study": "an uncertainty study", "scenario": "a scenario"}
            return f"{what[kind]} ({', '.join(keys)}), not {what[expected]}: run it with {command}"
    return None
