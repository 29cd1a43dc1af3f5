"""The ``cchc`` command, end to end through ``python -m cchc_model`` in a subprocess."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import cchc_model
from cchc_model.cli._io import write_atomically
from cchc_model.examples import thanh_xa_2023

GOLDEN = Path(__file__).parent / "golden" / "formats"


def cchc(*args: str, stdin: str | None = None, cwd: Path | None = None) -> Any:
    """Run ``python -m cchc_model ARGS``; warnings are errors, the locale is plain C."""
    env = {**os.environ, "PYTHONWARNINGS": "error", "LC_ALL": "C", "LANG": "C"}
    env.pop("PYTHONIOENCODING", None)
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "cchc_model", *args],
        input=stdin.encode("utf-8") if stdin is not None else None,
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def ok(*args: str, **kwargs: Any) -> str:
    done = cchc(*args, **kwargs)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stderr == b""
    return str(done.stdout.decode("utf-8"))


def fails(*args: str, status: int = 1, **kwargs: Any) -> str:
    """Run a command that must fail: one line on stderr, no traceback, nothing on stdout."""
    done = cchc(*args, **kwargs)
    err = done.stderr.decode("utf-8")
    assert done.returncode == status, err
    assert "Traceback" not in err
    assert err.startswith("cchc: error: " if status == 1 else "cchc")
    assert ": error: " in err
    assert err.count("\n") == 1, err
    assert done.stdout == b""
    return err.strip()


# --------------------------------------------------------------------------- #
# show, progress: what `make demo` prints
# --------------------------------------------------------------------------- #


def test_show_example_prints_the_appendix_table() -> None:
    out = ok("show", "--example", "--width", "0")  # the fixed widths: not the terminal's
    assert out == (GOLDEN / "thanh_xa_2023.grid.txt").read_bytes().decode("utf-8")
    assert "Nội dung thực hiện" in out
    assert "Giải trình" in out


def test_progress_example_prints_the_summary() -> None:
    out = ok("progress", "--example")
    assert out == (
        "Tổng số 25 nhiệm vụ và 38 hoạt động\n"
        "Thực hiện hoàn thành 20/25 nhiệm vụ, đạt 80% kế hoạch\n"
        "Thực hiện hoàn thành 30/38 hoạt động, đạt 79% kế hoạch\n"
        "Đã và đang triển khai thực hiện 06 hoạt động\n"
        "Chưa đến thời điểm thực hiện 02 hoạt động\n"
    )


def test_progress_strict_rule_shows_where_the_report_differs() -> None:
    out = ok("progress", "--example", "--rule", "strict")
    assert "Thực hiện hoàn thành 18/25 nhiệm vụ, đạt 72% kế hoạch" in out
    assert "- tasks_completed (nhiệm vụ hoàn thành): the report says 20, its table gives 18" in out


@pytest.mark.parametrize("fmt", ["markdown", "html", "text", "summary"])
def test_show_in_other_formats(fmt: str) -> None:
    out = ok("show", "--example", "--format", fmt, *(["--width", "0"] if fmt == "text" else []))
    assert out == str(cchc_model.dumps(thanh_xa_2023(), format=fmt)).rstrip("\n") + "\n"


def test_show_and_progress_read_files(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(str(cchc_model.dumps(thanh_xa_2023(), format="csv")), encoding="utf-8")
    assert "20/25" in ok("progress", str(path))
    # --from names a format the extension does not tell.
    odd = tmp_path / "plan.data"
    odd.write_bytes(path.read_bytes())
    assert ok("show", str(odd), "--from", "csv", "-f", "summary") == ok("progress", str(path))
    # Standard input is JSON unless --from says otherwise.
    assert "30/38" in ok("progress", "-", stdin=str(cchc_model.dumps(thanh_xa_2023())))


def test_show_json_is_the_library_form() -> None:
    out = ok("show", "--example", "--format", "json")
    assert cchc_model.loads(out) == thanh_xa_2023()
    assert out.startswith('{\n  "format": "cchc-model/plan",')


# --------------------------------------------------------------------------- #
# parse, refs
# --------------------------------------------------------------------------- #


def test_parse_prints_one_reference_as_json() -> None:
    out = json.loads(ok("parse", "Kế hoạch số 63/KH-\nUBND này 30/12/2022 về CCHC"))
    assert out["symbol"] == "63/KH-UBND"
    assert out["citation"] == "Kế hoạch số 63/KH-UBND ngày 30/12/2022 về CCHC"
    assert out["issued_on"] == "2022-12-30"
    assert out["style"] == "administrative"
    assert out["source"] == "Kế hoạch số 63/KH-\nUBND này 30/12/2022 về CCHC"


def test_error_parse_of_text_that_is_not_a_reference() -> None:
    err = fails("parse", "Kế hoạch số 12/QĐ-UBND")
    assert err == (
        "cchc: error: 'Kế hoạch' does not match the symbol '12/QĐ-UBND'"
        " (in 'Kế hoạch số 12/QĐ-UBND')"
    )


def test_refs_lists_every_reference_of_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "Căn cứ Kế hoạch số 63/KH-UBND ngày 30/12/2022;\n"
        "chỉ số 20/25; Thông báo số 09/TB-\nUBND ngày 08/3/2023\n",
        encoding="utf-8",
    )
    found = json.loads(ok("refs", str(path)))
    assert [(r["symbol"], r["line"], r["column"]) for r in found] == [
        ("63/KH-UBND", 1, 8),
        ("09/TB-UBND", 2, 15),
    ]
    text = path.read_text(encoding="utf-8")
    for r in found:
        assert text[r["span"][0] : r["span"][1]] == r["source"]
    assert json.loads(ok("refs", "-", stdin="không có gì")) == []


def test_refs_since_and_until_keep_the_references_dated_between(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "Kế hoạch số 63/KH-UBND ngày 30/12/2022; Báo cáo số 73/BC-UBND ngày 11/9/2023;"
        " Công văn số 12/UBND-VP (không ghi ngày).",
        encoding="utf-8",
    )

    def symbols(*options: str) -> list[str]:
        return [r["symbol"] for r in json.loads(ok("refs", str(path), *options))]

    assert symbols() == ["63/KH-UBND", "73/BC-UBND", "12/UBND-VP"]
    assert symbols("--since", "01/01/2023") == ["73/BC-UBND"]
    assert symbols("--until", "2022-12-30") == ["63/KH-UBND"]  # inclusive
    assert symbols("--since", "ngày 30 tháng 12 năm 2022", "--until", "11.9.2023") == [
        "63/KH-UBND",
        "73/BC-UBND",
    ]


def test_error_refs_of_a_word_file(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    message = fails("refs", str(path))
    assert message.endswith(
        "bao-cao.docx: a Word (.docx) or other zip file, not text: save it as plain text"
        " first (for an appendix table, 'cchc show FILE.docx' reads it)"
    )


def test_error_refs_since_after_until(tmp_path: Path) -> None:
    message = fails("refs", "-", "--since", "2024-01-01", "--until", "1/1/2023", stdin="")
    assert message == "cchc: error: --since 01/01/2024 is after --until 01/01/2023"


def test_error_refs_since_a_partial_date(tmp_path: Path) -> None:
    message = fails("refs", "-", "--since", "12/2022", status=2, stdin="")
    assert "argument --since: not a date written as 30/12/2022, " in message
    assert "'12/2022'" in message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_refs_of_a_text_file_with_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    # Windows Notepad's and Word's "Unicode" text is UTF-16 with a byte-order mark.
    path = tmp_path / "report.txt"
    text = "Căn cứ Kế hoạch số 63/KH-UBND ngày 30/12/2022;\r\nQĐ số 18/QĐ-BCĐ"
    bom = "\ufeff" if encoding == "utf-16-be" else ""
    path.write_bytes((bom + text).encode(encoding))
    found = json.loads(ok("refs", str(path)))
    assert [(r["symbol"], r["line"], r["column"]) for r in found] == [
        ("63/KH-UBND", 1, 8),
        ("18/QĐ-BCĐ", 2, 1),
    ]


def test_error_refs_of_utf16_that_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes("Kế hoạch\n".encode("utf-16") + b"\x00\xd8")  # a lone surrogate
    assert "not UTF-16 text: byte 20 (line 2)" in fails("refs", str(path))


def test_error_refs_of_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes("Kế hoạch".encode() + b"\nS\xf4 ")  # Latin-1 after a line break
    assert "not UTF-8 text: byte 14 (line 2)" in fails("refs", str(path))


# --------------------------------------------------------------------------- #
# convert
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("first", "second"), [("json", "csv"), ("csv", "json"), ("csv", "csv"), ("json", "json")]
)
def test_convert_round_trips(tmp_path: Path, first: str, second: str) -> None:
    source = tmp_path / f"in.{first}"
    source.write_text(str(cchc_model.dumps(thanh_xa_2023(), format=first)), encoding="utf-8")
    target = tmp_path / f"out.{second}"
    assert ok("convert", str(source), str(target)) == ""
    # A .csv is written in the appendix layout, whose heading does not say the example's year.
    expected = thanh_xa_2023() if second == "json" else attrs.evolve(thanh_xa_2023(), year=None)
    assert cchc_model.read(target) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([source.name, target.name])


@pytest.mark.parametrize(
    ("options", "start", "separator"),
    [
        (["--to", "csv", "--excel"], b"\xef\xbb\xbfsection;", ";"),
        (["--to", "csv", "--excel", "--delimiter", "comma"], b"\xef\xbb\xbfsection,", ","),
        (["--to", "csv", "--delimiter", "tab"], b"section\t", "\t"),
    ],
)
def test_convert_to_csv_for_excel(
    tmp_path: Path, options: list[str], start: bytes, separator: str
) -> None:
    source = tmp_path / "in.json"
    source.write_text(str(cchc_model.dumps(thanh_xa_2023())), encoding="utf-8")
    target = tmp_path / "out.csv"
    ok("convert", str(source), str(target), *options)
    data = target.read_bytes()
    assert data.startswith(start)
    assert cchc_model.loads(data, format="csv") == thanh_xa_2023()
    assert data.decode("utf-8-sig").splitlines()[0].count(separator) == 20


def test_convert_to_and_from_tsv(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(str(cchc_model.dumps(thanh_xa_2023())), encoding="utf-8")
    tsv = tmp_path / "out.tsv"
    ok("convert", str(source), str(tsv))
    # .tsv is the appendix layout with tabs; the example's title does not say its year.
    assert "\nTT\tNội dung thực hiện\tHoạt động\t" in tsv.read_text(encoding="utf-8-sig")
    ok("convert", str(tsv), str(tmp_path / "back.json"))
    back = cchc_model.loads((tmp_path / "back.json").read_bytes())
    assert back == attrs.evolve(thanh_xa_2023(), year=None)


def test_error_convert_csv_options_for_another_format(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(str(cchc_model.dumps(thanh_xa_2023())), encoding="utf-8")
    message = fails("convert", str(source), str(tmp_path / "out.md"), "--excel")
    assert message == (
        "cchc: error: --excel and --delimiter are options of the csv format, not 'markdown'"
    )
    assert not (tmp_path / "out.md").exists()


def test_convert_to_a_table_and_to_stdout(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(str(cchc_model.dumps(thanh_xa_2023())), encoding="utf-8")
    ok("convert", str(source), str(tmp_path / "out.md"))
    md = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert md == (GOLDEN / "thanh_xa_2023.markdown.md").read_text(encoding="utf-8")
    out = ok("convert", str(source), "-", "--to", "summary")
    assert "20/25" in out
    # An existing file is replaced whole.
    target = tmp_path / "out.html"
    target.write_text("old content that is much longer than nothing" * 1000, encoding="utf-8")
    ok("convert", str(source), str(target))
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (
            '{"format": "cchc-model/plan", "version": 1, "plan": {',
            [],
            "in.json: json input, line 1",
        ),
        ('{"format": "cchc-model/plan", "version": 7, "plan": {}}', [], "unsupported version 7"),
        ("{}", ["--to", "yaml"], "unknown format 'yaml'; available: csv,"),
        ("{}", ["--from", "yaml"], "unknown format 'yaml'"),
    ],
)
def test_error_convert_leaves_the_output_alone(
    tmp_path: Path, content: str, extra: list[str], message: str
) -> None:
    source = tmp_path / "in.json"
    source.write_text(content, encoding="utf-8")
    target = tmp_path / "out.csv"
    target.write_text("precious", encoding="utf-8")
    err = fails("convert", str(source), str(target), *extra)
    assert message in err
    assert target.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "out.csv"]


def test_error_convert_to_an_unknown_extension(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(str(cchc_model.dumps(thanh_xa_2023())), encoding="utf-8")
    err = fails("convert", str(source), str(tmp_path / "out.xyz"))
    assert "cannot tell the format of" in err
    assert "name it with --from/--to" in err


def test_error_convert_into_a_missing_folder(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(str(cchc_model.dumps(thanh_xa_2023())), encoding="utf-8")
    err = fails("convert", str(source), str(tmp_path / "no" / "such" / "out.csv"))
    assert "cannot write" in err


def test_write_atomically_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("precious", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(str(target), b"new content")
    assert target.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_write_atomically_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "new.csv"
    write_atomically(str(target), b"a")
    write_atomically(str(target), b"bb")
    assert target.read_bytes() == b"bb"
    assert [p.name for p in tmp_path.iterdir()] == ["new.csv"]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges")
def test_write_atomically_through_a_symbolic_link(tmp_path: Path) -> None:
    # The file the link points to gets the data; the link stays a link.
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "plan.json"
    real.write_bytes(b"old")
    link = tmp_path / "plan.json"
    link.symlink_to(real)
    write_atomically(str(link), b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "shared"]
    assert [p.name for p in real.parent.iterdir()] == ["plan.json"]


# --------------------------------------------------------------------------- #
# schema, formats, and mistakes
# --------------------------------------------------------------------------- #


def test_schema_prints_the_json_schema() -> None:
    assert json.loads(ok("schema")) == cchc_model.formats.json_schema()


def test_formats_lists_every_format() -> None:
    out = ok("formats")
    names = [line.split()[0] for line in out.splitlines()]
    assert set(names) >= {"json", "csv", "markdown", "html", "grid", "text", "summary"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show"], "cchc: error: give a plan FILE (.json, .csv, ...) or --example"),
        (["show", "x.json", "--example"], "cchc: error: give either a FILE or --example, not both"),
        (["show", "missing.json"], "cchc: error: cannot read 'missing.json': No such file"),
        (["show", "--example", "--format", "xml"], "cchc: error: unknown format 'xml'; available:"),
        (["show", "plan.xyz"], "cchc: error: cannot tell the format of 'plan.xyz'"),
    ],
)
def test_error_user_mistakes_print_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    assert fails(*args, cwd=tmp_path).startswith(message)


def test_error_malformed_csv_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    text = str(cchc_model.dumps(thanh_xa_2023(), format="csv"))
    edited = text.replace(",completed,Hoàn thành,", ",completed,Xong rồi,", 1)
    path.write_text(edited, encoding="utf-8")
    err = fails("progress", str(path))
    assert err.startswith(f"cchc: error: {path}: csv line ")
    assert "column status_text: no status rule matches 'Xong rồi'" in err


def test_template_and_convert_in_place(tmp_path: Path) -> None:
    template = tmp_path / "mau.xlsx"
    ok("template", "--to", str(template))
    err = fails("show", str(template))
    assert "section I has no activity" in err
    sheet = tmp_path / "a.csv"
    cchc_model.write(thanh_xa_2023(), sheet)
    before = sheet.read_bytes()
    ok("convert", str(sheet), str(sheet))
    assert sheet.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "mau.xlsx"]


def test_error_convert_refuses_a_fifo(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(str(cchc_model.dumps(thanh_xa_2023())), encoding="utf-8")
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    err = fails("convert", str(source), str(fifo))
    assert "will not write over a FIFO" in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [["show", "--example"], ["progress", "--example"], ["schema"], ["convert", "-", "-"]],
)
def test_error_standard_output_that_cannot_be_written(args: list[str]) -> None:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cchc_model", *args],
            input=str(cchc_model.dumps(thanh_xa_2023(), format="json")).encode("utf-8"),
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=False,
        )
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1, err
    assert err == "cchc: error: cannot write to standard output: No space left on device\n"


def test_error_binary_format_to_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("docx")
    from cchc_model.cli import main

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["show", "--example", "--format", "docx"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("cchc: error: the 'docx' format is binary")
    path = Path(cchc_model.__file__).parent / "_data" / "thanh_xa_2023.json"
    assert main(["convert", str(path), "-", "--to", "docx"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "cchc: error: the 'docx' format is binary and standard output is a terminal: "
        "redirect the output to a file, or give cchc convert an OUT file\n"
    )


def test_error_usage_exits_2() -> None:
    err = fails("frobnicate", status=2)
    assert "invalid choice: 'frobnicate'" in err
    assert fails("progress", "--example", "--rule", "most", status=2)


def test_help_and_version() -> None:
    assert "convert" in ok("--help")
    # Each command's own help says what it does, not only its usage.
    assert "print a plan's appendix table" in ok("show", "--help")
    assert "convert a plan file to another format" in ok("convert", "--help")
    assert ok("--version").startswith("cchc ")


def test_main_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    from cchc_model.__main__ import main

    assert main(["progress", "--example"]) == 0
    assert "20/25" in capsys.readouterr().out
    assert main(["parse", "không phải số hiệu"]) == 1
    assert capsys.readouterr().err.startswith("cchc: error: ")


# --------------------------------------------------------------------------- #
# --status-rules: the user's own Tiến độ phrases, on every command that reads plans
# --------------------------------------------------------------------------- #


def test_status_rules_file_on_the_command_line(tmp_path: Path) -> None:
    plan = thanh_xa_2023()
    typed = str(cchc_model.dumps(plan, format="sheet"))
    # A clerk writes a phrase the built-in table does not know, in activity 16's cell.
    sheet = tmp_path / "phu-luc.csv"
    sheet.write_text(
        typed.replace(plan.activity(16).status.text, "Tạm dừng", 1), encoding="utf-8-sig"
    )
    err = fails("progress", str(sheet))
    assert "no status rule matches 'Tạm dừng'" in err
    assert "pass --status-rules FILE" in err
    rules = tmp_path / "rules.json"
    rules.write_text('{"rules": [{"phrase": "Tạm dừng", "kind": "delayed"}]}', encoding="utf-8")
    out = ok("progress", str(sheet), "--status-rules", str(rules))
    assert "Đã và đang triển khai thực hiện 05 hoạt động" in out
    assert "Chậm tiến độ, chưa thực hiện 01 hoạt động" in out
    # The other commands that read plans take it too.
    done = cchc("reconcile", str(sheet), "--status-rules", str(rules))
    assert done.returncode == 1  # the report printed 06 in progress; its table now gives 05
    assert "activities_in_progress" in done.stdout.decode("utf-8")
    assert "Tạm dừng" in ok("show", str(sheet), "--status-rules", str(rules), "--width", "0")
    converted = tmp_path / "back.json"
    ok("convert", str(sheet), str(converted), "--status-rules", str(rules))
    assert cchc_model.read(converted).activity(16).status.kind.value == "delayed"
    table = tmp_path / "rollup.csv"
    ok("rollup", str(sheet), "--status-rules", str(rules), "--jobs", "1", "--to", str(table))
    rows = list(csv.DictReader(table.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["activities_overdue"] for r in rows] == ["1", "1"]  # the plan, and the total


def test_error_status_rules_file_missing(tmp_path: Path) -> None:
    err = fails("progress", "--example", "--status-rules", str(tmp_path / "none.json"))
    assert "none.json" in err
