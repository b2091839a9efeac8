"""Browser tests: the real app served by uvicorn on a loopback port, driven by Debian's chromium
through Playwright (never ``playwright install``: see ../shared/ARCHITECTURE.md).

One server (SQLite in a temporary folder) and one browser per session; every test gets a fresh
browser context (its own cookies), so the tests do not depend on each other's logins.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from parcours.services import documents
from parcours.web.maps import create_map
from parcours.web.tables import User, Workspace
from web.conftest import PASSWORD, Site, make_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LAPTOP = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveSite:
    """The site of the web tests, served over HTTP, and a second map whose first step has a
    rubric finding that names it (renaming the step changes the rubric panel)."""

    site: Site
    base_url: str
    flawed_map_id: int
    flawed_step: str


def _add_flawed_map(site: Site) -> tuple[int, str]:
    m = documents.parse_map_text(documents.template_map_text("it-laptop", "en"))
    first = m.steps[0]
    bare = first.model_copy(update={"actions": []})
    m = m.model_copy(update={"steps": [bare, *m.steps[1:]]})
    text = documents.map_text(m, "yaml")
    with site.state.sessions() as db:
        owner = db.query(User).filter(User.username == "owner").one()
        workspace = db.get(Workspace, site.workspace_id)
        assert workspace is not None
        record = create_map(db, workspace, owner, text, summary="flawed for the browser tests")
        db.commit()
        return record.id, first.id


@pytest.fixture(scope="session")
def live_site() -> Iterator[LiveSite]:
    """The app served by uvicorn in a thread on a free loopback port (SQLite)."""
    import uvicorn
    from argon2 import PasswordHasher

    from parcours.web import accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    kept, accounts.HASHER = accounts.HASHER, cheap  # type: ignore[misc]
    folder = Path(tempfile.mkdtemp(prefix="parcours-browser-"))
    site = make_site(folder, None)
    flawed_id, flawed_step = _add_flawed_map(site)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(site.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield LiveSite(site, f"http://127.0.0.1:{port}", flawed_id, flawed_step)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        site.state.engine.dispose()
        accounts.HASHER = kept  # type: ignore[misc]
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.skip("chromium not installed: scripts/bootstrap.sh --dev installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


def new_page(browser: Any, live: LiveSite, *, viewport: dict[str, int] = LAPTOP) -> Any:
    """A page in a fresh context (no cookies), English UI, downloads allowed."""
    context = browser.new_context(
        base_url=live.base_url,
        viewport=viewport,
        locale="en-GB",
        extra_http_headers={"Accept-Language": "en"},
        accept_downloads=True,
    )
    context.set_default_timeout(30_000)
    return context.new_page()


def log_in(page: Any, username: str) -> None:
    """Log ``page`` in through the login form."""
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button")
    page.wait_for_url("**/workspaces")


@pytest.fixture
def editor_page(browser: Any, live_site: LiveSite) -> Iterator[Any]:
    """A page logged in as the workspace's editor (closed after the test)."""
    page = new_page(browser, live_site)
    log_in(page, "editor")
    yield page
    page.context.close()


@pytest.fixture
def anonymous_page(browser: Any, live_site: LiveSite) -> Iterator[Any]:
    """A page in a fresh, logged-out context."""
    page = new_page(browser, live_site)
    yield page
    page.context.close()
