r"""The domain model: a CCHC plan, as its progress appendix reports it.

All types are frozen, keyword-only attrs classes, validated when built; change
them with :func:`attrs.evolve`. Text fields hold the source's characters
verbatim (typos included); line breaks of wrapped table cells are kept as
``"\n"``.

>>> from cchc_model import Activity, Section, Status, StatusKind, Task
>>> act = Activity(number=1, label="1. Hoạt động 1", text="Xây dựng Kế hoạch CCHC",
...                status=Status.parse("Hoàn thành"))
>>> act.status.kind
<StatusKind.COMPLETED: 'completed'>
>>> task = Task(title="Ban hành văn bản chỉ đạo", activities=(act,))
>>> section = Section(numeral="I", title="Công tác chỉ đạo điều hành", tasks=(task,))
>>> [a.number for a in section.activities]
[1]

The status rules that classify a Tiến độ text are in :mod:`cchc_model.model.status`;
the task rules (when a task counts as done) in :mod:`cchc_model.model.rules`.
"""

from cchc_model.model._items import Activity, Section, Status, Task
from cchc_model.model._kinds import Bucket, StatusKind
from cchc_model.model._plan import Plan, PublishedFigures
from cchc_model.model._tally import Tally

__all__ = [
    "Activity",
    "Bucket",
    "Plan",
    "PublishedFigures",
    "Section",
    "Status",
    "StatusKind",
    "Tally",
    "Task",
]
