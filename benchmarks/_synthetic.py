"""Synthetic plans for the benchmarks: the shape of real appendices, at any scale.

Each plan has seven sections (I-VII) and ``activities`` activities grouped in
tasks of one to three, statuses drawn from the phrases real reports use with
a realistic mix, texts of the seed's typical lengths, and the products texts
of the bundled example (Thanh Xá 2023) in turn, so that activities cite
documents as real ones do: 1.37 references per activity on average, none in
some, up to five in others. Every string is built fresh, as a loader would
build it, so memory figures are not flattered by shared literals.
"""

from __future__ import annotations

import functools
import random

from cchc_model import Activity, Plan, Section, Status, StatusKind, Task

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
SECTION_TITLES = (
    "Công tác chỉ đạo điều hành",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
)
#: (Tiến độ text, kind, weight): roughly the seed's mix.
PHRASES = (
    ("Hoàn thành", StatusKind.COMPLETED, 60),
    ("Hoàn thành báo cáo quý 1, 6 tháng", StatusKind.COMPLETED, 10),
    ("Đã và đang thực hiện", StatusKind.ONGOING, 8),
    ("Đang triển khai thực hiện", StatusKind.IN_PROGRESS, 14),
    ("Chưa đến thời điểm thực hiện", StatusKind.NOT_DUE, 4),
    ("Thực hiện khi có KH, Hướng dẫn của huyện", StatusKind.AWAITING_GUIDANCE, 2),
    ("Chậm tiến độ", StatusKind.DELAYED, 2),
)
TEXT = (
    "Xây dựng, ban hành Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2023 "
    "trên địa bàn xã; tổ chức triển khai thực hiện"
)


@functools.cache
def example_products() -> tuple[str, ...]:
    """The products texts of the bundled example, in order (52 references in 38)."""
    from cchc_model.examples import thanh_xa_2023

    return tuple(a.products for a in thanh_xa_2023().activities)


def _fresh(text: str, n: int) -> str:
    # A new str object of the same length each time (no interning, no sharing).
    return f"{text[:-4]}{n % 10000:04d}"


def _copy(text: str) -> str:
    # A new str object with the same characters (the citations stay intact).
    return (text + ".")[:-1]


def synthetic_plan(index: int, activities: int = 40, rnd: random.Random | None = None) -> Plan:
    """Plan number ``index`` with ``activities`` activities."""
    rnd = rnd or random.Random(index)
    products = example_products()
    phrases = [p for p, _, w in PHRASES for _ in range(w)]
    kinds = {p: k for p, k, _ in PHRASES}
    per_section = [activities // len(ROMAN)] * len(ROMAN)
    for i in range(activities % len(ROMAN)):
        per_section[i] += 1
    number = 1
    sections = []
    for numeral, title, count in zip(ROMAN, SECTION_TITLES, per_section, strict=True):
        tasks = []
        left = count
        while left:
            size = min(left, rnd.randint(1, 3))
            acts = []
            for _ in range(size):
                phrase = rnd.choice(phrases)
                acts.append(
                    Activity(
                        number=number,
                        label=f"{number}. Hoạt động {number}",
                        text=_fresh(TEXT, number + index),
                        status=Status(kind=kinds[phrase], text="".join(phrase)),
                        products=_copy(products[(index + number) % len(products)]),
                    )
                )
                number += 1
            tasks.append(Task(title=_fresh(TEXT, index), activities=tuple(acts)))
            left -= size
        sections.append(Section(numeral=numeral, title=title, tasks=tuple(tasks)))
    return Plan(
        title=f"Kế hoạch CCHC năm 2023 của xã số {index}",
        issuer=f"UBND xã {index}",
        year=2023,
        sections=tuple(sections),
    )


def synthetic_plans(count: int, activities: int = 40, seed: int = 2023) -> list[Plan]:
    """``count`` plans of ``activities`` activities each, reproducibly."""
    rnd = random.Random(seed)
    return [synthetic_plan(i, activities, rnd) for i in range(count)]


#: The plain shape: a plan is a tuple of sections, a section a tuple of tasks,
#: a task a tuple of status-kind strings.
PlainPlan = tuple[tuple[tuple[str, ...], ...], ...]


def as_tuples(plans: list[Plan]) -> list[PlainPlan]:
    """The same plans as nested tuples of kind strings (the baseline's input)."""
    return [
        tuple(
            tuple(tuple(a.status.kind.value for a in t.activities) for t in s.tasks)
            for s in p.sections
        )
        for p in plans
    ]
