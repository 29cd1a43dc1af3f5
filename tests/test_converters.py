"""The library's JSON form: round trips and errors."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given

from cchc_model import DocumentRef, DocumentStyle, Plan, progress
from cchc_model.converters import (
    FORMAT_NAME,
    FORMAT_VERSION,
    from_document,
    make_converter,
    to_document,
)
from cchc_model.errors import FormatError

from .strategies import plans


def small_doc() -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "plan": {
            "title": "Kế hoạch",
            "issuer": "",
            "year": 2023,
            "reference": None,
            "report": None,
            "sections": [
                {
                    "numeral": "I",
                    "title": "Công tác chỉ đạo điều hành",
                    "tasks": [
                        {
                            "title": "Ban hành văn bản",
                            "activities": [
                                {
                                    "number": 1,
                                    "label": "1. Hoạt động 1",
                                    "text": "Xây dựng Kế hoạch",
                                    "status": {"kind": "completed", "text": "Hoàn thành"},
                                    "products": "",
                                    "documents": [],
                                    "explanation": "",
                                    "note": "",
                                }
                            ],
                        }
                    ],
                }
            ],
            "published": None,
        },
    }


@given(plans())
def test_round_trip_through_json_text(plan: Plan) -> None:
    text = json.dumps(to_document(plan), ensure_ascii=False)
    back = from_document(json.loads(text))
    assert back == plan
    assert progress(back) == progress(plan)


def test_document_refs_and_dates_round_trip() -> None:
    ref = DocumentRef(
        number=63,
        type_code="KH",
        issuer="UBND",
        style=DocumentStyle.ADMINISTRATIVE,
        issued_on=dt.date(2022, 12, 30),
        source="Kế hoạch số 63/KH-UBND ngày 30/12/2022",
    )
    doc = small_doc()
    doc["plan"]["reference"] = make_converter().unstructure(ref)
    assert doc["plan"]["reference"]["issued_on"] == "2022-12-30"
    assert doc["plan"]["reference"]["style"] == "administrative"
    plan = from_document(doc)
    assert plan.reference == ref
    assert plan.reference is not None
    assert plan.reference.source == ref.source
    assert to_document(plan) == doc


def _broken(path: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(small_doc())
    *parents, last = path.split(".")
    node: Any = doc
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value is KeyError:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return doc


ACTIVITY = "plan.sections.0.tasks.0.activities.0"
PATH = "$.plan.sections[0].tasks[0].activities[0]"


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "$: expected a JSON object, got list"),
        (
            _broken("format", "other"),
            "$.format: not a cchc-model plan: 'format' is 'other', expected 'cchc-model/plan'",
        ),
        (
            _broken("version", 2),
            "$.version: unsupported version 2: this library reads versions 1 to 1",
        ),
        (_broken("version", "1"), "$.version: 'version' must be an integer, got '1'"),
        (_broken("plan", KeyError), "$: the 'plan' member is missing"),
        (_broken("extra", 1), "$: unexpected member(s) ['extra']"),
        (
            _broken(f"{ACTIVITY}.number", "1"),
            f"{PATH}.number: expected an integer, got '1'",
        ),
        (
            _broken(f"{ACTIVITY}.number", 1.0),
            f"{PATH}.number: expected an integer, got 1.0",
        ),
        (
            _broken(f"{ACTIVITY}.status.kind", "done"),
            "$.plan.sections[0].tasks[0].activities[0].status: invalid value: unknown status"
            " kind 'done': use one of completed, ongoing, in_progress, not_due,"
            " awaiting_guidance, not_started, delayed",
        ),
        (
            _broken(f"{ACTIVITY}.text", KeyError),
            "$.plan.sections[0].tasks[0].activities[0].text: required field missing",
        ),
        (
            _broken(f"{ACTIVITY}.colour", "red"),
            "$.plan.sections[0].tasks[0].activities[0]: extra fields found (colour)",
        ),
        (
            _broken("plan.sections.0.tasks.0.activities", []),
            "$.plan.sections[0].tasks[0]: invalid value: a task needs at least one activity",
        ),
        (
            _broken(
                "plan.reference",
                {"number": 1, "type_code": "KH", "issuer": "UBND", "issued_on": "2023-02-31"},
            ),
            "$.plan.reference.issued_on: not an ISO date 'YYYY-MM-DD': '2023-02-31'",
        ),
    ],
)
def test_error_malformed_documents(doc: Any, message: str) -> None:
    with pytest.raises(FormatError) as info:
        from_document(doc)
    assert str(info.value) == message


def test_error_is_chained_and_typed() -> None:
    with pytest.raises(FormatError) as info:
        from_document(_broken(f"{ACTIVITY}.number", "1"))
    assert isinstance(info.value, ValueError)
    assert info.value.__cause__ is not None


def test_make_converter_returns_a_fresh_converter() -> None:
    assert make_converter() is not make_converter()


SECTION = "plan.sections.0"
TASK = "plan.sections.0.tasks.0"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            f"{TASK}.activities",
            {},
            "expected a JSON array, got dict @ $.plan.sections[0].tasks[0].activities",
        ),
        (f"{SECTION}.tasks", "", "expected a JSON array, got str @ $.plan.sections[0].tasks"),
        ("plan.sections", {}, "expected a JSON array, got dict @ $.plan.sections"),
        ("plan.sections", "", "expected a JSON array, got str @ $.plan.sections"),
    ],
)
def test_error_not_a_list_where_a_list_belongs(path: str, value: Any, message: str) -> None:
    # cattrs alone makes a tuple of any iterable: {} and "" would read as no items.
    with pytest.raises(FormatError) as info:
        from_document(_broken(path, value))
    reason, at = message.rsplit(" @ ", 1)
    assert str(info.value) == f"{at}: {reason}"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (f"{ACTIVITY}.status", "Hoàn thành", f"expected a JSON object, got str @ {PATH}.status"),
        (SECTION, [], "expected a JSON object, got list @ $.plan.sections[0]"),
        ("plan.reference", "63/KH-UBND", "expected a JSON object, got str @ $.plan.reference"),
        ("plan.published", 3, "expected a JSON object, got int @ $.plan.published"),
    ],
)
def test_error_not_an_object_where_an_object_belongs(path: str, value: Any, message: str) -> None:
    with pytest.raises(FormatError) as info:
        from_document(_broken(path, value))
    reason, at = message.rsplit(" @ ", 1)
    assert str(info.value) == f"{at}: {reason}"


def test_error_plan_body_that_is_not_an_object() -> None:
    with pytest.raises(FormatError) as info:
        from_document(_broken("plan", "Kế hoạch"))
    assert str(info.value) == "$.plan: expected a JSON object, got str"


def test_lists_and_tuples_are_read_as_lists() -> None:
    doc = small_doc()
    activity = doc["plan"]["sections"][0]["tasks"][0]["activities"][0]
    activity["documents"] = ()
    doc["plan"]["sections"] = tuple(doc["plan"]["sections"])
    assert from_document(doc) == from_document(small_doc())
