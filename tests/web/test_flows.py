"""The main flows through the web app, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from parcours import rubric
from parcours.services import documents
from web.conftest import CSRF_FIELD, PASSWORD, Site, fresh_database_url, module_site, new_bank_map


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """One site per database for the whole module (not one per test): the edits each go to
    a fresh map, and the only per-user change (the language) is undone by its test."""
    url = fresh_database_url(request)
    with module_site(tmp_path_factory, f"flows-{request.param}", url) as built:
        yield built


def test_login_then_workspaces_maps_and_map_page(site: Site) -> None:
    client, _ = site.login("viewer")
    spaces = client.get("/workspaces")
    assert spaces.status_code == 200
    assert "Bank" in spaces.text and "Other" not in spaces.text
    listing = client.get(f"/workspaces/{site.workspace_id}")
    assert f'href="/maps/{site.map_id}"' in listing.text
    assert "New map from a template" not in listing.text  # a viewer creates nothing
    page = client.get(f"/maps/{site.map_id}")
    assert page.status_code == 200
    assert '<img class="drawing"' in page.text
    assert "Quality rubric" in page.text
    assert "hx-get" not in page.text  # no edit button for a viewer


def test_wrong_password_is_refused_and_nothing_is_opened(site: Site) -> None:
    client = site.client()
    token = CSRF_FIELD.search(client.get("/login").text)
    assert token is not None
    response = client.post(
        "/login", data={"username": "viewer", "password": "nope", "csrf": token.group(1)}
    )
    assert response.status_code == 401
    assert "Wrong user name or password" in response.text
    assert client.get("/workspaces", follow_redirects=False).status_code == 303


def test_logout_ends_the_session(site: Site) -> None:
    client, csrf = site.login("viewer")
    cookie = client.cookies.get("parcours_session")
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    again = site.client()
    again.cookies.set("parcours_session", cookie or "")
    assert again.get("/workspaces", follow_redirects=False).status_code == 303


def test_create_from_template(site: Site) -> None:
    client, csrf = site.login("editor")
    response = client.post(
        f"/workspaces/{site.workspace_id}/maps",
        data={"template": "it-laptop.fr", "csrf": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    title = documents.parse_map_text(documents.template_map_text("it-laptop", "fr")).journey.title
    assert title in page.text


def test_edit_a_step_with_htmx_makes_a_revision(site: Site) -> None:
    map_id = new_bank_map(site)
    client, csrf = site.login("editor")
    form = client.get(f"/maps/{map_id}/steps/{site.first_step}/edit")
    assert form.status_code == 200 and 'name="base_revision" value="1"' in form.text
    response = client.post(
        f"/maps/{map_id}/steps/{site.first_step}",
        data={
            "name": "Sees the advert",
            "description": "On a bus",
            "base_revision": "1",
            "csrf": csrf,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="map-body"' in response.text and "Saved as revision 2" in response.text
    assert site.revision(map_id) == 2
    exported = client.get(f"/maps/{map_id}/export/yaml").text
    step = documents.parse_map_text(exported).step(site.first_step)
    assert (step.name, step.description) == ("Sees the advert", "On a bus")
    history = client.get(f"/maps/{map_id}").text
    assert "revision 2" in history and f"step {site.first_step}" in history


def test_stale_revision_is_a_conflict_shown_to_the_user(site: Site) -> None:
    map_id = new_bank_map(site)
    alice, alice_csrf = site.login("editor")
    bob, bob_csrf = site.login("owner")
    url = f"/maps/{map_id}/steps/{site.first_step}"
    first = alice.post(
        url,
        data={"name": "Alice", "base_revision": "1", "csrf": alice_csrf},
        follow_redirects=False,
    )
    assert first.status_code == 303
    second = bob.post(
        url,
        data={"name": "Bob", "base_revision": "1", "csrf": bob_csrf},
        headers={"HX-Request": "true", "X-Error-Target": f"step-{site.first_step}-error"},
    )
    assert second.status_code == 409
    assert "revision 1" in second.text and "revision 2" in second.text
    assert second.headers["HX-Retarget"] == f"#step-{site.first_step}-error"
    exported = bob.get(f"/maps/{map_id}/export/yaml").text
    assert documents.parse_map_text(exported).step(site.first_step).name == "Alice"
    assert site.revision(map_id) == 2


def test_invalid_edit_is_explained(site: Site) -> None:
    map_id = new_bank_map(site)
    client, csrf = site.login("editor")
    response = client.post(
        f"/maps/{map_id}/steps/{site.first_step}",
        data={"name": "   ", "base_revision": "1", "csrf": csrf},
    )
    assert response.status_code == 422
    assert "the name field is empty" in response.text
    assert site.revision(map_id) == 1


def test_exported_yaml_is_the_cli_format_and_check_agrees(site: Site) -> None:
    client, _ = site.login("viewer")
    exported = client.get(f"/maps/{site.map_id}/export/yaml")
    assert exported.headers["content-type"].startswith("application/yaml")
    report = rubric.check(documents.parse_map_text(exported.text))
    page = client.get(f"/maps/{site.map_id}").text
    passed = re.search(r"(\d+) of (\d+) rules passed", page)
    assert passed is not None
    assert (int(passed.group(1)), int(passed.group(2))) == (report.passed, len(report.rules))
    assert len(re.findall(r'<li class="sev-', page)) == len(report.findings) + 3


def test_share_link_opens_the_map_read_only_until_revoked(site: Site) -> None:
    client, csrf = site.login("editor")
    created = client.post(f"/maps/{site.map_id}/shares", data={"expires_days": "7", "csrf": csrf})
    assert created.status_code == 200
    url = re.search(r'value="(http[^"]+/s/[^"]+)"', created.text)
    assert url is not None
    path = url.group(1).split("testserver", 1)[1]
    stranger = site.client()
    shared = stranger.get(path)
    assert shared.status_code == 200
    assert '<img class="drawing"' in shared.text
    for forbidden in ("hx-post", "hx-get", "<form", "/maps/", "/workspaces"):
        assert forbidden not in shared.text
    assert stranger.get(f"/maps/{site.map_id}", follow_redirects=False).status_code == 303
    link_id = re.search(r"/shares/(\d+)/revoke", client.get(f"/maps/{site.map_id}").text)
    assert link_id is not None
    revoke = client.post(
        f"/maps/{site.map_id}/shares/{link_id.group(1)}/revoke",
        data={"csrf": csrf},
        follow_redirects=False,
    )
    assert revoke.status_code == 303
    assert stranger.get(path).status_code == 404


def test_language_from_browser_then_per_user_choice(site: Site) -> None:
    anonymous = site.client(**{"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert "Se connecter" in anonymous.get("/login").text
    client, csrf = site.login("viewer", **{"Accept-Language": "en"})
    assert "Workspaces" in client.get("/workspaces").text
    client.post("/account/language", data={"lang": "fr", "csrf": csrf, "next": "/workspaces"})
    assert "Espaces de travail" in client.get("/workspaces").text
    client.post("/account/language", data={"lang": "en", "csrf": csrf, "next": "/workspaces"})


def test_admin_password_is_given_once(tmp_path: object) -> None:
    from pathlib import Path

    from parcours.web import WebSettings, create_app
    from parcours.web.server import bootstrap

    folder = Path(str(tmp_path))
    state = create_app(WebSettings(data_dir=folder)).state.web
    first = bootstrap(state, demo=True, lang="fr")
    assert first.admin_created and first.generated_password and first.demo_workspace_id
    again = create_app(WebSettings(data_dir=folder)).state.web  # migrations run again: no-op
    second = bootstrap(again, demo=True, lang="fr")
    assert (second.admin_created, second.generated_password) == (False, None)
    assert second.demo_workspace_id == first.demo_workspace_id
    assert PASSWORD not in (first.generated_password or "")
