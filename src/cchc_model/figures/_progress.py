"""The progress calculator and the Vietnamese summary.

Counting is done where the facts are: a :class:`~cchc_model.Task`, a
:class:`~cchc_model.Section` and a :class:`~cchc_model.Plan`, being immutable,
count their activities by status kind once (their ``activity_tally``), and
:func:`progress` only decides each task under the task rule and adds up.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

if TYPE_CHECKING:
    from cchc_model.figures._rollup import Rollup

from cchc_model.model import Plan, rules
from cchc_model.model._tally import Tally
from cchc_model.model.rules import TaskRule, TaskRuleLike, at_least_half

__all__ = [
    "Progress",
    "SectionProgress",
    "progress",
    "render_summary",
]


@attrs.frozen(kw_only=True)
class SectionProgress:
    """The tallies of one section."""

    numeral: str
    title: str
    tasks: Tally
    activities: Tally

    @property
    def tasks_percent(self) -> int:
        """Completed tasks as a whole percent of the section's tasks, rounded half up."""
        return self.tasks.percent

    @property
    def activities_percent(self) -> int:
        """Completed activities as a whole percent of the section's, rounded half up."""
        return self.activities.percent

    def to_dict(self) -> dict[str, Any]:
        """The section's figures as a JSON-ready dict."""
        return {
            "numeral": self.numeral,
            "title": self.title,
            "tasks": self.tasks.to_dict(),
            "activities": self.activities.to_dict(),
        }

    def _repr_html_(self) -> str:
        from cchc_model.display._render import html

        return html(self)


#: One section as progress() counts it: numeral, title, its activity tally and
#: its tasks by bucket (completed, in progress, not due, overdue).
SectionCounts = tuple[str, str, Tally, tuple[int, int, int, int]]


class Figure(NamedTuple):
    """A headline figure: its name in tables and files, its Vietnamese label, and
    the tally of a :class:`Progress` (``tasks`` or ``activities``) and attribute
    that hold it."""

    name: str
    label: str
    tally: str
    attribute: str


#: The headline figures of a report, in the order tables and files give them:
#: the one list that the roll-up table, DataFrames, compare() and reconcile() use.
FIGURES: tuple[Figure, ...] = (
    Figure("tasks_total", "tổng số nhiệm vụ", "tasks", "total"),
    Figure("tasks_completed", "nhiệm vụ hoàn thành", "tasks", "completed"),
    Figure("tasks_percent", "tỷ lệ nhiệm vụ hoàn thành (%)", "tasks", "percent"),
    Figure("activities_total", "tổng số hoạt động", "activities", "total"),
    Figure("activities_completed", "hoạt động hoàn thành", "activities", "completed"),
    Figure("activities_in_progress", "hoạt động đang triển khai", "activities", "in_progress"),
    Figure("activities_not_due", "hoạt động chưa đến thời điểm", "activities", "not_due"),
    Figure("activities_overdue", "hoạt động chậm, chưa thực hiện", "activities", "overdue"),
    Figure("activities_percent", "tỷ lệ hoạt động hoàn thành (%)", "activities", "percent"),
)

#: The names of the headline figures, in order.
HEADLINE_FIGURES: tuple[str, ...] = tuple(f.name for f in FIGURES)


def headline_figures(tasks: Tally, activities: Tally) -> dict[str, int]:
    """The headline figures of a report by the names tables and files give them."""
    tallies = {"tasks": tasks, "activities": activities}
    return {f.name: getattr(tallies[f.tally], f.attribute) for f in FIGURES}


def task_tally(counts: Sequence[int]) -> Tally:
    """The Tally of tasks counted by bucket: completed, in progress, not due, overdue."""
    if not counts:
        return Tally()
    completed, in_progress, not_due, overdue = counts
    return Tally(
        total=completed + in_progress + not_due + overdue,
        completed=completed,
        in_progress=in_progress,
        not_due=not_due,
        overdue=overdue,
    )


def _section_progress(counts: SectionCounts) -> SectionProgress:
    numeral, title, activities, tasks = counts
    return SectionProgress(
        numeral=numeral,
        title=title,
        tasks=task_tally(tasks),
        activities=activities,
    )


@attrs.frozen(kw_only=True)
class Progress:
    """The figures of a plan under one task rule.

    :ivar tasks: the task tally (completed per the task rule).
    :ivar activities: the activity tally.
    :ivar sections: the same per section, in order.
    :ivar open_tasks: the activity numbers of each task that is not completed.
    :ivar rule: the name of the task rule used.
    """

    tasks: Tally
    activities: Tally
    #: The counts the per-section objects are built from, on first use.
    _section_counts: tuple[SectionCounts, ...] = attrs.field(
        default=(), alias="section_counts", repr=False
    )
    open_tasks: tuple[tuple[int, ...], ...] = ()
    rule: str = "at_least_half"

    @functools.cached_property
    def sections(self) -> tuple[SectionProgress, ...]:
        """The tallies of each section, in order."""
        return tuple(map(_section_progress, self._section_counts))

    @property
    def tasks_percent(self) -> int:
        """Completed tasks as a whole percent of all tasks, rounded half up."""
        return self.tasks.percent

    @property
    def activities_percent(self) -> int:
        """Completed activities as a whole percent of all activities, rounded half up."""
        return self.activities.percent

    def summary(self) -> str:
        """The report's Vietnamese summary lines (:func:`render_summary`)."""
        return render_summary(self)

    def to_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict (``json.dumps(p.to_dict())``).

        >>> from cchc_model.examples import thanh_xa_2023
        >>> d = progress(thanh_xa_2023()).to_dict()
        >>> d["task_rule"], d["tasks"]["percent"], d["activities"]["percent"], len(d["sections"])
        ('at_least_half', 80, 79, 7)
        """
        return {
            "task_rule": self.rule,
            "tasks": self.tasks.to_dict(),
            "activities": self.activities.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "open_tasks": [list(numbers) for numbers in self.open_tasks],
        }

    def to_dataframe(self) -> Any:
        """One row per section (``formats.dataframes.progress_frame``; needs pandas)."""
        from cchc_model.formats.dataframes import progress_frame

        return progress_frame(self)

    def section(self, numeral: str) -> SectionProgress:
        """The tallies of section ``numeral``; :class:`KeyError` if there is none."""
        for s in self.sections:
            if s.numeral == numeral:
                return s
        raise KeyError(numeral)

    def _repr_html_(self) -> str:
        from cchc_model.display._render import html

        return html(self)

    def _repr_markdown_(self) -> str:
        from cchc_model.display._render import markdown

        return markdown(self)


def _count(plan: Plan, rule: TaskRule) -> Progress:
    """``progress(plan, rule)``, arguments checked: each task decided by the rule, then added up."""
    section_counts = []
    open_tasks = []
    for section in plan.sections:
        done = in_progress = not_due = overdue = 0
        for task in section.tasks:
            if rule(task):
                done += 1
                continue
            open_tasks.append(task.numbers)
            # A task the rule does not call completed is not due when none of its
            # activities is due yet, overdue when one is late or not started, and
            # in progress otherwise.
            counts = task.activity_tally
            if counts.not_due == counts.total:
                not_due += 1
            elif counts.overdue:
                overdue += 1
            else:
                in_progress += 1
        section_counts.append(
            (
                section.numeral,
                section.title,
                section.activity_tally,
                (done, in_progress, not_due, overdue),
            )
        )
    tasks = [sum(column) for column in zip(*(row[3] for row in section_counts), strict=True)]
    return Progress(
        tasks=task_tally(tasks),
        activities=plan.activity_tally,
        section_counts=tuple(section_counts),
        open_tasks=tuple(open_tasks),
        rule=rules.name_of(rule),
    )


def progress(plan: Plan, task_rule: TaskRuleLike = at_least_half) -> Progress:
    """Compute the progress figures of ``plan`` from its table.

    :param task_rule: when a task counts as completed: a rule or its name
        (``"at_least_half"``, ``"strict"``, any registered name); see :mod:`cchc_model.model.rules`.

    >>> from cchc_model import progress
    >>> from cchc_model.examples import thanh_xa_2023
    >>> p = progress(thanh_xa_2023())
    >>> p.tasks.completed, p.tasks.total, p.tasks.percent
    (20, 25, 80)
    >>> p.activities.completed, p.activities.total, p.activities_percent
    (30, 38, 79)
    >>> p.activities.in_progress, p.activities.not_due
    (6, 2)
    >>> p.open_tasks
    ((9, 10), (24,), (25,), (26,), (30,))
    """
    return _count(plan, _check_arguments("progress", plan, task_rule))


def _check_arguments(function: str, plan: object, task_rule: TaskRuleLike) -> TaskRule:
    """The task rule; a TypeError naming what ``function`` takes, for a wrong ``plan``."""
    if not isinstance(plan, Plan):
        hint = (
            " (read the file first: cchc_model.loads(path.read_text()))"
            if isinstance(plan, (str, bytes, os.PathLike))
            else ""
        )
        raise TypeError(f"{function}() takes a Plan, got {type(plan).__name__}{hint}")
    return rules.get(task_rule)


def _n(count: int) -> str:
    # The reports write counts below 10 with a leading zero ("06 hoạt động").
    return f"{count:02d}"


def render_summary(progress: Progress | Rollup, *, style: str = "lines") -> str:
    """The report's summary lines, in Vietnamese, from a Progress or a Rollup.

    ``style="paragraph"`` gives the same figures as one paragraph of prose, for the
    body of a report.

    Counts below 10 are zero-padded as the reports print them. A line for
    overdue activities (late or not started) is added only when there are any.

    >>> from cchc_model import progress, render_summary
    >>> from cchc_model.examples import thanh_xa_2023
    >>> print(render_summary(progress(thanh_xa_2023())))
    Tổng số 25 nhiệm vụ và 38 hoạt động
    Thực hiện hoàn thành 20/25 nhiệm vụ, đạt 80% kế hoạch
    Thực hiện hoàn thành 30/38 hoạt động, đạt 79% kế hoạch
    Đã và đang triển khai thực hiện 06 hoạt động
    Chưa đến thời điểm thực hiện 02 hoạt động
    """
    from cchc_model.figures._rollup import Rollup  # a roll-up imports this module

    given: object = progress  # checked: callers without a type checker pass anything
    if isinstance(given, Rollup):
        return render_summary(given.as_progress(), style=style)
    if not isinstance(given, Progress):
        hint = " (pass progress(plan))" if isinstance(given, Plan) else ""
        raise TypeError(
            f"render_summary() takes a Progress or a Rollup, got {type(given).__name__}{hint}"
        )
    if style == "paragraph":
        return _paragraph(given)
    if style != "lines":
        raise ValueError(f"style must be 'lines' or 'paragraph', got {style!r}")
    t, a = given.tasks, given.activities
    lines = [
        f"Tổng số {_n(t.total)} nhiệm vụ và {_n(a.total)} hoạt động",
        f"Thực hiện hoàn thành {_n(t.completed)}/{_n(t.total)} nhiệm vụ, đạt {t.percent}% kế hoạch",
        f"Thực hiện hoàn thành {_n(a.completed)}/{_n(a.total)} hoạt động, "
        f"đạt {a.percent}% kế hoạch",
        f"Đã và đang triển khai thực hiện {_n(a.in_progress)} hoạt động",
        f"Chưa đến thời điểm thực hiện {_n(a.not_due)} hoạt động",
    ]
    if a.overdue:
        lines.append(f"Chậm tiến độ, chưa thực hiện {_n(a.overdue)} hoạt động")
    return "\n".join(lines)


def _paragraph(progress: Progress) -> str:
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
