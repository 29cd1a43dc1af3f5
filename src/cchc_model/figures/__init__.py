"""The figures of a report: progress of one plan, roll-ups of many, comparisons of two.

:func:`progress` counts a plan as its report does (tasks done by the task rule,
activities by the kind of their Tiến độ), :func:`reconcile` checks a report's own
figures against its table, :func:`rollup` sums many plans and :func:`compare` lines
up two reports of one plan. Everything here is derived from the plans; nothing is
stored beside them. (The package is not called ``progress``: that is the function.)

>>> from cchc_model.examples import thanh_xa_2023
>>> from cchc_model.figures import progress
>>> p = progress(thanh_xa_2023())
>>> p.tasks_percent, p.activities_percent
(80, 79)
"""

from typing import TYPE_CHECKING

from cchc_model._lazy import attach
from cchc_model.figures._progress import Progress, SectionProgress, progress, render_summary

if TYPE_CHECKING:
    from cchc_model.figures._compare import (
        Comparison,
        FigureMove,
        ProductChange,
        StatusChange,
        TextChange,
        compare,
    )
    from cchc_model.figures._reconcile import Discrepancy, reconcile
    from cchc_model.figures._rollup import PlanRollup, Rollup, SectionRollup, rollup

#: Imported on first use: a program that counts one plan does not build the
#: classes of roll-ups, comparisons and reconciliations (several milliseconds
#: of `import cchc_model`; see docs/performance.md).
_LAZY = {
    "Comparison": "cchc_model.figures._compare",
    "FigureMove": "cchc_model.figures._compare",
    "ProductChange": "cchc_model.figures._compare",
    "StatusChange": "cchc_model.figures._compare",
    "TextChange": "cchc_model.figures._compare",
    "compare": "cchc_model.figures._compare",
    "Discrepancy": "cchc_model.figures._reconcile",
    "reconcile": "cchc_model.figures._reconcile",
    "PlanRollup": "cchc_model.figures._rollup",
    "Rollup": "cchc_model.figures._rollup",
    "SectionRollup": "cchc_model.figures._rollup",
    "rollup": "cchc_model.figures._rollup",
}

__all__ = [
    "Comparison",
    "Discrepancy",
    "FigureMove",
    "PlanRollup",
    "ProductChange",
    "Progress",
    "Rollup",
    "SectionProgress",
    "SectionRollup",
    "StatusChange",
    "TextChange",
    "compare",
    "progress",
    "reconcile",
    "render_summary",
    "rollup",
]

if not TYPE_CHECKING:  # type checkers see the imports above, not a catch-all __getattr__
    __getattr__, __dir__ = attach(__name__, _LAZY, __all__)
