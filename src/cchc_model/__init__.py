"""cchc-model: Vietnamese CCHC reform plans and their progress appendices as typed data.

A plan (``Plan``) has sections (``Section``), tasks (``Task``) and activities
(``Activity``), each activity with the verbatim Tiến độ text and its kind
(``Status``, ``StatusKind``). The main functions:

- ``read(path)`` / ``write(plan, path)``: .xlsx, .csv, .docx, .pdf (read), .json, ...;
  ``loads``/``dumps`` for text, ``examples.thanh_xa_2023()`` for a real appendix;
- ``progress(plan)``: the figures a report publishes; ``render_summary`` writes its
  Vietnamese summary, ``reconcile`` checks a report's own figures against its table;
- ``rollup(plans)`` and ``compare(old, new)``: many plans, two reports of one plan;
- ``DocumentRef.parse`` and ``find_document_refs``: official document numbers.

Errors are ``CCHCError`` subclasses (``cchc_model.errors``) naming the place and
what to do. Every public name, with a line each: ``docs/api.md``.

>>> import cchc_model
>>> from cchc_model.examples import thanh_xa_2023
>>> p = cchc_model.progress(thanh_xa_2023())
>>> p.tasks.completed, p.tasks.total, p.activities.completed, p.activities.total
(20, 25, 30, 38)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cchc_model.documents import DocumentMatch, DocumentRef, DocumentStyle, find_document_refs
from cchc_model.errors import CCHCError
from cchc_model.figures import (
    Comparison,
    Discrepancy,
    Progress,
    Rollup,
    SectionProgress,
    compare,
    progress,
    reconcile,
    render_summary,
    rollup,
)
from cchc_model.formats import available_formats, dumps, loads, read, register_format, write
from cchc_model.model import (
    Activity,
    Bucket,
    Plan,
    PublishedFigures,
    Section,
    Status,
    StatusKind,
    Tally,
    Task,
    rules,
)

if TYPE_CHECKING:
    from cchc_model import examples
    from cchc_model.display.charts import plot_progress
    from cchc_model.display.html import to_html
    from cchc_model.formats._many import (
        PlanStream,
        ReadFailure,
        ReadResult,
        iter_many,
        read_many,
    )
    from cchc_model.formats._zipguard import ZipLimits
    from cchc_model.formats.dataframes import from_dataframe, to_dataframe
    from cchc_model.formats.pdf import read_pdf
    from cchc_model.formats.word import read_docx, write_docx

#: Names imported on first use (PEP 562), so that `import cchc_model` stays
#: light: the bundled example needs cattrs, and charts, DataFrames and Word
#: documents are not needed by every program. (No module is named like a
#: function: importing a submodule sets the package attribute of its name.)
_LAZY = {
    "examples": "cchc_model.examples",
    "plot_progress": "cchc_model.display.charts",
    "PlanStream": "cchc_model.formats._many",
    "ReadFailure": "cchc_model.formats._many",
    "ReadResult": "cchc_model.formats._many",
    "iter_many": "cchc_model.formats._many",
    "read_many": "cchc_model.formats._many",
    "from_dataframe": "cchc_model.formats.dataframes",
    "to_dataframe": "cchc_model.formats.dataframes",
    "to_html": "cchc_model.display.html",
    "read_docx": "cchc_model.formats.word",
    "read_pdf": "cchc_model.formats.pdf",
    "write_docx": "cchc_model.formats.word",
    "ZipLimits": "cchc_model.formats._zipguard",
}

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
    "PlanStream",
    "Progress",
    "PublishedFigures",
    "ReadFailure",
    "ReadResult",
    "Rollup",
    "Section",
    "SectionProgress",
    "Status",
    "StatusKind",
    "Tally",
    "Task",
    "ZipLimits",
    "__version__",
    "available_formats",
    "compare",
    "dumps",
    "examples",
    "find_document_refs",
    "from_dataframe",
    "iter_many",
    "loads",
    "plot_progress",
    "progress",
    "read",
    "read_docx",
    "read_many",
    "read_pdf",
    "reconcile",
    "register_format",
    "render_summary",
    "rollup",
    "rules",
    "to_dataframe",
    "to_html",
    "write",
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
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name])
        value = module if name == "examples" else getattr(module, name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'cchc_model' has no attribute {name!r}")
