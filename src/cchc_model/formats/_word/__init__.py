"""Word (.docx) machinery behind :mod:`cchc_model.formats.word`: opening a file safely,
its table as a grid, the appendix rows, the plan; writing."""
