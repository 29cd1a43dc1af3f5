"""The ``summary`` format: the report's Vietnamese summary lines (writes only)."""

from __future__ import annotations

import warnings
from typing import Any

from cchc_model.figures._progress import Progress, progress, render_summary
from cchc_model.formats._common import dump_only
from cchc_model.model import Plan
from cchc_model.model.rules import TaskRuleLike

__all__ = ["SummarySerializer"]


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
