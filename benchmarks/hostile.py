"""Hostile .docx files against the Word reader: CPU time and peak memory of each.

Run it with ``python benchmarks/hostile.py`` (``--markdown`` for docs/security.md).
Each case is built in this process (by ``tests/hostile.py``), then read by a
fresh interpreter, so the peak memory (``ru_maxrss``) is the reader's own plus
the interpreter and python-docx (about 60 MB, printed as "baseline").

The cases: the decompression bombs of issue 16 (refused before unpacking), and
documents just inside the default :class:`~cchc_model.ZipLimits` — the most XML
elements, the most XML text — which are the slowest inputs the reader accepts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests.hostile: the builders of the regression tests

from tests import hostile as H  # noqa: E402

from cchc_model import ZipLimits  # noqa: E402

_READ = """
import json, resource, sys, time
from cchc_model import read_docx
from cchc_model.errors import CCHCError
data = open(sys.argv[1], "rb").read()
start = time.process_time()
outcome = "read"
if sys.argv[2] == "read":
    try:
        read_docx(data)
    except CCHCError as exc:
        outcome = type(exc).__name__ + ": " + str(exc).split(", more than")[0][:60]
else:
    import docx  # the baseline: the interpreter and python-docx imported
    outcome = "nothing read"
seconds = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "outcome": outcome}))
"""


def _at_limit_elements() -> bytes:
    # Empty paragraphs above the table up to just under max_xml_elements, stored
    # (not deflated) so that the ratio limit does not refuse it first.
    data = H.docx()
    base = sum(d.count(b"<") for n, d in H.members(data).items() if n.endswith((".xml", ".rels")))
    room = ZipLimits().max_xml_elements - base - 10
    parts = H.members(data)
    parts[H.DOCUMENT] = parts[H.DOCUMENT].replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * room)
    return H.rezip(parts, zipfile.ZIP_STORED)


def _at_limit_products(filler_text: str) -> Callable[[], bytes]:
    # The products cell (where document numbers are looked for) as long as
    # max_xml_size allows, in runs of 1 MB.
    def build() -> bytes:
        plan = H.tiny_plan(products="Quyết định số 18/QĐ-BCĐ")
        parts = H.members(H.docx(plan, embed=False))
        room = ZipLimits().max_xml_size - sum(
            len(d) for n, d in parts.items() if n.endswith((".xml", ".rels"))
        )
        run = filler_text.encode() * (1_000_000 // len(filler_text.encode()))
        filler = b"</w:t></w:r><w:r><w:t>".join([run] * (room // (len(run) + 30)))
        xml = parts[H.DOCUMENT]
        parts[H.DOCUMENT] = xml.replace("Quyết định số 18/QĐ-BCĐ".encode(), filler, 1)
        return H.rezip(parts, zipfile.ZIP_STORED)

    return build


def _at_limit_text() -> bytes:
    # One activity whose text is as long as max_xml_size allows (4-byte letters
    # would be fewer characters: this is the most work per byte).
    parts = H.members(H.docx(embed=False))
    room = ZipLimits().max_xml_size - sum(
        len(d) for n, d in parts.items() if n.endswith((".xml", ".rels"))
    )
    # Runs of 1 MB: libxml2 refuses a single text node over 10 MB.
    run = "Rà soát văn bản số 63/KH-UBND ngày 30/12/2022 ".encode() * 20_000
    filler = b"</w:t></w:r><w:r><w:t>".join([run] * (room // (len(run) + 30)))
    xml = parts[H.DOCUMENT]
    parts[H.DOCUMENT] = xml.replace("Xây dựng".encode(), "Xây ".encode() + filler, 1)
    return H.rezip(parts, zipfile.ZIP_STORED)


def _long_label() -> bytes:
    text = "1. Hoạt động 1: " + "Tổ chức rà soát " * 50_000
    parts = H.members(H.foreign(H.docx(H.tiny_plan(text=text), embed=False)))
    return H.rezip(parts, zipfile.ZIP_STORED)  # stored: the ratio limit would refuse it


def cases() -> dict[str, Callable[[], bytes]]:
    return {
        **H.bombs(),
        "elements-at-limit": _at_limit_elements,
        "xml-text-at-limit": _at_limit_text,
        "near-refs-products-at-limit": _at_limit_products("số 63/KH-UBND ngày 31/02/ "),
        "valid-refs-products-at-limit": _at_limit_products("số 63/KH-UBND ngày 30/12/2022 "),
        "label-1MB-foreign": _long_label,
    }


def _run(path: str, mode: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _READ, path, mode], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "case.docx")
        Path(path).write_bytes(H.docx())
        rows.append(("baseline", 0, _run(path, "base")))
        for name, build in cases().items():
            data = build()
            Path(path).write_bytes(data)
            rows.append((name, len(data), _run(path, "read")))
    if args.markdown:
        print("| input | size | CPU time | peak memory | outcome |")
        print("| --- | ---: | ---: | ---: | --- |")
    for name, size, r in rows:
        line = (name, f"{size / 1e6:.2f} MB", f"{r['seconds']:.2f} s", f"{r['peak_mb']:.0f} MB")
        if args.markdown:
            print("| " + " | ".join(line) + f" | {r['outcome']} |")
        else:
            print(f"{line[0]:<28} {line[1]:>9} {line[2]:>8} {line[3]:>8}  {r['outcome']}")


if __name__ == "__main__":
    main()
