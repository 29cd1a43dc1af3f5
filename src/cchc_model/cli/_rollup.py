"""``cchc rollup``: every plan file under the given paths, read in parallel, one row
per plan and a total (see :func:`cchc_model.iter_many`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from cchc_model.cli import _report
from cchc_model.cli._io import (
    UserError,
    emit,
    for_the_command_line,
    is_terminal,
    one_line,
    write_atomically,
)


def _jobs(text: str) -> int:
    """``--jobs N``: a whole number, at least 1 (a wrong one is a usage error, status 2)."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of processes, at least 1: {text!r}")
    return jobs


def _add_rollup_command(sub: Any) -> None:
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
    _report.add_task_rule(p)
    p.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="processes reading at once (default: the number of CPUs; 1: no extra process)",
    )
    _report.add_chart(p)
    p.add_argument(
        "--verbose", "-v", action="store_true", help="also list the files that were ignored"
    )
    p.set_defaults(run=cmd_rollup)


def cmd_rollup(args: argparse.Namespace) -> None:
    import shutil

    from cchc_model.cli._rollup_table import OUTPUT_EXTENSIONS, render, table_rows, terminal_table
    from cchc_model.figures._rollup import rollup
    from cchc_model.formats._many import iter_many

    if args.to is not None and not (Path(args.to).parent or Path(".")).is_dir():
        # before reading every file, not after
        raise UserError(f"cannot write {args.to!r}: no folder {str(Path(args.to).parent)!r}")
    if args.to is not None and Path(args.to).suffix.lower() not in OUTPUT_EXTENSIONS:
        raise UserError(
            f"cannot tell the table format of {args.to!r} from its extension "
            f"(one of {', '.join(OUTPUT_EXTENSIONS)})"
        )
    # A bar only on a terminal (a log file would fill with redrawn lines).
    stream = iter_many(
        args.paths,
        jobs=args.jobs,
        status_rules=args.status_rules,
        show_progress=None if is_terminal(sys.stderr) else False,
        # the table of an earlier run, and the rules file, are not reports
        exclude=[p for p in (args.to, args.status_rules_file) if p is not None],
    )
    if not stream.files and not stream.failures:
        raise UserError(f"no plan file found under {', '.join(map(repr, args.paths))}")
    # The plans stream into the roll-up, counted by the processes that read
    # them: memory holds each plan's figures, never all the plans.
    totals = rollup(stream, by=args.by, task_rule=_report.task_rule(args))
    if args.verbose:  # once read: a roll-up table of an earlier run is found by reading
        for path in stream.ignored:
            sys.stderr.write(f"ignored ({_why_ignored(path)}): {path}\n")
    for failure in stream.failures:
        sys.stderr.write(f"{failure.path}: {for_the_command_line(one_line(failure.reason))}\n")
    if args.to is not None:
        try:
            write_atomically(args.to, render(Path(args.to).suffix, totals, stream.failures))
        except OSError as exc:
            raise UserError(f"cannot write {args.to!r}: {exc.strerror or exc}") from None
    else:
        width = shutil.get_terminal_size().columns if is_terminal(sys.stdout) else None
        emit(terminal_table(table_rows(totals), width), "text")
    if args.chart is not None:
        _report.draw_chart(totals, args.chart)
    for names in totals.duplicates:
        sys.stderr.write(
            f"note: {', '.join(names)}: the same report (title, issuer and every figure), "
            "counted once per file; remove a copy if it is one\n"
        )
    if stream.failures:
        count, read = len(stream.failures), len(totals.plans)
        total = count + read
        raise UserError(
            f"{count} of {total} file{'s' if total > 1 else ''} could not be read (listed above)"
            + ("; the others are rolled up" if read else "")
        )


def _why_ignored(path: str) -> str:
    if os.path.isdir(path):
        return "a link to a folder of the tree, above it, or inside a linked folder: not followed"
    if os.path.exists(path) and not os.path.isfile(path):
        return "not a regular file: a named pipe or a device"
    return "not a plan file"
