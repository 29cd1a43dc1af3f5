"""The ``json`` format: the library's JSON form in its versioned envelope.

The document is ``{"format": "cchc-model/plan", "version": 2, "status_rules": ...,
"plan": {...}}``
where the plan is what :mod:`cchc_model.formats.converters` makes of it; the schema is
``cchc_model/_data/plan.schema.json``.

Reading and writing go through the converters of :mod:`cchc_model.formats.converters`
and :mod:`json`: one path, whose errors name every path and reason. Both take
``status_rules=``: the Tiến độ texts are classified with them when reading, and
a status whose kind they do not give its text is written as an override.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cchc_model.errors import FormatError
from cchc_model.formats._common import as_text, expect_plan
from cchc_model.formats.converters import from_document, to_document
from cchc_model.model import Plan

if TYPE_CHECKING:
    from cchc_model.model.status import StatusRules

__all__ = ["JsonSerializer"]


def _reject_constant(name: str) -> Any:
    # json.loads accepts NaN, Infinity and -Infinity, which are not JSON.
    raise FormatError(f"{name} is not valid JSON", where="json input")


def decode(text: str) -> Any:
    """Parse JSON text, turning every failure into a FormatError with line and column."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            where=f"json input, line {exc.lineno}",
        ) from None
    except RecursionError:
        raise FormatError("malformed JSON: nested too deeply", where="json input") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise FormatError(f"malformed JSON: {exc}", where="json input") from None


class JsonSerializer:
    """The library's JSON form.

    ``dumps`` options: ``indent`` (``None``, the default, writes one line; an
    int pretty-prints) and ``ensure_ascii`` (default ``False``: Vietnamese
    letters are written as they are, the text is UTF-8). ``dumps`` and
    ``loads`` take ``status_rules`` (default: the built-in table): reading
    classifies each Tiến độ text with them, writing marks ``"override": true``
    where they do not give a status's kind for its text.
    """

    extensions: tuple[str, ...] = (".json",)
    binary = False
    description = "the library's JSON form (versioned envelope), reads and writes"

    def dumps(
        self,
        plan: Plan,
        *,
        indent: int | None = None,
        ensure_ascii: bool = False,
        status_rules: StatusRules | None = None,
    ) -> str:
        expect_plan(plan, "json")
        document = to_document(plan, status_rules=status_rules)
        # The converters build a tree of new dicts and lists: it has no cycles to check for.
        return json.dumps(document, ensure_ascii=ensure_ascii, indent=indent, check_circular=False)

    def loads(self, data: str | bytes, *, status_rules: StatusRules | None = None) -> Plan:
        return from_document(decode(as_text(data, "json")), status_rules=status_rules)
