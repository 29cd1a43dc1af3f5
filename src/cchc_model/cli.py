"""The ``cchc`` command: show, count, parse and convert CCHC plans from a shell.

Installed as the console script ``cchc`` and runnable as ``python -m cchc_model``::

    cchc show [FILE | --example] [--format F]     the appendix table (default: grid)
    cchc show ... [--width N]                     grid and text fit the terminal (or N columns)
    cchc progress [FILE | --example]             the Vietnamese summary lines
                  [--task-rule R] [--chart F]    (R: at_least_half or strict; F: a .png chart)
                  [--style paragraph]            (one paragraph of prose)
    cchc compare OLD NEW [--task-rule R]         what changed between two reports
    cchc reconcile FILE [--task-rule R]          published summary against the table (exit 1)
    cchc parse "TEXT"                            one document reference, as JSON
    cchc refs FILE.txt [--since D] [--until D]   every reference found in a text file, as JSON
    cchc convert IN OUT [--to F] [--from F]      read IN, write OUT in another format
                 [--excel] [--delimiter D]       (csv for Excel: BOM, ";" between cells)
    cchc template --to mau.xlsx                  an empty appendix sheet to fill in
    cchc schema                                  the JSON Schema of the json format
    cchc formats                                 the formats and what they do
    cchc rollup PATH... [--to FILE] [--jobs N]   every plan file under PATH (files, folders),
                 [--by numeral|title] [--task-rule R] [--chart FILE.png] [-v]
                                                 read in parallel, one row per plan and a total

A file's format comes from its extension (``.json``, ``.csv``/``.tsv`` (the
appendix layout; a file in the ``csv`` format is recognised by its header),
``.xlsx``, ``.docx``, ``.md``, ``.html``, ``.txt``, and those of formats other
packages add) unless ``--from``/``--to`` name it; files are read with
:func:`cchc_model.read`. ``-`` is standard input or output.

Mistakes in what you ask or give (a missing file, malformed input, an unknown
format, text that is not a document number) print one line starting with
``cchc: error:`` to standard error and exit with status 1 (2 for a wrong
command line); no traceback. ``convert`` writes to a temporary file next to
OUT and renames it over OUT only once everything is written, so OUT is never
left half-written.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from cchc_model import serialization
from cchc_model.errors import CCHCError, FormatError, UnknownFormat

__all__ = ["main"]

PROG = "cchc"

#: The built-in formats' file extensions (no import needed to pick them).
_EXTENSIONS = serialization.EXTENSIONS  # .csv/.tsv: the appendix layout ("sheet")


class UserError(Exception):
    """A mistake of the caller: reported as one line, exit status 1."""


# --------------------------------------------------------------------------- #
# Reading and writing
# --------------------------------------------------------------------------- #


def _format_for(path: str, explicit: str | None, *, default: str | None = None) -> str:
    """The format named by ``explicit``, else the one ``path``'s extension belongs to."""
    if explicit:
        serialization.get_serializer(explicit)  # UnknownFormat lists the available ones
        return explicit
    suffix = Path(path).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if suffix:
        # Formats of other packages: load them only now, to read their extensions.
        for name in serialization.available_formats():
            try:
                serializer = serialization.get_serializer(name)
            except UnknownFormat:
                continue
            if suffix in tuple(getattr(serializer, "extensions", ()) or ()):
                return name
    if default is not None:
        return default
    raise UserError(
        f"cannot tell the format of {path!r} from its extension; name it with --from/--to "
        f"(available: {', '.join(serialization.available_formats())})"
    )


def _read_bytes(path: str) -> bytes:
    limit = serialization.MAX_INPUT_SIZE
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
            return serialization.read(path, format=fmt, **options)
        except OSError as exc:
            raise UserError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    data = _read_bytes(path)
    try:
        return serialization.loads(data, format=name, **options)
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
    """Write ``data`` to ``path`` atomically: :func:`cchc_model._files.write_atomically`."""
    from cchc_model._files import write_atomically as write

    write(path, data)


# --------------------------------------------------------------------------- #
# Commands
# --------------------------------------------------------------------------- #


def _cmd_show(args: argparse.Namespace) -> None:
    from cchc_model._cli_report import show_options

    plan = _load(
        args.file,
        example=args.example,
        fmt=args.from_,
        status_rules=args.status_rules,
        sheet=args.sheet,
    )
    options = show_options(args)  # the terminal's width for grid and text
    _emit(serialization.dumps(plan, format=args.format, **options), args.format)


def _cmd_progress(args: argparse.Namespace) -> None:
    from cchc_model._cli_report import draw_chart, task_rule
    from cchc_model._progress import progress, reconcile, render_summary

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
    from cchc_model.converters import make_converter

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
    from cchc_model._formats._common import as_text
    from cchc_model.documents import find_document_refs

    if args.since is not None and args.until is not None and args.since > args.until:
        raise UserError(f"--since {args.since:%d/%m/%Y} is after --until {args.until:%d/%m/%Y}")
    data = _read_bytes(args.file)
    if data.startswith(b"PK\x03\x04"):  # a zip archive: .docx, .xlsx, .odt, ...
        raise UserError(
            f"{args.file}: a Word (.docx) or other zip file, not text: save it as plain text"
            " first (for an appendix table, 'cchc show FILE.docx' reads it)"
        )
    if len(data) > serialization.MAX_INPUT_SIZE:
        raise UserError(
            f"{args.file}: larger than the size limit of {serialization.MAX_INPUT_SIZE:,} bytes"
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
    output = serialization.dumps(plan, format=target, **options)
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
        serialization.write(plan, args.to, template=True)
    except OSError as exc:
        raise UserError(f"cannot write {args.to!r}: {exc.strerror or exc}") from None


def _cmd_schema(args: argparse.Namespace) -> None:
    _emit(json.dumps(serialization.json_schema(), ensure_ascii=False, indent=2), "text")


def _cmd_formats(args: argparse.Namespace) -> None:
    rows = []
    for name in serialization.available_formats():
        try:
            serializer = serialization.get_serializer(name)
        except UnknownFormat as exc:
            rows.append((name, f"(cannot be loaded: {exc.reason})"))
            continue
        description = getattr(serializer, "description", "") or type(serializer).__name__
        extensions = " ".join(getattr(serializer, "extensions", ()) or ())
        rows.append((name, f"{description}" + (f" [{extensions}]" if extensions else "")))
    width = max(len(name) for name, _ in rows)
    _emit("\n".join(f"{name:<{width}}  {text}" for name, text in rows), "text")


# --------------------------------------------------------------------------- #
# The parser
# --------------------------------------------------------------------------- #


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line and the usage hint, status 2 (argparse's convention).
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cchc-model")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The command line's argument parser."""
    from cchc_model import _cli_report

    parser = _Parser(
        prog=PROG,
        description="Vietnamese CCHC reform plans and their progress appendices.",
        epilog="Errors go to standard error as one line; the exit status is 1 (2 for usage).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def plan_source(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", nargs="?", metavar="FILE", help="a plan file ('-': standard input)")
        p.add_argument("--example", action="store_true", help="the bundled Thanh Xá 2023 appendix")
        p.add_argument(
            "--from", dest="from_", metavar="F", help="FILE's format (default: by extension)"
        )

    p = sub.add_parser(
        "show",
        help="print a plan's appendix table (or any format)",
        description="print a plan's appendix table (or any format)",
    )
    plan_source(p)
    p.add_argument(
        "--format",
        "-f",
        default="grid",
        metavar="F",
        help="output format: grid (default), text, markdown, html, json, csv, summary, ...",
    )
    _cli_report.add_width(p)
    _cli_report.add_task_rule(p, default=None)  # for the summary format
    p.set_defaults(run=_cmd_show)

    p = sub.add_parser(
        "progress",
        help="print a plan's progress summary, in Vietnamese",
        description="print a plan's progress summary, in Vietnamese",
    )
    plan_source(p)
    _cli_report.add_task_rule(p)
    _cli_report.add_summary_style(p)
    _cli_report.add_chart(p)
    p.set_defaults(run=_cmd_progress)

    _cli_report.add_commands(
        sub,
        plan_source,
        lambda path, args: _load(
            path, example=False, fmt=None, status_rules=args.status_rules, sheet=args.sheet
        ),
    )

    p = sub.add_parser(
        "parse",
        help="parse one document reference, print it as JSON",
        description="parse one document reference, print it as JSON",
    )
    p.add_argument("text", metavar="TEXT", help='e.g. "Kế hoạch số 63/KH-UBND ngày 30/12/2022"')
    p.set_defaults(run=_cmd_parse)

    p = sub.add_parser(
        "refs",
        help="find every document reference in a text file (UTF-8, or UTF-16 with a BOM)",
        description="find every document reference in a text file (UTF-8, or UTF-16 with a BOM)",
    )
    p.add_argument("file", metavar="FILE", help="a text file ('-': standard input)")
    p.add_argument(
        "--since",
        metavar="DATE",
        type=_date_option,
        help="only references dated on or after DATE (30/12/2022, 2022-12-30, ...)",
    )
    p.add_argument(
        "--until",
        metavar="DATE",
        type=_date_option,
        help="only references dated on or before DATE",
    )
    p.set_defaults(run=_cmd_refs)

    p = sub.add_parser(
        "convert",
        help="convert a plan file to another format",
        description="convert a plan file to another format",
    )
    p.add_argument("input", metavar="IN", help="the plan to read ('-': standard input, JSON)")
    p.add_argument("output", metavar="OUT", help="the file to write ('-': standard output)")
    p.add_argument("--to", metavar="F", help="OUT's format (default: by extension)")
    p.add_argument("--from", dest="from_", metavar="F", help="IN's format (default: by extension)")
    p.add_argument(
        "--excel",
        action="store_true",
        help="csv for Excel: a byte-order mark, and ';' between cells unless --delimiter says",
    )
    p.add_argument(
        "--delimiter",
        choices=sorted(_DELIMITERS),
        help="csv: what separates the cells (default: comma; with --excel: semicolon)",
    )
    p.set_defaults(run=_cmd_convert)

    p = sub.add_parser(
        "template",
        help="write an empty appendix sheet to fill in (.xlsx, .csv or .tsv)",
        description="write an empty appendix sheet to fill in (.xlsx, .csv or .tsv)",
    )
    p.add_argument("--to", required=True, metavar="FILE", help="e.g. mau.xlsx")
    p.set_defaults(run=_cmd_template)

    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the json format",
        description="print the JSON Schema of the json format",
    )
    p.set_defaults(run=_cmd_schema)

    p = sub.add_parser("formats", help="list the formats", description="list the formats")
    p.set_defaults(run=_cmd_formats)
    _add_rollup_command(sub)
    # Every command that reads plans takes the user's own status phrases.
    for name in _READING_COMMANDS:
        sub.choices[name].add_argument(
            "--status-rules",
            metavar="FILE",
            help="your own Tiến độ phrases (a JSON or TOML rules file; see docs/domain.md), "
            "tried before the built-in ones",
        )
        if name != "rollup":
            sub.choices[name].add_argument(
                "--sheet",
                metavar="NAME",
                help="the sheet to read, in a workbook that holds several appendix sheets",
            )
    return parser


#: The commands that read plan files, and so take ``--status-rules``.
_READING_COMMANDS = ("show", "progress", "convert", "compare", "reconcile", "rollup")


def _status_rules(path: str | None) -> Any:
    """The rules of ``--status-rules FILE`` (None: the built-in table)."""
    if path is None:
        return None
    from cchc_model.status import StatusRules

    return StatusRules.from_file(path)  # an unreadable file is an InvalidStatusRule


# --------------------------------------------------------------------------- #
# cchc rollup: many plan files in, one roll-up out
# --------------------------------------------------------------------------- #


def _add_rollup_command(sub: Any) -> None:
    from cchc_model import _cli_report

    p = sub.add_parser(
        "rollup",
        help="read every plan file under PATHs in parallel; one row per plan and a total",
        description=(
            "Read every plan file (.docx, .json, .csv, .tsv, .xlsx, .pdf) under the given "
            "files and folders, in parallel processes, and print one row per plan and a total "
            "row. A file that cannot be read is reported on standard error as 'path: reason' "
            "and the others are still rolled up; the exit status is then 1."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="plan files and folders")
    p.add_argument(
        "--to",
        metavar="FILE",
        help="write the table to FILE (.csv, .xlsx, .html, .md, .json) instead of printing it",
    )
    p.add_argument(
        "--by",
        choices=("numeral", "title"),
        default="numeral",
        help="group sections across plans by roman numeral (default) or title",
    )
    _cli_report.add_task_rule(p)
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="processes reading at once (default: the number of CPUs; 1: no extra process)",
    )
    _cli_report.add_chart(p)
    p.add_argument(
        "--verbose", "-v", action="store_true", help="also list the files that were ignored"
    )
    p.set_defaults(run=_cmd_rollup)


def _cmd_rollup(args: argparse.Namespace) -> None:
    import shutil

    from cchc_model import _cli_report
    from cchc_model._many import read_many
    from cchc_model._rollup_table import OUTPUT_EXTENSIONS, render, table_rows, terminal_table
    from cchc_model.rollup import rollup

    if args.to is not None and Path(args.to).suffix.lower() not in OUTPUT_EXTENSIONS:
        raise UserError(
            f"cannot tell the table format of {args.to!r} from its extension "
            f"(one of {', '.join(OUTPUT_EXTENSIONS)})"
        )
    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"--jobs must be at least 1, got {args.jobs}")
    # A bar only on a terminal (a log file would fill with redrawn lines).
    result = read_many(
        args.paths,
        jobs=args.jobs,
        status_rules=args.status_rules,
        show_progress=None if _is_terminal(sys.stderr) else False,
        exclude=[] if args.to is None else [args.to],  # the table of an earlier run
    )
    if args.verbose:
        for path in result.ignored:
            sys.stderr.write(f"ignored (not a plan file): {path}\n")
    for failure in result.failures:
        sys.stderr.write(f"{failure.path}: {_one_line(failure.reason)}\n")
    if not result and not result.failures:
        raise UserError(f"no plan file found under {', '.join(map(repr, args.paths))}")
    totals = rollup(result, by=args.by, task_rule=_cli_report.task_rule(args))
    if args.to is not None:
        write_atomically(args.to, render(Path(args.to).suffix, totals, result, result.failures))
    else:
        width = shutil.get_terminal_size().columns if _is_terminal(sys.stdout) else None
        _emit(terminal_table(table_rows(totals, result), width), "text")
    if args.chart is not None:
        _cli_report.draw_chart(totals, args.chart)
    if result.failures:
        count, total = len(result.failures), len(result.failures) + len(result)
        raise UserError(
            f"{count} of {total} file{'s' if total > 1 else ''} could not be read (listed above)"
            + ("; the others are rolled up" if len(result) else "")
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fail(message: str) -> int:
    sys.stderr.write(f"{PROG}: error: {_one_line(message).translate(_UNSEEN)}\n")
    return 1


def _utf8_streams() -> None:
    # Vietnamese text must come out whatever the locale: fall back to UTF-8
    # where the stream's own encoding cannot write it.
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "ệ".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


def _silence_stdout() -> None:
    # Point standard output at the null device, so that flushing it at exit
    # cannot fail again (and print a traceback).
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``cchc`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    _utf8_streams()
    args = build_parser().parse_args(argv)
    try:
        if hasattr(args, "status_rules"):
            args.status_rules = _status_rules(args.status_rules)
        status = args.run(args)  # None, or a status of its own (reconcile: 1 on a difference)
    except CCHCError as exc:
        reason = exc.reason
        if isinstance(exc, FormatError) or exc.where:
            reason = f"{exc.where}: {reason}" if exc.where else reason
        if exc.text is not None and not isinstance(exc, FormatError):
            quoted = repr(_one_line(exc.text)[:80])
            if quoted not in reason:  # the reason may quote the text already
                reason += f" (in {quoted})"
        return _fail(reason)
    except _OutputError as exc:
        _silence_stdout()  # what is left in its buffer cannot be written either
        return _fail(str(exc))
    except UserError as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        # The reader went away (`cchc show --example | head`): not an error.
        _silence_stdout()
        return 141
    except KeyboardInterrupt:
        return 130
    return status if isinstance(status, int) else 0
