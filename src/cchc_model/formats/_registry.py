"""The format registry: names to serializers (built in, registered by call, or from
the ``cchc_model.formats`` entry points), and ``dumps``/``loads``/``json_schema``.
The overview is the docstring of :mod:`cchc_model.formats`."""

from __future__ import annotations

import importlib
import os
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from cchc_model.errors import FormatError, UnknownFormat

if TYPE_CHECKING:
    import importlib.metadata


__all__ = [
    "ENTRY_POINT_GROUP",
    "EXTENSIONS",
    "MAX_INPUT_SIZE",
    "Serializer",
    "available_formats",
    "dumps",
    "get_serializer",
    "json_schema",
    "loads",
    "register_format",
]

#: The entry-point group other packages declare their formats in.
ENTRY_POINT_GROUP = "cchc_model.formats"

#: The largest input :func:`loads` accepts by default: 64 MiB (characters of a
#: ``str`` or bytes of a ``bytes``). The bundled example is about 30 kB and a
#: plan of 10,000 activities about 5 MB of JSON. Pass ``max_size=`` to change it
#: for one call (``None`` lifts the cap).
MAX_INPUT_SIZE = 64 * 1024 * 1024

#: The format of a file, by its extension, for :func:`~cchc_model.read` and
#: :func:`~cchc_model.write`.
EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".csv": "sheet",
    ".tsv": "sheet",
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}


@runtime_checkable
class Serializer(Protocol):
    """What a format provides: two methods.

    ``dumps(obj, **options)`` returns the serialized form of ``obj`` (usually a
    :class:`~cchc_model.Plan`) as :class:`str`, or as :class:`bytes` for a binary
    format. ``loads(data, **options)`` takes :class:`str` or :class:`bytes` and
    returns the object, raising :class:`~cchc_model.errors.FormatError` for
    input it cannot read (a format that only writes raises it for every input).
    The ``**options`` are whatever keyword arguments the caller passed to
    :func:`cchc_model.dumps` / :func:`cchc_model.loads`; a serializer without
    options may leave them out of its signatures.

    Optional attributes, read when present:

    * ``extensions`` — file name extensions of the format (``(".csv",)``), which
      the ``cchc`` command uses to pick a format from a file name;
    * ``binary`` — ``True`` when ``dumps`` returns bytes;
    * ``description`` — one line shown by ``cchc formats``.

    >>> class Upper:
    ...     def dumps(self, obj):
    ...         return obj.title.upper()
    ...     def loads(self, data):
    ...         raise FormatError("the 'upper' format only writes")
    >>> isinstance(Upper(), Serializer)
    True
    """

    def dumps(self, obj: Any, /) -> str | bytes:
        """Serialize ``obj``."""
        ...  # pragma: no cover - a protocol has no body

    def loads(self, data: str | bytes, /) -> Any:
        """Read the object back from ``data``."""
        ...  # pragma: no cover - a protocol has no body


# The built-in formats, imported on first use: name -> "module:attribute".
_BUILTIN: dict[str, str] = {
    "json": "cchc_model.formats._json:JsonSerializer",
    "csv": "cchc_model.formats._csv:CsvSerializer",
    "sheet": "cchc_model.formats._sheet:SheetSerializer",
    "xlsx": "cchc_model.formats._xlsx:XlsxSerializer",
    "markdown": "cchc_model.display._tables:MarkdownSerializer",
    "html": "cchc_model.display._tables:HtmlSerializer",
    "grid": "cchc_model.display._tables:GridSerializer",
    "text": "cchc_model.display._tables:TextSerializer",
    "summary": "cchc_model.display._summary:SummarySerializer",
    "docx": "cchc_model.formats.word:DocxSerializer",
    "pdf": "cchc_model.formats.pdf:PdfSerializer",
}

# Serializers registered by call, and the built-in and entry-point ones once loaded.
_REGISTERED: dict[str, Serializer] = {}

_LOADED: dict[str, Serializer] = {}

_LOCK = threading.Lock()

_NAME = re.compile(r"[a-z0-9][a-z0-9_.+-]{0,63}")


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(
            "a format name is 1 to 64 lower-case ASCII letters, digits or '_.+-', "
            f"starting with a letter or digit; got {name!r}"
        )
    return name


def _check_serializer(name: str, serializer: object, origin: str) -> Serializer:
    missing = [m for m in ("dumps", "loads") if not callable(getattr(serializer, m, None))]
    if missing or isinstance(serializer, type):
        what = "a class" if isinstance(serializer, type) else f"no {' or '.join(missing)}"
        raise TypeError(
            f"format {name!r} ({origin}): a serializer needs dumps() and loads() "
            f"methods; got {what} ({serializer!r})"
        )
    return serializer  # type: ignore[return-value]  # checked just above


def register_format(name: str, serializer: Serializer, *, replace: bool = False) -> None:
    """Make ``serializer`` available as format ``name``.

    :param name: lower-case ASCII (``"yaml"``, ``"docx"``, ``"x-my.format"``).
    :param serializer: an object following the :class:`Serializer` protocol.
    :param replace: allow replacing a format that is already registered (a
        built-in one included). Without it, registering a taken name raises
        :class:`ValueError`.

    >>> from cchc_model import register_format, dumps, Plan
    >>> class TitleOnly:
    ...     extensions = (".title",)
    ...     def dumps(self, plan):
    ...         return plan.title
    ...     def loads(self, data):
    ...         raise FormatError("the 'title' format only writes")
    >>> register_format("title", TitleOnly())
    >>> dumps(Plan(title="Kế hoạch CCHC năm 2023", sections=()), format="title")
    'Kế hoạch CCHC năm 2023'
    """
    name = _check_name(name)
    checked = _check_serializer(name, serializer, "register_format")
    with _LOCK:
        taken = name in _REGISTERED or name in _BUILTIN
        if taken and not replace:
            raise ValueError(
                f"format {name!r} is already registered; pass replace=True to replace it"
            )
        _REGISTERED[name] = checked
        _LOADED.pop(name, None)


def _entry_points() -> dict[str, importlib.metadata.EntryPoint]:
    """The formats other packages declare, by name (first declaration wins)."""
    import importlib.metadata

    found: dict[str, importlib.metadata.EntryPoint] = {}
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep)
    return found


def available_formats() -> list[str]:
    """The names of every format, sorted: built-in, registered and from entry points.

    >>> from cchc_model import available_formats
    >>> {"json", "csv", "markdown", "html", "grid", "text", "summary"} <= set(available_formats())
    True
    """
    return _names(_entry_points())


def _names(entry_points: dict[str, importlib.metadata.EntryPoint]) -> list[str]:
    names = set(_BUILTIN) | set(_REGISTERED)
    names.update(n for n in entry_points if _NAME.fullmatch(n))
    return sorted(names)


def _import(target: str) -> Any:
    module, _, attribute = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attribute.split(".") if attribute else ():
        obj = getattr(obj, part)
    return obj


def _instantiate(name: str, obj: Any, origin: str) -> Serializer:
    # A class or a factory function gives the serializer when called.
    if isinstance(obj, type) or (callable(obj) and not callable(getattr(obj, "dumps", None))):
        obj = obj()
    return _check_serializer(name, obj, origin)


def get_serializer(format: str) -> Serializer:
    """The serializer of format ``format``.

    Raises :class:`~cchc_model.errors.UnknownFormat`, listing the available
    formats, when no format has that name.

    >>> get_serializer("xml")
    Traceback (most recent call last):
    ...
    cchc_model.errors.UnknownFormat: unknown format 'xml'; available: csv, ... xlsx
    """
    name = format
    entry_points: dict[str, importlib.metadata.EntryPoint] = {}
    if isinstance(name, str):
        found = _REGISTERED.get(name) or _LOADED.get(name)
        if found is not None:
            return found
        if name in _BUILTIN:
            serializer = _instantiate(name, _import(_BUILTIN[name]), "built-in")
            with _LOCK:
                return _LOADED.setdefault(name, serializer)
        entry_points = _entry_points()
        ep = entry_points.get(name)
        if ep is not None:
            origin = f"entry point {ep.value!r} of group {ENTRY_POINT_GROUP!r}"
            try:
                serializer = _instantiate(name, ep.load(), origin)
            except Exception as exc:
                raise UnknownFormat(
                    f"format {name!r} could not be loaded from {origin}: "
                    f"{type(exc).__name__}: {exc}",
                    where="format",
                ) from exc
            with _LOCK:
                return _LOADED.setdefault(name, serializer)
    raise UnknownFormat(f"unknown format {name!r}; available: {', '.join(_names(entry_points))}")


def _call(method: Callable[..., Any], name: str, first: Any, options: dict[str, Any]) -> Any:
    if options.get("status_rules") is not None:
        # One meaning for every format: a table, or the path of a rules file.
        from cchc_model.model.status import load_rules

        options = {**options, "status_rules": load_rules(options["status_rules"])}
    if options:
        import inspect

        try:
            inspect.signature(method).bind(first, **options)
        except TypeError as exc:
            raise TypeError(f"format {name!r} does not take these options: {exc}") from None
    return method(first, **options)


def dumps(obj: Any, format: str = "json", **options: Any) -> str | bytes:
    """Serialize ``obj`` (a :class:`~cchc_model.Plan`) in format ``format``.

    Returns :class:`str`, or :class:`bytes` for a binary format. ``options`` go
    to the format (``indent=2`` for ``json``, ``bom=True`` for ``csv``, ...; see
    ``docs/formats.md``).

    >>> from cchc_model import dumps, Plan
    >>> dumps(Plan(title="Kế hoạch", sections=()), format="json")[:48]
    '{"format": "cchc-model/plan", "version": 2, "sta'
    """
    serializer = get_serializer(format)
    result = _call(serializer.dumps, format, obj, options)
    if not isinstance(result, (str, bytes)):
        raise TypeError(
            f"format {format!r}: dumps() must return str or bytes, got {type(result).__name__}"
        )
    return result


def loads(
    data: str | bytes,
    format: str = "json",
    *,
    max_size: int | None = MAX_INPUT_SIZE,
    **options: Any,
) -> Any:
    """Read an object (a :class:`~cchc_model.Plan`) from ``data`` in format ``format``.

    :param data: :class:`str`, or :class:`bytes` (text formats decode UTF-8,
        with or without a byte-order mark).
    :param max_size: the largest input accepted, in characters for :class:`str`
        and bytes for :class:`bytes` (default :data:`MAX_INPUT_SIZE`; ``None``
        for no limit). Larger input raises :class:`~cchc_model.errors.FormatError`
        before anything is parsed.

    Raises :class:`~cchc_model.errors.FormatError` naming the line or field and
    the reason when ``data`` is not a complete, valid document: a load never
    returns a half-built plan.

    >>> from cchc_model import loads
    >>> loads('{"format": "cchc-model/plan", "version": 9, "plan": {}}')
    Traceback (most recent call last):
    ...
    cchc_model.errors.FormatError: $.version: unsupported version 9: the file comes from a newer
    cchc-model (this one reads versions 1 to 2); upgrade cchc-model (pip install -U ...)
    """
    serializer = get_serializer(format)
    raw: object = data
    if isinstance(raw, (bytearray, memoryview)):
        data = bytes(raw)
    elif isinstance(raw, os.PathLike):
        raise TypeError(
            f"loads() reads text or bytes, not a file: to read {os.fspath(raw)!r}, "
            "use cchc_model.read(path)"
        )
    elif not isinstance(raw, (str, bytes)):
        raise TypeError(f"loads() takes str or bytes, got {type(raw).__name__}")
    if isinstance(data, str) and _looks_like_path(data):
        raise FormatError(
            f"loads() reads the text of a file, not its name: to read the file {data!r}, "
            "use cchc_model.read(path)",
            where="input",
        )
    if max_size is not None and len(data) > max_size:
        unit = "characters" if isinstance(data, str) else "bytes"
        raise FormatError(
            f"input of {len(data):,} {unit} is larger than the size limit of "
            f"{max_size:,} {unit} (max_size={max_size}); pass a larger max_size to read it",
            where="input",
        )
    body = data.removeprefix(b"\xef\xbb\xbf") if isinstance(data, bytes) else data
    if not body[:1024].strip() and not body.strip():  # copies only blank input
        what = "nothing" if not data else "only blank space"
        raise FormatError(f"empty input: {what} to read as {format!r}")
    return _call(serializer.loads, format, data, options)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the ``json`` format, as a new dict.

    >>> from cchc_model.formats import json_schema
    >>> schema = json_schema()
    >>> schema["$schema"], schema["properties"]["format"]["const"]
    ('https://json-schema.org/draft/2020-12/schema', 'cchc-model/plan')
    """
    import json
    from importlib import resources

    source = resources.files("cchc_model").joinpath("_data/plan.schema.json")
    with source.open("r", encoding="utf-8") as f:
        schema: dict[str, Any] = json.load(f)
    return schema


def _looks_like_path(text: str) -> bool:
    short = len(text) < 1024 and "\n" not in text and not text.lstrip().startswith(("{", "["))
    return short and os.path.splitext(text.strip())[1].lower() in EXTENSIONS
