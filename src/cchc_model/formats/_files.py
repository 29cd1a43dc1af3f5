"""The one way the library writes a file: atomically, never over a special file.

:func:`write_atomically` is used by :func:`cchc_model.write`,
:func:`cchc_model.write_docx` (given a path) and the ``cchc`` command.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from cchc_model.errors import FormatError

__all__ = ["write_atomically", "write_with"]


def _target(path: str | os.PathLike[str]) -> Path:
    """The file to replace: ``path``, or the file a symbolic link at ``path`` points to."""
    given = Path(os.fspath(path))
    if given.is_symlink():
        return Path(os.path.realpath(given))
    return given


def _check_target(target: Path, shown: str) -> os.stat_result | None:
    """The status of the existing file at ``target``, ``None`` when there is none.

    Raises :class:`FormatError` when ``target`` is a folder, a FIFO, a device or a
    socket: renaming a regular file over it would silently replace it.
    """
    try:
        st = target.stat()
    except FileNotFoundError:
        return None
    if stat.S_ISREG(st.st_mode):
        return st
    if stat.S_ISDIR(st.st_mode):
        what = "a folder"
    elif stat.S_ISFIFO(st.st_mode):
        what = "a FIFO (named pipe)"
    elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        what = "a device"
    else:
        what = "not a regular file"
    raise FormatError(f"will not write over {what}: give the path of a regular file", where=shown)


def write_with(path: str | os.PathLike[str], fill: Callable[[IO[bytes]], None]) -> None:
    """Call ``fill`` with a binary file, then put what it wrote at ``path`` atomically.

    ``fill`` writes to a temporary file in the same folder as ``path``; the file is
    flushed to disk (``fsync``) and renamed over ``path`` only when ``fill``
    returns. Either ``path`` holds everything afterwards, or it is as it was and no
    temporary file is left behind (an exception from ``fill`` propagates). An
    existing file keeps its permission bits and, where the process may set them,
    its owner and group; a new file gets the usual mode (0666 less the umask). A
    symbolic link at ``path`` is kept and the file it points to replaced. Hard
    links to the old file keep the old content (a rename makes a new file).

    Raises :class:`~cchc_model.errors.FormatError` when ``path`` is a folder, a
    FIFO, a device or a socket, before anything is written; :class:`OSError` when
    the folder cannot be written.
    """
    shown = os.fspath(path)
    target = _target(path)
    existing = _check_target(target, shown)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():  # say so with the user's path, not the temporary file's
        raise FileNotFoundError(errno.ENOENT, f"no folder {os.fspath(folder)!r} to write in", shown)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            fill(f)
            f.flush()
            os.fsync(f.fileno())
        if existing is not None:
            os.chmod(tmp, stat.S_IMODE(existing.st_mode))
            if hasattr(os, "chown"):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(tmp, existing.st_uid, existing.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    # The rename itself is durable once the folder is synced (POSIX only).
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`write_with`)."""

    def fill(f: IO[bytes]) -> None:
        f.write(data)

    write_with(path, fill)
