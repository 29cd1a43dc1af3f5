"""Status kinds and the summary buckets they are counted in."""

from __future__ import annotations

import enum
import functools

from cchc_model.errors import InvalidPlan

__all__ = ["Bucket", "StatusKind"]


class StatusKind(str, enum.Enum):
    """What a Tiến độ text says about an activity.

    The kinds are finer than the report's summary buckets; :attr:`bucket` maps
    each kind to the bucket the published figures count it in.
    """

    #: "Hoàn thành", "Đã hoàn thành", "Hoàn thành báo cáo quý 1, 6 tháng", ...
    COMPLETED = "completed"
    #: "Đã và đang thực hiện": recurring work, carried out and continuing.
    ONGOING = "ongoing"
    #: "Đang triển khai", "Đang thực hiện", "Cơ bản hoàn thành", "Hoàn thành 80%", ...
    IN_PROGRESS = "in_progress"
    #: "Chưa đến thời điểm báo cáo", "Chưa đến thời điểm thực hiện".
    NOT_DUE = "not_due"
    #: "Thực hiện khi có KH, Hướng dẫn của huyện": waits for the level above.
    AWAITING_GUIDANCE = "awaiting_guidance"
    #: "Chưa thực hiện", "Chưa triển khai".
    NOT_STARTED = "not_started"
    #: "Chậm tiến độ", "Không thực hiện", "Không hoàn thành".
    DELAYED = "delayed"

    @functools.cached_property  # a plain attribute of the member after the first read
    def bucket(self) -> Bucket:
        """The summary bucket this kind is counted in."""
        return _BUCKETS[self]

    def __str__(self) -> str:
        return self.value


class Bucket(str, enum.Enum):
    """The four buckets of a report's summary figures."""

    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    NOT_DUE = "not_due"
    #: Not started or late: activities that should be under way but are not.
    OVERDUE = "overdue"

    def __str__(self) -> str:
        return self.value


_BUCKETS = {
    StatusKind.COMPLETED: Bucket.COMPLETED,
    StatusKind.ONGOING: Bucket.COMPLETED,
    StatusKind.IN_PROGRESS: Bucket.IN_PROGRESS,
    StatusKind.NOT_DUE: Bucket.NOT_DUE,
    StatusKind.AWAITING_GUIDANCE: Bucket.NOT_DUE,
    StatusKind.NOT_STARTED: Bucket.OVERDUE,
    StatusKind.DELAYED: Bucket.OVERDUE,
}


def _status_kind(value: object) -> StatusKind:
    if type(value) is StatusKind:  # the common case, without a call
        return value
    try:
        return StatusKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in StatusKind)
        raise InvalidPlan(
            f"unknown status kind {value!r}: use one of {kinds}", where="Status"
        ) from None


def is_count(value: object) -> bool:
    """Whether ``value`` is a count: an int >= 0 (and not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
