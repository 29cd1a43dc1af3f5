"""Rich display: the model as HTML and Markdown, for notebooks and reports.

The ``_repr_html_`` / ``_repr_markdown_`` methods of :class:`~cchc_model.Plan`,
:class:`~cchc_model.Section`, :class:`~cchc_model.Task`,
:class:`~cchc_model.Activity`, :class:`~cchc_model.Progress` (and its parts)
and :class:`~cchc_model.DocumentRef` delegate here.

* A plan, section or task is shown as the appendix table: a row per section, the
  task cell spanning its activities (``rowspan``), then the Hoạt động, Tiến độ,
  Sản phẩm, Giải trình and Ghi chú columns.
* The Tiến độ cell is coloured by summary bucket (completed, in progress, not
  due, overdue) and carries the CSS classes ``cchc-bucket-<bucket>`` and
  ``cchc-kind-<kind>``, so a stylesheet can restyle it.
* Progress is a table of figures with their percentages and a stacked bar per
  section.
* Every piece of text goes through :func:`html.escape`; line breaks of wrapped
  cells become ``<br>``. Nothing a document says can inject markup.

>>> from cchc_model import Activity, Status
>>> act = Activity(number=1, text="<b>x</b>\\nnext line", status=Status.parse("Hoàn thành"))
>>> "&lt;b&gt;x&lt;/b&gt;<br>next line" in act._repr_html_()
True
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterable, Sequence

import attrs

from cchc_model.documents import DocumentRef
from cchc_model.figures._progress import Progress, SectionProgress, progress
from cchc_model.model import Activity, Plan, Section, Tally, Task
from cchc_model.model._kinds import Bucket

__all__ = ["BUCKET_COLOURS", "BUCKET_LABELS", "html", "markdown"]

#: Vietnamese label of each summary bucket, as the reports word them.
BUCKET_LABELS: dict[Bucket, str] = {
    Bucket.COMPLETED: "Hoàn thành",
    Bucket.IN_PROGRESS: "Đang triển khai",
    Bucket.NOT_DUE: "Chưa đến thời điểm",
    Bucket.OVERDUE: "Chậm, chưa thực hiện",
}

#: (background, text) colour of each bucket; the charts use the backgrounds' darker twins.
BUCKET_COLOURS: dict[Bucket, tuple[str, str]] = {
    Bucket.COMPLETED: ("#d4edda", "#155724"),
    Bucket.IN_PROGRESS: ("#fff3cd", "#7a5a00"),
    Bucket.NOT_DUE: ("#e2e3e5", "#383d41"),
    Bucket.OVERDUE: ("#f8d7da", "#721c24"),
}

#: Solid colours of the stacked bars (HTML and charts).
BAR_COLOURS: dict[Bucket, str] = {
    Bucket.COMPLETED: "#2e8b57",
    Bucket.IN_PROGRESS: "#e0a800",
    Bucket.NOT_DUE: "#9aa0a6",
    Bucket.OVERDUE: "#c0392b",
}

_RULE_LABELS = {
    "at_least_half": "nhiệm vụ hoàn thành khi ít nhất một nửa số hoạt động hoàn thành",
    "strict": "nhiệm vụ hoàn thành khi mọi hoạt động hoàn thành",
}

_COLUMNS = ("TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ", "Sản phẩm", "Giải trình", "Ghi chú")

#: The stylesheet of every display. Selectors name the table's class (specificity
#: 0,2,2 and more) and the alignment, borders and padding are ``!important``:
#: JupyterLab's ``.jp-RenderedHTMLCommon td {text-align: right; border: none}``
#: and Notebook's table rules must not win. Backgrounds are translucent and text
#: colours inherited, so the tables read in light and dark themes alike; only
#: the status cells carry their own (background, text) pair.
_STYLE = (
    "<style>"
    ".cchc table.cchc-table{border-collapse:collapse !important;margin:0.3em 0 !important;"
    "table-layout:auto !important;color:inherit;font-size:inherit;width:auto}"
    ".cchc table.cchc-table th,.cchc table.cchc-table td{"
    "border:1px solid rgba(128,128,128,0.6) !important;padding:2px 6px !important;"
    "text-align:left !important;vertical-align:top !important;"
    "white-space:normal !important;max-width:none;line-height:1.35}"
    ".cchc table.cchc-table thead th{background:rgba(128,128,128,0.18);font-weight:bold}"
    ".cchc table.cchc-table tbody tr{background:transparent}"
    ".cchc table.cchc-table tr.cchc-section td{background:rgba(70,120,200,0.16);"
    "font-weight:bold}"
    ".cchc table.cchc-table td.cchc-num{text-align:right !important;"
    "font-variant-numeric:tabular-nums}"
    ".cchc table.cchc-table tr.cchc-total td{font-weight:bold}"
    ".cchc .cchc-bar{display:flex;width:12em;height:0.9em;"
    "background:rgba(128,128,128,0.18)}"
    ".cchc .cchc-caption{font-weight:bold}"
    "</style>"
)


#: Line breaks of every kind ``str.splitlines`` knows; a lone CR ends a line in
#: Markdown too, so left raw it would cut a table row in two.
_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _e(text: str) -> str:
    """Escape ``text`` for HTML; line breaks of every kind become ``<br>``."""
    return _BREAKS.sub("<br>", _html.escape(text))


def _ref(ref: DocumentRef | None) -> str:
    return "" if ref is None else str(ref)


def _status_cell(act: Activity) -> str:
    kind = act.status.kind
    bucket = kind.bucket
    background, colour = BUCKET_COLOURS[bucket]
    return (
        f'<td class="cchc-status cchc-bucket-{bucket.value} cchc-kind-{kind.value}" '
        f'style="background:{background};color:{colour}" '
        f'title="{_html.escape(BUCKET_LABELS[bucket])} ({kind.value})">'
        f"{_e(str(act.status))}</td>"
    )


def _activity_cells(act: Activity) -> list[str]:
    label = f"<b>{_e(act.label)}</b><br>" if act.label else ""
    return [
        f'<td class="cchc-text">{label}{_e(act.text)}</td>',
        _status_cell(act),
        f"<td>{_e(act.products)}</td>",
        f"<td>{_e(act.explanation)}</td>",
        f"<td>{_e(act.note)}</td>",
    ]


def _task_rows(task: Task) -> list[str]:
    rows = []
    for i, act in enumerate(task.activities):
        cells = [f'<td class="cchc-num">{act.number}</td>']
        if i == 0:
            span = f' rowspan="{len(task.activities)}"' if len(task.activities) > 1 else ""
            cells.append(f'<td class="cchc-task"{span}>{_e(task.title)}</td>')
        cells.extend(_activity_cells(act))
        rows.append(f'<tr class="cchc-activity">{"".join(cells)}</tr>')
    return rows


def _section_rows(section: Section) -> list[str]:
    head = (
        f'<tr class="cchc-section"><td>{_e(section.numeral)}</td>'
        f'<td colspan="{len(_COLUMNS) - 1}">{_e(section.title)}</td></tr>'
    )
    return [head] + [row for task in section.tasks for row in _task_rows(task)]


def _table(rows: Iterable[str], columns: Sequence[str] = _COLUMNS) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = "\n".join(rows)
    return (
        f'<table class="cchc-table">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _wrap(kind: str, *parts: str) -> str:
    inner = "\n".join(p for p in parts if p)
    return f'<div class="cchc cchc-{kind}">{_STYLE}\n{inner}\n</div>'


def _legend(tally: Tally) -> str:
    items = []
    for bucket, count in _bucket_counts(tally):
        if not count and bucket is Bucket.OVERDUE:
            continue
        background, colour = BUCKET_COLOURS[bucket]
        items.append(
            f'<span class="cchc-bucket-{bucket.value}" '
            f'style="background:{background};color:{colour};padding:0 4px">'
            f"{_e(BUCKET_LABELS[bucket])}: {count}/{tally.total} "
            f"({_pct(count, tally.total)})</span>"
        )
    return f'<p class="cchc-legend">Hoạt động: {" ".join(items)}</p>'


def _pct(part: int, whole: int) -> str:
    from cchc_model.model._tally import percent

    return f"{percent(part, whole)}%"


def _bucket_counts(tally: Tally) -> list[tuple[Bucket, int]]:
    return [
        (Bucket.COMPLETED, tally.completed),
        (Bucket.IN_PROGRESS, tally.in_progress),
        (Bucket.NOT_DUE, tally.not_due),
        (Bucket.OVERDUE, tally.overdue),
    ]


def _plan_meta(plan: Plan) -> str:
    parts = []
    if plan.issuer:
        parts.append(_e(plan.issuer))
    if plan.year is not None:
        parts.append(f"năm {plan.year}")
    if plan.reference is not None:
        parts.append(_e(_ref(plan.reference)))
    if plan.report is not None:
        parts.append(_e(_ref(plan.report)))
    return f'<div class="cchc-meta">{" · ".join(parts)}</div>' if parts else ""


# --------------------------------------------------------------------------- #
# HTML
# --------------------------------------------------------------------------- #


def plan_html(plan: Plan) -> str:
    """The appendix table of ``plan``, with its heading and activity figures."""
    rows = [row for section in plan.sections for row in _section_rows(section)]
    tally = progress(plan).activities
    return _wrap(
        "plan",
        f'<div class="cchc-caption">{_e(plan.title)}</div>',
        _plan_meta(plan),
        _table(rows),
        _legend(tally),
    )


def section_html(section: Section) -> str:
    """The rows of one section of the appendix table."""
    return _wrap(
        "section",
        _table(_section_rows(section)),
        _legend(Tally.of_activities(section.activities)),
    )


def task_html(task: Task) -> str:
    """The rows of one task: its title spanning its activities."""
    return _wrap("task", _table(_task_rows(task)))


def activity_html(act: Activity) -> str:
    """One row of the appendix table (without the task column)."""
    cells = [f'<td class="cchc-num">{act.number}</td>', *_activity_cells(act)]
    columns = _COLUMNS[:1] + _COLUMNS[2:]
    return _wrap("activity", _table([f'<tr class="cchc-activity">{"".join(cells)}</tr>'], columns))


def _bar(tally: Tally) -> str:
    parts = []
    for bucket, count in _bucket_counts(tally):
        if count:
            width = f"{100 * count / tally.total:.1f}%"
            parts.append(
                f'<span class="cchc-bucket-{bucket.value}" '
                f'style="width:{width};background:{BAR_COLOURS[bucket]}" '
                f'title="{_html.escape(BUCKET_LABELS[bucket])}: {count}"></span>'
            )
    return f'<div class="cchc-bar">{"".join(parts)}</div>'


_PROGRESS_COLUMNS = (
    "",
    "Lĩnh vực",
    "Nhiệm vụ hoàn thành",
    "Hoạt động hoàn thành",
    BUCKET_LABELS[Bucket.IN_PROGRESS],
    BUCKET_LABELS[Bucket.NOT_DUE],
    BUCKET_LABELS[Bucket.OVERDUE],
    "",
)


def _figure(part: int, whole: int) -> str:
    return f"{part}/{whole} ({_pct(part, whole)})"


def _progress_row(numeral: str, title: str, tasks: Tally, acts: Tally, css: str) -> str:
    cells = [
        f"<td>{_e(numeral)}</td>",
        f"<td>{_e(title)}</td>",
        f'<td class="cchc-num">{_figure(tasks.completed, tasks.total)}</td>',
        f'<td class="cchc-num">{_figure(acts.completed, acts.total)}</td>',
        f'<td class="cchc-num">{acts.in_progress}</td>',
        f'<td class="cchc-num">{acts.not_due}</td>',
        f'<td class="cchc-num">{acts.overdue}</td>',
        f"<td>{_bar(acts)}</td>",
    ]
    return f'<tr class="{css}">{"".join(cells)}</tr>'


def _rule_caption(rule: str, escape: Callable[[str], str] = _e) -> str:
    label = _RULE_LABELS.get(rule)
    return f"{escape(rule)} ({escape(label)})" if label else escape(rule)


def progress_html(p: Progress) -> str:
    """The figures of ``p`` per section and in total, with percentages and bars."""
    rows = [
        _progress_row(s.numeral, s.title, s.tasks, s.activities, "cchc-section-progress")
        for s in p.sections
    ]
    rows.append(_progress_row("", "Tổng", p.tasks, p.activities, "cchc-total"))
    open_tasks = ", ".join("{" + ", ".join(map(str, nums)) + "}" for nums in p.open_tasks)
    return _wrap(
        "progress",
        f'<div class="cchc-caption">Tiến độ thực hiện: {p.tasks.completed}/{p.tasks.total} '
        f"nhiệm vụ ({p.tasks.percent}%), {p.activities.completed}/{p.activities.total} "
        f"hoạt động ({p.activities.percent}%)</div>",
        f'<div class="cchc-meta">Quy tắc: {_rule_caption(p.rule)}</div>',
        _table(rows, _PROGRESS_COLUMNS),
        f'<p class="cchc-open">Nhiệm vụ chưa hoàn thành (số TT): {open_tasks}</p>'
        if open_tasks
        else "",
    )


def section_progress_html(s: SectionProgress) -> str:
    """One section's figures, as one row of the progress table."""
    row = _progress_row(s.numeral, s.title, s.tasks, s.activities, "cchc-section-progress")
    return _wrap("progress", _table([row], _PROGRESS_COLUMNS))


def tally_html(t: Tally) -> str:
    """A tally's counts by bucket, with percentages of the total."""
    head = ["Tổng", *(BUCKET_LABELS[b] for b, _ in _bucket_counts(t)), ""]
    cells = [f'<td class="cchc-num">{t.total}</td>']
    cells += [f'<td class="cchc-num">{_figure(n, t.total)}</td>' for _, n in _bucket_counts(t)]
    cells.append(f"<td>{_bar(t)}</td>")
    return _wrap("tally", _table([f"<tr>{''.join(cells)}</tr>"], head))


def document_html(ref: DocumentRef) -> str:
    """A document reference: its official form, then its fields."""
    rows = []
    for field in attrs.fields(type(ref)):
        value = getattr(ref, field.name)
        if value is None or value == "":
            continue
        shown = value.value if hasattr(value, "value") else str(value)
        rows.append(f"<tr><th>{_e(field.name)}</th><td>{_e(shown)}</td></tr>")
    return _wrap(
        "document",
        f'<div class="cchc-caption">{_e(str(ref))}</div>',
        f'<table class="cchc-table"><tbody>{"".join(rows)}</tbody></table>',
    )


def html(obj: object) -> str:
    """The HTML rendering of a model object.

    Raises :class:`TypeError` for anything the library does not display.
    """
    if isinstance(obj, Plan):
        return plan_html(obj)
    if isinstance(obj, Section):
        return section_html(obj)
    if isinstance(obj, Task):
        return task_html(obj)
    if isinstance(obj, Activity):
        return activity_html(obj)
    if isinstance(obj, Progress):
        return progress_html(obj)
    if isinstance(obj, SectionProgress):
        return section_progress_html(obj)
    if isinstance(obj, Tally):
        return tally_html(obj)
    if isinstance(obj, DocumentRef):
        return document_html(obj)
    raise TypeError(f"cannot display {type(obj).__name__} as HTML")


# --------------------------------------------------------------------------- #
# Markdown
# --------------------------------------------------------------------------- #

#: What Markdown (and MyST, Jupyter: ``~`` strikes through, ``$`` opens math)
#: would read as markup; ``<``, ``>`` and ``&`` are escaped as HTML.
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|#~$"})


def markdown_cell(text: str) -> str:
    """Escape ``text`` for a Markdown table cell (raw HTML is escaped too, and
    every kind of line break becomes ``<br>``)."""
    return _BREAKS.sub("<br>", _html.escape(text.translate(_MD_SPECIAL), quote=False))


_m = markdown_cell


def _md_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = [
        "| " + " | ".join(_m(c) for c in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _md_activity(act: Activity) -> list[str]:
    label = f"**{_m(act.label)}**<br>" if act.label else ""
    bucket = act.status.kind.bucket
    return [
        f"{label}{_m(act.text)}",
        f"{_m(str(act.status))} *({_m(BUCKET_LABELS[bucket])})*",
        _m(act.products),
        _m(act.explanation),
        _m(act.note),
    ]


def _md_task_rows(task: Task) -> list[list[str]]:
    # Markdown has no rowspan: the task title is shown on its first row only.
    return [
        [str(act.number), _m(task.title) if i == 0 else "", *_md_activity(act)]
        for i, act in enumerate(task.activities)
    ]


def _md_section_rows(section: Section) -> list[list[str]]:
    head = [f"**{_m(section.numeral)}**", f"**{_m(section.title)}**", "", "", "", "", ""]
    return [head] + [row for task in section.tasks for row in _md_task_rows(task)]


def _md_legend(tally: Tally) -> str:
    parts = [
        f"{BUCKET_LABELS[b]} {n}/{tally.total} ({_pct(n, tally.total)})"
        for b, n in _bucket_counts(tally)
        if n or b is not Bucket.OVERDUE
    ]
    return "Hoạt động: " + " · ".join(parts)


def markdown(obj: object) -> str:
    """The Markdown rendering of a plan, section, task, activity or progress.

    Raises :class:`TypeError` for anything else.
    """
    if isinstance(obj, Plan):
        rows = [row for s in obj.sections for row in _md_section_rows(s)]
        return "\n\n".join(
            [
                f"**{_m(obj.title)}**",
                _md_table(_COLUMNS, rows),
                _md_legend(progress(obj).activities),
            ]
        )
    if isinstance(obj, Section):
        return _md_table(_COLUMNS, _md_section_rows(obj))
    if isinstance(obj, Task):
        return _md_table(_COLUMNS, _md_task_rows(obj))
    if isinstance(obj, Activity):
        return _md_table(_COLUMNS[:1] + _COLUMNS[2:], [[str(obj.number), *_md_activity(obj)]])
    if isinstance(obj, Progress):
        return _md_progress(obj)
    raise TypeError(f"cannot display {type(obj).__name__} as Markdown")


def _md_progress(p: Progress) -> str:
    def row(numeral: str, title: str, tasks: Tally, acts: Tally) -> list[str]:
        return [
            _m(numeral),
            _m(title),
            _figure(tasks.completed, tasks.total),
            _figure(acts.completed, acts.total),
            str(acts.in_progress),
            str(acts.not_due),
            str(acts.overdue),
        ]

    rows = [row(s.numeral, s.title, s.tasks, s.activities) for s in p.sections]
    rows.append(["", "**Tổng**", *row("", "", p.tasks, p.activities)[2:]])
    parts = [
        f"**Tiến độ thực hiện** — quy tắc {_rule_caption(p.rule, _m)}",
        _md_table(_PROGRESS_COLUMNS[:-1], rows),
    ]
    if p.open_tasks:
        listed = ", ".join("{" + ", ".join(map(str, nums)) + "}" for nums in p.open_tasks)
        parts.append(f"Nhiệm vụ chưa hoàn thành (số TT): {listed}")
    return "\n\n".join(parts)
