"""Root pytest configuration: what pytest must not collect outside tests/ and src/."""

from __future__ import annotations

# docs/ is in testpaths so that the pages' examples run as doctests; the Sphinx
# configuration and build output are not tests.
collect_ignore = ["docs/conf.py"]
collect_ignore_glob = ["docs/_build/*", "docs/reference/*"]
