"""The ``summary`` format: the report's Vietnamese summary lines (writes only)."""

from __future__ import annotations

from typing import Any

from cchc_model._formats._common import dump_only
from cchc_model._progress import Progress, progress, render_summary
from cchc_model.model import Plan
from cchc_model.rules import TaskRuleLike

__all__ = ["SummarySerializer"]


class SummarySerializer:
    """:func:`~cchc_model.render_summary` of a plan (or of a :class:`~cchc_model.Progress`).

    ``dumps`` option: ``task_rule`` — the task rule, ``"at_least_half"`` (default),
    ``"strict"``, any registered name or any callable (see :mod:`cchc_model.rules`);
    ignored for a :class:`~cchc_model.Progress`, which was computed with its own rule.
    ``rule`` is the former name of ``task_rule``, still accepted.
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
    ) -> str:
        if isinstance(obj, Progress):
            return render_summary(obj)
        if not isinstance(obj, Plan):
            raise TypeError(
                f"the 'summary' format writes a Plan or a Progress, got {type(obj).__name__}"
            )
        return render_summary(progress(obj, task_rule=task_rule if rule is None else rule))

    def loads(self, data: str | bytes, **options: Any) -> Plan:
        raise dump_only("summary")
