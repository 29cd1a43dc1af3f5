"""Tests that need a real program (a browser, LibreOffice) installed on the machine.

Locally such a test skips with a message saying how to install the program. In CI,
``.ci/run`` installs the programs and sets ``CCHC_REQUIRE_EXTERNAL=1``, which turns
every such skip into a failure: a green CI run has really exercised them.
"""

from __future__ import annotations

import os
import shutil

import pytest

#: Set by ``.ci/run``: a missing program fails the test instead of skipping it.
REQUIRE_EXTERNAL = os.environ.get("CCHC_REQUIRE_EXTERNAL", "") not in ("", "0")


def require_program(*names: str, install: str) -> str:
    """The path of the first of ``names`` found on PATH, else skip (or fail in CI).

    ``install`` says how to get it, e.g. ``"apt-get install chromium"``.
    """
    for name in names:
        path = shutil.which(name)
        if path is not None:
            return path
    message = f"{' or '.join(names)} is not installed: {install}"
    if REQUIRE_EXTERNAL:
        pytest.fail(f"{message} (CCHC_REQUIRE_EXTERNAL is set, so this cannot be skipped)")
    pytest.skip(message)
