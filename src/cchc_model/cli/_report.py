"""The ``cchc`` commands that report on plans: ``compare``, ``reconcile``, and the
options ``--task-rule``, ``--chart`` and ``show``'s fitting to the terminal; the
parser of :mod:`._main` adds them.
"""

from __future__ import annotations

import argparse
import re
import shutil
from typing import TYPE_CHECKING, Any

from cchc_model.cli._io import UserError, emit

if TYPE_CHECKING:
    from collections.abc import Callable

    from cchc_model.model import Plan, PublishedFigures
    from cchc_model.model.rules import TaskRule

    #: Reads the plan at a path, with the command's options (``--status-rules``).
    Loader = Callable[[str, argparse.Namespace], Plan]

#: ``--task-rule`` names (the ``task_rule=`` functions in :mod:`cchc_model.model.rules`).
TASK_RULES = ("at_least_half", "strict")

#: ``show``'s formats that wrap to a width.
_WRAPPED = ("grid", "text")


def add_task_rule(p: argparse.ArgumentParser, default: str | None = "at_least_half") -> None:
    """``--task-rule strict|at_least_half`` (and its older name ``--rule``)."""
    p.add_argument(
        "--task-rule",
        "--rule",
        dest="task_rule",
        choices=TASK_RULES,
        default=default,
        help="when a task counts as completed: at_least_half (default, the reports' "
        "convention: at least half of its activities) or strict (all of them)",
    )


def task_rule(args: argparse.Namespace) -> TaskRule:
    """The rule function ``--task-rule`` names."""
    from cchc_model.model import rules

    rule: TaskRule = getattr(rules, args.task_rule)
    return rule


def add_width(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--width",
        "-w",
        type=int,
        metavar="N",
        help="grid and text: fit the table to N columns (default on a terminal: $COLUMNS, "
        "else its width; 0, and output to a file or pipe: the fixed column widths)",
    )


def terminal_width() -> int | None:
    """The width to fit when standard output is a terminal: ``$COLUMNS``, else the
    terminal's own; ``None`` for a file or a pipe (the fixed column widths: a
    ``$COLUMNS`` that a parent process exported does not change what a pipe gets).
    """
    import sys

    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return max(shutil.get_terminal_size((100, 24)).columns, 40)


def show_options(args: argparse.Namespace) -> dict[str, Any]:
    """``dumps`` options for ``show``: the width to fit, for the wrapped formats."""
    fmt = args.format
    if args.width is not None and args.width < 0:
        raise UserError("--width must be 0 or more")
    if args.task_rule is not None:
        if fmt != "summary":
            raise UserError(f"--task-rule applies to the summary format, not {fmt!r}")
        return {"task_rule": args.task_rule}
    if fmt == "json":
        return {"indent": 2}
    if fmt in _WRAPPED:
        width = terminal_width() if args.width is None else args.width
        return {"width": width or None}
    if args.width is not None:
        raise UserError(f"--width applies to the grid and text formats, not {fmt!r}")
    return {}


def add_summary_style(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--style",
        choices=("lines", "paragraph"),
        default="lines",
        help="the summary as the report's lines (default) or as one paragraph of prose",
    )


def add_chart(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--chart",
        metavar="FILE",
        help="also draw the progress chart into FILE (.png, .svg or .pdf; needs the extra 'plot')",
    )


def draw_chart(source: Any, path: str, **options: Any) -> None:
    """``plot_progress(source, path=path)``; a missing matplotlib is the user's to install."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix not in ("png", "svg", "pdf"):
        raise UserError(f"--chart {path!r}: give a .png, .svg or .pdf file")
    try:
        from cchc_model.display.charts import plot_progress
    except ImportError:  # pragma: no cover - depends on the environment
        raise UserError("--chart needs matplotlib: pip install 'cchc-model[plot]'") from None
    try:
        import matplotlib.pyplot as plt

        fig = plot_progress(source, path=path, **options)
        plt.close(fig)
    except ImportError:  # pragma: no cover - depends on the environment
        raise UserError("--chart needs matplotlib: pip install 'cchc-model[plot]'") from None
    except OSError as exc:
        raise UserError(f"cannot write {path!r}: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- #
# compare and reconcile
# --------------------------------------------------------------------------- #


def cmd_compare(args: argparse.Namespace, load: Loader) -> int:
    """Print what changed between two reports; the status is 0 whether or not anything did."""
    from cchc_model.figures._compare import compare

    old, new = load(args.old, args), load(args.new, args)
    c = compare(old, new, task_rule=task_rule(args))
    if args.format == "html":
        from cchc_model.display.html import to_html

        return _print(to_html(c, page=True))
    return _print(str(c))


def cmd_reconcile(args: argparse.Namespace, load: Loader) -> int:
    """Check the published summary against the table: exit 1 when they disagree."""
    from cchc_model.figures._reconcile import reconcile

    plan = load(args.file, args)
    if plan.published is None:
        _print(f"{args.file}: no published summary to check (nothing found under the table)")
        return 0
    found = reconcile(plan, task_rule=task_rule(args))
    if not found:
        _print(f"{args.file}: the published figures agree with the table ({args.task_rule})")
        return 0
    lines = [f"{args.file}: {len(found)} published figure(s) differ from the table:"]
    for d in found:
        lines.append(f"- {d}")
        line = published_line(plan.published, d.figure, d.published)
        if line is not None:
            lines.append(f"  dòng / line {line[0]}: {line[1]}")
    _print("\n".join(lines))
    return 1


#: The words that name a figure's unit in a summary line.
_UNIT_WORDS = {"tasks": "nhiệm vụ", "activities": "hoạt động"}


def published_line(
    published: PublishedFigures, figure: str, value: int | float
) -> tuple[int, str] | None:
    """The line (number from 1, and text) of the summary block that states ``figure``.

    >>> from cchc_model import PublishedFigures
    >>> pub = PublishedFigures(tasks_completed=20, text="Tổng số 25 nhiệm vụ\\n"
    ...     "Thực hiện hoàn thành 20/25 nhiệm vụ đạt 80% kế hoạch")
    >>> published_line(pub, "tasks_completed", 20)
    (2, 'Thực hiện hoàn thành 20/25 nhiệm vụ đạt 80% kế hoạch')
    """
    unit = _UNIT_WORDS[figure.split("_", 1)[0]]
    if figure.endswith("_percent"):
        # A percent as printed: "80%", or with a decimal comma or point, "98,62%".
        shown = str(value).replace(".", "[.,]") if isinstance(value, float) else str(value)
        number = re.compile(rf"(?<!\d)0*{shown}\s*%")
    else:
        number = re.compile(rf"(?<![\d/]){'0*' if value else ''}{value}(?!\d)")
    keyword = {
        "total": "tổng",
        "completed": "hoàn thành",
        "percent": "%",
        "in_progress": "đang",
        "not_due": "chưa đến",
        "overdue": "chậm",
    }[figure.split("_", 1)[1]]
    for i, text in enumerate(published.text.splitlines(), 1):
        folded = text.lower()
        if unit in folded and keyword in folded and number.search(text):
            return i, " ".join(text.split())
    return None


def _print(text: str) -> int:
    emit(text, "text")
    return 0


def add_commands(
    sub: Any,
    plan_source: Callable[[argparse.ArgumentParser], None],
    load: Loader,
) -> None:
    """Add ``compare`` and ``reconcile`` to the subparsers ``sub``."""
    p = sub.add_parser(
        "compare",
        help="what changed between two reports of one plan (figures, statuses, text)",
        description="what changed between two reports of one plan: the figures before "
        "and after, status changes, products and other text changes",
    )
    p.add_argument("old", metavar="OLD", help="the earlier report (a plan file)")
    p.add_argument("new", metavar="NEW", help="the later report (a plan file)")
    add_task_rule(p)
    p.add_argument(
        "--format",
        "-f",
        choices=("text", "html"),
        default="text",
        help="text (default) or html (a whole page)",
    )
    p.set_defaults(run=lambda args: cmd_compare(args, load))

    p = sub.add_parser(
        "reconcile",
        help="check a report's published summary against its own table (exit 1 if they differ)",
        description="check the summary figures a report published against those its "
        "table gives; each figure that differs is printed with its summary line, and "
        "the exit status is 1",
    )
    p.add_argument("file", metavar="FILE", help="a plan file (.docx, .json, .csv, ...)")
    add_task_rule(p)
    p.set_defaults(run=lambda args: cmd_reconcile(args, load))
