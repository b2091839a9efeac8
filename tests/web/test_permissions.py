"""Every route × method × identity, with the status each must get.

Identities: anonymous, viewer, editor, owner of the 'Bank' workspace, the owner of another
workspace ('outsider'), and an anonymous visitor holding a live share link of the bank map.
A route added to the app without a line here fails :func:`test_every_route_is_walked`.
Each route is tried on the bank workspace's objects and on the other workspace's (``own``),
so the outsider is an owner there and a stranger here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session as DbSession

from parcours.web.comments import add_comment
from parcours.web.maps import create_share
from parcours.web.tables import MapRecord, User
from web.conftest import PASSWORD, Site

IDENTITIES = ("anonymous", "viewer", "editor", "owner", "outsider", "share")


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    needed: str  # public | login | viewer | editor | owner | admin | share | login-form
    ok: int  # status when allowed


ROUTES = (
    Route("GET", "/", "public", 303),
    Route("GET", "/login", "public", 200),
    Route("POST", "/login", "login-form", 0),
    Route("POST", "/logout", "login", 303),
    Route("POST", "/account/language", "login", 303),
    Route("GET", "/workspaces", "login", 200),
    Route("GET", "/workspaces/{workspace_id}", "viewer", 200),
    Route("POST", "/workspaces/{workspace_id}/maps", "editor", 303),
    Route("GET", "/maps/{map_id}", "viewer", 200),
    Route("GET", "/maps/{map_id}/steps/{step_id}/edit", "editor", 200),
    Route("GET", "/maps/{map_id}/steps/{step_id}", "viewer", 200),
    Route("POST", "/maps/{map_id}/steps/{step_id}", "editor", 303),
    Route("GET", "/maps/{map_id}/export/{fmt}", "viewer", 200),
    Route("POST", "/maps/{map_id}/shares", "editor", 200),
    Route("POST", "/maps/{map_id}/shares/{share_id}/revoke", "editor", 303),
    Route("GET", "/s/{token}", "share", 200),
    Route("GET", "/s/{token}/pdf", "share", 200),
    # --- maps, history, comments, admin (web-maps); delete then restore, set then remove ---
    Route("POST", "/workspaces/{workspace_id}/maps/upload", "editor", 303),
    Route("GET", "/workspaces/{workspace_id}/trash", "viewer", 200),
    Route("POST", "/maps/{map_id}/duplicate", "editor", 303),
    Route("POST", "/maps/{map_id}/rename", "editor", 303),
    Route("POST", "/maps/{map_id}/delete", "editor", 303),
    Route("POST", "/maps/{map_id}/restore", "editor", 303),
    Route("GET", "/maps/{map_id}/history", "viewer", 200),
    Route("GET", "/maps/{map_id}/diff", "viewer", 200),
    Route("POST", "/maps/{map_id}/revisions/{number}/restore", "editor", 303),
    Route("POST", "/maps/{map_id}/comments", "viewer", 303),
    Route("POST", "/maps/{map_id}/comments/{comment_id}/resolve", "editor", 303),
    Route("POST", "/maps/{map_id}/comments/{comment_id}/reopen", "editor", 303),
    Route("GET", "/workspaces/{workspace_id}/members", "owner", 200),
    Route("POST", "/workspaces/{workspace_id}/members", "owner", 303),
    Route("POST", "/workspaces/{workspace_id}/members/remove", "owner", 303),
    Route("GET", "/admin", "admin", 200),
    Route("POST", "/admin/users", "admin", 303),
    Route("POST", "/admin/workspaces", "admin", 303),
    Route("GET", "/account", "login", 200),
    Route("POST", "/account/password", "login", 303),
)


def test_every_route_is_walked(sqlite_site: Site) -> None:
    served = {
        (method, route.path)
        for route in sqlite_site.app.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert served == {(r.method, r.path) for r in ROUTES}


def expected(route: Route, who: str, *, own: bool) -> int:
    """The status ``who`` must get on ``route`` (``own``: the bank workspace's objects)."""
    anonymous = who in ("anonymous", "share")
    if route.needed == "public":
        return route.ok
    if route.needed == "share":
        return route.ok if own else 404  # the token is the credential, whoever holds it
    if anonymous:
        return 303 if route.method == "GET" else 401
    if route.needed == "login":
        return route.ok
    if route.needed == "admin":
        return 403  # none of the walked identities is an admin (tested in test_maps_pages)
    member = (who != "outsider" and own) or (who == "outsider" and not own)
    if not member:
        return 404  # another workspace's object: not even its existence is disclosed
    if route.needed == "editor" and who == "viewer":
        return 403
    if route.needed == "owner" and who in ("viewer", "editor"):
        return 403
    if ("{share_id}" in route.path or "{comment_id}" in route.path) and not own:
        return 404  # the link (comment) walked belongs to the bank map, not to the other one
    return route.ok


def _fill(
    site: Site, route: Route, *, own: bool, token: str, share_id: int, comment_id: int = 0
) -> str:
    return route.path.format(
        workspace_id=site.workspace_id if own else site.other_workspace_id,
        map_id=site.map_id if own else site.other_map_id,
        step_id=site.first_step,
        fmt="yaml",
        share_id=share_id,
        token=token if own else "not-a-token",
        number=1,
        comment_id=comment_id,
    )


def _new_share(site: Site) -> tuple[str, int]:
    with site.state.sessions() as db:
        owner = db.query(User).filter_by(username="owner").one()
        token, link = create_share(db, _bank_map(db, site), owner, expires_days=None)
        db.commit()
        return token, link.id


def _bank_map(db: DbSession, site: Site) -> MapRecord:
    record = db.get(MapRecord, site.map_id)  # also while the walk has it in the trash
    assert record is not None
    return record


UPLOADED = b"journey:\n  title: Uploaded\nsteps:\n  - id: s1\n    name: Visit\n"


def _new_comment(site: Site) -> int:
    with site.state.sessions() as db:
        owner = db.query(User).filter_by(username="owner").one()
        record = _bank_map(db, site)
        comment = add_comment(db, record, site.first_step, owner, "To check")
        db.commit()
        return comment.id


@pytest.mark.parametrize("who", IDENTITIES)
def test_each_identity_gets_the_expected_status(sqlite_site: Site, who: str) -> None:
    site = sqlite_site
    token, _ = _new_share(site)
    if who in ("anonymous", "share"):
        client, csrf = site.client(), "no-session"
    else:
        client, csrf = site.login(who)
    seen: list[tuple[str, str, int, int]] = []
    for route in ROUTES:
        if route.needed in ("login-form",) or route.path == "/logout":
            continue
        for own in (True, False):
            if route.path == "/s/{token}/pdf" and own:
                continue  # rendering the PDF is slow: tested once in test_flows
            _, share_id = _new_share(site)
            comment_id = _new_comment(site) if "{comment_id}" in route.path else 0
            path = _fill(
                site, route, own=own, token=token, share_id=share_id, comment_id=comment_id
            )
            data = {
                "csrf": csrf,
                "template": "it-laptop.en",
                "name": "Renamed",
                "base_revision": str(site.revision(site.map_id if own else site.other_map_id)),
                "lang": "en",
                "next": "/workspaces",
                "expires_days": "",
                # web-maps
                "title": "Renamed",
                "step": site.first_step,
                "body": "Hello @editor",
                "username": "viewer",
                "role": "viewer",
                "old_password": PASSWORD,
                "new_password": PASSWORD,
            }
            files = {"file": ("map.yaml", UPLOADED)} if route.path.endswith("/upload") else None
            if route.method == "GET":
                response = client.get(path, follow_redirects=False)
            else:
                response = client.post(path, data=data, files=files, follow_redirects=False)
            want = expected(route, who, own=own)
            if response.status_code != want:
                seen.append((route.method, path, response.status_code, want))
    assert not seen, f"{who}: (method, path, got, expected): {seen}"


@pytest.mark.parametrize("who", ("viewer", "editor", "owner"))
def test_forms_without_the_session_csrf_token_are_refused(sqlite_site: Site, who: str) -> None:
    client, _ = sqlite_site.login(who)
    path = f"/maps/{sqlite_site.map_id}/steps/{sqlite_site.first_step}"
    for csrf in ("", "forged"):
        response = client.post(path, data={"name": "X", "base_revision": "1", "csrf": csrf})
        assert response.status_code == 403
    assert sqlite_site.revision() == 1
