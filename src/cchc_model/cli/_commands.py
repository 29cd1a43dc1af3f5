"""The ``cchc`` commands on one plan or text (``show``, ``progress``, ``parse``,
``refs``, ``convert``, ``template``, ``schema``, ``formats``; ``compare`` and
``reconcile`` are in :mod:`._report`, ``rollup`` in :mod:`._rollup`; what all
commands share is in :mod:`._io`)."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from typing import Any

from cchc_model import formats
from cchc_model.cli._io import (
    UserError,
    emit,
    format_for,
    load_plan,
    read_bytes,
    visible_json,
    write_atomically,
    write_stdout,
)
from cchc_model.cli._report import draw_chart, show_options, task_rule
from cchc_model.errors import FormatError, UnknownFormat

# --------------------------------------------------------------------------- #
# Reading and writing
# --------------------------------------------------------------------------- #


# --------------------------------------------------------------------------- #
# Commands
# --------------------------------------------------------------------------- #


def cmd_show(args: argparse.Namespace) -> None:
    plan = load_plan(
        args.file,
        example=args.example,
        fmt=args.from_,
        status_rules=args.status_rules,
        sheet=args.sheet,
    )
    options = show_options(args)  # the terminal's width for grid and text
    emit(formats.dumps(plan, format=args.format, **options), args.format)


def cmd_progress(args: argparse.Namespace) -> None:
    from cchc_model.figures._progress import progress, render_summary
    from cchc_model.figures._reconcile import reconcile

    plan = load_plan(
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
    emit("\n".join(lines), "text")


def _ref_json(ref: Any) -> dict[str, Any]:
    from cchc_model.formats.converters import make_converter

    fields: dict[str, Any] = make_converter().unstructure(ref)
    return {"citation": str(ref), "symbol": ref.symbol, "type_name": ref.type_name, **fields}


def cmd_parse(args: argparse.Namespace) -> None:
    from cchc_model.documents import DocumentRef

    ref = DocumentRef.parse(args.text)
    emit(visible_json(_ref_json(ref)), "text")


def date_option(text: str) -> _dt.date:
    """A date option, day first (30/12/2022) or ISO; argparse reports a bad one."""
    from cchc_model.documents import parse_date
    from cchc_model.errors import InvalidDate

    try:
        return parse_date(text)
    except InvalidDate as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None


def cmd_refs(args: argparse.Namespace) -> None:
    from cchc_model.documents import find_document_refs
    from cchc_model.formats._common import as_text

    if args.since is not None and args.until is not None and args.since > args.until:
        raise UserError(f"--since {args.since:%d/%m/%Y} is after --until {args.until:%d/%m/%Y}")
    data = read_bytes(args.file)
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
    emit(visible_json(found), "text")


#: The cell separators of ``convert --delimiter``, by name (a shell mangles ";" and tabs).
DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


def cmd_convert(args: argparse.Namespace) -> None:
    source = format_for(args.input, args.from_, default="json" if args.input == "-" else None)
    target = format_for(args.output, args.to, default="json" if args.output == "-" else None)
    plan = load_plan(
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
        options["delimiter"] = DELIMITERS[
            args.delimiter or ("semicolon" if args.excel else "comma")
        ]
    output = formats.dumps(plan, format=target, **options)
    data = output if isinstance(output, bytes) else output.encode("utf-8")
    if args.output == "-":
        if isinstance(output, bytes):
            emit(output, target)  # refuses a terminal
        else:
            write_stdout(data)  # the exact bytes, as a file would hold them
        return
    try:
        write_atomically(args.output, data)
    except OSError as exc:
        raise UserError(f"cannot write {args.output!r}: {exc.strerror or exc}") from None


def cmd_template(args: argparse.Namespace) -> None:
    from cchc_model.examples import thanh_xa_2023

    # The sections of the bundled appendix (the usual CCHC areas), without activities.
    example = thanh_xa_2023()
    plan = type(example)(
        title="PHỤ LỤC\nĐÁNH GIÁ TIẾN ĐỘ KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CCHC NĂM ....",
        sections=example.sections,
    )
    fmt = format_for(args.to, None)
    if fmt not in ("sheet", "xlsx"):
        raise UserError(f"a template is a sheet: give a .xlsx, .csv or .tsv file, not {args.to!r}")
    try:
        formats.write(plan, args.to, template=True)
    except OSError as exc:
        raise UserError(f"cannot write {args.to!r}: {exc.strerror or exc}") from None


def cmd_schema(args: argparse.Namespace) -> None:
    emit(json.dumps(formats.json_schema(), ensure_ascii=False, indent=2), "text")


def cmd_formats(args: argparse.Namespace) -> None:
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
    emit("\n".join(f"{name:<{width}}  {text}" for name, text in rows), "text")
