"""The table formats (``markdown``, ``html``, ``grid``, ``text``): the appendix, drawn by tabulate.

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

tabulate is imported when a table is first written.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

from cchc_model._display import markdown_cell
from cchc_model._formats._common import dump_only, expect_plan
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

    def dumps(self, plan: Plan, *, title: bool = True) -> str:
        plan = expect_plan(plan, self.format)
        table = _tabulate(self.render(plan), [self.escape(h) for h in HEADERS], self.tablefmt)
        head = self.heading(self.escape(_cell(plan.title))) if title else ""
        return head + table + "\n"

    def loads(self, data: str | bytes, **options: Any) -> Plan:
        raise dump_only(self.format)


class MarkdownSerializer(_Table):
    """A Markdown pipe table (GitHub, MyST); ``title=False`` leaves out the bold title line."""

    format = "markdown"
    tablefmt = "pipe"
    extensions = (".md",)
    description = "the appendix as a Markdown table (writes only)"

    def escape(self, text: str) -> str:
        return markdown_cell(text)

    def section(self, text: str) -> str:
        return f"**{text}**"

    def heading(self, title: str) -> str:
        return f"**{title}**\n\n"


class HtmlSerializer(_Table):
    """An HTML ``<table>``, every text escaped; ``title=False`` leaves out the title paragraph."""

    format = "html"
    tablefmt = "unsafehtml"  # the cells are escaped here, with <br> for line breaks
    extensions = (".html", ".htm")
    description = "the appendix as an HTML table, all text escaped (writes only)"

    def escape(self, text: str) -> str:
        return html.escape(text, quote=True).replace("\n", "<br>")

    def section(self, text: str) -> str:
        return f"<b>{text}</b>"

    def heading(self, title: str) -> str:
        return f'<p class="cchc-title"><b>{title}</b></p>\n'


def _wrap(text: str, width: int) -> str:
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, width, break_long_words=True) or [""])
    return "\n".join(lines)


class _Wrapped(_Table):
    def dumps(self, plan: Plan, *, title: bool = True, wrap: bool = True) -> str:
        if not wrap:
            return super().dumps(plan, title=title)
        plan = expect_plan(plan, self.format)
        rows = [
            [_wrap(c, w) for c, w in zip(row, WIDTHS, strict=True)] for row in self.render(plan)
        ]
        headers = [_wrap(h, w) for h, w in zip(HEADERS, WIDTHS, strict=True)]
        head = self.heading(_cell(plan.title)) if title else ""
        return head + _tabulate(rows, headers, self.tablefmt) + "\n"


class GridSerializer(_Wrapped):
    """A table drawn with ``+---+`` borders, cells wrapped to :data:`WIDTHS` (``wrap=False``)."""

    format = "grid"
    tablefmt = "grid"
    description = "the appendix drawn with +---+ borders, for a terminal (writes only)"


class TextSerializer(_Wrapped):
    """A plain-text table without borders; cells wrapped like ``grid``."""

    format = "text"
    tablefmt = "simple"
    extensions = (".txt",)
    description = "the appendix as a plain-text table (writes only)"


#: For tests and the docs: every table format by name.
TABLE_FORMATS: dict[str, Callable[[], _Table]] = {
    "markdown": MarkdownSerializer,
    "html": HtmlSerializer,
    "grid": GridSerializer,
    "text": TextSerializer,
}
