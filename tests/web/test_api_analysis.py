"""The JSON API's data and analysis routes: upload (streamed), the mapping with its guess and
preview, a job run to done, rejected rows, snapshots and report; database sources whose URL
is sealed at rest (the raw row holds no password) and still read by jobs; migration 0006."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from parcours.web import source_secrets
from parcours.web.db import make_engine, migrate
from parcours.web.jobs import JobRunner
from web.conftest import Site, cheap_hashes, make_site
from web.test_api import bearer, token_for
from web.test_data import LOG

API = "/api/v1"
PASSWORD_IN_URL = "pa55-w0rd-in-url"


@pytest.fixture(scope="module")
def api_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the module (its analysis job is the slow part), cheap hashes."""
    with cheap_hashes():
        site = make_site(tmp_path_factory.mktemp("api-data"), None)
        yield site
        runner: JobRunner = site.app.state.jobs
        runner.stop()
        site.state.engine.dispose()


@pytest.fixture(scope="module")
def editor_auth(api_site: Site) -> dict[str, str]:
    return bearer(token_for(api_site, "editor"))


def _wait(site: Site) -> None:
    runner: JobRunner = site.app.state.jobs
    runner.wait()


MEASURED_MAP = {
    "journey": {"title": "Open an account"},
    "steps": [
        {"id": "s-ad", "name": "Sees an ad", "events": [{"activity": "ad_clicked"}]},
        {"id": "s-sim", "name": "Simulates", "events": [{"activity": "simulator_used"}]},
        {"id": "s-form", "name": "Starts the form", "events": [{"activity": "form_started"}]},
        {"id": "s-kyc", "name": "Sends the documents", "events": [{"activity": "kyc_submitted"}]},
    ],
}
"""A small map bound to the events of the hand-made log (quicker to measure than the bank's)."""


def _measured_map(site: Site, auth: dict[str, str]) -> int:
    created = site.client().post(
        f"{API}/workspaces/{site.workspace_id}/maps", json={"document": MEASURED_MAP}, headers=auth
    )
    assert created.status_code == 201, created.text
    map_id: int = created.json()["id"]
    return map_id


def test_upload_map_run_and_read_the_analysis(api_site: Site, editor_auth: dict[str, str]) -> None:
    site, client, auth = api_site, api_site.client(), editor_auth
    base = f"{API}/maps/{_measured_map(site, auth)}"
    uploaded = client.post(
        f"{base}/sources/upload",
        data={"kind": "events"},
        files={"file": ("../journal <mars>.csv", LOG.encode(), "text/csv")},
        headers=auth,
    )
    assert uploaded.status_code == 201, uploaded.text
    source = uploaded.json()
    assert source["name"] == "journal <mars>.csv" and source["mapping"] is None
    assert not source["database"] and source["size_bytes"] == len(LOG.encode())
    stored = list((site.state.settings.data_dir / "uploads").iterdir())
    assert len(stored) == 1 and "mars" not in stored[0].name  # a generated name only
    mapping = client.get(f"{base}/sources/{source['id']}/mapping", headers=auth).json()
    assert mapping["saved"] is False
    assert mapping["mapping"]["case_id"] == "customer_id"  # the CLI's guess
    assert mapping["mapping"]["activity"] == "event"
    assert mapping["columns"] == ["customer_id", "event", "timestamp", "channel"]
    assert mapping["rows"][1] == ["c1", "simulator_used", "2026-03-01 09:05:00", "web"]
    assert mapping["required"] == ["case_id", "timestamp", "activity"]

    url = f"{base}/sources/{source['id']}/mapping"
    wrong = {"fields": {"case_id": "client", "activity": "event", "timestamp": "timestamp"}}
    refused = client.put(url, json=wrong, headers={**auth, "Accept-Language": "fr"})
    assert refused.status_code == 422
    assert refused.json()["error"]["message"].startswith("« client » (choisie pour case_id)")
    unknown = client.put(url, json={"fields": {"nope": "event"}}, headers=auth)
    assert unknown.status_code == 422 and "nope" in unknown.json()["error"]["message"]
    chosen = {
        "fields": {
            "case_id": "customer_id",
            "activity": "event",
            "timestamp": "timestamp",
            "channel": "channel",
        },
        "timezone": "Europe/Paris",
    }
    saved = client.put(url, json=chosen, headers=auth)
    assert saved.status_code == 200, saved.text
    assert saved.json()["mapping"]["timezone"] == "Europe/Paris"

    run = client.post(f"{base}/jobs", json={"events_source": source["id"]}, headers=auth)
    assert run.status_code == 202, run.text
    assert run.json()["state"] == "queued" and run.json()["created_by"] == "editor"
    job_url = run.headers["location"]
    _wait(site)
    job = client.get(job_url, headers={**auth, "Accept-Language": "fr"}).json()
    assert job["state"] == "done", job
    assert job["progress"] == 1.0 and job["stage_label"] == "Terminé"
    assert job["rejected_rows"] == 1 and job["error"] is None
    listed = client.get(f"{base}/jobs", headers=auth).json()
    assert [j["id"] for j in listed] == [job["id"]]
    rejected = client.get(f"{job_url}/rejected", headers=auth)
    assert rejected.status_code == 200 and "c5" in rejected.text
    assert rejected.headers["content-type"].startswith("text/csv")
    no_feedback = client.get(f"{job_url}/rejected?feedback=true", headers=auth)
    assert no_feedback.status_code == 404

    snapshots = client.get(f"{base}/snapshots", headers=auth).json()
    assert len(snapshots) == 1 and snapshots[0]["id"] == job["snapshot"]
    assert snapshots[0]["customers"] == 5  # c5 rejected: c1-c4 and c9
    snapshot = client.get(f"{base}/snapshots/{job['snapshot']}", headers=auth).json()
    assert snapshot["id"] == snapshots[0]["snapshot_id"] and snapshot["values"]
    report = client.get(f"{base}/snapshots/{job['snapshot']}/report", headers=auth)
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "script-src" not in report.headers["content-security-policy"]  # default-src 'none'
    views = [v["view"] for v in client.get(f"{base}/views", headers=auth).json()]
    assert "funnel" in views  # measured now

    viewer = bearer(token_for(site, "viewer"))
    assert client.get(f"{base}/sources", headers=viewer).status_code == 403
    assert client.get(f"{job_url}/rejected", headers=viewer).status_code == 403
    assert client.get(job_url, headers=viewer).status_code == 200
    assert client.get(f"{base}/snapshots", headers=viewer).status_code == 200


def test_upload_refusals_are_json_and_leave_nothing(
    api_site: Site, editor_auth: dict[str, str]
) -> None:
    site, client = api_site, api_site.client()
    url = f"{API}/maps/{site.map_id}/sources/upload"
    before = sorted((site.state.settings.data_dir / "uploads").glob("*"))
    fake = client.post(
        url,
        files={"file": ("log.xlsx", b"not a workbook", "application/octet-stream")},
        headers={**editor_auth, "Accept-Language": "fr"},
    )
    assert fake.status_code == 422 and "log.xlsx" in fake.json()["error"]["message"]
    kind = client.post(
        url, data={"kind": "survey"}, files={"file": ("a.csv", b"a,b\n1,2\n")}, headers=editor_auth
    )
    assert kind.status_code == 422 and kind.json()["error"]["code"] == "invalid_request"
    nothing = client.post(url, json={"kind": "events"}, headers=editor_auth)
    assert nothing.status_code == 422 and set(nothing.json()["error"]) == {"code", "message"}
    huge = client.post(
        url,
        files={"file": ("a.csv", b"a\n1\n")},
        headers={**editor_auth, "Content-Length": str(10**13)},
    )
    assert huge.status_code == 413
    assert sorted((site.state.settings.data_dir / "uploads").glob("*")) == before


def test_database_source_url_is_sealed_at_rest_and_jobs_still_connect(
    api_site: Site, editor_auth: dict[str, str], postgres_url: str
) -> None:
    site, client = api_site, api_site.client()
    server = sa.create_engine(postgres_url)
    with server.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS api_events"))
        connection.execute(
            sa.text("CREATE TABLE api_events (customer_id text, event text, timestamp text)")
        )
        connection.execute(
            sa.text(
                "INSERT INTO api_events VALUES ('c1', 'ad_clicked', '2026-03-01 09:00'), "
                "('c1', 'simulator_used', '2026-03-01 09:05')"
            )
        )
    server.dispose()
    # the throwaway server trusts local connections: the password is carried, not checked
    with_password = postgres_url.replace("postgres@", f"postgres:{PASSWORD_IN_URL}@")
    base = f"{API}/maps/{_measured_map(site, editor_auth)}"
    added = client.post(
        f"{base}/sources/database",
        json={"url": with_password, "table": "api_events"},
        headers=editor_auth,
    )
    assert added.status_code == 201, added.text
    source = added.json()
    assert source["database"] and PASSWORD_IN_URL not in added.text and "***" in source["name"]
    with site.state.engine.connect() as connection:
        row = connection.execute(
            sa.text("SELECT * FROM data_sources WHERE id = :id"), {"id": source["id"]}
        ).one()
    assert PASSWORD_IN_URL not in repr(row)
    assert str(row.url).startswith(source_secrets.SEALED_PREFIX)
    key = site.state.settings.data_dir / source_secrets.KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_bytes().strip() not in repr(row).encode()

    mapping = client.get(f"{base}/sources/{source['id']}/mapping", headers=editor_auth)
    assert mapping.status_code == 200, mapping.text
    assert mapping.json()["rows"][0][1] == "ad_clicked"
    run = client.post(f"{base}/jobs", json={"events_source": source["id"]}, headers=editor_auth)
    assert run.status_code == 202, run.text
    _wait(site)
    job = client.get(run.headers["location"], headers=editor_auth).json()
    assert job["state"] == "done", job

    # or the URL names an environment variable of the server, read when the source is opened
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PARCOURS_SOURCE_API_TEST", PASSWORD_IN_URL)
        patch.setenv("PARCOURS_SOURCE_UNSET", "")
        patch.delenv("PARCOURS_SOURCE_UNSET")
        referred = postgres_url.replace("postgres@", "postgres:${PARCOURS_SOURCE_API_TEST}@")
        by_name = client.post(
            f"{base}/sources/database",
            json={"url": referred, "table": "api_events"},
            headers=editor_auth,
        )
        assert by_name.status_code == 201, by_name.text
        shown = client.get(f"{base}/sources/{by_name.json()['id']}/mapping", headers=editor_auth)
        assert shown.status_code == 200 and shown.json()["rows"][0][1] == "ad_clicked"
        for name in ("PARCOURS_SECRET_KEY", "PARCOURS_ADMIN_PASSWORD", "PARCOURS_SOURCE_UNSET"):
            refused = client.post(
                f"{base}/sources/database",
                json={
                    "url": postgres_url.replace("postgres@", f"postgres:${{{name}}}@"),
                    "table": "t",
                },
                headers={**editor_auth, "Accept-Language": "fr"},
            )
            assert refused.status_code == 422, refused.text
            assert "PARCOURS_SOURCE_" in refused.json()["error"]["message"]
    with site.state.engine.connect() as connection:
        urls = connection.execute(sa.text("SELECT url FROM data_sources")).scalars().all()
    assert not any(PASSWORD_IN_URL in str(url) for url in urls)


def test_migration_0006_seals_the_urls_stored_in_plain_text(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, tmp_path, to="0005")
    with engine.begin() as connection:  # as a server before 0006 left it
        connection.execute(
            sa.text("INSERT INTO workspaces (name, created_at) VALUES ('W', '2026-01-01')")
        )
        connection.execute(
            sa.text(
                "INSERT INTO maps (workspace_id, title, document, document_format, revision, "
                "created_at, updated_at) VALUES (1, 'M', 'x', 'yaml', 1, '2026-01-01', "
                "'2026-01-01')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO data_sources (map_id, kind, display_name, url, table_name, "
                "size_bytes, created_at) VALUES (1, 'events', 'db', :url, 't', 0, '2026-01-01')"
            ),
            {"url": f"postgresql://ana:{PASSWORD_IN_URL}@db/sales"},
        )
    migrate(engine, tmp_path)
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT url FROM data_sources")).scalar_one()
    engine.dispose()
    assert PASSWORD_IN_URL not in stored
    assert source_secrets.unseal(stored, tmp_path) == f"postgresql://ana:{PASSWORD_IN_URL}@db/sales"


def test_the_key_comes_from_the_environment_when_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cryptography.fernet import Fernet

    monkeypatch.setenv(source_secrets.KEY_ENV, Fernet.generate_key().decode())
    sealed = source_secrets.seal("postgresql://a:b@h/d", tmp_path)
    assert not (tmp_path / source_secrets.KEY_FILE).exists()  # no file when the key is given
    assert source_secrets.unseal(sealed, None) == "postgresql://a:b@h/d"
    monkeypatch.setenv(source_secrets.KEY_ENV, Fernet.generate_key().decode())  # key changed
    with pytest.raises(source_secrets.SourceSecretError) as lost:
        source_secrets.unseal(sealed, tmp_path)
    assert "ajoutez de nouveau la source" in lost.value.message("fr")
    monkeypatch.setenv(source_secrets.KEY_ENV, "too short")
    with pytest.raises(source_secrets.SourceSecretError) as bad:
        source_secrets.seal("postgresql://a:b@h/d", tmp_path)
    assert "PARCOURS_SECRET_KEY" in bad.value.message("en")


def test_one_key_file_for_every_process(tmp_path: Path) -> None:
    """The key file is written whole once; a second writer keeps the first key."""
    source_secrets._create_key_file(tmp_path / source_secrets.KEY_FILE)
    first = (tmp_path / source_secrets.KEY_FILE).read_bytes()
    source_secrets._create_key_file(tmp_path / source_secrets.KEY_FILE)
    assert (tmp_path / source_secrets.KEY_FILE).read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == [source_secrets.KEY_FILE]
