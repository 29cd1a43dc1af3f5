"""What every ``cchc`` command shares: the program name, the user errors, reading a
plan from a path or standard input, writing to standard output or a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from cchc_model import formats
from cchc_model.errors import CCHCError, UnknownFormat
from cchc_model.model import StatusKind
from cchc_model.model.status import ADD_A_PHRASE

PROG = "cchc"


#: The built-in formats' file extensions (no import needed to pick them).
_EXTENSIONS = formats.EXTENSIONS  # .csv/.tsv: the appendix layout ("sheet")


class UserError(Exception):
    """A mistake of the caller: reported as one line, exit status 1."""


def format_for(path: str, explicit: str | None, *, default: str | None = None) -> str:
    """The format named by ``explicit``, else the one ``path``'s extension belongs to."""
    if explicit:
        formats.get_serializer(explicit)  # UnknownFormat lists the available ones
        return explicit
    suffix = Path(path).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if suffix:
        # Formats of other packages: load them only now, to read their extensions.
        for name in formats.available_formats():
            try:
                serializer = formats.get_serializer(name)
            except UnknownFormat:
                continue
            if suffix in tuple(getattr(serializer, "extensions", ()) or ()):
                return name
    if default is not None:
        return default
    raise UserError(
        f"cannot tell the format of {path!r} from its extension; name it with --from/--to "
        f"(available: {', '.join(formats.available_formats())})"
    )


def read_bytes(path: str) -> bytes:
    limit = formats.MAX_INPUT_SIZE
    if path == "-":
        return sys.stdin.buffer.read(limit + 1)
    try:
        with open(path, "rb") as f:
            return f.read(limit + 1)  # loads() refuses more than the limit
    except OSError as exc:
        raise UserError(f"cannot read {path!r}: {exc.strerror or exc}") from None


def load_plan(
    path: str | None,
    *,
    example: bool,
    fmt: str | None,
    status_rules: Any = None,
    sheet: str | None = None,
) -> Any:
    if example:
        if path is not None:
            raise UserError("give either a FILE or --example, not both")
        from cchc_model.examples import thanh_xa_2023

        return thanh_xa_2023()
    if path is None:
        raise UserError("give a plan FILE (.json, .csv, ...) or --example")
    name = format_for(path, fmt, default="json" if path == "-" else None)
    options: dict[str, Any] = {} if status_rules is None else {"status_rules": status_rules}
    if sheet is not None:
        if name != "xlsx":
            raise UserError(f"--sheet names a sheet of an .xlsx workbook; {path!r} is not one")
        options["sheet"] = sheet
    if path != "-":
        try:
            return formats.read(path, format=fmt, **options)
        except OSError as exc:
            raise UserError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    data = read_bytes(path)
    try:
        return formats.loads(data, format=name, **options)
    except CCHCError as exc:
        exc.where = f"{path}: {exc.where}" if exc.where else path
        raise


class OutputError(UserError):
    """Standard output cannot be written (a full disk, a closed terminal, ...)."""


def write_stdout(data: str | bytes) -> None:
    stream: Any = sys.stdout
    try:
        if isinstance(data, str):
            stream.write(data)
            stream.flush()
        else:
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def emit(output: str | bytes, fmt: str) -> None:
    if isinstance(output, str):
        if not output.endswith("\n"):
            output += "\n"
    elif is_terminal(sys.stdout):
        # Bytes of a Word file on a terminal are garbage that may upset it.
        raise UserError(
            f"the {fmt!r} format is binary and standard output is a terminal: "
            "redirect the output to a file, or give cchc convert an OUT file"
        )
    write_stdout(output)


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: :func:`cchc_model.formats._files.write_atomically`."""
    from cchc_model.formats._files import write_atomically as write

    write(path, data)


# Characters a terminal acts on or that reorder a line: C1 controls, bidi marks,
# embeddings, overrides and isolates, and lone surrogates (from undecodable argv).
UNSEEN = str.maketrans(
    {c: f"\\u{c:04x}" for c in [*range(0x80, 0xA0), 0x61C, 0x200E, 0x200F, 0x2028, 0x2029]}
    | {c: f"\\u{c:04x}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
    | {c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)}
)


def visible_json(value: object) -> str:
    """``value`` as indented JSON whose strings escape what a terminal would act on
    (json.dumps escapes the C0 controls; the rest as ``\\uXXXX``, still JSON)."""
    return json.dumps(value, ensure_ascii=False, indent=2).translate(UNSEEN)


def one_line(text: str) -> str:
    return " ".join(text.split())


#: What the library's unknown-status error says to do, said for the command line.
_ADD_A_PHRASE_HERE = (
    "to count it, add the phrase with its kind ("
    + ", ".join(k.value for k in StatusKind)
    + ") to a rules file (JSON or TOML; see docs/domain.md) and pass --status-rules FILE"
)


def for_the_command_line(message: str) -> str:
    """``message`` with advice meant for Python code said as the command's option."""
    return message.replace(ADD_A_PHRASE, _ADD_A_PHRASE_HERE)
