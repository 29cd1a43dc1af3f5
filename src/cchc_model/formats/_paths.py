"""Files: ``read(path)`` and ``write(plan, path)`` pick the format from the extension
(or ``format=``), read within the size limit and write atomically."""

from __future__ import annotations

import os
from typing import Any

from cchc_model.errors import CCHCError, UnknownFormat
from cchc_model.formats._registry import (
    EXTENSIONS,
    MAX_INPUT_SIZE,
    available_formats,
    dumps,
    get_serializer,
    loads,
)

__all__ = ["format_for_path", "read", "write"]

#: The extensions :func:`read` reads, for the error that names them.
_READ_EXTENSIONS = ".json, .csv, .tsv, .xlsx, .docx, .pdf"

#: How to turn a file of another program into one :func:`read` reads.
_CONVERT = {
    ".xls": "save the workbook as .xlsx (or .csv)",
    ".xlsm": "save the workbook as .xlsx (or .csv)",
    ".ods": "save the workbook as .xlsx (or .csv)",
    ".doc": "save the document as .docx",
    ".odt": "save the document as .docx",
    ".rtf": "save the document as .docx",
}

#: The header of the machine CSV (the ``csv`` format) starts with these columns.
_MACHINE_CSV = b"section,section_title"


def format_for_path(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The format :func:`read` and :func:`write` use for ``path``: ``format`` when
    given, else the one of its extension (``.csv`` and ``.tsv``: the appendix
    layout, ``sheet``; :func:`read` also recognises the ``csv`` format's header).

    >>> format_for_path("bao-cao.xlsx"), format_for_path("ke-hoach.JSON")
    ('xlsx', 'json')
    """
    if format is not None:
        get_serializer(format)  # UnknownFormat names the available ones
        return format
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    for name in available_formats():
        try:
            serializer = get_serializer(name)
        except UnknownFormat:
            continue
        if suffix and suffix in tuple(getattr(serializer, "extensions", ()) or ()):
            return name
    known = ", ".join(sorted(EXTENSIONS))
    raise UnknownFormat(
        f"cannot tell the format from the extension {suffix or '(none)'!r}: name it with "
        f"format=... (extensions: {known}; formats: {', '.join(available_formats())})",
        where=os.fspath(path),
    )


def read(
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    max_size: int | None = MAX_INPUT_SIZE,
    **options: Any,
) -> Any:
    """Read the plan in the file at ``path``; the format comes from its extension.

    ``.json``, ``.csv``/``.tsv`` (the appendix layout, or the ``csv`` format's
    columns, recognised by its header), ``.xlsx``, ``.docx``; ``format=`` names
    another. ``options`` go to the format (``status_rules=``, ``sheet=`` for a
    workbook, ...). A sheet without heading lines takes its title from the file
    name (``ke-hoach-2024.xlsx`` → ``"ke-hoach-2024"``). Errors name the file.

    >>> import cchc_model, pathlib, tempfile
    >>> from cchc_model.examples import thanh_xa_2023
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cchc_model.write(thanh_xa_2023(), folder / "phu-luc.csv")
    >>> cchc_model.progress(cchc_model.read(folder / "phu-luc.csv")).activities.completed
    30
    """
    try:
        name = format_for_path(path, format)
    except UnknownFormat as exc:
        if format is not None:
            raise
        suffix = os.path.splitext(os.fspath(path))[1].lower()
        how = _CONVERT.get(suffix, "save it as .xlsx, .csv or .docx in the program that made it")
        raise UnknownFormat(
            f"cannot read {f'{suffix!r} files' if suffix else 'a file without an extension'}: "
            "cchc-model reads "
            f"{_READ_EXTENSIONS}; {how}, or name the format with format=... "
            f"(formats: {', '.join(available_formats())})",
            where=exc.where,
        ) from None
    shown = os.fspath(path)
    limit = max_size if max_size is not None else -1
    with open(path, "rb") as f:
        data = f.read(limit + 1 if limit >= 0 else -1)
    if (
        format is None
        and name == "sheet"
        and data.removeprefix(b"\xef\xbb\xbf")[:64].startswith(_MACHINE_CSV)
    ):
        name = "csv"
    if name in ("sheet", "xlsx"):
        options.setdefault("title", os.path.splitext(os.path.basename(shown))[0])
    try:
        return loads(data, format=name, max_size=max_size, **options)
    except CCHCError as exc:
        exc.where = f"{shown}: {exc.where}" if exc.where else shown
        raise


def write(
    obj: Any, path: str | os.PathLike[str], format: str | None = None, **options: Any
) -> None:
    """Write ``obj`` (a :class:`~cchc_model.Plan`) to the file at ``path``.

    The format comes from the extension (``.json``, ``.csv``, ``.tsv``,
    ``.xlsx``, ``.docx``, ``.html``, ``.md``, ``.txt``) unless ``format=``
    names it; ``options`` go to the format. ``.csv`` writes the appendix layout
    with a byte-order mark for Excel; ``.tsv`` the same with tabs.

    The file is written atomically: to a temporary file in the same folder,
    flushed to disk, then renamed over ``path``; on any error nothing is
    written. An existing file keeps its mode (and owner, where allowed); a
    folder, FIFO or device at ``path`` is refused with
    :class:`~cchc_model.errors.FormatError`.
    """
    from cchc_model.formats._files import write_atomically

    name = format_for_path(path, format)
    if name == "sheet" and os.fspath(path).lower().endswith(".tsv"):
        options.setdefault("delimiter", "\t")
    output = dumps(obj, format=name, **options)
    data = output.encode("utf-8") if isinstance(output, str) else output
    write_atomically(path, data)
