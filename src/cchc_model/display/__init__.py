"""What people look at: HTML (notebooks, web pages, the ``html`` format), terminal and
Markdown tables, the Vietnamese summary lines, charts.

:mod:`cchc_model.display.html` holds :func:`~cchc_model.to_html`, the one renderer
behind every notebook display; :mod:`cchc_model.display.charts` draws with matplotlib
(the ``plot`` extra). Both are imported on first use from :mod:`cchc_model`.
"""
