"""The notebook displays in a real browser: nbconvert's lab template in headless Chromium.

A notebook showing a plan, its progress, a roll-up and a comparison is executed
(nbclient, a real IPython kernel), exported with nbconvert's ``lab`` template in
the light and the dark theme, and loaded in headless Chromium with a script that
writes the computed styles of every table cell into the page; ``--dump-dom``
gives them back. The assertions are about what a reader sees: text left-aligned
and numbers right-aligned (JupyterLab's own ``td {text-align: right}`` must not
win), borders drawn, merged task cells spanning their rows, statuses coloured,
and every text readable against its background (WCAG contrast >= 4.5) in both
themes.

Needs the program ``chromium`` (Debian: ``apt-get install chromium``): the tests
skip without it, and fail in CI (``CCHC_REQUIRE_EXTERNAL=1``). With
``CCHC_REGENERATE_SCREENSHOTS=1`` they also rewrite the screenshots in
``docs/images/``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cchc_model import Bucket, Status, compare, rollup
from cchc_model.display._render import BUCKET_COLOURS
from cchc_model.examples import thanh_xa_2023

from .external import require_program

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
nbconvert = pytest.importorskip("nbconvert")

IMAGES = Path(__file__).parent.parent / "docs" / "images"
SCREENSHOTS = os.environ.get("CCHC_REGENERATE_SCREENSHOTS") == "1"

#: The notebook: one display per cell, in this order.
CELLS = {
    "plan": "plan",
    "progress": "progress(plan)",
    "rollup": 'rollup({"Thanh Xá quý 3": plan, "Thanh Xá quý 4": later})',
    "comparison": "compare(plan, later)",
}
SETUP = """\
from cchc_model import Status, compare, progress, rollup
from cchc_model.examples import thanh_xa_2023
plan = thanh_xa_2023()
later = plan.with_activity(16, status=Status.parse("Hoàn thành")).with_activity(
    24, explanation="Chờ hướng dẫn của huyện")
"""

#: Runs in the page once it has loaded: every cell of every display, its computed
#: style and box, and the colour behind it (translucent layers blended down from
#: the page's canvas), written as JSON into <pre id="cchc-measured">.
MEASURE = r"""
<script>
(function () {
  function rgba(text) {
    var m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    var p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function behind(el) {
    var chain = [];
    for (var e = el; e; e = e.parentElement) chain.push(e);
    var colour = [255, 255, 255];
    for (var i = chain.length - 1; i >= 0; i--) {
      var c = rgba(getComputedStyle(chain[i]).backgroundColor);
      colour = [0, 1, 2].map(function (k) { return c[k] * c[3] + colour[k] * (1 - c[3]); });
    }
    return colour;
  }
  var displays = [];
  document.querySelectorAll(".jp-OutputArea-output").forEach(function (out) {
    var cells = [];
    out.querySelectorAll("table.cchc-table th, table.cchc-table td").forEach(function (c) {
      var s = getComputedStyle(c);
      var r = c.getBoundingClientRect();
      var row = c.parentElement.getBoundingClientRect();
      cells.push({
        tag: c.tagName.toLowerCase(), cls: c.className, rowspan: c.rowSpan,
        text: c.textContent.trim().slice(0, 40), align: s.textAlign,
        border: [s.borderTopStyle, parseFloat(s.borderTopWidth),
                 s.borderLeftStyle, parseFloat(s.borderLeftWidth)],
        colour: rgba(s.color).slice(0, 3), background: behind(c),
        width: r.width, height: r.height, rowHeight: row.height,
        visible: s.visibility === "visible" && s.display !== "none"
      });
    });
    var bars = [];
    out.querySelectorAll(".cchc-bar span").forEach(function (b) {
      bars.push({cls: b.className, width: b.getBoundingClientRect().width});
    });
    displays.push({classes: (out.querySelector(".cchc") || {}).className || "",
                   cells: cells, bars: bars});
  });
  var pre = document.createElement("pre");
  pre.id = "cchc-measured";
  pre.textContent = JSON.stringify(displays);
  document.body.appendChild(pre);
})();
</script>
"""


def _chromium() -> str:
    return require_program("chromium", "chromium-browser", install="apt-get install chromium")


def _flags(tmp: Path) -> list[str]:
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
    ]


@pytest.fixture(scope="module")
def notebook() -> Any:
    """The notebook, executed by a real kernel."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP)]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in CELLS.values()]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return nb


def _export(nb: Any, theme: str) -> str:
    exporter = nbconvert.HTMLExporter(template_name="lab", theme=theme)
    body, _ = exporter.from_notebook_node(nb)
    # Offline: the CDN scripts (require.js, MathJax) are not needed by the displays.
    body = re.sub(r'<script src="https?://[^"]*"></script>', "", body)
    return str(body)


@pytest.fixture(scope="module", params=["light", "dark"])
def measured(
    request: pytest.FixtureRequest, notebook: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    chromium = _chromium()
    tmp = tmp_path_factory.mktemp(f"browser-{request.param}")
    page = tmp / "notebook.html"
    page.write_text(_export(notebook, request.param).replace("</body>", MEASURE + "</body>"))
    done = subprocess.run(
        [chromium, *_flags(tmp), "--window-size=1400,1000", "--dump-dom", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    dom = done.stdout.decode("utf-8")
    found = re.search(r'<pre id="cchc-measured">(.*?)</pre>', dom, re.DOTALL)
    assert found, f"no measurements: {done.stderr.decode('utf-8', 'replace')[-2000:]}"
    import html

    displays = json.loads(html.unescape(found.group(1)))
    displays = [d for d in displays if "cchc" in d["classes"]]
    assert len(displays) == len(CELLS)
    return {"theme": request.param, **dict(zip(CELLS, displays, strict=True))}


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    """The WCAG contrast ratio of two colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _cells(display: dict[str, Any], cls: str = "", tag: str = "td") -> Iterator[dict[str, Any]]:
    return (c for c in display["cells"] if c["tag"] == tag and cls in c["cls"].split())


# --------------------------------------------------------------------------- #
# The assertions
# --------------------------------------------------------------------------- #


def test_text_left_numbers_right(measured: dict[str, Any]) -> None:
    plan = measured["plan"]
    for cell in _cells(plan, "cchc-text"):
        assert cell["align"] in ("left", "start"), cell
    for cell in _cells(plan, "cchc-task"):
        assert cell["align"] in ("left", "start"), cell
    for cell in _cells(plan, tag="th"):
        assert cell["align"] in ("left", "start"), cell
    numbers = list(_cells(plan, "cchc-num"))
    assert len(numbers) == 38
    assert all(c["align"] == "right" for c in numbers)
    for name in ("progress", "rollup", "comparison"):
        figures = list(_cells(measured[name], "cchc-num"))
        assert figures, name
        assert all(c["align"] == "right" for c in figures), name


def test_borders_drawn(measured: dict[str, Any]) -> None:
    for name in CELLS:
        for cell in measured[name]["cells"]:
            top, top_width, left, left_width = cell["border"]
            assert (top, left) == ("solid", "solid"), (name, cell)
            assert top_width >= 1
            assert left_width >= 1


def test_merged_task_cells_span_their_rows(measured: dict[str, Any]) -> None:
    tasks = list(_cells(measured["plan"], "cchc-task"))
    assert len(tasks) == 25
    assert all(c["visible"] and c["width"] > 50 for c in tasks)
    merged = [c for c in tasks if c["rowspan"] > 1]
    assert [c["rowspan"] for c in merged] == [3, 2, 2, 5, 2, 2, 2, 2, 2]
    for cell in merged:
        # Taller than the row it starts in: it covers the rows below.
        assert cell["height"] > cell["rowHeight"] + 5, cell


def test_statuses_coloured(measured: dict[str, Any]) -> None:
    statuses = list(_cells(measured["plan"], "cchc-status"))
    assert len(statuses) == 38
    seen = set()
    for cell in statuses:
        bucket = next(c for c in cell["cls"].split() if c.startswith("cchc-bucket-"))
        background, _ = BUCKET_COLOURS[Bucket(bucket.removeprefix("cchc-bucket-"))]
        expected = [int(background[i : i + 2], 16) for i in (1, 3, 5)]
        assert [round(c) for c in cell["background"]] == expected, cell
        seen.add(bucket)
    assert seen == {"cchc-bucket-completed", "cchc-bucket-in_progress", "cchc-bucket-not_due"}
    changed = list(_cells(measured["comparison"], "cchc-status"))
    assert [c["cls"].split()[1] for c in changed] == [
        "cchc-bucket-in_progress",
        "cchc-bucket-completed",
    ]


def test_every_text_readable(measured: dict[str, Any]) -> None:
    for name in CELLS:
        for cell in measured[name]["cells"]:
            if not cell["text"]:
                continue
            ratio = contrast(cell["colour"], cell["background"])
            assert ratio >= 4.5, (measured["theme"], name, cell, ratio)


def test_bars_drawn(measured: dict[str, Any]) -> None:
    bars = measured["progress"]["bars"]
    assert len(bars) >= 8  # the total and each of the 7 sections
    assert all(b["width"] > 0 for b in bars)


# --------------------------------------------------------------------------- #
# Screenshots for the docs (CCHC_REGENERATE_SCREENSHOTS=1)
# --------------------------------------------------------------------------- #


@pytest.mark.skipif(not SCREENSHOTS, reason="set CCHC_REGENERATE_SCREENSHOTS=1 to rewrite them")
@pytest.mark.parametrize(
    ("name", "theme", "size"),
    [
        ("plan", "light", "1300,760"),
        ("plan", "dark", "1300,760"),
        ("progress", "light", "1100,420"),
        ("rollup", "light", "1100,440"),
        ("comparison", "light", "1100,900"),
    ],
)
def test_screenshots(name: str, theme: str, size: str, tmp_path: Path) -> None:
    chromium = _chromium()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(CELLS[name])]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    nb.cells = nb.cells[1:]  # the display alone
    page = tmp_path / "page.html"
    page.write_text(_export(nb, theme))
    target = IMAGES / f"display_{name}{'_dark' if theme == 'dark' else ''}.png"
    IMAGES.mkdir(exist_ok=True)
    shot = [f"--window-size={size}", f"--screenshot={target}", page.as_uri()]
    subprocess.run(
        [chromium, *_flags(tmp_path), *shot],
        capture_output=True,
        timeout=120,
        check=True,
    )
    from PIL import Image

    with Image.open(target) as shot:  # 64 colours: a small file for the docs
        small = shot.convert("RGB").quantize(colors=64)
    small.save(target, optimize=True)
    assert target.read_bytes().startswith(b"\x89PNG")


def test_later_report_differs() -> None:
    # The comparison shown above has something to show.
    plan = thanh_xa_2023()
    later = plan.with_activity(16, status=Status.parse("Hoàn thành"))
    assert compare(plan, later)
    assert rollup({"a": plan, "b": later}).activities.completed == 61


# --------------------------------------------------------------------------- #
# The whole page of to_html(plan, page=True)
# --------------------------------------------------------------------------- #

PAGE_PROBE = r"""
<script>
(function () {
  var num = document.querySelector("td.cchc-num"), text = document.querySelector("td.cchc-text");
  var out = {
    lang: document.documentElement.lang, charset: document.characterSet,
    num: getComputedStyle(num).textAlign, text: getComputedStyle(text).textAlign,
    thead: getComputedStyle(document.querySelector("thead")).display,
    tasks: document.querySelectorAll("td.cchc-task").length,
    summary: document.querySelector(".cchc-summary").getBoundingClientRect().height
  };
  var pre = document.createElement("pre");
  pre.id = "cchc-measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def test_whole_page_in_chromium(tmp_path: Path) -> None:
    from cchc_model import to_html

    chromium = _chromium()
    page = tmp_path / "phu_luc_1.html"
    page.write_text(to_html(thanh_xa_2023(), page=True), encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_bytes(page.read_bytes().replace(b"</body>", PAGE_PROBE.encode() + b"</body>"))
    done = subprocess.run(
        [chromium, *_flags(tmp_path), "--dump-dom", probe.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    found = re.search(r'<pre id="cchc-measured">(.*?)</pre>', done.stdout.decode("utf-8"))
    assert found, done.stderr.decode("utf-8", "replace")[-2000:]
    import html

    seen = json.loads(html.unescape(found.group(1)))
    assert seen["lang"] == "vi"
    assert seen["charset"] == "UTF-8"
    assert (seen["text"], seen["num"]) in {("left", "right"), ("start", "right")}
    assert seen["thead"] == "table-header-group"  # repeated on every printed page
    assert seen["tasks"] == 25
    assert seen["summary"] > 0
    # Printed: A4 landscape pages (841.9 x 595.3 points), more than one.
    pdf = tmp_path / "phu_luc_1.pdf"
    printing = ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()]
    subprocess.run(
        [chromium, *_flags(tmp_path), *printing],
        capture_output=True,
        timeout=120,
        check=True,
    )
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    assert len(boxes) > 1
    for width, height in boxes:
        assert abs(float(width) - 841.9) < 2
        assert abs(float(height) - 595.3) < 2
