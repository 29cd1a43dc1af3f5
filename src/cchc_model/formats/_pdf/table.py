"""From a PDF page's ruling lines and characters to ruled tables and lines of text.

pdfplumber (imported by the caller) finds the cells a table's ruling lines draw;
this module puts each character in its cell, groups characters into lines, and
gives a table as a grid of :class:`Box` objects: a box is one ruled cell on one
page, and a box that spans rows or columns fills every slot it covers, so that
merged cells are the same object in neighbouring slots.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

#: Two positions closer than this (in points) are the same ruling line.
SNAP = 2.0
#: A cell's inner margin on the right, at most (LibreOffice and Word: 5.4 pt).
_PADDING = 6.0


@attrs.frozen
class Line:
    """One line of text: its characters joined, where it sits and how it is set."""

    text: str
    top: float
    bottom: float
    bold: bool
    right: float = 0.0  # where the last character ends
    size: float = 0.0  # the largest character's size
    open: bool = False  # the line ends without a space character (a wrap inside a word?)
    lead: float = 0.0  # the width of its first word


@attrs.define(eq=False)
class Box:
    """One ruled cell on one page, with the lines of text inside it."""

    lines: list[Line] = attrs.Factory(list)
    right: float = 0.0  # where the cell ends on the page

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines).strip()


@attrs.define
class Piece:
    """The part of a ruled table drawn on one page."""

    page: int  # 1-based
    top: float
    bottom: float
    xs: tuple[float, ...]  # column boundaries, left to right
    grid: list[list[Box]]  # rows × columns


def _bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(w in name for w in ("bold", "black", "heavy", "semibold", "demi"))


def lines_of(chars: Iterable[dict[str, Any]]) -> list[Line]:
    """The lines the characters make, top to bottom: characters whose tops are
    within half a character's height of each other share a line."""
    ordered = sorted(
        (c for c in chars if c.get("upright", True)), key=lambda c: (c["top"], c["x0"])
    )
    groups: list[list[dict[str, Any]]] = []
    for c in ordered:
        if groups and c["top"] - groups[-1][0]["top"] <= max(1.0, 0.5 * c["size"]):
            groups[-1].append(c)
        else:
            groups.append([c])
    result = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        parts: list[str] = []
        previous: dict[str, Any] | None = None
        for c in group:
            text = c["text"]
            if (
                previous is not None
                and c["x0"] - previous["x1"] > 0.2 * c["size"]
                and not text.isspace()
                and not previous["text"].isspace()
            ):
                parts.append(" ")  # a gap the PDF drew without a space character
            parts.append(text)
            previous = c
        raw = unicodedata.normalize("NFC", "".join(parts))
        text = raw.strip()
        if not text:
            continue
        inked = [c for c in group if not c["text"].isspace()]
        gap = next((c for c in group if c["text"].isspace() and c["x0"] > inked[0]["x0"]), None)
        lead = (gap["x0"] if gap is not None else inked[-1]["x1"]) - inked[0]["x0"]
        bold = all(_bold(str(c.get("fontname", ""))) for c in inked)
        result.append(
            Line(
                text=text,
                top=min(c["top"] for c in group),
                bottom=max(c["bottom"] for c in group),
                bold=bold,
                right=max(c["x1"] for c in inked),
                size=max(c["size"] for c in inked),
                open=not raw[-1].isspace(),
                lead=lead,
            )
        )
    return result


def unwrap(lines: Sequence[Line], right: float) -> list[Line]:
    """``lines`` with those broken inside a word joined back (the cell ends at ``right``).

    A line was wrapped (not ended) when the next line's first word would not
    have fitted after it, in the cell's padding of ``right``. A wrap is inside a
    symbol when the line ends with a "-" or "/" and no space ("63/KH-" / "UBND",
    "05/6/" / "2023"). Other lines stay lines: a word broken because it is wider
    than its column ("30/12/202" / "2") cannot be told from a line that ends
    before a word too wide to follow it, and stays broken.
    """
    out: list[Line] = []
    for line in lines:
        if out:
            last = out[-1]
            a, b = last.text[-1], line.text[0]
            symbol = a in "-/" and b.isalnum()
            wrapped = last.right + 0.25 * last.size + line.lead > right - _PADDING
            if last.open and wrapped and symbol:
                out[-1] = attrs.evolve(
                    last,
                    text=last.text + line.text,
                    bottom=line.bottom,
                    right=line.right,
                    open=line.open,
                    bold=last.bold and line.bold,
                )
                continue
        out.append(line)
    return out


def _snap(values: Iterable[float]) -> list[float]:
    """Sorted positions, those within :data:`SNAP` of the previous one dropped."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _index(bounds: Sequence[float], value: float) -> int:
    """The index of the boundary nearest ``value``."""
    i = bisect.bisect_left(bounds, value)
    if i == len(bounds) or (i > 0 and value - bounds[i - 1] < bounds[i] - value):
        i -= 1
    return i


def pieces_of(page: Any, number: int, chars: Sequence[dict[str, Any]]) -> list[Piece]:
    """The ruled tables of a pdfplumber page, top to bottom, with their text."""
    pieces = []
    for table in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        cells = table.cells
        if not cells:
            continue
        xs = _snap([c[0] for c in cells] + [c[2] for c in cells])
        ys = _snap([c[1] for c in cells] + [c[3] for c in cells])
        if len(xs) < 2 or len(ys) < 2:
            continue
        slots: list[list[Box | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        for x0, top, x1, bottom in cells:
            box = Box(right=x1)
            for r in range(_index(ys, top), _index(ys, bottom)):
                for c in range(_index(xs, x0), _index(xs, x1)):
                    slots[r][c] = box
        # A slot no ruled cell covers (a missing line) is a cell of its own.
        grid = [[box if box is not None else Box() for box in row] for row in slots]
        inside: dict[int, list[dict[str, Any]]] = {}
        boxes: dict[int, Box] = {}
        for ch in chars:
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
                continue
            c = min(bisect.bisect_right(xs, cx), len(xs) - 1) - 1
            r = min(bisect.bisect_right(ys, cy), len(ys) - 1) - 1
            box = grid[max(r, 0)][max(c, 0)]
            inside.setdefault(id(box), []).append(ch)
            boxes[id(box)] = box
        for key, box in boxes.items():
            box.lines = unwrap(lines_of(inside[key]), box.right)
        pieces.append(Piece(page=number, top=ys[0], bottom=ys[-1], xs=tuple(xs), grid=grid))
    pieces.sort(key=lambda p: p.top)
    return pieces


def outside(chars: Sequence[dict[str, Any]], pieces: Sequence[Piece]) -> list[dict[str, Any]]:
    """The characters of a page that are in none of its tables."""

    def free(ch: dict[str, Any]) -> bool:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        return not any(p.xs[0] <= cx <= p.xs[-1] and p.top <= cy <= p.bottom for p in pieces)

    return [ch for ch in chars if free(ch)]


def same_columns(a: Piece, b: Piece) -> bool:
    """Whether two pieces draw the same columns (a table continued on the next page)."""
    return len(a.xs) == len(b.xs) and all(
        abs(x - y) <= 2 * SNAP for x, y in zip(a.xs, b.xs, strict=True)
    )


def merge_box(grid: list[list[Box]], old: Box, new: Box) -> None:
    """Put ``old``'s lines at the end of ``new`` and ``new`` in every slot of ``old``."""
    if old is new:
        return
    new.lines.extend(old.lines)
    for row in grid:
        for c, box in enumerate(row):
            if box is old:
                row[c] = new
