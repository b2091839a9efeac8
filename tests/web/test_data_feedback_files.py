"""Several feedback files in one analysis job (web-edit, data): chosen by boxes on the
analysis tab, kept in order per job (``analysis_job_feedback``), each read with its own
column mapping, each with its own rejected-rows download."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from parcours.events.errors import EventLogError
from parcours.events.feedback import ScoreKind
from parcours.web import jobs
from parcours.web.jobs import JobRunner, rejected_file
from web.conftest import Site, cheap_hashes, make_site

LOG = "customer_id,event,timestamp\nc1,ad_clicked,2026-03-01 09:00:00\n"
SURVEYS = {
    "web.csv": ("client,when,reco\nc1,2026-03-01 10:00:00,9\n", "reco", ScoreKind.NPS),
    "branch.csv": ("id,date,note\nc1,2026-03-02 10:00:00,4\n", "note", ScoreKind.CSAT),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with cheap_hashes():
        built = make_site(Path(tmp_path_factory.mktemp("feedback-files")), None)
        yield built
        runner: JobRunner = built.app.state.jobs
        runner.stop()
    built.state.engine.dispose()


def _upload(client: TestClient, site: Site, csrf: str, name: str, text: str, kind: str) -> str:
    response = client.post(
        f"/maps/{site.map_id}/data/upload",
        data={"csrf": csrf, "kind": kind},
        files={"file": (name, text.encode(), "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    found = re.search(r"/data/(\d+)/mapping", location)
    assert found is not None
    return found.group(1)


def test_a_job_reads_several_feedback_files_each_with_its_columns(site: Site) -> None:
    client, csrf = site.login("editor")
    events = _upload(client, site, csrf, "log.csv", LOG, "events")
    ids = []
    for name, (text, column, kind) in SURVEYS.items():
        source = _upload(client, site, csrf, name, text, "feedback")
        saved = client.post(
            f"/maps/{site.map_id}/data/{source}/mapping",
            data={
                "csrf": csrf,
                "field_customer_id": text.split(",")[0],
                "field_timestamp": text.split(",")[1],
                f"score_{kind.value}": column,
            },
            follow_redirects=False,
        )
        assert saved.status_code == 303, saved.text
        ids.append(source)
    page = client.get(f"/maps/{site.map_id}/analysis").text
    for source in ids:
        assert f'type="checkbox" name="feedback_source" value="{source}"' in page
    seen: dict[str, object] = {}

    def fake_analyze_map(m: object, source: object, **options: object) -> object:
        seen.update(options, source=source)
        raise EventLogError("not_found", file=str(source))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobs, "analyze_map", fake_analyze_map)
        run = client.post(
            f"/maps/{site.map_id}/jobs",
            data={"csrf": csrf, "events_source": events, "feedback_source": ids[::-1]},
            follow_redirects=False,
        )
        assert run.status_code == 303, run.text
        site.app.state.jobs.wait()
    uploads = site.state.settings.data_dir / "uploads"
    files = seen["feedback"]
    assert isinstance(files, list) and [Path(f).parent for f in files] == [uploads, uploads]
    mappings = seen["feedback_mappings"]
    assert isinstance(mappings, list)
    assert [
        m.column_of(k) for m, k in zip(mappings, (ScoreKind.CSAT, ScoreKind.NPS), strict=True)
    ] == [
        "note",
        "reco",
    ]  # in the order chosen, each with its own columns
    rejected = seen["feedback_rejected"]
    assert isinstance(rejected, list)
    assert [p.name for p in rejected] == ["rejected-feedback.csv", "rejected-feedback-2.csv"]
    with site.state.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT position, source_id FROM analysis_job_feedback ORDER BY position")
        ).all()
    assert [(p, str(s)) for p, s in rows] == [(0, ids[1]), (1, ids[0])]
    assert client.get(run.headers["location"]).status_code == 200  # the job page
    # each file's rejected answers download on their own (feedback=N); N=0 or absent: 404
    job_id = int(run.headers["location"].rsplit("/", 1)[1])
    second = rejected_file(site.state.settings.data_dir, job_id, feedback=True, index=1)
    second.parent.mkdir(parents=True, exist_ok=True)
    second.write_text("reason,row\nbad_score,2\n", "utf-8")
    url = f"/maps/{site.map_id}/jobs/{job_id}/rejected"
    assert client.get(f"{url}?feedback=2").text.startswith("reason,row")
    assert client.get(f"{url}?feedback=1").status_code == 404
    assert client.get(f"{url}?feedback=0").status_code == 404
    other = _upload(client, site, csrf, "log2.csv", LOG, "events")
    refused = client.post(
        f"/maps/{site.map_id}/jobs",
        data={"csrf": csrf, "events_source": events, "feedback_source": [ids[0], other]},
    )
    assert refused.status_code == 422  # an event log is not a feedback file
