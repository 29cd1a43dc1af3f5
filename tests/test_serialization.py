"""Serializers: the registry, the built-in formats, the JSON Schema."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata
import io
import json
import os
import sys
import textwrap
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cchc_model
from cchc_model import (
    Activity,
    DocumentRef,
    DocumentStyle,
    Plan,
    PublishedFigures,
    Section,
    Status,
    StatusKind,
    Task,
    find_document_refs,
    formats,
)
from cchc_model.errors import FormatError, UnknownFormat, UnknownStatus
from cchc_model.examples import thanh_xa_2023
from cchc_model.formats import _registry
from cchc_model.model.status import DEFAULT_RULES, StatusRule

from .strategies import citing_products, plans

BUILT_IN = {"json", "csv", "markdown", "html", "grid", "text", "summary"}


@pytest.fixture(autouse=True)
def _clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    # Formats a test registers must not leak into the next test.
    monkeypatch.setattr(_registry, "_REGISTERED", dict(_registry._REGISTERED))
    monkeypatch.setattr(_registry, "_LOADED", dict(_registry._LOADED))


def ref(text: str, **changes: Any) -> DocumentRef:
    import attrs

    return attrs.evolve(DocumentRef.parse(text), **changes)


def tricky_plan() -> Plan:
    """Every awkward value the formats must carry exactly."""
    return Plan(
        title="PHỤ LỤC 1\nĐÁNH GIÁ TIẾN ĐỘ",
        issuer="",
        year=None,
        reference=DocumentRef.parse("Kế hoạch số 63/KH-UBND ngày 30/12/2022"),
        report=DocumentRef(number=None, type_code="BC", issuer="UBND", source="…./BC-UBND"),
        sections=(
            Section(
                numeral="I",
                title="  Công tác chỉ đạo điều hành  ",
                tasks=(
                    Task(
                        title="Ban hành văn bản",
                        activities=(
                            Activity(
                                number=1,
                                label="1. Hoạt động 1",
                                text="Xây dựng Kế hoạch\r\nCCHC <b>năm</b> 2023 & \"x\", 'y'",
                                status=Status(kind=StatusKind.COMPLETED, text=" Hoàn thành "),
                                products=(
                                    "  Kế hoạch số 63/KH-\nUBND ngày 30/12/2022\n\n"
                                    "Nghị quyết số 27-NQ/ĐU"
                                ),
                                explanation="",
                                note="=SUM(A1:A2)",
                            ),
                        ),
                    ),
                    # The same title as the task before: still a task of its own.
                    Task(
                        title="Ban hành văn bản",
                        activities=(
                            Activity(
                                number=3,
                                label="",
                                text="| pipe | and *stars* and _under_ \\ back",
                                status=Status(kind=StatusKind.ONGOING, text=""),
                                products="Luật số 80/2015/QH13",
                                explanation="\t",
                                note=" ",
                            ),
                            Activity(
                                number=4,
                                text="ký tự \x00 NUL, \u2028 và \ufeff",
                                status=Status(kind=StatusKind.DELAYED, text="Chậm tiến độ"),
                                products="Công văn số 123/UBND-VP ngày 05/02/2023 về việc x",
                            ),
                        ),
                    ),
                ),
            ),
            Section(
                numeral="II",
                title="Cải cách thể chế",
                tasks=(
                    Task(
                        title="Rà soát",
                        activities=(
                            Activity(
                                number=7,
                                text="Rà soát văn bản",
                                status=Status(kind=StatusKind.NOT_DUE, text="Chưa đến thời điểm"),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        published=PublishedFigures(tasks_total=3, tasks_completed=None, text=""),
    )


def plans_with_documents() -> st.SearchStrategy[Plan]:
    return plans(products=citing_products())


# --------------------------------------------------------------------------- #
# The registry
# --------------------------------------------------------------------------- #


def test_available_formats_lists_the_built_in_ones() -> None:
    assert set(cchc_model.available_formats()) >= BUILT_IN
    assert cchc_model.available_formats() == sorted(cchc_model.available_formats())


def test_public_names_are_re_exported() -> None:
    for name in ("available_formats", "dumps", "loads", "register_format"):
        assert getattr(cchc_model, name) is getattr(formats, name)
        assert name in cchc_model.__all__


def test_error_unknown_format_lists_the_available_ones() -> None:
    with pytest.raises(UnknownFormat) as info:
        cchc_model.dumps(tricky_plan(), format="xml")
    message = str(info.value)
    assert message.startswith("unknown format 'xml'; available: ")
    for name in BUILT_IN:
        assert name in message
    with pytest.raises(UnknownFormat):
        cchc_model.loads("{}", format="XML")


class Upper:
    """A third-party format: the plan's title in capitals."""

    extensions = (".upper",)

    def dumps(self, plan: Plan, *, shout: bool = True) -> str:
        return plan.title.upper() if shout else plan.title

    def loads(self, data: str | bytes) -> Plan:
        text = data.decode() if isinstance(data, bytes) else data
        return Plan(title=text, sections=())


def test_register_a_format_by_call() -> None:
    cchc_model.register_format("upper", Upper())
    assert "upper" in cchc_model.available_formats()
    plan = Plan(title="Kế hoạch", sections=())
    assert cchc_model.dumps(plan, format="upper") == "KẾ HOẠCH"
    assert cchc_model.dumps(plan, format="upper", shout=False) == "Kế hoạch"
    assert cchc_model.loads(b"X", format="upper") == Plan(title="X", sections=())


def test_error_register_a_taken_name_needs_replace() -> None:
    with pytest.raises(ValueError, match="'json' is already registered"):
        cchc_model.register_format("json", Upper())
    cchc_model.register_format("json", Upper(), replace=True)
    assert cchc_model.dumps(Plan(title="a", sections=()), format="json") == "A"


@pytest.mark.parametrize("name", ["", "Upper", "a b", "-x", 3, "x" * 65])
def test_error_register_a_bad_name(name: Any) -> None:
    with pytest.raises(ValueError, match="a format name is"):
        cchc_model.register_format(name, Upper())


@pytest.mark.parametrize("serializer", [object(), Upper, "json"])
def test_error_register_something_that_is_not_a_serializer(serializer: Any) -> None:
    with pytest.raises(TypeError, match="a serializer needs dumps"):
        cchc_model.register_format("bad", serializer)


def test_error_options_a_format_does_not_take() -> None:
    with pytest.raises(TypeError, match="format 'json' does not take these options"):
        cchc_model.dumps(tricky_plan(), format="json", colour="red")


def test_serializer_protocol_is_runtime_checkable() -> None:
    assert isinstance(Upper(), formats.Serializer)
    assert not isinstance(object(), formats.Serializer)


FAKE_PLUGIN = """
from cchc_model import Plan
from cchc_model.errors import FormatError

class TitleSerializer:
    extensions = (".title",)
    def dumps(self, plan):
        return "title: " + plan.title
    def loads(self, data):
        text = data.decode() if isinstance(data, bytes) else data
        if not text.startswith("title: "):
            raise FormatError("not a title line", text=text)
        return Plan(title=text[len("title: "):], sections=())

def broken():
    raise RuntimeError("plugin is broken")
"""


@pytest.fixture
def fake_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installed distribution on sys.path declaring two formats, as pip would leave it."""
    (tmp_path / "cchc_title_plugin.py").write_text(FAKE_PLUGIN, encoding="utf-8")
    info = tmp_path / "cchc_title_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: cchc-title-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        textwrap.dedent(
            """\
            [cchc_model.formats]
            title = cchc_title_plugin:TitleSerializer
            broken = cchc_title_plugin:broken
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("cchc_title_plugin", None)


def test_register_a_format_by_entry_point(fake_distribution: Path) -> None:
    assert "cchc_title_plugin" not in sys.modules
    assert {"title", "broken"} <= set(cchc_model.available_formats())
    # Listing the formats does not import the plugin: only using it does.
    assert "cchc_title_plugin" not in sys.modules
    plan = Plan(title="Kế hoạch", sections=())
    assert cchc_model.dumps(plan, format="title") == "title: Kế hoạch"
    assert "cchc_title_plugin" in sys.modules
    assert cchc_model.loads("title: Kế hoạch", format="title") == plan
    with pytest.raises(FormatError, match="not a title line"):
        cchc_model.loads("nope", format="title")


def test_error_an_entry_point_that_fails_to_load(fake_distribution: Path) -> None:
    with pytest.raises(UnknownFormat, match="format 'broken' could not be loaded from"):
        cchc_model.dumps(Plan(title="x", sections=()), format="broken")


def test_entry_points_are_read_only_when_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = importlib.metadata.entry_points

    def spy(**kwargs: Any) -> Any:
        calls.append(kwargs["group"])
        return real(**kwargs)

    monkeypatch.setattr(importlib.metadata, "entry_points", spy)
    cchc_model.dumps(tricky_plan(), format="json")
    cchc_model.dumps(tricky_plan(), format="summary")
    assert calls == []
    with pytest.raises(UnknownFormat):
        cchc_model.dumps(tricky_plan(), format="nothing-by-this-name")
    assert calls == ["cchc_model.formats"]
    cchc_model.available_formats()
    assert calls == ["cchc_model.formats"] * 2


def test_an_entry_point_does_not_override_a_built_in(monkeypatch: pytest.MonkeyPatch) -> None:
    ep = importlib.metadata.EntryPoint(name="json", value="os:getcwd", group="cchc_model.formats")
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **kwargs: [ep])
    monkeypatch.setattr(_registry, "_LOADED", {})
    assert cchc_model.loads(cchc_model.dumps(tricky_plan())) == tricky_plan()


# --------------------------------------------------------------------------- #
# Size cap, bytes and encodings (every format)
# --------------------------------------------------------------------------- #


def test_error_input_over_the_size_cap() -> None:
    text = cchc_model.dumps(tricky_plan())
    with pytest.raises(FormatError) as info:
        cchc_model.loads(text, max_size=100)
    assert f"input of {len(text):,} characters is larger than the size limit of 100" in str(
        info.value
    )
    with pytest.raises(FormatError, match="bytes is larger than the size limit"):
        cchc_model.loads(text.encode(), format="csv", max_size=10)
    assert cchc_model.loads(text, max_size=None) == tricky_plan()
    assert formats.MAX_INPUT_SIZE == 64 * 1024 * 1024


def test_error_loads_of_something_that_is_not_text() -> None:
    with pytest.raises(TypeError, match="loads\\(\\) takes str or bytes, got dict"):
        cchc_model.loads({"format": "cchc-model/plan"})  # type: ignore[arg-type]


def test_error_loads_of_a_path_says_use_read(tmp_path: Path) -> None:
    with pytest.raises(TypeError) as type_info:
        cchc_model.loads(tmp_path / "ke-hoach.json")  # type: ignore[arg-type]
    assert str(type_info.value) == (
        f"loads() reads text or bytes, not a file: to read {str(tmp_path / 'ke-hoach.json')!r}, "
        "use cchc_model.read(path)"
    )
    with pytest.raises(FormatError) as info:
        cchc_model.loads("bao-cao.xlsx", format="xlsx")
    assert str(info.value) == (
        "input: loads() reads the text of a file, not its name: to read the file "
        "'bao-cao.xlsx', use cchc_model.read(path)"
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "sheet", "xlsx", "docx", "pdf"])
@pytest.mark.parametrize("data", ["", b"", b"\xef\xbb\xbf", " \r\n\t"])
def test_error_empty_input(fmt: str, data: str | bytes) -> None:
    if fmt == "pdf":
        pytest.importorskip("pdfplumber")
    with pytest.raises(FormatError) as info:
        cchc_model.loads(data, format=fmt)
    what = "nothing" if data in ("", b"") else "only blank space"
    assert str(info.value) == f"empty input: {what} to read as {fmt!r}"


@pytest.mark.parametrize("name", ["ke-hoach.json", "phu-luc.csv", "phu-luc.xlsx", "phu-luc.docx"])
def test_error_empty_file_names_the_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    fmt = formats.format_for_path(path)
    with pytest.raises(FormatError) as info:
        cchc_model.read(path)
    assert str(info.value) == f"{path}: empty input: nothing to read as {fmt!r}"


_FORMATS_READ = (
    "cchc-model reads .json, .csv, .tsv, .xlsx, .docx, .pdf; {how}, or name the format with "
    "format=... (formats: {formats})"
)


@pytest.mark.parametrize(
    ("name", "start", "how"),
    [
        ("bao-cao.xls", "cannot read '.xls' files", "save the workbook as .xlsx (or .csv)"),
        ("bao-cao.ods", "cannot read '.ods' files", "save the workbook as .xlsx (or .csv)"),
        ("bao-cao.doc", "cannot read '.doc' files", "save the document as .docx"),
        ("bao-cao.odt", "cannot read '.odt' files", "save the document as .docx"),
        (
            "bao-cao.numbers",
            "cannot read '.numbers' files",
            "save it as .xlsx, .csv or .docx in the program that made it",
        ),
        (
            "bao-cao",
            "cannot read a file without an extension",
            "save it as .xlsx, .csv or .docx in the program that made it",
        ),
    ],
)
def test_error_unreadable_extension_says_what_reads_and_how_to_convert(
    tmp_path: Path, name: str, start: str, how: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(UnknownFormat) as info:
        cchc_model.read(path)
    formats = ", ".join(cchc_model.available_formats())
    assert str(info.value) == f"{path}: {start}: {_FORMATS_READ.format(how=how, formats=formats)}"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_bytes_with_and_without_bom_and_bytearray(fmt: str) -> None:
    text = cchc_model.dumps(tricky_plan(), format=fmt)
    assert isinstance(text, str)
    for data in (text.encode(), b"\xef\xbb\xbf" + text.encode(), bytearray(text.encode())):
        assert cchc_model.loads(data, format=fmt) == tricky_plan()  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_bytes_in_utf16_with_a_byte_order_mark(fmt: str, encoding: str) -> None:
    # Excel's "Unicode Text" and Notepad's "Unicode" are UTF-16 after a byte-order mark.
    text = str(cchc_model.dumps(tricky_plan(), format=fmt))
    data = ("\ufeff" + text).encode(encoding) if encoding.endswith("be") else text.encode(encoding)
    assert cchc_model.loads(data, format=fmt) == tricky_plan()


def test_error_csv_in_a_legacy_code_page_says_how_to_save_it() -> None:
    data = str(cchc_model.dumps(tricky_plan(), format="csv")).encode("cp1258", errors="replace")
    with pytest.raises(FormatError) as info:
        cchc_model.loads(data, format="csv")
    assert info.value.reason.startswith("not UTF-8 text: byte ")
    assert info.value.reason.endswith("; in Excel, save it as 'CSV UTF-8 (Comma delimited)'")


def test_error_broken_utf16() -> None:
    data = "\ufeff[".encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    with pytest.raises(FormatError, match="not UTF-16 text: byte 4 \\(line 1\\)"):
        cchc_model.loads(data)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_error_bytes_that_are_not_utf8(fmt: str) -> None:
    data = cchc_model.dumps(tricky_plan(), format=fmt).encode()  # type: ignore[union-attr]
    bad = data[:20] + b"\n\xff" + data[20:]
    with pytest.raises(FormatError, match="not UTF-8 text: byte 21 \\(line 2\\) is b'\\\\xff'"):
        cchc_model.loads(bad, format=fmt)


# --------------------------------------------------------------------------- #
# json
# --------------------------------------------------------------------------- #


def test_json_round_trip_is_exact() -> None:
    plan = tricky_plan()
    text = cchc_model.dumps(plan, format="json")
    back = cchc_model.loads(text, format="json")
    assert back == plan
    # Equality of DocumentRef ignores the source text: check it separately.
    docs = [d for a in plan.activities for d in a.documents]
    assert [d.source for a in back.activities for d in a.documents] == [d.source for d in docs]
    assert back.report is not None
    assert back.report.source == "…./BC-UBND"
    assert cchc_model.dumps(back, format="json") == text


@given(plans_with_documents())
def test_json_round_trip_of_generated_plans(plan: Plan) -> None:
    text = cchc_model.dumps(plan, format="json")
    back = cchc_model.loads(text, format="json")
    assert back == plan
    assert cchc_model.dumps(back, format="json") == text


def test_json_options() -> None:
    plan = tricky_plan()
    pretty = cchc_model.dumps(plan, format="json", indent=2)
    assert isinstance(pretty, str)
    assert pretty.startswith('{\n  "format": "cchc-model/plan",\n  "version": 2,')
    assert "Kế hoạch" in pretty
    ascii_only = cchc_model.dumps(plan, format="json", ensure_ascii=True)
    assert isinstance(ascii_only, str)
    assert ascii_only.isascii()
    assert cchc_model.loads(pretty) == cchc_model.loads(ascii_only) == plan


def test_json_documents_keep_their_style() -> None:
    plan = tricky_plan()
    back = cchc_model.loads(cchc_model.dumps(plan))
    styles = [d.style for a in back.activities for d in a.documents]
    assert styles == [
        DocumentStyle.ADMINISTRATIVE,
        DocumentStyle.PARTY,
        DocumentStyle.LEGAL,
        DocumentStyle.CONG_VAN,
    ]
    assert all(type(s) is DocumentStyle for s in styles)


def _doc() -> dict[str, Any]:
    return json.loads(cchc_model.dumps(tricky_plan()))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty input: nothing to read as 'json'"),
        ('{"format": "cchc-model/plan",\n "version": 1,\n "plan": {', "line 3"),
        ("[" * 100_000, "json input: malformed JSON: nested too deeply"),
        ('{"a": NaN}', "json input: NaN is not valid JSON"),
        ("1" * 5000, "json input: malformed JSON: Exceeds the limit"),
        ("[]", "$: expected a JSON object, got list"),
        ('{"format": "other", "version": 1, "plan": {}}', "$.format: not a cchc-model plan"),
        ('{"format": "cchc-model/plan", "version": 3, "plan": {}}', "$.version: unsupported"),
        ('{"format": "cchc-model/plan", "version": true, "plan": {}}', "$.version: 'version'"),
        ('{"format": "cchc-model/plan", "version": 1}', "$: the 'plan' member is missing"),
    ],
)
def test_error_malformed_json(text: str, message: str) -> None:
    with pytest.raises(FormatError) as info:
        cchc_model.loads(text, format="json")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("sections", 0, "tasks", 0, "activities", 0, "number"), "1", "expected an integer"),
        (("sections", 0, "tasks", 0, "activities", 0, "text"), " ", "text must not be empty"),
        (("sections", 0, "tasks", 0, "activities", 0, "status", "kind"), "done", "'done'"),
        (("reference", "style"), "x", "'x'"),
        (("reference", "issued_on"), "2023-02-31", "not an ISO date"),
        (("sections", 0, "tasks", 1, "activities", 1, "number"), 3, "TT 3 appears twice"),
        (("sections", 0, "tasks"), [], "a section needs at least one task"),
        (("year",), 20.5, "expected an integer"),
    ],
)
def test_error_wrong_fields_name_the_path(path: tuple[Any, ...], value: Any, message: str) -> None:
    doc = _doc()
    node = doc["plan"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(FormatError) as info:
        cchc_model.loads(json.dumps(doc))
    assert message in str(info.value)
    assert str(info.value).startswith("$.plan")


def test_json_format_and_converters_agree() -> None:
    from cchc_model.formats.converters import from_document

    doc = _doc()
    assert cchc_model.loads(json.dumps(doc)) == from_document(doc) == tricky_plan()
    doc["plan"]["extra"] = 1
    with pytest.raises(FormatError, match="extra"):
        cchc_model.loads(json.dumps(doc))


def test_dumps_of_something_that_is_not_a_plan() -> None:
    with pytest.raises(TypeError, match="the 'json' format writes a Plan, got dict"):
        cchc_model.dumps({}, format="json")


# --------------------------------------------------------------------------- #
# summary
# --------------------------------------------------------------------------- #


def test_summary_of_a_plan_and_of_a_progress() -> None:
    plan = tricky_plan()
    text = cchc_model.dumps(plan, format="summary")
    assert text == cchc_model.render_summary(cchc_model.progress(plan))
    assert cchc_model.dumps(cchc_model.progress(plan), format="summary") == text
    strict = cchc_model.dumps(plan, format="summary", task_rule="strict")
    with pytest.warns(DeprecationWarning, match="task_rule"):  # the former name
        assert cchc_model.dumps(plan, format="summary", rule="strict") == strict
    with pytest.raises(TypeError, match="task_rule= only"):
        cchc_model.dumps(plan, format="summary", rule="strict", task_rule="strict")
    assert strict == cchc_model.render_summary(
        cchc_model.progress(plan, task_rule=cchc_model.rules.strict)
    )
    with pytest.raises(ValueError, match="unknown task rule 'most'"):
        cchc_model.dumps(plan, format="summary", task_rule="most")


def test_error_summary_only_writes() -> None:
    with pytest.raises(FormatError, match="the 'summary' format only writes"):
        cchc_model.loads("Tổng số 25 nhiệm vụ", format="summary")


def test_dates_survive_in_references() -> None:
    back = cchc_model.loads(cchc_model.dumps(tricky_plan()))
    assert back.reference is not None
    assert back.reference.issued_on == dt.date(2022, 12, 30)


# --------------------------------------------------------------------------- #
# csv
# --------------------------------------------------------------------------- #

CSV_HEADER = (
    "section,section_title,task,task_title,number,label,text,status_kind,status_text,status_override,"
    "products,"
    "documents,explanation,note,plan_title,plan_issuer,plan_year,plan_reference,plan_report,"
    "plan_published,plan_status_rules"
)


def test_csv_round_trip_is_exact() -> None:
    plan = tricky_plan()
    text = cchc_model.dumps(plan, format="csv")
    assert isinstance(text, str)
    assert text.startswith(CSV_HEADER + "\r\n")
    back = cchc_model.loads(text, format="csv")
    assert back == plan
    # Sources of references are not part of equality: compare the JSON forms.
    assert cchc_model.dumps(back, format="json") == cchc_model.dumps(plan, format="json")
    assert cchc_model.dumps(back, format="csv") == text


def test_csv_rows_and_plan_columns() -> None:
    import csv
    import io

    text = cchc_model.dumps(tricky_plan(), format="csv")
    rows = list(csv.DictReader(io.StringIO(str(text), newline="")))
    assert [r["number"] for r in rows] == ["1", "3", "4", "7"]
    assert [(r["section"], r["task"]) for r in rows] == [
        ("I", "1"),
        ("I", "2"),
        ("I", "2"),
        ("II", "1"),
    ]
    assert rows[0]["plan_title"] == "PHỤ LỤC 1\nĐÁNH GIÁ TIẾN ĐỘ"
    assert rows[0]["plan_year"] == ""
    assert rows[0]["plan_issuer"] == ""
    assert json.loads(rows[0]["plan_published"])["tasks_completed"] is None
    assert all(r["plan_title"] == "" for r in rows[1:])
    assert rows[1]["documents"].startswith('[{"number":80,')
    assert rows[3]["documents"] == "[]"
    assert rows[0]["status_text"] == " Hoàn thành "
    assert rows[1]["status_text"] == ""
    assert rows[1]["status_kind"] == "ongoing"


def test_csv_bom_for_excel() -> None:
    text = cchc_model.dumps(tricky_plan(), format="csv", bom=True)
    assert isinstance(text, str)
    assert text.startswith("\ufeff" + CSV_HEADER)
    assert cchc_model.loads(text, format="csv") == tricky_plan()
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbfsection,")


def test_csv_plan_without_sections() -> None:
    plan = Plan(title="Trống", issuer="UBND", year=2023, sections=())
    text = cchc_model.dumps(plan, format="csv")
    assert cchc_model.loads(text, format="csv") == plan


def test_csv_columns_in_another_order_and_blank_rows() -> None:
    import csv
    import io

    text = str(cchc_model.dumps(tricky_plan(), format="csv"))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    shuffled = io.StringIO(newline="")
    writer = csv.writer(shuffled)
    for row in rows:
        writer.writerow(list(reversed(row)))
    writer.writerow([""] * len(rows[0]))
    assert cchc_model.loads(shuffled.getvalue() + "\r\n", format="csv") == tricky_plan()


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_saved_by_a_spreadsheet_with_another_list_separator(delimiter: str) -> None:
    # Excel in a Vietnamese (or most European) locale saves "CSV" with ';'.
    import csv
    import io

    text = str(cchc_model.dumps(tricky_plan(), format="csv"))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    resaved = io.StringIO(newline="")
    csv.writer(resaved, delimiter=delimiter, quoting=csv.QUOTE_ALL).writerows(rows)
    assert cchc_model.loads("\ufeff" + resaved.getvalue(), format="csv") == tricky_plan()


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_written_with_another_delimiter(delimiter: str) -> None:
    text = cchc_model.dumps(tricky_plan(), format="csv", delimiter=delimiter, bom=True)
    assert isinstance(text, str)
    assert text.startswith("\ufeff" + CSV_HEADER.replace(",", delimiter) + "\r\n")
    assert cchc_model.loads(text, format="csv") == tricky_plan()


def test_error_csv_delimiter_not_supported() -> None:
    with pytest.raises(ValueError, match=r"delimiter must be one of ',', ';', '\\t', got '\|'"):
        cchc_model.dumps(tricky_plan(), format="csv", delimiter="|")


def test_csv_empty_columns_a_spreadsheet_added_are_ignored() -> None:
    # Cells touched right of the table: Excel saves them as unnamed, empty columns.
    import csv
    import io

    text = str(cchc_model.dumps(tricky_plan(), format="csv"))
    padded = io.StringIO(newline="")
    csv.writer(padded).writerows(
        [*row, "", ""] for row in csv.reader(io.StringIO(text, newline=""))
    )
    assert cchc_model.loads(padded.getvalue(), format="csv") == tricky_plan()


def test_csv_empty_status_kind_is_classified_from_the_status_text() -> None:
    # Someone edits the Tiến độ text in a spreadsheet and clears the kind beside it.
    def change(rows: list[dict[str, str]]) -> None:
        rows[0]["status_text"], rows[0]["status_kind"] = "Đang triển khai thực hiện", ""
        rows[1]["status_text"], rows[1]["status_kind"] = "Chưa đến thời điểm thực hiện", ""
        rows[1]["status_override"] = ""  # a deliberate override would still win

    plan = cchc_model.loads(_csv_with(change), format="csv")
    assert plan.activity(1).status == Status(
        kind=StatusKind.IN_PROGRESS, text="Đang triển khai thực hiện"
    )
    assert plan.activity(3).status.kind is StatusKind.NOT_DUE


def test_csv_empty_status_kind_with_the_callers_status_rules() -> None:
    from cchc_model.model.status import DEFAULT_RULES, StatusRule

    def change(rows: list[dict[str, str]]) -> None:
        rows[0]["status_text"], rows[0]["status_kind"] = "Tạm dừng", ""

    data = _csv_with(change)
    with pytest.raises(UnknownStatus, match="no status rule matches 'Tạm dừng'"):
        cchc_model.loads(data, format="csv")
    rules = DEFAULT_RULES.prepend(StatusRule("Tạm dừng", StatusKind.DELAYED))
    plan = cchc_model.loads(data, format="csv", status_rules=rules)
    assert plan.activity(1).status == Status(kind=StatusKind.DELAYED, text="Tạm dừng")


def test_csv_empty_documents_are_read_from_the_products_text() -> None:
    # Someone edits the products in a spreadsheet and clears the documents beside it.
    products = "Kế hoạch số 05/KH-UBND ngày\n19/01/2023; Quyết định số 18/QĐ-BCĐ"

    def change(rows: list[dict[str, str]]) -> None:
        rows[0]["products"], rows[0]["documents"] = products, ""
        rows[1]["products"], rows[1]["documents"] = "Báo cáo kết quả", ""

    plan = cchc_model.loads(_csv_with(change), format="csv")
    assert plan.activity(1).documents == tuple(m.ref for m in find_document_refs(products))
    assert [d.symbol for d in plan.activity(1).documents] == ["05/KH-UBND", "18/QĐ-BCĐ"]
    assert plan.activity(3).documents == ()
    # An activity that cites nothing is written "[]", so it is never re-read.
    assert cchc_model.loads(cchc_model.dumps(plan, format="csv"), format="csv") == plan


@given(plans_with_documents())
def test_csv_round_trip_of_generated_plans(plan: Plan) -> None:
    text = cchc_model.dumps(plan, format="csv")
    back = cchc_model.loads(text, format="csv")
    assert back == plan
    assert cchc_model.dumps(back, format="json") == cchc_model.dumps(plan, format="json")


# Any text in NFC: every reader gives NFC (a compatibility ideograph such as U+F900
# comes back as its canonical form), and nothing else of the text changes.
_ANY_TEXT = st.text(max_size=12).map(lambda t: unicodedata.normalize("NFC", t))


def _nfc(text: str) -> str:
    # Joined NFC texts are not always NFC ("t" and a combining dot make "ṫ").
    return unicodedata.normalize("NFC", text)


@given(
    st.lists(st.tuples(_ANY_TEXT, _ANY_TEXT, _ANY_TEXT, _ANY_TEXT), min_size=1, max_size=4),
    _ANY_TEXT,
)
def test_csv_carries_any_text_exactly(cells: list[tuple[str, str, str, str]], issuer: str) -> None:
    # Whatever characters a cell holds (\r, \n, quotes, commas, NUL, spaces), it comes back.
    activities = tuple(
        Activity(
            number=i,
            label=label,
            text=_nfc("x" + text),
            status=Status(kind=StatusKind.IN_PROGRESS, text=status),
            products=products,
            note=_nfc(label + products),
        )
        for i, (label, text, status, products) in enumerate(cells, start=1)
    )
    plan = Plan(
        title=_nfc("t" + issuer),
        issuer=issuer,
        sections=(
            Section(
                numeral="I",
                title=_nfc("s" + issuer),
                tasks=(Task(title="t", activities=activities),),
            ),
        ),
    )
    for fmt in ("csv", "json"):
        assert cchc_model.loads(cchc_model.dumps(plan, format=fmt), format=fmt) == plan


def _csv_with(change: Any) -> str:
    import csv
    import io

    text = str(cchc_model.dumps(tricky_plan(), format="csv"))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    change(rows)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _set(row: int, column: str, value: str) -> Any:
    def change(rows: list[dict[str, str]]) -> None:
        rows[row][column] = value

    return change


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "empty input: nothing to read as 'csv'"),
        (CSV_HEADER + "\r\n", "csv: no rows under the header"),
        ("a,b\r\n1,2\r\n", "csv line 1: not a cchc-model plan CSV: missing column(s) ['section',"),
        (CSV_HEADER + ",extra\r\n", "unknown column(s) ['extra']"),
        (CSV_HEADER + ",note\r\n", "repeated column(s) ['note']"),
        (
            _csv_with(
                lambda rows: [r.update({"": "ghi chú" if r is rows[2] else ""}) for r in rows]
            ),
            "csv line 9: a column without a name in the header holds 'ghi chú'",
        ),
        (CSV_HEADER + '\r\nI,"ab"c', "csv line 2: malformed CSV: ',' expected after '\"'"),
        (CSV_HEADER + "\r\nI,x,1\r\n", "csv line 2: expected 21 fields as in the header, got 3"),
        ('"' * 1000, "csv line 1: not a cchc-model plan CSV: missing column(s)"),
        (
            _csv_with(_set(0, "number", "1.0")),
            "csv line 2, column number: expected a whole number, got '1.0'",
        ),
        (
            _csv_with(_set(1, "number", "１")),
            "csv line 8, column number: expected a whole number, got '１'",
        ),
        (
            _csv_with(_set(0, "status_override", "done")),
            "csv line 2, column status_override: 'done' is not a status kind (completed, ongoing",
        ),
        (
            _csv_with(
                _set(
                    0, "plan_reference", '{"number":1,"type_code":"KH","issuer":"UBND","style":"x"}'
                )
            ),
            "csv line 2, column plan_reference: plan_reference.style: invalid value: 'x' is not"
            " a valid DocumentStyle",
        ),
        (
            _csv_with(_set(0, "plan_published", '{"tasks_total": -2}')),
            "csv line 2, column plan_published: invalid value: tasks_total must be a count",
        ),
        (
            _csv_with(_set(0, "plan_year", "23")),
            "csv line 2, plan: year must be a year from 1945 to 2199 or None, got 23",
        ),
        (
            _csv_with(_set(0, "plan_year", "2023a")),
            "csv line 2, column plan_year: expected a whole number, got '2023a'",
        ),
        (_csv_with(_set(0, "plan_title", "")), "csv line 2, plan: title must not be empty"),
        (
            _csv_with(_set(2, "plan_title", "x")),
            "csv line 9, column plan_title: the plan's columns are read from the first row only",
        ),
        (_csv_with(_set(0, "text", "  ")), "csv line 2, activity 1: text must not be empty"),
        (
            _csv_with(_set(2, "task_title", "Khác")),
            "csv line 9, column task_title: task 2 has another title on line 8",
        ),
        (
            _csv_with(_set(2, "section_title", "Khác")),
            "csv line 9, column section_title: section 'I' has another title on line 2",
        ),
        (_csv_with(_set(2, "number", "3")), "csv line 8, task: TT 3 appears twice"),
        (
            _csv_with(_set(3, "section", "I")),
            "csv line 10, column section_title: section 'I' has another title",
        ),
        (_csv_with(_set(2, "number", "2")), "TT 2 follows TT 3; TT must increase within a section"),
        (
            _csv_with(_set(2, "task", "1")),
            "csv line 9, column task: task 1 of section 'I' appears again",
        ),
        (
            _csv_with(_set(2, "task", "x")),
            "csv line 9, column task: expected a whole number, got 'x'",
        ),
    ],
)
def test_error_malformed_csv(data: str, message: str) -> None:
    with pytest.raises(FormatError) as info:
        cchc_model.loads(data, format="csv")
    assert message in str(info.value)


# --------------------------------------------------------------------------- #
# Tables: markdown, html, grid, text
# --------------------------------------------------------------------------- #

GOLDEN = Path(__file__).parent / "golden" / "formats"
#: Set CCHC_UPDATE_GOLDEN=1 to rewrite the golden files from the current output
#: (then review the diff with git before committing it).
UPDATE_GOLDEN = bool(os.environ.get("CCHC_UPDATE_GOLDEN"))
GOLDEN_SUFFIX = {"markdown": "md", "html": "html", "grid": "txt", "text": "txt", "summary": "txt"}


def _example() -> Plan:
    from cchc_model.examples import thanh_xa_2023

    return thanh_xa_2023()


GOLDEN_PLANS = {"thanh_xa_2023": _example, "tricky": tricky_plan}


@pytest.mark.parametrize("fmt", sorted(GOLDEN_SUFFIX))
@pytest.mark.parametrize("name", sorted(GOLDEN_PLANS))
def test_golden_tables(name: str, fmt: str) -> None:
    rendered = cchc_model.dumps(GOLDEN_PLANS[name](), format=fmt)
    assert isinstance(rendered, str)
    path = GOLDEN / f"{name}.{fmt}.{GOLDEN_SUFFIX[fmt]}"
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rendered.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run with CCHC_UPDATE_GOLDEN=1 to create it"
    assert rendered == path.read_bytes().decode("utf-8"), (
        f"{fmt} output of {name} differs from {path.name}; if the change is intended, "
        "rerun with CCHC_UPDATE_GOLDEN=1 and review the diff"
    )


def test_example_tables_show_the_appendix() -> None:
    plan = _example()
    grid = str(cchc_model.dumps(plan, format="grid"))
    for header in ("TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ", "Sản phẩm", "Giải trình"):
        assert header in grid
    md = str(cchc_model.dumps(plan, format="markdown"))
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 7 + 38  # header, a row per section, a row per activity
    summary = cchc_model.dumps(plan, format="summary")
    assert "20/25" in summary
    assert "80%" in summary
    assert "30/38" in summary
    assert "79%" in summary


def _md_rows(plan: Plan) -> list[list[str]]:
    md = str(cchc_model.dumps(plan, format="markdown", title=False))
    lines = md.splitlines()
    assert lines[0].startswith("| TT ")
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines[2:]]


def test_tables_layout_section_rows_and_task_once_per_span() -> None:
    rows = _md_rows(tricky_plan())
    assert [r[0] for r in rows] == ["**I**", "1", "3", "4", "**II**", "7"]
    assert rows[0][1] == "**Công tác chỉ đạo điều hành**"
    # Task of activities 3 and 4: its text on its first row only. The task
    # before it has the same title, and still shows it on its own row.
    assert [r[1] for r in rows[1:4]] == ["Ban hành văn bản", "Ban hành văn bản", ""]
    assert rows[1][2].startswith("1. Hoạt động 1<br>Xây dựng Kế hoạch<br>CCHC")
    assert rows[1][3] == "Hoàn thành"
    assert rows[2][3] == "ongoing"  # no text: the kind


def test_html_escapes_all_text() -> None:
    evil = "<script>alert('x')</script> & \"q\""
    act = Activity(
        number=1,
        label=evil,
        text=evil,
        status=Status(kind=StatusKind.COMPLETED, text=evil),
        products=evil,
        explanation=evil,
        note=evil,
    )
    plan = Plan(
        title=evil,
        sections=(
            Section(numeral="<I>", title=evil, tasks=(Task(title=evil, activities=(act,)),)),
        ),
    )
    out = str(cchc_model.dumps(plan, format="html"))
    assert "<script>" not in out
    assert "<I>" not in out
    assert (
        out.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;") == 10
    )  # the page's <title>, the caption, the section, task, status, products, ...
    md = str(cchc_model.dumps(plan, format="markdown"))
    assert "<script>" not in md
    assert "\\|" not in md.replace("\\<", "")  # no stray pipe inside a cell
    assert md.count("&lt;script&gt;") == 9


def test_markdown_escapes_pipes_and_markup() -> None:
    rows = _md_rows(tricky_plan())
    assert rows[2][2] == "\\| pipe \\| and \\*stars\\* and \\_under\\_ \\\\ back"


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("~~gạch~~ 50~80%", "\\~\\~gạch\\~\\~ 50\\~80%"),  # no strikethrough
        ("$x$ và $y$", "\\$x\\$ và \\$y\\$"),  # no math in MyST or Jupyter
        ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1<br>dòng 2<br>dòng 3"),  # a CR ends a row too
        ("<b>'q' & \"q\"</b>", "&lt;b&gt;'q' &amp; \"q\"&lt;/b&gt;"),
    ],
)
def test_markdown_cells_of_the_format_and_the_display_agree(text: str, cell: str) -> None:
    plan = tricky_plan()
    changed = plan.with_activity(plan.sections[0].tasks[0].activities[0].number, products=text)
    assert _md_rows(changed)[1][4] == cell
    assert f"| {cell} |" in changed._repr_markdown_()


def test_tables_drop_invisible_characters_and_keep_line_breaks() -> None:
    rows = _md_rows(tricky_plan())
    assert rows[3][2] == "ký tự  NUL,<br>và"
    grid = str(cchc_model.dumps(tricky_plan(), format="grid"))
    widths = {len(line) for line in grid.splitlines() if line.startswith(("|", "+"))}
    assert len(widths) == 1  # every line of the grid is as wide: the columns line up


def test_tables_options() -> None:
    plan = tricky_plan()
    assert not str(cchc_model.dumps(plan, format="grid", title=False)).startswith("PHỤ LỤC")
    unwrapped = str(cchc_model.dumps(plan, format="text", wrap=False))
    assert "| pipe | and *stars* and _under_ \\ back" in unwrapped


@pytest.mark.parametrize("fmt", ["markdown", "html", "grid", "text", "summary"])
def test_error_tables_only_write(fmt: str) -> None:
    text = cchc_model.dumps(tricky_plan(), format=fmt)
    with pytest.raises(FormatError, match=f"the '{fmt}' format only writes"):
        cchc_model.loads(text, format=fmt)


@given(plans())
def test_tables_render_any_plan(plan: Plan) -> None:
    rows = _md_rows(plan)
    assert len(rows) == len(plan.sections) + len(plan.activities)
    page = str(cchc_model.dumps(plan, format="html"))
    assert page.count("<tr") == len(rows) + 1


# --------------------------------------------------------------------------- #
# JSON Schema
# --------------------------------------------------------------------------- #


@pytest.fixture(scope="module")
def validator() -> Any:
    import jsonschema

    schema = formats.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_schema_is_a_fresh_dict_each_time() -> None:
    schema = formats.json_schema()
    schema["title"] = "changed"
    assert formats.json_schema()["title"] == "cchc-model plan, version 2"


def test_the_bundled_example_validates(validator: Any) -> None:
    validator.validate(json.loads(str(cchc_model.dumps(_example()))))
    # The data file itself, as shipped.
    from importlib import resources

    raw = resources.files("cchc_model").joinpath("_data/thanh_xa_2023.json").read_text("utf-8")
    validator.validate(json.loads(raw))


@given(plans_with_documents())
def test_every_dumped_plan_validates(validator: Any, plan: Plan) -> None:
    validator.validate(json.loads(str(cchc_model.dumps(plan))))


def test_tricky_plan_validates(validator: Any) -> None:
    validator.validate(_doc())


def _set_path(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


ACT = ("plan", "sections", 0, "tasks", 0, "activities", 0)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("version",), 3),
        (("format",), "other"),
        (("plan",), KeyError),
        (("extra",), 1),
        (("plan", "title"), "  "),
        (("plan", "year"), "2023"),
        (("plan", "sections", 0, "tasks"), []),
        (("plan", "sections", 0, "tasks", 0, "activities"), {}),
        ((*ACT, "number"), 0),
        ((*ACT, "number"), 1.5),
        ((*ACT, "text"), KeyError),
        ((*ACT, "status", "kind"), "done"),
        ((*ACT, "colour"), "red"),
        (("plan", "published", "tasks_total"), "3"),
        (("plan", "published", "tasks_total"), -3),
        (("plan", "published", "activities_percent"), 101),
        (("plan", "year"), 23),
    ],
)
def test_broken_documents_do_not_validate_nor_load(
    validator: Any, path: tuple[Any, ...], value: Any
) -> None:
    import jsonschema

    doc = _set_path(_doc(), path, value)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(doc)
    with pytest.raises(FormatError):
        cchc_model.loads(json.dumps(doc))


def test_schema_names_every_field_of_the_model() -> None:
    # The schema is written by hand: it must follow the model's fields.
    import attrs

    defs = formats.json_schema()["$defs"]
    for cls in (Plan, Section, Task, Activity, Status, DocumentRef, PublishedFigures):
        fields = attrs.fields(cls)
        names = [f.name for f in fields]
        if cls is Activity:  # the derived documents are written after the fields
            names.append("documents")
        if cls is Status:  # the mark of a deliberate kind, written only where needed
            names.append("override")
        assert list(defs[cls.__name__]["properties"]) == names, cls
        # The kind of a status may be left out: the text is the source.
        required = [f.name for f in fields if f.default is attrs.NOTHING and cls is not Status]
        assert defs[cls.__name__].get("required", []) == required, cls
    kinds = defs["Status"]["properties"]["kind"]["enum"]
    assert kinds == [*(k.value for k in StatusKind), None]  # null: the text gives it
    styles = defs["DocumentRef"]["properties"]["style"]["enum"]
    assert styles == [s.value for s in DocumentStyle]


# --------------------------------------------------------------------------- #
# The json format refuses what the model refuses, naming the path
# --------------------------------------------------------------------------- #

BREAKS = [
    # (path in the plan body, value, what the converters say)
    (("sections", 1, "numeral"), "I", "section I appears twice"),
    (("sections", 0, "tasks", 0, "activities", 0, "number"), 0, "positive int"),
    (("sections", 0, "tasks", 0, "activities", 0, "number"), True, "expected an integer"),
    (("sections", 0, "tasks", 1, "activities", 1, "number"), 2, "must increase"),
    (("sections", 0, "tasks", 1, "activities", 1, "number"), 3, "appears twice"),
    (("sections", 0, "tasks", 1, "activities", 0, "number"), 1, "appears twice"),
    (("sections", 0, "tasks", 0, "title"), " \n", "title must not be empty"),
    (("sections", 0, "tasks", 0, "activities"), [], "at least one activity"),
    (("sections", 0, "tasks", 0, "activities"), {}, "expected a JSON array, got dict"),
    (("sections", 0, "tasks"), [], "at least one task"),
    (("sections", 0, "numeral"), "", "numeral must not be empty"),
    (("sections", 0, "tasks", 0, "activities", 0, "status", "text"), None, "expected a string"),
    (("sections", 0, "tasks", 0, "activities", 0, "status", "extra"), 1, "extra fields"),
    (("sections", 0, "tasks", 0, "activities", 0, "label"), 1, "expected a string"),
    (("title",), "\t", "title must not be empty"),
    (("year",), True, "expected an integer"),
    (("year",), 23, "year must be a year from 1945 to 2199"),
    (("published", "tasks_total"), 1.5, "expected an integer"),
    (("published", "tasks_total"), -1, "tasks_total must be a count"),
    (("published", "activities_percent"), 790, "must be a percent from 0 to 100"),
    (("reference", "number"), 1_000_000, "number must be an int from 1 to 999999"),
    (("reference", "issued_on"), "1900-01-01", "issued_on must be a date from 1945"),
]


@pytest.mark.parametrize(("path", "value", "message"), BREAKS)
def test_error_json_refuses_what_the_model_refuses(
    path: tuple[Any, ...], value: Any, message: str
) -> None:
    doc = _doc()
    node = doc["plan"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(FormatError) as info:
        cchc_model.loads(json.dumps(doc))
    assert message in str(info.value)
    assert str(info.value).startswith("$.plan")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda rows: rows[0].update(status_text="Xong rồi", status_kind="completed"),
            "csv line 2, column status_text: no status rule matches 'Xong rồi'",
        ),
        (
            lambda rows: rows[1].update(status_text="", status_override=""),
            "csv line 8, column status_text: the Tiến độ text is empty",
        ),
    ],
)
def test_error_csv_unknown_status_text_wins_over_kind(change: Any, message: str) -> None:
    from cchc_model.errors import UnknownStatus

    with pytest.raises(UnknownStatus) as info:
        cchc_model.loads(_csv_with(change), format="csv")
    assert str(info.value).startswith(message)


def _example_csv_with(edit: dict[str, str], number: str = "16") -> str:
    rows = list(csv.DictReader(io.StringIO(str(cchc_model.dumps(thanh_xa_2023(), format="csv")))))
    next(r for r in rows if r["number"] == number).update(edit)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_csv_edit_the_text_and_the_figures_follow() -> None:
    before = cchc_model.progress(thanh_xa_2023()).activities.completed
    for kind in ("completed", ""):  # the kind edited with the text, or left empty
        after = cchc_model.loads(
            _example_csv_with({"status_text": "Hoàn thành", "status_kind": kind}), format="csv"
        )
        assert cchc_model.progress(after).activities.completed == before + 1


@pytest.mark.parametrize(
    "edit",
    [
        {"status_text": "Hoàn thành"},  # the text edited, its kind left stale
        {"status_kind": "completed"},  # the kind edited, not the text it comes from
    ],
)
def test_error_csv_kind_that_disagrees_with_its_text(edit: dict[str, str]) -> None:
    # Neither is silently ignored: the figures would not be those the file shows.
    with pytest.raises(FormatError, match=r"status_kind is '(in_progress|completed)'") as info:
        cchc_model.loads(_example_csv_with(edit), format="csv")
    assert info.value.where.endswith("column status_kind")
    assert "status_override" in info.value.reason


def test_csv_kind_kept_by_an_override() -> None:
    plan = cchc_model.loads(
        _example_csv_with({"status_kind": "completed", "status_override": "completed"}),
        format="csv",
    )
    assert plan.activity(16).status.kind is StatusKind.COMPLETED


def test_json_reads_text_in_nfc() -> None:
    # Every reader gives NFC: decomposed Vietnamese (as some editors and PDFs write it)
    # reads back equal to the typed text.
    import unicodedata

    plan = _example()
    text = cchc_model.dumps(plan, format="json")
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert cchc_model.loads(decomposed, format="json") == plan


def test_csv_kinds_are_checked_only_against_the_rules_they_were_written_with() -> None:
    # A file written with other rules (an older phrase table, or your own) is read
    # by its texts: its stale-looking kinds are the writer's, not edits.
    edited = _example_csv_with({"status_text": "Hoàn thành"})  # status_kind stays stale
    with pytest.raises(FormatError, match="status_kind is 'in_progress'"):
        cchc_model.loads(edited, format="csv")
    other = edited.replace(DEFAULT_RULES.fingerprint, "0123456789abcdef")
    assert cchc_model.loads(other, format="csv").activity(16).status.kind is StatusKind.COMPLETED
    # Without the column (a file of an earlier version): checked under the built-in
    # rules, as before, and read by its texts under your own.
    rows = list(csv.reader(io.StringIO(edited)))
    without = io.StringIO()
    csv.writer(without).writerows(row[:-1] for row in rows)
    with pytest.raises(FormatError, match="status_kind is 'in_progress'"):
        cchc_model.loads(without.getvalue(), format="csv")
    own = DEFAULT_RULES.prepend(StatusRule("Tạm dừng", StatusKind.DELAYED))
    plan = cchc_model.loads(without.getvalue(), format="csv", status_rules=own)
    assert plan.activity(16).status.kind is StatusKind.COMPLETED
    # A deliberate override is the row's kind: its status_kind is not checked.
    plan = cchc_model.loads(
        _example_csv_with({"status_override": "delayed", "status_kind": "in_progress"}),
        format="csv",
    )
    assert plan.activity(16).status.kind is StatusKind.DELAYED


def test_csv_kinds_are_checked_in_worker_processes_too(tmp_path: Path) -> None:
    # The rules reach the workers pickled: equal, not the same object.
    (tmp_path / "a.csv").write_text(
        _example_csv_with({"status_kind": "completed"}), encoding="utf-8"
    )
    cchc_model.write(thanh_xa_2023(), tmp_path / "b.csv", format="csv")
    for jobs in (1, 2):
        result = cchc_model.read_many([tmp_path], jobs=jobs, status_rules=DEFAULT_RULES)
        assert [Path(f.path).name for f in result.failures] == ["a.csv"], jobs


def test_csv_status_kind_that_is_no_kind() -> None:
    with pytest.raises(FormatError, match="status_kind is 'done', which is no status_kind"):
        cchc_model.loads(_example_csv_with({"status_kind": "done"}), format="csv")


def test_json_null_kind_is_left_out() -> None:
    doc = json.loads(cchc_model.dumps(thanh_xa_2023()))
    doc["plan"]["sections"][0]["tasks"][0]["activities"][0]["status"]["kind"] = None
    assert cchc_model.loads(json.dumps(doc)) == thanh_xa_2023()
