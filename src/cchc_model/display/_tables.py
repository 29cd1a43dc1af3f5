"""The table formats (``markdown``, ``html``, ``grid``, ``text``): the appendix as a table.

All four write the appendix's own layout and only write (they cannot be read
back: use ``json`` or ``csv`` for that):

* the columns TT, Nội dung thực hiện, Hoạt động, Tiến độ, Sản phẩm, Giải trình,
  Ghi chú;
* a row per section (its numeral under TT, its title under Nội dung thực hiện),
  then a row per activity;
* a task's text once per span, on the row of its first activity, as the merged
  cell of the printed table reads;
* Hoạt động is the activity's label, a line break, then its text; Tiến độ is the
  verbatim status text (the kind's name when the text is empty).

Cells are trimmed for display (each line, and invisible characters dropped)
and their line breaks kept: ``<br>`` in Markdown
and HTML, wrapped lines in ``grid`` and ``text``. Markdown escapes the
characters Markdown would read as markup; HTML escapes every text (``&``, ``<``,
``>``, quotes), so nothing a document says can inject markup.

``html`` writes a whole page (see :mod:`cchc_model.display.html`), with the task cells
merged and the statuses coloured. No format pads a row to the widest cell of the
table: ``grid`` and ``text`` wrap cells to their column's width, Markdown and
HTML leave the width to whatever shows them, so the output grows with the input.

tabulate (``grid``, ``text``) is imported when a table is first written.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from typing import Any

from cchc_model.display._render import markdown_cell
from cchc_model.formats._common import dump_only, expect_plan
from cchc_model.model import Plan

__all__ = [
    "HEADERS",
    "GridSerializer",
    "HtmlSerializer",
    "MarkdownSerializer",
    "TextSerializer",
    "appendix_rows",
]

#: The column titles of the appendix.
HEADERS = ("TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ", "Sản phẩm", "Giải trình", "Ghi chú")
#: Column widths (characters) the ``grid`` and ``text`` formats wrap cells to.
WIDTHS = (4, 28, 36, 16, 30, 14, 12)

#: A row: is it a section row, and its seven cells.
Row = tuple[bool, tuple[str, ...]]


# Control and invisible format characters (NUL, soft hyphen, BOM, zero-width
# and direction marks, ...) are dropped for display, tabs become spaces; line
# breaks of every kind (splitlines) become \n.
_INVISIBLE: dict[int, int | None] = dict.fromkeys(
    [
        *range(0x20),
        *range(0x7F, 0xA0),
        0xAD,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        0xFEFF,
    ]
)
_INVISIBLE[ord("\t")] = ord(" ")
del _INVISIBLE[ord("\n")]


def _cell(text: str) -> str:
    lines = (line.translate(_INVISIBLE).strip() for line in text.splitlines())
    return "\n".join(lines).strip()


def appendix_rows(plan: Plan) -> Iterator[Row]:
    """The rows of the appendix table of ``plan``, cells trimmed, line breaks as ``\\n``."""
    for section in plan.sections:
        yield True, (_cell(section.numeral), _cell(section.title), "", "", "", "", "")
        for task in section.tasks:
            for i, act in enumerate(task.activities):
                label, text = _cell(act.label), _cell(act.text)
                yield (
                    False,
                    (
                        str(act.number),
                        _cell(task.title) if i == 0 else "",
                        f"{label}\n{text}" if label else text,
                        _cell(str(act.status)),
                        _cell(act.products),
                        _cell(act.explanation),
                        _cell(act.note),
                    ),
                )


def _tabulate(rows: list[list[str]], headers: list[str], tablefmt: str) -> str:
    from tabulate import tabulate

    return tabulate(
        rows,
        headers=headers,
        tablefmt=tablefmt,
        disable_numparse=True,
        stralign="left",
        missingval="",
    )


class _Table:
    format = ""
    tablefmt = ""
    extensions: tuple[str, ...] = ()
    binary = False
    description = ""

    def escape(self, text: str) -> str:
        return text

    def section(self, text: str) -> str:
        return text

    def heading(self, title: str) -> str:
        return title + "\n\n"

    def render(self, plan: Plan) -> list[list[str]]:
        out = []
        for is_section, cells in appendix_rows(plan):
            shown = [self.escape(c) for c in cells]
            if is_section:
                shown = [self.section(c) if c else c for c in shown]
            out.append(shown)
        return out

    def loads(self, data: str | bytes, **options: Any) -> Plan:
        raise dump_only(self.format)


class MarkdownSerializer(_Table):
    """A Markdown pipe table (GitHub, MyST); ``title=False`` leaves out the bold title line.

    Cells are not padded to the widest one: the output grows with the input.
    """

    format = "markdown"
    extensions = (".md",)
    description = "the appendix as a Markdown table (writes only)"

    def escape(self, text: str) -> str:
        return markdown_cell(text)

    def section(self, text: str) -> str:
        return f"**{text}**"

    def dumps(self, plan: Plan, *, title: bool = True) -> str:
        plan = expect_plan(plan, self.format)
        lines = [
            "| " + " | ".join(self.escape(h) for h in HEADERS) + " |",
            "|" + "|".join(":---" for _ in HEADERS) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in self.render(plan)]
        head = f"**{self.escape(_cell(plan.title))}**\n\n" if title else ""
        return head + "\n".join(lines) + "\n"


class HtmlSerializer(_Table):
    """A whole HTML page (:func:`cchc_model.to_html` with ``page=True``): the table
    with merged task cells and coloured statuses, and the summary block.

    ``page=False`` gives the notebook's display alone, to put into a page of your own.
    """

    format = "html"
    extensions = (".html", ".htm")
    description = "the appendix as a whole HTML page, all text escaped (writes only)"

    def dumps(self, plan: Plan, *, page: bool = True) -> str:
        from cchc_model.display.html import to_html

        plan = expect_plan(plan, self.format)
        out = to_html(plan, page=page)
        return out if out.endswith("\n") else out + "\n"


#: The longest line of a cell ``wrap=False`` keeps; the rest is cut at "…".
MAX_LINE = 80
#: The narrowest a column is made to fit a width.
MIN_WIDTH = 4


def _wrap(text: str, width: int) -> str:
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(
            textwrap.wrap(line, width, break_long_words=True, break_on_hyphens=False) or [""]
        )
    return "\n".join(lines)


def _cut(text: str, width: int = MAX_LINE) -> str:
    return "\n".join(
        line if len(line) <= width else line[: width - 1] + "…" for line in text.split("\n")
    )


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


def share_widths(natural: list[int], budget: int, minimum: int = MIN_WIDTH) -> list[int]:
    """Column widths that fit ``budget`` characters: every column its natural width when
    they all fit, else the narrow ones theirs and the wide ones an equal share of the rest.

    >>> share_widths([2, 10, 50, 40], 60)
    [2, 10, 24, 24]
    >>> share_widths([2, 10, 5], 60)
    [2, 10, 5]
    """
    natural = [max(n, 1) for n in natural]
    if sum(natural) <= budget:
        return natural
    widths = [0] * len(natural)
    left = sorted(range(len(natural)), key=lambda i: natural[i])
    remaining = budget
    while left:
        fair = remaining // len(left)
        i = left[0]
        if natural[i] <= fair:
            widths[i] = natural[i]
            remaining -= natural[i]
            left.pop(0)
            continue
        extra = remaining - fair * len(left)
        for j, k in enumerate(sorted(left)):
            widths[k] = max(minimum, fair + (1 if j < extra else 0))
        break
    return widths


class _Wrapped(_Table):
    #: Characters a row takes besides its cells (borders, separators).
    overhead = 0

    def widths(self, rows: list[list[str]], width: int | None) -> tuple[int, ...]:
        if width is None:
            return WIDTHS
        natural = [
            max(_longest_line(h), *(_longest_line(r[i]) for r in rows)) if rows else len(h)
            for i, h in enumerate(HEADERS)
        ]
        return tuple(share_widths(natural, max(width - self.overhead, len(HEADERS))))

    def dumps(
        self, plan: Plan, *, title: bool = True, wrap: bool = True, width: int | None = None
    ) -> str:
        plan = expect_plan(plan, self.format)
        rows = self.render(plan)
        head = self.heading(_cell(plan.title)) if title else ""
        if not wrap:
            cut = [[_cut(c) for c in row] for row in rows]
            return head + _tabulate(cut, list(HEADERS), self.tablefmt) + "\n"
        table = self._wrapped(rows, self.widths(rows, width))
        if width is not None:
            budget = width
            for _ in range(3):
                # Columns narrower than the minimum are widened: take that off the budget.
                excess = max(len(line) for line in table.splitlines()) - width
                if excess <= 0:
                    break
                budget -= excess
                table = self._wrapped(rows, self.widths(rows, budget))
        return head + table + "\n"

    def _wrapped(self, rows: list[list[str]], widths: tuple[int, ...]) -> str:
        wrapped = [[_wrap(c, w) for c, w in zip(row, widths, strict=True)] for row in rows]
        # tabulate makes a column two spaces wider than its header's widest line.
        headers = [_wrap(h, max(w - 2, 2)) for h, w in zip(HEADERS, widths, strict=True)]
        return _tabulate(wrapped, headers, self.tablefmt)


class GridSerializer(_Wrapped):
    """A table drawn with ``+---+`` borders.

    Cells are wrapped to :data:`WIDTHS`, or with ``width=N`` to columns that share
    ``N`` characters (what ``cchc show`` does with the terminal's width);
    ``wrap=False`` keeps each line of a cell whole up to :data:`MAX_LINE`
    characters and cuts the rest at "…". No row is ever as wide as the widest
    cell of the table: the output grows with the input.
    """

    format = "grid"
    tablefmt = "grid"
    overhead = 3 * len(HEADERS) + 1
    description = "the appendix drawn with +---+ borders, for a terminal (writes only)"


class TextSerializer(_Wrapped):
    """A plain-text table without borders; cells wrapped like ``grid``."""

    format = "text"
    tablefmt = "simple"
    overhead = 2 * (len(HEADERS) - 1)
    extensions = (".txt",)
    description = "the appendix as a plain-text table (writes only)"


#: For tests and the docs: every table format by name.
TABLE_FORMATS: dict[str, Callable[[], _Table]] = {
    "markdown": MarkdownSerializer,
    "html": HtmlSerializer,
    "grid": GridSerializer,
    "text": TextSerializer,
}
