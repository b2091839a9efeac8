"""Maps as a library (upload, duplicate, rename, trash), their views on tabs, their history
(diff, restore), comments with mentions, and the member / account / admin pages."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import Workbook

from parcours.services import documents
from web.conftest import CSRF_FIELD, PASSWORD, Site, module_site, new_bank_map

SMALL = (
    "journey:\n  title: Small map\n"
    "steps:\n  - id: s1\n    name: Visit\n  - id: s2\n    name: Sign\n"
)
HOSTILE = '<script>alert(1)</script>"><svg onload=alert(1)>'


@pytest.fixture(scope="module")
def library_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the library, views, comments and French pages tests (they add maps,
    shares and comments, and put back what they delete); the tests that change members,
    passwords or revisions of the bank map have their own."""
    with module_site(tmp_path_factory, "library") as built:
        yield built


def _upload(client: TestClient, site: Site, csrf: str, name: str, data: bytes) -> Response:
    return client.post(
        f"/workspaces/{site.workspace_id}/maps/upload",
        data={"csrf": csrf},
        files={"file": (name, data)},
        follow_redirects=False,
    )


def _new_map_id(response: Response) -> int:
    found = re.fullmatch(r"/maps/(\d+)", response.headers["location"])
    assert found is not None
    return int(found.group(1))


def test_upload_yaml_json_and_excel_then_bad_files_are_explained(library_site: Site) -> None:
    site = library_site
    client, csrf = site.login("editor")
    made = _upload(client, site, csrf, "../../etc/passwd.yaml", SMALL.encode())
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert "Small map" in page.text and "Visit" in page.text
    json_text = documents.map_text(documents.parse_map_text(SMALL), "json").encode()
    assert _upload(client, site, csrf, "carte.json", json_text).status_code == 303
    # a wrong field: the CLI's located message, naming the upload (base name only)
    bad = _upload(client, site, csrf, "dir/bad.yaml", b"journey:\n  title: X\nsteps: 3\n")
    assert bad.status_code == 422
    assert "bad.yaml" in bad.text and "line 3" in bad.text and "dir/" not in bad.text
    french = client.post(
        f"/workspaces/{site.workspace_id}/maps/upload",
        data={"csrf": csrf},
        files={"file": ("bad.yaml", b"journey:\n  title: X\nsteps: 3\n")},
        headers={"Accept-Language": "fr"},
        params={"lang": "fr"},
    )
    assert "ligne 3" in french.text
    hostile_name = _upload(client, site, csrf, f"{HOSTILE}.yaml", b"journey: [")
    assert hostile_name.status_code == 422 and HOSTILE not in hostile_name.text
    wrong_type = _upload(client, site, csrf, "notes.txt", b"hello")
    assert wrong_type.status_code == 422 and ".yaml, .yml, .json" in wrong_type.text
    huge = _upload(client, site, csrf, "big.yaml", b"#" * (5 * 1024 * 1024 + 10))
    assert huge.status_code == 422 and "at most" in huge.text
    declared = client.post(
        f"/workspaces/{site.workspace_id}/maps/upload",
        content=b"--x--\r\n",
        headers={
            "content-type": "multipart/form-data; boundary=x",
            "content-length": str(200 * 1024 * 1024),
        },
    )
    assert declared.status_code == 413 and "at most" in declared.text
    not_excel = _upload(client, site, csrf, "book.xlsx", b"not a zip")
    assert not_excel.status_code == 422 and "book.xlsx" in not_excel.text
    workbook = Workbook()
    workbook.active.title = "Nothing"
    buffer = io.BytesIO()
    workbook.save(buffer)
    no_sheet = _upload(client, site, csrf, "book.xlsx", buffer.getvalue())
    assert no_sheet.status_code == 422 and "book.xlsx" in no_sheet.text
    excel = client.get(f"/maps/{_new_map_id(made)}/export/xlsx").content
    from_excel = _upload(client, site, csrf, "small.xlsx", excel)
    assert from_excel.status_code == 303
    assert "Visit" in client.get(from_excel.headers["location"]).text
    viewer, viewer_csrf = site.login("viewer")
    assert _upload(viewer, site, viewer_csrf, "x.yaml", SMALL.encode()).status_code == 403


def test_duplicate_rename_trash_and_restore(library_site: Site) -> None:
    site = library_site
    client, csrf = site.login("editor")
    stranger = site.client()
    share = client.post(f"/maps/{site.map_id}/shares", data={"expires_days": "", "csrf": csrf})
    url = re.search(r'value="http://testserver(/s/[^"]+)"', share.text)
    assert url is not None
    small_id = _new_map_id(_upload(client, site, csrf, "small.yaml", SMALL.encode()))
    copy = client.post(f"/maps/{small_id}/duplicate", data={"csrf": csrf}, follow_redirects=False)
    copy_id = _new_map_id(copy)
    assert "Small map (copy)" in client.get(f"/workspaces/{site.workspace_id}").text
    renamed = client.post(
        f"/maps/{copy_id}/rename",
        data={"csrf": csrf, "title": f"Renamed {HOSTILE}", "base_revision": "1"},
        follow_redirects=False,
    )
    assert renamed.status_code == 303
    listing = client.get(f"/workspaces/{site.workspace_id}").text
    assert HOSTILE not in listing and "Renamed &lt;script&gt;" in listing
    assert site.revision(copy_id) == 2
    stale = client.post(
        f"/maps/{copy_id}/rename", data={"csrf": csrf, "title": "Again", "base_revision": "1"}
    )
    assert stale.status_code == 409
    empty = client.post(
        f"/maps/{copy_id}/rename", data={"csrf": csrf, "title": "  ", "base_revision": "2"}
    )
    assert empty.status_code == 422
    listing = client.get(f"/workspaces/{site.workspace_id}").text
    assert f'href="/maps/{site.map_id}"' in listing
    deleted = client.post(
        f"/maps/{site.map_id}/delete", data={"csrf": csrf}, follow_redirects=False
    )
    assert deleted.headers["location"] == f"/workspaces/{site.workspace_id}/trash"
    assert f'href="/maps/{site.map_id}"' not in client.get(f"/workspaces/{site.workspace_id}").text
    client.post(f"/maps/{copy_id}/delete", data={"csrf": csrf})
    trash = client.get(f"/workspaces/{site.workspace_id}/trash").text
    assert f"/maps/{site.map_id}/restore" in trash
    assert "Renamed &lt;script&gt;" in trash and HOSTILE not in trash
    assert client.get(f"/maps/{site.map_id}").status_code == 404
    assert stranger.get(url.group(1)).status_code == 404
    restored = client.post(
        f"/maps/{site.map_id}/restore", data={"csrf": csrf}, follow_redirects=False
    )
    assert restored.status_code == 303
    assert stranger.get(url.group(1)).status_code == 200
    after = client.get(f"/workspaces/{site.workspace_id}/trash").text
    assert f"/maps/{site.map_id}/restore" not in after and f"/maps/{copy_id}/restore" in after


def test_every_view_is_on_a_tab_on_the_map_and_shared_pages(library_site: Site) -> None:
    site = library_site
    map_id = new_bank_map(site)
    client, _ = site.login("viewer")
    page = client.get(f"/maps/{map_id}").text
    for view in ("map", "experience", "blueprint", "data", "listening", "opportunities"):
        assert f"?view={view}&amp;lang=en" in page
    blueprint = client.get(f"/maps/{map_id}?view=blueprint").text
    assert (
        'class="drawing-scroll view-blueprint"' in blueprint and '<img class="drawing"' in blueprint
    )
    assert "view-map" in client.get(f"/maps/{map_id}?view=nonsense").text
    editor, editor_csrf = site.login("editor")
    saved = editor.post(
        f"/maps/{map_id}/steps/{site.first_step}",
        data={"name": "Sees an advert", "base_revision": "1", "csrf": editor_csrf},
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://testserver/maps/{map_id}?view=data",
        },
    )
    assert saved.status_code == 200 and "view-data" in saved.text
    share = editor.post(f"/maps/{map_id}/shares", data={"expires_days": "", "csrf": editor_csrf})
    url = re.search(r'value="http://testserver(/s/[^"]+)"', share.text)
    assert url is not None
    shared = site.client().get(url.group(1) + "?view=opportunities&lang=fr")
    assert shared.status_code == 200 and "view-opportunities" in shared.text
    assert "Matrice" in shared.text or "opportunit" in shared.text.lower()
    for forbidden in ("hx-post", "hx-get", "<form", "/maps/", "/workspaces"):
        assert forbidden not in shared.text


def test_history_diff_and_restore_a_revision(site: Site) -> None:
    """Storage semantics: on SQLite and PostgreSQL (with the comment tables of 0003)."""
    client, csrf = site.login("editor")
    step = site.first_step
    saved = client.post(
        f"/maps/{site.map_id}/steps/{step}",
        data={"name": f"New {HOSTILE}", "description": "", "base_revision": "1", "csrf": csrf},
    )
    assert saved.status_code == 200
    history = client.get(f"/maps/{site.map_id}/history").text
    assert "owner" in history.lower() or "editor" in history
    assert f"step {step}" in history
    diff = client.get(f"/maps/{site.map_id}/diff?old=1&new=2")
    assert diff.status_code == 200
    assert "change-changed" in diff.text and step in diff.text
    assert "New &lt;script&gt;" in diff.text and HOSTILE not in diff.text
    assert "→" in diff.text and "--- r1" in diff.text
    assert client.get(f"/maps/{site.map_id}/diff?old=1&new=9").status_code == 404
    restored = client.post(
        f"/maps/{site.map_id}/revisions/1/restore", data={"csrf": csrf}, follow_redirects=False
    )
    assert restored.status_code == 303
    assert site.revision() == 3
    with site.state.engine.connect() as connection:
        texts = connection.execute(
            sa.text("SELECT number, document FROM revisions WHERE map_id = :id ORDER BY number"),
            {"id": site.map_id},
        ).all()
    assert [n for n, _ in texts] == [1, 2, 3] and texts[2][1] == texts[0][1]
    assert "restore revision 1" in client.get(f"/maps/{site.map_id}/history").text
    same = client.get(f"/maps/{site.map_id}/diff?old=1&new=3").text
    assert "same map" in same
    commented = client.post(
        f"/maps/{site.map_id}/comments",
        data={"csrf": csrf, "step": step, "body": "@owner please check"},
        follow_redirects=False,
    )
    assert commented.status_code == 303
    owner, _ = site.login("owner")
    assert (
        '<mark class="mention">@owner</mark>' in owner.get(f"/workspaces/{site.workspace_id}").text
    )


def test_comments_with_mentions_resolve_and_reopen(library_site: Site) -> None:
    site = library_site
    viewer, viewer_csrf = site.login("viewer")
    body = f"@editor look {HOSTILE} and @nobody @outsider"
    added = viewer.post(
        f"/maps/{site.map_id}/comments",
        data={"csrf": viewer_csrf, "step": site.first_step, "body": body},
        follow_redirects=False,
    )
    assert added.status_code == 303
    page = viewer.get(f"/maps/{site.map_id}").text
    assert '<mark class="mention">@editor</mark>' in page
    assert "1 open comment(s)" in page
    assert "@nobody" in page and '<mark class="mention">@outsider' not in page
    assert HOSTILE not in page and "&lt;script&gt;" in page
    comment_id = re.search(r'id="comment-(\d+)"', page)
    assert comment_id is not None
    editor, csrf = site.login("editor")
    mentions = editor.get(f"/workspaces/{site.workspace_id}").text
    assert '<mark class="mention">@editor</mark>' in mentions and HOSTILE not in mentions
    owner, _ = site.login("owner")
    assert "look" not in owner.get(f"/workspaces/{site.workspace_id}").text
    base = f"/maps/{site.map_id}/comments/{comment_id.group(1)}"
    assert viewer.post(f"{base}/resolve", data={"csrf": viewer_csrf}).status_code == 403
    assert editor.post(f"{base}/resolve", data={"csrf": csrf}).status_code == 200
    resolved = editor.get(f"/maps/{site.map_id}").text
    assert 'class="comment resolved"' in resolved and "open comment(s)" not in resolved
    assert editor.post(f"{base}/reopen", data={"csrf": csrf}).status_code == 200
    assert 'class="comment resolved"' not in editor.get(f"/maps/{site.map_id}").text
    empty = viewer.post(
        f"/maps/{site.map_id}/comments",
        data={"csrf": viewer_csrf, "step": site.first_step, "body": "  "},
    )
    assert empty.status_code == 422
    unknown = viewer.post(
        f"/maps/{site.map_id}/comments", data={"csrf": viewer_csrf, "step": "zz", "body": "x"}
    )
    assert unknown.status_code == 422
    other = f"/maps/{site.other_map_id}/comments/{comment_id.group(1)}/resolve"
    outsider, outsider_csrf = site.login("outsider")
    assert outsider.post(other, data={"csrf": outsider_csrf}).status_code == 404


def test_owner_manages_members_and_keeps_one_owner(sqlite_site: Site) -> None:
    site = sqlite_site
    owner, csrf = site.login("owner")
    path = f"/workspaces/{site.workspace_id}/members"
    page = owner.get(path).text
    assert "viewer" in page and "editor" in page
    added = owner.post(path, data={"csrf": csrf, "username": "outsider", "role": "viewer"})
    assert added.status_code == 200 and "outsider" in added.text
    promoted = owner.post(path, data={"csrf": csrf, "username": "viewer", "role": "editor"})
    assert promoted.status_code == 200
    assert owner.post(path, data={"csrf": csrf, "username": "x", "role": "bad"}).status_code == 422
    unknown = owner.post(path, data={"csrf": csrf, "username": "ghost", "role": "viewer"})
    assert unknown.status_code == 422 and "ghost" in unknown.text
    demote = owner.post(path, data={"csrf": csrf, "username": "owner", "role": "editor"})
    assert demote.status_code == 422 and "at least one owner" in demote.text
    alone = owner.post(f"{path}/remove", data={"csrf": csrf, "username": "owner"})
    assert alone.status_code == 422
    removed = owner.post(f"{path}/remove", data={"csrf": csrf, "username": "outsider"})
    assert removed.status_code == 200
    outsider, _ = site.login("outsider")
    assert outsider.get(f"/workspaces/{site.workspace_id}").status_code == 404
    owner.post(path, data={"csrf": csrf, "username": "editor", "role": "owner"})
    demoted = owner.post(path, data={"csrf": csrf, "username": "owner", "role": "viewer"})
    assert demoted.status_code == 403  # no longer owner: cannot see the members page


def test_admin_creates_users_and_workspaces_and_everyone_changes_password(
    sqlite_site: Site,
) -> None:
    site = sqlite_site
    admin, csrf = site.login("admin")
    assert admin.get("/admin").status_code == 200
    made = admin.post(
        "/admin/users",
        data={"csrf": csrf, "username": "nadia", "display_name": HOSTILE, "password": "x" * 12},
    )
    assert made.status_code == 200 and HOSTILE not in made.text
    taken = admin.post(
        "/admin/users", data={"csrf": csrf, "username": "nadia", "password": "x" * 12}
    )
    assert taken.status_code == 422
    short = admin.post("/admin/users", data={"csrf": csrf, "username": "bo", "password": "x"})
    assert short.status_code == 422
    space = admin.post(
        "/admin/workspaces", data={"csrf": csrf, "name": f"Team {HOSTILE}", "owner": "nadia"}
    )
    assert space.status_code == 200 and HOSTILE not in space.text
    nadia = site.client()  # another password than the fixture's: log in by hand
    token = CSRF_FIELD.search(nadia.get("/login").text)
    assert token is not None
    response = nadia.post(
        "/login",
        data={"username": "nadia", "password": "x" * 12, "csrf": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "Team &lt;script&gt;" in nadia.get("/workspaces").text
    editor, editor_csrf = site.login("editor")
    assert editor.get("/admin").status_code == 403
    assert editor.get("/account").status_code == 200
    wrong = editor.post(
        "/account/password",
        data={"csrf": editor_csrf, "old_password": "nope", "new_password": "y" * 12},
    )
    assert wrong.status_code == 422
    other_session, _ = site.login("editor")
    changed = editor.post(
        "/account/password",
        data={"csrf": editor_csrf, "old_password": PASSWORD, "new_password": "y" * 12},
    )
    assert changed.status_code == 200 and "Password changed" in changed.text
    assert editor.get("/workspaces").status_code == 200
    assert other_session.get("/workspaces", follow_redirects=False).status_code == 303
    with pytest.raises(AssertionError):
        site.login("editor")  # the old password no longer works


def test_new_pages_speak_french(library_site: Site) -> None:
    site = library_site
    owner, _ = site.login("owner")
    pages = {
        f"/workspaces/{site.workspace_id}/trash": "Corbeille",
        f"/workspaces/{site.workspace_id}/members": "Ajouter un membre",
        f"/workspaces/{site.workspace_id}": "Importer un fichier de carte",
        f"/maps/{site.map_id}/history": "Comparer",
        f"/maps/{site.map_id}/diff?old=1&new=1": "même carte",
        "/account": "Changer mon mot de passe",
    }
    for path, words in pages.items():
        response = owner.get(path, params={"lang": "fr"})
        assert response.status_code == 200 and words in response.text, path
    admin, _ = site.login("admin")
    assert "Nouveau compte" in admin.get("/admin", params={"lang": "fr"}).text
