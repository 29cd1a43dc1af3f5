"""Real documents bundled with the library.

>>> from cchc_model.examples import thanh_xa_2023
>>> plan = thanh_xa_2023()
>>> plan.reference.symbol, plan.report.symbol, plan.reported_on
('63/KH-UBND', '73/BC-UBND', datetime.date(2023, 9, 11))
>>> len(plan.sections), len(plan.tasks), len(plan.activities)
(7, 25, 38)
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from cchc_model.formats.converters import from_document
from cchc_model.model import Plan

__all__ = ["thanh_xa_2023"]


@functools.cache
def thanh_xa_2023() -> Plan:
    """The 2023 progress appendix of xã Thanh Xá, as published.

    "Phụ lục 1 — Đánh giá tiến độ kết quả thực hiện các nhiệm vụ CCHC theo Kế
    hoạch số 63/KH-UBND ngày 30/12/2022", attached to Báo cáo số 73/BC-UBND ngày
    11/9/2023 of UBND xã Thanh Xá: 7 sections, 25 tasks, 38 activities, their
    verbatim text (typos included) and the figures the report printed.

    The plan is immutable, so the same object is returned on every call.
    """
    source = resources.files("cchc_model").joinpath("_data/thanh_xa_2023.json")
    with source.open("r", encoding="utf-8") as f:
        return from_document(json.load(f))
