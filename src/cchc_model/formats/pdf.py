"""PDF documents: read the appendix table of a report published as PDF.

Needs the optional extra ``pdf`` (``pip install cchc-model[pdf]``, which brings
pdfplumber); pdfplumber is imported only when a function here is called.

See ``docs/pdf.md`` for an example and for what the reader copes with and
what it does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc_model.model import Plan

if TYPE_CHECKING:
    from cchc_model.formats._pdf.reader import Source
    from cchc_model.model.status import StatusRules

__all__ = ["PdfSerializer", "read_pdf"]


def read_pdf(path_or_file: Source, *, status_rules: StatusRules | None = None) -> Plan:
    """Read the appendix table of a PDF document into a :class:`~cchc_model.Plan`.

    :param path_or_file: a path, the file's bytes, or a binary file object.
    :param status_rules: how Tiến độ texts are classified (default: the built-in table,
        :data:`cchc_model.model.status.DEFAULT_RULES`).

    The table must be drawn with ruling lines (as Word, LibreOffice and most
    office software print tables). It is the first one whose header row carries
    the appendix's column titles, found as the Word reader finds them; the tables
    with the same columns at the top of the next pages continue it (repeated
    header rows are dropped, a row split by a page break is joined). Section
    rows, task cells spanning several rows (a ruled cell over them, or blank
    cells under the first), labels and the other cells are read as
    :func:`~cchc_model.read_docx` reads them; the lines above the table give the
    title and the report, the lines under it the published figures.

    Raises :class:`~cchc_model.errors.FormatError` when the file is not a PDF, is
    encrypted, has no text layer (a scan: run OCR first), has no appendix table
    drawn with ruling lines, or its table cannot be read (the message says the
    page and the table row), and :class:`~cchc_model.errors.UnknownStatus` for a
    Tiến độ text no rule recognises.
    """
    from cchc_model.formats._pdf.reader import read

    return read(path_or_file, status_rules=status_rules)


class PdfSerializer:
    """The ``"pdf"`` format of :func:`cchc_model.loads` (reading only).

    ``loads(data, format="pdf", status_rules=None)`` reads PDF bytes with
    :func:`read_pdf`; ``dumps`` raises: write a Word document with
    :func:`~cchc_model.write_docx` and print it to PDF instead.
    """

    #: The file name extensions of the format, for the ``cchc`` command.
    extensions: tuple[str, ...] = (".pdf",)
    #: ``loads`` takes bytes.
    binary = True
    #: One line for ``cchc formats``.
    description = "the appendix as a PDF document, read only (needs the extra 'pdf')"

    def dumps(self, plan: Plan, /) -> bytes:
        """Not supported: the library does not write PDF."""
        from cchc_model.errors import FormatError

        raise FormatError(
            "the 'pdf' format is read-only: write a Word document (format 'docx') "
            "and print or convert it to PDF",
            where="output",
        )

    def loads(self, data: bytes | str, /, *, status_rules: StatusRules | None = None) -> Plan:
        """The plan in the PDF bytes ``data``."""
        if isinstance(data, str):
            from cchc_model.errors import FormatError

            raise FormatError("a PDF document is binary: pass bytes, not str", where="input")
        return read_pdf(data, status_rules=status_rules)
