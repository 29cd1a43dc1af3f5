"""What the Word reader and writer agree on beyond the appendix layout: style names, widths.

The layout itself (columns, header titles, rows, heading and summary lines) is
:mod:`cchc_model.formats._layout`, shared with the sheet and PDF readers. This module
does not import python-docx.
"""

from __future__ import annotations

__all__ = [
    "EMBED_NS",
    "FONT",
    "STYLE_HEADER",
    "STYLE_LABEL",
    "STYLE_REPORT",
    "STYLE_SUMMARY",
    "STYLE_TITLE",
    "WIDTHS_MM",
    "style_id",
]

#: Column widths of the written table, in millimetres (A4 landscape, 2 cm margins).
WIDTHS_MM: tuple[int, ...] = (12, 48, 62, 30, 58, 27, 20)

#: Paragraph styles the writer gives its own paragraphs, so that the reader
#: finds them exactly in documents this library wrote (style ids: no spaces).
STYLE_TITLE = "CCHC Title"
STYLE_REPORT = "CCHC Report Line"
STYLE_LABEL = "CCHC Activity Label"
STYLE_SUMMARY = "CCHC Summary"
STYLE_HEADER = "CCHC Column Title"
FONT = "Times New Roman"

#: The namespace of the custom XML part that carries the plan as the library's JSON.
EMBED_NS = "urn:cchc-model:plan"


def style_id(name: str) -> str:
    """The style id Word and python-docx derive from a style name."""
    return name.replace(" ", "")
