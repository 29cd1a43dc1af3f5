"""What people look at: HTML (notebooks, web pages, the ``html`` format), terminal and
Markdown tables, the Vietnamese summary lines, charts.

:mod:`cchc_model.display.html` holds :func:`~cchc_model.to_html`, the one renderer
behind every notebook display; :mod:`cchc_model.display.charts` draws with matplotlib
(the ``plot`` extra, imported when a chart is drawn). :mod:`cchc_model` imports this
package on first use of either name.
"""

from cchc_model.display.charts import plot_progress
from cchc_model.display.html import to_html

__all__ = ["plot_progress", "to_html"]
