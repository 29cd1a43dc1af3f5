"""Section groups of a roll-up: sections of many plans added up under one numeral
(or one title), with the wording most plans use; ``SectionRollup`` is the result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import attrs

from cchc_model._text import fold
from cchc_model.figures._progress import task_tally
from cchc_model.model import StatusKind, Tally

__all__ = ["Counts", "Group", "SectionRollup", "numeral_key", "roman_value", "title_key"]


@attrs.frozen(kw_only=True)
class SectionRollup:
    """One section group across plans.

    :ivar numeral: the group's numeral (``by="numeral"``: the key itself).
    :ivar title: the wording most plans use for the group.
    :ivar titles: every distinct wording seen (compared folded), first seen first.
    :ivar plans: how many plans have a section in the group.
    :ivar tasks: the task tally summed over those plans.
    :ivar activities: the activity tally summed over those plans.
    """

    numeral: str
    title: str
    titles: tuple[str, ...]
    plans: int
    tasks: Tally
    activities: Tally

    @property
    def tasks_percent(self) -> int:
        """Completed tasks as a whole percent, rounded half up."""
        return self.tasks.percent

    @property
    def activities_percent(self) -> int:
        """Completed activities as a whole percent, rounded half up."""
        return self.activities.percent


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(numeral: str) -> int | None:
    """The value of a roman numeral, or None when ``numeral`` is not one.

    >>> roman_value("VII"), roman_value("IV"), roman_value("A"), roman_value("")
    (7, 4, None, None)
    """
    if not numeral or any(c not in _ROMAN for c in numeral):
        return None
    total = 0
    for i, c in enumerate(numeral):
        value = _ROMAN[c]
        if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def numeral_key(numeral: str) -> str:
    return "".join(numeral.split()).rstrip(".").upper()


class Counts:
    """Activities by status kind and tasks by bucket, added up; made Tallies at the end."""

    __slots__ = ("kinds", "sections", "tasks")

    def __init__(self) -> None:
        self.kinds: dict[StatusKind, int] = {}
        self.tasks = (0, 0, 0, 0)  # completed, in progress, not due, overdue
        self.sections = 0  # how many sections were added

    def add(
        self, kinds: Mapping[StatusKind, int], tasks: tuple[int, int, int, int], sections: int = 1
    ) -> None:
        for kind, n in kinds.items():
            self.kinds[kind] = self.kinds.get(kind, 0) + n
        a, b, c, d = self.tasks
        completed, in_progress, not_due, overdue = tasks
        self.tasks = (a + completed, b + in_progress, c + not_due, d + overdue)
        self.sections += sections

    def activity_tally(self) -> Tally:
        return Tally.of_kinds(self.kinds)

    def task_tally(self) -> Tally:
        return task_tally(self.tasks)


class Group:
    """Accumulates one section group; builds the Tally objects once at the end."""

    __slots__ = ("counts", "numerals", "titles")

    def __init__(self) -> None:
        self.counts = Counts()
        # verbatim numeral -> count (stripped in build())
        self.numerals: dict[str, int] = {}
        # folded title -> [count, first verbatim (squashed) wording]
        self.titles: dict[str, list[Any]] = {}

    def build(self) -> SectionRollup:
        # max() keeps the first of equal counts: ties go to the wording seen first.
        title = max(self.titles.values(), key=lambda e: e[0])[1]
        numerals: Counter[str] = Counter()
        for numeral, n in self.numerals.items():
            numerals[numeral.strip()] += n
        return SectionRollup(
            numeral=numerals.most_common(1)[0][0],
            title=title,
            titles=tuple(e[1] for e in self.titles.values()),
            plans=self.counts.sections,
            tasks=self.counts.task_tally(),
            activities=self.counts.activity_tally(),
        )


def title_key(title: str) -> str:
    """A section title as groups compare it: folded (case, tone placement, Unicode
    form, look-alike letters, spacing) and without the punctuation a title may end
    with ("Cải cách  thể chế:" is "Cải cách thể chế").

    >>> title_key("CẢI CÁCH  THỂ CHẾ:") == title_key("Cải cách thể chế")
    True
    """
    return fold(title).rstrip(" .:;,")
