"""Every route × method × identity, with the status each must get.

Identities: anonymous, viewer, editor, owner of the 'Bank' workspace, the owner of another
workspace ('outsider'), and an anonymous visitor holding a live share link of the bank map.
A route added to the app without a line here fails :func:`test_every_route_is_walked`.
Each route is tried on the bank workspace's objects and on the other workspace's (``own``),
so the outsider is an owner there and a stranger here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session as DbSession

from parcours.model import JourneyMap, MetricSnapshot
from parcours.services import documents
from parcours.web import accounts, tokens
from parcours.web.comments import add_comment
from parcours.web.data import DbMeasurementStore, add_upload, uploads_folder
from parcours.web.db import now
from parcours.web.jobs import create_job, rejected_file
from parcours.web.limits import FailureLimiter
from parcours.web.maps import create_map, create_share, get_map
from parcours.web.tables import MapRecord, Role, StoredSnapshot, User, Workspace
from parcours.web.uploads import stored_name
from parcours.web.workspaces import add_member
from web.conftest import PASSWORD, Site, cheap_hashes, make_site, module_site

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
    # --- a map's drawing as its own resource (issue 11, load): the walk names no revision,
    # so an allowed identity is sent to the current one's URL (test_drawings fetches it)
    Route("GET", "/maps/{map_id}/drawing/{view}.svg", "viewer", 302),
    Route("GET", "/s/{token}/drawing/{view}.svg", "share", 302),
    # --- API tokens page (issue 11, API): "mine" = one of the caller's own tokens ---
    Route("GET", "/account/tokens", "login", 200),
    Route("POST", "/account/tokens", "login", 200),
    Route("POST", "/account/tokens/{token_id}/revoke", "mine", 303),
    # ---- issue 11, data: uploads, mapping, analysis jobs, snapshots (the walk sends no
    # file, URL, column or source: an allowed identity gets the form's 422)
    Route("GET", "/maps/{map_id}/analysis", "viewer", 200),
    Route("POST", "/maps/{map_id}/data/upload", "editor", 422),
    Route("POST", "/maps/{map_id}/data/database", "editor", 422),
    Route("GET", "/maps/{map_id}/data/{source_id}/mapping", "editor", 200),
    Route("POST", "/maps/{map_id}/data/{source_id}/mapping", "editor", 422),
    Route("POST", "/maps/{map_id}/jobs", "editor", 422),
    Route("GET", "/maps/{map_id}/jobs/{job_id}", "viewer", 200),
    Route("GET", "/maps/{map_id}/jobs/{job_id}/rejected", "editor", 200),
    Route("GET", "/maps/{map_id}/snapshots/{snapshot_id}/report", "viewer", 200),
    # ---- map editing (issue 11: web-edit); delete last, on a step no other route uses
    Route("GET", "/maps/{map_id}/edit/{section}/{element_id}", "editor", 200),
    Route("GET", "/maps/{map_id}/new/{section}", "editor", 200),
    Route("POST", "/maps/{map_id}/edit/{section}/{element_id}", "editor", 303),
    Route("POST", "/maps/{map_id}/new/{section}", "editor", 303),
    Route("POST", "/maps/{map_id}/move/{section}/{element_id}", "editor", 303),
    Route("POST", "/maps/{map_id}/order/{section}", "editor", 303),
    Route("POST", "/maps/{map_id}/emotions", "editor", 303),
    Route("POST", "/maps/{map_id}/undo", "editor", 303),
    Route("POST", "/maps/{map_id}/redo", "editor", 303),
    Route("POST", "/maps/{map_id}/delete/{section}/{element_id}", "editor", 303),
    # ---- the journey's own fields (issue 11: web-edit, part 2)
    Route("GET", "/maps/{map_id}/journey/edit", "editor", 200),
    Route("POST", "/maps/{map_id}/journey", "editor", 303),
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
SPARE_STEP = "s-monthly"
"""A step of the bank template that the walk deletes (no other route names it)."""
DATA_IDS = ("{source_id}", "{job_id}", "{snapshot_id}")


@pytest.fixture(scope="module")
def unchanged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the tests that change nothing on it (the list of routes, the refused
    forms): the walks below change it, so each of them has its own."""
    with module_site(tmp_path_factory, "permissions") as built:
        yield built


def test_every_route_is_walked(unchanged_site: Site) -> None:
    served = {
        (method, route.path)
        for route in unchanged_site.app.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert served == {(r.method, r.path) for r in ROUTES + API_ROUTES}


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
    if route.needed == "mine":
        return route.ok if own else 404  # another user's API token: not disclosed
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
    if any(key in route.path for key in DATA_IDS) and not own:
        return 404  # the bank map's data source, job, snapshot: not the other map's
    return route.ok


def _fill(
    site: Site,
    route: Route,
    *,
    own: bool,
    token: str,
    share_id: int,
    ids: dict[str, int],
    token_id: int = 0,
    comment_id: int = 0,
) -> str:
    return route.path.format(
        **ids,
        token_id=token_id,
        workspace_id=site.workspace_id if own else site.other_workspace_id,
        map_id=site.map_id if own else site.other_map_id,
        step_id=site.first_step,
        fmt="yaml",
        share_id=share_id,
        token=token if own else "not-a-token",
        section="step",
        element_id=SPARE_STEP if "/delete/" in route.path else site.first_step,
        number=1,
        comment_id=comment_id,
        view="map",
    )


def _new_share(site: Site) -> tuple[str, int]:
    with site.state.sessions() as db:
        owner = db.query(User).filter_by(username="owner").one()
        token, link = create_share(db, _bank_map(db, site), owner, expires_days=None)
        db.commit()
        return token, link.id


def _data_objects(site: Site) -> dict[str, int]:
    """A data source (a small uploaded CSV), a finished job with rejected rows and a
    snapshot with its report, on the bank map (issue 11, data)."""
    data_dir = site.state.settings.data_dir
    folder = uploads_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    name = stored_name(".csv")
    (folder / name).write_text("client,event,date\nc1,visit,2026-01-01 10:00\n", "utf-8")
    with site.state.sessions() as db:
        owner = db.query(User).filter_by(username="owner").one()
        record = get_map(db, site.map_id)
        source = add_upload(
            db, record, owner, kind="events", display="log.csv", stored=name, size_bytes=40
        )
        job = create_job(db, record, owner, source)
        job.state, job.rejected_rows = "done", 1
        DbMeasurementStore(db, site.map_id).add(
            MetricSnapshot(id=f"m-{source.id}", taken_at=datetime(2026, 12, 1))
        )
        snapshot = db.query(StoredSnapshot).filter_by(snapshot_id=f"m-{source.id}").one()
        snapshot.report_en = snapshot.report_fr = "<p>report</p>"
        db.commit()
        ids = {"source_id": source.id, "job_id": job.id, "snapshot_id": snapshot.id}
    rejected = rejected_file(data_dir, ids["job_id"])
    rejected.parent.mkdir(parents=True, exist_ok=True)
    rejected.write_text("reason,row\nbad_time,2\n", "utf-8")
    return ids


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


@pytest.fixture(scope="module")
def walked_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the identities' walks, in their order: each walk leaves it as it found
    it for the next (a fresh share link, token and comment per route; the spare step the
    editors delete comes back with the restore of revision 1; the map deleted is restored;
    the owner removes the viewer from the workspace only after the viewer's walk).
    Parallel workers that split the walks each start theirs on a site of their own."""
    with module_site(tmp_path_factory, "walks") as built:
        yield built


@pytest.mark.parametrize("who", IDENTITIES)
def test_each_identity_gets_the_expected_status(walked_site: Site, who: str) -> None:
    site = walked_site
    token, _ = _new_share(site)
    ids = _data_objects(site)
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
                continue  # rendering the PDF is slow: the browser test downloads it logged out
            _, share_id = _new_share(site) if "{share_id}" in route.path else ("", 0)
            token_id = _api_token_id(site, who, own=own) if "{token_id}" in route.path else 0
            comment_id = _new_comment(site) if "{comment_id}" in route.path else 0
            path = _fill(
                site,
                route,
                own=own,
                token=token,
                share_id=share_id,
                ids=ids,
                token_id=token_id,
                comment_id=comment_id,
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
                "old_password": PASSWORD,
                "new_password": PASSWORD,
            }
            if "/members" in route.path:
                data["role"] = "viewer"  # a step's form also has a "role" (core, optional...)
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
def test_forms_without_the_session_csrf_token_are_refused(unchanged_site: Site, who: str) -> None:
    client, _ = unchanged_site.login(who)
    path = f"/maps/{unchanged_site.map_id}/steps/{unchanged_site.first_step}"
    for csrf in ("", "forged"):
        response = client.post(path, data={"name": "X", "base_revision": "1", "csrf": csrf})
        assert response.status_code == 403
    assert unchanged_site.revision() == 1


def _api_token_id(site: Site, who: str, *, own: bool) -> int:
    """The id of a fresh API token of ``who`` (own) or of someone else (not own)."""
    users = ("viewer", "editor", "owner", "outsider")
    holder = who if own and who in users else ("owner" if who != "owner" else "editor")
    with site.state.sessions() as db:
        user = db.query(User).filter_by(username=holder).one()
        _, row = tokens.create_token(db, user, "walk", expires_days=None)
        db.commit()
        return row.id


# --- The JSON API (issue 11, API): every /api/v1 route × method × identity -----------------

API_IDENTITIES = (
    "anonymous",  # no Authorization header
    "viewer",  # a live token of the bank workspace's viewer (then editor, owner)
    "editor",
    "owner",
    "outsider",  # a live token of the other workspace's owner
    "revoked",  # the owner's token, revoked
    "expired",  # the owner's token, expired
    "cookie",  # the owner logged in with a browser session, no token: refused on /api/
    "share",  # a live share link's token sent as a bearer token
)

API_ROUTES = (
    Route("GET", "/api/v1/openapi.json", "public", 200),
    Route("GET", "/api/v1/docs", "public", 200),
    Route("GET", "/api/v1/workspaces", "login", 200),
    Route("GET", "/api/v1/workspaces/{workspace_id}/maps", "viewer", 200),
    Route("POST", "/api/v1/workspaces/{workspace_id}/maps", "editor", 201),
    Route("GET", "/api/v1/maps/{map_id}", "viewer", 200),
    Route("DELETE", "/api/v1/maps/{map_id}", "editor", 204),
    Route("GET", "/api/v1/maps/{map_id}/document", "viewer", 200),
    Route("PUT", "/api/v1/maps/{map_id}/document", "editor", 200),
    Route("GET", "/api/v1/maps/{map_id}/check", "viewer", 200),
    Route("GET", "/api/v1/maps/{map_id}/export/{fmt}", "viewer", 200),
    Route("GET", "/api/v1/maps/{map_id}/revisions", "viewer", 200),
    Route("GET", "/api/v1/maps/{map_id}/shares", "editor", 200),
    Route("POST", "/api/v1/maps/{map_id}/shares", "editor", 201),
    Route("DELETE", "/api/v1/maps/{map_id}/shares/{share_id}", "editor", 204),
    # --- API: data, analysis, history, comments, trash, views (webapi). Data ids are the
    # bank map's; the upload sends no file, the database no URL, the job a wrong kind of
    # feedback source: an allowed identity gets the 422 that follows the permission check
    Route("GET", "/api/v1/maps/{map_id}/sources", "editor", 200),
    Route("POST", "/api/v1/maps/{map_id}/sources/upload", "editor", 422),
    Route("POST", "/api/v1/maps/{map_id}/sources/database", "editor", 422),
    Route("GET", "/api/v1/maps/{map_id}/sources/{source_id}/mapping", "editor", 200),
    Route("PUT", "/api/v1/maps/{map_id}/sources/{source_id}/mapping", "editor", 200),
    Route("POST", "/api/v1/maps/{map_id}/jobs", "editor", 422),
    Route("GET", "/api/v1/maps/{map_id}/jobs", "viewer", 200),
    Route("GET", "/api/v1/maps/{map_id}/jobs/{job_id}", "viewer", 200),
    Route("GET", "/api/v1/maps/{map_id}/jobs/{job_id}/rejected", "editor", 200),
    Route("GET", "/api/v1/maps/{map_id}/snapshots", "viewer", 200),
    Route("GET", "/api/v1/maps/{map_id}/snapshots/{snapshot_id}", "viewer", 200),
    Route("GET", "/api/v1/maps/{map_id}/snapshots/{snapshot_id}/report", "viewer", 200),
    Route("GET", "/api/v1/maps/{map_id}/revisions/{number}/document", "viewer", 200),
    Route("GET", "/api/v1/maps/{map_id}/diff", "viewer", 200),
    Route("POST", "/api/v1/maps/{map_id}/revisions/{number}/restore", "editor", 200),
    Route("GET", "/api/v1/maps/{map_id}/comments", "viewer", 200),
    Route("POST", "/api/v1/maps/{map_id}/comments", "viewer", 201),
    Route("PATCH", "/api/v1/maps/{map_id}/comments/{comment_id}", "editor", 200),
    Route("GET", "/api/v1/workspaces/{workspace_id}/mentions", "viewer", 200),
    Route("PATCH", "/api/v1/maps/{map_id}", "editor", 200),
    Route("POST", "/api/v1/maps/{map_id}/duplicate", "editor", 201),
    Route("GET", "/api/v1/workspaces/{workspace_id}/trash", "viewer", 200),
    Route("POST", "/api/v1/maps/{map_id}/restore", "editor", 200),
    Route("GET", "/api/v1/maps/{map_id}/views", "viewer", 200),
    Route("GET", "/api/v1/maps/{map_id}/views/{view}.svg", "viewer", 200),
    Route("POST", "/api/v1/workspaces/{workspace_id}/maps/upload", "editor", 201),
    Route("GET", "/api/v1/workspaces/{workspace_id}/members", "owner", 200),
    Route("PUT", "/api/v1/workspaces/{workspace_id}/members/{username}", "owner", 200),
    Route("DELETE", "/api/v1/workspaces/{workspace_id}/members/{username}", "owner", 204),
    Route("GET", "/api/v1/sections", "login", 200),
    Route("GET", "/api/v1/maps/{map_id}/elements/{section}/{element_id}", "editor", 200),
    Route("PATCH", "/api/v1/maps/{map_id}/elements/{section}/{element_id}", "editor", 200),
    Route("POST", "/api/v1/maps/{map_id}/elements/{section}", "editor", 201),
    Route("DELETE", "/api/v1/maps/{map_id}/elements/{section}/{element_id}", "editor", 200),
    Route("PUT", "/api/v1/maps/{map_id}/order/{section}", "editor", 200),
    Route("PUT", "/api/v1/maps/{map_id}/emotions", "editor", 200),
    Route("POST", "/api/v1/maps/{map_id}/undo", "editor", 200),
    Route("POST", "/api/v1/maps/{map_id}/redo", "editor", 200),
    Route("GET", "/api/v1/me", "login", 200),
    Route("PUT", "/api/v1/me/language", "login", 200),
    Route("GET", "/api/v1/admin/users", "admin", 200),
    Route("POST", "/api/v1/admin/users", "admin", 201),
    Route("GET", "/api/v1/admin/workspaces", "admin", 200),
    Route("POST", "/api/v1/admin/workspaces", "admin", 201),
)
ELEMENT_ROUTES = {(r.method, r.path) for r in API_ROUTES if "/elements/" in r.path} | {
    ("PUT", "/api/v1/maps/{map_id}/order/{section}"),
    ("PUT", "/api/v1/maps/{map_id}/emotions"),
    ("POST", "/api/v1/maps/{map_id}/undo"),
    ("POST", "/api/v1/maps/{map_id}/redo"),
}
FRESH_MAP_ROUTES = ELEMENT_ROUTES | {
    ("DELETE", "/api/v1/maps/{map_id}"),
    ("PATCH", "/api/v1/maps/{map_id}"),
    ("POST", "/api/v1/maps/{map_id}/duplicate"),
    ("POST", "/api/v1/maps/{map_id}/restore"),
    ("GET", "/api/v1/maps/{map_id}/views"),
    ("GET", "/api/v1/maps/{map_id}/views/{view}.svg"),
}
"""API routes walked on a fresh small map of the workspace (quick to copy, rename, draw;
the trash's restore is walked on a fresh map in the trash)."""


def api_expected(route: Route, who: str, *, own: bool) -> int:
    """The status ``who`` must get on an API route (``own``: the bank workspace's objects)."""
    if route.needed == "public":
        return route.ok
    if who in ("anonymous", "revoked", "expired", "cookie", "share"):
        return 401
    if route.needed == "login":
        return route.ok
    if route.needed == "admin":
        return 403  # none of the walked tokens is an admin's (tested in test_api_editing)
    member = (who != "outsider" and own) or (who == "outsider" and not own)
    if not member:
        return 404
    if route.needed == "editor" and who == "viewer":
        return 403
    if route.needed == "owner" and who in ("viewer", "editor"):
        return 403
    if "{share_id}" in route.path and not own:
        return 404  # the link walked belongs to the bank map
    bank_data = any(key in route.path for key in (*DATA_IDS, "{comment_id}"))
    if (bank_data or (route.path.endswith("/jobs") and route.method == "POST")) and not own:
        return 404  # the bank map's data source (also named by the job's body), job, ...
    return route.ok


@dataclass
class ApiWalk:
    site: Site
    secrets: dict[str, str]
    cookie_client: Any
    tiny_map: str
    ids: dict[str, int]


@pytest.fixture(scope="module")
def api_walk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiWalk]:
    """One site for the whole API walk (each identity's walk leaves it usable)."""
    with cheap_hashes():
        site = make_site(tmp_path_factory.mktemp("api-walk"), None)
        site.app.state.api_token_limiter = FailureLimiter(  # the walk fails a lot
            site.state.sessions, "token", max_failures=10**6
        )
        found: dict[str, str] = {}
        with site.state.sessions() as db:
            by_name = {u.username: u for u in db.query(User)}
            for name in ("viewer", "editor", "owner", "outsider", "revoked", "expired"):
                holder = by_name["owner" if name in ("revoked", "expired") else name]
                found[name], row = tokens.create_token(db, holder, name, expires_days=1)
                if name == "revoked":
                    row.revoked_at = now()
                if name == "expired":
                    row.expires_at = now() - timedelta(seconds=1)
            found["share"], _ = create_share(
                db, get_map(db, site.map_id), by_name["owner"], expires_days=None
            )
            db.commit()
        cookie_client, _ = site.login("owner")
        tiny = documents.map_text(
            JourneyMap.model_validate(
                {"journey": {"title": "Walk"}, "steps": [{"id": WALK_STEP, "name": "Walk"}]}
            )
        )
        yield ApiWalk(site, found, cookie_client, tiny, _data_objects(site))
        site.state.engine.dispose()


def _fresh_map(walk: ApiWalk, *, own: bool, trashed: bool = False) -> int:
    site = walk.site
    with site.state.sessions() as db:
        owner = db.query(User).filter_by(username="owner" if own else "outsider").one()
        workspace = db.get(Workspace, site.workspace_id if own else site.other_workspace_id)
        assert workspace is not None
        record = create_map(db, workspace, owner, walk.tiny_map)
        if trashed:
            record.deleted_at = now()
        db.commit()
        return record.id


def _api_body(walk: ApiWalk, route: Route, map_id: int) -> dict[str, Any] | None:
    """The JSON body the walk sends (valid, so that only the identity decides the status)."""
    site, method, path = walk.site, route.method, route.path
    revision = site.revision(map_id)
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("PUT", "/api/v1/maps/{map_id}/document"): {
            "base_revision": revision,
            "document": {"journey": {"title": "Walk"}},
        },
        ("POST", "/api/v1/workspaces/{workspace_id}/maps"): {
            "template": "bank-account",
            "lang": "en",
        },
        ("POST", "/api/v1/maps/{map_id}/sources/database"): {"url": "", "table": ""},
        ("PUT", "/api/v1/maps/{map_id}/sources/{source_id}/mapping"): {
            "fields": {"case_id": "client", "activity": "event", "timestamp": "date"}
        },
        ("POST", "/api/v1/maps/{map_id}/jobs"): {
            "events_source": walk.ids["source_id"],
            "feedback_source": walk.ids["source_id"],  # an event log: refused (422)
        },
        ("POST", "/api/v1/maps/{map_id}/comments"): {
            "step": site.first_step,
            "body": "Hello @editor",
        },
        ("PATCH", "/api/v1/maps/{map_id}/comments/{comment_id}"): {"resolved": True},
        ("PATCH", "/api/v1/maps/{map_id}"): {"title": "Renamed", "base_revision": revision},
        ("PUT", "/api/v1/workspaces/{workspace_id}/members/{username}"): {"role": "viewer"},
        ("PATCH", "/api/v1/maps/{map_id}/elements/{section}/{element_id}"): {
            "base_revision": revision,
            "fields": {"name": "Walked"},
        },
        ("POST", "/api/v1/maps/{map_id}/elements/{section}"): {
            "base_revision": revision,
            "fields": {"name": "New step"},
        },
        ("PUT", "/api/v1/maps/{map_id}/order/{section}"): {
            "base_revision": revision,
            "order": [WALK_STEP],
        },
        ("PUT", "/api/v1/maps/{map_id}/emotions"): {"base_revision": revision, "scores": []},
        ("PUT", "/api/v1/me/language"): {"language": "en"},
        ("POST", "/api/v1/admin/users"): {"username": "walk-new", "password": PASSWORD},
        ("POST", "/api/v1/admin/workspaces"): {"name": "Walk"},
    }
    if (method, path) in {
        ("POST", "/api/v1/maps/{map_id}/undo"),
        ("POST", "/api/v1/maps/{map_id}/redo"),
    }:
        return {"base_revision": revision}
    return bodies.get((method, path))


WALK_STEP = "s-walk"
"""The one step of the walk's fresh small maps."""
_walkers = iter(range(10**6))


def _walk_user(site: Site, workspace_id: int, *, member: bool) -> str:
    """A new account (a member of the workspace, as a viewer, when ``member``)."""
    name = f"walker-{next(_walkers)}"
    with site.state.sessions() as db:
        user = accounts.create_user(db, name, PASSWORD)
        workspace = db.get(Workspace, workspace_id)
        assert workspace is not None
        if member:
            add_member(db, workspace, user, Role.VIEWER)
        db.commit()
    return name


@pytest.mark.parametrize("who", API_IDENTITIES)
def test_each_api_identity_gets_the_expected_status(api_walk: ApiWalk, who: str) -> None:
    site = api_walk.site
    if who == "cookie":
        client, headers = api_walk.cookie_client, {}
    elif who == "anonymous":
        client, headers = site.client(), {}
    else:
        client, headers = site.client(), {"Authorization": f"Bearer {api_walk.secrets[who]}"}
    seen: list[tuple[str, str, int, int]] = []
    for route in API_ROUTES:
        for own in (True, False):
            map_id = site.map_id if own else site.other_map_id
            if (route.method, route.path) in FRESH_MAP_ROUTES:
                trashed = route.path.endswith("/restore")
                map_id = _fresh_map(api_walk, own=own, trashed=trashed)
            _, share_id = _new_share(site) if "{share_id}" in route.path else ("", 0)
            comment_id = _new_comment(site) if "{comment_id}" in route.path else 0
            path = route.path.format(
                **api_walk.ids,
                workspace_id=site.workspace_id if own else site.other_workspace_id,
                map_id=map_id,
                fmt="json",
                share_id=share_id,
                comment_id=comment_id,
                number=1,
                view="map",
                section="step",
                element_id=WALK_STEP,
                username=_walk_user(
                    site,
                    site.workspace_id if own else site.other_workspace_id,
                    member=route.method == "DELETE",
                )
                if "{username}" in route.path
                else "",
            )
            body = _api_body(api_walk, route, map_id)
            if "{map_id}/elements/" in route.path and route.method == "DELETE":
                path += f"?base_revision={site.revision(map_id)}"
            files = None
            if route.path.endswith("/maps/upload"):
                files = {"file": ("map.yaml", UPLOADED)}
            response = client.request(route.method, path, json=body, files=files, headers=headers)
            want = api_expected(route, who, own=own)
            if response.status_code != want:
                seen.append((route.method, path, response.status_code, want))
            if want >= 400:
                assert set(response.json()["error"]) == {"code", "message"}
    assert not seen, f"{who}: (method, path, got, expected): {seen}"
