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

from cchc_model._lazy import attach
from cchc_model.documents import DocumentMatch, DocumentRef, DocumentStyle, find_document_refs
from cchc_model.errors import CCHCError
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
    from cchc_model import figures as figures  # the subpackage, loaded on first use
    from cchc_model.display.charts import plot_progress
    from cchc_model.display.html import to_html
    from cchc_model.figures._compare import Comparison, compare
    from cchc_model.figures._progress import Progress, SectionProgress, progress, render_summary
    from cchc_model.figures._reconcile import Discrepancy, reconcile
    from cchc_model.figures._rollup import Rollup, rollup
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
#: light: it loads the model, document numbers and the format registry, while
#: the figures (progress, roll-ups, comparisons, reconciliation), the bundled
#: example (which needs cattrs), charts, DataFrames, Word and PDF load when a
#: program first uses them (see docs/architecture.md). (No module is named like
#: a function: importing a submodule sets the package attribute of its name.)
_LAZY = {
    "examples": "cchc_model.examples",
    "figures": "cchc_model.figures",
    "Comparison": "cchc_model.figures._compare",
    "compare": "cchc_model.figures._compare",
    "Discrepancy": "cchc_model.figures._reconcile",
    "reconcile": "cchc_model.figures._reconcile",
    "Progress": "cchc_model.figures._progress",
    "SectionProgress": "cchc_model.figures._progress",
    "progress": "cchc_model.figures._progress",
    "render_summary": "cchc_model.figures._progress",
    "Rollup": "cchc_model.figures._rollup",
    "rollup": "cchc_model.figures._rollup",
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


if TYPE_CHECKING:
    __version__: str
else:  # type checkers see the imports above, not a __getattr__ that takes any name

    def _version() -> str:
        # Read from the installed package's metadata on first use, so that
        # `import cchc_model` does not pay for importlib.metadata.
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("cchc-model")
        except PackageNotFoundError:  # a source tree on sys.path, not installed
            return "0+unknown"

    # dir() (and so tab completion) lists the public names and the subpackages
    # that are attributes after `import cchc_model`.
    _SUBPACKAGES = ("documents", "errors", "figures", "formats", "model")
    _lazy_getattr, __dir__ = attach(__name__, _LAZY, [*__all__, *_SUBPACKAGES])

    def __getattr__(name: str) -> Any:
        if name == "__version__":
            globals()["__version__"] = value = _version()
            return value
        return _lazy_getattr(name)
