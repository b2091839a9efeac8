"""The report laid out in two parts by two processes (parcours.render.pdf_layouts and
parcours.render.report_parts) against the same report laid out whole in one."""

from __future__ import annotations

import functools
import io
import os
from datetime import date
from typing import Any

import pytest
from pdf_text import pages_text
from pypdf import PdfReader
from test_pdf_processes import link_targets, outline_titles

from parcours.model import JourneyMap
from parcours.render import pdf, pdf_layouts
from parcours.render.html import PART_MARK, cover_html, marked_html, render_html
from parcours.render.pdf import layout_document
from parcours.render.pdf_layouts import numbered, pdf_in_two_layouts
from parcours.render.pdf_processes import can_fork
from parcours.render.report_parts import balanced_cut, cut, part_html

MARK = PART_MARK
STYLE = """
@page { size: A7 landscape; margin: 12mm 6mm;
  @top-left { content: string(journey-title); font-size: 6pt }
  @top-right { content: string(section-title); font-size: 6pt }
  @bottom-right { content: "page " counter(page) " / " counter(pages); font-size: 6pt } }
@page cover { @top-left { content: none } @top-right { content: none } }
body { font-size: 7pt }
.cover { page: cover }
.doc-title { string-set: journey-title content(text) }
section.view { break-before: page }
.view-head h2 { string-set: section-title content(text); bookmark-level: 2 }
.grid-chunk + .grid-chunk { break-before: page }
.toc a::after { content: " p. " target-counter(attr(href), page) }
.toc.numbered a::after { content: none }
"""
VIEWS = {"map": "The map", "data": "Data"}


def cover(toc_pages: dict[str, int] | None = None) -> str:
    """The front of the report: a title and a table of contents (numbered or looked up)."""
    numbered_toc = toc_pages is not None
    items = "".join(
        f'<li><a href="#view-{name}">{title}'
        + (f'<span class="toc-page"> p. {toc_pages.get(name, "")}</span>' if numbered_toc else "")
        + "</a></li>"
        for name, title in VIEWS.items()
    )
    numbered_class = " numbered" if numbered_toc else ""
    return (
        '<div class="cover"><h1 class="doc-title">Two &amp; one</h1>'
        f'<div class="toc{numbered_class}"><ol>{items}</ol></div></div>'
    )


def report(front: str) -> str:
    """A report in the shape of marked_html's: a map section of three grid pages (the
    second two pages long), then a data section."""
    chunks = [
        '<div class="grid-chunk"><p>Chunk 1.</p></div>',
        '<div class="grid-chunk">' + "".join(f"<p>Line {n} of chunk 2.</p>" for n in range(12)),
        '</div><div class="grid-chunk"><p>Chunk 3.</p></div>',
    ]
    grid = (
        f'{MARK}<section class="view view-map" id="view-map"><div class="view-head">'
        f"<h2>The map</h2></div>{chunks[0]}{MARK}{chunks[1]}{MARK}{chunks[2]}</section>"
    )
    data = (
        f'{MARK}<section class="view view-data" id="view-data"><div class="view-head">'
        "<h2>Data</h2></div><p>Some data.</p></section>"
    )
    return page(front + grid + data)


def page(body: str) -> str:
    head = f"<head><title>Two &amp; one</title><style>{STYLE}</style></head>"
    return f"<html>{head}<body>{body}</body></html>"


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.split()) for page in pages_text(data)]


@pytest.fixture(scope="module")
def one_and_two() -> tuple[bytes, bytes]:
    if not can_fork(pages=2, min_pages=2):
        pytest.skip("one core, no fork or other threads running: one process only")
    marked = report(cover())
    whole = layout_document(marked.replace(MARK, "")).write_pdf()
    parts = cut(report(cover()))
    two = pdf_in_two_layouts(parts, lambda toc: page(cover(toc)), min_seconds=0)
    assert two is not None, "the report was not laid out in two processes"
    return whole, two


def test_two_layouts_give_the_pages_of_one(one_and_two: tuple[bytes, bytes]) -> None:
    whole, two = one_and_two
    texts = page_texts(two)
    assert texts == page_texts(whole)
    assert len(texts) == 6  # cover, map (chunk 2 on two pages), data
    assert texts[0] == "Two & one 1. The map p. 2 2. Data p. 6 page 1 / 6"
    for number, text in enumerate(texts[1:], start=2):
        assert text.startswith("Two & one"), text  # the running header in both parts
        assert text.endswith(f"page {number} / 6"), text
    assert "The map" in texts[4] and "Chunk 3." in texts[4]  # the part after the cut


def test_two_layouts_keep_outline_links_and_metadata(one_and_two: tuple[bytes, bytes]) -> None:
    whole, two = one_and_two
    assert outline_titles(two) == outline_titles(whole) == ["Two & one", ["The map", "Data"]]
    assert link_targets(two) == link_targets(whole) == [1, 1, 5, 5]  # title and number
    reader = PdfReader(io.BytesIO(two))
    assert reader.metadata.title == "Two & one"
    assert sorted(reader.named_destinations) == ["view-data", "view-map"]


def test_every_cut_gives_the_same_pages(one_and_two: tuple[bytes, bytes]) -> None:
    """Parts laid out one after the other here, numbered as the two processes would."""
    whole, _ = one_and_two
    parts = cut(report(cover()))
    expected = page_texts(whole)
    for start in range(1, len(parts.pieces)):
        first = layout_document(part_html(parts, 0, start, front=True))
        second_html = part_html(parts, start, len(parts.pieces), front=False)
        before = len(first.pages)
        with numbered(lambda pages: (before + 1, before + pages)):  # noqa: B023 - used at once
            second = layout_document(second_html)
        # the first part's footer counts only its own pages: compare the second's
        texts = page_texts(second.write_pdf())
        assert texts == expected[len(first.pages) :], start


def test_a_cut_inside_a_section_reopens_it_without_its_anchor() -> None:
    parts = cut(report(cover()))
    second = part_html(parts, 2, len(parts.pieces), front=False)
    assert second.count('<section class="view view-map">') == 1
    assert 'id="view-map"' not in second and 'id="view-data"' in second
    assert "section-title &quot;The map&quot;" in second
    assert "journey-title &quot;Two &amp; one&quot;" in second
    first = part_html(parts, 0, 2, front=True)
    assert first.count("</section>") == 1 and "Chunk 3." not in first


def test_small_reports_stay_in_one_process() -> None:
    assert pdf_in_two_layouts(cut(report(cover())), None) is None  # estimated < 6 s


def test_the_cut_balances_layout_then_drawing() -> None:
    parts = cut(report(cover()))
    assert 1 <= balanced_cut(parts) < len(parts.pieces)


# ----------------------------------------------------------------- the real report
@pytest.fixture(scope="module")
def map10() -> JourneyMap:
    steps = [{"id": f"s-{n}", "name": f"Step {n}"} for n in range(1, 11)]
    return JourneyMap.model_validate({"journey": {"title": "Ten <steps>"}, "steps": steps})


def test_the_report_is_marked_where_pages_start(map10: JourneyMap) -> None:
    day = date(2025, 3, 7)
    marked = marked_html(map10, lang="en", generated_on=day)
    assert marked.replace(MARK, "") == render_html(map10, lang="en", generated_on=day)
    parts = cut(marked)
    assert parts.has_cover and parts.journey_title == "Ten <steps>"
    views = [piece.view for piece in parts.pieces if piece.starts_section]
    assert views[:2] == ["map", "experience"] and "rubric" in views
    map_pieces = [piece for piece in parts.pieces if piece.view == "map"]
    assert len(map_pieces) == 2  # 10 steps: two grid pages of 8 steps at most
    assert not map_pieces[1].starts_section and map_pieces[1].ends_section
    whole = part_html(parts, 0, len(parts.pieces), front=True)
    assert whole.replace(MARK, "") == marked.replace(MARK, "")


def test_the_cover_apart_gives_the_section_pages(map10: JourneyMap) -> None:
    page = cover_html(map10, toc_pages={"map": 2, "rubric": 9}, lang="en", views=["all"])
    assert '<div class="toc numbered">' in page and '<section class="view' not in page
    assert '>Journey map<span class="toc-page">2</span></a>' in page
    assert '>Quality report<span class="toc-page">9</span></a>' in page


def test_pdf_bytes_lays_a_report_out_in_two_parts(
    map10: JourneyMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: dict[str, Any] = {}

    def spy(parts: Any, cover: Any, **options: Any) -> bytes:
        called["parts"], called["cover"] = parts, cover
        return b"%PDF-two"

    monkeypatch.setattr(pdf, "pdf_in_two_layouts", spy)
    assert pdf.pdf_bytes(map10, lang="en") == b"%PDF-two"
    assert called["parts"].has_cover and len(called["parts"].pieces) > 2
    assert '<span class="toc-page">3</span>' in called["cover"]({"map": 3})


def test_a_report_without_cover_keeps_its_header_in_the_first_part() -> None:
    if not can_fork(pages=2, min_pages=2):
        pytest.skip("one core, no fork or other threads running: one process only")
    marked = report('<header><h1 class="doc-title">Two &amp; one</h1></header>')
    two = pdf_in_two_layouts(cut(marked), None, min_seconds=0)
    assert two is not None
    texts = page_texts(two)
    assert texts == page_texts(layout_document(marked.replace(MARK, "")).write_pdf())
    assert texts[0].startswith("Two & one Two & one") and texts[-1].endswith("page 6 / 6")


def test_a_failing_child_leaves_the_report_to_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    if not can_fork(pages=2, min_pages=2):
        pytest.skip("one core, no fork or other threads running: one process only")
    from weasyprint import layout

    original, fork, forked = layout.make_margin_boxes, os.fork, []

    def recorded_fork() -> int:
        forked.append(fork())
        return forked[-1]

    monkeypatch.setattr(pdf_layouts, "_child", lambda *args: os._exit(1))
    monkeypatch.setattr(os, "fork", recorded_fork)
    parts = cut(report(cover()))
    assert pdf_in_two_layouts(parts, lambda toc: page(cover(toc)), min_seconds=0) is None
    assert layout.make_margin_boxes is original  # WeasyPrint as it was
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # the child was waited for


def test_the_collector_comes_back_when_the_last_of_overlapping_layouts_ends() -> None:
    import gc

    from parcours.render.pdf import cyclic_gc_paused

    first, second = cyclic_gc_paused(), cyclic_gc_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # another thread's layout is still running
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()  # a program that runs without the collector keeps it off
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_second_part_drawn_by_two_processes_is_joined_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the child draws its part with a child of its own and sends both PDFs unjoined: the
    # parent puts each one's pages in place in one join
    if not can_fork(pages=2, min_pages=2):
        pytest.skip("one core, no fork or other threads running: one process only")
    monkeypatch.setattr(
        pdf_layouts, "drawn_apart", functools.partial(pdf_layouts.drawn_apart, min_pages=2)
    )
    joined: list[int] = []
    original = pdf_layouts.join_parts

    def counting(base: Any, parts: Any, shift: int = 0) -> bytes:
        joined.append(len(parts))
        return original(base, parts, shift)

    monkeypatch.setattr(pdf_layouts, "join_parts", counting)
    marked = report(cover())
    whole = layout_document(marked.replace(MARK, "")).write_pdf()
    parts = cut(report(cover()))
    two = pdf_in_two_layouts(parts, lambda toc: page(cover(toc)), min_seconds=0)
    assert two is not None and joined == [2]  # the child's pages came in two PDFs
    assert page_texts(two) == page_texts(whole)
