"""Rendering a journey map as a report: self-contained HTML, print-quality PDF, PNG.

The report is made of views (:class:`View`): the journey map grid, the experience
curve, the service blueprint, the listening plan, the data inventory, the opportunity
matrix and the quality (rubric) report; ``all`` puts a cover in front of every view.
The analysis report (:mod:`parcours.render.analysis`) shows what an event log measured.

>>> from parcours.model import JourneyMap
>>> page = render_html(JourneyMap(journey={"title": "Demo"}), views=["experience"])
>>> 'id="view-experience"' in page
True
"""

from parcours.render.analysis import render_analysis_html, render_analysis_pdf
from parcours.render.html import render_html
from parcours.render.pdf import render_pdf
from parcours.render.png import render_png
from parcours.render.views import View

__all__ = [
    "View",
    "render_analysis_html",
    "render_analysis_pdf",
    "render_html",
    "render_pdf",
    "render_png",
]
