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

from cchc_model.figures._compare import (
    Comparison,
    FigureMove,
    ProductChange,
    StatusChange,
    TextChange,
    compare,
)
from cchc_model.figures._progress import (
    Discrepancy,
    Progress,
    SectionProgress,
    progress,
    reconcile,
    render_summary,
)
from cchc_model.figures._rollup import PlanRollup, Rollup, SectionRollup, rollup

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
