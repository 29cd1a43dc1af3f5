"""Rich display: golden HTML/Markdown of each type, escaping, and the plain repr.

The golden files live in tests/golden/display_*. After an intended change of the
rendering, regenerate them with

    CCHC_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_display.py

and review the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given

from cchc_model import (
    Activity,
    DocumentRef,
    Plan,
    PublishedFigures,
    Section,
    Status,
    StatusKind,
    Task,
    progress,
    rules,
)
from cchc_model.display._render import html as to_html
from cchc_model.display._render import markdown as to_markdown

from .strategies import plans

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("CCHC_REGENERATE_GOLDEN") == "1"


def _act(number: int, kind: StatusKind, text: str, **kw: str) -> Activity:
    return Activity(
        number=number,
        label=kw.pop("label", f"{number}. Hoạt động {number}"),
        text=f"Nội dung hoạt động {number}",
        status=Status(kind=kind, text=text),
        **kw,
    )


def sample_plan() -> Plan:
    """A small, fixed plan with every status kind, spans of 1-3 rows and wrapped cells."""
    k = StatusKind
    report = DocumentRef.parse("Báo cáo số 73/BC-UBND ngày 11/9/2023")
    return Plan(
        title="PHỤ LỤC 1\nĐÁNH GIÁ TIẾN ĐỘ KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CCHC",
        issuer="UBND xã Thanh Xá",
        year=2023,
        reference=DocumentRef.parse("Kế hoạch số 63/KH-UBND ngày 30/12/2022"),
        report=report,
        sections=(
            Section(
                numeral="I",
                title="CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
                tasks=(
                    Task(
                        title="Ban hành Kế hoạch CCHC năm 2023",
                        activities=(
                            _act(
                                1,
                                k.COMPLETED,
                                "Hoàn thành",
                                products="Kế hoạch số 63/KH-UBND\nngày 30/12/2022",
                            ),
                        ),
                    ),
                    Task(
                        title="Thực hiện đánh giá chỉ số CCHC,\nđo lường mức độ hài lòng",
                        activities=(
                            _act(
                                2, k.AWAITING_GUIDANCE, "Thực hiện khi có KH, Hướng dẫn của huyện"
                            ),
                            _act(3, k.NOT_DUE, "Chưa đến thời điểm\nbáo cáo"),
                        ),
                    ),
                ),
            ),
            Section(
                numeral="II",
                title="CẢI CÁCH THỂ CHẾ",
                tasks=(
                    Task(
                        title="Rà soát văn bản QPPL",
                        activities=(
                            _act(4, k.ONGOING, "Đã và đang\nthực hiện"),
                            _act(5, k.IN_PROGRESS, "Đang triển khai", note="quý IV"),
                            _act(
                                6,
                                k.DELAYED,
                                "Chậm tiến độ",
                                explanation="Chờ ý kiến của huyện",
                            ),
                        ),
                    ),
                    Task(
                        title="Tuyên truyền pháp luật",
                        activities=(_act(7, k.NOT_STARTED, "Chưa thực hiện", label=""),),
                    ),
                ),
            ),
        ),
        published=PublishedFigures(tasks_total=4, tasks_completed=2),
    )


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with CCHC_REGENERATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file; if the change is intended, regenerate "
        "with CCHC_REGENERATE_GOLDEN=1 and review the diff"
    )


def _objects() -> dict[str, object]:
    plan = sample_plan()
    p = progress(plan)
    return {
        "plan": plan,
        "section": plan.sections[1],
        "task": plan.sections[1].tasks[0],
        "activity": plan.activity(1),
        "progress": p,
        "progress_strict": progress(plan, task_rule=rules.strict),
        "section_progress": p.sections[0],
        "tally": p.activities,
        "document": plan.report,
    }


@pytest.mark.parametrize("name", list(_objects()))
def test_html_golden(name: str) -> None:
    obj = _objects()[name]
    rendered = obj._repr_html_()  # type: ignore[attr-defined]
    assert rendered == to_html(obj)
    _check_golden(f"display_{name}.html", rendered + "\n")


@pytest.mark.parametrize("name", ["plan", "section", "task", "activity", "progress"])
def test_markdown_golden(name: str) -> None:
    obj = _objects()[name]
    rendered = obj._repr_markdown_()  # type: ignore[attr-defined]
    assert rendered == to_markdown(obj)
    _check_golden(f"display_{name}.md", rendered + "\n")


class _Checker(HTMLParser):
    """Collects tags and checks that every opened element is closed in order."""

    VOID = frozenset({"br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(markup: str) -> _Checker:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"
    return checker


def test_plan_layout_sections_and_task_spans() -> None:
    parsed = _parse(sample_plan()._repr_html_())
    rows = [a for t, a in parsed.tags if t == "tr"]
    assert [a.get("class") for a in rows].count("cchc-section") == 2
    spans = [
        a.get("rowspan") for t, a in parsed.tags if t == "td" and a.get("class") == "cchc-task"
    ]
    # Four tasks; those of 2 and 3 activities span their rows.
    assert spans == [None, "2", "3", None]
    status = [
        a["class"] for t, a in parsed.tags if t == "td" and "cchc-status" in (a.get("class") or "")
    ]
    buckets = [re.search(r"cchc-bucket-(\w+)", c or "").group(1) for c in status]  # type: ignore[union-attr]
    assert buckets == [
        "completed",
        "not_due",
        "not_due",
        "completed",
        "in_progress",
        "overdue",
        "overdue",
    ]


def test_statuses_coloured_by_bucket() -> None:
    markup = sample_plan()._repr_html_()
    colours = set(re.findall(r'cchc-bucket-(\w+) cchc-kind-\w+" style="background:(#\w+)', markup))
    assert len({b for b, _ in colours}) == 4
    assert len({c for _, c in colours}) == 4, "each bucket has its own colour"


def test_figures_with_percentages() -> None:
    text = " ".join(_parse(progress(sample_plan())._repr_html_()).text)
    # 2 of 7 activities completed (1 and the ongoing 4): 29 %; tasks: 1/4 completed.
    assert "2/7 (29%)" in text
    assert "1/4 (25%)" in text
    assert "Nhiệm vụ chưa hoàn thành (số TT): {2, 3}, {4, 5, 6}, {7}" in text


def test_multiline_cells_become_br() -> None:
    markup = sample_plan()._repr_html_()
    assert "Đã và đang<br>thực hiện" in markup
    assert "Kế hoạch số 63/KH-UBND<br>ngày 30/12/2022" in markup
    assert re.search(r"<td[^>]*>[^<]*\n", markup) is None, "a raw line break inside a cell"


def test_line_breaks_of_every_kind_become_br() -> None:
    # A lone CR ends a line in Markdown: left raw, it cut the table row in two.
    text = "một\rhai\r\nba\u2028bốn\x0bnăm\n"
    act = Activity(number=1, text=text, status=Status(kind=StatusKind.COMPLETED, text=text))
    expected = "một<br>hai<br>ba<br>bốn<br>năm<br>"
    plan = Plan(
        title=text,
        sections=(Section(numeral="I", title=text, tasks=(Task(title=text, activities=(act,)),)),),
    )
    for markup in (act._repr_html_(), act._repr_markdown_(), plan._repr_markdown_()):
        assert expected in markup
        assert not re.search("[\r\x0b\u2028]", markup)
    rows = [line for line in plan._repr_markdown_().split("\n") if line.startswith("|")]
    widths = {len(re.split(r"(?<!\\)\|", line)) for line in rows}
    assert len(widths) == 1


HOSTILE = "<script>alert('x')</script> & \"q\" | *b* _i_ [l](u) #h"


def _hostile_plan() -> Plan:
    act = Activity(
        number=1,
        label=HOSTILE,
        text=HOSTILE,
        status=Status(kind=StatusKind.COMPLETED, text=HOSTILE),
        products=HOSTILE,
        explanation=HOSTILE,
        note=HOSTILE,
    )
    task = Task(title=HOSTILE, activities=(act,))
    return Plan(
        title=HOSTILE,
        issuer=HOSTILE,
        sections=(Section(numeral=HOSTILE, title=HOSTILE, tasks=(task,)),),
    )


def test_escaping_hostile_text_html() -> None:
    plan = _hostile_plan()
    for obj in (
        plan,
        plan.sections[0],
        plan.sections[0].tasks[0],
        plan.activity(1),
        progress(plan),
    ):
        markup = obj._repr_html_()  # type: ignore[attr-defined]
        assert "<script>" not in markup
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in markup
        parsed = _parse(markup)
        assert not [t for t, _ in parsed.tags if t in {"script", "a", "iframe"}]
        # The text survives intact for the reader.
        assert any(HOSTILE in chunk for chunk in parsed.text)


def test_escaping_hostile_text_markdown() -> None:
    plan = _hostile_plan()
    for obj in (plan, plan.sections[0], plan.activity(1), progress(plan)):
        md = obj._repr_markdown_()  # type: ignore[attr-defined]
        assert "<script>" not in md
        assert "](u)" not in md.replace("\\](u)", "")
        # No unescaped pipe inside a cell: every row has the table's column count.
        rows = [line for line in md.splitlines() if line.startswith("|")]
        widths = {len(re.split(r"(?<!\\)\|", line)) for line in rows}
        assert len(widths) == 1


def test_plain_repr_is_unchanged() -> None:
    plan = sample_plan()
    assert repr(plan.activity(1)).startswith("Activity(number=1, ")
    assert "<table" not in repr(plan)
    assert repr(plan.report) == "<DocumentRef('Báo cáo số 73/BC-UBND ngày 11/9/2023')>"


def test_unknown_object_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="cannot display int as HTML"):
        to_html(3)
    with pytest.raises(TypeError, match="cannot display int as Markdown"):
        to_markdown(3)


@given(plans())
def test_any_plan_renders_well_formed_html(plan: Plan) -> None:
    parsed = _parse(plan._repr_html_())
    n = len(plan.activities)
    assert sum(1 for t, a in parsed.tags if t == "tr" and a.get("class") == "cchc-activity") == n
    assert sum(1 for t, a in parsed.tags if t == "td" and a.get("class") == "cchc-task") == sum(
        1 for _ in plan.tasks
    )
    # Every cell text is found back, unescaped, in the parsed document.
    joined = html.unescape(plan._repr_html_())
    for act in plan.activities:
        assert act.text.replace("\n", "<br>") in joined
    _parse(progress(plan)._repr_html_())


def test_reported_date_shown() -> None:
    markup = sample_plan()._repr_html_()
    assert "Báo cáo số 73/BC-UBND ngày 11/9/2023" in markup
    assert sample_plan().reported_on == dt.date(2023, 9, 11)


# --------------------------------------------------------------------------- #
# render_summary(..., style="paragraph")
# --------------------------------------------------------------------------- #


def test_summary_paragraph_with_overdue_and_zero_counts() -> None:
    from cchc_model import render_summary

    text = render_summary(progress(sample_plan()), style="paragraph")
    assert "\n" not in text
    assert text.endswith(".")
    assert "02 hoạt động chậm tiến độ, chưa thực hiện." in text
    done = Plan(
        title="Kế hoạch",
        sections=(
            Section(
                numeral="I",
                title="Mục",
                tasks=(Task(title="Nhiệm vụ", activities=(_act(1, StatusKind.COMPLETED, ""),)),),
            ),
        ),
    )
    assert render_summary(progress(done), style="paragraph") == (
        "Tổng số 01 nhiệm vụ và 01 hoạt động; đã thực hiện hoàn thành 01/01 nhiệm vụ, "
        "đạt 100% kế hoạch, và 01/01 hoạt động, đạt 100% kế hoạch."
    )


def test_summary_format_paragraph_style() -> None:
    import cchc_model
    from cchc_model import render_summary

    plan = sample_plan()
    assert cchc_model.dumps(plan, format="summary", style="paragraph") == render_summary(
        progress(plan), style="paragraph"
    )


def test_error_summary_style() -> None:
    from cchc_model import render_summary

    with pytest.raises(ValueError, match="style must be 'lines' or 'paragraph', got 'prose'"):
        render_summary(progress(sample_plan()), style="prose")
