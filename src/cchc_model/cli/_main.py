"""The ``cchc`` argument parser and ``main()``: one place that turns every library
error into one ``cchc: error:`` line and an exit status."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from cchc_model.cli import _report
from cchc_model.cli._commands import (
    DELIMITERS,
    cmd_convert,
    cmd_formats,
    cmd_parse,
    cmd_progress,
    cmd_refs,
    cmd_schema,
    cmd_show,
    cmd_template,
    date_option,
)
from cchc_model.cli._io import (
    PROG,
    UNSEEN,
    OutputError,
    UserError,
    for_the_command_line,
    load_plan,
    one_line,
)
from cchc_model.cli._rollup import _add_rollup_command
from cchc_model.errors import CCHCError, FormatError

__all__ = ["main"]


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
    _report.add_width(p)
    _report.add_task_rule(p, default=None)  # for the summary format
    p.set_defaults(run=cmd_show)

    p = sub.add_parser(
        "progress",
        help="print a plan's progress summary, in Vietnamese",
        description="print a plan's progress summary, in Vietnamese",
    )
    plan_source(p)
    _report.add_task_rule(p)
    _report.add_summary_style(p)
    _report.add_chart(p)
    p.set_defaults(run=cmd_progress)

    _report.add_commands(
        sub,
        plan_source,
        lambda path, args: load_plan(
            path, example=False, fmt=None, status_rules=args.status_rules, sheet=args.sheet
        ),
    )

    p = sub.add_parser(
        "parse",
        help="parse one document reference, print it as JSON",
        description="parse one document reference, print it as JSON",
    )
    p.add_argument("text", metavar="TEXT", help='e.g. "Kế hoạch số 63/KH-UBND ngày 30/12/2022"')
    p.set_defaults(run=cmd_parse)

    p = sub.add_parser(
        "refs",
        help="find every document reference in a text file (UTF-8, or UTF-16 with a BOM)",
        description="find every document reference in a text file (UTF-8, or UTF-16 with a BOM)",
    )
    p.add_argument("file", metavar="FILE", help="a text file ('-': standard input)")
    p.add_argument(
        "--since",
        metavar="DATE",
        type=date_option,
        help="only references dated on or after DATE (30/12/2022, 2022-12-30, ...)",
    )
    p.add_argument(
        "--until",
        metavar="DATE",
        type=date_option,
        help="only references dated on or before DATE",
    )
    p.set_defaults(run=cmd_refs)

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
        choices=sorted(DELIMITERS),
        help="csv: what separates the cells (default: comma; with --excel: semicolon)",
    )
    p.set_defaults(run=cmd_convert)

    p = sub.add_parser(
        "template",
        help="write an empty appendix sheet to fill in (.xlsx, .csv or .tsv)",
        description="write an empty appendix sheet to fill in (.xlsx, .csv or .tsv)",
    )
    p.add_argument("--to", required=True, metavar="FILE", help="e.g. mau.xlsx")
    p.set_defaults(run=cmd_template)

    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the json format",
        description="print the JSON Schema of the json format",
    )
    p.set_defaults(run=cmd_schema)

    p = sub.add_parser("formats", help="list the formats", description="list the formats")
    p.set_defaults(run=cmd_formats)
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
    from cchc_model.model.status import StatusRules

    return StatusRules.from_file(path)  # an unreadable file is an InvalidStatusRule


def _fail(message: str) -> int:
    message = for_the_command_line(one_line(message))
    sys.stderr.write(f"{PROG}: error: {message.translate(UNSEEN)}\n")
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
            args.status_rules_file = args.status_rules  # rollup leaves it out of the files
            args.status_rules = _status_rules(args.status_rules)
        status = args.run(args)  # None, or a status of its own (reconcile: 1 on a difference)
    except CCHCError as exc:
        reason = exc.reason
        if isinstance(exc, FormatError) or exc.where:
            reason = f"{exc.where}: {reason}" if exc.where else reason
        if exc.text is not None and not isinstance(exc, FormatError):
            quoted = repr(one_line(exc.text)[:80])
            if quoted not in reason:  # the reason may quote the text already
                reason += f" (in {quoted})"
        return _fail(reason)
    except OutputError as exc:
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
