"""The journey-map report as PNG images: the PDF pages rasterised with pypdfium2.

>>> import tempfile, pathlib
>>> from parcours.model import JourneyMap
>>> out = pathlib.Path(tempfile.mkdtemp()) / "map.png"
>>> [p.name for p in render_png(JourneyMap(journey={"title": "Demo"}), out, views=["map"])]
['map.png']
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from parcours.io.atomic import write_bytes_atomic
from parcours.model import JourneyMap
from parcours.render.html import Paper
from parcours.render.pdf import pdf_bytes
from parcours.render.views import View


def page_paths(out: Path, count: int) -> list[Path]:
    """Where each page goes: ``out`` for one page, ``<stem>-<n>.png`` for several.

    >>> [p.name for p in page_paths(Path("x/map.png"), 2)]
    ['map-1.png', 'map-2.png']
    """
    if count == 1:
        return [out]
    suffix = out.suffix or ".png"
    return [out.with_name(f"{out.stem}-{n}{suffix}") for n in range(1, count + 1)]


def rasterise_pdf(
    pdf: bytes, out: str | Path, *, page: int | None = None, dpi: float = 110
) -> list[Path]:
    """Write PDF pages as PNG files; ``page`` (1-based) picks one, None writes all."""
    import pypdfium2

    if dpi <= 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    target = Path(out)
    document = pypdfium2.PdfDocument(pdf)
    try:
        count = len(document)
        if page is not None and not 1 <= page <= count:
            raise ValueError(f"page {page} does not exist: the report has {count} page(s)")
        numbers = [page] if page is not None else list(range(1, count + 1))
        paths = page_paths(target, len(numbers))
        for number, path in zip(numbers, paths, strict=True):
            bitmap = document[number - 1].render(scale=dpi / 72)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG", dpi=(dpi, dpi))
            write_bytes_atomic(path, buffer.getvalue())
        return paths
    finally:
        document.close()


def render_png(
    m: JourneyMap,
    out: str | Path,
    *,
    page: int | None = None,
    dpi: float = 110,
    lang: str | None = None,
    views: Sequence[View | str] = (View.ALL,),
    report: Any = None,
    paper: Paper = "A3",
    generated_on: date | None = None,
) -> list[Path]:
    """Render the report of ``m`` to PNG: one page (``page``, 1-based) or every page.

    Returns the files written (``out`` itself for a single page, else
    ``<stem>-<n>.png`` beside it).
    """
    data = pdf_bytes(
        m, lang=lang, views=views, report=report, paper=paper, generated_on=generated_on
    )
    return rasterise_pdf(data, out, page=page, dpi=dpi)
