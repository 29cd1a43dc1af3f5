"""Handing files to worker processes: in order, a bounded number ahead, with a progress bar.

The machinery under :func:`cchc_model.read_many` and :func:`cchc_model.iter_many`,
apart from what they do with each file.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import os
import sys
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any, TypeVar

__all__ = ["default_jobs", "in_order", "progress_bar"]

T = TypeVar("T")


def default_jobs() -> int:
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


def progress_bar(show: bool | None, total: int) -> Any:
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


def in_order(
    pool: cf.Executor,
    files: list[str],
    work: Callable[[str], T],
    ahead: int,
    broken: Callable[[str, BaseException], T],
) -> Iterator[T]:
    """``work(path)`` for each file through ``pool``, in the order of ``files``.

    The first ``ahead`` files are handed out at once (a process pool starts
    its workers then); after that, one more each time one is taken. So what
    waits to be taken (plans read but not yet used) stays bounded, whatever
    the number of files and however slow the one at the head. A file whose
    worker died gives ``broken(path, exception)``.
    """
    queue = iter(files)
    pending = collections.deque((path, _submit(pool, work, path)) for path in islice(queue, ahead))
    return _taken(pool, queue, pending, work, broken)


def _submit(pool: cf.Executor, work: Callable[[str], T], path: str) -> cf.Future[T]:
    try:
        return pool.submit(work, path)
    except cf.BrokenExecutor as exc:  # no worker left: this file's future holds why
        future: cf.Future[T] = cf.Future()
        future.set_exception(exc)
        return future


def _taken(
    pool: cf.Executor,
    queue: Iterator[str],
    pending: collections.deque[tuple[str, cf.Future[T]]],
    work: Callable[[str], T],
    broken: Callable[[str, BaseException], T],
) -> Iterator[T]:
    while pending:
        path, future = pending.popleft()
        try:
            outcome = future.result()
        except cf.BrokenExecutor as exc:  # a worker died (killed, out of memory)
            outcome = broken(path, exc)
        for following in islice(queue, 1):  # keep the workers busy while this one is used
            pending.append((following, _submit(pool, work, following)))
        yield outcome
