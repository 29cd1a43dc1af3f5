"""The package's surface: what `import cchc_model` loads, exports and names lazily."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import cchc_model

#: Not imported by `import cchc_model`: the runtime dependencies a program may
#: never need (cattrs only loads data, python-dateutil and tabulate only parse
#: loose dates and render tables), every optional extra, and the library's own
#: modules behind the lazily imported names.
NOT_EAGER = [
    "cattrs",
    "dateutil",
    "tabulate",
    "pandas",
    "numpy",
    "matplotlib",
    "docx",
    "pdfplumber",
    "pdfminer",
    "lxml",
    "sphinx",
    "IPython",
    "cchc_model.examples",
    "cchc_model.converters",
    "cchc_model.charts",
    "cchc_model.dataframes",
    "cchc_model.word",
    "cchc_model.pdf",
    "cchc_model.cli",
]


def test_import_is_light() -> None:
    code = (
        "import json, sys; import cchc_model; "
        f"print(json.dumps([m for m in {NOT_EAGER!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_all_is_sorted_and_every_name_resolves() -> None:
    names = [n for n in cchc_model.__all__ if n != "__version__"]
    assert names == sorted(names, key=lambda n: (n[0].islower(), n))
    for name in cchc_model.__all__:
        assert getattr(cchc_model, name) is not None, name
    assert dir(cchc_model) == cchc_model.__all__


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("plot_progress", "cchc_model.charts"),
        ("to_dataframe", "cchc_model.dataframes"),
        ("from_dataframe", "cchc_model.dataframes"),
        ("read_docx", "cchc_model.word"),
        ("write_docx", "cchc_model.word"),
        ("read_pdf", "cchc_model.pdf"),
        ("rollup", "cchc_model.rollup"),
        ("compare", "cchc_model.compare"),
    ],
)
def test_names_are_their_modules_functions(name: str, module: str) -> None:
    # Lazily or not, the package attribute is the function, never the module
    # of the same name (importing a submodule sets a package attribute).
    __import__(module)
    obj = getattr(cchc_model, name)
    assert callable(obj)
    assert obj.__module__ == module
    assert obj.__name__ == name


def test_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from cchc_model import *", namespace)
    assert set(cchc_model.__all__) <= set(namespace)


def test_error_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="module 'cchc_model' has no attribute 'nope'"):
        cchc_model.nope  # noqa: B018


def test_docx_is_a_built_in_format_without_importing_the_word_module() -> None:
    code = (
        "import sys, cchc_model; "
        "print('docx' in cchc_model.available_formats(), 'cchc_model.word' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
