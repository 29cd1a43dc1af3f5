"""The progress calculator, the Vietnamese summary and reconciliation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from cchc_model.model import Activity, Bucket, Plan, Section, StatusKind, Task
from cchc_model.rules import TaskRule, at_least_half

__all__ = [
    "Discrepancy",
    "Progress",
    "SectionProgress",
    "Tally",
    "progress",
    "reconcile",
    "render_summary",
]


def percent(part: int, whole: int) -> int:
    """``part / whole`` as a whole percent, rounded half up; 0 when ``whole`` is 0.

    >>> percent(30, 38), percent(20, 25), percent(1, 8)
    (79, 80, 13)
    """
    if whole <= 0:
        return 0
    # Integer arithmetic: round(78.947...) without float surprises at .5.
    return (200 * part + whole) // (2 * whole)


def _frozen_counts(value: Mapping[Any, int]) -> Mapping[StatusKind, int]:
    return MappingProxyType({StatusKind(k): int(v) for k, v in value.items() if v})


@attrs.frozen(kw_only=True)
class Tally:
    """Counts of one kind of item (tasks or activities) by summary bucket.

    ``completed + in_progress + not_due + overdue == total`` always holds.
    ``kinds`` counts activities by :class:`~cchc_model.StatusKind` (kinds with
    no activity are left out; empty for a task tally, since tasks have no
    status of their own).

    >>> t = Tally(total=38, completed=30, in_progress=6, not_due=2)
    >>> t.percent
    79
    >>> t + t
    Tally(total=76, completed=60, in_progress=12, not_due=4, overdue=0, kinds={})
    """

    total: int = 0
    completed: int = 0
    in_progress: int = 0
    not_due: int = 0
    overdue: int = 0
    kinds: Mapping[StatusKind, int] = attrs.field(
        factory=dict, converter=_frozen_counts, hash=False, repr=lambda m: repr(dict(m))
    )

    def __attrs_post_init__(self) -> None:
        parts = self.completed + self.in_progress + self.not_due + self.overdue
        if (
            parts != self.total
            or min(self.total, self.completed, self.in_progress, self.not_due, self.overdue) < 0
        ):
            raise ValueError(
                f"tally does not add up: {self.completed} + {self.in_progress} + "
                f"{self.not_due} + {self.overdue} != {self.total}"
            )

    @property
    def percent(self) -> int:
        """Completed as a whole percent of the total, rounded half up."""
        return percent(self.completed, self.total)

    def count(self, kind: StatusKind | str) -> int:
        """How many activities have status kind ``kind``."""
        return self.kinds.get(StatusKind(kind), 0)

    def _repr_html_(self) -> str:
        from cchc_model._display import html

        return html(self)

    def __add__(self, other: object) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        kinds = Counter(self.kinds)
        kinds.update(other.kinds)
        return Tally(
            total=self.total + other.total,
            completed=self.completed + other.completed,
            in_progress=self.in_progress + other.in_progress,
            not_due=self.not_due + other.not_due,
            overdue=self.overdue + other.overdue,
            kinds=kinds,
        )

    @classmethod
    def of_activities(cls, activities: Iterable[Activity]) -> Tally:
        """Count activities by the bucket of their status kind."""
        kinds = Counter(a.status.kind for a in activities)
        buckets: Counter[Bucket] = Counter()
        for kind, n in kinds.items():
            buckets[kind.bucket] += n
        return cls(
            total=sum(kinds.values()),
            completed=buckets[Bucket.COMPLETED],
            in_progress=buckets[Bucket.IN_PROGRESS],
            not_due=buckets[Bucket.NOT_DUE],
            overdue=buckets[Bucket.OVERDUE],
            kinds=kinds,
        )


def task_bucket(task: Task, rule: TaskRule) -> Bucket:
    """The bucket a task falls in under ``rule``.

    A task the rule calls completed is *completed*; otherwise it is *not due*
    when none of its activities is due yet, *overdue* when one of them is
    late or not started, and *in progress* otherwise.
    """
    if rule(task):
        return Bucket.COMPLETED
    buckets = {a.status.kind.bucket for a in task.activities}
    if buckets == {Bucket.NOT_DUE}:
        return Bucket.NOT_DUE
    if Bucket.OVERDUE in buckets:
        return Bucket.OVERDUE
    return Bucket.IN_PROGRESS


def _tally_tasks(tasks: Iterable[Task], rule: TaskRule) -> tuple[Tally, tuple[Task, ...]]:
    buckets: Counter[Bucket] = Counter()
    open_tasks = []
    for task in tasks:
        bucket = task_bucket(task, rule)
        buckets[bucket] += 1
        if bucket is not Bucket.COMPLETED:
            open_tasks.append(task)
    tally = Tally(
        total=sum(buckets.values()),
        completed=buckets[Bucket.COMPLETED],
        in_progress=buckets[Bucket.IN_PROGRESS],
        not_due=buckets[Bucket.NOT_DUE],
        overdue=buckets[Bucket.OVERDUE],
    )
    return tally, tuple(open_tasks)


@attrs.frozen(kw_only=True)
class SectionProgress:
    """The tallies of one section."""

    numeral: str
    title: str
    tasks: Tally
    activities: Tally

    @property
    def percent(self) -> int:
        """Completed activities as a whole percent, rounded half up."""
        return self.activities.percent

    def _repr_html_(self) -> str:
        from cchc_model._display import html

        return html(self)


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
    sections: tuple[SectionProgress, ...] = ()
    open_tasks: tuple[tuple[int, ...], ...] = ()
    rule: str = "at_least_half"

    @property
    def percent(self) -> int:
        """Completed activities as a whole percent of all activities, rounded half up."""
        return self.activities.percent

    def section(self, numeral: str) -> SectionProgress:
        """The tallies of section ``numeral``; :class:`KeyError` if there is none."""
        for s in self.sections:
            if s.numeral == numeral:
                return s
        raise KeyError(numeral)

    def _repr_html_(self) -> str:
        from cchc_model._display import html

        return html(self)

    def _repr_markdown_(self) -> str:
        from cchc_model._display import markdown

        return markdown(self)


def _rule_name(rule: TaskRule) -> str:
    return getattr(rule, "__name__", None) or type(rule).__name__


def _section_progress(section: Section, rule: TaskRule) -> tuple[SectionProgress, tuple[Task, ...]]:
    tasks, open_tasks = _tally_tasks(section.tasks, rule)
    return (
        SectionProgress(
            numeral=section.numeral,
            title=section.title,
            tasks=tasks,
            activities=Tally.of_activities(section.activities()),
        ),
        open_tasks,
    )


def progress(plan: Plan, task_rule: TaskRule = at_least_half) -> Progress:
    """Compute the progress figures of ``plan`` from its table.

    :param task_rule: when a task counts as completed; see :mod:`cchc_model.rules`.

    >>> from cchc_model import progress
    >>> from cchc_model.examples import thanh_xa_2023
    >>> p = progress(thanh_xa_2023())
    >>> p.tasks.completed, p.tasks.total, p.tasks.percent
    (20, 25, 80)
    >>> p.activities.completed, p.activities.total, p.percent
    (30, 38, 79)
    >>> p.activities.in_progress, p.activities.not_due
    (6, 2)
    >>> p.open_tasks
    ((9, 10), (24,), (25,), (26,), (30,))
    """
    sections = []
    open_tasks: list[tuple[int, ...]] = []
    for section in plan.sections:
        sp, open_ = _section_progress(section, task_rule)
        sections.append(sp)
        open_tasks.extend(t.numbers for t in open_)
    tasks = Tally()
    activities = Tally()
    for sp in sections:
        tasks += sp.tasks
        activities += sp.activities
    return Progress(
        tasks=tasks,
        activities=activities,
        sections=tuple(sections),
        open_tasks=tuple(open_tasks),
        rule=_rule_name(task_rule),
    )


def _n(count: int) -> str:
    # The reports write counts below 10 with a leading zero ("06 hoạt động").
    return f"{count:02d}"


def render_summary(progress: Progress) -> str:
    """The report's summary lines, in Vietnamese, from ``progress``.

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
    t, a = progress.tasks, progress.activities
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


#: Published figure → how to read it from a :class:`Progress`, with its Vietnamese label.
_FIGURES: tuple[tuple[str, str, Any], ...] = (
    ("tasks_total", "tổng số nhiệm vụ", lambda p: p.tasks.total),
    ("tasks_completed", "nhiệm vụ hoàn thành", lambda p: p.tasks.completed),
    ("tasks_percent", "tỷ lệ nhiệm vụ hoàn thành (%)", lambda p: p.tasks.percent),
    ("activities_total", "tổng số hoạt động", lambda p: p.activities.total),
    ("activities_completed", "hoạt động hoàn thành", lambda p: p.activities.completed),
    ("activities_percent", "tỷ lệ hoạt động hoàn thành (%)", lambda p: p.activities.percent),
    ("activities_in_progress", "hoạt động đang triển khai", lambda p: p.activities.in_progress),
    ("activities_not_due", "hoạt động chưa đến thời điểm", lambda p: p.activities.not_due),
)


@attrs.frozen(kw_only=True)
class Discrepancy:
    """A figure a report published that its own table does not yield."""

    figure: str
    label: str
    published: int
    computed: int

    def __str__(self) -> str:
        return (
            f"{self.figure} ({self.label}): the report says {self.published}, "
            f"its table gives {self.computed}"
        )


def reconcile(plan: Plan, task_rule: TaskRule = at_least_half) -> tuple[Discrepancy, ...]:
    """Compare the figures ``plan``'s report published with those its table yields.

    Returns one :class:`Discrepancy` per figure that differs (figures the
    report did not state are skipped); an empty tuple when all agree, or when
    nothing was published.

    >>> from cchc_model import reconcile, rules
    >>> from cchc_model.examples import thanh_xa_2023
    >>> reconcile(thanh_xa_2023())
    ()
    >>> for d in reconcile(thanh_xa_2023(), task_rule=rules.strict):
    ...     print(d)
    tasks_completed (nhiệm vụ hoàn thành): the report says 20, its table gives 18
    tasks_percent (tỷ lệ nhiệm vụ hoàn thành (%)): the report says 80, its table gives 72
    """
    if plan.published is None:
        return ()
    computed = progress(plan, task_rule)
    found = []
    for name, label, read in _FIGURES:
        published = getattr(plan.published, name)
        if published is None:
            continue
        value = read(computed)
        if value != published:
            found.append(Discrepancy(figure=name, label=label, published=published, computed=value))
    return tuple(found)
