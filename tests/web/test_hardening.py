"""Hostile text, cookies, the login rate limit, open redirects, the read-only share view."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from parcours.web import WebSettings, create_app
from web.conftest import CSRF_FIELD, Site, module_site, new_bank_map

HOSTILE = (
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
    "</textarea><img src=x onerror=alert(1)>",
)


@pytest.fixture(scope="module")
def quiet_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the tests that leave the login limit alone (each hostile text is
    saved in a fresh map); the limit's tests each have their own."""
    with module_site(tmp_path_factory, "hardening") as built:
        yield built


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_step_text_is_escaped_everywhere(quiet_site: Site, text: str) -> None:
    site = quiet_site
    map_id = new_bank_map(site)
    client, csrf = site.login("editor")
    saved = client.post(
        f"/maps/{map_id}/steps/{site.first_step}",
        data={"name": f"N {text}", "description": f"D {text}", "base_revision": "1", "csrf": csrf},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    pages = [
        saved.text,
        client.get(f"/maps/{map_id}").text,
        client.get(f"/maps/{map_id}/steps/{site.first_step}/edit").text,
        client.get(f"/maps/{map_id}/export/svg").text,
    ]
    for page in pages:
        assert text not in page
        assert "<script>alert" not in page and "<svg onload" not in page
        assert "<img src=x" not in page


def test_session_cookie_flags(tmp_path: object) -> None:
    from pathlib import Path

    from fastapi.testclient import TestClient

    from parcours.web import WebSettings, create_app
    from parcours.web.server import bootstrap

    app = create_app(WebSettings(data_dir=Path(str(tmp_path)), secure_cookies=True))
    bootstrap(app.state.web, demo=False, admin_password="a long enough password")
    client = TestClient(app, base_url="https://testserver")
    page = client.get("/login")
    assert "httponly" in page.headers["set-cookie"].lower()
    token = CSRF_FIELD.search(page.text)
    assert token is not None
    response = client.post(
        "/login",
        data={"username": "admin", "password": "a long enough password", "csrf": token.group(1)},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "parcours_session=" in cookie
    for flag in ("httponly", "secure", "samesite=lax", "path=/"):
        assert flag in cookie
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_login_is_rate_limited(sqlite_site: Site) -> None:
    client = sqlite_site.client()
    statuses = []
    for _ in range(7):
        token = CSRF_FIELD.search(client.get("/login").text)
        assert token is not None
        statuses.append(
            client.post(
                "/login",
                data={"username": "viewer", "password": "wrong", "csrf": token.group(1)},
            ).status_code
        )
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429]
    token = CSRF_FIELD.search(client.get("/login").text)
    assert token is not None
    blocked = client.post(
        "/login",
        data={"username": "viewer", "password": "a long enough password", "csrf": token.group(1)},
        follow_redirects=False,
    )
    assert blocked.status_code == 429  # even the right password waits for the window


def _wrong_login(client: TestClient, username: str) -> int:
    token = CSRF_FIELD.search(client.get("/login").text)
    assert token is not None
    data = {"username": username, "password": "wrong", "csrf": token.group(1)}
    return client.post("/login", data=data).status_code


def test_every_server_process_shares_the_login_limit(sqlite_site: Site) -> None:
    """``parcours serve --workers N``: a second app on the same database (another process)
    counts the failures the first one saw; the name typed is stored only as a digest."""
    other = create_app(WebSettings(data_dir=sqlite_site.state.settings.data_dir))
    try:
        clients = (sqlite_site.client(), TestClient(other))
        statuses = [_wrong_login(clients[k % 2], "Mallory-typed-this") for k in range(6)]
        assert statuses == [401] * 5 + [429]
        assert _wrong_login(clients[0], "Mallory-typed-this") == 429
        with sqlite_site.state.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT scope, key_hash FROM login_failures")).all()
        assert {scope for scope, _ in rows} == {"login"} and len(rows) == 2 * 5
        assert all("allory" not in key_hash for _, key_hash in rows)
    finally:
        other.state.web.engine.dispose()


def test_login_without_its_csrf_cookie_is_refused(quiet_site: Site) -> None:
    client = quiet_site.client()
    response = client.post(
        "/login", data={"username": "viewer", "password": "a long enough password", "csrf": "x"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil"])
def test_login_never_redirects_off_site(quiet_site: Site, target: str) -> None:
    client = quiet_site.client()
    token = CSRF_FIELD.search(client.get("/login").text)
    assert token is not None
    response = client.post(
        "/login",
        data={
            "username": "viewer",
            "password": "a long enough password",
            "csrf": token.group(1),
            "next": target,
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/workspaces"


def test_static_assets_are_local(quiet_site: Site) -> None:
    client, _ = quiet_site.login("viewer")
    page = client.get(f"/maps/{quiet_site.map_id}").text
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert client.get("/static/htmx.min.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200
