"""Every file heatnet writes goes through here: atomic, never over an existing file unless asked.

:func:`write_atomic` writes to a temporary file in the target's folder and moves it in place
with ``os.replace``: a failure (or a kill) at any moment leaves the previous file as it was.
The target is refused when it is a folder, a symbolic link, a device or a read-only file, and
when it exists and ``overwrite`` (the command line's ``--force``) is not given. The temporary
file is removed when the write fails; one left by a killed process (its name carries the
process id) is removed by the next write to the same folder. Writes of several files at once
(:func:`staging_dir`) stage them in a folder named the same way, removed the same way.

Standard library only.
"""

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from heatnet.io.errors import DataError
from heatnet.io.files import MAX_NAME_BYTES, MAX_PATH_BYTES

class TargetExistsError(DataError, FileExistsError):
    """The file to write exists and replacing it was not asked for (``--force``)."""


TEMP_SUFFIX = ".heatnet-tmp"
_TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[^.]+" + re.escape(TEMP_SUFFIX) + r"$")


def umask():
    """The process's umask, read without changing it where /proc tells it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def check_target(path, overwrite=False):
    """``path`` as a Path if heatnet may write a file there; DataError saying why not otherwise."""
    text = os.fspath(path)
    if not text or "\x00" in text:
        raise DataError(text.replace("\x00", "\\0") or "''", "not a valid file name (empty or with a NUL)")
    encoded = os.fsencode(text)
    if len(encoded) > MAX_PATH_BYTES or any(len(p) > MAX_NAME_BYTES for p in encoded.split(b"/")):
        raise DataError(text[:80] + "...", f"a name longer than {MAX_NAME_BYTES} bytes, or a path longer than "
                                           f"{MAX_PATH_BYTES}")
    path = Path(text)
    parent = path.parent
    if not parent.is_dir():
        raise DataError(path, f"folder not found: {parent}")
    if path.is_symlink():
        raise DataError(path, "is a symbolic link: heatnet writes only plain files (give the link's target)")
    if not os.path.lexists(path):
        return path
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise DataError(path, "is a folder: give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise DataError(path, "is not a plain file (a device, a FIFO or a socket)")
    if not overwrite:
        raise TargetExistsError(path, "the file exists: choose another name, or replace it with --force "
                                       "(a file that already exists is never replaced silently)")
    if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):  # marked read-only (even for root)
        raise DataError(path, "the file is read-only: not replaced")
    return path


def _pid_alive(pid):
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: leave its file alone
    return True


def staging_dir(parent, name):
    """A temporary folder in ``parent`` for a write of several files (a GIS import, an export), named like the
    temporary files (hidden, the process id, the suffix) so :func:`clean_stale` removes it if the process dies."""
    return Path(tempfile.mkdtemp(prefix=f".{name[:80]}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=parent))


def clean_stale(folder):
    """Remove the temporary files and staging folders of writes in ``folder`` whose process has ended (killed
    mid-write)."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_NAME.match(entry.name)
        if not m or _pid_alive(int(m.group(1))):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            elif entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
            else:
                continue
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def write_atomic(path, content, overwrite=False):
    """Write ``content`` (str, bytes, or a callable given the temporary path) to ``path`` atomically.

    The new file gets the mode of the one it replaces, else that of a plain new file (umask).
    Returns the path written.
    """
    path = check_target(path, overwrite)
    clean_stale(path.parent)
    mode = stat.S_IMODE(os.stat(path).st_mode) if path.exists() else 0o666 & ~umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:80]}.{os.getpid()}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(content, str):
                f.write(content.encode("utf-8"))
            elif isinstance(content, (bytes, bytearray)):
                f.write(content)
        if callable(content):
            content(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # mkstemp makes the file private; give it the mode a plain save would
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
