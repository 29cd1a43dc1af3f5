"""Hand-tuned conversions between the model and the JSON form, for speed.

:func:`unstructure` gives exactly what :func:`cchc_model.converters.to_document`
puts under ``"plan"``; :func:`structure` reads a plan body, accepting *no more*
than the converters do: types are checked exactly (``type(x) is str``), keys
must be field names, and the model's own constructors run (so every invariant
and validator of the model applies). Whatever it does not accept it refuses
with :class:`Unsupported`, and the caller rereads the document through
:mod:`cchc_model.converters`, whose errors name the path and reason.

If the model's fields ever differ from the ones written out here, :data:`ENABLED`
is False and the callers use the converters alone (slower, never wrong).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from cchc_model.documents import DocumentRef, DocumentStyle
from cchc_model.model import Activity, Plan, PublishedFigures, Section, Status, StatusKind, Task

__all__ = ["ENABLED", "Unsupported", "structure", "unstructure"]

_FIELDS = {
    Plan: ("title", "issuer", "year", "reference", "report", "sections", "published"),
    Section: ("numeral", "title", "tasks"),
    Task: ("title", "activities"),
    Activity: (
        "number",
        "label",
        "text",
        "status",
        "products",
        "documents",
        "explanation",
        "note",
    ),
    Status: ("kind", "text"),
    DocumentRef: (
        "number",
        "type_code",
        "issuer",
        "style",
        "year",
        "unit",
        "issued_on",
        "subject",
        "source",
    ),
    PublishedFigures: (
        "tasks_total",
        "tasks_completed",
        "tasks_percent",
        "activities_total",
        "activities_completed",
        "activities_percent",
        "activities_in_progress",
        "activities_not_due",
        "text",
    ),
}

#: Whether the model still has exactly the fields this module knows.
ENABLED = all(tuple(f.name for f in attrs.fields(cls)) == names for cls, names in _FIELDS.items())

_KEYS = {cls: frozenset(names) for cls, names in _FIELDS.items()}
_KINDS = {kind.value: kind for kind in StatusKind}
_STYLES = {style.value: style for style in DocumentStyle}
_FIGURES = _FIELDS[PublishedFigures][:-1]


class Unsupported(Exception):
    """The fast path does not take this document; read it through the converters."""


# --------------------------------------------------------------------------- #
# Model -> JSON-ready dicts
# --------------------------------------------------------------------------- #


def _ref(r: DocumentRef) -> dict[str, Any]:
    on = r.issued_on
    return {
        "number": r.number,
        "type_code": r.type_code,
        "issuer": r.issuer,
        "style": r.style.value,
        "year": r.year,
        "unit": r.unit,
        "issued_on": None if on is None else on.isoformat(),
        "subject": r.subject,
        "source": r.source,
    }


def _activity(a: Activity) -> dict[str, Any]:
    s = a.status
    return {
        "number": a.number,
        "label": a.label,
        "text": a.text,
        "status": {"kind": s.kind.value, "text": s.text},
        "products": a.products,
        "documents": [_ref(d) for d in a.documents] if a.documents else [],
        "explanation": a.explanation,
        "note": a.note,
    }


def unstructure(plan: Plan) -> dict[str, Any]:
    """The plan body of the JSON form (what ``to_document(plan)["plan"]`` is)."""
    pub = plan.published
    return {
        "title": plan.title,
        "issuer": plan.issuer,
        "year": plan.year,
        "reference": None if plan.reference is None else _ref(plan.reference),
        "report": None if plan.report is None else _ref(plan.report),
        "sections": [
            {
                "numeral": s.numeral,
                "title": s.title,
                "tasks": [
                    {"title": t.title, "activities": [_activity(a) for a in t.activities]}
                    for t in s.tasks
                ],
            }
            for s in plan.sections
        ],
        "published": None
        if pub is None
        else {
            **{name: getattr(pub, name) for name in _FIGURES},
            "text": pub.text,
        },
    }


# --------------------------------------------------------------------------- #
# JSON-ready dicts -> model
# --------------------------------------------------------------------------- #


def _obj(value: Any, cls: type) -> dict[str, Any]:
    if type(value) is not dict or not value.keys() <= _KEYS[cls]:
        raise Unsupported
    return value


def _str(value: Any) -> str:
    if type(value) is not str:
        raise Unsupported
    return value


def _opt_int(value: Any) -> int | None:
    if value is not None and type(value) is not int:
        raise Unsupported
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise Unsupported
    return value


def _read_ref(value: Any) -> DocumentRef:
    d = _obj(value, DocumentRef)
    on = d.get("issued_on")
    return DocumentRef(
        number=d["number"],
        type_code=d["type_code"],
        issuer=d["issuer"],
        style=_STYLES[d.get("style", "administrative")],
        year=d.get("year"),
        unit=d.get("unit"),
        issued_on=None if on is None else _dt.date.fromisoformat(on),
        subject=d.get("subject"),
        source=d.get("source", ""),
    )


def _read_activity(value: Any) -> Activity:
    d = _obj(value, Activity)
    s = _obj(d["status"], Status)
    text = s.get("text", "")
    if type(text) is not str:
        raise Unsupported
    return Activity(
        number=d["number"],
        label=d.get("label", ""),
        text=d["text"],
        status=Status(kind=_KINDS[s["kind"]], text=text),
        products=d.get("products", ""),
        documents=tuple([_read_ref(r) for r in _list(d["documents"])]) if "documents" in d else (),
        explanation=d.get("explanation", ""),
        note=d.get("note", ""),
    )


def _read_task(value: Any) -> Task:
    d = _obj(value, Task)
    return Task(
        title=d["title"], activities=tuple([_read_activity(a) for a in _list(d["activities"])])
    )


def _read_section(value: Any) -> Section:
    d = _obj(value, Section)
    return Section(
        numeral=d["numeral"],
        title=d["title"],
        tasks=tuple([_read_task(t) for t in _list(d["tasks"])]),
    )


def _read_published(value: Any) -> PublishedFigures | None:
    if value is None:
        return None
    d = _obj(value, PublishedFigures)
    counts = {name: _opt_int(d.get(name)) for name in _FIGURES}
    return PublishedFigures(**counts, text=_str(d.get("text", "")))


def structure(body: Any) -> Plan:
    """A :class:`~cchc_model.Plan` from a plan body; :class:`Unsupported` (or any
    error) means: read it through the converters instead."""
    if not ENABLED:
        raise Unsupported
    d = _obj(body, Plan)
    reference, report = d.get("reference"), d.get("report")
    return Plan(
        title=d["title"],
        issuer=d.get("issuer", ""),
        year=_opt_int(d.get("year")),
        reference=None if reference is None else _read_ref(reference),
        report=None if report is None else _read_ref(report),
        sections=tuple([_read_section(s) for s in _list(d["sections"])]),
        published=_read_published(d.get("published")),
    )
