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

import base64
import contextlib
import gc
import re
import threading
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from parcours.io.atomic import write_bytes_atomic
from parcours.model import JourneyMap
from parcours.render.html import PART_MARK, Paper, cover_html, marked_html
from parcours.render.pdf_layouts import pdf_in_two_layouts
from parcours.render.pdf_processes import write_pdf_in_processes
from parcours.render.pdf_svg_text import whole_text_runs
from parcours.render.report_parts import cut
from parcours.render.svg.labels import text
from parcours.render.views import View


class ExternalResourceError(ValueError):
    """The report tried to load something from outside the document."""


def refuse_url(url: str, *args: Any, **kwargs: Any) -> Any:
    """A WeasyPrint URL fetcher that fetches nothing from outside: the report is
    self-contained. Only ``data:`` URLs (the drawings, see :func:`drawings_as_images`)
    are read, by WeasyPrint's own fetcher restricted to that scheme."""
    if url.startswith("data:"):
        from weasyprint.urls import URLFetcher

        return URLFetcher(allowed_protocols={"data"})(url)
    return _refuse(url)


def _refuse(url: str) -> NoReturn:
    raise ExternalResourceError(f"the report does not load external resources: {url}")


_DRAWING = re.compile(r'<svg class="drawing"(.*?)</svg>', re.DOTALL)
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


DRAWING_URL = "parcours-drawing:"
"""The address of a drawing held in memory while the PDF is made (see :func:`layout_document`)."""


def drawings_as_images(html: str, held: dict[str, bytes] | None = None) -> str:
    """``html`` with each inline drawing (``<svg class="drawing">``) made an ``<img>``
    of the same SVG, its title as the alternative text.

    The SVG goes into ``held`` under a :data:`DRAWING_URL` address, or, without
    ``held``, into a ``data:`` URL. WeasyPrint reads an SVG image with an XML parser,
    while inline SVG goes through its HTML parser and its CSS cascade element by
    element: for a 60-step blueprint that was 25 s of the PDF. An address rather than
    a ``data:`` URL also keeps the 4 MB of a 200-step map's drawings out of the HTML
    parser (read a character at a time).

    >>> html = drawings_as_images('<p><svg class="drawing" viewBox="0 0 1 1">'
    ...     '<title>A &amp; B</title></svg></p>')
    >>> html.startswith('<p><img class="drawing" alt="A &amp; B" src="data:image/svg+xml;base64,')
    True
    >>> held = {}
    >>> drawings_as_images('<svg class="drawing"></svg>', held), list(held.values())
    ('<img class="drawing" alt="" src="parcours-drawing:0">', [b'<svg></svg>'])
    """

    def image(match: re.Match[str]) -> str:
        svg = f"<svg{match.group(1)}</svg>"
        title = _TITLE.search(svg)
        alt = title.group(1) if title else ""
        if held is None:
            data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            source = f"data:image/svg+xml;base64,{data}"
        else:
            source = f"{DRAWING_URL}{len(held)}"
            held[source] = svg.encode("utf-8")
        return f'<img class="drawing" alt="{alt}" src="{source}">'

    return _DRAWING.sub(image, html)


def held_drawings_fetcher(held: dict[str, bytes]) -> Any:
    """A URL fetcher serving the drawings of ``held`` and refusing everything else
    (:func:`refuse_url`)."""

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        if url in held:
            from weasyprint.urls import URLFetcherResponse

            headers = {"Content-Type": "image/svg+xml"}
            return URLFetcherResponse(url, body=held[url], headers=headers)
        return refuse_url(url, *args, **kwargs)

    return fetch


def layout_document(html: str) -> Any:
    """Lay out ``html`` with WeasyPrint and return its ``Document`` (pages and boxes)."""
    from weasyprint import HTML

    held: dict[str, bytes] = {}
    page = drawings_as_images(html, held)
    return HTML(string=page, url_fetcher=held_drawings_fetcher(held)).render()


def document_pdf(html: str) -> bytes:
    """The PDF of ``html``: laid out by :func:`layout_document`, the lines of the
    drawings drawn as whole runs (:mod:`parcours.render.pdf_svg_text`), the pages drawn
    by two processes when there are two cores (:mod:`parcours.render.pdf_processes`)."""
    with whole_text_runs():
        return write_pdf_in_processes(layout_document(html))


_GC_LOCK = threading.Lock()
_GC_PAUSE = {"layouts": 0, "was_enabled": True}
"""How many layouts run now (the web app makes PDFs in several threads), and whether the
collector was on before the first of them."""


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a report is laid out and drawn.

    WeasyPrint makes millions of boxes that live until the PDF is written, and each full
    collection walks all of them: 12 % of the CPU of laying out and drawing a third of the
    200-step report (1.5 of 12 s, 1,373 collections) went to collections that found almost
    nothing (23,000 objects), and a forked layout's collections would also copy the parent's
    pages. Reference counting still frees everything else at once; the collector is back
    as it was when the last layout running ends.

    >>> with cyclic_gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    with _GC_LOCK:
        if _GC_PAUSE["layouts"] == 0:
            _GC_PAUSE["was_enabled"] = gc.isenabled()
            gc.disable()
        _GC_PAUSE["layouts"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_PAUSE["layouts"] -= 1
            if _GC_PAUSE["layouts"] == 0 and _GC_PAUSE["was_enabled"]:
                gc.enable()


PRINTED_TEXT_CHARS = 1_500
"""Most characters of one text the PDF prints; a longer text is cut (see :func:`clip_texts`)."""


def clip_texts(m: JourneyMap, lang: str, limit: int = PRINTED_TEXT_CHARS) -> JourneyMap:
    """``m`` with every text longer than ``limit`` characters cut at a word, ending with
    an ellipsis and the note that the whole text is in the HTML report and the map file.

    A page cannot hold a 100 KB description in a table cell, and laying one out costs
    minutes; the printed report says where to read the rest instead.

    >>> m = JourneyMap(journey={"title": "T", "scope": "word " * 1000})
    >>> clip_texts(m, "en", 30).journey.scope
    'word word word word word word… [text cut: read it whole in the HTML report or the map file]'
    >>> clip_texts(m, "en") is m or len(clip_texts(m, "en").journey.scope) < 1600
    True
    """
    note = text("text_cut", lang)
    changed = False

    def clipped(value: Any) -> Any:
        nonlocal changed
        if isinstance(value, str) and len(value) > limit:
            changed = True
            head = value[: limit + 1]
            cut = head.rsplit(None, 1)[0] if " " in head.strip() else value[:limit]
            return f"{cut.rstrip()}… {note}"
        if isinstance(value, dict):
            return {key: clipped(item) for key, item in value.items()}
        if isinstance(value, list):
            return [clipped(item) for item in value]
        return value

    data = clipped(m.model_dump())
    return JourneyMap.model_validate(data) if changed else m


def pdf_bytes(
    m: JourneyMap,
    *,
    lang: str | None = None,
    views: Sequence[View | str] = (View.ALL,),
    report: Any = None,
    paper: Paper = "A3",
    generated_on: date | None = None,
) -> bytes:
    """The PDF of the report of ``m`` as bytes: laid out and drawn by two processes when
    it is long and there are two cores (:mod:`parcours.render.pdf_layouts`), else by
    :func:`document_pdf`."""
    language = lang or m.language.value
    printed = clip_texts(m, language)
    day = generated_on or date.today()
    marked = marked_html(
        printed, lang=language, views=views, report=report, paper=paper, generated_on=day
    )
    report_parts = cut(marked)

    def cover(toc_pages: dict[str, int]) -> str:
        return cover_html(
            printed, toc_pages=toc_pages, lang=language, views=views, paper=paper, generated_on=day
        )

    with cyclic_gc_paused():
        with whole_text_runs():
            data = pdf_in_two_layouts(report_parts, cover if report_parts.has_cover else None)
        return data if data is not None else document_pdf(marked.replace(PART_MARK, ""))


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
