"""Every route × method × identity, with the status each must get.

Identities: anonymous, viewer, editor, owner of the 'Bank' workspace, the owner of another
workspace ('outsider'), and an anonymous visitor holding a live share link of the bank map.
A route added to the app without a line here fails :func:`test_every_route_is_walked`.
Each route is tried on the bank workspace's objects and on the other workspace's (``own``),
so the outsider is an owner there and a stranger here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from fastapi.routing import APIRoute

from parcours.model import MetricSnapshot
from parcours.web.data import DbMeasurementStore, add_upload, uploads_folder
from parcours.web.jobs import create_job, rejected_file
from parcours.web.maps import create_share, get_map
from parcours.web.tables import StoredSnapshot, User
from parcours.web.uploads import stored_name
from web.conftest import Site

IDENTITIES = ("anonymous", "viewer", "editor", "owner", "outsider", "share")


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    needed: str  # public | login | viewer | editor | share | login-form
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
)
DATA_IDS = ("{source_id}", "{job_id}", "{snapshot_id}")


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
    member = (who != "outsider" and own) or (who == "outsider" and not own)
    if not member:
        return 404  # another workspace's object: not even its existence is disclosed
    if route.needed == "editor" and who == "viewer":
        return 403
    if "{share_id}" in route.path and not own:
        return 404  # the link walked belongs to the bank map, not to the other one
    if any(key in route.path for key in DATA_IDS) and not own:
        return 404  # the bank map's data source, job, snapshot: not the other map's
    return route.ok


def _fill(
    site: Site, route: Route, *, own: bool, token: str, share_id: int, ids: dict[str, int]
) -> str:
    return route.path.format(
        **ids,
        workspace_id=site.workspace_id if own else site.other_workspace_id,
        map_id=site.map_id if own else site.other_map_id,
        step_id=site.first_step,
        fmt="yaml",
        share_id=share_id,
        token=token if own else "not-a-token",
    )


def _new_share(site: Site) -> tuple[str, int]:
    with site.state.sessions() as db:
        owner = db.query(User).filter_by(username="owner").one()
        token, link = create_share(db, get_map(db, site.map_id), owner, expires_days=None)
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


@pytest.mark.parametrize("who", IDENTITIES)
def test_each_identity_gets_the_expected_status(sqlite_site: Site, who: str) -> None:
    site = sqlite_site
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
                continue  # rendering the PDF is slow: tested once in test_flows
            _, share_id = _new_share(site)
            path = _fill(site, route, own=own, token=token, share_id=share_id, ids=ids)
            data = {
                "csrf": csrf,
                "template": "it-laptop.en",
                "name": "Renamed",
                "base_revision": str(site.revision()),
                "lang": "en",
                "next": "/workspaces",
                "expires_days": "",
            }
            if route.method == "GET":
                response = client.get(path, follow_redirects=False)
            else:
                response = client.post(path, data=data, follow_redirects=False)
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
