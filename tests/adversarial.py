"""Inputs of about 1 MB built to provoke backtracking, deep recursion or quadratic scans.

Shared by the fuzz tests (``tests/test_fuzz.py``, which check that every parser
and loader finishes on them with nothing but the library's own errors) and by
the benchmark suite (``benchmarks/run.py``, which times them against the issue's
one-second bound).
"""

from __future__ import annotations

MB = 1_000_000

ADVERSARIAL: dict[str, str] = {
    "so-repeated": "số " * (MB // 4),
    "symbol-dashes": "Kế hoạch số 63/" + "KH-" * (MB // 3),
    "symbol-slashes": "63" + "/" * MB,
    "digits": "9" * MB,
    "date-fragments": "ngày 30/12/" * (MB // 11),
    "almost-refs": "số 63/KH-UBND ngày 31/02/" * (MB // 25),
    "whitespace": "Số:" + " \n" * (MB // 2) + "63/KH-UBND",
    "combining-marks": "a" + "\u0301" * MB,
    "status-prefix": "Hoàn thành " + "9" * MB,
    "nested-json": "[" * MB,
    "nested-objects": '{"a":' * (MB // 5),
    "long-string-json": '"' + "x" * MB,
    "csv-quotes": '"' * MB,
    "csv-commas": "," * MB,
    "dense-valid-refs": "số 63/KH-UBND ngày 30/12/2022 " * (MB // 30),
    # A run of dots that stops before the end (a rescanning "[...]+$" is quadratic).
    "dotted-leader": "Hoàn thành" + "." * MB + " x",
    "status-words": "Chưa hoàn thành " + "chưa bị " * (MB // 8) + "quá hạn",
}

#: More inputs aimed at the document-number scanner and parser alone.
DOCUMENT_ADVERSARIAL: dict[str, str] = {
    "slashes": "1/" * (MB // 2),
    "digits and spaces": "1 " * (MB // 2),
    "one number, then spaces": "1" + " " * MB + "/",
    "dots": "…" * MB,
    "số": "số " * (MB // 3),
    "names": "Kế hoạch " * (MB // 9),
    "half symbols": "12/KH-" * (MB // 6),
    "codes": "1/" + "A-" * (MB // 2),
    "dates": "1/KH-UBND ngày 1/1/" * (MB // 19),
    "subject": "1/KH-UBND về " + "x " * (MB // 2),
    "places": "1/KH-UBND xã " + "Thanh " * (MB // 6),
    "whitespace": "\n \t" * (MB // 3),
    # Subjects ended by the next reference after a long run of spaces or joining
    # words (trimmed back from the reference: must not rescan the run).
    "subject spaces": ("1/KH-UBND về a" + " " * 360 + "b 2/KH-UBND ") * (MB // 390),
    "subject joins": ("1/KH-UBND về a" + " và" * 120 + " 2/KH-UBND ") * (MB // 390),
    "của words": ("1/KH-UBND của " + "UBND " * 11 + "ngày 1/1/") * (MB // 80),
}
