"""Status classification: the seed's phrases, other phrases real reports use, and errors."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cchc_model import Bucket, Status, StatusKind
from cchc_model.errors import CCHCError, InvalidStatusRule, UnknownStatus
from cchc_model.model.status import (
    ADD_A_PHRASE,
    DEFAULT_RULES,
    StatusRule,
    StatusRules,
    classify,
    fold,
)

from .strategies import STATUS_PHRASES, vietnamese_text

K = StatusKind

# Every Tiến độ text of the seed appendix, as laid out there, with its kind.
SEED_PHRASES = [
    ("Hoàn thành", K.COMPLETED),
    ("Hoàn thành \nbáo cáo quý \n1, 6 tháng, \n\nquý 3", K.COMPLETED),
    ("Hoàn thành \nxây dựng \nKH, đang \ntriển khai \nthực hiện", K.COMPLETED),
    ("Hoàn thành, \nbáo cáo quý \n1, 6 tháng và \nThông báo \n\nkết quả hàng \ntháng", K.COMPLETED),
    ("Hoàn thành \nbáo cáo quý \n1, 6 tháng", K.COMPLETED),
    ("Hoàn thành \nvà  tiếp tục \ntriển khai  \nthực hiện", K.COMPLETED),
    ("Đã và đang \nthực hiện", K.ONGOING),
    ("Đang triển \nkhai thực \n\nhiện", K.IN_PROGRESS),
    ("Đang triển \nkhai", K.IN_PROGRESS),
    ("Đang thực \nhiện", K.IN_PROGRESS),
    ("Đã và đang \ntriển khai \nthực hiện", K.IN_PROGRESS),
    ("Chưa đến \nthời điểm \nbáo cáo", K.NOT_DUE),
    ("Thực hiện \nkhi có KH, \nHướng dẫn \ncủa huyện", K.AWAITING_GUIDANCE),
]

# Phrases other real reports use (DOMAIN.md) and where they land.
OTHER_PHRASES = [
    ("Chưa thực hiện", K.NOT_STARTED),
    ("Chưa triển khai", K.NOT_STARTED),
    ("Chậm tiến độ", K.DELAYED),
    ("Chậm tiến độ do thiếu kinh phí", K.DELAYED),
    ("Không thực hiện", K.DELAYED),
    ("Không hoàn thành", K.DELAYED),
    ("Quá hạn", K.DELAYED),
    ("Đã hoàn thành", K.COMPLETED),
    ("Hoàn thành 100%", K.COMPLETED),
    ("Cơ bản hoàn thành", K.IN_PROGRESS),
    ("Hoàn thành 80%", K.IN_PROGRESS),
    ("Hoàn thành 80 %", K.IN_PROGRESS),
    ("Đã hoàn thành 75,5%", K.IN_PROGRESS),
    ("Chưa đến thời điểm thực hiện", K.NOT_DUE),
    ("Chưa đến hạn", K.NOT_DUE),
    ("Chờ hướng dẫn của tỉnh", K.AWAITING_GUIDANCE),
    ("Thực hiện thường xuyên", K.ONGOING),
    ("Đang xây dựng dự thảo", K.IN_PROGRESS),
    # Punctuation after a phrase and a list marker before it are not words.
    ("Đã và đang thực hiện.", K.ONGOING),
    ("Đã và đang thực hiện;", K.ONGOING),
    ("Đã và đang thực hiện thường xuyên", K.ONGOING),
    ("Đã và đang triển khai thực hiện.", K.IN_PROGRESS),
    ("- Hoàn thành", K.COMPLETED),
    ("• Đang thực hiện", K.IN_PROGRESS),
    ("+ Chưa đến thời điểm báo cáo.", K.NOT_DUE),
    # A share of the work done is work in progress, however it is written...
    ("Hoàn thành (80%)", K.IN_PROGRESS),
    ("Hoàn thành: 80%", K.IN_PROGRESS),
    ("Hoàn thành 8/10 nội dung", K.IN_PROGRESS),
    ("Hoàn thành 8 / 10 nội dung", K.IN_PROGRESS),
    ("Đã hoàn thành được 2/3 chỉ tiêu", K.IN_PROGRESS),
    # ... but all of it, or a date, is not a share.
    ("Hoàn thành 10/10 nội dung", K.COMPLETED),
    ("Hoàn thành (100%)", K.COMPLETED),
    ("Hoàn thành 15/3/2023", K.COMPLETED),
    ("Hoàn thành tháng 01/2023", K.COMPLETED),
    ("Hoàn thành 01/2023", K.COMPLETED),
    # Waiting, or late, while "under way".
    ("Đang chờ hướng dẫn của huyện", K.AWAITING_GUIDANCE),
    ("Đang chờ kế hoạch của UBND huyện", K.AWAITING_GUIDANCE),
    ("Đang thực hiện, chậm tiến độ", K.DELAYED),
    ("Đang triển khai nhưng chậm so với kế hoạch", K.DELAYED),
    ("Hoàn thành, chậm tiến độ", K.COMPLETED),
    # Phrases from other Vietnamese progress reports (government reports, press).
    ("Hoàn thành cơ bản", K.IN_PROGRESS),
    ("Hoàn thành trên 50%", K.IN_PROGRESS),
    ("Hoàn thành hơn 80 phần trăm", K.IN_PROGRESS),
    ("Đã hoàn thành được khoảng 50%", K.IN_PROGRESS),
    ("Hoàn thành 80％", K.IN_PROGRESS),  # a full-width percent sign
    ("Hoàn thành gần 100%", K.IN_PROGRESS),
    ("Hoàn thành dưới 50%", K.IN_PROGRESS),
    ("Hoàn thành gần xong", K.IN_PROGRESS),
    ("Hoàn thành trên 100%", K.COMPLETED),
    ("Đã hoàn thành một phần", K.IN_PROGRESS),
    ("Hoàn thành một phần", K.IN_PROGRESS),
    ("Chưa hoàn thành, chậm tiến độ", K.DELAYED),
    ("Chưa hoàn thành (quá hạn)", K.DELAYED),
    ("Chưa hoàn thành, trễ hạn", K.DELAYED),
    ("Chưa thực hiện, chờ hướng dẫn của tỉnh", K.AWAITING_GUIDANCE),
    ("Chưa triển khai do chưa có hướng dẫn của cấp trên", K.AWAITING_GUIDANCE),
    ("Chờ chủ trương mới từ cấp có thẩm quyền", K.AWAITING_GUIDANCE),
    ("Đang chờ chủ trương của cấp có thẩm quyền", K.AWAITING_GUIDANCE),
    ("Đang chờ ý kiến chỉ đạo của UBND huyện", K.AWAITING_GUIDANCE),
    ("Tiến độ triển khai chậm so với yêu cầu", K.DELAYED),
    ("Quá thời hạn mà chưa được hoàn thành", K.DELAYED),
    ("Đã ban hành", K.COMPLETED),
    ("Hoàn thành chậm so với kế hoạch", K.COMPLETED),  # done, if late: done
    ("Đang đợi hướng dẫn của huyện", K.AWAITING_GUIDANCE),
    ("Đạt 45% khối lượng", K.IN_PROGRESS),
    ("Đạt gần 100% kế hoạch vốn", K.IN_PROGRESS),
    ("Đạt 100% kế hoạch", K.COMPLETED),
    ("Vượt chỉ tiêu", K.COMPLETED),
    ("Chưa khởi công", K.NOT_STARTED),
    # A second review: units outside a list, abbreviations, more negations and
    # ways to say late, stopped or waiting.
    ("Hoàn thành 12/15 TTHC", K.IN_PROGRESS),
    # Partly done, in words (a review found these counted as completed).
    ("Hoàn thành 1 phần", K.IN_PROGRESS),
    ("Hoàn thành 01 phần", K.IN_PROGRESS),
    ("Hoàn thành một nửa", K.IN_PROGRESS),
    ("Hoàn thành 1 nửa", K.IN_PROGRESS),
    ("Hoàn thành nửa", K.IN_PROGRESS),
    ("Hoàn thành một số nội dung", K.IN_PROGRESS),
    ("Hoàn thành 2 trên 3 nội dung", K.IN_PROGRESS),
    ("Hoàn thành 2 trong 3 nội dung", K.IN_PROGRESS),
    ("Hoàn thành 2 của 3", K.IN_PROGRESS),
    ("Hoàn thành 0,8", K.IN_PROGRESS),
    ("Hoàn thành 3 trên 3 nội dung", K.COMPLETED),
    ("Hoàn thành nửa năm", K.COMPLETED),
    ("Hoàn thành một phần mềm quản lý", K.COMPLETED),
    ("Hoàn thành 5/10 công việc", K.IN_PROGRESS),
    ("Hoàn thành 1/2 khối lượng công việc", K.IN_PROGRESS),
    ("Hoàn thành 12/15", K.IN_PROGRESS),  # cannot be a day and month
    ("Hoàn thành, ước đạt 80%", K.IN_PROGRESS),
    ("Hoàn thành, đạt tỷ lệ 80%", K.IN_PROGRESS),
    ("Chưa thực hiện, chờ KH của huyện", K.AWAITING_GUIDANCE),
    ("Chưa thực hiện (chờ HD của huyện)", K.AWAITING_GUIDANCE),
    ("Chưa triển khai, đợi hướng dẫn của huyện", K.AWAITING_GUIDANCE),
    ("Chưa thực hiện vì chưa có văn bản hướng dẫn", K.AWAITING_GUIDANCE),
    ("Chưa thực hiện, chưa đến thời điểm thực hiện", K.NOT_DUE),
    ("Chưa thực hiện do chưa đến hạn", K.NOT_DUE),
    ("Đang thực hiện, không để chậm tiến độ", K.IN_PROGRESS),
    ("Đang thực hiện, tránh chậm tiến độ", K.IN_PROGRESS),
    ("Chưa hoàn thành, không để quá hạn", K.IN_PROGRESS),
    ("Đang thực hiện, đã quá hạn", K.DELAYED),
    ("Đang thực hiện, trễ hạn", K.DELAYED),
    ("Chưa hoàn thành, muộn", K.DELAYED),
    ("Chưa hoàn thành, còn chậm", K.DELAYED),
    ("Đã và đang thực hiện (thường xuyên)", K.ONGOING),
    ("Đã và đang thực hiện, thường xuyên", K.ONGOING),
    # Negations, look-alikes after folding, dates and other words are not what
    # the rules above are about.
    ("Đang thực hiện, không chậm tiến độ", K.IN_PROGRESS),
    # The words of document-management and one-stop-shop software (issue 12):
    # "sắp", "trong hạn" and negations never make a phrase late.
    ("Trong hạn", K.IN_PROGRESS),
    ("Sắp đến hạn", K.IN_PROGRESS),
    ("Sắp hết hạn", K.IN_PROGRESS),
    ("Sắp quá hạn", K.IN_PROGRESS),
    ("Đang xử lý", K.IN_PROGRESS),
    ("Đang xử lý, sắp quá hạn", K.IN_PROGRESS),
    ("Đang thực hiện (sắp quá hạn)", K.IN_PROGRESS),
    ("Đang xử lý trong hạn", K.IN_PROGRESS),
    ("Chờ xử lý", K.NOT_STARTED),
    ("Đang chờ xử lý", K.NOT_STARTED),
    ("Đã xử lý", K.COMPLETED),
    ("Đã xử lý đúng hạn", K.COMPLETED),
    ("Đã xử lý quá hạn", K.COMPLETED),
    ("Đã xử lý trễ hạn", K.COMPLETED),
    ("Quá hạn", K.DELAYED),
    ("Đang xử lý quá hạn", K.DELAYED),
    ("Chậm so với kế hoạch", K.DELAYED),
    ("Dự kiến hoàn thành trong tháng 10", K.IN_PROGRESS),
    ("Dự kiến hoàn thành quý IV/2023", K.IN_PROGRESS),
    ("Chưa hoàn thành, trong hạn", K.IN_PROGRESS),
    ("Chưa hoàn thành, sắp đến hạn", K.IN_PROGRESS),
    ("Chưa hoàn thành, sắp quá hạn", K.IN_PROGRESS),
    ("Chưa hoàn thành, đang thực hiện", K.IN_PROGRESS),
    ("Chưa hoàn thành, quá hạn", K.DELAYED),
    ("Đang thực hiện, không bị chậm so với kế hoạch", K.IN_PROGRESS),
    ("Chưa hoàn thành, chưa quá hạn", K.IN_PROGRESS),
    ("Hoàn thành 30/6", K.COMPLETED),  # a date, not 30 of 6
    ("Hoàn thành 15/3", K.COMPLETED),
    ("Hoàn thành 8/10", K.COMPLETED),  # no unit: not said to be a share
    ("Hoàn thành 08/8 nội dung", K.COMPLETED),  # all of them
    ("Hoàn thành 0/3 nội dung", K.IN_PROGRESS),
    ("Hoàn thành dưới 5 ngày", K.COMPLETED),  # done within 5 days
    ("Hoàn thành một phần mềm quản lý", K.COMPLETED),  # a piece of software
]


@pytest.mark.parametrize(("text", "kind"), SEED_PHRASES + OTHER_PHRASES)
def test_classify(text: str, kind: StatusKind) -> None:
    assert classify(text) is kind
    assert Status.parse(text) == Status(kind=kind, text=text)


@pytest.mark.parametrize(("text", "kind"), SEED_PHRASES + OTHER_PHRASES)
def test_classify_is_spelling_insensitive(text: str, kind: StatusKind) -> None:
    variants = [
        text.upper(),
        text.lower(),
        unicodedata.normalize("NFD", text),
        " ".join(text.split()),
        text.replace("hoá", "hóa").replace("Đ", "Ð").replace("đ", "ð"),
    ]
    for variant in variants:
        assert classify(variant) is kind, variant


@pytest.mark.parametrize(
    ("kind", "bucket"),
    [
        (K.COMPLETED, Bucket.COMPLETED),
        (K.ONGOING, Bucket.COMPLETED),
        (K.IN_PROGRESS, Bucket.IN_PROGRESS),
        (K.NOT_DUE, Bucket.NOT_DUE),
        (K.AWAITING_GUIDANCE, Bucket.NOT_DUE),
        (K.NOT_STARTED, Bucket.OVERDUE),
        (K.DELAYED, Bucket.OVERDUE),
    ],
)
def test_buckets(kind: StatusKind, bucket: Bucket) -> None:
    assert kind.bucket is bucket


def test_every_kind_has_a_bucket() -> None:
    assert {k.bucket for k in StatusKind} == set(Bucket)


@pytest.mark.parametrize(
    "text",
    [
        # Stopped, paused or waiting for something other than guidance: neither
        # under way nor not due, and no default rule can tell how a report counts it.
        "Đang tạm dừng",
        "Đang dừng ở bước thiết kế kỹ thuật",
        "Đang tạm hoãn",
        "Đang chờ thẩm định",
        "Đang tạm ngừng",
        "Đang tạm ngưng thực hiện",
        "Đang ngừng thực hiện",
        "Đang tạm thời dừng",
        "Đang hoãn",
        "Đang bị dừng",
        "Chấm điểm chỉ số CCHC",  # chấm, not chậm
        "Không thực hiện do chưa phát sinh",
        "Tạm dừng thực hiện",
        # Ratings and forecasts, not states of progress.
        "Đạt",
        "Không đạt",
        "Có khả năng hoàn thành",
        "Còn trong hạn",
        # Nothing arose to be done.
        "Không thực hiện do không phát sinh",
        # Not finished: under way or late? The text does not say.
        "Chưa hoàn thành",
        "Chưa hoàn thành.",
        "Chưa hoàn thành chấm điểm chỉ số CCHC",  # chấm (score), not chậm: still not said
    ],
)
def test_ambiguous_texts_are_not_guessed(text: str) -> None:
    with pytest.raises(UnknownStatus):
        classify(text)


def test_prefix_stops_at_a_word_boundary() -> None:
    # "Đang" must not match the start of an unrelated word such as "Đăng".
    with pytest.raises(UnknownStatus):
        classify("Đăng ký")


def test_user_rules_win_when_prepended() -> None:
    rules = DEFAULT_RULES.prepend(StatusRule("Hoàn thành giai đoạn 1", K.IN_PROGRESS))
    assert rules.classify("Hoàn thành giai đoạn 1") is K.IN_PROGRESS
    assert DEFAULT_RULES.classify("Hoàn thành giai đoạn 1") is K.COMPLETED
    assert len(rules) == len(DEFAULT_RULES) + 1


def test_user_rules_can_replace_the_table() -> None:
    rules = StatusRules([StatusRule("xong", K.COMPLETED, "exact")])
    assert rules.classify("Xong") is K.COMPLETED
    with pytest.raises(UnknownStatus):
        rules.classify("Hoàn thành")
    assert Status.parse("XONG", status_rules=rules).kind is K.COMPLETED


@pytest.mark.parametrize(
    ("mode", "text", "expected"),
    [
        ("exact", "đã xong", True),
        ("exact", "đã xong rồi", False),
        ("contains", "công việc đã xong rồi", True),
        ("contains", "đã xongxuôi", False),
        ("regex", "đa xong 2 lân", True),
    ],
)
def test_match_modes(mode: str, text: str, expected: bool) -> None:
    phrase = r"^đa xong( \d lân)?" if mode == "regex" else "Đã xong"
    rule = StatusRule(phrase, K.COMPLETED, mode)  # type: ignore[arg-type]
    assert rule.matches(text) is expected


def test_error_unknown_match_mode() -> None:
    with pytest.raises(ValueError, match="unknown match mode 'fuzzy'"):
        StatusRule("x", K.COMPLETED, "fuzzy")  # type: ignore[arg-type]


def test_error_unknown_status_quotes_the_text() -> None:
    with pytest.raises(UnknownStatus) as info:
        classify("Tạm dừng \nthực hiện")
    err = info.value
    assert isinstance(err, CCHCError)
    assert isinstance(err, ValueError)
    assert err.reason == f"no status rule matches 'Tạm dừng thực hiện'; {ADD_A_PHRASE}"
    assert err.text == "Tạm dừng \nthực hiện"
    assert str(err) == (
        f"no status rule matches 'Tạm dừng thực hiện'; {ADD_A_PHRASE}\n"
        "    Tạm dừng ⏎thực hiện\n    " + "^" * 19
    )


def test_error_unknown_status_lists_the_kinds_and_how_to_add_a_phrase(tmp_path: Path) -> None:
    with pytest.raises(UnknownStatus) as info:
        classify("Tạm dừng")
    assert info.value.reason == (
        "no status rule matches 'Tạm dừng'; to count it, add a phrase for one of the kinds "
        "(completed, ongoing, in_progress, not_due, awaiting_guidance, not_started, delayed) "
        "to a rules file and read with status_rules=FILE, or in Python "
        'rules = DEFAULT_RULES.prepend(StatusRule("phrase", "kind")) '
        "(from cchc_model.model.status), "
        "then read with status_rules=rules"
    )
    # The advice works as written, both ways.
    rules = DEFAULT_RULES.prepend(StatusRule("tạm dừng", "delayed"))
    assert rules.classify("Tạm dừng") is K.DELAYED
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(
        '{"rules": [{"phrase": "Tạm dừng", "kind": "delayed"}]}', encoding="utf-8"
    )
    assert StatusRules.from_file(rules_file).classify("Tạm dừng") is K.DELAYED


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("Xong", "done"), "unknown status kind 'done': use one of completed, ongoing, "),
        (("", K.COMPLETED), "a rule's phrase has no words"),
        ((" - ", K.COMPLETED), "a rule's phrase has no words"),
        (("(xong", K.COMPLETED, "regex"), "the rule's regular expression is invalid: missing )"),
        (("xong", K.COMPLETED, "fuzzy"), "unknown match mode 'fuzzy': use 'prefix', "),
        ((42, K.COMPLETED), "a rule's phrase is a str, not int"),
    ],
)
def test_error_invalid_status_rule(args: tuple[object, ...], reason: str) -> None:
    with pytest.raises(InvalidStatusRule) as info:
        StatusRule(*args)  # type: ignore[arg-type]
    assert isinstance(info.value, CCHCError)
    assert isinstance(info.value, ValueError)
    assert info.value.reason.startswith(reason)


def test_error_invalid_status_rules_table() -> None:
    with pytest.raises(InvalidStatusRule, match="rule 1 is a str, not a StatusRule"):
        StatusRules([StatusRule("xong", K.COMPLETED), "Hoàn thành"])  # type: ignore[list-item]
    with pytest.raises(InvalidStatusRule, match="not one StatusRule"):
        StatusRules(StatusRule("xong", K.COMPLETED))  # type: ignore[arg-type]


def test_an_empty_table_recognises_nothing() -> None:
    # An empty table is a table: it does not fall back to the defaults.
    with pytest.raises(UnknownStatus):
        Status.parse("Hoàn thành", status_rules=StatusRules([]))


def test_error_rules_that_are_not_a_table() -> None:
    with pytest.raises(TypeError, match=r"rules must be a StatusRules table .* got list"):
        Status.parse("Tạm dừng", status_rules=[StatusRule("tạm dừng", K.DELAYED)])  # type: ignore[arg-type]


def test_error_status_text_not_a_string() -> None:
    with pytest.raises(TypeError, match="a Tiến độ text is a str, not NoneType"):
        classify(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["-", "...", "• ;"])
def test_error_status_of_punctuation_only(text: str) -> None:
    with pytest.raises(UnknownStatus, match="no status rule matches"):
        classify(text)


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_error_empty_status(text: str) -> None:
    with pytest.raises(UnknownStatus, match="the Tiến độ text is empty"):
        classify(text)


def test_status_str_and_repr() -> None:
    status = Status(kind="in_progress", text="Đang thực hiện")  # type: ignore[arg-type]
    assert status.kind is K.IN_PROGRESS
    assert str(status) == "Đang thực hiện"
    assert str(Status(kind=K.NOT_DUE)) == "not_due"
    assert (
        repr(status)
        == "Status(kind=<StatusKind.IN_PROGRESS: 'in_progress'>, text='Đang thực hiện')"
    )
    assert status != "Đang thực hiện"


# The phrases whose kind does not change when words follow them: every rule but
# the exact ones ("Đã và đang thực hiện") and the share-of-work pattern.
_OPEN_PHRASES = sorted(
    phrase for phrase, kind in STATUS_PHRASES.items() if kind is not K.ONGOING and "%" not in phrase
)
# The words of the rules, and those that only their regular expressions name.
_RULE_WORDS = [fold(r.phrase) for r in DEFAULT_RULES if r.match != "regex"] + [
    "không phat sinh",
    "trê han",
    "chưa co",
    "cơ ban",
    "môt phân",
]


@given(st.sampled_from(_OPEN_PHRASES), st.sampled_from([" ", ", ", " - ", "\n"]), vietnamese_text())
def test_known_phrases_keep_their_kind_with_trailing_words(
    phrase: str, separator: str, tail: str
) -> None:
    # Words after a recognised phrase ("Đang thực hiện theo kế hoạch") keep its
    # kind, unless they hold a phrase of their own ("..., chậm tiến độ") or a number.
    folded_tail = fold(tail)
    assume(not any(c.isdigit() for c in tail))
    assume(not any(word in folded_tail for word in _RULE_WORDS))
    assert classify(f"{phrase}{separator}{tail}") is classify(phrase)


@given(st.sampled_from(sorted(STATUS_PHRASES)), st.sampled_from(["", ".", ";", " .", "..."]))
def test_known_phrases_keep_their_kind_with_end_punctuation(phrase: str, end: str) -> None:
    assert classify(f"- {phrase}{end}") is classify(phrase) is STATUS_PHRASES[phrase]


@given(st.text(max_size=200))
def test_classify_raises_only_unknown_status(text: str) -> None:
    with contextlib.suppress(UnknownStatus):
        assert classify(text) in StatusKind


def test_error_unknown_status_quotes_a_long_text_shortened() -> None:
    text = "Tạm dừng " + "x" * 10_000
    with pytest.raises(UnknownStatus) as info:
        classify(text)
    err = info.value
    assert err.text == text  # the whole text stays on the error
    quoted = repr("Tạm dừng " + "x" * 110 + "…")
    assert err.reason == f"no status rule matches {quoted}; {ADD_A_PHRASE}"
    assert len(str(err)) < 400 + len(ADD_A_PHRASE)


def _documented_status_rows() -> list[tuple[list[str], str]]:
    """(quoted examples, kind) for each row of the status table in docs/domain.md."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "domain.md").read_text(encoding="utf-8")
    table = doc.split("## The status table", 1)[1].split("\n\n")[2]
    rows = []
    for line in table.splitlines()[2:]:
        examples, kind, _bucket = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append((re.findall(r'"([^"]+)"', examples), kind.strip("`")))
    return rows


def test_docs_status_table_examples_classify_as_documented() -> None:
    rows = _documented_status_rows()
    assert {kind for _, kind in rows} == {k.value for k in StatusKind}
    for examples, kind in rows:
        for example in examples:
            assert classify(example).value == kind, example


def test_docs_status_table_names_every_default_phrase() -> None:
    # Each phrase of the default table is the start of (or, for an exact rule,
    # equal to) an example in the documented row of its kind.
    documented = [(fold(e), kind) for examples, kind in _documented_status_rows() for e in examples]
    for rule in DEFAULT_RULES.rules:
        phrase = fold(rule.phrase)
        if rule.match == "prefix":
            hits = [kind for e, kind in documented if e.startswith(phrase)]
        elif rule.match == "exact":
            hits = [kind for e, kind in documented if e == phrase]
        elif rule.match == "contains":
            hits = [kind for e, kind in documented if phrase in e]
        else:
            hits = [kind for e, kind in documented if re.search(rule.phrase, e)]
        assert rule.kind.value in hits, rule.phrase


# --------------------------------------------------------------------------- #
# The rules file: the built-in table's form, JSON or TOML
# --------------------------------------------------------------------------- #


def test_the_built_in_table_is_its_data_file() -> None:
    import json
    from importlib import resources

    raw = resources.files("cchc_model").joinpath("_data/status_rules.json").read_text("utf-8")
    rows = json.loads(raw)["rules"]
    assert [(r["phrase"], r["kind"], r.get("match", "prefix")) for r in rows] == [
        (rule.phrase, rule.kind.value, rule.match) for rule in DEFAULT_RULES
    ]
    # What a file of your own gives, with defaults = false, is the same table.
    assert len(rows) == len(DEFAULT_RULES) > 50


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rules_file_toml(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "rules.toml",
        '[[rules]]\nphrase = "Tạm dừng"\nkind = "delayed"\nnote = "paused counts as late"\n\n'
        '[[rules]]\nphrase = "phat sinh"\nmatch = "contains"\nkind = "completed"\n',
    )
    rules = StatusRules.from_file(path)
    assert rules.rules[:2] == (
        StatusRule("Tạm dừng", K.DELAYED),
        StatusRule("phat sinh", K.COMPLETED, "contains"),
    )
    assert rules.rules[2:] == DEFAULT_RULES.rules
    assert rules.classify("TẠM DỪNG thực hiện") is K.DELAYED
    assert rules.classify("Không thực hiện do không phát sinh") is K.COMPLETED
    assert rules.classify("Hoàn thành") is K.COMPLETED  # the defaults follow


def test_rules_file_json_without_the_defaults(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "rules.json",
        '{"defaults": false,'
        ' "rules": [{"phrase": "^xong$", "match": "regex", "kind": "completed"}]}',
    )
    rules = StatusRules.from_file(str(path))
    assert rules == StatusRules([StatusRule("^xong$", K.COMPLETED, "regex")])
    with pytest.raises(UnknownStatus):
        rules.classify("Hoàn thành")


def test_readers_take_the_path_of_a_rules_file(tmp_path: Path) -> None:
    import cchc_model
    from cchc_model.examples import thanh_xa_2023
    from cchc_model.model.status import load_rules

    path = _write(tmp_path, "rules.toml", '[[rules]]\nphrase = "Tạm dừng"\nkind = "delayed"\n')
    data = str(cchc_model.dumps(thanh_xa_2023(), format="csv"))
    rows = list(csv.DictReader(io.StringIO(data)))
    rows[0]["status_text"], rows[0]["status_kind"] = "Tạm dừng", ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    edited = out.getvalue()
    with pytest.raises(Exception, match="no status rule matches 'Tạm dừng'"):
        cchc_model.loads(edited, format="csv")
    plan = cchc_model.loads(edited, format="csv", status_rules=path)
    assert plan.activity(1).status.kind is K.DELAYED
    assert load_rules(None) is DEFAULT_RULES
    assert load_rules(DEFAULT_RULES) is DEFAULT_RULES


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("r.json", "{", r"r.json: not valid JSON \(line 1\)"),
        ("r.toml", "[[rules]\n", "r.toml: not valid TOML"),
        ("r.json", '{"rule": []}', "a rules file has a list 'rules' of tables"),
        ("r.json", '{"rules": [{"phrase": "x"}]}', "rule 1 needs a 'phrase' and a 'kind'"),
        (
            "r.json",
            '{"rules": [{"phrase": "x", "kind": "done"}]}',
            "rule 1: unknown status kind 'done'",
        ),
        (
            "r.json",
            '{"rules": [{"phrase": "x", "kind": "delayed", "mode": "regex"}]}',
            r"rule 1 has unknown keys \['mode'\]",
        ),
        (
            "r.json",
            '{"rules": [{"phrase": "(", "kind": "delayed", "match": "regex"}]}',
            "rule 1: the rule's regular expression is invalid",
        ),
        ("r.json", '{"defaults": "no", "rules": []}', "'defaults' is true or false"),
    ],
)
def test_error_rules_file(tmp_path: Path, name: str, text: str, reason: str) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(InvalidStatusRule, match=reason):
        StatusRules.from_file(path)


def test_error_rules_file_missing(tmp_path: Path) -> None:
    with pytest.raises(InvalidStatusRule, match="cannot read the rules file"):
        StatusRules.from_file(tmp_path / "nope.toml")


def test_error_rules_of_the_wrong_type() -> None:
    from cchc_model.model.status import load_rules

    with pytest.raises(TypeError, match="not int"):
        load_rules(3)  # type: ignore[arg-type]  # the error under test


def test_rules_is_the_former_name_of_status_rules() -> None:
    rules = DEFAULT_RULES.prepend(StatusRule("xong", K.COMPLETED))
    with pytest.warns(DeprecationWarning, match="status_rules"):
        assert Status.parse("XONG", rules=rules).kind is K.COMPLETED
    with pytest.raises(TypeError, match="status_rules= only"):
        Status.parse("XONG", rules=rules, status_rules=rules)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json", ".docx"])
def test_every_reader_takes_the_path_of_a_rules_file(tmp_path: Path, suffix: str) -> None:
    """What the unknown-status error advises ("read with status_rules=FILE") works
    for every reader, by path, as for a table."""
    import json

    import cchc_model
    from cchc_model.examples import thanh_xa_2023

    plan = thanh_xa_2023()
    first = plan.activities[0]
    edited = plan.with_activity(first.number, status=Status(kind=K.DELAYED, text="Tạm dừng"))
    path = tmp_path / f"p{suffix}"
    cchc_model.write(edited, path)
    rules = tmp_path / "cum-tu.json"
    rules.write_text(
        json.dumps({"rules": [{"phrase": "Tạm dừng", "match": "prefix", "kind": "delayed"}]}),
        encoding="utf-8",
    )
    for source in (rules, str(rules), StatusRules.from_file(rules)):
        read = cchc_model.read(path, status_rules=source)
        assert read.activities[0].status == Status(kind=K.DELAYED, text="Tạm dừng")
    data = path.read_bytes()
    fmt = {".xlsx": "xlsx", ".csv": "sheet", ".json": "json", ".docx": "docx"}[suffix]
    assert cchc_model.loads(data, format=fmt, status_rules=str(rules)) == read


def test_a_file_is_not_written_into_a_missing_folder(tmp_path: Path) -> None:
    import cchc_model
    from cchc_model.examples import thanh_xa_2023

    target = tmp_path / "no-such-folder" / "p.csv"
    with pytest.raises(FileNotFoundError, match="no folder") as info:
        cchc_model.write(thanh_xa_2023(), target)
    assert info.value.filename == str(target)  # the user's path, not a temporary file
