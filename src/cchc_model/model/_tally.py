"""Tallies: items counted by summary bucket, activities also by status kind."""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import TYPE_CHECKING, Any

import attrs

from cchc_model.errors import InvalidPlan
from cchc_model.model._kinds import Bucket, StatusKind, _status_kind, is_count

if TYPE_CHECKING:
    from cchc_model.model._items import Activity

__all__ = ["Tally", "percent"]


def percent(part: int, whole: int) -> int:
    """``part / whole`` as a whole percent, rounded half up; 0 when ``whole`` is 0.

    >>> percent(30, 38), percent(20, 25), percent(1, 8)
    (79, 80, 13)
    """
    if whole <= 0:
        return 0
    # Integer arithmetic: round(78.947...) without float surprises at .5.
    return (200 * part + whole) // (2 * whole)


class KindCounts(Mapping[StatusKind, int]):
    """A read-only mapping from status kind to a count, kinds with no count left out.

    Equal to a dict with the same items; unhashable, like a dict; pickles.
    """

    __slots__ = ("_counts",)

    def __init__(self, counts: Mapping[StatusKind, int]) -> None:
        # In StatusKind order, whatever the order given.
        self._counts = {k: counts[k] for k in _KINDS if counts.get(k)}

    def __getitem__(self, kind: StatusKind) -> int:
        return self._counts[kind]

    def __iter__(self) -> Iterator[StatusKind]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)

    # The dict's own views and lookups (Mapping's defaults go through __getitem__).
    def __contains__(self, kind: object) -> bool:
        return kind in self._counts

    def get(self, kind: StatusKind, default: Any = None) -> Any:
        return self._counts.get(kind, default)

    def items(self) -> ItemsView[StatusKind, int]:
        return self._counts.items()

    def keys(self) -> KeysView[StatusKind]:
        return self._counts.keys()

    def values(self) -> ValuesView[int]:
        return self._counts.values()

    def __reduce__(self) -> tuple[Any, ...]:
        return (KindCounts, (self._counts,))

    __hash__ = None  # type: ignore[assignment]  # a mapping: unhashable, like a dict

    def __repr__(self) -> str:
        return repr(self._counts)


_KINDS = tuple(StatusKind)
_NO_KINDS = KindCounts({})


def _kind_counts(value: Mapping[Any, int]) -> KindCounts:
    if isinstance(value, KindCounts):
        return value
    counts: dict[StatusKind, int] = {}
    for kind, n in value.items():
        if not is_count(n):
            raise InvalidPlan(f"kinds[{kind!r}] must be an int >= 0, got {n!r}", where="Tally")
        try:
            counts[_status_kind(kind)] = n
        except InvalidPlan as exc:
            raise InvalidPlan(f"kinds: {exc.reason}", where="Tally") from None
    return KindCounts(counts)


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
        default=_NO_KINDS, converter=_kind_counts, hash=False, repr=lambda m: repr(dict(m))
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
            for bucket, n in _by_bucket(self.kinds).items():
                if n != getattr(self, bucket):
                    raise InvalidPlan(
                        f"kinds do not add up to the buckets: {n} activities of the kinds"
                        f" in {bucket}, but {bucket}={getattr(self, bucket)}",
                        where="Tally",
                    )

    @property
    def percent(self) -> int:
        """Completed as a whole percent of the total, rounded half up."""
        return percent(self.completed, self.total)

    def to_dict(self) -> dict[str, Any]:
        """The counts as a JSON-ready dict (kinds by their value, the percent included).

        >>> Tally(total=2, completed=1, in_progress=1).to_dict()["percent"]
        50
        """
        return {
            "total": self.total,
            "completed": self.completed,
            "in_progress": self.in_progress,
            "not_due": self.not_due,
            "overdue": self.overdue,
            "percent": self.percent,
            "kinds": {kind.value: n for kind, n in self.kinds.items()},
        }

    def count(self, kind: StatusKind | str) -> int:
        """How many activities have status kind ``kind``."""
        return self.kinds.get(_status_kind(kind), 0)

    def _repr_html_(self) -> str:
        from cchc_model.display._render import html

        return html(self)

    def __add__(self, other: object) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        kinds = dict(self.kinds)
        for kind, n in other.kinds.items():
            kinds[kind] = kinds.get(kind, 0) + n
        return Tally(
            total=self.total + other.total,
            completed=self.completed + other.completed,
            in_progress=self.in_progress + other.in_progress,
            not_due=self.not_due + other.not_due,
            overdue=self.overdue + other.overdue,
            kinds=kinds,
        )

    @classmethod
    def of_kinds(cls, kinds: Mapping[StatusKind, int]) -> Tally:
        """The activity tally of ``kinds``, counts of activities by status kind.

        >>> Tally.of_kinds({StatusKind.COMPLETED: 2, StatusKind.ONGOING: 1}).completed
        3
        """
        kinds = _kind_counts(kinds)
        return cls(total=sum(kinds.values()), **_by_bucket(kinds), kinds=kinds)

    @classmethod
    def of_activities(cls, activities: Iterable[Activity]) -> Tally:
        """Count activities by the bucket of their status kind."""
        kinds: dict[StatusKind, int] = {}
        for activity in activities:
            kind = activity.status.kind
            kinds[kind] = kinds.get(kind, 0) + 1
        return cls.of_kinds(kinds)


def _by_bucket(kinds: Mapping[StatusKind, int]) -> dict[str, int]:
    # Activity counts by bucket, keyed by the Tally field's name.
    by_bucket = dict.fromkeys(Bucket, 0)
    for kind, n in kinds.items():
        by_bucket[kind.bucket] += n
    return {bucket.value: n for bucket, n in by_bucket.items()}
