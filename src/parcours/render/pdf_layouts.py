"""Lay the report out in two processes (two cores), each laying out and drawing a part.

Laying a report out is most of a PDF's cost (a 200-step map: 30 CPU s of layout, 15 of
drawing) and WeasyPrint does it in one thread. The report starts a new page at each
section and each page of the grid, so it can be cut there into two pages of HTML
(:mod:`parcours.render.report_parts`) laid out at once: this process lays out the first
part, a forked child the second. What one part needs of the other is small:

* the page numbers of the running footer ("page X / N"): each process lays its part out,
  then, before WeasyPrint makes the margin boxes, they tell each other their page counts
  (:func:`numbered`: the part's pages are numbered from its first page in the report);
* the cover's table of contents, which gives each section's page: the cover is laid out
  apart, in this process, once to know how many pages it takes (before its sections'
  numbers are known), and again with the numbers once both parts are laid out
  (:func:`parcours.render.html.cover_html`);
* the links, anchors and bookmarks of the child's pages: the child sends them, and this
  process writes the whole PDF with blank stand-ins for the child's pages carrying them
  (:class:`StandInPage`); the child sends the PDF of its own pages (drawn by itself and a
  process of its own, :func:`parcours.render.pdf_processes.drawn_apart`: the
  second part holds the drawings, the dearest pages to draw), whose content and resources
  go onto the stand-ins (:func:`parcours.render.pdf_processes.join_parts`: the child sends
  its own PDF and its own child's unjoined, and this process reads both in one join).

The pages are those of the one-process PDF: the same layout of each page (every cut is
at a forced page break), the same text, links, outline and metadata. Anything unexpected
(the cover's page count changing with its numbers, a section anchor missing, a child
failing) gives ``None``: the caller makes the PDF in one process.

>>> from parcours.render.report_parts import cut
>>> pdf_in_two_layouts(cut("<html><head></head><body></body></html>"), None) is None
True
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import pickle
import signal
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, BinaryIO

from parcours.render.pdf_processes import (
    DrawnPart,
    can_fork,
    drawn_apart,
    join_base,
    join_parts,
)
from parcours.render.report_parts import (
    MarkedReport,
    balanced_cut,
    estimated_seconds,
    part_html,
)

LOG = logging.getLogger(__name__)
"""Debug messages: what each process did when (CPU and wall seconds since the fork)."""

MIN_SECONDS = 6.0
"""Reports estimated to cost less (:func:`~parcours.render.report_parts.estimated_seconds`)
are made in one process: two layouts and a join cost more than they save."""

Numbering = Callable[[int], tuple[int, int]]
"""Given a part's page count, the number of its first page and the report's page count."""

CoverHtml = Callable[[dict[str, int]], str]
"""The cover's page given the page number of each section (by view name)."""


def _note(what: str) -> None:
    times = os.times()
    LOG.debug(
        "%s %s: cpu %.2f s (its children %.2f s), wall %.2f s",
        os.getpid(),
        what,
        times.user + times.system,
        times.children_user + times.children_system,
        time.perf_counter(),
    )


class LayoutsDisagree(RuntimeError):
    """The two layouts cannot be joined as laid out (the caller falls back to one)."""


@contextlib.contextmanager
def numbered(numbering: Numbering) -> Iterator[None]:
    """While active, the documents WeasyPrint lays out number their pages as
    ``numbering`` says, asked once a document, when its pages are laid out and its
    margin boxes (header, footer) not yet made.

    >>> from parcours.render.pdf import layout_document
    >>> page = ("<style>@page { @bottom-left { content: counter(page) '/' counter(pages) } }"
    ...         "</style><p>one</p>")
    >>> with numbered(lambda pages: (7, 9)):
    ...     document = layout_document(page)
    >>> [box.children[0].children[0].text for box in document.pages[0]._page_box.children[1:]]
    ['7/9']
    """
    from weasyprint import layout

    original = layout.make_margin_boxes
    told: dict[int, tuple[int, int]] = {}

    def margin_boxes(context: Any, page: Any, state: Any) -> Any:
        counters = state[1]
        key = id(context)
        if key not in told:
            told.clear()  # one document at a time
            told[key] = numbering(counters["pages"][-1])
        first, total = told[key]
        state = copy.deepcopy(state)
        state[1]["page"][-1] += first - 1
        state[1]["pages"] = [total]
        return original(context, page, state)

    layout.make_margin_boxes = margin_boxes
    try:
        yield
    finally:
        layout.make_margin_boxes = original


@dataclass
class StandInPage:
    """A page laid out by the other process, blank here: its size, anchors, links and
    bookmarks, as WeasyPrint's ``Page`` has them, for the whole PDF's outline, named
    destinations and links."""

    width: float
    height: float
    bleed: dict[str, float]
    anchors: dict[str, tuple[float, float, float, float]]
    links: list[tuple[str, str, tuple[float, float, float, float], Any]]
    bookmarks: list[tuple[int, str, tuple[float, float], str]]
    forms: dict[Any, list[Any]] = field(default_factory=lambda: {None: []})

    @classmethod
    def of(cls, page: Any) -> StandInPage:
        """The stand-in of a WeasyPrint ``Page`` (plain data: it can be pickled)."""
        links = [(kind, target, tuple(box), None) for kind, target, box, _ in page.links]
        return cls(
            page.width,
            page.height,
            dict(page.bleed),
            {name: tuple(point) for name, point in page.anchors.items()},
            links,
            [(level, label, tuple(point), state) for level, label, point, state in page.bookmarks],
        )

    def linked(self) -> StandInPage:
        """This page with an object per link for WeasyPrint to hang the annotation on."""
        links = [(kind, target, box, SimpleNamespace()) for kind, target, box, _ in self.links]
        return StandInPage(self.width, self.height, self.bleed, self.anchors, links, self.bookmarks)

    def paint(self, stream: Any, scale: float = 1) -> None:
        """Paint nothing: the other process draws this page."""


class Channel:
    """Python objects sent through a pipe, each pickled after its length."""

    def __init__(self, reader: BinaryIO, writer: BinaryIO) -> None:
        self.reader, self.writer = reader, writer

    def send(self, value: Any) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.writer.write(struct.pack("<Q", len(data)) + data)
        self.writer.flush()

    def receive(self) -> Any:
        size = struct.unpack("<Q", self._exactly(8))[0]
        return pickle.loads(self._exactly(size))  # our own forked child: trusted

    def _exactly(self, size: int) -> bytes:
        data = self.reader.read(size)
        if len(data) != size:
            raise LayoutsDisagree("the other process stopped")
        return data


def pdf_in_two_layouts(
    report: MarkedReport,
    cover: CoverHtml | None,
    *,
    min_seconds: float = MIN_SECONDS,
) -> bytes | None:
    """The PDF of ``report`` (its cover made by ``cover``, if any) laid out and drawn by
    two processes, or ``None`` when it is not worth it, not possible or went wrong."""
    if len(report.pieces) < 2 or estimated_seconds(report) < min_seconds:
        return None
    if not can_fork(pages=2, min_pages=2):
        return None
    start = balanced_cut(report)
    first = part_html(report, 0, start, front=cover is None)
    second = part_html(report, start, len(report.pieces), front=False)
    to_parent, to_child = os.pipe(), os.pipe()
    _note("forking")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child exits without returning to coverage
        os.close(to_parent[0])
        os.close(to_child[1])
        _child(second, to_child[0], to_parent[1])
    os.close(to_parent[1])
    os.close(to_child[0])
    sections = [piece.view for piece in report.pieces if piece.starts_section]
    done = False
    try:
        with os.fdopen(to_parent[0], "rb") as reader, os.fdopen(to_child[1], "wb") as writer:
            data = _parent(first, cover, sections, Channel(reader, writer))
        done = True
        return data
    except Exception:  # anything unexpected: the caller makes the PDF in one process
        LOG.debug("two layouts abandoned", exc_info=True)
        return None
    finally:
        if not done:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _child(html: str, reader_fd: int, writer_fd: int) -> None:
    """In the forked child: lay out and draw the second part, exchanging with the parent
    (never returns)."""
    code = 1
    try:
        with os.fdopen(reader_fd, "rb") as reader, os.fdopen(writer_fd, "wb") as writer:
            channel = Channel(reader, writer)

            def numbering(pages: int) -> tuple[int, int]:
                _note("second part paginated")
                channel.send(pages)
                first, total = channel.receive()
                _note("numbers received")
                return int(first), int(total)

            document = _lay_out(html, numbering)
            channel.send([StandInPage.of(page) for page in document.pages])
            for page in document.pages:
                page.links = []  # the parent writes them, on the stand-ins
            data = drawn_apart(document)  # its pages drawn by two processes, not joined
            _note("second part drawn")
            channel.send(data)
        code = 0
    finally:
        os._exit(code)


def _lay_out(html: str, numbering: Numbering) -> Any:
    from parcours.render.pdf import layout_document

    with numbered(numbering):
        return layout_document(html)


def _parent(html: str, cover: CoverHtml | None, sections: list[str], channel: Channel) -> bytes:
    """Lay out and draw the first part (and the cover), join the child's pages.

    ``sections`` are the views whose page the cover's table of contents gives."""
    cover_pages = len(_lay_out(cover({}), lambda pages: (1, pages)).pages) if cover else 0

    _note("cover drafted")

    def numbering(pages: int) -> tuple[int, int]:
        _note("first part paginated")
        theirs = int(channel.receive())
        _note("page count received")
        total = cover_pages + pages + theirs
        channel.send((cover_pages + pages + 1, total))
        return cover_pages + 1, total

    document = _lay_out(html, numbering)
    stand_ins = [page.linked() for page in channel.receive()]
    total = cover_pages + len(document.pages) + len(stand_ins)
    pages: list[Any] = [*document.pages, *stand_ins]
    if cover:
        toc = section_pages(pages, first_page=cover_pages + 1)
        if set(sections) - set(toc):
            raise LayoutsDisagree(f"sections without an anchor: {set(sections) - set(toc)}")
        front = _lay_out(cover(toc), lambda _: (1, total))
        if len(front.pages) != cover_pages:
            raise LayoutsDisagree("the cover's page count changed with its page numbers")
        pages = [*front.pages, *pages]
        document = front
    _note("cover laid out")
    mine = join_base(document.copy(pages).write_pdf())  # read while the child draws
    _note("first part drawn")
    theirs = _drawn_parts(channel.receive())
    _note("second part received")
    first_theirs = total - len(stand_ins)
    parts = [(pdf, [first_theirs + index for index in drawn]) for pdf, drawn in theirs]
    joined = join_parts(mine, parts, shift=first_theirs)
    _note("joined")
    return joined


def _drawn_parts(sent: Any) -> list[DrawnPart]:
    """What the child sent for its pages: PDFs, each with the indexes of the pages it drew."""
    if not isinstance(sent, list) or not sent:
        raise LayoutsDisagree("the child sent no PDF")
    for part in sent:
        if not (
            isinstance(part, tuple)
            and len(part) == 2
            and isinstance(part[0], bytes)
            and part[0].startswith(b"%PDF-")
            and all(isinstance(index, int) for index in part[1])
        ):
            raise LayoutsDisagree("the child sent no PDF")
    return sent


def section_pages(pages: list[Any], first_page: int) -> dict[str, int]:
    """The page number of each section (``view-NAME`` anchors) of ``pages``, the first
    of which is numbered ``first_page``, by view name.

    >>> page = StandInPage(1, 1, {}, {"view-map": (0, 0, 0, 0)}, [], [])
    >>> section_pages([StandInPage(1, 1, {}, {}, [], []), page], first_page=2)
    {'map': 3}
    """
    found: dict[str, int] = {}
    for number, page in enumerate(pages, start=first_page):
        for name in page.anchors:
            if name.startswith("view-"):
                found.setdefault(name.removeprefix("view-"), number)
    return found
