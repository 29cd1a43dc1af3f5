"""Reading many plan files at once: :func:`read_many`.

A district collects the reports of its communes as a folder of files: Word
documents mostly, spreadsheets, PDFs, some JSON or CSV written by other tools,
and always a few broken or misnamed ones. :func:`read_many` reads them all, in
parallel processes, and returns the plans together with the files that failed
(each with the library's reason); one broken file never stops the others.

>>> import pathlib, tempfile
>>> import cchc_model
>>> from cchc_model.examples import thanh_xa_2023
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "thanh-xa.json").write_text(cchc_model.dumps(thanh_xa_2023(), format="json"))
>>> _ = (folder / "broken.json").write_text("{")
>>> _ = (folder / "notes.txt").write_text("not a plan file: ignored")
>>> result = cchc_model.read_many([folder], jobs=1)
>>> [pathlib.Path(p).name for p in result], len(result.failures), len(result.ignored)
(['thanh-xa.json'], 1, 1)
>>> cchc_model.rollup(result).activities.completed
30

Workers send back plans, not documents: a Word file's XML tree stays in the
process that read it. At most a few files per worker are in flight at a time,
so memory grows with the plans kept, not with the size of the folder's files.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from cchc_model.errors import CCHCError
from cchc_model.model import Plan

if TYPE_CHECKING:
    from cchc_model.model.status import StatusRules

__all__ = ["PLAN_EXTENSIONS", "ReadFailure", "ReadResult", "read_many"]

#: The file name extensions :func:`read_many` reads inside folders (compared in
#: lower case). Files with other extensions are skipped and listed in
#: :attr:`ReadResult.ignored`; a file named explicitly is always read.
PLAN_EXTENSIONS: tuple[str, ...] = (".docx", ".json", ".csv", ".tsv", ".xlsx", ".pdf")

# Work given to each worker process at once: enough to keep it busy while the
# parent collects results, few enough that memory stays bounded.
_IN_FLIGHT_PER_JOB = 4


@attrs.frozen(kw_only=True)
class ReadFailure:
    """A file :func:`read_many` could not read.

    :ivar path: the file, as found (a folder given joined with the file's
        path inside it).
    :ivar reason: why, in the library's words (the message of its
        :class:`~cchc_model.errors.CCHCError`, e.g. a ``FormatError`` naming
        the row), or the system's for a file that cannot be opened.
    """

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _read_only(plans: Mapping[str, Plan]) -> Mapping[str, Plan]:
    return MappingProxyType(dict(plans))


def _failures(failures: Iterable[ReadFailure]) -> tuple[ReadFailure, ...]:
    return tuple(failures)


def _paths(paths: Iterable[str]) -> tuple[str, ...]:
    return tuple(paths)


@attrs.frozen(kw_only=True, eq=False)
class ReadResult(Mapping[str, Plan]):
    """What :func:`read_many` found: a read-only mapping from each file read to its plan.

    Files come in the order :func:`read_many` lists them (the paths as given,
    folders walked in sorted order), whatever order the workers finished in.
    Being a mapping from names to plans, a result can be passed to
    :func:`~cchc_model.rollup` as it is: each plan is then named by its file.

    :ivar plans: the same mapping, file → plan.
    :ivar failures: the files that could not be read, with the reason.
    :ivar ignored: files found in folders that are not plan files (their
        extension is not in ``PLAN_EXTENSIONS``, or they are hidden or
        an office program's lock file ``~$…``).
    """

    plans: Mapping[str, Plan] = attrs.field(converter=_read_only)
    failures: tuple[ReadFailure, ...] = attrs.field(converter=_failures)
    ignored: tuple[str, ...] = attrs.field(converter=_paths, default=())

    def __getitem__(self, path: str) -> Plan:
        return self.plans[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self.plans)

    def __len__(self) -> int:
        return len(self.plans)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReadResult):
            return NotImplemented
        return (
            dict(self.plans) == dict(other.plans)
            and self.failures == other.failures
            and self.ignored == other.ignored
        )

    __hash__ = None  # type: ignore[assignment]  # holds a mapping: not hashable

    def __repr__(self) -> str:
        return (
            f"ReadResult({len(self.plans)} plans, {len(self.failures)} failures, "
            f"{len(self.ignored)} ignored)"
        )


# --------------------------------------------------------------------------- #
# Finding the files
# --------------------------------------------------------------------------- #


def _skipped(name: str) -> bool:
    # Hidden files and the lock files Word and Excel leave beside an open document.
    return name.startswith((".", "~$"))


def _is_plan_file(name: str) -> bool:
    return not _skipped(name) and os.path.splitext(name)[1].lower() in PLAN_EXTENSIONS


def expand(
    paths: Iterable[str | os.PathLike[str]],
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> tuple[list[str], list[ReadFailure], list[str]]:
    """The plan files under ``paths``, the paths that do not exist, the files ignored.

    A folder is walked recursively in sorted order (hidden folders skipped); a
    file named explicitly is kept whatever its extension. A file reached twice
    is kept once; a file of ``exclude`` (the table being written) is ignored.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("read_many() takes a list of paths; wrap a single path in a list")
    files: list[str] = []
    missing: list[ReadFailure] = []
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
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(names):
                    full = os.path.join(folder, name)
                    if _is_plan_file(name):
                        keep(full)
                    else:
                        ignored.append(full)
        elif os.path.exists(path):
            keep(path)
        else:
            missing.append(ReadFailure(path=path, reason="no such file or folder"))
    return files, missing, ignored


# --------------------------------------------------------------------------- #
# Reading one file (in a worker process, or in this one)
# --------------------------------------------------------------------------- #


def _read(path: str, **options: Any) -> Plan:
    """The plan in the file at ``path``: :func:`cchc_model.read`, checked to be a plan."""
    from cchc_model.formats._paths import read

    plan = read(path, **options)
    if not isinstance(plan, Plan):  # pragma: no cover - a third-party format's mistake
        raise TypeError(f"{path}: the file's format read a {type(plan).__name__}, not a Plan")
    return plan


def _reason(exc: BaseException, path: str) -> str:
    """The message of ``exc`` without the file name (the failure carries it)."""
    if isinstance(exc, CCHCError):
        where = exc.where or ""
        if where == path:
            where = ""
        elif where.startswith(f"{path}: "):
            where = where[len(path) + 2 :]
        return str(type(exc)(exc.reason, text=exc.text, span=exc.span, where=where or None))
    if isinstance(exc, OSError):
        return f"cannot read the file: {exc.strerror or exc}"
    # A bug or an unexpected input in a reader or a library below it: say
    # what it was rather than lose the other files.
    return f"unexpected {type(exc).__name__}: {exc}"


def _read_one(path: str, options: dict[str, Any]) -> Plan | ReadFailure:
    """Read one file; any failure becomes a :class:`ReadFailure` (sent back, not raised)."""
    try:
        return _read(path, **options)
    except Exception as exc:  # one broken file must not stop the rest
        return ReadFailure(path=path, reason=_reason(exc, path))


# --------------------------------------------------------------------------- #
# Many files
# --------------------------------------------------------------------------- #


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _in_notebook() -> bool:
    """True inside a Jupyter kernel (IPython's ZMQ shell), where tqdm.auto draws a widget."""
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)()
    return type(shell).__name__ == "ZMQInteractiveShell"


def _progress_bar(show: bool | None, total: int) -> Any:
    """A ``tqdm.auto`` bar on standard error, or None.

    ``show=None``: a bar when tqdm is installed and standard error is a
    terminal or the code runs in a notebook; ``True``: a bar, tqdm required.
    """
    if show is False or total == 0:
        return None
    if show is None and not (_in_notebook() or _is_terminal(sys.stderr)):
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if show:
            raise ImportError(
                "a progress bar needs tqdm: pip install 'cchc-model[progress]'"
            ) from None
        return None
    return tqdm(total=total, unit="file", desc="cchc", file=sys.stderr, leave=False)


def _preload(files: list[str]) -> None:
    # Import the readers the files need before the worker processes start:
    # forked workers then inherit them instead of each importing them again.
    from cchc_model import formats

    for suffix in {os.path.splitext(f)[1].lower() for f in files}:
        try:
            name = formats.format_for_path(f"file{suffix}")
            formats.get_serializer(name)
            if name == "docx":
                import docx  # noqa: F401 - python-docx, imported by the reader on first use
        except (CCHCError, ImportError):
            continue  # each such file fails in its worker, with the library's message


def _results(
    files: list[str],
    options: dict[str, Any],
    jobs: int,
    show_progress: bool | None,
    executor: cf.Executor | None,
) -> Iterator[tuple[int, Plan | ReadFailure]]:
    """``(index into files, plan or failure)`` as each file is done."""
    if executor is None and (jobs <= 1 or len(files) <= 1):
        bar = _progress_bar(show_progress, len(files))
        try:
            for i, path in enumerate(files):
                yield i, _read_one(path, options)
                if bar is not None:
                    bar.update(1)
        finally:
            if bar is not None:
                bar.close()
        return
    if executor is not None:
        yield from _collect(executor, files, options, jobs, show_progress)
        return
    _preload(files)
    with cf.ProcessPoolExecutor(max_workers=min(jobs, len(files))) as pool:
        yield from _collect(pool, files, options, jobs, show_progress)


def _collect(
    pool: cf.Executor,
    files: list[str],
    options: dict[str, Any],
    jobs: int,
    show_progress: bool | None,
) -> Iterator[tuple[int, Plan | ReadFailure]]:
    pending: dict[cf.Future[Plan | ReadFailure], int] = {}
    queue = iter(enumerate(files))

    def submit(count: int) -> None:
        for i, path in queue:
            pending[pool.submit(_read_one, path, options)] = i
            count -= 1
            if count == 0:
                return

    submit(jobs * _IN_FLIGHT_PER_JOB)
    # The bar (and the thread tqdm may start) only once the workers exist:
    # forking a process that runs threads is unsafe.
    bar = _progress_bar(show_progress, len(files))
    try:
        while pending:
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                i = pending.pop(future)
                outcome: Plan | ReadFailure
                try:
                    outcome = future.result()
                except Exception as exc:  # a worker died (BrokenProcessPool)
                    outcome = ReadFailure(
                        path=files[i],
                        reason=f"the reading process stopped ({type(exc).__name__}: {exc})",
                    )
                yield i, outcome
                if bar is not None:
                    bar.update(1)
            submit(len(done))
    finally:
        if bar is not None:
            bar.close()


def read_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    status_rules: StatusRules | None = None,
    show_progress: bool | None = None,
    executor: cf.Executor | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> ReadResult:
    """Read every plan file under ``paths`` (files and folders), in parallel.

    :param paths: files and folders. Folders are walked recursively and the
        files with an extension of ``PLAN_EXTENSIONS`` read (``.docx``,
        ``.json``, ``.csv``, ``.tsv``, ``.xlsx``, ``.pdf``; the format follows
        the extension, and a format this installation cannot read is a
        failure with the reason); other files are listed in
        :attr:`ReadResult.ignored`. A file named explicitly is always read.
    :param jobs: how many processes read at once; default: the number of CPUs
        this process may use. ``jobs=1`` reads in this process, one file
        after the other (as does a single file).
    :param status_rules: how Tiến độ texts are classified, for the readers
        that classify them (default: the built-in table).
    :param show_progress: a ``tqdm.auto`` progress bar (needs the extra
        ``progress``): ``None`` shows one when tqdm is installed and standard
        error is a terminal or this runs in a notebook.
    :param executor: a :class:`concurrent.futures.Executor` to read with
        instead of the processes :func:`read_many` starts (it is not shut
        down): e.g. a Dask cluster's ``client.get_executor()``, whose workers
        must see the same files. ``jobs`` then only sets how many files are
        handed out ahead (``jobs`` × 4).
    :param exclude: files not to read even when a folder holds them (listed as
        ignored): ``cchc rollup --to`` passes the table it writes.

    Each file is read with :func:`cchc_model.read` (the format from its
    extension). A file that cannot be read becomes a :class:`ReadFailure`
    with the library's reason; a path that does not exist too. The result
    lists the plans in the order of the files, whatever the number of jobs.
    """
    if jobs is None:
        jobs = _default_jobs()
    elif isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of processes, at least 1; got {jobs!r}")
    files, failures, ignored = expand(paths, exclude)
    options: dict[str, Any] = {}
    if status_rules is not None:
        options["status_rules"] = status_rules
    outcomes: list[Plan | ReadFailure | None] = [None] * len(files)
    for i, outcome in _results(files, options, jobs, show_progress, executor):
        outcomes[i] = outcome
    plans: dict[str, Plan] = {}
    for path, done in zip(files, outcomes, strict=True):
        if isinstance(done, Plan):
            plans[path] = done
        elif isinstance(done, ReadFailure):
            failures.append(done)
    return ReadResult(plans=plans, failures=failures, ignored=ignored)
