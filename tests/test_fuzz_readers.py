"""Fuzz targets, one per reader (issue 16): mutated real files, only the library's errors.

Each target starts from a real file (the bundled Thanh Xá appendix written in
the reader's format) and mutates it: bytes for every reader, the zip structure
(header fields of the members and the central directory) and the XML of
``word/document.xml`` for the Word reader. Whatever the input, the reader
returns a plan or raises a :class:`~cchc_model.errors.CCHCError`, within the
hang guard (one second of CPU under ``make fuzz``).

``make test`` runs a few examples per target; ``make fuzz`` runs the ``fuzz``
hypothesis profile (20,000 examples per target and round). With
``CCHC_FUZZ_STATS=FILE`` the run writes, per reader, how many inputs it tried
and its slowest input's time and peak memory (the figures of docs/security.md).

Adding a reader is one line in :data:`READERS` (the PDF reader, when it comes:
``"pdf": Target(lambda: dumps(PLAN, format="pdf"), _loads("pdf"))``).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_model import DocumentRef, Status, find_document_refs
from cchc_model.errors import CCHCError
from cchc_model.examples import thanh_xa_2023
from cchc_model.formats import dumps, loads

from . import hostile as H

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
#: CPU seconds one input may take: the issue's bound under ``make fuzz``, a hang
#: guard on the shared machines of ``make test``.
BOUND = 1.0 if FUZZ else 15.0
#: A few examples per target in ``make test``; the profile's number under ``make fuzz``,
#: or ``CCHC_FUZZ_EXAMPLES`` when it is set.
_EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "0")) or (None if FUZZ else 15)
SHORT: Callable[[Any], Any] = (
    (lambda f: f) if _EXAMPLES is None else settings(max_examples=_EXAMPLES)
)


@attrs.frozen
class Target:
    """A reader to fuzz: the real file its mutations start from, and how to read bytes."""

    seed: Callable[[], bytes]
    read: Callable[[bytes], object]
    #: A zip package: its header fields are mutated too.
    zip: bool = False
    #: The XML member of the package whose elements are mutated.
    xml_part: str | None = None


def _loads(fmt: str) -> Callable[[bytes], object]:
    return lambda data: loads(data, format=fmt)


@functools.cache
def _written(fmt: str) -> bytes:
    data = dumps(thanh_xa_2023(), format=fmt)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _text(read: Callable[[str], object]) -> Callable[[bytes], object]:
    return lambda data: read(data.decode("utf-8", errors="surrogateescape"))


_REFS = (
    "Kế hoạch số 63/KH-UBND ngày 30/12/2022 về CCHC; Nghị quyết 27-NQ/ĐU, "
    "QĐ số 18/QĐ-BCĐ ngày 07/7/2023, 30/2020/NĐ-CP, 123/UBND-VP, Số:  /BC-UBND"
).encode()

#: The readers and their seeds. Adding one is one line.
READERS: dict[str, Target] = {
    "xlsx": Target(
        lambda: _written("xlsx"), _loads("xlsx"), zip=True, xml_part="xl/worksheets/sheet1.xml"
    ),
    "json": Target(lambda: _written("json"), _loads("json")),
    "csv": Target(lambda: _written("csv"), _loads("csv")),
    "sheet": Target(lambda: _written("sheet"), _loads("sheet")),
    "docx": Target(lambda: _written("docx"), _loads("docx"), zip=True, xml_part=H.DOCUMENT),
    "parse": Target(lambda: b"63/KH-UBND", _text(DocumentRef.parse)),
    "find_document_refs": Target(lambda: _REFS, _text(lambda t: list(find_document_refs(t)))),
    "status": Target("Hoàn thành 80%, đang triển khai".encode, _text(Status.parse)),
}

# --------------------------------------------------------------------------- #
# Mutations
# --------------------------------------------------------------------------- #

#: Tokens that break readers: nesting, escapes, huge numbers, controls, XML oddities.
TOKENS = [
    b"[" * 50_000, b'{"a":' * 2_000, b"\\ud800", b"\\", b'"', b",", b"\n", b"\r", b"\x00",
    b"1e999", b"NaN", b"-0", b"9" * 5_000, b"\xed\xa0\x80", b"\xff\xfe", b"\xef\xbb\xbf",
    "\u202e\u0085\u200f".encode(), b"=1+1", b"120%", b"&#xD800;", b"&amp;", b"<!DOCTYPE x>",
    b"<w:gridSpan/>", b'<w:gridSpan w:val="0"/>', b'<w:gridSpan w:val="-3"/>',
    b'<w:gridSpan w:val="99999999"/>', b'<w:vMerge w:val="nonsense"/>', b"<w:tc/>", b"<w:tr/>",
    b"<w:tbl/>", b"<w:p/>" * 1_000, "<w:t>Hoàn thành 120% kế hoạch</w:t>".encode(),
]  # fmt: skip


def _bytes_mutation(data: bytes, draw: st.DrawFn) -> bytes:
    size = len(data)
    at = draw(st.integers(0, size))
    length = draw(st.integers(0, 64))
    op = draw(st.sampled_from(["flip", "insert", "token", "delete", "duplicate", "truncate"]))
    if op == "flip" and size:
        at = min(at, size - 1)
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    if op == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    if op == "token":
        return data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]
    if op == "delete":
        return data[:at] + data[at + length :]
    if op == "duplicate":
        return data[:at] + data[at : at + length] * draw(st.integers(2, 200)) + data[at:]
    return data[:at]


@st.composite
def mutated_bytes(draw: st.DrawFn, seed: bytes) -> bytes:
    data = seed
    for _ in range(draw(st.integers(1, 4))):
        data = _bytes_mutation(data, draw)
    return data


#: The 2-byte and 4-byte fields of a local header (PK\3\4) and a central directory
#: entry (PK\1\2), by offset: versions, flags, method, CRC, sizes, name and extra
#: lengths, the local header's offset.
_ZIP_FIELDS = {
    b"PK\x03\x04": [(4, 2), (6, 2), (8, 2), (14, 4), (18, 4), (22, 4), (26, 2), (28, 2)],
    b"PK\x01\x02": [(4, 2), (6, 2), (8, 2), (10, 2), (16, 4), (20, 4), (24, 4), (28, 2),
                    (30, 2), (42, 4)],
    b"PK\x05\x06": [(8, 2), (10, 2), (12, 4), (16, 4), (20, 2)],
}  # fmt: skip


@st.composite
def mutated_zip(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with header fields of its zip structure rewritten."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 3))):
        signature = draw(st.sampled_from(sorted(_ZIP_FIELDS)))
        places = [m.start() for m in re.finditer(re.escape(signature), bytes(data))]
        if not places:
            continue
        base = draw(st.sampled_from(places))
        offset, width = draw(st.sampled_from(_ZIP_FIELDS[signature]))
        top = (1 << (8 * width)) - 1
        value = draw(
            st.sampled_from([0, 1, 8, 9, 12, 14, 99, 63, 64, top, top - 1]) | st.integers(0, top)
        )
        data[base + offset : base + offset + width] = value.to_bytes(width, "little")
    return bytes(data)  # fmt: skip


_ELEMENT = re.compile(
    rb"<w:(tr|tc|p|tbl|tcPr|gridSpan|vMerge|r|t)\b[^>]*?(?:/>|>.*?</w:\1>)", re.DOTALL
)


@st.composite
def mutated_xml(draw: st.DrawFn, seed: bytes, part: str) -> bytes:
    """``seed`` (a zip package) with its XML member ``part`` changed: elements
    deleted, duplicated or swapped for hostile ones, tokens inserted, bytes changed."""
    parts = H.members(seed)
    xml = parts[part]
    for _ in range(draw(st.integers(1, 3))):
        spans = [m.span() for m in _ELEMENT.finditer(xml, draw(st.integers(0, len(xml))))][:50]
        op = draw(st.sampled_from(["delete", "duplicate", "replace", "token", "bytes"]))
        if op in ("delete", "duplicate", "replace") and spans:
            start, end = draw(st.sampled_from(spans))
            middle = {
                "delete": b"",
                "duplicate": xml[start:end] * draw(st.integers(2, 50)),
                "replace": draw(st.sampled_from(TOKENS)),
            }[op]
            xml = xml[:start] + middle + xml[end:]
        elif op == "token":
            at = draw(st.integers(0, len(xml)))
            xml = xml[:at] + draw(st.sampled_from(TOKENS)) + xml[at:]
        else:
            xml = _bytes_mutation(xml, draw)
    parts[part] = xml
    return H.rezip(parts)


def _strategies(target: Target, seed: bytes) -> dict[str, st.SearchStrategy[bytes]]:
    """The mutations of a reader: bytes for all, zip structure and XML for packages."""
    found = {"bytes": mutated_bytes(seed)}
    if target.zip:
        found["zip"] = mutated_zip(seed)
    if target.xml_part is not None:
        found["xml"] = mutated_xml(seed, target.xml_part)
    return found


CASES = [
    (name, kind)
    for name, target in READERS.items()
    for kind in ("bytes", "zip" * target.zip, "xml" * (target.xml_part is not None))
    if kind
]

# --------------------------------------------------------------------------- #
# The property, and the figures of docs/security.md
# --------------------------------------------------------------------------- #

#: Per reader: inputs tried, the slowest one and its CPU seconds.
STATS: dict[str, dict[str, Any]] = {}


def _record(name: str, data: bytes, seconds: float) -> None:
    entry = STATS.setdefault(name, {"inputs": 0, "seconds": -1.0, "input": b""})
    entry["inputs"] += 1
    if seconds > entry["seconds"]:
        entry.update(seconds=seconds, input=data)


@pytest.fixture(scope="module", autouse=True)
def _write_stats() -> Iterator[None]:
    yield
    path = os.environ.get("CCHC_FUZZ_STATS")
    if not path or not STATS:
        return
    report = {}
    for name, entry in sorted(STATS.items()):
        tracemalloc.start()
        with contextlib.suppress(CCHCError):
            READERS[name].read(entry["input"])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        report[name] = {
            "inputs": entry["inputs"],
            "slowest_seconds": round(entry["seconds"], 4),
            "slowest_input_bytes": len(entry["input"]),
            "slowest_peak_mb": round(peak / 1e6, 1),
        }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)


@pytest.mark.parametrize(("name", "kind"), CASES)
@SHORT
@given(st.data())
def test_readers_raise_only_library_errors(name: str, kind: str, data: st.DataObject) -> None:
    target = READERS[name]
    strategy = _strategies(target, _seed(name))[kind]
    hostile = data.draw(strategy, label=f"{name}/{kind}")
    _warm(name)  # imports and tables loaded on first use are not the input's cost
    start = time.process_time()
    with contextlib.suppress(CCHCError):
        target.read(hostile)
    seconds = time.process_time() - start
    _record(name, hostile, seconds)
    assert seconds < BOUND, f"{name}/{kind}: {len(hostile):,} bytes took {seconds:.2f} s"


@functools.cache
def _seed(name: str) -> bytes:
    return READERS[name].seed()


@functools.cache
def _warm(name: str) -> None:
    with contextlib.suppress(CCHCError):
        READERS[name].read(_seed(name))


def test_every_reading_format_has_a_target() -> None:
    # A format whose loads() reads is fuzzed here (pdf, which writes nothing to
    # mutate, by its own tests): a new reader cannot slip through.
    from cchc_model.formats import available_formats

    reading = set()
    for fmt in available_formats():
        try:
            loads(b"x" if fmt in ("docx", "xlsx") else "x", format=fmt)
        except CCHCError as exc:
            if "only writes" in str(exc):
                continue
        reading.add(fmt)
    assert reading - set(READERS) <= {"pdf"}
