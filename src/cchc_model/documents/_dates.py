"""``parse_date``: a date as people type it ("30/12/2022", "ngày 30 tháng 12 năm
2022", ISO), strict shapes only, never guessed."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from cchc_model.documents._parse import check_date
from cchc_model.errors import InvalidDate

__all__ = ["parse_date"]

# The patterns of parse_date, compiled on its first call (by the re module, which
# keeps them), not when the package is imported.
# "ngày" in front; "tháng" and "năm" between the parts ("30 tháng 12 năm 2022").
_DATE_INTRO = r"(?i)^\s*(?:ngày|ngay)(?![^\W\d_])\s*"
_DATE_WORDS = r"(?i)\s*,?\s*(?:tháng|thang|năm|nam)(?![^\W\d_])\s*"
# The shapes parse_date reads: three numbers apart by one kind of separator;
# and ISO 8601 with a time, as spreadsheets and pandas write dates.
_DAY_FIRST = r"(\d{1,2}) *([/.-]) *(\d{1,2}) *\2 *(\d+)"
_YEAR_FIRST = r"(\d{4}) *([/.-]) *(\d{1,2}) *\2 *(\d{1,2})"
_ISO_DATETIME = r"(\d{4})-(\d{2})-(\d{2})[T ]\d.*"


def parse_date(text: str) -> _dt.date:
    """A date as it is written in Vietnam: day first, or year first.

    For dates typed by people (a command-line option, a spreadsheet cell), not
    for citations: :meth:`~cchc_model.DocumentRef.parse` reads the date of a citation itself.
    Accepts ``30/12/2022``, ``30-12-2022``, ``30.12.2022``, ``30 tháng 12 năm
    2022`` (with or without "ngày" in front, any case, NFC or NFD), year first
    ``2022-12-30`` or ``2022/12/30``, and an ISO 8601 date and time such as
    ``2022-12-30 00:00:00`` (what spreadsheets and pandas write), whose time is
    checked by python-dateutil's strict ISO parser (imported on first use)
    and dropped.

    >>> parse_date("30/12/2022"), parse_date("ngày 5 tháng 3 năm 2023")
    (datetime.date(2022, 12, 30), datetime.date(2023, 3, 5))
    >>> parse_date("2023-03-05"), parse_date("2023-03-05T08:30:00+07:00")
    (datetime.date(2023, 3, 5), datetime.date(2023, 3, 5))

    Only these shapes are read, and a date is never guessed: a part missing, a
    month-first date ("12/30/2022"), a year of fewer than four digits, or a day
    that does not exist is an :class:`~cchc_model.errors.InvalidDate` quoting
    the text:

    >>> parse_date("12/30/2022")
    Traceback (most recent call last):
    ...
    cchc_model.errors.InvalidDate: impossible date '12/30/2022': there is no month 30
        12/30/2022
        ^^^^^^^^^^
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_date() takes a str, got {type(text).__name__}")
    span = (0, len(text))
    if len(text) > 64:
        raise InvalidDate("too long for a date", text=text, span=span)
    cleaned = unicodedata.normalize("NFC", text)
    cleaned = re.sub(_DATE_WORDS, "/", re.sub(_DATE_INTRO, "", cleaned)).strip()
    if not cleaned:
        raise InvalidDate("empty text: expected a date such as 30/12/2022", text=text)
    with_time = re.fullmatch(_ISO_DATETIME, cleaned)
    year_first = with_time or re.fullmatch(_YEAR_FIRST, cleaned)
    day_first = None if year_first else re.fullmatch(_DAY_FIRST, cleaned)
    if with_time:
        year, month, day = with_time.groups()
    elif year_first:
        year, _, month, day = year_first.groups()
    elif day_first:
        day, _, month, year = day_first.groups()
    else:
        raise InvalidDate(
            f"not a date written as 30/12/2022, 30 tháng 12 năm 2022 or 2022-12-30: {text!r}",
            text=text,
            span=span,
        )
    shown = " ".join(text.split())
    if len(year) != 4:
        raise InvalidDate(
            f"the year must have four digits, as in 30/12/2022: {text!r}", text=text, span=span
        )
    checked = check_date(int(day), int(month), int(year), shown)
    if isinstance(checked, str):
        raise InvalidDate(checked, text=text, span=span)
    if with_time:
        from dateutil.parser import isoparse  # imported here: only this case needs it

        try:
            isoparse(cleaned)
        except (ValueError, OverflowError):
            raise InvalidDate(
                f"not an ISO 8601 date and time, as in 2022-12-30 08:30: {text!r}",
                text=text,
                span=span,
            ) from None
    return checked
