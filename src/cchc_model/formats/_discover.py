"""Which files under the given paths are reports: the plan files in folders (by
extension; hidden and lock files skipped), and, among those that do not read as
plans, the roll-up tables an earlier ``cchc rollup --to`` left beside them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

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
) -> tuple[list[str], list[str], list[str]]:
    """The plan files under ``paths``, the paths that do not exist, the files ignored.

    A folder is walked recursively in sorted order (hidden folders skipped),
    following links to folders but never into a folder twice (a link back up
    the tree is listed as ignored); only regular files are read from it (not a
    named pipe, which would wait for a writer forever). A file named explicitly
    is kept whatever its extension. A file reached twice is kept once; a file of
    ``exclude`` (the table being written) is ignored.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("read_many() takes a list of paths; wrap a single path in a list")
    files: list[str] = []
    missing: list[str] = []
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
            walked = {os.path.realpath(path)}
            for folder, subfolders, names in os.walk(path, followlinks=True):
                below = []
                for d in sorted(d for d in subfolders if not d.startswith(".")):
                    real = os.path.realpath(os.path.join(folder, d))
                    if real in walked:  # a link to a folder already walked
                        ignored.append(os.path.join(folder, d))
                    else:
                        walked.add(real)
                        below.append(d)
                subfolders[:] = below
                for name in sorted(names):
                    full = os.path.join(folder, name)
                    if _is_plan_file(name) and os.path.isfile(full):
                        keep(full)
                    else:
                        ignored.append(full)
        elif os.path.exists(path):
            keep(path)
        else:
            missing.append(path)
    return files, missing, ignored


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
