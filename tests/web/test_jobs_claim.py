"""Several server processes (``parcours serve --workers N``): a job runs in exactly one."""

from __future__ import annotations

from parcours.web import jobs
from parcours.web.data import add_upload
from parcours.web.maps import get_map
from parcours.web.tables import AnalysisJob, User
from web.conftest import Site


def test_a_queued_job_is_claimed_once(site: Site) -> None:
    with site.state.sessions() as db:
        owner = db.query(User).filter_by(username="owner").one()
        record = get_map(db, site.map_id)
        source = add_upload(
            db, record, owner, kind="events", display="a.csv", stored="a.csv", size_bytes=1
        )
        job_id = jobs.create_job(db, record, owner, source).id
        db.commit()
    with site.state.sessions() as first, site.state.sessions() as second:
        assert jobs.claim(first, job_id) is True
        assert jobs.claim(second, job_id) is False  # the other process finds it running
    with site.state.sessions() as db:
        job = db.get(AnalysisJob, job_id)
        assert job is not None and job.state == "running" and job.started_at is not None
