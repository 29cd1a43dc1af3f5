"""Serializers: write a plan in a named format, read it back.

A *registry* maps a format name to a serializer. The library brings these:

============  =========  =======================================================
name          reads      what it is
============  =========  =======================================================
``json``      yes        the library's JSON form in its versioned envelope
``csv``       yes        one row per activity, section and task columns (for tools)
``sheet``     yes        the appendix table laid out as in Word, as CSV for spreadsheets
``xlsx``      yes        the same layout as an Excel workbook (needs the extra ``xlsx``)
``docx``      yes        the appendix as a Word document (needs the extra ``docx``)
``pdf``       yes        an appendix published as PDF, read only (needs the extra ``pdf``)
``markdown``  no         the appendix table as a Markdown (pipe) table
``html``      no         the appendix table as an HTML ``<table>``, all text escaped
``grid``      no         the appendix table drawn with ``+---+`` borders
``text``      no         the appendix table as plain text
``summary``   no         the report's Vietnamese summary lines
============  =========  =======================================================

>>> import cchc_model
>>> from cchc_model.examples import thanh_xa_2023
>>> plan = thanh_xa_2023()
>>> text = cchc_model.dumps(plan, format="json")
>>> cchc_model.loads(text, format="json") == plan
True
>>> cchc_model.loads(cchc_model.dumps(plan, format="csv"), format="csv") == plan
True
>>> print(cchc_model.dumps(plan, format="summary"))
Tổng số 25 nhiệm vụ và 38 hoạt động
Thực hiện hoàn thành 20/25 nhiệm vụ, đạt 80% kế hoạch
Thực hiện hoàn thành 30/38 hoạt động, đạt 79% kế hoạch
Đã và đang triển khai thực hiện 06 hoạt động
Chưa đến thời điểm thực hiện 02 hoạt động

Keyword arguments of :func:`dumps` and :func:`loads` other than ``format`` (and
``max_size`` for :func:`loads`) are the serializer's own options, e.g.
``dumps(plan, format="json", indent=2)`` or ``dumps(plan, format="csv", bom=True)``.

**Adding a format.** A serializer is any object with ``dumps`` and ``loads``
methods (see :class:`Serializer`). Register it by calling :func:`register_format`,
or, from another package, through the entry-point group ``cchc_model.formats``
(in that package's ``pyproject.toml``)::

    [project.entry-points."cchc_model.formats"]
    yaml = "cchc_yaml:YamlSerializer"

The entry point may name a serializer object, a class, or a function without
arguments that returns a serializer. Entry points are looked up only when a name
that is not registered is asked for, or when :func:`available_formats` is
called, and one is imported only when its format is first used. Names registered
by call and the built-in ones take precedence over entry points of the same name.

**Safety.** Loaders parse data; they never run code from it (no pickle, no
``eval``). :func:`loads` refuses inputs larger than ``max_size`` characters (or
bytes), :data:`MAX_INPUT_SIZE` by default, before parsing anything.
"""

from cchc_model.formats._paths import format_for_path, read, write
from cchc_model.formats._registry import (
    ENTRY_POINT_GROUP,
    EXTENSIONS,
    MAX_INPUT_SIZE,
    Serializer,
    available_formats,
    dumps,
    get_serializer,
    json_schema,
    loads,
    register_format,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "EXTENSIONS",
    "MAX_INPUT_SIZE",
    "Serializer",
    "available_formats",
    "dumps",
    "format_for_path",
    "get_serializer",
    "json_schema",
    "loads",
    "read",
    "register_format",
    "write",
]
