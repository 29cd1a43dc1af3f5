"""Word documents: read an appendix table from a .docx file, write a plan as one.

Needs the optional extra ``docx`` (``pip install cchc-model[docx]``, which brings
python-docx); python-docx is imported only when a function here is called.

>>> import io
>>> from cchc_model import read_docx, write_docx, progress
>>> from cchc_model.examples import thanh_xa_2023
>>> buffer = io.BytesIO()
>>> write_docx(thanh_xa_2023(), buffer)
>>> plan = read_docx(io.BytesIO(buffer.getvalue()))
>>> plan == thanh_xa_2023()
True
>>> progress(plan).activities.completed
30

See ``docs/docx.md`` for the layouts the reader copes with and what round-trips.
"""

from __future__ import annotations

import io
import os
from typing import IO, TYPE_CHECKING

from cchc_model.errors import FormatError
from cchc_model.formats._common import expect_plan
from cchc_model.formats._zipguard import ZipLimits
from cchc_model.model import Plan

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from cchc_model.formats._word.reader import Source
    from cchc_model.model.status import StatusRulesSource

__all__ = ["DocxSerializer", "read_docx", "write_docx"]


def read_docx(
    path_or_file: Source,
    *,
    status_rules: StatusRulesSource = None,
    limits: ZipLimits | None = None,
) -> Plan:
    """Read the appendix table of a Word .docx document into a :class:`~cchc_model.Plan`.

    :param path_or_file: a path, the file's bytes, or a binary file object.
    :param status_rules: how Tiến độ texts are classified (default: the built-in table,
        :data:`cchc_model.model.status.DEFAULT_RULES`): a table, or the path of a rules file.
    :param limits: how much the package may unpack to, checked before anything is
        parsed (default ``ZipLimits()``: 64 MB in all, 16 MB of XML, at most 100
        times the packed size per large member, 1,000 members, 400,000 XML
        elements); see ``docs/security.md``.

    The table is the first one whose header row carries the appendix's column titles
    (Nội dung thực hiện, Hoạt động, Tiến độ; TT, Sản phẩm, Giải trình and Ghi chú
    when present, in any order). Section rows start with a roman numeral; a task
    cell merged down several rows, repeated on them or left blank under its first
    row spans those activities. The heading lines above the table give the title
    and, when the document-number parser finds them, the plan and report numbers;
    the summary block under the table gives the published figures.

    Raises :class:`~cchc_model.errors.FormatError` when the file is not a .docx
    document, has no appendix table, or its table cannot be read (the message says
    what was found and where; a package over ``limits``, encrypted or packed with a
    method other than Deflate says which member and what to do), and
    :class:`~cchc_model.errors.UnknownStatus` with
    ``where="row N"`` for a Tiến độ text no rule recognises.
    """
    from cchc_model.formats._word.reader import read
    from cchc_model.model.status import load_rules

    return read(path_or_file, status_rules=load_rules(status_rules), limits=limits)


def write_docx(
    plan: Plan,
    path_or_file: str | os.PathLike[str] | IO[bytes] | Document,
    *,
    embed: bool | None = None,
    after: Paragraph | Table | None = None,
) -> None:
    """Write ``plan`` as a Word appendix in the official layout.

    A4 landscape in Times New Roman: the heading lines, the seven-column table
    (TT, Nội dung thực hiện, Hoạt động, Tiến độ, Sản phẩm/sản phẩm dự kiến,
    Giải trình, Ghi chú) with its header row repeated on every page, section rows
    merged across, each task cell merged down its activities, and the summary block
    under the table (the report's published text, else :func:`~cchc_model.render_summary`).

    :param path_or_file: a path or a binary file object open for writing, or an open
        ``docx.Document`` of your own report: the appendix is then added to it (at its
        end, or after ``after``), keeping everything already there, its styles
        included. The appendix brings its own paragraph styles (``CCHC Title``,
        ``CCHC Cell``, ...; added once, left alone when the document has them) and
        fits its table to the width of the page it lands on. Save the document
        yourself.
    :param embed: also store the plan in the file (a custom XML part, invisible in
        Word) as the library's JSON, so that :func:`read_docx` gives back exactly what
        the table cannot show (status kinds, parsed documents, year, published
        figures) as long as the table is left as written. ``False`` writes only the
        visible document. Default: ``True`` for a file, ``False`` for an open document
        (which may hold more than one appendix, or other tables).
    :param after: with an open document, a paragraph or table of its body
        (``document.paragraphs[3]``) after which the appendix goes.

    >>> import docx, io
    >>> from cchc_model import read_docx, write_docx, progress
    >>> from cchc_model.examples import thanh_xa_2023
    >>> report = docx.Document()
    >>> intro = report.add_paragraph("1. Kết quả thực hiện kế hoạch")
    >>> closing = report.add_paragraph("2. Phương hướng, nhiệm vụ thời gian tới")
    >>> write_docx(thanh_xa_2023(), report, after=intro)
    >>> report.paragraphs[-1].text
    '2. Phương hướng, nhiệm vụ thời gian tới'
    >>> buffer = io.BytesIO()
    >>> report.save(buffer)
    >>> progress(read_docx(buffer.getvalue())).activities.completed
    30
    """
    given: object = plan  # checked at run time: callers need not be typed
    if not isinstance(given, Plan):
        raise TypeError(f"write_docx() takes a Plan, got {type(given).__name__}")
    if _is_document(path_or_file):
        from cchc_model.formats._word.writer import insert

        insert(plan, path_or_file, after=after, embed=bool(embed))  # type: ignore[arg-type]
        return
    if after is not None:
        raise TypeError("after= places the appendix in an open docx.Document, not in a file")
    from cchc_model.formats._word.writer import write

    write(plan, path_or_file, embed=True if embed is None else embed)  # type: ignore[arg-type]


def _is_document(target: object) -> bool:
    """Is ``target`` an open python-docx document (without importing python-docx)?"""
    import sys

    # A document exists only once python-docx is imported: no need to import it here.
    module = sys.modules.get("docx.document")
    return module is not None and isinstance(target, module.Document)


class DocxSerializer:
    """The ``"docx"`` format of :func:`cchc_model.dumps` / :func:`cchc_model.loads`.

    ``dumps(plan, format="docx", embed=True)`` returns the bytes of the Word
    document :func:`write_docx` writes; ``loads(data, format="docx",
    status_rules=None)`` reads them (or any appendix .docx) with :func:`read_docx`.

    >>> from cchc_model import Plan
    >>> from cchc_model.formats import dumps, loads
    >>> plan = Plan(title="Phụ lục", sections=())
    >>> data = dumps(plan, format="docx")
    >>> data[:2], loads(data, format="docx") == plan
    (b'PK', True)
    """

    #: The file name extensions of the format, for the ``cchc`` command.
    extensions: tuple[str, ...] = (".docx",)
    #: ``dumps`` returns bytes and ``loads`` takes bytes.
    binary = True
    #: One line for ``cchc formats``.
    description = "the appendix as a Word document (needs the extra 'docx')"

    def dumps(self, plan: Plan, /, *, embed: bool = True) -> bytes:
        """The .docx bytes of ``plan``."""
        expect_plan(plan, "docx")
        buffer = io.BytesIO()
        write_docx(plan, buffer, embed=embed)
        return buffer.getvalue()

    def loads(
        self,
        data: bytes | str,
        /,
        *,
        status_rules: StatusRulesSource = None,
        limits: ZipLimits | None = None,
    ) -> Plan:
        """The plan in the .docx bytes ``data`` (``limits``: see :func:`read_docx`)."""
        if isinstance(data, str):
            raise FormatError("a .docx document is binary: pass bytes, not str", where="input")
        return read_docx(data, status_rules=status_rules, limits=limits)
