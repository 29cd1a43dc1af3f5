"""What a file is, by its first bytes and, for a zip package, its parts.

Said in an error when a file is not what its name says, with what to do: "not
a Word .docx document: it is an Excel .xlsx workbook: rename it to .xlsx, or
read it with format='xlsx'". A package is looked into only within the limits
every reader keeps (:class:`~cchc_model.formats._zipguard.ZipLimits`).
"""

from __future__ import annotations

from cchc_model.errors import FormatError

__all__ = ["identify", "mismatch"]

#: First bytes → what the file is, and the format that reads it (None: none does).
_MAGIC: tuple[tuple[bytes, str, str | None], ...] = (
    (b"%PDF", "a PDF document", "pdf"),
    (b"\xd0\xcf\x11\xe0", "an old binary Word .doc or Excel .xls file", None),
    (b"{\\rtf", "an RTF document", None),
    (b"<", "an XML or HTML file", None),
    (b"\xef\xbb\xbf<", "an XML or HTML file", None),
)

#: A part of a zip package → what the package is, and the format that reads it.
_PARTS: tuple[tuple[str, str, str | None], ...] = (
    ("word/document.xml", "a Word .docx document", "docx"),
    ("xl/workbook.xml", "an Excel .xlsx workbook", "xlsx"),
    ("ppt/presentation.xml", "a PowerPoint .pptx presentation", None),
    ("content.xml", "an OpenDocument file (.odt or .ods)", None),
)

_EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx"}


def identify(data: bytes) -> tuple[str, str | None] | None:
    """What ``data`` is and the format that reads it, or ``None`` when it is none
    of the kinds of file above (a zip package beyond the limits is not looked into).

    >>> identify(b"%PDF-1.7 ...")
    ('a PDF document', 'pdf')
    >>> identify(b"{") is None
    True
    """
    for magic, what, fmt in _MAGIC:
        if data.startswith(magic):
            return what, fmt
    if not data.startswith(b"PK\x03\x04"):
        return None
    from cchc_model.formats._zipguard import check_zip, open_zip

    try:
        check_zip(data)
        names = set(open_zip(data).namelist())
    except FormatError:
        return None
    return next(((what, fmt) for part, what, fmt in _PARTS if part in names), None)


def mismatch(data: bytes, expected: str) -> str | None:
    """What to say when ``data`` is another kind of file than the format
    ``expected`` reads ("it is an Excel .xlsx workbook: rename it to .xlsx, or
    read it with format='xlsx'"), or ``None`` when it is not known to be one."""
    found = identify(data)
    if found is None or found[1] == expected:
        return None
    what, fmt = found
    if fmt is None:
        return (
            f"it is {what}, which the library does not read: open it in Word or Excel (or "
            "LibreOffice) and save it as .docx or .xlsx"
        )
    return f"it is {what}: rename it to {_EXTENSIONS[fmt]}, or read it with format={fmt!r}"
