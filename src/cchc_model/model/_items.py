"""The parts of a plan: ``Status``, ``Activity``, ``Task`` and ``Section``, with the
validators and helpers they share (numbering, short reprs)."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from cchc_model.documents import DocumentRef
from cchc_model.documents._match import refs_in
from cchc_model.errors import InvalidPlan
from cchc_model.model._kinds import StatusKind, _status_kind
from cchc_model.model._tally import Tally

if TYPE_CHECKING:
    from cchc_model.model.status import StatusRules


__all__ = ["Activity", "Section", "Status", "Task"]


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

        ``rules`` is the former name of ``status_rules``: it still works, with a
        :class:`DeprecationWarning`. Raises :class:`~cchc_model.errors.UnknownStatus`
        when no rule matches.
        """
        from cchc_model.model.status import DEFAULT_RULES, StatusRules

        if rules is not None:
            if status_rules is not None:
                raise TypeError("give status_rules= only (rules= is its former name)")
            warnings.warn(
                "Status.parse(rules=...) is now Status.parse(status_rules=...)",
                DeprecationWarning,
                stacklevel=2,
            )
        else:
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
        """The document references found in ``products``, in order.

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
        return refs_in(self.products)

    def _repr_html_(self) -> str:
        from cchc_model.display._render import html

        return html(self)

    def _repr_markdown_(self) -> str:
        from cchc_model.display._render import markdown

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
        from cchc_model.display._render import html

        return html(self)

    def _repr_markdown_(self) -> str:
        from cchc_model.display._render import markdown

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
        from cchc_model.display._render import html

        return html(self)

    def _repr_markdown_(self) -> str:
        from cchc_model.display._render import markdown

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


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"
