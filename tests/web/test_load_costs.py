"""What the load work (issue 11) cut must not change: the headers of every response, the text
a save writes whichever server process makes it, one drawing for all the processes, and a
stale save refused before any work."""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError

from parcours.model import JourneyMap
from parcours.services import documents
from parcours.web import maps, server, shared_cache
from parcours.web.app import SECURITY_HEADERS
from parcours.web.db import aware
from parcours.web.pages import Db
from parcours.web.tables import User
from web.conftest import Site


def test_every_response_has_the_security_headers_and_only_pages_no_store(
    sqlite_site: Site,
) -> None:
    site = sqlite_site
    viewer, _ = site.login("viewer")
    page = viewer.get(f"/maps/{site.map_id}")
    missing = viewer.get("/maps/999999")
    static = viewer.get("/static/app.css")
    refused = site.client().post("/logout")  # no session: a refusal, still with headers
    for response in (page, missing, static, refused):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value, (response.url, name)
    assert page.headers["cache-control"] == "no-store"
    assert missing.status_code == 404 and missing.headers["cache-control"] == "no-store"
    assert "no-store" not in static.headers.get("cache-control", "")
    # a header a route set itself is kept (each is sent once)
    drawing = viewer.get(f"/maps/{site.map_id}/drawing/map.svg?rev=1-0&lang=en")
    assert drawing.headers["cache-control"] == "private, max-age=31536000, immutable"
    assert drawing.headers.get_list("content-security-policy") == [
        "default-src 'none'; style-src 'unsafe-inline'"
    ]


def test_a_map_read_from_its_json_twin_saves_the_same_text() -> None:
    # another server process reads a new revision from its JSON twin: its next save must
    # write what the saving process would (it wrote every default into every step)
    m = documents.parse_map_text(documents.template_map_text("bank-account", "en"))
    twin = JourneyMap.model_validate_json(maps.twin_json(m))
    step = m.steps[1].id
    texts = [
        documents.map_text(documents.edit_step(x, step, name="Renamed", description=""), "yaml")
        for x in (m, twin)
    ]
    assert texts[0] == texts[1] and "outcome: null" not in texts[1]


def test_a_missing_shared_file_is_made_once_while_the_others_wait(tmp_path: Path) -> None:
    cache = shared_cache.SharedCache("drawings")
    cache.use(tmp_path)
    made: list[int] = []

    def make() -> bytes:
        made.append(1)
        time.sleep(0.2)  # the others ask meanwhile
        return b"<svg/>"

    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.made("k", make))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == [1] and results == [b"<svg/>"] * 4
    assert cache.made("k", make) == b"<svg/>" and made == [1]


def test_a_stale_save_is_refused_before_the_map_is_written(
    sqlite_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = sqlite_site
    editor, csrf = site.login("editor")
    url = f"/maps/{site.map_id}/steps/{site.first_step}"
    first = editor.post(url, data={"name": "One", "base_revision": "1", "csrf": csrf})
    assert first.status_code in (200, 303)
    written: list[str] = []
    original = documents.map_text

    def counting(*args: object, **kwargs: object) -> str:
        written.append("text")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "map_text", counting)
    stale = editor.post(url, data={"name": "Two", "base_revision": "1", "csrf": csrf})
    assert stale.status_code == 409 and written == [] and site.revision() == 2


def test_a_saved_record_holds_what_the_database_holds_and_lists_skip_documents(
    site: Site,
) -> None:
    # save_text sets the written values on the record instead of reading the row back: they
    # must be what another session reads; the revision list never loads a document
    with site.state.sessions() as db:
        record = maps.get_map(db, site.map_id)
        user = db.scalars(select(User).where(User.username == "editor")).one()
        m = documents.edit_step(
            maps.journey_of(record), site.first_step, name="Kept", description=""
        )
        saved = maps.save_map(db, record, m, user, base=record.revision, summary="kept")
        db.commit()
        seen = (saved.revision, saved.document, saved.title, aware(saved.updated_at))
        listed = maps.revisions_of(db, site.map_id, limit=3)
        with pytest.raises(InvalidRequestError):
            _ = listed[0][0].document
    with site.state.sessions() as db:
        again = maps.get_map(db, site.map_id)
        assert (again.revision, again.document, again.title, aware(again.updated_at)) == seen
        assert "Kept" in again.document and listed[0][0].number == again.revision


def test_a_serving_process_hands_the_gil_over_and_collects_less_often() -> None:
    switch, thresholds = sys.getswitchinterval(), gc.get_threshold()
    try:
        server.tune_serving_process()
        assert sys.getswitchinterval() == pytest.approx(0.001)
        assert gc.get_threshold()[0] == server.YOUNG_OBJECTS_BEFORE_A_COLLECTION
        assert gc.get_freeze_count() > 10_000  # what the start made
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        sys.setswitchinterval(switch)


def test_a_request_that_only_reads_runs_without_a_transaction(site: Site) -> None:
    # a GET's statements run on their own (no BEGIN / COMMIT round trips on PostgreSQL); a
    # POST keeps its transaction, committed when the route returns
    app = FastAPI()
    app.state.web = site.state

    @app.api_route("/level", methods=["GET", "POST"])
    def level(db: Db) -> dict[str, str]:
        return {"level": str(db.connection().get_execution_options().get("isolation_level"))}

    client = TestClient(app)
    got = client.get("/level")
    assert got.json().get("level") == "AUTOCOMMIT", got.text
    assert client.post("/level").json()["level"] != "AUTOCOMMIT"
