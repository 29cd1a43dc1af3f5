"""Roll-ups: the progress of many plans at once.

A district aggregates the reports of its communes, a province those of its
districts. :func:`rollup` computes every plan's :func:`~cchc_model.progress`
under one task rule and adds the tallies up three ways: the grand total, one
row per plan, and one row per section *across* plans.

>>> from cchc_model import rollup
>>> from cchc_model.examples import thanh_xa_2023
>>> r = rollup({"Thanh Xá": thanh_xa_2023(), "Thanh Xá (bản sao)": thanh_xa_2023()})
>>> r.tasks.completed, r.tasks.total, r.activities.completed, r.activities.total
(40, 50, 60, 76)
>>> r.activities_percent, len(r.plans), [s.numeral for s in r.sections]
(79, 2, ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'])

Counting is exactly that of :func:`~cchc_model.progress` (each plan is
counted by the same pass, then the counts are added up), so a task rule
changes a roll-up the way it changes one plan:

>>> from cchc_model import rules
>>> rollup([thanh_xa_2023()], task_rule=rules.strict).tasks.completed
18

How sections are grouped across plans
-------------------------------------

Plans of different bodies rarely word their section titles identically
("Cải cách thể chế", "CẢI CÁCH THỂ CHẾ", "Cải cách  thể chế:"). ``by``
chooses the grouping key:

* ``by="numeral"`` (the default): sections group by their roman numeral,
  compared after removing spaces and a trailing dot, in upper case
  (``"ii."`` and ``"II"`` are one group). The group's :attr:`~SectionRollup.title`
  is the wording most plans use — wordings are compared with
  :func:`cchc_model._text.fold` (case, tone placement, Unicode form, look-alike
  letters and whitespace do not matter), ties go to the wording seen first —
  and :attr:`~SectionRollup.titles` lists every distinct wording, so a
  numbering that means different things in different plans is visible
  instead of hidden.
* ``by="title"``: sections group by their folded title (a colon or full stop at
  its end ignored), whatever their
  numeral; the group's numeral is the one most plans give it. Use it when
  plans number the same areas differently.

Groups come in roman-numeral order when every group key is a roman numeral,
otherwise in the order they first appear.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, Protocol, runtime_checkable

import attrs

from cchc_model._text import squash
from cchc_model.figures._groups import (
    Counts,
    Group,
    SectionRollup,
    numeral_key,
    roman_value,
    title_key,
)
from cchc_model.figures._progress import (
    HEADLINE_FIGURES,
    Progress,
    _count,
    render_summary,
)
from cchc_model.model import Plan, Tally, rules
from cchc_model.model.rules import TaskRule, TaskRuleLike, at_least_half

__all__ = ["PlanRollup", "Rollup", "SectionRollup", "rollup"]

GroupBy = Literal["numeral", "title"]

#: What :func:`rollup` takes: plans, ``(name, plan)`` pairs, or names mapped to plans.
PlanSource = Iterable[Plan] | Iterable[tuple[str, Plan]] | Mapping[str, Plan]

#: Column titles of the tables :meth:`Rollup.rows` fills, in Vietnamese as the
#: reports print them (NV = nhiệm vụ, HĐ = hoạt động, HT = hoàn thành).
HEADERS: tuple[str, ...] = (
    "TT",
    "Tên",
    "NV hoàn thành",
    "Tổng NV",
    "% NV",
    "HĐ hoàn thành",
    "Tổng HĐ",
    "% HĐ",
    "Đang triển khai",
    "Chưa đến thời điểm",
    "Chậm, chưa thực hiện",
)

Row = tuple[str, str, int, int, int, int, int, int, int, int, int]

#: The columns of the roll-up table ``cchc rollup --to`` writes: one row per plan.
TABLE_COLUMNS: tuple[str, ...] = ("file", "title", "issuer", *HEADLINE_FIGURES)


@attrs.frozen(kw_only=True)
class PlanRollup:
    """What a roll-up keeps of a plan (not the plan): name, title, issuer, progress.

    :ivar name: the name given to the plan (its file, for plans read by
        :func:`~cchc_model.read_many` or :func:`~cchc_model.iter_many`).
    :ivar title: the plan's title, verbatim.
    :ivar issuer: the plan's issuer, verbatim.
    :ivar progress: the plan's figures under the roll-up's task rule.
    """

    name: str
    title: str
    issuer: str
    progress: Progress

    @property
    def tasks(self) -> Tally:
        """The plan's task tally."""
        return self.progress.tasks

    @property
    def activities(self) -> Tally:
        """The plan's activity tally."""
        return self.progress.activities


@attrs.frozen(kw_only=True)
class Rollup:
    """The progress of many plans under one task rule (see :func:`rollup`).

    :ivar tasks: the task tally of all plans together.
    :ivar activities: the activity tally of all plans together.
    :ivar plans: one :class:`PlanRollup` per plan, in the order given.
    :ivar sections: one :class:`SectionRollup` per section group.
    :ivar rule: the name of the task rule used.
    :ivar by: how sections were grouped, ``"numeral"`` or ``"title"``.
    """

    tasks: Tally
    activities: Tally
    plans: tuple[PlanRollup, ...]
    sections: tuple[SectionRollup, ...]
    rule: str
    by: GroupBy

    @property
    def tasks_percent(self) -> int:
        """Completed tasks of all plans as a whole percent, rounded half up."""
        return self.tasks.percent

    @property
    def activities_percent(self) -> int:
        """Completed activities of all plans as a whole percent, rounded half up."""
        return self.activities.percent

    def to_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict: totals, each plan, each section group."""
        return {
            "task_rule": self.rule,
            "by": self.by,
            "tasks": self.tasks.to_dict(),
            "activities": self.activities.to_dict(),
            "plans": [{"name": p.name, **p.progress.to_dict()} for p in self.plans],
            "sections": [
                {
                    "numeral": s.numeral,
                    "title": s.title,
                    "titles": list(s.titles),
                    "plans": s.plans,
                    "tasks": s.tasks.to_dict(),
                    "activities": s.activities.to_dict(),
                }
                for s in self.sections
            ],
        }

    def to_dataframe(self, of: Literal["sections", "plans"] = "sections") -> Any:
        """A pandas DataFrame (needs pandas): one row per section group, as
        :meth:`Progress.to_dataframe`, or with ``of="plans"`` one row per plan
        (indexed by its name: title, issuer and the headline figures, as
        ``cchc rollup`` prints them)."""
        if of == "sections":
            return self.as_progress().to_dataframe()
        if of != "plans":
            raise ValueError(f"of must be 'sections' or 'plans', got {of!r}")
        from cchc_model.formats.dataframes import plans_frame

        return plans_frame(self)

    @property
    def duplicates(self) -> tuple[tuple[str, ...], ...]:
        """The names of plans that look like copies of one report: the same title,
        issuer and every figure (each group in order; none when every plan differs).

        They are all counted: two communes may report alike, and a roll-up does not
        guess. ``cchc rollup`` says so on standard error.

        >>> from cchc_model import rollup
        >>> from cchc_model.examples import thanh_xa_2023
        >>> plan = thanh_xa_2023()
        >>> rollup({"xa.docx": plan, "xa (copy).docx": plan}).duplicates
        (('xa.docx', 'xa (copy).docx'),)
        """
        groups: dict[tuple[str, str, Progress], list[str]] = {}
        for p in self.plans:
            groups.setdefault((p.title, p.issuer, p.progress), []).append(p.name)
        return tuple(tuple(names) for names in groups.values() if len(names) > 1)

    def plan(self, name: str) -> PlanRollup:
        """The plan called ``name``; :class:`KeyError` if there is none."""
        for p in self.plans:
            if p.name == name:
                return p
        raise KeyError(name)

    def section(self, key: str) -> SectionRollup:
        """The section group with numeral ``key`` (``by="numeral"``) or title ``key``.

        Titles are compared folded, so any spelling of the title finds it.
        :class:`KeyError` if there is none.
        """
        if self.by == "numeral":
            wanted = numeral_key(key)
            for s in self.sections:
                if numeral_key(s.numeral) == wanted:
                    return s
        else:
            wanted = title_key(key)
            for s in self.sections:
                if title_key(s.title) == wanted:
                    return s
        raise KeyError(key)

    def as_progress(self) -> Progress:
        """The totals as a :class:`~cchc_model.Progress` (sections = the groups).

        ``open_tasks`` is empty: activity numbers of different plans cannot be
        told apart; look them up per plan in :attr:`plans`.
        """
        return Progress(
            tasks=self.tasks,
            activities=self.activities,
            section_counts=tuple(
                (
                    s.numeral,
                    s.title,
                    s.activities,
                    (s.tasks.completed, s.tasks.in_progress, s.tasks.not_due, s.tasks.overdue),
                )
                for s in self.sections
            ),
            open_tasks=(),
            rule=self.rule,
        )

    def summary(self) -> str:
        """The Vietnamese summary lines of the totals (:func:`~cchc_model.render_summary`).

        >>> from cchc_model.examples import thanh_xa_2023
        >>> print(rollup([thanh_xa_2023()] * 3).summary())
        Tổng số 75 nhiệm vụ và 114 hoạt động
        Thực hiện hoàn thành 60/75 nhiệm vụ, đạt 80% kế hoạch
        Thực hiện hoàn thành 90/114 hoạt động, đạt 79% kế hoạch
        Đã và đang triển khai thực hiện 18 hoạt động
        Chưa đến thời điểm thực hiện 06 hoạt động
        """
        return render_summary(self.as_progress())

    def rows(self, of: Literal["sections", "plans"] = "sections") -> list[Row]:
        """The table of sections (or of plans), one tuple per row, the total last.

        Columns are those of ``HEADERS``: numeral (or position), name,
        then completed / total / percent of tasks and of activities, and the
        activities in progress, not due and overdue.

        >>> from cchc_model.examples import thanh_xa_2023
        >>> rollup([thanh_xa_2023()]).rows()[-1]
        ('', 'Tổng cộng', 20, 25, 80, 30, 38, 79, 6, 2, 0)
        """
        if of == "sections":
            rows = [_row(s.numeral, s.title, s.tasks, s.activities) for s in self.sections]
        elif of == "plans":
            rows = [
                _row(str(i), p.name, p.tasks, p.activities) for i, p in enumerate(self.plans, 1)
            ]
        else:
            raise ValueError(f"of must be 'sections' or 'plans', got {of!r}")
        rows.append(_row("", "Tổng cộng", self.tasks, self.activities))
        return rows

    def to_table(
        self, tablefmt: str = "simple", *, of: Literal["sections", "plans"] = "sections"
    ) -> str:
        """:meth:`rows` with ``HEADERS`` through :func:`tabulate.tabulate`.

        ``tablefmt`` is any tabulate format: ``"simple"``, ``"github"``
        (Markdown), ``"grid"``, ``"html"``, ...
        """
        from tabulate import tabulate

        return tabulate(self.rows(of), headers=HEADERS, tablefmt=tablefmt)

    def __str__(self) -> str:
        head = (
            f"Tổng hợp {len(self.plans)} kế hoạch / roll-up of {len(self.plans)} plans "
            f"(task rule: {self.rule}; sections by {self.by})"
        )
        return f"{head}\n{self.to_table()}"

    def _repr_html_(self) -> str:
        # The notebook display of a Progress (the totals by section group, with
        # bars), under a caption naming the roll-up; every text is escaped there.
        import html  # here, not at import: only notebooks display a roll-up

        from cchc_model.display._render import progress_html

        caption = html.escape(
            f"Tổng hợp {len(self.plans)} kế hoạch (nhóm mục theo "
            f"{'số La Mã' if self.by == 'numeral' else 'tên mục'})"
        )
        return f'<div class="cchc-rollup-caption">{caption}</div>' + progress_html(
            self.as_progress()
        )


def _row(key: str, name: str, tasks: Tally, activities: Tally) -> Row:
    return (
        key,
        name,
        tasks.completed,
        tasks.total,
        tasks.percent,
        activities.completed,
        activities.total,
        activities.percent,
        activities.in_progress,
        activities.not_due,
        activities.overdue,
    )


def plan_rollup(name: str, plan: Plan, task_rule: TaskRule) -> PlanRollup:
    """What a roll-up keeps of ``plan``: its name, title, issuer and progress."""
    return PlanRollup(
        name=name, title=plan.title, issuer=plan.issuer, progress=_count(plan, task_rule)
    )


@runtime_checkable
class _CountsWhereRead(Protocol):
    """Plans that are counted where they are read: :class:`~cchc_model.PlanStream`."""

    def rollups(self, task_rule: TaskRule) -> Iterator[PlanRollup]: ...


def _counted(plans: PlanSource, task_rule: TaskRule) -> Iterator[PlanRollup]:
    """Each plan of ``plans`` counted and named, one at a time (one pass over ``plans``)."""
    if isinstance(plans, _CountsWhereRead):
        # Counted by the processes that read the files: only the figures come back.
        yield from plans.rollups(task_rule)
        return
    if isinstance(plans, Mapping):
        for i, (name, plan) in enumerate(plans.items(), 1):
            if not isinstance(plan, Plan):
                raise TypeError(f"plan {name!r} (#{i}) is a {type(plan).__name__}, not a Plan")
            yield plan_rollup(str(name), plan, task_rule)
        return
    if isinstance(plans, (Plan, str, bytes)) or not isinstance(plans, Iterable):
        raise TypeError(
            "rollup() takes an iterable of Plans or a mapping from names to Plans "
            f"(or an iterable of (name, Plan) pairs), got {type(plans).__name__}"
        )
    seen: Counter[str] = Counter()
    for i, item in enumerate(plans, 1):
        if isinstance(item, Plan):
            base = squash(item.issuer) or squash(item.title)
            seen[base] += 1
            name = base if seen[base] == 1 else f"{base} ({seen[base]})"
            yield plan_rollup(name, item, task_rule)
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Plan):
            yield plan_rollup(str(item[0]), item[1], task_rule)
        else:
            raise TypeError(f"plan #{i} is a {type(item).__name__}, not a Plan")


def rollup(
    plans: PlanSource,
    *,
    by: GroupBy = "numeral",
    task_rule: TaskRuleLike = at_least_half,
) -> Rollup:
    """Aggregate the progress of ``plans`` under ``task_rule``.

    :param plans: the plans, as an iterable (each named after its issuer, or
        its title when the issuer is empty; a repeated name gets " (2)",
        " (3)", ...), as an iterable of ``(name, plan)`` pairs, or as a
        mapping from the name you want to the plan. Gone through once, each
        plan dropped once counted: a generator rolls up any number of plans;
        the stream of :func:`~cchc_model.iter_many` is counted where it is read.
    :param by: how sections group across plans: ``"numeral"`` (default) or
        ``"title"``; see the module documentation.
    :param task_rule: when a task counts as completed: a rule or its registered name
        (``"strict"``, ...); see :mod:`cchc_model.model.rules`.

    Every plan is counted by :func:`~cchc_model.progress` with the same rule,
    so the totals are the sums of the plans' own figures, and the percents
    are recomputed from the summed counts (never averaged).

    >>> from cchc_model.examples import thanh_xa_2023
    >>> r = rollup([thanh_xa_2023(), thanh_xa_2023()])
    >>> [p.name for p in r.plans]
    ['UBND xã Thanh Xá', 'UBND xã Thanh Xá (2)']
    >>> r.section("ii").activities.completed, r.section("II").plans
    (12, 2)
    >>> rollup((f"xã {i}", thanh_xa_2023()) for i in range(3)).activities.completed
    90
    """
    if by not in ("numeral", "title"):
        raise ValueError(f"by must be 'numeral' or 'title', got {by!r}")
    task_rule = rules.get(task_rule)
    # Each plan's own Progress; its sections' counts are added up by verbatim
    # (numeral, title), and only each distinct pair is folded and grouped afterwards.
    per_plan: list[PlanRollup] = []
    by_section: dict[tuple[str, str], Counts] = {}
    for p in _counted(plans, task_rule):
        per_plan.append(p)
        for numeral, title, section_activities, section_tasks in p.progress._section_counts:
            counts = by_section.get((numeral, title))
            if counts is None:
                counts = by_section[numeral, title] = Counts()
            counts.add(section_activities.kinds, section_tasks)
    groups: dict[str, Group] = {}
    total = Counts()
    for (numeral, title), counts in by_section.items():
        count = counts.sections
        total.add(counts.kinds, counts.tasks, count)
        folded = title_key(title)
        key = numeral_key(numeral) if by == "numeral" else folded
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group()
        group.counts.add(counts.kinds, counts.tasks, count)
        group.numerals[numeral] = group.numerals.get(numeral, 0) + count
        entry = group.titles.get(folded)
        if entry is None:
            group.titles[folded] = [count, squash(title)]
        else:
            entry[0] += count

    keys = list(groups)
    if by == "numeral":
        values = {k: roman_value(k) for k in keys}
        if None not in values.values():
            keys.sort(key=lambda k: values[k] or 0)
    return Rollup(
        tasks=total.task_tally(),
        activities=total.activity_tally(),
        plans=tuple(per_plan),
        sections=tuple(groups[k].build() for k in keys),
        rule=rules.name_of(task_rule),
        by=by,
    )
