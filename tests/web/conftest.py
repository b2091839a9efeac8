"""Fixtures of the web tests: an app on SQLite (always) and on PostgreSQL (when installed),
its users in each role, and logged-in clients."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from events.conftest import postgres_url  # noqa: F401  (the throwaway PostgreSQL)
from parcours.model import JourneyMap
from parcours.services import documents
from parcours.web import WebSettings, create_app
from parcours.web.accounts import create_user
from parcours.web.context import WebState
from parcours.web.maps import create_map, journey_in, journey_of
from parcours.web.server import bootstrap
from parcours.web.tables import Role
from parcours.web.workspaces import add_member, create_workspace

PASSWORD = "a long enough password"
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]*)"')


@dataclass
class Site:
    """A running app with a workspace, its map and one user per role."""

    app: FastAPI
    state: WebState
    workspace_id: int
    other_workspace_id: int
    map_id: int
    other_map_id: int
    first_step: str

    def client(self, **headers: str) -> TestClient:
        """An anonymous browser."""
        return TestClient(self.app, headers=headers)

    def login(self, username: str, **headers: str) -> tuple[TestClient, str]:
        """A browser logged in as ``username`` and its session's CSRF token."""
        client = self.client(**headers)
        page = client.get("/login")
        token = CSRF_FIELD.search(page.text)
        assert token is not None
        response = client.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf": token.group(1)},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        found = CSRF_FIELD.search(client.get("/workspaces").text)
        assert found is not None
        return client, found.group(1)

    def revision(self, map_id: int | None = None) -> int:
        with self.state.engine.connect() as connection:
            value = connection.execute(
                sa.text("SELECT revision FROM maps WHERE id = :id"), {"id": map_id or self.map_id}
            ).scalar_one()
        return int(value)


def _fresh_postgres_database(server_url: str) -> str:
    name = f"web_{secrets.token_hex(6)}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def make_site(data_dir: Path, database_url: str | None) -> Site:
    """An app with: workspace 'Bank' (owner, editor, viewer) holding the bank map, and
    workspace 'Other' (outsider is its owner) holding another map."""
    app = create_app(WebSettings(data_dir=data_dir, database_url=database_url))
    state: WebState = app.state.web
    bootstrap(state, demo=False, admin_password=PASSWORD)
    text = documents.template_map_text("bank-account", "en")
    with state.sessions() as db:
        users = {
            name: create_user(db, name, PASSWORD)
            for name in ("owner", "editor", "viewer", "outsider")
        }
        bank = create_workspace(db, "Bank", users["owner"])
        add_member(db, bank, users["editor"], Role.EDITOR)
        add_member(db, bank, users["viewer"], Role.VIEWER)
        other = create_workspace(db, "Other", users["outsider"])
        record = create_map(db, bank, users["owner"], text)
        other_record = create_map(db, other, users["outsider"], text)
        db.commit()
        site = Site(
            app,
            state,
            bank.id,
            other.id,
            record.id,
            other_record.id,
            journey_of(record).steps[0].id,
        )
    return site


@contextmanager
def cheap_hashes() -> Iterator[None]:
    """argon2 at its lowest cost inside: the tests check the flows, not the hash's
    strength. A module-scoped site is built and used inside it (the autouse fixture below
    only lasts one test)."""
    from argon2 import PasswordHasher

    from parcours.web import accounts

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )
        yield


@pytest.fixture(autouse=True)
def cheap_password_hashes() -> Iterator[None]:
    """Every test hashes cheaply (:func:`cheap_hashes`)."""
    with cheap_hashes():
        yield


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    """The site on SQLite, then on PostgreSQL (skipped where PostgreSQL is not installed)."""
    built = make_site(tmp_path, fresh_database_url(request))
    yield built
    built.state.engine.dispose()


@pytest.fixture
def sqlite_site(tmp_path: Path) -> Iterator[Site]:
    """The site on SQLite only (for the long walks)."""
    built = make_site(tmp_path, None)
    yield built
    built.state.engine.dispose()


# --- what the editing test modules share: one site per module, a fresh map per test ------
HX = {"HX-Request": "true"}


def fresh_database_url(request: pytest.FixtureRequest) -> str | None:
    """None on the "sqlite" param, else the URL of a new PostgreSQL database (skipped
    where PostgreSQL is not installed)."""
    if request.param != "postgresql":
        return None
    return _fresh_postgres_database(request.getfixturevalue("postgres_url"))


@contextmanager
def module_site(
    factory: pytest.TempPathFactory, name: str, database_url: str | None = None
) -> Iterator[Site]:
    """A site for a whole test module (built with cheap password hashes), on SQLite unless
    ``database_url`` is given."""
    with cheap_hashes():
        built = make_site(Path(factory.mktemp(name)), database_url)
        try:
            yield built
        finally:
            built.state.engine.dispose()


def new_bank_map(site: Site) -> int:
    """A fresh bank map in the site's workspace (the template's text is parsed once, then
    cached), owned by its owner."""
    from parcours.web.tables import User, Workspace

    with site.state.sessions() as db:
        owner = db.query(User).filter_by(username="owner").one()
        workspace = db.get(Workspace, site.workspace_id)
        assert workspace is not None
        record = create_map(db, workspace, owner, documents.template_map_text("bank-account", "en"))
        db.commit()
        return record.id


def exported(client: TestClient, map_id: int) -> JourneyMap:
    """The map in the exported YAML file (parsed once per text: the cache the app uses)."""
    return journey_in(client.get(f"/maps/{map_id}/export/yaml").text, "yaml")


def post_edit(
    site: Site,
    client: TestClient,
    csrf: str,
    map_id: int,
    path: str,
    data: dict[str, object],
    *,
    htmx: bool = False,
) -> Response:
    """POST an editing form of map ``map_id`` at its current revision (``htmx``: as the page
    does, asking for the fragment)."""
    body = {"csrf": csrf, "base_revision": str(site.revision(map_id)), **data}
    return client.post(
        f"/maps/{map_id}{path}", data=body, headers=HX if htmx else {}, follow_redirects=False
    )
