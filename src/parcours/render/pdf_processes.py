"""Draw the pages of a laid-out report in two processes (two cores), then join them.

WeasyPrint makes a PDF in two stages: the layout (HTML parsing, CSS cascade, pages and
boxes: :func:`parcours.render.pdf.layout_document`), then the drawing of every page
into a PDF (``Document.write_pdf``). For a 200-step map the drawing is a third of the
time, and each page is drawn on its own. :func:`write_pdf_in_processes` forks the
process once the layout is done: the child draws the odd pages and the parent the even
ones, each writing a whole PDF where the other's pages are left blank (their links,
anchors and bookmarks are still written: they come from the layout, not the drawing).
The parent's PDF is then kept, each of its blank pages taking the content and the
resources of the child's page (:func:`join_pages`). The pages are those of the
one-process PDF: same layout, same text, same links, bookmarks and metadata; only the
embedded font subsets come twice.

It runs only where it is safe and worth it (:func:`can_fork`): a platform with
``fork``, a single thread (a fork copies only the calling thread: the web app renders
in worker threads and keeps drawing in one process), two cores or more and enough
pages. Anything going wrong in the child falls back to drawing every page here.

>>> can_fork(pages=1)
False
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterable
from typing import Any

MIN_PAGES = 8
"""Fewer pages are drawn in one process: forking costs more than it saves."""


def can_fork(pages: int, min_pages: int = MIN_PAGES) -> bool:
    """Whether :func:`write_pdf_in_processes` draws ``pages`` pages in two processes."""
    if pages < min_pages or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return False
    return threading.active_count() == 1


def _blank(*args: Any, **kwargs: Any) -> None:
    """A page painter that paints nothing (the page is drawn by the other process)."""


def _draw_only(document: Any, drawn: Iterable[int]) -> bytes:
    """The PDF of ``document`` with only the pages of index ``drawn`` painted."""
    keep = set(drawn)
    for index, page in enumerate(document.pages):
        if index in keep:
            page.__dict__.pop("paint", None)
        else:
            page.paint = _blank
    try:
        data: bytes = document.write_pdf()
    finally:
        for page in document.pages:
            page.__dict__.pop("paint", None)
    return data


def _read_all(fd: int) -> bytes:
    """Everything readable from the file descriptor ``fd`` until its end."""
    chunks = []
    with os.fdopen(fd, "rb") as reader:
        while chunk := reader.read(1 << 20):
            chunks.append(chunk)
    return b"".join(chunks)


def _child_draws(document: Any, odd: list[int], writer_fd: int) -> None:
    """In the forked child: draw the ``odd`` pages, send the PDF, exit (never returns)."""
    code = 1
    try:
        data = _draw_only(document, odd)
        with os.fdopen(writer_fd, "wb") as out:
            out.write(data)
        code = 0
    finally:
        os._exit(code)


def write_pdf_in_processes(document: Any, min_pages: int = MIN_PAGES) -> bytes:
    """The PDF of a laid-out WeasyPrint ``document``, its pages drawn by two processes
    when :func:`can_fork` allows, else by this one."""
    drawn = drawn_apart(document, min_pages)
    if len(drawn) == 1:
        return drawn[0][0]
    (mine, _), (theirs, odd) = drawn
    return join_pages(mine, theirs, odd)


DrawnPart = tuple[bytes, list[int]]
"""A PDF of every page of a document, and the indexes of the pages it drew (the others
are blank in it)."""


def drawn_apart(document: Any, min_pages: int = MIN_PAGES) -> list[DrawnPart]:
    """The PDFs of a laid-out WeasyPrint ``document`` as drawn, not joined: one of every
    page, or, when :func:`can_fork` allows, this process's (the even pages) and a forked
    child's (the odd ones). Whoever joins them (:func:`join_pages`) can read both in one
    pass: the two-layout report sends them on unjoined, saving a join of all its pages."""
    count = len(document.pages)

    def whole() -> list[DrawnPart]:
        return [(document.write_pdf(), list(range(count)))]

    if not can_fork(count, min_pages):
        return whole()
    even = list(range(0, count, 2))
    odd = list(range(1, count, 2))
    reader_fd, writer_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child exits without returning to coverage
        os.close(reader_fd)
        _child_draws(document, odd, writer_fd)
    os.close(writer_fd)
    mine = _draw_only(document, even)
    theirs = _read_all(reader_fd)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not theirs.startswith(b"%PDF-"):
        return whole()  # the child failed: every page drawn here
    return [(mine, even), (theirs, odd)]


def join_pages(base: bytes | Any, other: bytes, pages: Iterable[int], shift: int = 0) -> bytes:
    """``base`` (a PDF, or :func:`join_base` of one) with each page of index in
    ``pages`` taking the content and the resources of the page of index ``shift`` less of
    ``other`` (by default the same page: ``other`` has as many pages); everything else
    (annotations, outline, names, metadata) stays ``base``'s.

    The result is ``base`` followed by an incremental update holding the changed pages
    and what they use of ``other``.

    >>> from pypdf import PdfReader, PdfWriter
    >>> def pdf(sizes):
    ...     writer = PdfWriter()
    ...     for width in sizes:
    ...         writer.add_blank_page(width, 10)
    ...     out = io.BytesIO(); writer.write(out); return out.getvalue()
    >>> joined = join_pages(pdf([10, 10]), pdf([10, 10]), [1])
    >>> len(PdfReader(io.BytesIO(joined)).pages)
    2
    """
    return join_parts(base, [(other, list(pages))], shift)


def join_parts(base: bytes | Any, parts: Iterable[DrawnPart], shift: int = 0) -> bytes:
    """:func:`join_pages` of several PDFs at once: each part's pages (indexes in ``base``)
    take their content from that part's PDF (page index ``shift`` less), in one update."""
    from pypdf import PdfReader
    from pypdf.generic import NameObject

    writer = join_base(base) if isinstance(base, bytes) else base
    for other, pages in parts:
        source = PdfReader(io.BytesIO(other))
        if shift == 0 and len(source.pages) != len(writer.pages):
            raise ValueError("the two PDFs must have as many pages")
        for index in pages:
            theirs = source.pages[index - shift]
            page = writer.pages[index]
            for key in ("/Contents", "/Resources"):
                if key in theirs:
                    page[NameObject(key)] = theirs.raw_get(key).clone(writer)
                else:
                    page.pop(key, None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def join_base(base: bytes) -> Any:
    """``base`` (a PDF) read for :func:`join_pages`: half of a join's work, which can be
    done while the other PDF is still being drawn.

    >>> from pypdf import PdfWriter
    >>> writer = PdfWriter(); _ = writer.add_blank_page(10, 10); out = io.BytesIO()
    >>> _ = writer.write(out)
    >>> len(join_base(out.getvalue()).pages)
    1
    """
    from pypdf import PdfWriter

    # an incremental update: ``base`` is kept byte for byte and only the pages changed
    # are written after it (cloning the whole of ``base`` took four times as long)
    return PdfWriter(io.BytesIO(base), incremental=True)
