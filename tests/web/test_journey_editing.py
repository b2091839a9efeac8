"""Editing in the page, part 2: the journey's own fields, custom lanes, a step's event
bindings (with the activities of the latest analysed log suggested) and a listening
point's questionnaire and alert. Each edit round-trips to the exported YAML, which
``parcours check`` reads like the page's rubric panel; refusals are 422 in FR and EN;
undo works; hostile text is escaped. One SQLite site for the module."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from parcours import rubric
from parcours.services import documents
from parcours.web import maps
from parcours.web.data import add_upload
from parcours.web.jobs import UNMATCHED_FILE, create_job, job_folder
from parcours.web.tables import JobState, User
from web.conftest import HX, Site, exported, module_site, new_bank_map, post_edit

HOSTILE = '"><svg onload=alert(1)><script>x</script>'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with module_site(tmp_path_factory, "journey-editing") as built:
        yield built


@pytest.fixture(scope="module")
def editor(site: Site) -> tuple[TestClient, str]:
    return site.login("editor")


@pytest.fixture
def map_id(site: Site) -> int:
    return new_bank_map(site)


def post(
    site: Site, client: TestClient, csrf: str, map_id: int, path: str, data: dict[str, object]
) -> Response:
    return post_edit(site, client, csrf, map_id, path, data, htmx=True)


def check_agrees(client: TestClient, map_id: int) -> None:
    """The page's rubric panel counts what `parcours check` of the exported file counts."""
    text = client.get(f"/maps/{map_id}/export/yaml").text
    report = rubric.check(documents.parse_map_text(text))
    passed = re.search(r"(\d+) of (\d+) rules passed", client.get(f"/maps/{map_id}").text)
    assert passed is not None
    assert (int(passed.group(1)), int(passed.group(2))) == (report.passed, len(report.rules))


def test_journey_fields_round_trip_undo_and_check_agrees(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    before = exported(client, map_id)
    form = client.get(f"/maps/{map_id}/journey/edit", headers=HX)
    assert form.status_code == 200
    assert 'name="timezone"' in form.text and '<option value="Europe/Paris">' in form.text
    assert f'action="/maps/{map_id}/journey"' in form.text
    data = {
        "title": "Open an account online",
        "language": "fr",
        "scope": "A prospect opens an account with a card",
        "objective": "Pay the least fees",
        "expectations": "Fast\nNo paper",
        "owner": "Digital team",
        "created": "2026-01-05",
        "updated": "",
        "timezone": "Europe/Paris",
        "conversion_window_days": "45",
        "conversion_value": "120,5",
        "currency": "EUR",
    }
    response = post(site, client, csrf, map_id, "/journey", data)
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    got = exported(client, map_id)
    j = got.journey
    assert (j.title, got.language.value, j.timezone, j.currency) == (
        "Open an account online",
        "fr",
        "Europe/Paris",
        "EUR",
    )
    assert j.expectations == ["Fast", "No paper"] and j.created is not None and j.updated is None
    assert (j.conversion_window_days, j.conversion_value) == (45.0, 120.5)
    assert got.steps == before.assign_missing_ids().steps  # (a save names unnamed rows)
    check_agrees(client, map_id)
    workspace = client.get(f"/workspaces/{site.workspace_id}").text
    assert "Open an account online" in workspace  # the map's title in the list follows
    post(site, client, csrf, map_id, "/undo", {})
    assert exported(client, map_id).journey == before.journey
    post(site, client, csrf, map_id, "/journey", {"scope": "", "objective": ""})
    page = client.get(f"/maps/{map_id}").text  # the rubric's finding opens the journey form
    link = f'hx-get="/maps/{map_id}/journey/edit" hx-target="#editor" class="element">'
    assert link in page


@pytest.mark.parametrize(
    ("data", "lang", "words"),
    [
        ({"timezone": "Paris"}, "fr", ("champ « Fuseau horaire (IANA) »", "Europe/Paris")),
        ({"timezone": "Mars/Olympus"}, "en", ('field "Time zone (IANA)"', "not an IANA")),
        ({"title": "  "}, "fr", ("Parcours, champ « Titre »", "obligatoire")),
        ({"conversion_window_days": "0"}, "en", ('"Conversion window (days)"', "more than 0")),
        ({"conversion_value": "lots"}, "fr", ("Valeur d'une conversion", "un nombre")),
        ({"language": "de"}, "en", ('field "Language of the map"', '"de"')),
    ],
)
def test_invalid_journey_values_are_422_in_the_form(
    site: Site, map_id: int, data: dict[str, object], lang: str, words: tuple[str, ...]
) -> None:
    client, csrf = site.login("owner", **{"Accept-Language": lang})
    with site.state.sessions() as db:
        db.query(User).filter_by(username="owner").one().language = lang
        db.commit()
    response = post(site, client, csrf, map_id, "/journey", data)
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text.replace("&#34;", '"').replace("&#39;", "'")  # type: ignore[attr-defined]
    for word in words:
        assert word in text
    assert site.revision(map_id) == 1


def test_custom_lanes_add_rename_reorder_delete(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    page = client.get(f"/maps/{map_id}").text
    assert 'data-reorder="reorder-lane"' in page and 'id="reorder-lane"' in page
    assert client.get(f"/maps/{map_id}/new/lane", headers=HX).status_code == 200
    post(site, client, csrf, map_id, "/new/lane", {"name": "Risks", "description": "What"})
    lanes = [lane.id for lane in exported(client, map_id).custom_lanes]
    assert lanes == ["regulation", "hypotheses", "lane-risks"]
    post(site, client, csrf, map_id, "/edit/lane/lane-risks", {"name": "Risks and controls"})
    step = exported(client, map_id).steps[0].id
    post(site, client, csrf, map_id, f"/edit/step/{step}", {"custom.lane-risks": "Fraud"})
    assert exported(client, map_id).step(step).custom["lane-risks"] == "Fraud"
    order = ["lane-risks", "regulation", "hypotheses"]
    post(site, client, csrf, map_id, "/order/lane", {"order": order})
    got = exported(client, map_id)
    assert [lane.id for lane in got.custom_lanes] == order
    assert got.custom_lanes[0].name == "Risks and controls"
    page = client.get(f"/maps/{map_id}").text  # the ↑ / ↓ buttons of a lane
    assert f'action="/maps/{map_id}/move/lane/lane-risks"' in page
    check_agrees(client, map_id)
    post(site, client, csrf, map_id, "/delete/lane/lane-risks", {})
    got = exported(client, map_id)
    assert "lane-risks" not in {lane.id for lane in got.custom_lanes}
    assert "lane-risks" not in got.step(step).custom  # its values went with it
    refused = post(site, client, csrf, map_id, "/new/lane", {"name": ""})
    assert refused.status_code == 422  # type: ignore[attr-defined]


def test_event_bindings_of_a_step_with_suggested_activities(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    step = exported(client, map_id).steps[1].id
    with site.state.sessions() as db:  # a finished analysis that left "call_centre" unmatched
        owner = db.query(User).filter_by(username="owner").one()
        record = maps.get_map(db, map_id)
        source = add_upload(
            db, record, owner, kind="events", display="log.csv", stored="x.csv", size_bytes=1
        )
        job = create_job(db, record, owner, source)
        job.state = JobState.DONE.value
        db.commit()
        folder = job_folder(site.state.settings.data_dir, job.id)
    folder.mkdir(parents=True, exist_ok=True)
    kept = [["call_centre", 12], ["<b>odd</b>", 1]]
    (folder / UNMATCHED_FILE).write_text(json.dumps(kept), "utf-8")
    analysis = client.get(f"/maps/{map_id}/analysis").text  # the analysis tab lists them
    assert (
        'data-testid="unmatched-activities"' in analysis and "<code>call_centre</code>" in analysis
    )
    assert "&lt;b&gt;odd&lt;/b&gt;" in analysis and "<b>odd" not in analysis
    viewer, _ = site.login("viewer")
    assert "unmatched-activities" not in viewer.get(f"/maps/{map_id}/analysis").text
    form = client.get(f"/maps/{map_id}/edit/step/{step}", headers=HX).text
    assert 'name="events.activity"' in form and 'name="events.pattern"' in form
    assert '<option value="call_centre">' in form and "<b>odd</b>" not in form
    data = {
        "events.activity": ["call_centre", "", ""],
        "events.pattern": ["", "^simulat", ""],
        "events.channel": ["phone", "", ""],
    }
    assert post(site, client, csrf, map_id, f"/edit/step/{step}", data).status_code == 200  # type: ignore[attr-defined]
    events = exported(client, map_id).step(step).events
    assert [(e.activity, e.pattern, e.channel) for e in events] == [
        ("call_centre", None, "phone"),
        (None, "^simulat", None),
    ]
    check_agrees(client, map_id)
    bad = post(site, client, csrf, map_id, f"/edit/step/{step}", {"events.pattern": ["(oops"]})
    text = bad.text.replace("&#34;", '"')  # type: ignore[attr-defined]
    assert bad.status_code == 422 and "row 1" in text and "regular expression" in text  # type: ignore[attr-defined]
    post(site, client, csrf, map_id, "/undo", {})
    assert exported(client, map_id).step(step).events != events


def test_questionnaire_and_alert_of_a_listening_point(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    lp = exported(client, map_id).listening_points[0].id
    form = client.get(f"/maps/{map_id}/edit/listening_point/{lp}", headers=HX).text
    assert 'name="survey.text"' in form and 'name="survey.scale"' in form
    assert 'name="alert_threshold.indicator"' in form
    data = {
        "survey.text": ["How easy was it?", "Would you recommend us?", "Why?", ""],
        "survey.scale": ["ces_1_7", "nps_0_10", "open_text", "csat_1_5"],
        "alert_threshold.indicator": "CES",
        "alert_threshold.comparator": "below",
        "alert_threshold.value": "4,5",
        "alert_threshold.unit": "",
        "target_segments": "prospects\nyoung",
        "target_channels": "web",
    }
    assert post(site, client, csrf, map_id, f"/edit/listening_point/{lp}", data).status_code == 200  # type: ignore[attr-defined]
    got = next(p for p in exported(client, map_id).listening_points if p.id == lp)
    assert [(q.text, q.scale.value) for q in got.survey] == [
        ("How easy was it?", "ces_1_7"),
        ("Would you recommend us?", "nps_0_10"),
        ("Why?", "open_text"),
    ]
    assert got.alert_threshold is not None and got.alert_threshold.describe() == "CES below 4.5"
    assert got.target_segments == ["prospects", "young"] and got.target_channels == ["web"]
    check_agrees(client, map_id)
    no_value = {"alert_threshold.indicator": "CSAT", "alert_threshold.value": ""}
    refused = post(site, client, csrf, map_id, f"/edit/listening_point/{lp}", no_value)
    assert refused.status_code == 422 and "Alert: value" in refused.text  # type: ignore[attr-defined]
    cleared = {"alert_threshold.indicator": "", "alert_threshold.value": "3"}
    post(site, client, csrf, map_id, f"/edit/listening_point/{lp}", cleared)
    got = next(p for p in exported(client, map_id).listening_points if p.id == lp)
    assert got.alert_threshold is None and len(got.survey) == 3


def test_hostile_text_in_the_new_fields_is_escaped(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    post(site, client, csrf, map_id, "/journey", {"title": HOSTILE, "scope": HOSTILE})
    post(site, client, csrf, map_id, "/new/lane", {"name": HOSTILE})
    step = exported(client, map_id).steps[0].id
    post(site, client, csrf, map_id, f"/edit/step/{step}", {"events.activity": [HOSTILE]})
    lp = exported(client, map_id).listening_points[0].id
    hostile_lp = {
        "survey.text": [HOSTILE],
        "survey.scale": ["open_text"],
        "alert_threshold.indicator": HOSTILE,
        "alert_threshold.value": "1",
        "target_segments": HOSTILE,
    }
    post(site, client, csrf, map_id, f"/edit/listening_point/{lp}", hostile_lp)
    got = exported(client, map_id)
    assert got.journey.title == HOSTILE and got.listening_points[0].survey[0].text == HOSTILE
    for path in ("", "/journey/edit", f"/edit/step/{step}", f"/edit/listening_point/{lp}"):
        text = client.get(f"/maps/{map_id}{path}").text
        assert "<svg onload" not in text and "<script>x" not in text


def test_a_finished_job_keeps_its_unmatched_activities(site: Site, tmp_path: Path) -> None:
    from types import SimpleNamespace

    from parcours.web.jobs import unmatched_counts, write_unmatched_activities

    unmatched = [
        SimpleNamespace(activity="call", events=7),
        SimpleNamespace(activity="é", events=2),
    ]
    outcome = SimpleNamespace(matched=SimpleNamespace(unmatched=unmatched))
    with site.state.sessions() as db:
        owner = db.query(User).filter_by(username="owner").one()
        record = maps.get_map(db, site.map_id)
        source = add_upload(
            db, record, owner, kind="events", display="l.csv", stored="y.csv", size_bytes=1
        )
        job = create_job(db, record, owner, source)
        job.state = JobState.DONE.value
        db.commit()
        write_unmatched_activities(tmp_path, job.id, outcome)  # type: ignore[arg-type]
        assert unmatched_counts(db, tmp_path, site.map_id) == [("call", 7), ("é", 2)]
        assert unmatched_counts(db, tmp_path, site.other_map_id) == []
