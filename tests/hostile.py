"""Hostile .docx files, built at test time (no large file is kept in the repository).

Shared by the regression tests (``tests/test_hostile.py``), the reader fuzz
targets (``tests/test_fuzz_readers.py``) and the figures of ``docs/security.md``
(``benchmarks/hostile.py``). Every builder takes well under a second.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable

from cchc_model import Activity, Plan, PublishedFigures, Section, Status, Task
from cchc_model.formats._word.layout import STYLE_LABEL, style_id
from cchc_model.formats.word import write_docx

DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"


def tiny_plan(
    *, text: str = "Xây dựng kế hoạch", products: str = "", summary: str | None = None
) -> Plan:
    """A plan of one section, one task and one activity."""
    act = Activity(number=1, text=text, products=products, status=Status.parse("Hoàn thành"))
    task = Task(title="Rà soát", activities=(act,))
    published = PublishedFigures(text=summary) if summary is not None else None
    return Plan(
        title="Phụ lục", sections=(Section(numeral="I", title="Thể chế", tasks=(task,)),),
        published=published,
    )  # fmt: skip


def docx(plan: Plan | None = None, *, embed: bool = True) -> bytes:
    buffer = io.BytesIO()
    write_docx(plan or tiny_plan(), buffer, embed=embed)
    return buffer.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def edit(data: bytes, **changes: Callable[[bytes], bytes]) -> bytes:
    """``data`` with members changed: ``edit(d, document=lambda xml: ...)``."""
    names = {"document": DOCUMENT, "styles": STYLES}
    parts = members(data)
    for key, change in changes.items():
        name = names.get(key, key)
        parts[name] = change(parts.get(name, b""))
    return rezip(parts)


def foreign(data: bytes) -> bytes:
    """A document as another program writes it: no label style, so the reader
    cuts the activity label out of the cell's first line."""
    label = style_id(STYLE_LABEL).encode()
    return edit(data, styles=lambda xml: xml.replace(label, b"OtherStyle"))


def patch_headers(
    data: bytes, *, method: int | None = None, flags: int | None = None, version: int | None = None
) -> bytes:
    """Rewrite the compression method, flag bits or needed version of every member,
    in its local header and in the central directory."""
    out = bytearray(data)
    for signature, at_version, at_flags, at_method in (
        (b"PK\x03\x04", 4, 6, 8),
        (b"PK\x01\x02", 6, 8, 10),
    ):
        for m in re.finditer(re.escape(signature), data):
            base = m.start()
            for offset, value in ((at_version, version), (at_flags, flags), (at_method, method)):
                if value is not None:
                    out[base + offset : base + offset + 2] = struct.pack("<H", value)
    return bytes(out)


def deflated_zeros(size_mb: int, pattern: bytes = b"\0") -> bytes:
    """A raw deflate stream of ``size_mb`` MB of ``pattern``, made by repeating
    one flushed block: 1 GB of zeros in about 1 MB, built in milliseconds."""
    chunk = (pattern * (1024 * 1024 // len(pattern) + 1))[: 1024 * 1024]
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * size_mb + b"\x03\x00"  # an empty final block


def zip_with_raw(parts: dict[str, bytes], name: str, packed: bytes, size: int) -> bytes:
    """``parts`` zipped, plus member ``name`` whose deflate data is ``packed`` and
    which declares ``size`` bytes unpacked (its CRC is not computed: the reader
    must refuse it from the declared size, before unpacking anything)."""
    data = bytearray(rezip(parts))
    end = data.rindex(b"PK\x05\x06")
    count, cd_size, cd_offset = struct.unpack("<HII", data[end + 10 : end + 20])
    directory = bytes(data[cd_offset : cd_offset + cd_size])
    encoded = name.encode()
    offset = cd_offset
    local = struct.pack(
        "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, 0, len(packed), size, len(encoded), 0
    )
    entry = struct.pack(
        "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, 0, len(packed), size,
        len(encoded), 0, 0, 0, 0, 0, offset,
    )  # fmt: skip
    body = bytes(data[:cd_offset]) + local + encoded + packed
    new_directory = directory + entry + encoded
    record = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, count + 1, count + 1, len(new_directory), len(body), 0
    )
    return body + new_directory + record


def plan_part(parts: dict[str, bytes]) -> str:
    """The name of the member that carries the embedded plan."""
    return next(n for n, d in parts.items() if b"urn:cchc-model:plan" in d)


#: The hostile files of issue 16, by name: each builds in well under a second.
def bombs() -> dict[str, Callable[[], bytes]]:
    def unused_gigabyte() -> bytes:
        return zip_with_raw(
            members(docx()), "word/media/unused.bin", deflated_zeros(1000), 1000 << 20
        )

    def empty_paragraphs() -> bytes:
        # Tens of millions of <w:p/> in half a megabyte, as the body of the document.
        parts = members(docx())
        xml = parts.pop(DOCUMENT)
        head, tail = xml.split(b"<w:body>")
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = packer.compress(head + b"<w:body>") + packer.flush(zlib.Z_FULL_FLUSH)
        paragraphs = deflated_zeros(60, b"<w:p/>")[:-2]
        packed += paragraphs + packer.compress(b"<w:body>" + tail) + packer.flush()
        size = len(head) + 8 + 60 * (1 << 20) + 8 + len(tail)
        return zip_with_raw(parts, DOCUMENT, packed, size)

    def embedded_gigabyte() -> bytes:
        parts = members(docx())
        item = plan_part(parts)
        del parts[item]
        return zip_with_raw(parts, item, deflated_zeros(1000, b"[[[[ "), 1000 << 20)

    return {
        "unused-member-1GB": unused_gigabyte,
        "empty-paragraphs-60MB": empty_paragraphs,
        "embedded-json-1GB": embedded_gigabyte,
    }
