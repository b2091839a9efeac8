"""The map page's body rendered once per revision (issue 11, load): each visitor still gets
their own CSRF token, their role's controls, the open comments and the latest revision."""

from __future__ import annotations

import re

from parcours.web.map_body import CSRF_STAND_IN
from web.conftest import Site

CSRF = re.compile(r'name="csrf" value="([^"]*)"')


def test_cached_body_keeps_tokens_roles_comments_and_revisions_apart(sqlite_site: Site) -> None:
    site = sqlite_site
    url = f"/maps/{site.map_id}"
    editor, editor_csrf = site.login("editor")
    owner, owner_csrf = site.login("owner")
    viewer, viewer_csrf = site.login("viewer")
    first, second = editor.get(url).text, owner.get(url).text  # the second from the cache
    assert {*CSRF.findall(first)} == {editor_csrf} and {*CSRF.findall(second)} == {owner_csrf}
    assert CSRF_STAND_IN not in first + second
    seen = viewer.get(url).text
    assert 'data-reorder="reorder-step"' in first and 'data-reorder="reorder-step"' not in seen
    assert "1 open comment(s)" not in seen
    viewer.post(
        f"{url}/comments",
        data={"csrf": viewer_csrf, "step": site.first_step, "body": "a question"},
    )
    assert "1 open comment(s)" in viewer.get(url).text  # the counts are part of the key
    saved = editor.post(
        f"{url}/steps/{site.first_step}",
        data={"name": "Renamed once", "base_revision": "1", "csrf": editor_csrf},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200 and "Renamed once" in saved.text
    assert {*CSRF.findall(saved.text)} == {editor_csrf}
    assert "Renamed once" in viewer.get(url).text and "Renamed once" in owner.get(url).text
