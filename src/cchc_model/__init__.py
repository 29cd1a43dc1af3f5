"""cchc-model: Vietnamese CCHC reform plans and their progress appendices as typed data.

>>> import cchc_model
>>> from cchc_model.examples import thanh_xa_2023
>>> p = cchc_model.progress(thanh_xa_2023())
>>> p.tasks.completed, p.tasks.total, p.activities.completed, p.activities.total
(20, 25, 30, 38)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cchc_model import rules
from cchc_model._progress import (
    Discrepancy,
    Progress,
    SectionProgress,
    Tally,
    progress,
    reconcile,
    render_summary,
)
from cchc_model.charts import plot_progress
from cchc_model.compare import Comparison, compare
from cchc_model.dataframes import from_dataframe, to_dataframe
from cchc_model.documents import DocumentMatch, DocumentRef, DocumentStyle, find_document_refs
from cchc_model.errors import CCHCError
from cchc_model.model import (
    Activity,
    Bucket,
    Plan,
    PublishedFigures,
    Section,
    Status,
    StatusKind,
    Task,
)
from cchc_model.rollup import Rollup, rollup
from cchc_model.serialization import available_formats, dumps, loads, register_format
from cchc_model.word import read_docx, write_docx

if TYPE_CHECKING:
    # Imported on first use (see __getattr__): the bundled example needs the
    # cattrs converter, which `import cchc_model` should not pay for.
    from cchc_model import examples

__all__ = [
    "Activity",
    "Bucket",
    "CCHCError",
    "Comparison",
    "Discrepancy",
    "DocumentMatch",
    "DocumentRef",
    "DocumentStyle",
    "Plan",
    "Progress",
    "PublishedFigures",
    "Rollup",
    "Section",
    "SectionProgress",
    "Status",
    "StatusKind",
    "Tally",
    "Task",
    "__version__",
    "available_formats",
    "compare",
    "dumps",
    "examples",
    "find_document_refs",
    "from_dataframe",
    "loads",
    "plot_progress",
    "progress",
    "read_docx",
    "reconcile",
    "register_format",
    "render_summary",
    "rollup",
    "rules",
    "to_dataframe",
    "write_docx",
]


def __dir__() -> list[str]:
    return __all__


def __getattr__(name: str) -> Any:
    # The version comes from the installed package's metadata, read on first
    # use so that `import cchc_model` does not pay for importlib.metadata.
    if name == "__version__":
        from importlib.metadata import version

        return version("cchc-model")
    if name == "examples":
        import importlib

        return importlib.import_module("cchc_model.examples")
    raise AttributeError(f"module 'cchc_model' has no attribute {name!r}")
