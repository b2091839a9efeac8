"""The pages of a PDF drawn by two processes and joined (parcours.render.pdf_processes)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from parcours.render.pdf import layout_document
from parcours.render.pdf_processes import _draw_only, join_pages, write_pdf_in_processes

PAGES = 5
HTML = (
    "<html><head><title>Joined</title><style>@page { size: A6; "
    "@bottom-right { content: 'page ' counter(page) ' / ' counter(pages) } }"
    " section { break-before: page }</style></head><body>"
    '<h1>Contents</h1><p><a href="#part-4">to part 4</a></p>'
    + "".join(
        f'<section id="part-{n}"><h2>Part {n}</h2><p>Text of part {n}.</p></section>'
        for n in range(1, PAGES)
    )
    + "</body></html>"
)


@pytest.fixture(scope="module")
def document() -> Any:
    return layout_document(HTML)


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def outline_titles(pdf: bytes) -> list[Any]:
    def titles(items: list[Any]) -> list[Any]:
        return [titles(item) if isinstance(item, list) else item.title for item in items]

    return titles(PdfReader(io.BytesIO(pdf)).outline)


def link_targets(pdf: bytes) -> list[int]:
    reader = PdfReader(io.BytesIO(pdf))
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            destination = link.get("/Dest") or link["/A"]["/D"]
            if isinstance(destination, str):  # a named destination
                named = reader.named_destinations[destination]
                targets.append(reader.get_destination_page_number(named))
            else:
                targets.append(reader.get_page_number(destination[0].get_object()))
    return targets


def test_joined_halves_are_the_one_process_pdf(document: Any) -> None:
    whole = document.write_pdf()
    even = _draw_only(document, range(0, PAGES, 2))
    odd = _draw_only(document, range(1, PAGES, 2))
    joined = join_pages(even, odd, range(1, PAGES, 2))
    assert page_texts(even)[1] == ""  # each half really lacks the other's pages
    assert page_texts(joined) == page_texts(whole)
    assert page_texts(joined)[4] == "Part 4 Text of part 4. page 5 / 5"
    assert outline_titles(joined) == outline_titles(whole)
    assert link_targets(joined) == link_targets(whole) == [4]
    assert PdfReader(io.BytesIO(joined)).metadata.title == "Joined"


def test_drawing_in_processes_gives_the_same_pages(document: Any) -> None:
    assert page_texts(write_pdf_in_processes(document, min_pages=2)) == page_texts(
        document.write_pdf()
    )
