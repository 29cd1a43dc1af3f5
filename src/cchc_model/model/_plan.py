"""The plan as a whole: ``Plan`` (its sections, lookups by numeral, title or "II.3",
``with_activity``) and the figures its report publishes (``PublishedFigures``)."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Any

import attrs

from cchc_model._text import fold
from cchc_model.documents import DocumentRef
from cchc_model.documents._tables import MAX_YEAR, MIN_YEAR
from cchc_model.errors import InvalidPlan
from cchc_model.model._items import (
    Activity,
    Section,
    Task,
    _nonempty_text,
    _numbering,
    _short_repr,
    _text,
    _to_tuple,
    _tuple_of,
)
from cchc_model.model._kinds import is_count
from cchc_model.model._tally import Tally

__all__ = ["Plan", "PublishedFigures"]


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
    # The years a document's date may have (cchc_model.documents._tables).
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
    activities_overdue: int | None = attrs.field(default=None, validator=_count)
    text: str = attrs.field(default="", validator=_text)


def _sections_repr(sections: tuple[Section, ...]) -> str:
    tasks = sum(len(s.tasks) for s in sections)
    activities = sum(len(t.activities) for s in sections for t in s.tasks)
    return f"<{len(sections)} sections, {tasks} tasks, {activities} activities>"


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
        from cchc_model.display._render import html

        return html(self)

    def _repr_markdown_(self) -> str:
        from cchc_model.display._render import markdown

        return markdown(self)


#: An activity named as printed: section numeral, a dot, TT ("II.3").
_ACTIVITY_ID = re.compile(r"\s*[^\s.]+\s*\.\s*\d+\s*")


def _numeral_key(numeral: str) -> str:
    # "ii." and "II" name one section.
    return "".join(numeral.split()).rstrip(".").upper()
