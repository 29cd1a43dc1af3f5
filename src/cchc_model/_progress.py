"""The progress calculator, the Vietnamese summary and reconciliation."""

from __future__ import annotations

import operator
import os
import struct
from collections.abc import Iterable, Iterator, Mapping
from itertools import compress
from typing import Any

import attrs

from cchc_model.errors import InvalidPlan
from cchc_model.model import Activity, Bucket, Plan, StatusKind, Task, _status_kind, is_count
from cchc_model.rules import TaskRule, at_least_half, strict

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
    if isinstance(value, _KindCounts):
        return value
    counts = [0] * len(_KINDS)
    for kind, n in value.items():
        if not is_count(n):
            raise InvalidPlan(f"kinds[{kind!r}] must be an int >= 0, got {n!r}", where="Tally")
        try:
            counts[_KIND_INDEX[_status_kind(kind)]] = n
        except InvalidPlan as exc:
            raise InvalidPlan(f"kinds: {exc.reason}", where="Tally") from None
    return _KindCounts(tuple(counts))


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
        counts = (self.total, self.completed, self.in_progress, self.not_due, self.overdue)
        if not all(map(is_count, counts)):
            raise InvalidPlan(
                f"a tally counts with ints >= 0, got {counts!r}"
                " (total, completed, in_progress, not_due, overdue)",
                where="Tally",
            )
        if sum(counts[1:]) != self.total:
            raise InvalidPlan(
                f"tally does not add up: {self.completed} + {self.in_progress} + "
                f"{self.not_due} + {self.overdue} != {self.total}",
                where="Tally",
            )
        if self.kinds:  # counts by kind, when given, are the bucket counts split up
            by_bucket = dict.fromkeys(Bucket, 0)
            for kind, n in self.kinds.items():
                by_bucket[kind.bucket] += n
            for bucket, n in by_bucket.items():
                if n != getattr(self, bucket.value):
                    raise InvalidPlan(
                        f"kinds do not add up to the buckets: {n} activities of the kinds"
                        f" in {bucket.value}, but {bucket.value}={getattr(self, bucket.value)}",
                        where="Tally",
                    )

    @property
    def percent(self) -> int:
        """Completed as a whole percent of the total, rounded half up."""
        return percent(self.completed, self.total)

    def count(self, kind: StatusKind | str) -> int:
        """How many activities have status kind ``kind``."""
        return self.kinds.get(_status_kind(kind), 0)

    def _repr_html_(self) -> str:
        from cchc_model._display import html

        return html(self)

    def __add__(self, other: object) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        kinds = _KindCounts(tuple(map(operator.add, _counts(self.kinds), _counts(other.kinds))))
        # Two valid tallies add up to a valid one: no need to check it again.
        return _new_tally(
            self.total + other.total,
            self.completed + other.completed,
            self.in_progress + other.in_progress,
            self.not_due + other.not_due,
            self.overdue + other.overdue,
            kinds=kinds,
        )

    @classmethod
    def of_activities(cls, activities: Iterable[Activity]) -> Tally:
        """Count activities by the bucket of their status kind."""
        weight = _KIND_WEIGHT
        packed = 0
        for activity in activities:
            packed += weight[activity.status.kind]
        return _activity_tally(packed)


_new = object.__new__


def _setters(cls: type, *names: str) -> tuple[Any, ...]:
    # The slots' own descriptors: the cheapest way to fill a frozen slotted
    # instance (cheaper than object.__setattr__, which looks each name up).
    return tuple(cls.__dict__[name].__set__ for name in names)


_TALLY_FIELDS = ("total", "completed", "in_progress", "not_due", "overdue", "kinds")


def _new_tally(
    total: int,
    completed: int,
    in_progress: int,
    not_due: int,
    overdue: int,
    *,
    kinds: Mapping[StatusKind, int],
) -> Tally:
    # The private constructor for counts that add up by construction: no
    # converter, no check. ``kinds`` must be an immutable mapping of nonzero
    # counts keyed by StatusKind. Public ``Tally(...)`` stays validated.
    set_total, set_completed, set_in_progress, set_not_due, set_overdue, set_kinds = _TALLY_SET
    tally: Tally = _new(Tally)
    set_total(tally, total)
    set_completed(tally, completed)
    set_in_progress(tally, in_progress)
    set_not_due(tally, not_due)
    set_overdue(tally, overdue)
    set_kinds(tally, kinds)
    return tally


_TALLY_SET = _setters(Tally, *_TALLY_FIELDS)


# --------------------------------------------------------------------------- #
# Counting over packed integers
# --------------------------------------------------------------------------- #
#
# progress() of thousands of plans is the library's hot loop, so it counts with
# plain Python ints holding several counters of 32 bits each. An activity of
# the i-th status kind, in the j-th bucket, adds
#
#     1 << (32 * i)  +  1 << (32 * (7 + j))
#
# (7 kinds, then 4 buckets): summing these "packed" weights over a task or a
# section counts its activities by kind and by bucket at once, and
# int.to_bytes + struct unpack them in one step. Tasks are packed by bucket
# alone (1 << (32 * j)). A task's packed counts tell which bucket it falls in
# under the built-in rules, and a section's determine its Tally, so both are
# looked up in small caches filled on first use (equal tallies are then one
# shared immutable object). A counter would overflow only past 2**32 - 1
# activities (at about 1 KB each, 4 TB of plans), far beyond any plan or
# roll-up that fits in memory; 32 bits rather than 64 keep the ints, and so
# every addition and cache lookup, half as long.

_KINDS: tuple[StatusKind, ...] = tuple(StatusKind)
_BUCKET_ORDER: tuple[Bucket, ...] = (
    Bucket.COMPLETED,
    Bucket.IN_PROGRESS,
    Bucket.NOT_DUE,
    Bucket.OVERDUE,
)
_SHIFT = 32
#: The largest count a packed counter holds (rollup() refuses more activities).
MAX_COUNT = (1 << _SHIFT) - 1
_KIND_WEIGHT: dict[StatusKind, int] = {
    k: (1 << (_SHIFT * i)) + (1 << (_SHIFT * (len(_KINDS) + _BUCKET_ORDER.index(k.bucket))))
    for i, k in enumerate(_KINDS)
}
_BUCKET_WEIGHT: dict[Bucket, int] = {b: 1 << (_SHIFT * i) for i, b in enumerate(_BUCKET_ORDER)}
#: The packed weight of a completed task (bucket field 0).
_DONE = _BUCKET_WEIGHT[Bucket.COMPLETED]
#: The position of each kind in _KINDS (str keys work too: the kinds are str).
_KIND_INDEX: dict[StatusKind, int] = {k: i for i, k in enumerate(_KINDS)}


class _KindCounts(Mapping[StatusKind, int]):
    """A tally's activity counts by kind: a read-only view of its unpacked counters.

    Holds the counts as unpacked (kinds first, in :class:`StatusKind` order;
    anything after them is ignored) instead of building a dict per tally.
    Kinds with no activity are left out, as in a tally built by hand.
    """

    __slots__ = ("_counts",)

    def __init__(self, counts: tuple[int, ...]) -> None:
        self._counts = counts

    def __getitem__(self, kind: StatusKind) -> int:
        i = _KIND_INDEX.get(kind)
        count = 0 if i is None else self._counts[i]
        if not count:
            raise KeyError(kind)
        return count

    def __iter__(self) -> Iterator[StatusKind]:
        return compress(_KINDS, self._counts)

    def __len__(self) -> int:
        return len(_KINDS) - self._counts[: len(_KINDS)].count(0)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_KindCounts, (self._counts[: len(_KINDS)],))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _KindCounts):
            n = len(_KINDS)
            return self._counts[:n] == other._counts[:n]
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # a mapping: unhashable, like a dict

    def __repr__(self) -> str:
        return repr(dict(self))


def _counts(kinds: Mapping[StatusKind, int]) -> tuple[int, ...]:
    # The counts of ``kinds`` in _KINDS order (a _KindCounts' own, or counted).
    if isinstance(kinds, _KindCounts):
        return kinds._counts[: len(_KINDS)]
    return tuple(kinds.get(k, 0) for k in _KINDS)


_UNPACK_KINDS = struct.Struct(f"<{len(_KINDS) + len(_BUCKET_ORDER)}I")
_UNPACK_BUCKETS = struct.Struct(f"<{len(_BUCKET_ORDER)}I")
_NO_KINDS = _KindCounts((0,) * len(_KINDS))

#: Caches, keyed by packed counts: a task's bucket weight under at_least_half,
#: under strict, and when a task rule says "not completed"; the Tally of
#: packed activity counts and of packed task counts.
_HALF: dict[int, int] = {}
_STRICT: dict[int, int] = {}
_NOT_DONE: dict[int, int] = {}
_ACTIVITY_TALLIES: dict[int, Tally] = {}
_TASK_TALLIES: dict[int, Tally] = {}
#: The same for the totals of plans and roll-ups, apart so that they do not
#: push the sections' tallies out.
_TOTAL_ACTIVITY_TALLIES: dict[int, Tally] = {}
_TOTAL_TASK_TALLIES: dict[int, Tally] = {}
#: Entries per cache; a full cache starts again empty, so memory stays bounded
#: (about 0.4 KB per cached tally: a few MB at most, usually far less).
_CACHE_SIZE = 4096


def _remember(cache: dict[int, Any], key: int, value: Any) -> None:
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value


def _unpack(layout: struct.Struct, packed: int) -> tuple[int, ...]:
    return layout.unpack(packed.to_bytes(layout.size, "little"))


def _task_weight(packed: int, cache: dict[int, int]) -> int:
    """The bucket weight, for ``cache``, of a task whose packed kinds are ``packed``.

    Fills the three task caches at once (see :func:`task_bucket` for the buckets).
    """
    done, in_progress, not_due, overdue = _unpack(_UNPACK_KINDS, packed)[len(_KINDS) :]
    total = done + in_progress + not_due + overdue
    if total and not_due == total:
        other = _BUCKET_WEIGHT[Bucket.NOT_DUE]
    elif overdue:
        other = _BUCKET_WEIGHT[Bucket.OVERDUE]
    else:
        other = _BUCKET_WEIGHT[Bucket.IN_PROGRESS]
    half = _DONE if 2 * done >= total else other
    every = _DONE if done == total else other
    _remember(_HALF, packed, half)
    _remember(_STRICT, packed, every)
    _remember(_NOT_DONE, packed, other)
    return half if cache is _HALF else every if cache is _STRICT else other


def _activity_tally(packed: int, cache: dict[int, Tally] = _ACTIVITY_TALLIES) -> Tally:
    """The Tally of activities whose packed kinds are ``packed``."""
    tally = cache.get(packed)
    if tally is None:
        counts = _unpack(_UNPACK_KINDS, packed)
        completed, in_progress, not_due, overdue = counts[len(_KINDS) :]
        kinds = _KindCounts(counts)
        total = completed + in_progress + not_due + overdue
        tally = _new_tally(total, completed, in_progress, not_due, overdue, kinds=kinds)
        _remember(cache, packed, tally)
    return tally


def _task_tally(packed: int, cache: dict[int, Tally] = _TASK_TALLIES) -> Tally:
    """The Tally of tasks whose packed buckets are ``packed``."""
    tally = cache.get(packed)
    if tally is None:
        completed, in_progress, not_due, overdue = _unpack(_UNPACK_BUCKETS, packed)
        total = completed + in_progress + not_due + overdue
        tally = _new_tally(total, completed, in_progress, not_due, overdue, kinds=_NO_KINDS)
        _remember(cache, packed, tally)
    return tally


def task_bucket(task: Task, rule: TaskRule) -> Bucket:
    """The bucket a task falls in under ``rule``.

    A task the rule calls completed is *completed*; otherwise it is *not due*
    when none of its activities is due yet, *overdue* when one of them is
    late or not started, and *in progress* otherwise.
    """
    if rule(task):
        return Bucket.COMPLETED
    packed = 0
    for activity in task.activities:
        packed += _KIND_WEIGHT[activity.status.kind]
    weight = _NOT_DONE.get(packed)
    if weight is None:
        weight = _task_weight(packed, _NOT_DONE)
    return _BUCKET_ORDER[weight.bit_length() // _SHIFT]


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


_SECTION_SET = _setters(SectionProgress, "numeral", "title", "tasks", "activities")
_PROGRESS_SET = _setters(Progress, "tasks", "activities", "sections", "open_tasks", "rule")
_number = operator.attrgetter("number")


def _rule_name(rule: TaskRule) -> str:
    return getattr(rule, "__name__", None) or type(rule).__name__


#: Sections added up by (numeral, title), verbatim: [packed activities by
#: kind, packed tasks by bucket, number of sections].
BySection = dict[tuple[str, str], list[int]]


def _count(plan: Plan, rule: TaskRule, by_section: BySection | None = None) -> Progress:
    """``progress(plan, rule)``; with ``by_section``, also add each section's packed counts there.

    One pass over the plan. The built-in rules are decided from each task's
    packed kinds (the same answer as calling them, without the call); any
    other rule is called with the task, as documented.
    """
    weight = _KIND_WEIGHT
    builtin = _HALF if rule is at_least_half else _STRICT if rule is strict else None
    set_numeral, set_title, set_tasks, set_activities = _SECTION_SET
    sections = []
    open_tasks = []
    plan_activities = plan_tasks = 0
    for section in plan.sections:
        activities_packed = tasks_packed = 0
        for task in section.tasks:
            activities = task.activities
            packed = 0
            for activity in activities:
                packed += weight[activity.status.kind]
            activities_packed += packed
            if builtin is not None:
                bucket = builtin.get(packed)
                if bucket is None:
                    bucket = _task_weight(packed, builtin)
            elif rule(task):
                bucket = _DONE
            else:
                bucket = _NOT_DONE.get(packed)
                if bucket is None:
                    bucket = _task_weight(packed, _NOT_DONE)
            tasks_packed += bucket
            if bucket != _DONE:
                open_tasks.append(tuple(map(_number, activities)))
        section_progress: SectionProgress = _new(SectionProgress)
        set_numeral(section_progress, section.numeral)
        set_title(section_progress, section.title)
        set_tasks(section_progress, _TASK_TALLIES.get(tasks_packed) or _task_tally(tasks_packed))
        set_activities(
            section_progress,
            _ACTIVITY_TALLIES.get(activities_packed) or _activity_tally(activities_packed),
        )
        sections.append(section_progress)
        plan_activities += activities_packed
        plan_tasks += tasks_packed
        if by_section is not None:
            key = (section.numeral, section.title)
            counts = by_section.get(key)
            if counts is None:
                by_section[key] = [activities_packed, tasks_packed, 1]
            else:
                counts[0] += activities_packed
                counts[1] += tasks_packed
                counts[2] += 1
    set_tasks, set_activities, set_sections, set_open_tasks, set_rule = _PROGRESS_SET
    result: Progress = _new(Progress)
    set_tasks(result, _task_tally(plan_tasks, _TOTAL_TASK_TALLIES))
    set_activities(result, _activity_tally(plan_activities, _TOTAL_ACTIVITY_TALLIES))
    set_sections(result, tuple(sections))
    set_open_tasks(result, tuple(open_tasks))
    set_rule(result, _rule_name(rule))
    return result


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
    _check_arguments("progress", plan, task_rule)
    return _count(plan, task_rule)


def _check_arguments(function: str, plan: object, task_rule: object) -> None:
    """A TypeError naming what ``function`` takes, for a wrong ``plan`` or ``task_rule``."""
    if not isinstance(plan, Plan):
        hint = (
            " (read the file first: cchc_model.loads(path.read_text()))"
            if isinstance(plan, (str, bytes, os.PathLike))
            else ""
        )
        raise TypeError(f"{function}() takes a Plan, got {type(plan).__name__}{hint}")
    check_task_rule(task_rule)


def check_task_rule(task_rule: object) -> None:
    """A TypeError when ``task_rule`` cannot be called on a Task."""
    if not callable(task_rule):
        raise TypeError(
            f"task_rule must be a function of a Task (see cchc_model.rules), "
            f"got {type(task_rule).__name__}"
        )


def _n(count: int) -> str:
    # The reports write counts below 10 with a leading zero ("06 hoạt động").
    return f"{count:02d}"


def render_summary(progress: Progress, *, style: str = "lines") -> str:
    """The report's summary lines, in Vietnamese, from ``progress``.

    ``style="paragraph"`` gives the same figures as one paragraph of prose, for the
    body of a report (see :func:`cchc_model._formats.summary.paragraph`).

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
    given: object = progress  # checked: callers without a type checker pass anything
    if not isinstance(given, Progress):
        hint = " (pass progress(plan))" if isinstance(given, Plan) else ""
        raise TypeError(f"render_summary() takes a Progress, got {type(given).__name__}{hint}")
    if style != "lines":
        from cchc_model._formats.summary import paragraph

        return paragraph(progress, style=style)
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
    published: int | float
    computed: int | float

    def __str__(self) -> str:
        return (
            f"{self.figure} ({self.label}): the report says {self.published}, "
            f"its table gives {self.computed}"
        )


#: How a report counts: of all tasks and activities ("all"), or of those due
#: ("due": completed of the tasks due, the ones not yet due left out of the totals
#: and of the percents' denominators).
BASES = ("all", "due")


def _printed_decimals(printed: int | float) -> int:
    """How many decimals a percent was printed with (98.62 → 2, 80 → 0)."""
    return 0 if isinstance(printed, int) else len(repr(printed).partition(".")[2])


def _percent_as_printed(printed: int | float, part: int, whole: int) -> int | float:
    """``part / whole`` as a percent at the precision of ``printed``: the value
    printed when the report rounded it half up or cut it short, else rounded."""
    if whole <= 0:
        return 0
    scale: int = 10 ** _printed_decimals(printed)
    exact = 100 * part * scale  # over whole: the percent times scale
    rounded, truncated = (2 * exact + whole) // (2 * whole), exact // whole
    shown = round(printed * scale)
    value = shown if shown in (rounded, truncated) else rounded
    return value if scale == 1 else value / scale


def reconcile(
    plan: Plan, task_rule: TaskRule = at_least_half, *, basis: str = "all"
) -> tuple[Discrepancy, ...]:
    """Compare the figures ``plan``'s report published with those its table yields.

    Returns one :class:`Discrepancy` per figure that differs (figures the
    report did not state are skipped); an empty tuple when all agree, or when
    nothing was published. A percent is compared at the precision printed
    (98.62 to two decimals), rounded half up or cut short: either agrees.
    ``basis="due"`` reads a report that counts completed of the tasks and
    activities due: those not due yet are left out of its totals and percents.

    >>> from cchc_model import reconcile, rules
    >>> from cchc_model.examples import thanh_xa_2023
    >>> reconcile(thanh_xa_2023())
    ()
    >>> for d in reconcile(thanh_xa_2023(), task_rule=rules.strict):
    ...     print(d)
    tasks_completed (nhiệm vụ hoàn thành): the report says 20, its table gives 18
    tasks_percent (tỷ lệ nhiệm vụ hoàn thành (%)): the report says 80, its table gives 72
    """
    _check_arguments("reconcile", plan, task_rule)
    if basis not in BASES:
        raise ValueError(f"basis must be 'all' or 'due' (of the tasks due), not {basis!r}")
    if plan.published is None:
        return ()
    computed = progress(plan, task_rule)
    found = []
    for name, label, read in _FIGURES:
        published = getattr(plan.published, name)
        if published is None:
            continue
        value = read(computed)
        tally = computed.tasks if name.startswith("tasks") else computed.activities
        whole = tally.total - (tally.not_due if basis == "due" else 0)
        if name.endswith("_total"):
            value = whole
        elif name.endswith("_percent"):
            value = _percent_as_printed(published, tally.completed, whole)
        if value != published:
            found.append(Discrepancy(figure=name, label=label, published=published, computed=value))
    return tuple(found)
