"""Which files under the given paths are reports: the plan files in folders (by
extension; hidden and lock files skipped), and, among those that do not read as
plans, the roll-up tables an earlier ``cchc rollup --to`` left beside them."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator

import attrs

from cchc_model.figures._rollup import TABLE_COLUMNS
from cchc_model.formats._registry import MAX_INPUT_SIZE

__all__ = ["PLAN_EXTENSIONS", "NotAPlan", "expand", "is_rollup_table"]

#: The file name extensions :func:`read_many` reads inside folders (compared in
#: lower case). Files with other extensions are skipped and listed in
#: :attr:`ReadResult.ignored`; a file named explicitly is always read.
PLAN_EXTENSIONS: tuple[str, ...] = (".docx", ".json", ".csv", ".tsv", ".xlsx", ".pdf")


def _skipped(name: str) -> bool:
    # Hidden files and the lock files Word and Excel leave beside an open document.
    return name.startswith((".", "~$"))


def _is_plan_file(name: str) -> bool:
    return not _skipped(name) and os.path.splitext(name)[1].lower() in PLAN_EXTENSIONS


def expand(
    paths: Iterable[str | os.PathLike[str]],
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """The plan files under ``paths``, the paths that cannot be read (with why), and
    the paths ignored.

    A folder is walked recursively in sorted order (hidden folders skipped). A link
    to a folder outside it is followed, but not a link inside a folder reached that
    way, nor one to a folder of the tree or above it (those are listed as ignored),
    so that no folder is walked twice and no walk leaves what was given for long.
    A folder that cannot be listed is a failure. Named pipes and devices are
    ignored (reading one would wait forever); a link to nothing is kept, and fails
    when read. A file named explicitly is kept whatever its extension. A file
    reached twice is kept once; a file of ``exclude`` (the table being written)
    is ignored.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("read_many() takes a list of paths; wrap a single path in a list")
    files: list[str] = []
    failed: list[tuple[str, str]] = []
    ignored: list[str] = []
    excluded = {os.path.normcase(os.path.realpath(p)) for p in exclude}
    seen: set[str] = set()

    def keep(path: str) -> None:
        key = os.path.normcase(os.path.realpath(path))
        if key in excluded:
            ignored.append(path)
        elif key not in seen:
            seen.add(key)
            files.append(path)

    for given in paths:
        path = os.fspath(given)
        if not isinstance(path, str):
            raise TypeError(f"paths must be str or os.PathLike[str], got {type(given).__name__}")
        if os.path.isdir(path):
            for full, is_file in _walk(path, failed):
                if os.path.islink(full) and not os.path.exists(full):
                    # a link to nothing: a commune's folder moved away, say
                    failed.append((full, "a link to nothing: its target is gone"))
                    continue
                if is_file and _is_plan_file(os.path.basename(full)) and not _special(full):
                    keep(full)
                else:
                    ignored.append(full)
        elif os.path.lexists(path):
            keep(path)
        else:
            failed.append((path, "no such file or folder"))
    return files, failed, ignored


def _walk(root: str, failed: list[tuple[str, str]]) -> Iterator[tuple[str, bool]]:
    """Every file under ``root`` (``True``) and every link to a folder not followed
    (``False``), in order; a folder that cannot be listed goes to ``failed``."""
    # The real folders of the tree, no link followed (listed at the first link to a
    # folder, as most trees have none): a link to one of them is not walked again,
    # and the folders themselves are walked where they are.
    tree: set[str] = set()

    def real_folders() -> set[str]:
        if not tree:
            for folder, subfolders, _ in os.walk(root):
                subfolders[:] = [d for d in subfolders if not d.startswith(".")]
                tree.add(os.path.realpath(folder))
        return tree

    above = os.path.realpath(root) + os.sep
    followed: list[str] = []  # the links walked, as paths under root

    def unreadable(exc: OSError) -> None:
        failed.append((str(exc.filename), f"cannot list the folder: {exc.strerror}"))

    for folder, subfolders, names in os.walk(root, onerror=unreadable, followlinks=True):
        inside_a_link = any(folder.startswith(link + os.sep) or folder == link for link in followed)
        below = []
        for d in sorted(d for d in subfolders if not d.startswith(".")):
            full = os.path.join(folder, d)
            if not os.path.islink(full):
                below.append(d)
                continue
            real = os.path.realpath(full)
            if inside_a_link or real in real_folders() or above.startswith(real + os.sep):
                yield full, False
            else:
                followed.append(full)
                tree.add(real)  # a second link to it is not walked again
                below.append(d)
        subfolders[:] = below
        for name in sorted(names):
            yield os.path.join(folder, name), True


def _special(path: str) -> bool:
    """A named pipe, a device or a socket: reading one would wait or never end."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # a link to nothing: reading it says so
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode)


@attrs.frozen
class NotAPlan:
    """A file that turned out not to be a report: a roll-up table of an earlier run."""

    path: str


def is_rollup_table(path: str) -> bool:
    """Whether ``path`` holds a table ``cchc rollup --to`` wrote (kept, as people do,
    in the folder of the reports it sums up): its first row names the table's columns.
    """
    suffix = os.path.splitext(path)[1].lower()
    try:
        if suffix == ".csv":
            with open(path, encoding="utf-8-sig", newline="") as f:
                first = f.readline(4096)
            return first.rstrip("\r\n").split(",") == list(TABLE_COLUMNS)
        if suffix == ".json":
            with open(path, encoding="utf-8") as f:
                document = json.loads(f.read(MAX_INPUT_SIZE))
            return isinstance(document, dict) and {"plans", "total", "sections"} <= document.keys()
        if suffix == ".xlsx":
            import openpyxl

            workbook = openpyxl.load_workbook(path, read_only=True)
            try:
                sheet = workbook.worksheets[0]
                row = next(sheet.iter_rows(max_row=1, values_only=True), ())
                return [str(v) for v in row if v is not None] == list(TABLE_COLUMNS)
            finally:
                workbook.close()
    except Exception:  # whatever cannot be read is no roll-up table either
        return False
    return False


# --------------------------------------------------------------------------- #
# Many files
# --------------------------------------------------------------------------- #
