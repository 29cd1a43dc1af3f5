"""cattrs converters for the library's own JSON form.

:func:`make_converter` returns a fresh, configured :class:`cattrs.Converter`;
:func:`configure_converter` documents (and applies) its rules, so you can add
them to a converter of your own:

* every attrs class of the model becomes a dict of *all* its fields, under
  their attribute names, in declaration order (no field is omitted, so the form
  is explicit and easy to validate), but for a document reference's
  ``number_text`` and ``law_type``, written only when set;
* an activity also carries its derived ``documents`` (the references found in
  its ``products``), after its fields, for tools in other languages; reading
  ignores them and derives them again from ``products``, so an edited products
  text always wins;
* a status is ``{"kind": ..., "text": ...}``, and the Tiến độ *text* is its
  source: reading classifies the text with the status rules in force (the
  built-in table unless you pass ``status_rules=``), and a ``kind`` that
  disagrees with the text is an error naming its path (``kind`` may be left
  out). A kind the rules do not give for its text is kept only when it is
  marked as a deliberate override,
  ``{"kind": "completed", "text": "…", "override": true}``; writing adds that
  mark exactly where the rules give another kind for the text, or none;
* tuples become lists, and lists are accepted back (only lists: an object or
  a string where a list belongs is an error, not an empty or a split list;
  likewise only an object is read as an object);
* :class:`datetime.date` becomes an ISO string ``"2023-09-11"``;
* enums (:class:`~cchc_model.StatusKind`, :class:`~cchc_model.DocumentStyle`)
  become their string values;
* structuring validates: a wrong type, a missing field or a broken invariant
  raises :class:`~cchc_model.errors.FormatError` naming the path
  (``$.sections[0].tasks[2].activities``) and the reason; a Tiến độ text no
  rule classifies (without an override) raises
  :class:`~cchc_model.errors.UnknownStatus`, naming the path of its status.

:func:`structure_plan` (and :func:`from_document`) first read with a converter
without detailed validation, whose hooks cattrs generates for each class; only
when that fails is the input read again with a detailed one, to name the path.

The whole document is wrapped in a versioned envelope (see :func:`to_document`)
so that later versions of the library can read files written by this one.

>>> from cchc_model.formats.converters import from_document, to_document
>>> from cchc_model.examples import thanh_xa_2023
>>> doc = to_document(thanh_xa_2023())
>>> doc["format"], doc["version"], doc["plan"]["sections"][0]["numeral"]
('cchc-model/plan', 2, 'I')
>>> from_document(doc) == thanh_xa_2023()
True
"""

from __future__ import annotations

import datetime as _dt
import typing
from typing import Any

import attrs
import cattrs
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from cchc_model._text import nfc
from cchc_model.documents import DocumentRef, DocumentStyle
from cchc_model.errors import CCHCError, FormatError, UnknownStatus
from cchc_model.formats._json_status import (
    BadValue,
    rules_in_force,
    structure_status,
    unstructure_status,
)
from cchc_model.model import Activity, Plan, Status
from cchc_model.model.status import DEFAULT_RULES, StatusRules

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "configure_converter",
    "from_document",
    "make_converter",
    "structure_plan",
    "to_document",
]

#: The ``format`` member of the envelope.
FORMAT_NAME = "cchc-model/plan"
#: The version of the JSON form this library writes (and the newest it reads).
FORMAT_VERSION = 2


def _structure_date(value: Any, _: Any = None) -> _dt.date:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if not isinstance(value, str):
        raise BadValue(f"a date must be an ISO string 'YYYY-MM-DD', got {value!r}")
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise BadValue(f"not an ISO date 'YYYY-MM-DD': {value!r}") from None


def _structure_int(value: Any, _: Any = None) -> int:
    # JSON has one number type; refuse floats and bools instead of truncating them.
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue(f"expected an integer, got {value!r}")
    return value


def _structure_number(value: Any, _: Any = None) -> int | float:
    # A percent as printed: an int, or a float when printed with decimals (98.62).
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadValue(f"expected a number, got {value!r}")
    return value


def _structure_str(value: Any, _: Any = None) -> str:
    if not isinstance(value, str):
        raise BadValue(f"expected a string, got {value!r}")
    # NFC at the boundary, as every reader gives text (the check is a fast scan).
    return nfc(value)


def _structure_style(value: Any, _: Any = None) -> DocumentStyle:
    # DocumentStyle is a str subclass: without this hook the str hook below
    # would take it and hand the bare string to DocumentRef, which rejects it.
    if not isinstance(value, str):
        raise BadValue(f"expected a string, got {value!r}")
    return DocumentStyle(value)


def _optional(structure: Any) -> Any:
    def hook(value: Any, _: Any) -> Any:
        return None if value is None else structure(value)

    return hook


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(type_: Any, converter: cattrs.Converter) -> Any:
    # cattrs makes a tuple of any iterable: {} and "" would become (), "ab"
    # two items. Only a list (or a tuple, from Python) is a JSON array.
    item_type = typing.get_args(type_)[0]
    if converter.detailed_validation:  # cattrs' list hook names the index of a failure
        as_list: Any = list[item_type]  # type: ignore[valid-type] # a runtime type

        def detailed(value: Any, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                raise BadValue(f"expected a JSON array, got {type(value).__name__}")
            return tuple(converter.structure(value, as_list))

        return detailed
    item = converter.get_structure_hook(item_type)

    def fast(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise BadValue(f"expected a JSON array, got {type(value).__name__}")
        return tuple([item(v, item_type) for v in value])

    return fast


#: Members an object may carry beyond its class's fields: written, never read.
_OUTPUT_ONLY: dict[type, frozenset[str]] = {Activity: frozenset({"documents"})}


def _object_hook(cls: type, converter: cattrs.Converter) -> Any:
    # Without the dict check a string where an object belongs fails deep inside
    # cattrs ("'str' object has no attribute 'keys'").
    output_only = _OUTPUT_ONLY.get(cls, frozenset())
    if converter.detailed_validation:
        structure: Any = converter.gen_structure_attrs_fromdict(cls)

        def detailed(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                raise BadValue(f"expected a JSON object, got {type(value).__name__}")
            if not output_only.isdisjoint(value):
                value = {k: v for k, v in value.items() if k not in output_only}
            return structure(value, cls)

        return detailed
    # Without detailed validation: the generated function for the fields, and
    # one subset test for unknown members (the detailed reading names them).
    fields: Any = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=False)
    allowed = frozenset(a.name for a in attrs.fields(cls) if a.init) | output_only

    def fast(value: Any, _: Any) -> Any:
        if type(value) is not dict or not value.keys() <= allowed:
            raise BadValue(f"not an object of {cls.__name__}'s members")
        return fields(value, cls)

    return fast


def _tuple_to_list_hook(type_: Any, converter: cattrs.Converter) -> Any:
    # The item hook looked up once, not per item through a generator.
    item = converter.get_unstructure_hook(typing.get_args(type_)[0])
    if item is identity:
        return list

    def hook(values: tuple[Any, ...]) -> list[Any]:
        return [item(v) for v in values]

    return hook


_STYLES = {style: style.value for style in DocumentStyle}


def _unstructure_optional_date(value: _dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _unstructure_activity_hook(converter: cattrs.Converter) -> Any:
    # Activity.documents is derived from products: written for other tools,
    # never read back (the products text is the source).
    fields: Any = make_dict_unstructure_fn(Activity, converter)
    documents = converter.get_unstructure_hook(tuple[DocumentRef, ...])

    def unstructure(activity: Activity) -> dict[str, Any]:
        data: dict[str, Any] = fields(activity)
        data["documents"] = documents(activity.documents)
        return data

    return unstructure


# --------------------------------------------------------------------------- #
# Converters
# --------------------------------------------------------------------------- #


def configure_converter(converter: cattrs.Converter) -> None:
    """Apply the rules of the library's JSON form to ``converter`` (see the module doc).

    With ``detailed_validation`` the converter's errors name every failing
    path; without it, its hooks are the faster ones :func:`structure_plan`
    tries first.
    """
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, lambda type_: _tuple_hook(type_, converter)
    )
    converter.register_structure_hook_factory(attrs.has, lambda cls: _object_hook(cls, converter))
    converter.register_unstructure_hook_factory(
        _is_homogeneous_tuple, lambda type_: _tuple_to_list_hook(type_, converter)
    )
    converter.register_unstructure_hook(_dt.date, _dt.date.isoformat)
    converter.register_unstructure_hook(_dt.date | None, _unstructure_optional_date)
    # JSON-ready as they are: the generated functions copy them without a call.
    for optional in (int | None, str | None):
        converter.register_unstructure_hook(optional, identity)
    converter.register_unstructure_hook(DocumentStyle, _STYLES.__getitem__)
    converter.register_structure_hook(DocumentStyle, _structure_style)
    for type_, structure in (
        (_dt.date, _structure_date),
        (int, _structure_int),
        (str, _structure_str),
    ):
        converter.register_structure_hook(type_, structure)
        converter.register_structure_hook(type_ | None, _optional(structure))
    converter.register_structure_hook(int | float | None, _optional(_structure_number))
    converter.register_structure_hook(Status, structure_status)
    converter.register_unstructure_hook(Status, unstructure_status)
    # A reference's number as printed and its law type are written only when set,
    # so that references without them keep the form of earlier versions.
    converter.register_unstructure_hook(
        DocumentRef,
        make_dict_unstructure_fn(
            DocumentRef,
            converter,
            number_text=override(omit_if_default=True),
            law_type=override(omit_if_default=True),
        ),
    )
    # Last: the activity hook is generated with the hooks above in place.
    converter.register_unstructure_hook(Activity, _unstructure_activity_hook(converter))


def make_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """A new converter configured for the library's JSON form."""
    converter = cattrs.Converter(detailed_validation=detailed_validation, forbid_extra_keys=True)
    configure_converter(converter)
    return converter


_FAST = make_converter(detailed_validation=False)
_DETAILED = make_converter()


def to_document(
    plan: Plan,
    *,
    converter: cattrs.Converter | None = None,
    status_rules: StatusRules | None = None,
) -> dict[str, Any]:
    """``plan`` as a JSON-ready dict inside the versioned envelope.

    A status gets ``"override": true`` where ``status_rules`` (default: the
    built-in table) give its text another kind, or none.
    """
    with rules_in_force(status_rules):  # (checks what status_rules is)
        body = (converter or _FAST).unstructure(plan)
    rules = DEFAULT_RULES if status_rules is None else status_rules
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "status_rules": rules.fingerprint,  # the rules the kinds were classified with
        "plan": body,
    }


def from_document(
    document: Any,
    *,
    converter: cattrs.Converter | None = None,
    status_rules: StatusRules | None = None,
) -> Plan:
    """Read a :class:`~cchc_model.Plan` from the envelope :func:`to_document` makes.

    The Tiến độ texts are classified with ``status_rules`` (default: the
    built-in table). Raises :class:`~cchc_model.errors.FormatError` for
    anything that is not a complete, valid plan of a version this library
    reads, and :class:`~cchc_model.errors.UnknownStatus` for a Tiến độ text no
    rule classifies (without an override); never returns a half-built plan.
    """
    if not isinstance(document, dict):
        raise FormatError(f"expected a JSON object, got {type(document).__name__}", where="$")
    if document.get("format") != FORMAT_NAME:
        raise FormatError(
            f"not a cchc-model plan: 'format' is {document.get('format')!r}, "
            f"expected {FORMAT_NAME!r}",
            where="$.format",
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise FormatError(f"'version' must be an integer, got {version!r}", where="$.version")
    if version > FORMAT_VERSION:
        raise FormatError(
            f"unsupported version {version}: the file comes from a newer cchc-model (this one "
            f"reads versions 1 to {FORMAT_VERSION}); upgrade cchc-model (pip install -U . in an "
            "updated clone of its repository)",
            where="$.version",
        )
    if version < 1:
        raise FormatError(
            f"unsupported version {version}: versions start at 1 "
            f"(this library reads versions 1 to {FORMAT_VERSION})",
            where="$.version",
        )
    extra = set(document) - {"format", "version", "status_rules", "plan"}
    if extra:
        raise FormatError(f"unexpected member(s) {sorted(extra)}", where="$")
    if "plan" not in document:
        raise FormatError("the 'plan' member is missing", where="$")
    written_with = document.get("status_rules")  # version 2 on
    if written_with is not None and not isinstance(written_with, str):
        raise FormatError(
            f"'status_rules' must be a string, got {written_with!r}", where="$.status_rules"
        )
    with rules_in_force(status_rules, written_with):
        return _structure(document["plan"], converter, "$.plan")


def structure_plan(
    data: Any,
    *,
    converter: cattrs.Converter | None = None,
    where: str = "$",
    status_rules: StatusRules | None = None,
) -> Plan:
    """Read a plan body — the ``"plan"`` member of the envelope, without it.

    For a plan embedded in a JSON document of your own. The Tiến độ texts are
    classified with ``status_rules`` (default: the built-in table). Every
    failure is a :class:`~cchc_model.errors.FormatError` whose message starts
    with ``where`` (the path of the body in your document) and names the field.

    >>> from cchc_model.examples import thanh_xa_2023
    >>> body = to_document(thanh_xa_2023())["plan"]
    >>> structure_plan(body) == thanh_xa_2023()
    True
    >>> structure_plan({**body, "year": "2023"}, where="$.p")
    Traceback (most recent call last):
    ...
    cchc_model.errors.FormatError: $.p.year: expected an integer, got '2023'
    """
    with rules_in_force(status_rules):
        return _structure(data, converter, where)


def _structure(data: Any, converter: cattrs.Converter | None, where: str) -> Plan:
    # Within rules_in_force: the fast converter, and the detailed one on failure.
    if converter is None:
        try:
            return _FAST.structure(data, Plan)
        except Exception:  # read again below, for the path and reason of the error
            converter = _DETAILED
    return _structure_detailed(data, converter, where)


def _structure_detailed(data: Any, converter: cattrs.Converter, where: str) -> Plan:
    try:
        return converter.structure(data, Plan)
    except CCHCError as exc:  # its reason, and where in the plan (not the text twice)
        reason = exc.reason if exc.where is None else f"{exc.where}: {exc.reason}"
        raise FormatError(reason, text=exc.text, span=exc.span, where=where) from exc
    except cattrs.BaseValidationError as exc:
        path, reason = describe_errors(exc, where)
        first = _first_error(exc)
        if isinstance(first, UnknownStatus):  # as every reader raises it, naming the place
            raise UnknownStatus(reason, text=first.text, span=first.span, where=path) from exc
        raise FormatError(reason, where=path) from exc
    except BadValue as exc:  # the body itself is not an object
        raise FormatError(str(exc), where=where) from exc
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise FormatError(f"{type(exc).__name__}: {exc}", where=where) from exc


def _first_error(exc: BaseException) -> BaseException:
    # The failure transform_error names first: the first leaf of the groups.
    while isinstance(exc, cattrs.BaseValidationError) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _format_exception(exc: BaseException, type_: type | None) -> str:
    # transform_error appends " @ $.path" to whatever this returns.
    if isinstance(exc, UnknownStatus):
        return exc.reason
    if isinstance(exc, CCHCError):
        return f"invalid value: {exc.reason}"
    if isinstance(exc, BadValue):
        return str(exc)
    if type(exc) is ValueError:
        # e.g. an enum's "'done' is not a valid StatusKind"
        return f"invalid value: {exc}"
    return cattrs.v.format_exception(exc, type_)


def describe_errors(exc: cattrs.BaseValidationError, where: str) -> tuple[str, str]:
    """(the path of the first error, what is wrong there and at up to two more paths).

    cattrs names each failure "reason @ path"; the first path becomes the
    error's ``where``, so that it reads "$.plan.year: expected an integer".
    """
    messages = cattrs.transform_error(exc, path=where, format_exception=_format_exception)
    found = [m.rsplit(" @ ", 1) if " @ " in m else [m, where] for m in messages]
    path = found[0][1]
    reasons = [found[0][0]] + [f"{p}: {r}" for r, p in found[1:3]]
    more = len(found) - 3
    return path, "; ".join(reasons) + (f" (and {more} more)" if more > 0 else "")
