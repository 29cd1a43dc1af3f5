"""Benchmark: DocumentRef.parse and find_document_refs on 100k clean references.

Run from the repository root::

    .venv/bin/python benchmarks/bench_documents.py

Prints references per second for ``DocumentRef.parse``, beside the bare match
of the two regexes it may run (the clean-citation pattern it tries first, then
the whole-reference pattern of the full parser), and for ``find_document_refs``
over the same references joined into one text, all in the same run so the
numbers compare; then the CPU seconds of both on dense 1 MB inputs. Best of
three rounds. Not a test: timings depend on the machine (and on its load).
"""

from __future__ import annotations

import platform
import random
import sys
import time
from collections.abc import Callable

from cchc_model.documents import DocumentRef, _clean, _grammar, find_document_refs
from cchc_model.errors import InvalidDocumentRef

COUNT = 100_000
ROUNDS = 3


def references(count: int, seed: int = 2023) -> list[str]:
    """``count`` distinct clean citations of every layout, bare or with name and date."""
    rng = random.Random(seed)
    names = {"KH": "Kế hoạch", "QĐ": "Quyết định", "BC": "Báo cáo", "TB": "Thông báo"}
    issuers = ["UBND", "HĐND", "BCĐ", "SNV", "TKT"]
    out: list[str] = []
    for i in range(count):
        number = i // 6 + 1  # distinct within each layout
        kind = i % 6
        if kind == 0:
            out.append(f"{number:02d}/{rng.choice(list(names))}-{rng.choice(issuers)}")
        elif kind == 1:
            code = rng.choice(list(names))
            day, month = rng.randint(1, 28), rng.randint(1, 12)
            out.append(f"{names[code]} số {number:02d}/{code}-UBND ngày {day:02d}/{month}/2023")
        elif kind == 2:
            out.append(f"{number:02d}/{rng.randint(2000, 2024)}/NĐ-CP")
        elif kind == 3:
            out.append(f"{number:02d}-NQ/{rng.choice(['ĐU', 'TU', 'HU'])}")
        elif kind == 4:
            out.append(f"{number}/UBND-{rng.choice(['VP', 'NC', 'KT', 'TN&MT'])}")
        else:
            out.append(f"Thông báo số {number:02d}/TB-UBND ngày 05/9/2023 về kết quả {i}")
    return out


def messy_references(count: int, seed: int = 2024) -> list[str]:
    """``count`` distinct citations as text comes out of PDFs and web pages (issue 12.4).

    Upper case, line breaks inside symbols and dates, dates in words, "của ...",
    NFD text, stray spaces, placeholders, the forms of real texts (30c, 66.1,
    QĐ.UB, Luật số ...), HTML entities.
    """
    import unicodedata

    rng = random.Random(seed)
    out: list[str] = []
    for i in range(count):
        n = i // 12 + 1
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        kind = i % 12
        if kind == 0:
            out.append(f"SỐ {n:02d}/KH-UBND NGÀY {day:02d}/{month}/2023")
        elif kind == 1:
            out.append(f"Thông báo số {n:02d}/TB-\nUBND ngày {day:02d}/{month}/ \n2023")
        elif kind == 2:
            out.append(f"Quyết định số {n}/QĐ-UBND ngày {day} tháng {month} năm 2023")
        elif kind == 3:
            out.append(f"Kế hoạch số {n:02d}/KH-UBND của UBND xã Thanh Xá ngày {day}/{month}/2023")
        elif kind == 4:
            out.append(unicodedata.normalize("NFD", f"Báo cáo số {n:02d}/BC-UBND về kết quả {i}"))
        elif kind == 5:
            out.append(f"Số:  {n} / BC-TKT  ngày  {day:02d}/{month:02d}/2023")
        elif kind == 6:
            out.append(f"Báo cáo số …./BC-UBND ngày {day}/{month}/2023 về kỳ {i}")
        elif kind == 7:
            out.append(f"Nghị quyết số {n}c/NQ-CP ngày {day:02d}/{month}/2011")
        elif kind == 8:
            out.append(f"{n}.1/2025/NQ-CP")
        elif kind == 9:
            out.append(f"{n:02d}/2001/QĐ.UB ngày {day:02d}/{month}/2001")
        elif kind == 10:
            out.append(f"Luật số {n:02d}/2015/QH13")
        else:
            out.append(f"{n}&#x002F;QĐ-UBND ngày {day:02d}/{month}/2023")
    return out


def best(run: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    texts = references(COUNT)
    assert len(set(texts)) == COUNT, "references must be distinct (no cache helps)"
    regex = _grammar._regexes().reference  # what the full parser matches
    parse = DocumentRef.parse
    parse(texts[0])  # read the tables and compile the regexes outside the timing

    def bare() -> None:
        fullmatch = regex.fullmatch
        for text in texts:
            fullmatch(text)

    def bare_clean() -> None:
        fullmatch = _clean._CLEAN.fullmatch  # what parse() tries first
        for text in texts:
            fullmatch(text)

    def parsed() -> None:
        for text in texts:
            parse(text)

    joined = "; ".join(texts)

    def found() -> None:
        assert len(find_document_refs(joined)) == COUNT

    print(f"Python {platform.python_version()} on {platform.machine()}, {COUNT:,} references")
    results = [
        ("bare regex fullmatch (full)", best(bare)),
        ("bare regex fullmatch (clean)", best(bare_clean)),
        ("DocumentRef.parse", best(parsed)),
        ("find_document_refs (one text)", best(found)),
    ]
    for label, seconds in results:
        print(
            f"{label:32} {COUNT / seconds:>12,.0f} refs/s   ({seconds * 1e6 / COUNT:.2f} µs each)"
        )
    ratio = results[2][1] / results[0][1]
    print(f"parse costs {ratio:.1f}x the bare full-regex match")
    messy = messy_references(COUNT)
    assert len(set(messy)) == COUNT, "references must be distinct (no cache helps)"
    search = regex.search

    def bare_messy() -> None:
        for text in messy:
            search(text)

    def parsed_messy() -> None:
        for text in messy:
            parse(text)

    bare_s, parse_s = best(bare_messy), best(parsed_messy)
    print(f"messy mix: bare regex search {COUNT / bare_s:,.0f} refs/s,")
    print(f"  DocumentRef.parse {COUNT / parse_s:,.0f} refs/s: {parse_s / bare_s:.1f}x the search")
    print("python-dateutil imported:", "dateutil" in sys.modules)
    print("1 MB inputs, CPU seconds (best of three):")
    for name, text in DENSE.items():
        parse_s = cpu(parse_or_error, text)
        find_s = cpu(find_document_refs, text)
        print(f"  {name:24} parse {parse_s:.3f}   find_document_refs {find_s:.3f}")


MB = 1_000_000
#: The dense inputs of the issue (also in tests/adversarial.py).
DENSE = {
    "almost-refs": "số 63/KH-UBND ngày 31/02/" * (MB // 25),
    "dense-valid-refs": "số 63/KH-UBND ngày 30/12/2022 " * (MB // 30),
    "combining-marks": "a" + "\u0301" * MB,
}


def parse_or_error(text: str) -> object:
    try:
        return DocumentRef.parse(text)
    except InvalidDocumentRef as error:
        return error


def cpu(run: Callable[[str], object], text: str) -> float:
    times = []
    for _ in range(ROUNDS):
        began = time.process_time()
        run(text)
        times.append(time.process_time() - began)
    return min(times)


if __name__ == "__main__":
    main()
