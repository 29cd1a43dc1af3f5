"""The official code tables (document types, issuer codes; data files in
``cchc_model/_data`` with a source per row), read on first use, and the years a
number or date may have."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from cchc_model.documents._normalize import _name_key

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "IssuerRow",
    "TypeRow",
    "issuer_name",
    "tables",
    "type_name",
]

#: Years accepted in numbers and dates (the first documents of the Democratic
#: Republic of Vietnam are of 1945).
MIN_YEAR, MAX_YEAR = 1945, 2199

STYLES = ("administrative", "legal", "party", "cong_van")


class TypeRow(NamedTuple):
    """A row of ``_data/document_types.tsv``."""

    style: str  # administrative, legal, party, cong_van or any
    code: str | None  # None: the name introduces a number without a type code
    name: str
    source: str
    note: str


class IssuerRow(NamedTuple):
    """A row of ``_data/issuer_codes.tsv``."""

    code: str  # "{n}" stands for a term number (QH{n})
    name: str
    level: str
    source: str


def _read_tsv(filename: str, columns: tuple[str, ...]) -> list[list[str]]:
    from importlib import resources  # here, not at import: it costs ~10 ms to import

    data = resources.files("cchc_model").joinpath("_data").joinpath(filename)
    rows = [
        line.rstrip("\r\n").split("\t")
        for line in data.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    if tuple(rows[0]) != columns:  # pragma: no cover - guards hand edits of the data
        raise RuntimeError(f"{filename}: expected the columns {columns}, got {rows[0]}")
    return [row + [""] * (len(columns) - len(row)) for row in rows[1:]]


class _Tables(NamedTuple):
    types: tuple[TypeRow, ...]
    issuers: tuple[IssuerRow, ...]
    codes: dict[str, frozenset[str]]  # style -> its type codes
    names: dict[tuple[str, str], str]  # (style, code) -> full type name
    intros: dict[str, frozenset[tuple[str, str]] | None]  # name key -> (style, code or "-")
    issuer_names: dict[str, str]
    issuer_patterns: tuple[tuple[re.Pattern[str], str], ...]
    #: The names of legal normative documents numbered without a type code
    #: (Luật, Bộ luật, Nghị quyết, Pháp lệnh), by their name key.
    law_types: dict[str, str]


@functools.cache
def tables() -> _Tables:
    """The code tables, read from the data files on first use."""
    types = tuple(
        TypeRow(style, None if code == "-" else code, name, source, note)
        for style, code, name, source, note in _read_tsv(
            "document_types.tsv", ("style", "code", "name", "source", "note")
        )
    )
    issuers = tuple(
        IssuerRow(*row)
        for row in _read_tsv("issuer_codes.tsv", ("code", "name", "level", "source"))
    )
    codes = {
        style: frozenset(r.code for r in types if r.style == style and r.code) for style in STYLES
    }
    names: dict[tuple[str, str], str] = {}
    intros: dict[str, set[tuple[str, str]] | None] = {}
    for r in types:
        if r.code is not None:
            names.setdefault((r.style, r.code), r.name)
        key = _name_key(r.name)
        if r.style == "any":
            intros[key] = None  # a generic word: allows every symbol
        elif intros.get(key, set()) is not None:
            intros.setdefault(key, set()).add((r.style, r.code or "-"))  # type: ignore[union-attr]  # narrowed just above
    exact = {r.code: r.name for r in issuers if "{n}" not in r.code}
    patterns = tuple(
        (re.compile(re.escape(r.code).replace(r"\{n\}", r"([1-9][0-9]?)")), r.name)
        for r in issuers
        if "{n}" in r.code
    )
    return _Tables(
        types=types,
        issuers=issuers,
        codes=codes,
        names=names,
        intros={k: None if v is None else frozenset(v) for k, v in intros.items()},
        issuer_names=exact,
        issuer_patterns=patterns,
        law_types={_name_key(r.name): r.name for r in types if r.style == "legal" and not r.code},
    )


def type_name(style: str, code: str | None) -> str | None:
    """The full Vietnamese name of a type code in a style, when the tables know it."""
    if style == "cong_van":
        return "Công văn"
    if code is None:
        return None
    return tables().names.get((style, code))


def issuer_name(code: str) -> str | None:
    """The full name of one issuer code (``QH13`` → ``Quốc hội khóa 13``), or None."""
    t = tables()
    name = t.issuer_names.get(code)
    if name is None:
        for pattern, template in t.issuer_patterns:
            m = pattern.fullmatch(code)
            if m:
                return template.replace("{n}", m.group(1))
    return name
