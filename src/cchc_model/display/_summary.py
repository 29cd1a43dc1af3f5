"""The ``summary`` format: the report's Vietnamese summary lines (writes only)."""

from __future__ import annotations

import warnings
from typing import Any

from cchc_model.figures._progress import Progress, progress, render_summary
from cchc_model.formats._common import dump_only
from cchc_model.model import Plan
from cchc_model.model.rules import TaskRuleLike

__all__ = ["SummarySerializer", "paragraph"]


def _n(count: int) -> str:
    # The reports write counts below 10 with a leading zero ("06 hoạt động").
    return f"{count:02d}"


def paragraph(progress: Progress, *, style: str = "paragraph") -> str:
    """The summary figures of ``progress`` as one paragraph of Vietnamese prose.

    What :func:`~cchc_model.render_summary` gives with ``style="paragraph"``: the
    sentence a report's body says, with the figures of the summary lines (counts
    below 10 zero-padded, as the reports print them; a clause for a count of 0 is
    left out).

    >>> from cchc_model import progress, render_summary
    >>> from cchc_model.examples import thanh_xa_2023
    >>> import textwrap
    >>> text = render_summary(progress(thanh_xa_2023()), style="paragraph")
    >>> print(textwrap.fill(text, 90))
    Tổng số 25 nhiệm vụ và 38 hoạt động; đã thực hiện hoàn thành 20/25 nhiệm vụ, đạt 80% kế
    hoạch, và 30/38 hoạt động, đạt 79% kế hoạch; 06 hoạt động đã và đang triển khai thực hiện;
    02 hoạt động chưa đến thời điểm thực hiện.
    >>> chr(10) in text
    False
    """
    if style != "paragraph":
        raise ValueError(f"style must be 'lines' or 'paragraph', got {style!r}")
    t, a = progress.tasks, progress.activities
    clauses = [
        f"Tổng số {_n(t.total)} nhiệm vụ và {_n(a.total)} hoạt động",
        f"đã thực hiện hoàn thành {_n(t.completed)}/{_n(t.total)} nhiệm vụ, đạt "
        f"{t.percent}% kế hoạch, và {_n(a.completed)}/{_n(a.total)} hoạt động, đạt "
        f"{a.percent}% kế hoạch",
    ]
    if a.in_progress:
        clauses.append(f"{_n(a.in_progress)} hoạt động đã và đang triển khai thực hiện")
    if a.not_due:
        clauses.append(f"{_n(a.not_due)} hoạt động chưa đến thời điểm thực hiện")
    if a.overdue:
        clauses.append(f"{_n(a.overdue)} hoạt động chậm tiến độ, chưa thực hiện")
    return "; ".join(clauses) + "."


class SummarySerializer:
    """:func:`~cchc_model.render_summary` of a plan (or of a :class:`~cchc_model.Progress`).

    ``dumps`` options: ``task_rule`` — the task rule, ``"at_least_half"`` (default),
    ``"strict"``, any registered name or any callable (see :mod:`cchc_model.model.rules`);
    ignored for a :class:`~cchc_model.Progress`, which was computed with its own rule
    (``rule`` is its former name: it still works, with a :class:`DeprecationWarning`);
    ``style`` —
    ``"lines"`` (default) or ``"paragraph"`` (one paragraph of prose).
    """

    extensions: tuple[str, ...] = ()
    binary = False
    description = "the report's Vietnamese summary lines (writes only)"

    def dumps(
        self,
        obj: Plan | Progress,
        *,
        task_rule: TaskRuleLike = "at_least_half",
        rule: TaskRuleLike | None = None,
        style: str = "lines",
    ) -> str:
        if isinstance(obj, Progress):
            return render_summary(obj, style=style)
        if not isinstance(obj, Plan):
            raise TypeError(
                f"the 'summary' format writes a Plan or a Progress, got {type(obj).__name__}"
            )
        if rule is not None:
            if task_rule != "at_least_half":
                raise TypeError("give task_rule= only (rule= is its former name)")
            warnings.warn(
                'dumps(format="summary", rule=...) is now task_rule=...',
                DeprecationWarning,
                stacklevel=4,  # the caller of cchc_model.dumps
            )
            task_rule = rule
        return render_summary(progress(obj, task_rule=task_rule), style=style)

    def loads(self, data: str | bytes, **options: Any) -> Plan:
        raise dump_only("summary")
