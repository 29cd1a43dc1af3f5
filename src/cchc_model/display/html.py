"""HTML for reports and notebooks: one renderer behind :func:`to_html`, the
``html`` format and every ``_repr_html_``.

:func:`to_html` gives the display a notebook shows (a ``<div>`` with its own
stylesheet) or, with ``page=True``, a whole page a browser opens and prints:
a doctype, ``<meta charset="utf-8">``, ``lang="vi"``, the title, the same
table, the summary block under it, and print rules for A4 landscape with the
header row repeated on every page.

>>> from cchc_model import to_html
>>> from cchc_model.examples import thanh_xa_2023
>>> page = to_html(thanh_xa_2023(), page=True)
>>> page.startswith('<!DOCTYPE html>\\n<html lang="vi">')
True
>>> '<meta charset="utf-8">' in page and "@page{size:A4 landscape" in page
True
>>> "Thực hiện hoàn thành 30/38 hoạt động" in page
True

Every text is escaped (:func:`html.escape`): nothing a document says can inject
markup. The output grows with the input: no cell is padded to the widest one.
"""

from __future__ import annotations

import html as _html

from cchc_model.display import _render
from cchc_model.display._render import BUCKET_COLOURS, _e, _table, _wrap
from cchc_model.figures._compare import Comparison
from cchc_model.figures._rollup import Rollup
from cchc_model.formats._layout import lines, summary_text
from cchc_model.model import Plan, Status

__all__ = ["to_html"]

#: The page's own rules: fonts, a dark scheme when the reader's system asks for
#: one, and printing on A4 landscape with the header row on every page.
_PAGE_STYLE = (
    "<style>"
    "@page{size:A4 landscape;margin:15mm 12mm}"
    'body{font-family:"Times New Roman",Times,serif;font-size:12pt;margin:1.5em;'
    "color:#111;background:#fff}"
    "@media (prefers-color-scheme:dark){body{color:#ddd;background:#1b1b1b}}"
    ".cchc-summary p{margin:0.15em 0}"
    ".cchc-plan>.cchc-caption{text-align:center}"
    ".cchc table.cchc-table thead{display:table-header-group}"
    "@media print{body{margin:0;font-size:10pt;color:#000;background:#fff}"
    ".cchc table.cchc-table tr{break-inside:avoid}"
    "body .cchc table.cchc-table{width:100%}"
    "*{print-color-adjust:exact;-webkit-print-color-adjust:exact}}"
    "</style>"
)


def to_html(obj: object, *, page: bool = False) -> str:
    """The HTML of a plan, section, task, activity, progress, tally, roll-up,
    comparison or document reference.

    :param page: ``False`` (default) gives the notebook's display, a ``<div
        class="cchc ...">`` with its stylesheet, to put into a page of your own;
        ``True`` gives a whole HTML5 page (for a plan: the heading, the table, its
        figures and the summary block, as in the Word appendix).

    Raises :class:`TypeError` for anything the library does not display.
    """
    if isinstance(obj, Comparison):
        fragment = comparison_html(obj)
    elif isinstance(obj, Rollup):
        fragment = obj._repr_html_()
    else:
        fragment = _render.html(obj)
    if not page:
        return fragment
    parts = [fragment]
    if isinstance(obj, Plan):
        parts.append(_summary_block(obj))
    return _page(_title_of(obj), "\n".join(parts))


def _title_of(obj: object) -> str:
    title = getattr(obj, "title", None)
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    return {
        "Comparison": "So sánh tiến độ thực hiện",
        "Rollup": "Tổng hợp tiến độ thực hiện",
        "Progress": "Tiến độ thực hiện",
    }.get(type(obj).__name__, "CCHC")


def _summary_block(plan: Plan) -> str:
    paragraphs = "".join(f"<p>{_e(line)}</p>" for line in lines(summary_text(plan)) if line)
    return f'<div class="cchc cchc-summary">{paragraphs}</div>'


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="cchc-model">\n<title>{_e(title)}</title>\n'
        f"{_PAGE_STYLE}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- #
# Comparison
# --------------------------------------------------------------------------- #


def _status(status: Status) -> str:
    bucket = status.kind.bucket
    background, colour = BUCKET_COLOURS[bucket]
    return (
        f'<td class="cchc-status cchc-bucket-{bucket.value} cchc-kind-{status.kind.value}" '
        f'style="background:{background};color:{colour}">{_e(str(status))}</td>'
    )


def _num(value: int | str) -> str:
    return f'<td class="cchc-num">{_e(str(value))}</td>'


def _delta(delta: int) -> str:
    return f"{delta:+d}" if delta else "±0"


def comparison_html(c: Comparison) -> str:
    """Figures before and after, status changes (coloured), products and other text changes."""
    caption = f'<div class="cchc-caption">So sánh: {_e(c.old_label)} → {_e(c.new_label)}</div>'
    figures = _table(
        (
            f"<tr><td>{_e(f.label)}</td>{_num(f.old)}{_num(f.new)}{_num(_delta(f.delta))}</tr>"
            for f in c.figures
        ),
        ("Số liệu", c.old_label, c.new_label, "Thay đổi"),
    )
    parts = [caption, figures]
    if c.section_figures:
        parts.append(
            _table(
                (
                    f"<tr><td>{_e(f.section or '')}</td><td>{_e(f.label)}</td>"
                    f"{_num(f.old)}{_num(f.new)}{_num(_delta(f.delta))}</tr>"
                    for f in c.section_figures
                ),
                ("Mục", "Số liệu", c.old_label, c.new_label, "Thay đổi"),
            )
        )
    if c.status_changes:
        parts.append(
            _table(
                (
                    f'<tr class="cchc-activity">{_num(s.number)}<td class="cchc-text">'
                    f"{_e(s.text)}</td>{_status(s.old)}{_status(s.new)}</tr>"
                    for s in c.status_changes
                ),
                ("TT", "Hoạt động", f"Tiến độ ({c.old_label})", f"Tiến độ ({c.new_label})"),
            )
        )
    if c.product_changes or c.text_changes:
        rows = [
            f"<tr>{_num(p.number)}<td>Sản phẩm</td><td>{_e(p.old_products)}</td>"
            f"<td>{_e(p.new_products)}</td></tr>"
            for p in c.product_changes
        ]
        rows += [
            f"<tr>{_num(t.number)}<td>{_e(_FIELD_LABELS.get(t.field, t.field))}</td>"
            f"<td>{_e(t.old)}</td><td>{_e(t.new)}</td></tr>"
            for t in c.text_changes
        ]
        parts.append(_table(rows, ("TT", "Cột", c.old_label, c.new_label)))
    for label, numbers in (("Hoạt động mới", c.added), ("Hoạt động bỏ", c.removed)):
        if numbers:
            listed = _html.escape(", ".join(map(str, numbers)))
            parts.append(f'<p class="cchc-meta">{label} (số TT): {listed}</p>')
    if not c:
        parts.append('<p class="cchc-meta">Không có thay đổi.</p>')
    return _wrap("comparison", *parts)


_FIELD_LABELS = {
    "label": "Nhãn",
    "text": "Hoạt động",
    "explanation": "Giải trình",
    "note": "Ghi chú",
}
