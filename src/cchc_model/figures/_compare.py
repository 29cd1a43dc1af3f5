"""Comparing two reports of one plan (quarter 2 against quarter 3, say).

:func:`compare` lines up the activities of an earlier and a later report by
their section and row number TT (TT may restart in each section; the plan,
and so its numbering, is the same in both) and reports what moved. Each
activity is printed as its section numeral and TT, ``II.16``:

* :attr:`Comparison.status_changes` — activities whose status *kind* changed
  ("Đang triển khai" → "Hoàn thành"); a mere rewording that keeps the kind is
  not a change;
* :attr:`Comparison.product_changes` — activities whose products gained (or
  lost) document references, or whose products text changed beyond
  whitespace;
* :attr:`Comparison.text_changes` — the other columns of an activity (its
  label, text, Giải trình and Ghi chú) changed beyond whitespace;
* :attr:`Comparison.figures` — the plan's figures before and after, and
  :attr:`Comparison.section_figures` — the section figures that moved;
* :attr:`Comparison.added` / :attr:`Comparison.removed` — the activities
  (section numeral, TT) present in only one of the two reports.

>>> from cchc_model import Activity, Plan, Section, Status, Task, compare
>>> def report(status16):
...     acts = (Activity(number=15, text="Rà soát TTHC", status=Status.parse("Hoàn thành")),
...             Activity(number=16, text="Số hoá hồ sơ", status=Status.parse(status16)))
...     task = Task(title="Cải cách TTHC", activities=acts)
...     return Plan(title="Kế hoạch CCHC 2023",
...                 sections=(Section(numeral="II", title="Cải cách TTHC", tasks=(task,)),))
>>> c = compare(report("Đang triển khai"), report("Hoàn thành"))
>>> [(s.section, s.number, s.old.kind.value, s.new.kind.value) for s in c.status_changes]
[('II', 16, 'in_progress', 'completed')]
>>> c.figure("activities_completed").delta
1
>>> print(c)
So sánh / comparison: old → new
Số liệu / figures:
  tổng số nhiệm vụ: 1 → 1 (±0)
  nhiệm vụ hoàn thành: 1 → 1 (±0)
  tỷ lệ nhiệm vụ hoàn thành (%): 100 → 100 (±0)
  tổng số hoạt động: 2 → 2 (±0)
  hoạt động hoàn thành: 1 → 2 (+1)
  hoạt động đang triển khai: 1 → 0 (-1)
  hoạt động chưa đến thời điểm: 0 → 0 (±0)
  hoạt động chậm, chưa thực hiện: 0 → 0 (±0)
  tỷ lệ hoạt động hoàn thành (%): 50 → 100 (+50)
Số liệu theo mục / figures by section:
  mục II: hoạt động hoàn thành: 1 → 2 (+1)
  mục II: hoạt động đang triển khai: 1 → 0 (-1)
  mục II: tỷ lệ hoạt động hoàn thành (%): 50 → 100 (+50)
Thay đổi tiến độ / status changes (1):
  II.16. Số hoá hồ sơ: Đang triển khai → Hoàn thành (in_progress → completed)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from cchc_model._text import squash
from cchc_model.documents import DocumentRef
from cchc_model.errors import InvalidPlan
from cchc_model.figures._groups import numeral_key
from cchc_model.figures._progress import FIGURES, HEADLINE_FIGURES, Progress, progress
from cchc_model.model import Activity, Plan, Status, Tally
from cchc_model.model.rules import TaskRuleLike, at_least_half

__all__ = ["Comparison", "FigureMove", "ProductChange", "StatusChange", "TextChange", "compare"]


@attrs.frozen(kw_only=True)
class StatusChange:
    """An activity whose status kind differs between the two reports.

    :ivar section: the numeral of the activity's section.
    :ivar number: its TT within the section.
    """

    section: str
    number: int
    text: str
    old: Status
    new: Status

    def __str__(self) -> str:
        return (
            f"{self.section}.{self.number}. {_short(self.text)}: {squash(str(self.old))} → "
            f"{squash(str(self.new))} ({self.old.kind.value} → {self.new.kind.value})"
        )


@attrs.frozen(kw_only=True)
class ProductChange:
    """An activity whose products changed.

    :ivar added: document references in the new report and not in the old one.
    :ivar removed: document references in the old report and not in the new one.
    :ivar old_products: the old products text, verbatim.
    :ivar new_products: the new products text, verbatim.
    """

    section: str
    number: int
    text: str
    added: tuple[DocumentRef, ...]
    removed: tuple[DocumentRef, ...]
    old_products: str
    new_products: str

    def __str__(self) -> str:
        parts = []
        if self.added:
            parts.append("thêm / added: " + "; ".join(_ref(d) for d in self.added))
        if self.removed:
            parts.append("bớt / removed: " + "; ".join(_ref(d) for d in self.removed))
        if not parts:
            parts.append(
                f"sản phẩm / products: {_short(self.old_products)!r} → "
                f"{_short(self.new_products)!r}"
            )
        return f"{self.section}.{self.number}. {_short(self.text)}: " + ", ".join(parts)


#: The columns a TextChange may name, with their Vietnamese / English labels.
_TEXT_FIELDS: dict[str, str] = {
    "label": "nhãn / label",
    "text": "hoạt động / text",
    "explanation": "giải trình / explanation",
    "note": "ghi chú / note",
}


@attrs.frozen(kw_only=True)
class TextChange:
    """A column of an activity, other than its status and products, that changed.

    :ivar field: ``"label"``, ``"text"``, ``"explanation"`` or ``"note"``.
    :ivar old: the old text, verbatim.
    :ivar new: the new text, verbatim.

    >>> from cchc_model import compare
    >>> from cchc_model.examples import thanh_xa_2023
    >>> q3 = thanh_xa_2023()
    >>> later = q3.with_activity(24, explanation="Chờ hướng dẫn của huyện")
    >>> for change in compare(q3, later).text_changes:
    ...     print(change)
    IV.24. giải trình / explanation: '' → 'Chờ hướng dẫn của huyện'
    """

    section: str
    number: int
    field: str
    old: str
    new: str

    def __str__(self) -> str:
        return (
            f"{self.section}.{self.number}. {_TEXT_FIELDS[self.field]}: {_short(self.old)!r} → "
            f"{_short(self.new)!r}"
        )


@attrs.frozen(kw_only=True)
class FigureMove:
    """One figure in both reports.

    :ivar name: the figure, named as in :class:`~cchc_model.PublishedFigures`
        (``"activities_completed"``, ``"tasks_percent"``, ...).
    :ivar label: its Vietnamese label.
    :ivar section: the section numeral, or ``None`` for the whole plan.
    """

    name: str
    label: str
    old: int
    new: int
    section: str | None = None

    @property
    def delta(self) -> int:
        """``new - old``."""
        return self.new - self.old

    def __str__(self) -> str:
        where = f"mục {self.section}: " if self.section is not None else ""
        sign = f"{self.delta:+d}" if self.delta else "±0"
        return f"{where}{self.label}: {self.old} → {self.new} ({sign})"


@attrs.frozen(kw_only=True)
class Comparison:
    """What changed between two reports of one plan (see :func:`compare`)."""

    old: Progress
    new: Progress
    status_changes: tuple[StatusChange, ...]
    product_changes: tuple[ProductChange, ...]
    figures: tuple[FigureMove, ...]
    section_figures: tuple[FigureMove, ...]
    added: tuple[tuple[str, int], ...]
    removed: tuple[tuple[str, int], ...]
    old_label: str = "old"
    new_label: str = "new"
    text_changes: tuple[TextChange, ...] = ()

    def __bool__(self) -> bool:
        """True when anything differs (beyond whitespace, and a status reworded
        within its kind)."""
        return bool(
            self.status_changes
            or self.product_changes
            or self.text_changes
            or self.section_figures
            or self.added
            or self.removed
            or any(f.delta for f in self.figures)
        )

    def summary(self) -> str:
        """The comparison as text, in Vietnamese with English glosses (as printed)."""
        return str(self)

    def to_dict(self) -> dict[str, Any]:
        """Every figure and change as a JSON-ready dict."""

        def status(st: Status) -> dict[str, str]:
            return {"kind": st.kind.value, "text": st.text}

        return {
            "old_label": self.old_label,
            "new_label": self.new_label,
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "figures": [_figure_dict(f) for f in self.figures],
            "section_figures": [_figure_dict(f) for f in self.section_figures],
            "status_changes": [
                {
                    "section": c.section,
                    "number": c.number,
                    "text": c.text,
                    "old": status(c.old),
                    "new": status(c.new),
                }
                for c in self.status_changes
            ],
            "product_changes": [
                {
                    "section": c.section,
                    "number": c.number,
                    "added": [str(d) for d in c.added],
                    "removed": [str(d) for d in c.removed],
                    "old_products": c.old_products,
                    "new_products": c.new_products,
                }
                for c in self.product_changes
            ],
            "text_changes": [attrs.asdict(c) for c in self.text_changes],
            "added": [list(a) for a in self.added],
            "removed": [list(r) for r in self.removed],
        }

    def to_dataframe(self) -> Any:
        """One row per figure (the plan's, then the sections' that moved): see
        :func:`~cchc_model.formats.dataframes.comparison_frame`; needs pandas."""
        from cchc_model.formats.dataframes import comparison_frame

        return comparison_frame(self)

    def figure(self, name: str, section: str | None = None) -> FigureMove:
        """The figure ``name`` of the plan, or of section ``section`` in both reports.

        ``section_figures`` lists only the section figures that moved; this
        gives any of them (a delta of 0 when it did not move). :class:`KeyError`
        names the figures and sections there are.

        >>> from cchc_model import compare
        >>> from cchc_model.examples import thanh_xa_2023
        >>> plan = thanh_xa_2023()
        >>> compare(plan, plan).figure("tasks_completed", section="I").delta
        0
        """
        names = list(HEADLINE_FIGURES)
        if name not in names:
            raise KeyError(f"no figure {name!r}: the figures are {', '.join(names)}")
        if section is None:
            return next(f for f in self.figures if f.name == name)
        try:
            s_old, s_new = self.old.section(section), self.new.section(section)
        except KeyError:
            both = [s.numeral for s in self.new.sections if s.numeral in self._old_numerals]
            raise KeyError(
                f"no section {section!r} in both reports: the sections are {', '.join(both)}"
            ) from None
        return next(m for m in _moves(s_old, s_new, section) if m.name == name)

    @property
    def _old_numerals(self) -> set[str]:
        return {s.numeral for s in self.old.sections}

    def _repr_html_(self) -> str:
        from cchc_model.display.html import to_html

        return to_html(self)

    def __str__(self) -> str:
        lines = [f"So sánh / comparison: {self.old_label} → {self.new_label}"]
        if not self:
            lines.append("Không có thay đổi / no changes")
            return "\n".join(lines)
        lines.append("Số liệu / figures:")
        lines.extend(f"  {f}" for f in self.figures)
        if self.section_figures:
            lines.append("Số liệu theo mục / figures by section:")
            lines.extend(f"  {f}" for f in self.section_figures)
        if self.status_changes:
            lines.append(f"Thay đổi tiến độ / status changes ({len(self.status_changes)}):")
            lines.extend(f"  {c}" for c in self.status_changes)
        if self.product_changes:
            lines.append(f"Sản phẩm / products ({len(self.product_changes)}):")
            lines.extend(f"  {c}" for c in self.product_changes)
        if self.text_changes:
            lines.append(f"Nội dung khác / other text ({len(self.text_changes)}):")
            lines.extend(f"  {c}" for c in self.text_changes)
        if self.added:
            lines.append("Hoạt động mới / activities added: " + _numbers(self.added))
        if self.removed:
            lines.append("Hoạt động bỏ / activities removed: " + _numbers(self.removed))
        return "\n".join(lines)


def _numbers(activities: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{numeral}.{number}" for numeral, number in activities)


def _short(text: str, width: int = 60) -> str:
    flat = squash(text)
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _ref(ref: DocumentRef) -> str:
    return squash(ref.source) or str(ref)


def _minus(
    left: tuple[DocumentRef, ...], right: tuple[DocumentRef, ...]
) -> tuple[DocumentRef, ...]:
    """The refs of ``left`` not matched in ``right`` (a multiset difference, order kept).

    A ref matches an equal one first, else one that cites the same document
    less or more fully (:meth:`DocumentRef.same_document`: a date or a subject
    added to the citation is not a new document).
    """
    pool = list(right)
    unmatched = []
    for ref in left:
        if ref in pool:
            pool.remove(ref)
        else:
            unmatched.append(ref)
    out = []
    for ref in unmatched:
        for i, other in enumerate(pool):
            if other.same_document(ref):
                del pool[i]
                break
        else:
            out.append(ref)
    return tuple(out)


def _moves(old: Any, new: Any, section: str | None) -> list[FigureMove]:
    moves = []
    for name, label, group, attr in FIGURES:
        o: Tally = getattr(old, group)
        n: Tally = getattr(new, group)
        moves.append(
            FigureMove(
                name=name, label=label, old=getattr(o, attr), new=getattr(n, attr), section=section
            )
        )
    return moves


def _identity(ref: DocumentRef) -> tuple[Any, ...]:
    return (ref.number, ref.type_code, ref.issuer, ref.year)


def _by_place(plan: Plan) -> dict[tuple[str, int], tuple[str, Activity]]:
    # Activities, with their section's numeral as written, by (section, TT): TT may
    # restart in each section. Sections are matched as roll-ups match them: "II"
    # and "II." are one section.
    return {
        (numeral_key(s.numeral), a.number): (s.numeral, a)
        for s in plan.sections
        for a in s.activities
    }


def _figure_dict(f: FigureMove) -> dict[str, Any]:
    return {
        "section": f.section,
        "name": f.name,
        "label": f.label,
        "old": f.old,
        "new": f.new,
        "delta": f.delta,
    }


def _label(plan: Plan, default: str) -> str:
    return _ref(plan.report) if plan.report is not None else default


def compare(old: Plan, new: Plan, *, task_rule: TaskRuleLike = at_least_half) -> Comparison:
    """What changed from the report ``old`` to the report ``new`` of the same plan.

    Activities are matched by their section numeral ("II" and "II." alike) and
    TT. Both progresses are computed with ``task_rule`` (a rule or its
    registered name). Raises :class:`~cchc_model.errors.InvalidPlan` when both
    reports name their plan (:attr:`~cchc_model.Plan.reference`) and the
    names differ: those are reports of two different plans.
    """
    given: tuple[object, object] = (old, new)  # checked at run time: callers need not be typed
    if not all(isinstance(p, Plan) for p in given):
        names = " and ".join(type(p).__name__ for p in given)
        raise TypeError(f"compare() takes two Plans, got {names}")
    a, b = old.reference, new.reference
    if a is not None and b is not None and _identity(a) != _identity(b):
        raise InvalidPlan(
            f"the two reports belong to different plans: {_ref(a)} and {_ref(b)}",
            where="compare",
        )
    before = _by_place(old)
    after = _by_place(new)
    status_changes = []
    product_changes = []
    text_changes = []
    for place, (section, act) in after.items():
        number = place[1]
        if place not in before:
            continue
        prev = before[place][1]
        for field in _TEXT_FIELDS:
            was, now = getattr(prev, field), getattr(act, field)
            if squash(was) != squash(now):
                text_changes.append(
                    TextChange(section=section, number=number, field=field, old=was, new=now)
                )
        if prev.status.kind is not act.status.kind:
            status_changes.append(
                StatusChange(
                    section=section, number=number, text=act.text, old=prev.status, new=act.status
                )
            )
        added: tuple[DocumentRef, ...] = ()
        removed: tuple[DocumentRef, ...] = ()
        if prev.products != act.products:  # the same text cites the same documents
            now_cites, was_cites = act.documents, prev.documents  # each found once
            added = _minus(now_cites, was_cites)
            removed = _minus(was_cites, now_cites)
        if added or removed or squash(prev.products) != squash(act.products):
            product_changes.append(
                ProductChange(
                    section=section,
                    number=number,
                    text=act.text,
                    added=added,
                    removed=removed,
                    old_products=prev.products,
                    new_products=act.products,
                )
            )
    p_old, p_new = progress(old, task_rule), progress(new, task_rule)
    section_figures: list[FigureMove] = []
    old_sections = {numeral_key(s.numeral): s for s in p_old.sections}
    for s_new in p_new.sections:
        s_old = old_sections.get(numeral_key(s_new.numeral))
        if s_old is not None:
            section_figures.extend(m for m in _moves(s_old, s_new, s_new.numeral) if m.delta)
    return Comparison(
        old=p_old,
        new=p_new,
        status_changes=tuple(status_changes),
        product_changes=tuple(product_changes),
        figures=tuple(_moves(p_old, p_new, None)),
        section_figures=tuple(section_figures),
        added=tuple((after[p][0], p[1]) for p in after if p not in before),
        removed=tuple((before[p][0], p[1]) for p in before if p not in after),
        old_label=_label(old, "old"),
        new_label=_label(new, "new"),
        text_changes=tuple(text_changes),
    )
