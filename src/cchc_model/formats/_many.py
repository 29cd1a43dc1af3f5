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
so memory grows with the plans kept, not with the size of the folder's files;
:func:`iter_many` hands the plans over one at a time instead of keeping them,
and :func:`~cchc_model.rollup` of it has the workers send back only each
plan's figures.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import gc
import os
import sys
from collections.abc import Generator, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from cchc_model.errors import CCHCError, FormatError
from cchc_model.figures._rollup import PlanRollup, plan_rollup
from cchc_model.formats._discover import PLAN_EXTENSIONS, NotAPlan, expand, is_rollup_table
from cchc_model.formats._workers import default_jobs, in_order, progress_bar
from cchc_model.model import Plan
from cchc_model.model.status import load_rules

if TYPE_CHECKING:
    from cchc_model.model.rules import TaskRule
    from cchc_model.model.status import StatusRulesSource

__all__ = ["PLAN_EXTENSIONS", "PlanStream", "ReadFailure", "ReadResult", "iter_many", "read_many"]

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
        extension is not in ``PLAN_EXTENSIONS``, or they are hidden or an office
        program's lock file ``~$…``), and roll-up tables that ``cchc rollup --to``
        wrote among the reports in an earlier run.
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

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled and copied through its fields, the read-only view as a dict.
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(ReadResult)}
        return _read_result, ({**fields, "plans": dict(self.plans)},)

    def __repr__(self) -> str:
        return (
            f"ReadResult({_count(len(self.plans), 'plan')}, "
            f"{_count(len(self.failures), 'failure')}, {len(self.ignored)} ignored)"
        )


def _read_result(fields: dict[str, Any]) -> ReadResult:
    return ReadResult(**fields)


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
        reason = f"{where}: {exc.reason}" if where else exc.reason
        if exc.text is not None and not isinstance(exc, FormatError):
            quoted = repr(" ".join(exc.text.split())[:80])
            if quoted not in reason:  # the reason may quote the text already
                reason += f" (in {quoted})"
        return reason  # one line: a list of failures is read line by line
    if isinstance(exc, OSError):
        return f"cannot read the file: {exc.strerror or exc}"
    # A bug or an unexpected input in a reader or a library below it: say
    # what it was rather than lose the other files.
    return f"unexpected {type(exc).__name__}: {exc}"


def _read_one(path: str, options: dict[str, Any], task_rule: TaskRule | None = None) -> Outcome:
    """Read one file; any failure becomes a :class:`ReadFailure` (sent back, not raised).

    With ``task_rule``, what a roll-up keeps of the plan (about 1.5 KB to send
    back instead of the whole plan's 22 KB).
    """
    try:
        plan = _read(path, **options)
    except Exception as exc:  # one broken file must not stop the rest
        if is_rollup_table(path):
            return NotAPlan(path)
        return ReadFailure(path=path, reason=_reason(exc, path))
    return plan if task_rule is None else plan_rollup(path, plan, task_rule)


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


def _can_send(task_rule: TaskRule) -> bool:
    """Whether ``task_rule`` can go to a worker process: a function importable by its name.

    (How functions travel between processes: by module and name. A lambda, a
    function defined inside another or a callable object stays here.)
    """
    module = sys.modules.get(getattr(task_rule, "__module__", None) or "")
    found: Any = module
    for part in str(getattr(task_rule, "__qualname__", "<none>")).split("."):
        found = getattr(found, part, None)
    return found is task_rule


Outcome = Plan | PlanRollup | ReadFailure | NotAPlan


def _stopped(path: str, exc: BaseException) -> ReadFailure:
    return ReadFailure(
        path=path, reason=f"the reading process stopped ({type(exc).__name__}: {exc})"
    )


class PlanStream(Iterator[tuple[str, Plan]]):
    """The plans of many files as they are read: what :func:`iter_many` returns.

    An iterator of ``(path, plan)`` pairs, in the order of ``files``
    (whatever order the workers finish in), going through the files once.
    Only a few plans read ahead are held at a time: pass the stream to
    :func:`~cchc_model.rollup`, or use each plan and let it go, and memory
    stays that of a few plans however many files there are. The files that
    could not be read are added to :attr:`failures` as the stream reaches
    them; after the last pair it lists them all.

    :ivar files: the plan files found, in the order they are read.
    """

    def __init__(
        self,
        files: list[str],
        missing: list[ReadFailure],
        ignored: list[str],
        *,
        options: dict[str, Any],
        jobs: int,
        show_progress: bool | None,
        executor: cf.Executor | None,
    ) -> None:
        self.files: tuple[str, ...] = tuple(files)
        self._ignored = list(ignored)
        self._failures = list(missing)
        self._options = options
        self._jobs = jobs
        self._show_progress = show_progress
        self._executor = executor
        self._reading: Generator[tuple[str, Outcome], None, None] | None = None

    @property
    def ignored(self) -> tuple[str, ...]:
        """The files found in folders that are not plan files, then those read and
        found to be roll-up tables of an earlier run (not reports) so far."""
        return tuple(self._ignored)

    @property
    def failures(self) -> tuple[ReadFailure, ...]:
        """The paths that do not exist, then the files that could not be read so far."""
        return tuple(self._failures)

    def __next__(self) -> tuple[str, Plan]:
        if self._reading is None:
            self._reading = self._outcomes(None)
        for path, outcome in self._reading:
            if isinstance(outcome, Plan):
                return path, outcome
            if isinstance(outcome, PlanRollup):
                raise RuntimeError("this stream is being rolled up: its plans are counted apart")
        raise StopIteration

    def __repr__(self) -> str:
        return (
            f"<PlanStream of {_count(len(self.files), 'file')}, "
            f"{_count(len(self._failures), 'failure')} so far, "
            f"{len(self.ignored)} ignored>"
        )

    def close(self) -> None:
        """Stop reading: the worker processes are shut down (also when the stream is dropped)."""
        if self._reading is not None:
            self._reading.close()

    def rollups(self, task_rule: TaskRule) -> Iterator[PlanRollup]:
        """What :func:`~cchc_model.rollup` keeps of each plan, counted where it is read.

        The worker processes count each plan under ``task_rule`` and send
        back its :class:`~cchc_model.figures.PlanRollup`, not the plan (a rule
        that cannot be sent to another process, such as a lambda, is applied
        here). A stream already started goes on with the plans left.
        """
        if self._reading is not None:
            for path, plan in self:
                yield plan_rollup(path, plan, task_rule)
            return
        in_workers = self._executor is not None or self._jobs > 1
        sent = task_rule if not in_workers or _can_send(task_rule) else None
        self._reading = self._outcomes(sent)
        for path, outcome in self._reading:
            if isinstance(outcome, Plan):  # the rule stayed here
                yield plan_rollup(path, outcome, task_rule)
            elif isinstance(outcome, PlanRollup):
                yield outcome

    def _outcomes(self, task_rule: TaskRule | None) -> Generator[tuple[str, Outcome], None, None]:
        """Each file and its plan (or roll-up figures) or failure, in order; failures noted."""
        files = list(self.files)
        work = functools.partial(_read_one, options=self._options, task_rule=task_rule)
        ahead = self._jobs * _IN_FLIGHT_PER_JOB
        own_pool = None
        outcomes: Iterator[Outcome]
        if self._executor is not None:
            outcomes = in_order(self._executor, files, work, ahead, _stopped)
        elif self._jobs > 1 and len(files) > 1:
            _preload(files)
            own_pool = cf.ProcessPoolExecutor(max_workers=min(self._jobs, len(files)))
            # Forked workers share this process's memory until they write to it,
            # and a garbage collection writes to every object it looks at:
            # frozen, the inherited objects are left alone (see gc.freeze).
            gc.freeze()
            try:
                outcomes = in_order(own_pool, files, work, ahead, _stopped)  # workers start
            finally:
                gc.unfreeze()
        else:
            outcomes = map(work, files)
        # The bar (and the thread tqdm may start) only now that the workers
        # exist: forking a process that runs threads is unsafe.
        bar = progress_bar(self._show_progress, len(files))
        try:
            for path, outcome in zip(files, outcomes, strict=True):
                if isinstance(outcome, ReadFailure):
                    self._failures.append(outcome)
                elif isinstance(outcome, NotAPlan):
                    self._ignored.append(path)
                if bar is not None:
                    bar.update(1)
                yield path, outcome
        finally:
            if bar is not None:
                bar.close()
            if own_pool is not None:
                own_pool.shutdown(cancel_futures=True)


def iter_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    status_rules: StatusRulesSource = None,
    show_progress: bool | None = None,
    executor: cf.Executor | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> PlanStream:
    """The plans of every plan file under ``paths``, as they are read: a :class:`PlanStream`.

    The same reading as :func:`read_many` (same arguments, files, order and
    failures), but the plans are handed over one at a time instead of kept
    together: for more files than fit in memory, or to start using the first
    plans while the others are read. The files are listed at once (folders
    walked); reading starts with the first pair asked for.

    >>> import pathlib, tempfile
    >>> import cchc_model
    >>> from cchc_model.examples import thanh_xa_2023
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> text = cchc_model.dumps(thanh_xa_2023(), format="json")
    >>> for i in range(3):
    ...     _ = (folder / f"xa-{i}.json").write_text(text)
    >>> _ = (folder / "broken.json").write_text("{")
    >>> stream = cchc_model.iter_many([folder], jobs=2)
    >>> r = cchc_model.rollup(stream)  # counted in the workers; no plan kept
    >>> len(r.plans), r.activities.completed, [pathlib.Path(f.path).name for f in stream.failures]
    (3, 90, ['broken.json'])
    """
    if jobs is None:
        jobs = default_jobs()
    elif isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of processes, at least 1; got {jobs!r}")
    if isinstance(status_rules, (str, os.PathLike)):
        exclude = (*exclude, status_rules)  # a rules file kept beside the reports is not one
    files, unreadable, ignored = expand(paths, exclude)
    missing = [ReadFailure(path=p, reason=reason) for p, reason in unreadable]
    options: dict[str, Any] = {}
    if status_rules is not None:  # a rules file is read once, here, not by each worker
        options["status_rules"] = load_rules(status_rules)
    return PlanStream(
        files,
        missing,
        ignored,
        options=options,
        jobs=jobs,
        show_progress=show_progress,
        executor=executor,
    )


def read_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    status_rules: StatusRulesSource = None,
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
    It keeps every plan; :func:`iter_many` hands them over one at a time.
    """
    stream = iter_many(
        paths,
        jobs=jobs,
        status_rules=status_rules,
        show_progress=show_progress,
        executor=executor,
        exclude=exclude,
    )
    plans = dict(stream)
    return ReadResult(plans=plans, failures=stream.failures, ignored=stream.ignored)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
