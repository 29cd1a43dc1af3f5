"""The ``cchc`` commands on one plan or text (``show``, ``progress``, ``parse``,
``refs``, ``convert``, ``template``, ``schema``, ``formats``; ``compare`` and
``reconcile`` are in :mod:`._report`, ``rollup`` in :mod:`._rollup`), and what all
commands share: reading a plan from a path or standard input, writing output, the
user errors they raise."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from pathlib import Path
from typing import Any

from cchc_model import formats
from cchc_model.errors import CCHCError, FormatError, UnknownFormat

PROG = "cchc"

#: The built-in formats' file extensions (no import needed to pick them).
_EXTENSIONS = formats.EXTENSIONS  # .csv/.tsv: the appendix layout ("sheet")


class UserError(Exception):
    """A mistake of the caller: reported as one line, exit status 1."""


# --------------------------------------------------------------------------- #
# Reading and writing
# --------------------------------------------------------------------------- #


def _format_for(path: str, explicit: str | None, *, default: str | None = None) -> str:
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


def _read_bytes(path: str) -> bytes:
    limit = formats.MAX_INPUT_SIZE
    if path == "-":
        return sys.stdin.buffer.read(limit + 1)
    try:
        with open(path, "rb") as f:
            return f.read(limit + 1)  # loads() refuses more than the limit
    except OSError as exc:
        raise UserError(f"cannot read {path!r}: {exc.strerror or exc}") from None


def _load(
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
    name = _format_for(path, fmt, default="json" if path == "-" else None)
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
    data = _read_bytes(path)
    try:
        return formats.loads(data, format=name, **options)
    except CCHCError as exc:
        exc.where = f"{path}: {exc.where}" if exc.where else path
        raise


class _OutputError(UserError):
    """Standard output cannot be written (a full disk, a closed terminal, ...)."""


def _write_stdout(data: str | bytes) -> None:
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
        raise _OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def _emit(output: str | bytes, fmt: str) -> None:
    if isinstance(output, str):
        if not output.endswith("\n"):
            output += "\n"
    elif _is_terminal(sys.stdout):
        # Bytes of a Word file on a terminal are garbage that may upset it.
        raise UserError(
            f"the {fmt!r} format is binary and standard output is a terminal: "
            "redirect the output to a file, or give cchc convert an OUT file"
        )
    _write_stdout(output)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: :func:`cchc_model.formats._files.write_atomically`."""
    from cchc_model.formats._files import write_atomically as write

    write(path, data)


# --------------------------------------------------------------------------- #
# Commands
# --------------------------------------------------------------------------- #


def _cmd_show(args: argparse.Namespace) -> None:
    from cchc_model.cli._report import show_options

    plan = _load(
        args.file,
        example=args.example,
        fmt=args.from_,
        status_rules=args.status_rules,
        sheet=args.sheet,
    )
    options = show_options(args)  # the terminal's width for grid and text
    _emit(formats.dumps(plan, format=args.format, **options), args.format)


def _cmd_progress(args: argparse.Namespace) -> None:
    from cchc_model.cli._report import draw_chart, task_rule
    from cchc_model.figures._progress import progress, reconcile, render_summary

    plan = _load(
        args.file,
        example=args.example,
        fmt=args.from_,
        status_rules=args.status_rules,
        sheet=args.sheet,
    )
    rule = task_rule(args)
    counted = progress(plan, task_rule=rule)
    if args.chart:
        draw_chart(counted, args.chart)
    lines = [render_summary(counted, style=args.style)]
    found = reconcile(plan, task_rule=rule)
    if found:
        lines.append("")
        lines.append("Số liệu báo cáo công bố khác với bảng (published figures that differ):")
        lines.extend(f"- {d}" for d in found)
    _emit("\n".join(lines), "text")


def _ref_json(ref: Any) -> dict[str, Any]:
    from cchc_model.formats.converters import make_converter

    fields: dict[str, Any] = make_converter().unstructure(ref)
    return {"citation": str(ref), "symbol": ref.symbol, "type_name": ref.type_name, **fields}


def _cmd_parse(args: argparse.Namespace) -> None:
    from cchc_model.documents import DocumentRef

    ref = DocumentRef.parse(args.text)
    _emit(_visible_json(_ref_json(ref)), "text")


# Characters a terminal acts on or that reorder a line: C1 controls, bidi marks,
# embeddings, overrides and isolates, and lone surrogates (from undecodable argv).
_UNSEEN = str.maketrans(
    {c: f"\\u{c:04x}" for c in [*range(0x80, 0xA0), 0x61C, 0x200E, 0x200F, 0x2028, 0x2029]}
    | {c: f"\\u{c:04x}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
    | {c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)}
)


def _visible_json(value: object) -> str:
    """``value`` as indented JSON whose strings escape what a terminal would act on
    (json.dumps escapes the C0 controls; the rest as ``\\uXXXX``, still JSON)."""
    return json.dumps(value, ensure_ascii=False, indent=2).translate(_UNSEEN)


def _date_option(text: str) -> _dt.date:
    """A date option, day first (30/12/2022) or ISO; argparse reports a bad one."""
    from cchc_model.documents import parse_date
    from cchc_model.errors import InvalidDate

    try:
        return parse_date(text)
    except InvalidDate as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None


def _cmd_refs(args: argparse.Namespace) -> None:
    from cchc_model.documents import find_document_refs
    from cchc_model.formats._common import as_text

    if args.since is not None and args.until is not None and args.since > args.until:
        raise UserError(f"--since {args.since:%d/%m/%Y} is after --until {args.until:%d/%m/%Y}")
    data = _read_bytes(args.file)
    if data.startswith(b"PK\x03\x04"):  # a zip archive: .docx, .xlsx, .odt, ...
        raise UserError(
            f"{args.file}: a Word (.docx) or other zip file, not text: save it as plain text"
            " first (for an appendix table, 'cchc show FILE.docx' reads it)"
        )
    if len(data) > formats.MAX_INPUT_SIZE:
        raise UserError(
            f"{args.file}: larger than the size limit of {formats.MAX_INPUT_SIZE:,} bytes"
        )
    # UTF-8 (with or without a byte-order mark), or UTF-16 with its byte-order
    # mark: the "Unicode" text of Windows Notepad and Word.
    try:
        text = as_text(data, "text")
    except FormatError as exc:
        raise UserError(f"{args.file}: {exc.reason}") from None
    found = []
    since, until = args.since, args.until
    for match in find_document_refs(text):
        if since is not None or until is not None:
            on = match.ref.issued_on
            if (
                on is None
                or (since is not None and on < since)
                or (until is not None and on > until)
            ):
                continue
        start = match.span[0]
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        found.append(
            {"line": line, "column": column, "span": list(match.span)} | _ref_json(match.ref)
        )
    _emit(_visible_json(found), "text")


#: The cell separators of ``convert --delimiter``, by name (a shell mangles ";" and tabs).
_DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


def _cmd_convert(args: argparse.Namespace) -> None:
    source = _format_for(args.input, args.from_, default="json" if args.input == "-" else None)
    target = _format_for(args.output, args.to, default="json" if args.output == "-" else None)
    plan = _load(
        args.input,
        example=False,
        fmt=args.from_ or (source if args.input == "-" else None),
        status_rules=args.status_rules,
        sheet=args.sheet,
    )
    options: dict[str, Any] = {"indent": 2} if target == "json" else {}
    if target in ("csv", "sheet") and args.delimiter is None and args.output.endswith(".tsv"):
        args.delimiter = "tab"
    if args.excel or args.delimiter is not None:
        if target not in ("csv", "sheet"):
            raise UserError(
                f"--excel and --delimiter are options of the csv format, not {target!r}"
            )
        if args.excel or target == "csv":
            options["bom"] = args.excel
        options["delimiter"] = _DELIMITERS[
            args.delimiter or ("semicolon" if args.excel else "comma")
        ]
    output = formats.dumps(plan, format=target, **options)
    data = output if isinstance(output, bytes) else output.encode("utf-8")
    if args.output == "-":
        if isinstance(output, bytes):
            _emit(output, target)  # refuses a terminal
        else:
            _write_stdout(data)  # the exact bytes, as a file would hold them
        return
    try:
        write_atomically(args.output, data)
    except OSError as exc:
        raise UserError(f"cannot write {args.output!r}: {exc.strerror or exc}") from None


def _cmd_template(args: argparse.Namespace) -> None:
    from cchc_model.examples import thanh_xa_2023

    # The sections of the bundled appendix (the usual CCHC areas), without activities.
    example = thanh_xa_2023()
    plan = type(example)(
        title="PHỤ LỤC\nĐÁNH GIÁ TIẾN ĐỘ KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CCHC NĂM ....",
        sections=example.sections,
    )
    fmt = _format_for(args.to, None)
    if fmt not in ("sheet", "xlsx"):
        raise UserError(f"a template is a sheet: give a .xlsx, .csv or .tsv file, not {args.to!r}")
    try:
        formats.write(plan, args.to, template=True)
    except OSError as exc:
        raise UserError(f"cannot write {args.to!r}: {exc.strerror or exc}") from None


def _cmd_schema(args: argparse.Namespace) -> None:
    _emit(json.dumps(formats.json_schema(), ensure_ascii=False, indent=2), "text")


def _cmd_formats(args: argparse.Namespace) -> None:
    rows = []
    for name in formats.available_formats():
        try:
            serializer = formats.get_serializer(name)
        except UnknownFormat as exc:
            rows.append((name, f"(cannot be loaded: {exc.reason})"))
            continue
        description = getattr(serializer, "description", "") or type(serializer).__name__
        extensions = " ".join(getattr(serializer, "extensions", ()) or ())
        rows.append((name, f"{description}" + (f" [{extensions}]" if extensions else "")))
    width = max(len(name) for name, _ in rows)
    _emit("\n".join(f"{name:<{width}}  {text}" for name, text in rows), "text")


def _one_line(text: str) -> str:
    return " ".join(text.split())
