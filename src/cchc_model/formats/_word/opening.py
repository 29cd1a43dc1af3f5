"""Opening a Word .docx document safely: its bytes, the zip limits, python-docx.

The package is checked against :class:`~cchc_model.formats._zipguard.ZipLimits` before
python-docx (imported lazily) parses anything, and every failure of zipfile,
zlib, lxml or python-docx becomes a :class:`~cchc_model.errors.FormatError`.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path
from typing import IO, TYPE_CHECKING

from cchc_model.errors import FormatError
from cchc_model.formats._common import require_extra
from cchc_model.formats._sniff import mismatch
from cchc_model.formats._zipguard import ZipLimits, check_zip

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["Source", "damage_errors", "open_document"]

Source = str | os.PathLike[str] | bytes | bytearray | IO[bytes]

_RESAVE = "open it in Word (or LibreOffice) and save it again as a .docx document"


def read_bytes(source: Source, limit: int | None = None) -> tuple[bytes, str | None]:
    # The name is where errors say the data came from: none for bare bytes. With
    # a limit, at most limit + 1 bytes are read: a device or a pipe never ends.
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), None
    size = -1 if limit is None else limit + 1
    if isinstance(source, (str, os.PathLike)):
        with Path(source).open("rb") as f:
            return f.read(size), os.fspath(source)
    data = source.read(size)
    if not isinstance(data, bytes):
        raise TypeError(f"expected a binary file, got one that reads {type(data).__name__}")
    return data, str(getattr(source, "name", "<file>"))


def open_document(source: Source, limits: ZipLimits | None = None) -> Document:
    """Open ``source`` as a python-docx document, or raise a FormatError saying what it is."""
    limits = limits or ZipLimits()
    # A package is never larger than what it unpacks to (stored members) by more
    # than its headers: 1 MB more than max_total_size is not a package to read.
    limit = limits.max_total_size + 1024 * 1024
    data, name = read_bytes(source, limit)
    if len(data) > limit:
        raise FormatError(
            f"the file is larger than {limit:,} bytes, more than a package within "
            "ZipLimits.max_total_size can be",
            where=name,
        )
    if not data.startswith(b"PK\x03\x04"):
        what = mismatch(data, "docx")
        if not data:
            what = "an empty file"
        elif what is None:
            what = f"not a zip package (it starts with {data[:8]!r})"
        raise FormatError(f"not a Word .docx document: {what}", where=name)
    check_zip(data, limits, where=name, kind=".docx document")
    what = mismatch(data, "docx")  # a workbook or a presentation named .docx
    if what is not None:
        raise FormatError(f"not a Word .docx document: {what}", where=name)

    require_extra("docx", "docx", "reading a .docx document", where=name)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        # python-docx names the file as it got it (a BytesIO): say what it is instead.
        reason = str(exc)
        _, sep, content_type = reason.partition("content type is ")
        if sep:
            reason = (
                f"a Word package of another kind ({content_type}: a macro-enabled document "
                "or a template?): save it as a .docx document (Word Document)"
            )
        raise FormatError(f"not a Word .docx document: {reason}", where=name) from exc
    except damage_errors() as exc:
        raise FormatError(
            f"damaged .docx document: {type(exc).__name__}: {exc}; {_RESAVE}", where=name
        ) from exc


def damage_errors() -> tuple[type[BaseException], ...]:
    """What python-docx, zipfile, zlib and lxml raise on a damaged package."""
    from docx.exceptions import PythonDocxError
    from docx.oxml.exceptions import InvalidXmlError

    return (
        PythonDocxError,
        InvalidXmlError,  # e.g. <w:gridSpan/> without its w:val
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        SyntaxError,  # lxml's XMLSyntaxError
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        LookupError,
        NotImplementedError,  # zipfile: a compression method or version it cannot read
        RuntimeError,  # zipfile: an encrypted member (RecursionError is one too)
        OSError,  # zipfile: a member that says bzip2 and is not
    )
