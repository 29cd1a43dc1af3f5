"""parse_date: dates typed by people, day first or year first, never guessed."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_model.documents import parse_date
from cchc_model.errors import CCHCError, InvalidDate

DATES = st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2199, 12, 31))

# Every way the library reads a date, as a function of the date.
LAYOUTS = [
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: f"ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d: f"Ngày {d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"NGÀY {d.day} THÁNG {d.month}, NĂM {d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.isoformat()} 00:00:00",  # a spreadsheet's or pandas' date
    lambda d: f"{d.isoformat()}T08:30:00+07:00",
]


@given(DATES, st.sampled_from(LAYOUTS), st.sampled_from(["NFC", "NFD"]))
def test_parse_date_reads_every_layout_back(date: dt.date, layout, form: str) -> None:  # type: ignore[no-untyped-def]
    text = unicodedata.normalize(form, layout(date))
    assert parse_date(text) == date
    assert parse_date(f"  {text} \n") == date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/12/2022", dt.date(2022, 12, 10)),  # day first: 10 December
        ("2022-12-10", dt.date(2022, 12, 10)),  # year first: never read as 12 October
        ("2022.12.10", dt.date(2022, 12, 10)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        ("30 tháng 12 năm 2022", dt.date(2022, 12, 30)),
    ],
)
def test_parse_date_examples(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


_SHAPES = "not a date written as 30/12/2022, 30 tháng 12 năm 2022 or 2022-12-30"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty text: expected a date such as 30/12/2022"),
        ("ngày ", "empty text: expected a date such as 30/12/2022"),
        ("12/2022", f"{_SHAPES}: '12/2022'"),
        ("2022", f"{_SHAPES}: '2022'"),
        ("30122022", f"{_SHAPES}: '30122022'"),
        ("1/2/3/2023", f"{_SHAPES}: '1/2/3/2023'"),  # not read as 1 February 2003
        ("Dec 30 2022", f"{_SHAPES}: 'Dec 30 2022'"),
        ("30/12/2022 10:00", f"{_SHAPES}: '30/12/2022 10:00'"),
        ("10-12/2022", f"{_SHAPES}: '10-12/2022'"),
        ("hôm qua 2023", f"{_SHAPES}: 'hôm qua 2023'"),
        ("30/12/22", "the year must have four digits, as in 30/12/2022: '30/12/22'"),
        ("12/30/2022", "impossible date '12/30/2022': there is no month 30"),  # not month first
        ("31/02/2023", "impossible date '31/02/2023': month 2 of 2023 has 28 days"),
        ("29/02/2023", "impossible date '29/02/2023': month 2 of 2023 has 28 days"),
        ("2023-13-01", "impossible date '2023-13-01': there is no month 13"),
        ("1/1/1800", "implausible year in the date '1/1/1800' (from 1945 to 2199)"),
        ("0/1/2023", "impossible date '0/1/2023': there is no day 0"),
        (
            "2022-12-30T25:00",
            "not an ISO 8601 date and time, as in 2022-12-30 08:30: '2022-12-30T25:00'",
        ),
        ("2023-02-29 00:00", "impossible date '2023-02-29 00:00': month 2 of 2023 has 28 days"),
        ("1" * 100 + " 2023", "too long for a date"),
    ],
)
def test_error_parse_date(text: str, reason: str) -> None:
    with pytest.raises(InvalidDate) as info:
        parse_date(text)
    err = info.value
    assert err.reason == reason
    assert err.text == text
    assert isinstance(err, CCHCError)
    assert isinstance(err, ValueError)


def test_error_parse_date_not_a_string() -> None:
    with pytest.raises(TypeError, match="parse_date\\(\\) takes a str, got date"):
        parse_date(dt.date(2023, 1, 1))  # type: ignore[arg-type]


@given(st.text(max_size=40))
def test_parse_date_raises_only_invalid_date(text: str) -> None:
    try:
        date = parse_date(text)
    except InvalidDate:
        return
    assert 1945 <= date.year <= 2199
