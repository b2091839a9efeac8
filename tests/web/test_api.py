"""The JSON API (/api/v1/) and the personal API tokens behind it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from parcours.cli.app import app as cli
from parcours.services import documents
from parcours.web import tokens
from parcours.web.db import now
from parcours.web.limits import FailureLimiter
from parcours.web.tables import ApiToken, User
from web.conftest import Site, module_site

API = "/api/v1"


SMALL_MAP = {
    "journey": {"title": "Open an account"},
    "personas": [{"id": "p-lea", "name": "Léa, 26"}],
    "phases": [{"id": "ph-discovery", "name": "Discovery"}],
    "steps": [
        {"id": "s-see-ad", "name": "Sees an advert", "phase": "ph-discovery"},
        {"id": "s-compare", "name": "Compares offers", "phase": "ph-discovery"},
    ],
}
"""A map small enough to parse and write quickly (the bank template takes seconds)."""


@pytest.fixture(scope="module")
def api_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the tests that only add maps and tokens (uploads, JSON errors, the
    description); those that count tokens or change the limiter have their own."""
    with module_site(tmp_path_factory, "api") as built:
        yield built


def token_for(site: Site, username: str, *, expires_days: int | None = None) -> str:
    """A fresh API token of ``username`` (created through the store, as the page does)."""
    with site.state.sessions() as db:
        user = db.query(User).filter_by(username=username).one()
        secret, _ = tokens.create_token(db, user, "tests", expires_days=expires_days)
        db.commit()
    return secret


def bearer(secret: str, lang: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", "Accept-Language": lang}


def test_create_get_update_conflict_check_export_share(sqlite_site: Site, tmp_path: Path) -> None:
    site = sqlite_site
    client = site.client()
    secret = token_for(site, "editor")
    auth = bearer(secret)
    created = client.post(
        f"{API}/workspaces/{site.workspace_id}/maps", json={"document": SMALL_MAP}, headers=auth
    )
    assert created.status_code == 201, created.text
    map_id = created.json()["id"]
    assert created.json()["revision"] == 1
    listed = client.get(f"{API}/workspaces/{site.workspace_id}/maps", headers=auth).json()
    assert map_id in [m["id"] for m in listed]
    meta = client.get(f"{API}/maps/{map_id}", headers=auth).json()
    assert meta["title"] == "Open an account"
    got = client.get(f"{API}/maps/{map_id}/document", headers=auth)
    assert got.status_code == 200 and got.headers["etag"] == '"1"'
    document = got.json()
    first = document["steps"][0]
    first["name"] = "Sees an advert on the metro"
    saved = client.put(
        f"{API}/maps/{map_id}/document",
        json={"base_revision": 1, "document": document, "summary": "rename step"},
        headers=auth,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["revision"] == 2
    stale = client.put(
        f"{API}/maps/{map_id}/document",
        json={"base_revision": 1, "document": document},
        headers=auth,
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    again = client.get(f"{API}/maps/{map_id}/document", headers=auth).json()
    assert again["steps"][0]["name"] == "Sees an advert on the metro"
    assert client.get(f"{API}/maps/{map_id}/revisions?limit=0", headers=auth).status_code == 422
    revisions = client.get(f"{API}/maps/{map_id}/revisions", headers=auth).json()
    assert [(r["number"], r["summary"], r["author"]) for r in revisions] == [
        (2, "rename step", "editor"),
        (1, "upload (JSON)", "editor"),
    ]

    # the rubric check is the CLI's, byte for byte once parsed
    path = tmp_path / "map.json"
    path.write_text(json.dumps(again), encoding="utf-8")
    ran = CliRunner().invoke(cli, ["check", str(path), "--format", "json", "--lang", "fr"])
    assert ran.exit_code in (0, 1), ran.output
    checked = client.get(f"{API}/maps/{map_id}/check", headers=bearer(secret, "fr"))
    assert checked.status_code == 200
    assert checked.json() == json.loads(ran.stdout)

    exported = client.get(f"{API}/maps/{map_id}/export/json", headers=auth)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/json")
    assert exported.json()["steps"][0]["name"] == "Sees an advert on the metro"
    svg = client.get(f"{API}/maps/{map_id}/export/svg", headers=auth)
    assert svg.status_code == 200 and svg.text.lstrip().startswith("<")
    assert client.get(f"{API}/maps/{map_id}/export/docx", headers=auth).status_code == 422

    share = client.post(f"{API}/maps/{map_id}/shares", json={"expires_days": 7}, headers=auth)
    assert share.status_code == 201, share.text
    link = share.json()
    assert link["live"] and link["url"].endswith(f"/s/{link['token']}")
    assert link["expires_at"] is not None
    listed_links = client.get(f"{API}/maps/{map_id}/shares", headers=auth).json()
    assert [s["id"] for s in listed_links] == [link["id"]]
    assert "token" not in listed_links[0]
    revoked = client.delete(f"{API}/maps/{map_id}/shares/{link['id']}", headers=auth)
    assert revoked.status_code == 204
    assert client.get(f"/s/{link['token']}").status_code == 404

    assert client.delete(f"{API}/maps/{map_id}", headers=auth).status_code == 204
    assert client.get(f"{API}/maps/{map_id}", headers=auth).status_code == 404
    listed = client.get(f"{API}/workspaces/{site.workspace_id}/maps", headers=auth).json()
    assert map_id not in [m["id"] for m in listed]


def test_a_stale_base_revision_gets_409_and_writes_nothing(site: Site) -> None:
    """On SQLite and PostgreSQL: two saves from revision 1, the second is refused."""
    client = site.client()
    auth = bearer(token_for(site, "editor"), "fr")
    url = f"{API}/maps/{site.map_id}/document"
    first = {"base_revision": 1, "document": {"journey": {"title": "First"}}}
    assert client.put(url, json=first, headers=auth).is_success
    second = {"base_revision": 1, "document": {"journey": {"title": "Second"}}}
    stale = client.put(url, json=second, headers=auth)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert stale.json()["error"]["message"].startswith("Quelqu'un a enregistré cette carte")
    assert site.revision() == 2
    assert client.get(f"{API}/maps/{site.map_id}", headers=auth).json()["title"] == "First"


def test_maps_from_an_uploaded_document(api_site: Site) -> None:
    site = api_site
    client = site.client()
    auth = bearer(token_for(site, "owner"))
    url = f"{API}/workspaces/{site.workspace_id}/maps"
    text = documents.template_map_text("bank-account", "en")
    from_template = client.post(url, json={"template": "bank-account", "lang": "en"}, headers=auth)
    assert from_template.status_code == 201, from_template.text
    assert from_template.json()["title"] == "Open an account with an online bank"
    from_yaml = client.post(url, json={"text": text}, headers=auth)  # parsed once (cached)
    assert from_yaml.status_code == 201, from_yaml.text
    document = {"journey": {"title": "From JSON"}, "steps": [{"id": "s1", "name": "Only step"}]}
    from_json = client.post(url, json={"document": document}, headers=auth)
    assert from_json.status_code == 201 and from_json.json()["title"] == "From JSON"
    as_text = client.post(url, json={"text": json.dumps(document), "format": "json"}, headers=auth)
    assert as_text.status_code == 201
    broken = client.post(url, json={"document": {"steps": "not a list"}}, headers=auth)
    assert broken.status_code == 422 and broken.json()["error"]["code"] == "invalid_document"
    both = client.post(url, json={"template": "bank-account", "text": text}, headers=auth)
    assert both.status_code == 422 and both.json()["error"]["code"] == "one_source"
    bad_json = client.post(
        url, content=b"{not json", headers={**auth, "Content-Type": "application/json"}
    )
    assert bad_json.status_code == 400 and bad_json.json()["error"]["code"] == "bad_json"
    huge = client.post(url, content=b"{}", headers={**auth, "Content-Length": "9999999999"})
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "too_large"
    unknown = client.post(url, json={"template": "no-such-template"}, headers=auth)
    assert unknown.status_code == 422
    assert set(unknown.json()["error"]) == {"code", "message"}


def test_errors_are_json_in_the_accept_language(api_site: Site) -> None:
    client = api_site.client()
    missing = client.get(f"{API}/workspaces", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert missing.json() == {
        "error": {
            "code": "token_needed",
            "message": "Cette requête demande un jeton d’API : en-tête « Authorization: "
            "Bearer <jeton> ».",
        }
    }
    auth = bearer(token_for(api_site, "viewer"))
    forbidden = client.delete(f"{API}/maps/{api_site.map_id}", headers=auth)
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "forbidden"
    hidden = client.get(f"{API}/maps/{api_site.other_map_id}", headers=auth)
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"
    nowhere = client.get(f"{API}/no/such/route", headers=auth)
    assert nowhere.status_code == 404 and nowhere.json()["error"]["code"] == "not_found"
    invalid = client.get(f"{API}/maps/not-a-number", headers=auth)
    assert invalid.status_code == 422 and invalid.json()["error"]["code"] == "invalid_request"


def test_tokens_page_shows_a_token_once_and_keeps_only_its_hash(sqlite_site: Site) -> None:
    site = sqlite_site
    browser, csrf = site.login("viewer")
    created = browser.post(
        "/account/tokens",
        data={"name": "<b>nightly export</b>", "expires_days": "30", "csrf": csrf},
    )
    assert created.status_code == 200
    assert "&lt;b&gt;nightly export&lt;/b&gt;" in created.text
    secret = created.text.split('value="prc_', 1)[1].split('"', 1)[0]
    secret = "prc_" + secret
    assert secret not in browser.get("/account/tokens").text
    with site.state.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT * FROM api_tokens")).all()
    assert len(rows) == 1 and secret not in repr(rows)
    api = site.client()
    spaces = api.get(f"{API}/workspaces", headers=bearer(secret))
    assert spaces.json() == [{"id": site.workspace_id, "name": "Bank", "role": "viewer"}]
    # the browser's cookie session does not open the API
    assert browser.get(f"{API}/workspaces").status_code == 401
    with site.state.sessions() as db:
        token_id = db.scalars(sa.select(ApiToken.id)).one()
    revoked = browser.post(
        f"/account/tokens/{token_id}/revoke", data={"csrf": csrf}, follow_redirects=False
    )
    assert revoked.status_code == 303
    assert api.get(f"{API}/workspaces", headers=bearer(secret)).status_code == 401
    assert "revoked" in browser.get("/account/tokens").text
    forged = browser.post("/account/tokens", data={"name": "x", "csrf": "forged"})
    assert forged.status_code == 403


def test_expired_tokens_and_the_failed_attempts_limit(sqlite_site: Site) -> None:
    site = sqlite_site
    site.app.state.api_token_limiter = FailureLimiter(
        site.state.sessions, "token", max_failures=3, window_seconds=300
    )
    client = site.client()
    good = token_for(site, "owner")
    old = token_for(site, "owner", expires_days=1)
    with site.state.sessions() as db:
        row = db.scalars(sa.select(ApiToken).order_by(ApiToken.id.desc())).first()
        assert row is not None
        row.expires_at = now() - timedelta(seconds=1)
        db.commit()
    assert client.get(f"{API}/workspaces", headers=bearer(good)).status_code == 200
    assert client.get(f"{API}/workspaces", headers=bearer(old)).status_code == 401
    for wrong in ("prc_" + "x" * 43, "Basic abc"):
        response = client.get(f"{API}/workspaces", headers={"Authorization": wrong})
        assert response.status_code == 401
    blocked = client.get(f"{API}/workspaces", headers=bearer(good))
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "too_many_attempts"


def test_openapi_description_and_its_local_docs_page(api_site: Site) -> None:
    client = api_site.client()
    described = client.get(f"{API}/openapi.json")
    assert described.status_code == 200
    spec = described.json()
    assert spec["openapi"].startswith("3.")
    assert f"{API}/maps/{{map_id}}/document" in spec["paths"]
    assert set(spec["paths"][f"{API}/maps/{{map_id}}/document"]) == {"get", "put"}
    assert spec["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    assert all(path.startswith(API) for path in spec["paths"])
    docs = client.get(f"{API}/docs", headers={"Accept-Language": "fr"})
    assert docs.status_code == 200
    assert "Référence de l&#39;API" in docs.text and "Réponses" in docs.text
    assert "/api/v1/maps/{map_id}/check" in docs.text
    assert 'src="http' not in docs.text and 'href="http' not in docs.text
