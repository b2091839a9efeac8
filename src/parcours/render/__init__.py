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

from __future__ import annotations

from typing import TYPE_CHECKING

from parcours.lazy import lazy_exports
from parcours.render.html import render_html
from parcours.render.views import View

if TYPE_CHECKING:
    from parcours.render.analysis import render_analysis_html, render_analysis_pdf
    from parcours.render.pdf import render_pdf
    from parcours.render.png import render_png

__getattr__ = lazy_exports(
    __name__,
    {
        "render_analysis_html": "analysis",
        "render_analysis_pdf": "analysis",
        "render_pdf": "pdf",
        "render_png": "png",
    },
)

__all__ = [
    "View",
    "render_analysis_html",
    "render_analysis_pdf",
    "render_html",
    "render_pdf",
    "render_png",
]
