"""Hostile files (issue 16): limits before work, only the library's errors.

Each hostile file is built at test time by :mod:`tests.hostile`; none is kept in
the repository. Without the limits, the bombs here take gigabytes of memory or
minutes; with them, each is refused before anything is unpacked.
"""

from __future__ import annotations

import io
import json
import math
import os
import zipfile

import pytest

from cchc_model import ZipLimits, from_dataframe, loads, read_docx, to_dataframe
from cchc_model.cli import main
from cchc_model.errors import FormatError

from . import hostile as H

# --------------------------------------------------------------------------- #
# Zip limits
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("unused-member-1GB", r"'word/media/unused\.bin' unpacks to 1,048,576,000 bytes"),
        ("empty-paragraphs-60MB", r"'word/document\.xml' unpacks 6\d\d times .*max_ratio"),
        ("embedded-json-1GB", r"'customXml/item\d\.xml' unpacks to 1,048,576,000 bytes"),
    ],
)
def test_error_decompression_bombs_are_refused_before_unpacking(name: str, limit: str) -> None:
    data = H.bombs()[name]()
    assert len(data) < 2_000_000
    with pytest.raises(FormatError, match=limit):
        read_docx(data)


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (ZipLimits(max_members=5), r"holds \d+ members, more than the limit of 5 \(ZipLimits"),
        (ZipLimits(max_member_size=100_000), r"member '.*' unpacks to .*max_member_size"),
        (ZipLimits(max_total_size=500_000), r"unpacks to more than 500,000 bytes"),
        (ZipLimits(max_xml_size=200_000), r"XML parts .* more than 200,000 bytes"),
        (ZipLimits(max_xml_elements=1_000), r"more than 1,000 elements .*max_xml_elements"),
        (ZipLimits(max_ratio=5, ratio_floor=1), r"unpacks \d+ times its packed size"),
    ],
)
def test_error_limits_are_configurable(limits: ZipLimits, message: str) -> None:
    data = H.docx()
    assert read_docx(data) == H.tiny_plan()  # the defaults take it
    with pytest.raises(FormatError, match=message):
        read_docx(data, limits=limits)
    with pytest.raises(FormatError, match=message):
        loads(data, format="docx", limits=limits)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_error_a_file_larger_than_any_package_is_not_read_whole() -> None:
    # A device or a pipe never ends: at most a little more than the limit is read.
    small = ZipLimits(max_total_size=1_000)
    with pytest.raises(FormatError, match=r"larger than 1,049,576 bytes.*max_total_size"):
        read_docx("/dev/zero", limits=small)
    with pytest.raises(FormatError, match=r"larger than 1,049,576 bytes"):
        read_docx(io.BytesIO(b"PK\x03\x04" + bytes(2_000_000)), limits=small)


@pytest.mark.parametrize("value", [0, -1, True, 1.5])
def test_error_limits_must_be_positive_integers(value: object) -> None:
    with pytest.raises(ValueError, match="max_ratio must be a positive integer"):
        ZipLimits(max_ratio=value)  # type: ignore[arg-type]  # the point of the test


def test_many_elements_within_limits_read() -> None:
    # 100,000 empty paragraphs above the table: read, the heading taken next to it.
    data = H.edit(
        H.docx(), document=lambda xml: xml.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 100_000)
    )
    assert read_docx(data) == H.tiny_plan()


# --------------------------------------------------------------------------- #
# zipfile, XML and python-docx failures
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("method", "name"),
    [(9, "Deflate64"), (99, "AES encryption"), (12, "bzip2"), (14, "LZMA"), (6, "Implode")],
)
def test_error_compression_methods_zipfile_cannot_read(method: int, name: str) -> None:
    # Method 12 on deflated data is also "a member that lies about bzip2".
    data = H.patch_headers(H.docx(), method=method)
    with pytest.raises(FormatError, match=rf"compressed with {name} \(method {method}\).*save it"):
        read_docx(data)


@pytest.mark.parametrize("flags", [0x1, 0x40])
def test_error_encrypted_member(flags: int) -> None:
    with pytest.raises(FormatError, match=r"is encrypted \(password-protected\): open it"):
        read_docx(H.patch_headers(H.docx(), flags=flags))


def test_error_patched_data() -> None:
    with pytest.raises(FormatError, match=r"compressed patched data \(flag bit 5\)"):
        read_docx(H.patch_headers(H.docx(), flags=0x20))


def test_error_unsupported_zip_version() -> None:
    with pytest.raises(FormatError, match=r"unsupported \.docx document: zip file version 9\.0"):
        read_docx(H.patch_headers(H.docx(), version=90))


def test_error_damaged_member() -> None:
    parts = H.members(H.docx())
    data = bytearray(H.rezip(parts))
    at = data.index(b"word/document.xml") + len("word/document.xml") + 40
    data[at : at + 8] = b"\xff" * 8
    with pytest.raises(FormatError, match=r"damaged \.docx document"):
        read_docx(bytes(data))


def test_error_grid_span_without_value() -> None:
    data = H.edit(
        H.docx(), document=lambda xml: xml.replace(b"<w:tcPr>", b"<w:tcPr><w:gridSpan/>", 1)
    )
    with pytest.raises(FormatError, match=r"word/document\.xml.*gridSpan.*save it again"):
        read_docx(data)


def test_deeply_nested_embedded_json_is_ignored() -> None:
    # The embedded copy is read through the json format (which refuses deep
    # nesting): a damaged copy is ignored and the visible table is read.
    data = H.docx()
    parts = H.members(data)
    part = H.plan_part(parts)
    parts[part] = b'<p:plan xmlns:p="urn:cchc-model:plan">' + b"[" * 200_000 + b"</p:plan>"
    assert read_docx(H.rezip(parts)) == read_docx(H.docx(embed=False))


def test_entities_in_the_embedded_part_are_not_expanded() -> None:
    parts = H.members(H.docx())
    # "Billion laughs": each entity is ten of the one before, 10**9 letters in all.
    entities = [b'<!ENTITY e0 "aaaaaaaaaa">']
    entities += [b'<!ENTITY e%d "%s">' % (i, b"&e%d;" % (i - 1) * 10) for i in range(1, 9)]
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE p [' + b"".join(entities) + b"]>"
        b'<p:plan xmlns:p="urn:cchc-model:plan">&e8;</p:plan>'
    )
    parts[H.plan_part(parts)] = laughs
    assert read_docx(H.rezip(parts)) == read_docx(H.docx(embed=False))


# --------------------------------------------------------------------------- #
# Linear label handling, the summary line
# --------------------------------------------------------------------------- #


def test_very_long_activity_label_is_linear() -> None:
    # 40,000 characters on the label's line: quadratic, this took minutes.
    text = "1. Hoạt động 1: " + "Tổ chức rà soát " * 2_500
    plan = read_docx(H.foreign(H.docx(H.tiny_plan(text=text), embed=False)))
    activity = plan.sections[0].tasks[0].activities[0]
    assert (activity.label, activity.text) == ("1. Hoạt động 1:", text[16:].strip())


def test_error_summary_over_a_hundred_percent_names_its_line() -> None:
    line = "Thực hiện hoàn thành 1/1 hoạt động, đạt 120% kế hoạch"
    summary = "Tổng số 1 nhiệm vụ và 1 hoạt động\n" + line
    data = H.docx(H.tiny_plan(summary=summary), embed=False)
    with pytest.raises(FormatError) as err:
        read_docx(data)
    assert err.value.where == "summary"
    assert err.value.text == line
    assert "states 120%" in err.value.reason


# --------------------------------------------------------------------------- #
# Text that cannot be written
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("fmt", "data", "where"),
    [
        ("json", '{"format": "cchc-model/plan", "x": "a\ud800"}', "json input, line 1, column 38"),
        ("json", '{"format":\n "cchc-model/plan\\udc00"}', "json input, line 2, column 18"),
        ("json", b'{"title": "\\ud83d"}', "json input, line 1, column 12"),
        ("csv", "section,title\nI,\udfff", "csv input, line 2, column 3"),
        # past the first million characters (the text is checked in pieces)
        ("json", '{"x": "' + "ệ" * (1 << 20) + '\ud800"}', "json input, line 1, column 1048584"),
    ],
)
def test_error_lone_surrogates_are_refused_with_their_position(
    fmt: str, data: str | bytes, where: str
) -> None:
    with pytest.raises(FormatError, match="lone surrogate") as err:
        loads(data, format=fmt)
    assert err.value.where == where


def test_escaped_backslashes_and_surrogate_pairs_are_text() -> None:
    document = json.loads(_tiny_json())
    document["plan"]["title"] = "\\ud800 😀"  # a backslash, then letters; an astral character
    text = json.dumps(document)  # the emoji as the escaped pair \ud83d\ude00
    assert "\\ud83d\\ude00" in text
    assert loads(text, format="json").title == "\\ud800 😀"


def _tiny_json() -> str:
    from cchc_model import dumps

    return str(dumps(H.tiny_plan(), format="json"))


UNSEEN = ["\u202e", "\u2066", "\x9b", "\x85", "\u200f"]


def test_cli_escapes_bidi_and_c1_controls(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Kế hoạch số 63/KH-UBND ngày 30/12/2022 về việc " + "".join(UNSEEN) + "x\n"
    path = tmp_path / "refs.txt"  # type: ignore[operator]  # tmp_path is a Path
    path.write_text(text, encoding="utf-8")
    assert main(["refs", str(path)]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in UNSEEN)
    assert any(c in json.dumps(json.loads(out), ensure_ascii=False) for c in UNSEEN)
    assert main(["parse", "63/KH-UBND\u202e"]) == 1
    err = capsys.readouterr().err
    assert "\\u202e" in err
    assert "\u202e" not in err


# --------------------------------------------------------------------------- #
# DataFrames
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("number", math.inf, r"column 'number' must hold integers, got inf"),
        ("task", -math.inf, r"column 'task' must hold integers, got -inf"),
        ("number", "9" * 5_000, r"column 'number' holds '9999.*\.\.\., more than 1,000,000,000"),
        ("number", 10**5_000, r"column 'number' holds <int>, more than"),
        ("text", 10**5_000, r"column 'text' must hold text, got int <int>"),
        ("status_override", 10**5_000, r"column 'status_override' must hold text, got int <int>"),
        ("text", "a\ud800", r"column 'text': character 1 is a lone surrogate"),
    ],
    ids=[
        "inf",
        "-inf",
        "5000-digit-text",
        "5000-digit-int",
        "int-text",
        "int-override",
        "surrogate",
    ],
)
def test_error_from_dataframe_hostile_cells_name_the_row(
    column: str, value: object, message: str
) -> None:
    pytest.importorskip("pandas")
    df = to_dataframe(H.tiny_plan())
    df[column] = df[column].astype(object)
    df.at[0, column] = value
    with pytest.raises(FormatError, match=message) as err:
        from_dataframe(df)
    assert err.value.where == "row 0"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("x", r"must be a dict of the plan's fields by name .* got str 'x'"),
        ([1], r"must be a dict .* got list \[1\]"),
        ({1: 2}, r"must be a dict .* got dict \{1: 2\}"),
        ({"title": "t", "year": 10**5_000}, r"invalid value: Exceeds the limit \(4300 digits\)"),
        ({"title": "t", "year": math.inf}, r"year: expected an integer, got inf"),
    ],
    ids=["str", "list", "int-keys", "5000-digit-year", "inf-year"],
)
def test_error_from_dataframe_odd_attrs(fields: object, message: str) -> None:
    pytest.importorskip("pandas")
    from cchc_model.formats.dataframes import ATTRS_KEY

    df = to_dataframe(H.tiny_plan())
    df.attrs[ATTRS_KEY] = fields
    with pytest.raises(FormatError, match=message):
        from_dataframe(df)


def test_hostile_builders_make_valid_zip_files() -> None:
    # What the tests feed the reader is a zip file: the reader, not zipfile, refuses it.
    for build in H.bombs().values():
        with zipfile.ZipFile(io.BytesIO(build())) as archive:
            assert len(archive.infolist()) > 5
