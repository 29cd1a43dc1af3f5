"""PDF machinery behind :mod:`cchc_model.formats.pdf`: ruled tables from pdfplumber's
lines and characters, then the same appendix rows as Word."""
