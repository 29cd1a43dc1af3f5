"""The domain model: a CCHC plan, as its progress appendix reports it.

All types are frozen, keyword-only attrs classes, validated when built; change
them with :func:`attrs.evolve`. Text fields hold the source's characters
verbatim (typos included); line breaks of wrapped table cells are kept as
``"\\n"``.

>>> from cchc_model import Activity, Section, Status, StatusKind, Task
>>> act = Activity(number=1, label="1. Hoạt động 1", text="Xây dựng Kế hoạch CCHC",
...                status=Status.parse("Hoàn thành"))
>>> act.status.kind
<StatusKind.COMPLETED: 'completed'>
>>> task = Task(title="Ban hành văn bản chỉ đạo", activities=(act,))
>>> section = Section(numeral="I", title="Công tác chỉ đạo điều hành", tasks=(task,))
>>> [a.number for a in section.activities]
[1]
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from cchc_model._docref import MAX_YEAR, MIN_YEAR
from cchc_model._kinds import (
    StatusKind,
    _status_kind,
    is_count,
)
from cchc_model._tally import Tally
from cchc_model._text import fold
from cchc_model.documents import DocumentRef, _refs_in
from cchc_model.errors import InvalidPlan

if TYPE_CHECKING:
    from cchc_model.status import StatusRules

__all__ = [
    "Activity",
    "Plan",
    "PublishedFigures",
    "Section",
    "Status",
    "Task",
]


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidPlan(
            f"{attribute.name} must be a str, got {type(value).__name__}",
            where=type(instance).__name__,
        )


@attrs.frozen(kw_only=True)
class Status:
    """The progress of an activity: a kind and the verbatim Tiến độ text.

    >>> Status.parse("Đã và đang thực hiện")
    Status(kind=<StatusKind.ONGOING: 'ongoing'>, text='Đã và đang thực hiện')
    >>> str(Status(kind=StatusKind.NOT_DUE, text="Chưa đến thời điểm báo cáo"))
    'Chưa đến thời điểm báo cáo'
    """

    kind: StatusKind = attrs.field(converter=_status_kind)
    text: str = attrs.field(default="", validator=_text)

    @classmethod
    def parse(
        cls,
        text: str,
        *,
        status_rules: StatusRules | None = None,
        rules: StatusRules | None = None,
    ) -> Status:
        """Classify a Tiến độ text with ``status_rules`` (default: the built-in table).

        ``rules`` is the former name of ``status_rules``, still accepted.
        Raises :class:`~cchc_model.errors.UnknownStatus` when no rule matches.
        """
        from cchc_model.status import DEFAULT_RULES, StatusRules

        if status_rules is not None:
            rules = status_rules
        if rules is None:
            rules = DEFAULT_RULES
        elif not isinstance(rules, StatusRules):
            raise TypeError(
                "status_rules must be a StatusRules table (StatusRules([...]) or"
                f" DEFAULT_RULES.prepend(...)), got {type(rules).__name__}"
            )
        return cls(kind=rules.classify(text), text=text)

    def __str__(self) -> str:
        return self.text or self.kind.value


def _tuple_of(kind: type) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise InvalidPlan(
                f"{attribute.name} must be a tuple of {kind.__name__}, got {type(value).__name__}",
                where=type(instance).__name__,
            )
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                raise InvalidPlan(
                    f"{attribute.name}[{i}] must be {kind.__name__}, got {type(item).__name__}",
                    where=type(instance).__name__,
                )

    return check


def _nonempty_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidPlan(
            f"{attribute.name} must be a str, got {type(value).__name__}",
            where=type(instance).__name__,
        )
    if not value.strip():
        raise InvalidPlan(f"{attribute.name} must not be empty", where=type(instance).__name__)


def _short_repr(text: str) -> str:
    # Long cells make reprs unreadable: show the start of the text, flattened.
    return repr(_short(text, 30))


def _tasks_repr(tasks: tuple[Task, ...]) -> str:
    numbers = [a.number for t in tasks for a in t.activities]
    return f"<{len(tasks)} tasks, activities {numbers[0]}-{numbers[-1]}>" if numbers else "<>"


def _sections_repr(sections: tuple[Section, ...]) -> str:
    tasks = sum(len(s.tasks) for s in sections)
    activities = sum(len(t.activities) for s in sections for t in s.tasks)
    return f"<{len(sections)} sections, {tasks} tasks, {activities} activities>"


def _to_tuple(value: Any) -> Any:
    # Lists are accepted for convenience and frozen into tuples; anything else
    # is left for the validator to reject with a clear message.
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen(kw_only=True)
class Activity:
    """One activity (Hoạt động) of a task: one row of the appendix table.

    :param number: the row number TT as printed, increasing within its section (it may
        restart at 1 in each section: an activity is identified by its section and TT).
    :param label: the activity label verbatim ("1. Hoạt động 1", "2.1. Hoạt động 1").
    :param text: what the activity is, verbatim.
    :param status: the Tiến độ column.
    :param products: the Sản phẩm column verbatim; :attr:`documents` are derived from it.
    :param explanation: the Giải trình column verbatim.
    :param note: the Ghi chú column verbatim.
    """

    number: int = attrs.field()
    label: str = attrs.field(default="", validator=_text)
    text: str = attrs.field(validator=_nonempty_text, repr=_short_repr)
    status: Status = attrs.field()
    products: str = attrs.field(default="", validator=_text, repr=_short_repr)
    explanation: str = attrs.field(default="", validator=_text, repr=_short_repr)
    note: str = attrs.field(default="", validator=_text, repr=_short_repr)

    @status.validator
    def _check_status(self, attribute: attrs.Attribute[Status], value: object) -> None:
        if not isinstance(value, Status):
            hint = f": use Status.parse({value!r})" if isinstance(value, str) else ""
            raise InvalidPlan(
                f"status must be a Status, got {type(value).__name__}{hint}", where="Activity"
            )

    @number.validator
    def _check_number(self, attribute: attrs.Attribute[int], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidPlan(
                f"activity number must be a positive int, got {value!r}", where="Activity"
            )

    @property
    def documents(self) -> tuple[DocumentRef, ...]:
        """The document references found in :attr:`products`, in order.

        Always derived (by :func:`~cchc_model.find_document_refs`), never stored:
        an activity built by hand, changed with :func:`attrs.evolve` or read from
        any file cites exactly what its products text cites. Found again on each
        access (tens of microseconds for a typical products cell), so that a
        plan does not hold its references: keep the tuple when you use it several
        times.

        >>> act = Activity(number=1, text="Xây dựng kế hoạch", status=Status.parse("Hoàn thành"),
        ...                products="Kế hoạch số 45/KH-UBND ngày 15/01/2024")
        >>> [ref.symbol for ref in act.documents]
        ['45/KH-UBND']
        >>> [ref.symbol for ref in attrs.evolve(act, products="Báo cáo số 03/BC-UBND").documents]
        ['03/BC-UBND']
        """
        return _refs_in(self.products)

    def _repr_html_(self) -> str:
        from cchc_model._display import html

        return html(self)

    def _repr_markdown_(self) -> str:
        from cchc_model._display import markdown

        return markdown(self)


@attrs.frozen(kw_only=True)
class Task:
    """A task (nội dung thực hiện, nhiệm vụ): the merged cell spanning its activities."""

    title: str = attrs.field(validator=_nonempty_text, repr=_short_repr)
    activities: tuple[Activity, ...] = attrs.field(
        repr=lambda acts: f"<activities {', '.join(str(a.number) for a in acts)}>",
        converter=_to_tuple,
        validator=_tuple_of(Activity),
    )

    @activities.validator
    def _check_activities(
        self, attribute: attrs.Attribute[Any], value: tuple[Activity, ...]
    ) -> None:
        if not value:
            raise InvalidPlan("a task needs at least one activity", text=self.title, where="Task")
        _check_increasing(value, what=lambda: f"task {_short(self.title)!r}")

    @functools.cached_property
    def numbers(self) -> tuple[int, ...]:
        """The activity numbers of the task, e.g. ``(5, 6, 7)``."""
        return tuple(a.number for a in self.activities)

    @functools.cached_property
    def activity_tally(self) -> Tally:
        """The task's activities counted by status kind and bucket (counted once).

        >>> from cchc_model.examples import thanh_xa_2023
        >>> thanh_xa_2023().task_of(35).activity_tally.completed
        1
        """
        return Tally.of_activities(self.activities)

    def _repr_html_(self) -> str:
        from cchc_model._display import html

        return html(self)

    def _repr_markdown_(self) -> str:
        from cchc_model._display import markdown

        return markdown(self)


@attrs.frozen(kw_only=True)
class Section:
    """A reform area (lĩnh vực), one of the roman-numeral groups I-VII."""

    numeral: str = attrs.field(validator=_nonempty_text)
    title: str = attrs.field(validator=_nonempty_text, repr=_short_repr)
    tasks: tuple[Task, ...] = attrs.field(
        converter=_to_tuple, validator=_tuple_of(Task), repr=_tasks_repr
    )

    @tasks.validator
    def _check_tasks(self, attribute: attrs.Attribute[Any], value: tuple[Task, ...]) -> None:
        if not value:
            raise InvalidPlan(
                "a section needs at least one task",
                text=self.title,
                where=f"section {self.numeral}",
            )
        _check_increasing(
            [a for t in value for a in t.activities], what=lambda: f"section {self.numeral}"
        )

    @functools.cached_property
    def activities(self) -> tuple[Activity, ...]:
        """Every activity of the section, in order (a tuple, built once)."""
        return tuple(a for t in self.tasks for a in t.activities)

    def activity(self, number: int) -> Activity:
        """The activity with TT ``number`` in this section; :class:`KeyError` if none."""
        for act in self.activities:
            if act.number == number:
                return act
        raise KeyError(f"no activity TT {number} in section {self.numeral}: {_numbering((self,))}")

    @functools.cached_property
    def activity_tally(self) -> Tally:
        """The section's activities counted by status kind and bucket (counted once)."""
        return sum((t.activity_tally for t in self.tasks), Tally())

    def _repr_html_(self) -> str:
        from cchc_model._display import html

        return html(self)

    def _repr_markdown_(self) -> str:
        from cchc_model._display import markdown

        return markdown(self)


def _count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # Counts as printed: not checked against each other (reconcile() reports a
    # report that disagrees with itself), only for what no report can print.
    if value is not None and not is_count(value):
        raise InvalidPlan(
            f"{attribute.name} must be a count (an int >= 0) or None, got {value!r}",
            where=type(instance).__name__,
        )


def _optional(kind: type) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, kind):
            raise InvalidPlan(
                f"{attribute.name} must be a {kind.__name__} or None, got {type(value).__name__}",
                where=type(instance).__name__,
            )

    return check


def _year(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # The years a document's date may have (see cchc_model.documents).
    if value is not None and (
        not isinstance(value, int) or isinstance(value, bool) or not MIN_YEAR <= value <= MAX_YEAR
    ):
        raise InvalidPlan(
            f"year must be a year from {MIN_YEAR} to {MAX_YEAR} or None, got {value!r}",
            where=type(instance).__name__,
        )


def _printed_percent(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # A percent as printed: whole (80) or with up to two decimals ("98,62%" is 98.62).
    if value is None or (is_count(value) and value <= 100):  # type: ignore[operator]  # an int
        return
    if (
        type(value) is not float
        or not 0 <= value <= 100
        or round(value, 2) != value
        or (value.is_integer())
    ):
        raise InvalidPlan(
            f"{attribute.name} must be a percent from 0 to 100 as printed (80, or 98.62 for"
            f" '98,62%'; a whole percent as an int) or None, got {value!r}",
            where=type(instance).__name__,
        )


@attrs.frozen(kw_only=True)
class PublishedFigures:
    """The summary figures a report printed under its table, as it printed them.

    Every count is ``None`` when the report did not state it; ``text`` keeps
    the summary block verbatim. A percent is kept as printed: a whole percent
    as an int (``80``), one printed with decimals as a float (``98.62`` for
    "98,62%"), whether the report rounded it or cut it short;
    :func:`~cchc_model.reconcile` compares it at the precision printed and
    accepts either.
    """

    tasks_total: int | None = attrs.field(default=None, validator=_count)
    tasks_completed: int | None = attrs.field(default=None, validator=_count)
    tasks_percent: int | float | None = attrs.field(default=None, validator=_printed_percent)
    activities_total: int | None = attrs.field(default=None, validator=_count)
    activities_completed: int | None = attrs.field(default=None, validator=_count)
    activities_percent: int | float | None = attrs.field(default=None, validator=_printed_percent)
    activities_in_progress: int | None = attrs.field(default=None, validator=_count)
    activities_not_due: int | None = attrs.field(default=None, validator=_count)
    text: str = attrs.field(default="", validator=_text)


@attrs.frozen(kw_only=True)
class Plan:
    """A yearly CCHC plan together with the progress its appendix reports.

    :param title: the appendix heading verbatim.
    :param issuer: the body that issued the plan ("UBND xã Thanh Xá").
    :param year: the plan year.
    :param reference: the plan's own document number (``63/KH-UBND``).
    :param report: the report the appendix is attached to (``73/BC-UBND``),
        whose ``issued_on`` is the reporting date.
    :param sections: the reform areas, in order.
    :param published: the figures the report itself printed, when known.
    """

    title: str = attrs.field(validator=_nonempty_text, repr=_short_repr)
    issuer: str = attrs.field(default="", validator=_text)
    year: int | None = attrs.field(default=None, validator=_year)
    reference: DocumentRef | None = attrs.field(default=None, validator=_optional(DocumentRef))
    report: DocumentRef | None = attrs.field(default=None, validator=_optional(DocumentRef))
    sections: tuple[Section, ...] = attrs.field(
        converter=_to_tuple, validator=_tuple_of(Section), repr=_sections_repr
    )
    published: PublishedFigures | None = attrs.field(
        default=None, validator=_optional(PublishedFigures)
    )

    @sections.validator
    def _check_sections(self, attribute: attrs.Attribute[Any], value: tuple[Section, ...]) -> None:
        numerals = [s.numeral for s in value]
        for i, numeral in enumerate(numerals):
            if numeral in numerals[:i]:
                raise InvalidPlan(f"section {numeral} appears twice", where="Plan")

    @property
    def reported_on(self) -> _dt.date | None:
        """The date of the report the appendix belongs to, when known."""
        return self.report.issued_on if self.report is not None else None

    @functools.cached_property
    def activity_tally(self) -> Tally:
        """The plan's activities counted by status kind and bucket (counted once).

        >>> from cchc_model.examples import thanh_xa_2023
        >>> thanh_xa_2023().activity_tally.completed
        30
        """
        return sum((s.activity_tally for s in self.sections), Tally())

    @functools.cached_property
    def tasks(self) -> tuple[Task, ...]:
        """Every task of the plan, in order (a tuple, built once).

        >>> from cchc_model.examples import thanh_xa_2023
        >>> len(thanh_xa_2023().tasks)
        25
        """
        return tuple(t for s in self.sections for t in s.tasks)

    @functools.cached_property
    def activities(self) -> tuple[Activity, ...]:
        """Every activity of the plan, in order (a tuple, built once).

        >>> from cchc_model.examples import thanh_xa_2023
        >>> len(thanh_xa_2023().activities)
        38
        """
        return tuple(a for s in self.sections for a in s.activities)

    def task(self, key: int | str, *, section: str | None = None) -> Task:
        """A task, by its title (compared folded) or by one of its activities.

        ``key`` is the task's title, or an activity as :meth:`activity` takes it
        (``9``, ``"II.3"``, ``3`` with ``section="II"``). :class:`KeyError` if
        there is none.

        >>> from cchc_model.examples import thanh_xa_2023
        >>> plan = thanh_xa_2023()
        >>> plan.task(9).numbers, plan.task("I.10") is plan.task(9)
        ((9, 10), True)
        >>> plan.task(plan.task(9).title.upper()) is plan.task(9)
        True
        """
        if isinstance(key, int) or _ACTIVITY_ID.fullmatch(key):
            return self.task_of(key, section=section)
        sections = self.sections if section is None else (self.section(section),)
        wanted = fold(key)
        for s in sections:
            for t in s.tasks:
                if fold(t.title) == wanted:
                    return t
        count = sum(len(s.tasks) for s in sections)
        raise KeyError(
            f"no task titled {key!r}: there are {count} tasks (their titles: "
            "[t.title for t in plan.tasks]); a task is also found by an activity, plan.task(9)"
        )

    def activity(self, number: int | str, *, section: str | None = None) -> Activity:
        """The activity with row number TT ``number``; :class:`KeyError` if there is none.

        TT may restart in each section. A number found in one section only is
        enough; otherwise name the section, as ``section="II"`` or in the
        printed form ``"II.3"`` (a number found in several sections raises a
        :class:`KeyError` saying which).

        >>> from cchc_model.examples import thanh_xa_2023
        >>> plan = thanh_xa_2023()
        >>> plan.activity(9).status.kind
        <StatusKind.AWAITING_GUIDANCE: 'awaiting_guidance'>
        >>> plan.activity("I.9") is plan.activity(9, section="I") is plan.activity(9)
        True
        """
        return self._find(number, section)[1]

    def section(self, key: str) -> Section:
        """The section with roman numeral ``key`` (``"II"``, ``"ii."``) or title ``key``.

        Titles are compared folded (case, tone placement, Unicode form and spacing do
        not matter).
        :class:`KeyError`, naming the sections there are, if there is none.

        >>> from cchc_model.examples import thanh_xa_2023
        >>> plan = thanh_xa_2023()
        >>> plan.section("ii").title == plan.section("CẢI CÁCH THỂ CHẾ").title == "Cải cách thể chế"
        True
        """
        wanted = _numeral_key(key)
        for section in self.sections:
            if _numeral_key(section.numeral) == wanted:
                return section
        wanted = fold(key)
        for section in self.sections:
            if fold(section.title) == wanted:
                return section
        numerals = ", ".join(s.numeral for s in self.sections)
        raise KeyError(f"no section {key!r}: the sections are {numerals} (or ask by title)")

    def task_of(self, number: int | str, *, section: str | None = None) -> Task:
        """The task that activity ``number`` belongs to (identified as in :meth:`activity`).

        >>> from cchc_model.examples import thanh_xa_2023
        >>> thanh_xa_2023().task_of(9).numbers
        (9, 10)
        """
        found, act = self._find(number, section)
        return next(t for t in found.tasks if act in t.activities)

    def _find(self, number: int | str, section: str | None) -> tuple[Section, Activity]:
        """The section and the activity ``number`` names (see :meth:`activity`)."""
        if isinstance(number, str):
            numeral, dot, tt = number.rpartition(".")
            if not dot or not tt.strip().isdigit() or section not in (None, numeral.strip()):
                raise KeyError(
                    f"{number!r}: name an activity by its TT (9), or by section and TT"
                    " ('II.3', or 3 with section='II')"
                )
            number, section = int(tt), numeral.strip()
        sections = self.sections if section is None else (self.section(section),)
        found = [(s, a) for s in sections for a in s.activities if a.number == number]
        if len(found) == 1:
            return found[0]
        if found:
            where = ", ".join(s.numeral for s, _ in found)
            example = found[-1][0].numeral
            raise KeyError(
                f"TT {number} is in sections {where}: ask for one, e.g. plan.activity("
                f"{number}, section={example!r}) or plan.activity('{example}.{number}')"
            )
        place = "" if section is None else f" in section {sections[0].numeral}"
        raise KeyError(f"no activity TT {number}{place}: {_numbering(sections)}")

    def with_activity(
        self, number: int | str, /, *, section: str | None = None, **changes: Any
    ) -> Plan:
        """A copy of the plan with fields of activity ``number`` replaced.

        The activity is identified as in :meth:`activity` (``"II.3"``, or ``3``
        with ``section="II"`` when TT restarts in each section).

        The plan is immutable; this is how a later report's plan is derived
        from an earlier one. The changed activity is validated as a new one
        would be, and :class:`KeyError` is raised if there is no such number.
        New ``products`` bring their own :attr:`Activity.documents`.

        >>> from cchc_model import Status
        >>> from cchc_model.examples import thanh_xa_2023
        >>> plan = thanh_xa_2023()
        >>> later = plan.with_activity(16, status=Status.parse("Hoàn thành"))
        >>> later.activity(16).status.kind, plan.activity(16).status.kind
        (<StatusKind.COMPLETED: 'completed'>, <StatusKind.IN_PROGRESS: 'in_progress'>)
        >>> later = plan.with_activity(16, products="Kế hoạch số 12/KH-UBND ngày 02/10/2023")
        >>> [ref.symbol for ref in later.activity(16).documents]
        ['12/KH-UBND']
        """
        home, old = self._find(number, section)  # KeyError before any copying
        new = attrs.evolve(old, **changes)
        tasks = tuple(
            attrs.evolve(t, activities=tuple(new if a is old else a for a in t.activities))
            if old in t.activities
            else t
            for t in home.tasks
        )
        sections = tuple(attrs.evolve(s, tasks=tasks) if s is home else s for s in self.sections)
        return attrs.evolve(self, sections=sections)

    def _repr_html_(self) -> str:
        from cchc_model._display import html

        return html(self)

    def _repr_markdown_(self) -> str:
        from cchc_model._display import markdown

        return markdown(self)


def _short(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _check_increasing(activities: Any, *, what: Callable[[], str]) -> None:
    # `what` names the place for the error only: not worded for every valid task.
    previous: int | None = None
    for act in activities:
        if previous is not None and act.number <= previous:
            reason = (
                f"TT {act.number} appears twice; number the rows of the section"
                " 1, 2, 3, … once each (TT may restart in each section)"
                if act.number == previous
                else f"TT {act.number} follows TT {previous}; TT must increase within"
                " a section (it may restart in each section): renumber the rows"
            )
            raise InvalidPlan(reason, text=_short(act.text), where=f"{what()}, TT {act.number}")
        previous = act.number


def _numbering(sections: Iterable[Section]) -> str:
    """How the activities of ``sections`` are numbered, for a lookup that missed."""
    spans = [
        (s.numeral, s.tasks[0].activities[0].number, s.tasks[-1].activities[-1].number)
        for s in sections
    ]
    numbers = [n for _, first, last in spans for n in (first, last)]
    if len(spans) == 1 or (numbers == sorted(numbers) and len(set(numbers)) == len(numbers)):
        return f"activities are numbered {_span(spans[0][1], spans[-1][2])}"
    return "activities are numbered " + ", ".join(
        f"{_span(first, last)} in section {numeral}" for numeral, first, last in spans
    )


#: An activity named as printed: section numeral, a dot, TT ("II.3").
_ACTIVITY_ID = re.compile(r"\s*[^\s.]+\s*\.\s*\d+\s*")


def _numeral_key(numeral: str) -> str:
    # "ii." and "II" name one section.
    return "".join(numeral.split()).rstrip(".").upper()


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"
