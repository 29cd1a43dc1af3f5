"""The ``summary`` format: the report's Vietnamese summary lines (writes only)."""

from __future__ import annotations

from typing import Any

from cchc_model._formats._common import dump_only
from cchc_model._progress import Progress, progress, render_summary
from cchc_model.model import Plan
from cchc_model.rules import TaskRule, at_least_half, strict

__all__ = ["SummarySerializer"]

_RULES: dict[str, TaskRule] = {"at_least_half": at_least_half, "strict": strict}


class SummarySerializer:
    """:func:`~cchc_model.render_summary` of a plan (or of a :class:`~cchc_model.Progress`).

    ``dumps`` option: ``rule`` — the task rule, ``"at_least_half"`` (default),
    ``"strict"`` or any callable (see :mod:`cchc_model.rules`); ignored for a
    :class:`~cchc_model.Progress`, which was computed with its own rule.
    """

    extensions: tuple[str, ...] = ()
    binary = False
    description = "the report's Vietnamese summary lines (writes only)"

    def dumps(self, obj: Plan | Progress, *, rule: str | TaskRule = "at_least_half") -> str:
        if isinstance(obj, Progress):
            return render_summary(obj)
        if not isinstance(obj, Plan):
            raise TypeError(
                f"the 'summary' format writes a Plan or a Progress, got {type(obj).__name__}"
            )
        if isinstance(rule, str):
            if rule not in _RULES:
                raise ValueError(
                    f"unknown task rule {rule!r}; use one of {sorted(_RULES)} or a callable"
                )
            rule = _RULES[rule]
        return render_summary(progress(obj, task_rule=rule))

    def loads(self, data: str | bytes, **options: Any) -> Plan:
        raise dump_only("summary")
