"""Hand-tuned conversions between the model and the JSON form, for speed.

:func:`dumps` writes the JSON text of a plan directly, character for character
what ``json.dumps(to_document(plan))`` gives, without building the dicts;
:func:`unstructure` gives exactly what :func:`cchc_model.converters.to_document`
puts under ``"plan"``.

:func:`structure` reads a plan body, accepting *no more* than the converters
do. It checks every field in one pass, as the model's validators and the
converters would (types exactly, ``type(x) is str``; keys must be field names;
non-blank texts; non-empty tasks and sections; activity numbers positive and
increasing through the whole plan, which is what the task, section and plan
validators each check for their part; section numerals unique), then builds the
objects without running those validators a second time. Document references
are checked by their own constructor the first time their codes and subject are
seen in a document; later ones with the same codes and subject only have their
number and date checked. Whatever :func:`structure` does not accept it refuses
with :class:`Unsupported`, and the caller rereads the document through
:mod:`cchc_model.converters`, whose errors name the path and reason.

Objects that are equal and immutable are shared within one document: all the
activities whose Tiến độ is ``{"kind": "completed", "text": "Hoàn thành"}`` get
the same :class:`~cchc_model.Status`.

If the model's fields ever differ from the ones written out here, :data:`ENABLED`
is False and the callers use the converters alone (slower, never wrong).
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import json.encoder as _json_encoder
import types
from collections.abc import Callable
from typing import Any

import attrs

from cchc_model import _docref
from cchc_model.converters import FORMAT_NAME, FORMAT_VERSION
from cchc_model.documents import DocumentRef, DocumentStyle
from cchc_model.model import Activity, Plan, PublishedFigures, Section, Status, StatusKind, Task

__all__ = ["ENABLED", "Unsupported", "dumps", "structure", "unstructure"]

_FIELDS: dict[type, tuple[str, ...]] = {
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
        "number_text",
        "law_type",
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


def _enabled() -> bool:
    # The fast reader builds objects slot by slot: every class must still have
    # exactly these fields, as slots, and (but for DocumentRef, which is always
    # built by its constructor first) nothing to run after __init__.
    for cls, names in _FIELDS.items():
        if tuple(f.name for f in attrs.fields(cls)) != names:
            return False
        if not all(type(cls.__dict__.get(n)) is types.MemberDescriptorType for n in names):
            return False
        if cls is not DocumentRef and hasattr(cls, "__attrs_post_init__"):
            return False
    return True


#: Whether the model still has exactly the fields this module knows.
ENABLED = _enabled()

_KEYS = {cls: frozenset(names) for cls, names in _FIELDS.items()}
_KINDS = {kind.value: kind for kind in StatusKind}
_STYLES = {style.value: style for style in DocumentStyle}
_FIGURES = _FIELDS[PublishedFigures][:-1]
#: The bounds DocumentRef puts on its number and on the year of its date.
_MAX_NUMBER = 999_999
_MIN_YEAR, _MAX_YEAR = _docref.MIN_YEAR, _docref.MAX_YEAR
#: The defaults of the fields that have one, and the fields that are required.
_DEFAULTS = {
    cls: {f.name: f.default for f in attrs.fields(cls) if f.default is not attrs.NOTHING}
    for cls in _FIELDS
}
_REQUIRED = {cls: frozenset(_KEYS[cls] - _DEFAULTS[cls].keys()) for cls in _FIELDS}


class Unsupported(Exception):
    """The fast path does not take this document; read it through the converters."""


# --------------------------------------------------------------------------- #
# Model -> JSON-ready dicts
# --------------------------------------------------------------------------- #


def _ref(r: DocumentRef) -> dict[str, Any]:
    on = r.issued_on
    if r.number_text is not None or r.law_type is not None:  # written only when set
        d = _ref(attrs.evolve(r, number_text=None, law_type=None))
        if r.number_text is not None:  # after "source", where the converters put them
            d["number_text"] = r.number_text
        if r.law_type is not None:
            d["law_type"] = r.law_type
        return d
    return {
        "number": r.number,
        "type_code": r.type_code,
        "issuer": r.issuer,
        "style": r.style._value_,
        "year": r.year,
        "unit": r.unit,
        "issued_on": None if on is None else on.isoformat(),
        "subject": r.subject,
        "source": r.source,
    }


def _published(pub: PublishedFigures | None) -> dict[str, Any] | None:
    if pub is None:
        return None
    return {**{name: getattr(pub, name) for name in _FIGURES}, "text": pub.text}


def _activity(a: Activity) -> dict[str, Any]:
    s = a.status
    return {
        "number": a.number,
        "label": a.label,
        "text": a.text,
        "status": {"kind": s.kind._value_, "text": s.text},
        "products": a.products,
        "documents": [_ref(d) for d in a.documents],
        "explanation": a.explanation,
        "note": a.note,
    }


def unstructure(plan: Plan) -> dict[str, Any]:
    """The plan body of the JSON form (what ``to_document(plan)["plan"]`` is)."""
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
        "published": _published(plan.published),
    }


# --------------------------------------------------------------------------- #
# Model -> JSON text
# --------------------------------------------------------------------------- #

_KIND_JSON = {kind: f'"{kind.value}"' for kind in StatusKind}
_STYLE_JSON = {style: f'"{style.value}"' for style in DocumentStyle}


def dumps(plan: Plan, *, ensure_ascii: bool) -> str:
    """``json.dumps(to_document(plan), ensure_ascii=ensure_ascii)``, character for
    character, written without building the dicts.

    Below the plan's own fields (written by :func:`json.dumps`), every value
    is written by the code here: strings through the :mod:`json` module's own
    escaping function, numbers, ``null`` and the enums' strings directly, with
    the same separators. The model's validators guarantee the types this relies
    on; a value of any other type (a :class:`~cchc_model.Status` built with a
    non-str text, an int subclass as a number) raises :class:`Unsupported`, and
    the caller writes through the dicts instead.
    """
    esc: Callable[[str], str] = (
        _json_encoder.encode_basestring_ascii if ensure_ascii else _json_encoder.encode_basestring
    )
    encode = _json.JSONEncoder(ensure_ascii=ensure_ascii).encode
    kinds, styles = _KIND_JSON, _STYLE_JSON

    def ref(r: DocumentRef) -> str:
        number, year, on = r.number, r.year, r.issued_on
        if (number is not None and type(number) is not int) or (
            year is not None and type(year) is not int
        ):
            raise Unsupported
        extra = ""  # written only when set, after "source" as the converters write them
        if r.number_text is not None:
            extra += f', "number_text": {esc(r.number_text)}'
        if r.law_type is not None:
            extra += f', "law_type": {esc(r.law_type)}'
        return (
            f'{{"number": {"null" if number is None else number}, '
            f'"type_code": {"null" if r.type_code is None else esc(r.type_code)}, '
            f'"issuer": {"null" if r.issuer is None else esc(r.issuer)}, '
            f'"style": {styles[r.style]}, '
            f'"year": {"null" if year is None else year}, '
            f'"unit": {"null" if r.unit is None else esc(r.unit)}, '
            f'"issued_on": {"null" if on is None else esc(on.isoformat())}, '
            f'"subject": {"null" if r.subject is None else esc(r.subject)}, '
            f'"source": {esc(r.source)}{extra}}}'
        )

    head = encode(
        {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "plan": {
                "title": plan.title,
                "issuer": plan.issuer,
                "year": plan.year,
                "reference": None if plan.reference is None else _ref(plan.reference),
                "report": None if plan.report is None else _ref(plan.report),
            },
        }
    )
    # head ends with "}}": the plan goes on with its sections.
    parts = [head[:-2], ', "sections": [']
    append = parts.append
    for i, s in enumerate(plan.sections):
        append(
            f'{", " if i else ""}{{"numeral": {esc(s.numeral)}, "title": {esc(s.title)}, "tasks": ['
        )
        for j, t in enumerate(s.tasks):
            append(f'{", " if j else ""}{{"title": {esc(t.title)}, "activities": [')
            activities = []
            for a in t.activities:
                number, st, docs = a.number, a.status, a.documents
                if type(number) is not int:
                    raise Unsupported
                activities.append(
                    f'{{"number": {number}, "label": {esc(a.label)}, '
                    f'"text": {esc(a.text)}, '
                    f'"status": {{"kind": {kinds[st.kind]}, "text": {esc(st.text)}}}, '
                    f'"products": {esc(a.products)}, '
                    f'"documents": [{", ".join([ref(d) for d in docs]) if docs else ""}], '
                    f'"explanation": {esc(a.explanation)}, "note": {esc(a.note)}}}'
                )
            append(", ".join(activities))
            append("]}")
        append("]}")
    append('], "published": ')
    append(encode(_published(plan.published)))
    append("}}")
    return "".join(parts)


# --------------------------------------------------------------------------- #
# JSON-ready dicts -> model
# --------------------------------------------------------------------------- #

_new = object.__new__


def _setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    # The slots' own descriptors: setting through them skips the frozen
    # __setattr__ of attrs, as object.__setattr__ would, with less lookup.
    return tuple(cls.__dict__[name].__set__ for name in _FIELDS[cls]) if ENABLED else ()


_ACTIVITY = _setters(Activity)
_STATUS = _setters(Status)
_TASK = _setters(Task)
_SECTION = _setters(Section)
_PLAN = _setters(Plan)
_REF = _setters(DocumentRef)


def _complete(d: Any, cls: type) -> tuple[Any, ...]:
    """The values of ``d`` in field order, defaults filled in, for a dict that
    does not have every field."""
    if type(d) is not dict or not d.keys() <= _KEYS[cls] or not _REQUIRED[cls] <= d.keys():
        raise Unsupported
    defaults = _DEFAULTS[cls]
    return tuple(d[name] if name in d else defaults[name] for name in _FIELDS[cls])


def _blank(value: Any) -> bool:
    """Whether ``value`` is not a str with something other than whitespace in it.

    (``not value or value.isspace()`` is ``not value.strip()``, without a copy.)
    """
    return type(value) is not str or not value or value.isspace()


def _read_ref(d: Any, refs: dict[tuple[Any, ...], DocumentRef]) -> DocumentRef:
    if type(d) is dict and len(d) == 9:
        number, type_code, issuer = d["number"], d["type_code"], d["issuer"]
        style, year, unit = d["style"], d["year"], d["unit"]
        on, subject, source = d["issued_on"], d["subject"], d["source"]
    else:
        number, type_code, issuer, style, year, unit, on, subject, printed, law, source = _complete(
            d, DocumentRef
        )
        if printed is not None or law is not None:  # rare: the constructor checks them
            if type(style) is str and style in _STYLES:
                style = _STYLES[style]
            if (on is not None and type(on) is not str) or type(style) is not DocumentStyle:
                raise Unsupported
            return DocumentRef(
                number=number,
                type_code=type_code,
                issuer=issuer,
                style=style,
                year=year,
                unit=unit,
                issued_on=_dt.date.fromisoformat(on) if on is not None else None,
                subject=subject,
                number_text=printed,
                law_type=law,
                source=source,
            )
    # Exact types first, so that the cache key below compares exactly (1 is not True).
    if (
        (number is not None and type(number) is not int)
        or (type_code is not None and type(type_code) is not str)
        or (issuer is not None and type(issuer) is not str)
        or (year is not None and type(year) is not int)
        or (unit is not None and type(unit) is not str)
        or (on is not None and type(on) is not str)
        or (subject is not None and type(subject) is not str)
        or type(source) is not str
    ):
        raise Unsupported
    if type(style) is DocumentStyle:  # the default, when "style" is left out
        style = style._value_
    elif type(style) is not str:
        raise Unsupported
    issued_on = None if on is None else _dt.date.fromisoformat(on)
    key = (type_code, issuer, style, year, unit, subject)
    known = refs.get(key)
    if known is None:
        # The first reference with these codes and subject: the constructor
        # checks every rule of DocumentRef, and this one is kept as the sample.
        known = refs[key] = DocumentRef(
            number=number,
            type_code=type_code,
            issuer=issuer,
            style=_STYLES[style],
            year=year,
            unit=unit,
            issued_on=issued_on,
            subject=subject,
            source=source,
        )
        return known
    # The same codes and subject, already checked with the sample. What is
    # left are the rules of DocumentRef that look at one field each (tests
    # compare this with the constructor, field by field and at the bounds).
    if (number is not None and not 1 <= number <= _MAX_NUMBER) or (
        issued_on is not None and not _MIN_YEAR <= issued_on.year <= _MAX_YEAR
    ):
        raise Unsupported
    if number == known.number and issued_on == known.issued_on and source == known.source:
        return known
    ref = _new(DocumentRef)
    set_number, set_type, set_issuer, set_style, set_year, set_unit, set_on, set_subj = _REF[:8]
    set_printed, set_law, set_src = _REF[8:]
    set_printed(ref, None)
    set_law(ref, None)
    set_number(ref, number)
    set_type(ref, known.type_code)
    set_issuer(ref, known.issuer)
    set_style(ref, known.style)
    set_year(ref, known.year)
    set_unit(ref, known.unit)
    set_on(ref, issued_on)
    set_subj(ref, known.subject)
    set_src(ref, source)
    return ref


def _read_status(d: Any) -> Status:
    if type(d) is dict and len(d) == 2:
        kind, text = d["kind"], d["text"]
    else:
        kind, text = _complete(d, Status)
    if type(kind) is not str or type(text) is not str:
        raise Unsupported
    status = _new(Status)
    set_kind, set_text = _STATUS
    set_kind(status, _KINDS[kind])
    set_text(status, text)
    return status


def _read_published(value: Any) -> PublishedFigures | None:
    if value is None:
        return None
    values = _complete(value, PublishedFigures)
    for count in values[:-1]:
        if count is not None and type(count) is not int:
            raise Unsupported
    if type(values[-1]) is not str:
        raise Unsupported
    return PublishedFigures(**dict(zip(_FIELDS[PublishedFigures], values, strict=True)))


def structure(body: Any) -> Plan:
    """A :class:`~cchc_model.Plan` from a plan body; :class:`Unsupported` (or any
    error) means: read it through the converters instead."""
    if not ENABLED:
        raise Unsupported
    try:
        return _structure(body)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise Unsupported from exc


def _structure(body: Any) -> Plan:  # noqa: PLR0915 - one pass, kept flat for speed
    if type(body) is dict and len(body) == 7:
        title, issuer, year = body["title"], body["issuer"], body["year"]
        reference, report, sections_in, published = (
            body["reference"],
            body["report"],
            body["sections"],
            body["published"],
        )
    else:
        title, issuer, year, reference, report, sections_in, published = _complete(body, Plan)
    if (
        _blank(title)
        or type(issuer) is not str
        or (year is not None and (type(year) is not int or not _MIN_YEAR <= year <= _MAX_YEAR))
        or type(sections_in) is not list
    ):
        raise Unsupported

    refs: dict[tuple[Any, ...], DocumentRef] = {}
    statuses: dict[tuple[Any, Any], Status] = {}
    set_number, set_label, set_text, set_status, set_products, set_docs, set_expl, set_note = (
        _ACTIVITY
    )
    set_task_title, set_activities = _TASK
    set_numeral, set_section_title, set_tasks = _SECTION
    new = _new
    previous = 0  # activity numbers are positive and increase through the plan
    numerals: set[str] = set()
    sections = []
    for sd in sections_in:
        if type(sd) is not dict or len(sd) != 3:  # every field of a section is required
            raise Unsupported
        numeral, section_title, tasks_in = sd["numeral"], sd["title"], sd["tasks"]
        if (
            _blank(numeral)
            or numeral in numerals
            or _blank(section_title)
            or type(tasks_in) is not list
            or not tasks_in
        ):
            raise Unsupported
        numerals.add(numeral)
        tasks = []
        for td in tasks_in:
            if type(td) is not dict or len(td) != 2:  # every field of a task is required
                raise Unsupported
            task_title, activities_in = td["title"], td["activities"]
            if _blank(task_title) or type(activities_in) is not list or not activities_in:
                raise Unsupported
            activities = []
            for ad in activities_in:
                if type(ad) is dict and len(ad) == 8:
                    number, label, text, sd_ = ad["number"], ad["label"], ad["text"], ad["status"]
                    products, docs, explanation, note = (
                        ad["products"],
                        ad["documents"],
                        ad["explanation"],
                        ad["note"],
                    )
                else:
                    number, label, text, sd_, products, docs, explanation, note = _complete(
                        ad, Activity
                    )
                if (
                    type(number) is not int
                    or number <= previous
                    or type(label) is not str
                    or type(text) is not str
                    or not text
                    or text.isspace()
                    or type(products) is not str
                    or type(explanation) is not str
                    or type(note) is not str
                ):
                    raise Unsupported
                previous = number
                if type(sd_) is dict and len(sd_) == 2:
                    key = (sd_["kind"], sd_["text"])
                    status = statuses.get(key)
                    if status is None:
                        status = statuses[key] = _read_status(sd_)
                else:
                    status = _read_status(sd_)
                if type(docs) is not list and docs != ():  # () is the default
                    raise Unsupported
                act = new(Activity)
                set_number(act, number)
                set_label(act, label)
                set_text(act, text)
                set_status(act, status)
                set_products(act, products)
                set_docs(act, tuple([_read_ref(r, refs) for r in docs]) if docs else ())
                set_expl(act, explanation)
                set_note(act, note)
                activities.append(act)
            task = new(Task)
            set_task_title(task, task_title)
            set_activities(task, tuple(activities))
            tasks.append(task)
        section = new(Section)
        set_numeral(section, numeral)
        set_section_title(section, section_title)
        set_tasks(section, tuple(tasks))
        sections.append(section)

    plan = new(Plan)
    for set_, value in zip(
        _PLAN,
        (
            title,
            issuer,
            year,
            None if reference is None else _read_ref(reference, refs),
            None if report is None else _read_ref(report, refs),
            tuple(sections),
            _read_published(published),
        ),
        strict=True,
    ):
        set_(plan, value)
    return plan
