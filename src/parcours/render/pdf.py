"""The journey-map report as a print-quality PDF (WeasyPrint).

Pages are landscape A3 or A4 with a running header (the journey title and the
section) and footer (date, "parcours", page X / Y). DejaVu Sans is embedded. The
report loads nothing from outside: any URL is refused.

>>> import tempfile, pathlib
>>> from parcours.model import JourneyMap
>>> out = pathlib.Path(tempfile.mkdtemp()) / "map.pdf"
>>> render_pdf(JourneyMap(journey={"title": "Demo"}), out, views=["map"]).read_bytes()[:5]
b'%PDF-'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from parcours.io.atomic import write_bytes_atomic
from parcours.model import JourneyMap
from parcours.render.html import Paper, render_html
from parcours.render.pdf_svg_text import whole_text_runs
from parcours.render.views import View


class ExternalResourceError(ValueError):
    """The report tried to load something from outside the document."""


def refuse_url(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    """A WeasyPrint URL fetcher that fetches nothing: the report is self-contained."""
    raise ExternalResourceError(f"the report does not load external resources: {url}")


def layout_document(html: str) -> Any:
    """Lay out ``html`` with WeasyPrint and return its ``Document`` (pages and boxes)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=refuse_url).render()


def pdf_bytes(
    m: JourneyMap,
    *,
    lang: str | None = None,
    views: Sequence[View | str] = (View.ALL,),
    report: Any = None,
    paper: Paper = "A3",
    generated_on: date | None = None,
) -> bytes:
    """The PDF of the report of ``m`` as bytes."""
    html = render_html(
        m, lang=lang, views=views, report=report, paper=paper, generated_on=generated_on
    )
    with whole_text_runs():
        document = layout_document(html)
        data: bytes = document.write_pdf()
    return data


def render_pdf(
    m: JourneyMap,
    out: str | Path,
    *,
    lang: str | None = None,
    views: Sequence[View | str] = (View.ALL,),
    report: Any = None,
    paper: Paper = "A3",
    generated_on: date | None = None,
) -> Path:
    """Write the report of ``m`` as a PDF to ``out`` (atomically); returns ``out``."""
    target = Path(out)
    data = pdf_bytes(
        m, lang=lang, views=views, report=report, paper=paper, generated_on=generated_on
    )
    write_bytes_atomic(target, data)
    return target
