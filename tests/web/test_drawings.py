"""A map's drawing as its own resource named by the revision (issue 11, load)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from web.conftest import Site, module_site, new_bank_map

IMG = re.compile(r'<img class="drawing" src="([^"]+)"')
HOSTILE = '<script>alert(1)</script>"><svg onload=alert(1)>'


@pytest.fixture(scope="module")
def drawing_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the module; each test draws a fresh bank map of its own."""
    with module_site(tmp_path_factory, "drawings") as built:
        yield built


def _drawing_url(html: str) -> str:
    found = IMG.search(html)
    assert found is not None, html[:500]
    return found.group(1).replace("&amp;", "&")


def test_the_page_links_a_cached_drawing_that_a_save_replaces(drawing_site: Site) -> None:
    site = drawing_site
    map_id = new_bank_map(site)
    viewer, _ = site.login("viewer")
    page = viewer.get(f"/maps/{map_id}")
    assert '<svg class="drawing"' not in page.text and len(page.text) < 200_000
    url = _drawing_url(page.text)
    assert url.startswith(f"/maps/{map_id}/drawing/map.svg?rev=1-0&")
    drawing = viewer.get(url)
    assert drawing.status_code == 200
    assert drawing.headers["content-type"] == "image/svg+xml"
    assert drawing.headers["cache-control"] == "private, max-age=31536000, immutable"
    policy = drawing.headers["content-security-policy"]
    assert policy == "default-src 'none'; style-src 'unsafe-inline'"  # no script if opened
    assert drawing.text.lstrip().startswith(("<?xml", "<svg"))
    again = viewer.get(url, headers={"If-None-Match": drawing.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    # gzip when the client takes it (every browser does): the same SVG, another entity tag
    assert drawing.headers["content-encoding"] == "gzip"  # the test client asks for gzip
    assert drawing.headers["vary"] == "Accept-Encoding"
    plain = viewer.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == drawing.content
    assert plain.headers["etag"] != drawing.headers["etag"]
    assert len(plain.content) > 4 * int(drawing.headers["content-length"])
    again = viewer.get(url, headers={"If-None-Match": plain.headers["etag"], "Accept-Encoding": ""})
    assert again.status_code == 304
    editor, csrf = site.login("editor")
    saved = editor.post(
        f"/maps/{map_id}/steps/{site.first_step}",
        data={"name": HOSTILE, "base_revision": "1", "csrf": csrf},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    new_url = _drawing_url(saved.text)
    assert "rev=2-0" in new_url
    new = editor.get(new_url)
    assert "<script>" not in new.text and "<svg onload" not in new.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in new.text  # escaped user text
    kept = viewer.get(url)  # an open page of revision 1: its drawing, made, is still sent
    assert kept.status_code == 200 and kept.content == drawing.content
    stale = viewer.get(url.replace("map.svg", "blueprint.svg"), follow_redirects=False)
    assert stale.status_code == 302 and stale.headers["cache-control"] == "no-store"
    assert stale.headers["location"] == new_url.replace("map.svg", "blueprint.svg")


def test_pages_name_the_newest_drawing_made_while_a_save_is_drawn(drawing_site: Site) -> None:
    site = drawing_site
    map_id = new_bank_map(site)
    viewer, _ = site.login("viewer")
    url = _drawing_url(viewer.get(f"/maps/{map_id}").text)
    assert viewer.get(url).status_code == 200  # revision 1 drawn
    editor, csrf = site.login("editor")
    saved = editor.post(  # a plain form: no drawing asked for revision 2
        f"/maps/{map_id}/steps/{site.first_step}",
        data={"name": "Renamed", "base_revision": "1", "csrf": csrf},
    )
    assert saved.status_code == 200 and site.revision(map_id) == 2
    page = viewer.get(f"/maps/{map_id}").text
    assert "Renamed" in page  # the steps are revision 2's at once
    shown = _drawing_url(page)
    assert "rev=1-0" in shown or "rev=2-0" in shown  # revision 2 drawn in the background
    for _ in range(200):  # then the pages name it
        shown = _drawing_url(viewer.get(f"/maps/{map_id}").text)
        if "rev=2-0" in shown:
            break
        time.sleep(0.05)
    assert "rev=2-0" in shown and "Renamed" in viewer.get(shown).text


def test_views_languages_and_unknown_views(drawing_site: Site) -> None:
    site = drawing_site
    map_id = new_bank_map(site)
    viewer, _ = site.login("viewer")
    url = _drawing_url(viewer.get(f"/maps/{map_id}?view=blueprint&lang=fr").text)
    assert "/drawing/blueprint.svg?" in url and url.endswith("&lang=fr")
    assert viewer.get(url).status_code == 200
    missing = viewer.get(f"/maps/{map_id}/drawing/funnel.svg?rev=1-0&lang=en")
    assert missing.status_code == 404  # the funnel is drawn only once the map is measured
    assert viewer.get(f"/maps/{map_id}/drawing/nonsense.svg").status_code == 404


def test_a_share_link_has_its_own_drawing_url(drawing_site: Site) -> None:
    site = drawing_site
    map_id = new_bank_map(site)
    editor, csrf = site.login("editor")
    created = editor.post(f"/maps/{map_id}/shares", data={"csrf": csrf, "expires_days": ""})
    path = re.search(r'value="http[^"]+(/s/[^"]+)"', created.text)
    assert path is not None
    stranger = site.client()
    url = _drawing_url(stranger.get(path.group(1)).text)
    assert url.startswith(f"{path.group(1)}/drawing/map.svg?rev=1-0&")
    drawing = stranger.get(url)
    assert drawing.status_code == 200 and drawing.headers["content-type"] == "image/svg+xml"
    assert stranger.get("/s/not-a-token/drawing/map.svg").status_code == 404
