"""Editing the whole map in its page: every kind of edit round-trips to the exported file,
reorder, emotions, undo / redo, refusals (422 naming the field, 409 on a stale revision),
hostile text escaped. One site for the module; each test works on a map of its own."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from parcours import rubric
from parcours.services import documents, editing
from parcours.web import maps
from parcours.web.tables import User
from web.conftest import HX, Site, exported, module_site, new_bank_map, post_edit


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with module_site(tmp_path_factory, "editing") as built:
        yield built


@pytest.fixture(scope="module")
def editor(site: Site) -> tuple[TestClient, str]:
    return site.login("editor")


@pytest.fixture
def map_id(site: Site) -> int:
    return new_bank_map(site)


post = post_edit


def test_every_field_of_a_step_round_trips_and_check_agrees(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    m = exported(client, map_id)
    step = m.steps[2]
    persona = m.personas[0].id
    form = client.get(f"/maps/{map_id}/edit/step/{step.id}", headers=HX)
    assert form.status_code == 200 and 'name="touchpoints.channel"' in form.text
    irritant = step.irritants[0].id if step.irritants else ""
    data = {
        "name": "Compares offers",
        "phase": m.phases[1].id,
        "role": "optional",
        "outcome": "success",  # cleared: only an outcome step has one
        "alternative_of": "",
        "returns_to": m.steps[0].id,
        "description": "Reads the fee table",
        "customer_goal": "Pay the least fees",
        "actions": "Opens the page\nReads the table",
        "moment_of_truth": ["0", "1"],
        "breaking_point": ["0"],
        "blueprint.evidence": "Fee table",
        "blueprint.frontstage": "",
        "blueprint.backstage": "Pricing engine",
        "blueprint.support": "",
        "blueprint.systems": "CMS",
        "review": "",
        "custom.regulation": "PSD2 strong authentication",
        "custom.hypotheses": "",
        "emotions.persona": [p.id for p in m.personas],
        "emotions.score": ["-1"] + [""] * (len(m.personas) - 1),
        "emotions.word": ["worried"] + [""] * (len(m.personas) - 1),
        "emotions.reason": [""] * len(m.personas),
        "touchpoints.id": ["", ""],
        "touchpoints.channel": ["app", ""],
        "touchpoints.name": ["Fee simulator", ""],
        "touchpoints.owner_team": ["Digital", ""],
        "irritants.id": [irritant, ""],
        "irritants.text": ["Hidden fees", "Too many tabs"],
        "irritants.severity": ["3", "1"],
        "enchantments.text": ["Clear chart"],
        "data_collected.name": ["Card usage"],
        "data_collected.category": ["behavioural"],
        "data_collected.purpose": ["Simulate"],
        "data_collected.system": ["CRM"],
        "stakeholders.name": ["Pricing team"],
        "stakeholders.office": ["back"],
        "stakeholders.deliverable": ["Fee grid"],
        "metrics.name": ["Simulations"],
        "metrics.unit": ["%"],
        "metrics.source": ["Web analytics"],
        "metrics.target": ["60,5"],
        "metrics.alert_threshold": [""],
        "metrics.direction": ["higher_is_better"],
        "metrics.measure": ["conversion_from_previous"],
    }
    assert post(site, client, csrf, map_id, f"/edit/step/{step.id}", data).status_code == 303
    got = exported(client, map_id).step(step.id)
    assert (got.name, got.phase, got.role.value, got.outcome) == (
        "Compares offers",
        m.phases[1].id,
        "optional",
        None,
    )
    assert got.returns_to == m.steps[0].id and got.actions == ["Opens the page", "Reads the table"]
    assert got.moment_of_truth and not got.breaking_point
    assert got.blueprint.evidence == ["Fee table"] and got.blueprint.systems == ["CMS"]
    assert got.custom == {"regulation": "PSD2 strong authentication"}
    assert [(e.persona, e.score, e.word) for e in got.emotions] == [(persona, -1, "worried")]
    assert [(t.channel.value, t.name, t.owner_team) for t in got.touchpoints] == [
        ("app", "Fee simulator", "Digital")
    ]
    assert [(i.text, i.severity) for i in got.irritants] == [
        ("Hidden fees", 3),
        ("Too many tabs", 1),
    ]
    if irritant:
        assert got.irritants[0].id == irritant  # kept: opportunities may point at it
    assert got.enchantments[0].text == "Clear chart"
    assert got.data_collected[0].category is not None and got.data_collected[0].system == "CRM"
    assert got.stakeholders[0].office is not None and got.stakeholders[0].deliverable == "Fee grid"
    assert got.metrics[0].target == 60.5 and got.metrics[0].measure is not None
    # the page's rubric panel agrees with `parcours check` of the exported file
    text = client.get(f"/maps/{map_id}/export/yaml").text
    report = rubric.check(documents.parse_map_text(text))
    page = client.get(f"/maps/{map_id}").text
    passed = re.search(r"(\d+) of (\d+) rules passed", page)
    assert passed is not None
    assert (int(passed.group(1)), int(passed.group(2))) == (report.passed, len(report.rules))
    # the map kept in memory after the save is the one its text reads back as
    with site.state.sessions() as db:
        record = maps.get_map(db, map_id)
        assert maps.journey_of(record) == documents.parse_map_text(record.document)


@pytest.mark.parametrize(
    ("section", "data", "check"),
    [
        (
            "phase",
            {"name": "Renewal", "kind": "loyalty", "before_purchase": ""},
            lambda m, i: m.phases[[p.id for p in m.phases].index(i)].kind.value == "loyalty",
        ),
        (
            "persona",
            {
                "name": "Sam, 61",
                "goals": "Keep a branch\nPay less",
                "preferred_channels": ["branch", "phone"],
            },
            lambda m, i: m.persona(i).goals == ["Keep a branch", "Pay less"],
        ),
        (
            "listening_point",
            {
                "step": "",
                "medium": "sms",
                "questions": "Satisfied? (1 to 5)",
                "sampling_rate": "0.5",
            },
            lambda m, i: next(lp for lp in m.listening_points if lp.id == i).sampling_rate == 0.5,
        ),
        (
            "opportunity",
            {
                "title": "Show fees early",
                "impact": "5",
                "effort": "2",
                "status": "planned",
                "done_on": "2026-11-30",
                "steps": [],
            },
            lambda m, i: next(o for o in m.opportunities if o.id == i).quadrant == "quick_win",
        ),
    ],
)
def test_add_edit_delete_each_section(
    site: Site,
    editor: tuple[TestClient, str],
    map_id: int,
    section: str,
    data: dict[str, object],
    check: object,
) -> None:
    client, csrf = editor
    before = exported(client, map_id)
    if section == "listening_point":
        data = {**data, "step": before.steps[1].id}
    if section == "opportunity":
        data = {**data, "steps": [before.steps[0].id]}
    assert client.get(f"/maps/{map_id}/new/{section}", headers=HX).status_code == 200
    added = post(site, client, csrf, map_id, f"/new/{section}", data, htmx=section == "phase")
    assert added.status_code in (200, 303), added.text  # type: ignore[attr-defined]
    m = exported(client, map_id)
    attribute = editing.SECTIONS[section].attribute
    new_ids = {e.id for e in getattr(m, attribute)} - {e.id for e in getattr(before, attribute)}
    (new_id,) = new_ids
    assert check(m, new_id)  # type: ignore[operator]
    title = editing.SECTIONS[section].title_field
    value = "Edited <b>" if title != "step" else before.steps[2].id
    edited = post(site, client, csrf, map_id, f"/edit/{section}/{new_id}", {title: value})
    assert edited.status_code == 303
    m = exported(client, map_id)
    assert getattr(next(e for e in getattr(m, attribute) if e.id == new_id), title) == value
    deleted = post(site, client, csrf, map_id, f"/delete/{section}/{new_id}", {})
    assert deleted.status_code == 303
    m = exported(client, map_id)
    assert new_id not in {e.id for e in getattr(m, attribute)}
    assert len(getattr(m, attribute)) == len(getattr(before, attribute))


def test_add_and_delete_a_step_with_its_references(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    m = exported(client, map_id)
    after = m.steps[0].id
    post(site, client, csrf, map_id, "/new/step", {"name": "Calls the bank", "after": after})
    added = exported(client, map_id)
    new = added.steps[1]
    assert new.name == "Calls the bank" and new.phase == m.steps[0].phase
    heard = next(lp.step for lp in m.listening_points)
    post(site, client, csrf, map_id, f"/delete/step/{heard}", {})
    gone = exported(client, map_id)
    assert heard not in {s.id for s in gone.steps}
    assert heard not in {lp.step for lp in gone.listening_points}
    assert all(heard not in o.steps for o in gone.opportunities)


def test_reorder_steps_and_phases_by_drag_and_by_buttons(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    m = exported(client, map_id)
    ids = [s.id for s in m.steps]
    dragged = [ids[2], ids[0], ids[1], *ids[3:]]
    response = post(site, client, csrf, map_id, "/order/step", {"order": dragged}, htmx=True)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert [s.id for s in exported(client, map_id).steps] == dragged
    post(site, client, csrf, map_id, f"/move/step/{ids[2]}", {"direction": "down"})
    assert [s.id for s in exported(client, map_id).steps][:2] == [ids[0], ids[2]]
    phases = [p.id for p in m.phases]
    post(site, client, csrf, map_id, "/order/phase", {"order": [phases[1], phases[0]]})
    assert [p.id for p in exported(client, map_id).phases][:2] == [phases[1], phases[0]]
    post(site, client, csrf, map_id, f"/move/phase/{phases[0]}", {"direction": "up"})
    assert [p.id for p in exported(client, map_id).phases][:2] == phases[:2]
    bad = post(site, client, csrf, map_id, "/order/step", {"order": ["nope", ids[0]]})
    assert bad.status_code == 422 and "nope" in bad.text  # type: ignore[attr-defined]
    assert post(site, client, csrf, map_id, "/order/persona", {}).status_code == 404


def test_emotions_slider_form_and_drawing_update(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    m = exported(client, map_id)
    step, persona = m.steps[0].id, m.personas[0].id
    page = client.get(f"/maps/{map_id}").text
    assert f'data-field="emotion:{step}:{persona}"' in page and 'id="emotions-form"' in page
    response = post(
        site, client, csrf, map_id, "/emotions", {f"emotion:{step}:{persona}": "+2"}, htmx=True
    )
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.text  # type: ignore[attr-defined]
    assert '<img class="drawing"' in body and 'class="emotion-editor"' in body
    emotion = exported(client, map_id).step(step).emotion_for(persona)
    assert emotion is not None and emotion.score == 2
    post(site, client, csrf, map_id, "/emotions", {f"emotion:{step}:{persona}": ""})
    assert exported(client, map_id).step(step).emotion_for(persona) is None
    wrong = post(site, client, csrf, map_id, "/emotions", {f"emotion:{step}:{persona}": "5"})
    assert wrong.status_code == 422  # type: ignore[attr-defined]


def test_undo_and_redo_over_revisions(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    first = exported(client, map_id).steps[0].id
    original = exported(client, map_id).step(first).name
    for name in ("One", "Two"):
        post(site, client, csrf, map_id, f"/edit/step/{first}", {"name": name})
    names = lambda: exported(client, map_id).step(first).name  # noqa: E731
    assert names() == "Two" and site.revision(map_id) == 3
    post(site, client, csrf, map_id, "/undo", {})
    assert names() == "One" and site.revision(map_id) == 4  # an undo is a new revision
    post(site, client, csrf, map_id, "/undo", {})
    assert names() == original
    nothing = post(site, client, csrf, map_id, "/undo", {}, htmx=True)
    assert "Nothing to undo" in nothing.text and site.revision(map_id) == 5  # type: ignore[attr-defined]
    post(site, client, csrf, map_id, "/redo", {})
    assert names() == "One"
    # a reload changes nothing: the history lives in the revisions
    again, again_csrf = site.login("owner")
    post(site, again, again_csrf, map_id, "/redo", {})
    assert names() == "Two"
    assert "Nothing to redo" in post(site, client, csrf, map_id, "/redo", {}, htmx=True).text  # type: ignore[attr-defined]
    # a new change after an undo drops what could be redone
    post(site, client, csrf, map_id, "/undo", {})
    post(site, client, csrf, map_id, f"/edit/step/{first}", {"name": "Three"})
    assert "Nothing to redo" in post(site, client, csrf, map_id, "/redo", {}, htmx=True).text  # type: ignore[attr-defined]
    stale = client.post(
        f"/maps/{map_id}/undo", data={"csrf": csrf, "base_revision": "2"}, headers=HX
    )
    assert stale.status_code == 409


@pytest.mark.parametrize(
    ("path", "data", "lang", "words"),
    [
        ("/edit/opportunity/{opp}", {"impact": "7"}, "en", ('field "Impact (1-5)"', "at most 5")),
        ("/edit/opportunity/{opp}", {"impact": "7"}, "fr", ("champ « Impact (1-5) »", "au plus 5")),
        ("/edit/step/{step}", {"name": "  "}, "fr", ("champ « Nom »", "obligatoire")),
        ("/edit/step/{step}", {"role": "sideways"}, "en", ('field "Role"', "sideways")),
        ("/edit/listening_point/{lp}", {"sampling_rate": "lots"}, "fr", ("Taux", "un nombre")),
        (
            "/edit/step/{step}",
            {"irritants.text": ["Slow"], "irritants.severity": ["9"]},
            "en",
            ("Irritants, row 1", 'field "Severity (1-3)"'),
        ),
        ("/new/phase", {"name": "X", "kind": "later"}, "en", ('field "Kind"', "later")),
        ("/edit/opportunity/{opp}", {"done_on": "yesterday"}, "en", ("YYYY-MM-DD",)),
    ],
)
def test_invalid_values_are_422_naming_the_field(
    site: Site,
    map_id: int,
    path: str,
    data: dict[str, object],
    lang: str,
    words: tuple[str, ...],
) -> None:
    client, csrf = site.login("owner", **{"Accept-Language": lang})
    with site.state.sessions() as db:
        user = db.query(User).filter_by(username="owner").one()
        user.language = lang
        db.commit()
    m = exported(client, map_id)
    filled = path.format(opp=m.opportunities[0].id, step=m.steps[0].id, lp=m.listening_points[0].id)
    response = post(site, client, csrf, map_id, filled, data, htmx=True)
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text.replace("&#34;", '"').replace("&#39;", "'")  # type: ignore[attr-defined]
    for word in words:
        assert word in text
    assert site.revision(map_id) == 1


def test_stale_base_revision_is_a_conflict_for_every_edit(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    client, csrf = editor
    m = exported(client, map_id)
    step = m.steps[0].id
    post(site, client, csrf, map_id, f"/edit/step/{step}", {"name": "First"})
    for path, data in (
        (f"/edit/step/{step}", {"name": "Late"}),
        ("/new/persona", {"name": "Late"}),
        (f"/delete/step/{step}", {}),
        (f"/move/step/{step}", {"direction": "down"}),
        ("/order/step", {"order": [m.steps[1].id, step]}),
        ("/emotions", {f"emotion:{step}:{m.personas[0].id}": "1"}),
    ):
        response = client.post(
            f"/maps/{map_id}{path}",
            data={"csrf": csrf, "base_revision": "1", **data},
            headers={**HX, "X-Error-Target": "edit-error"},
        )
        assert response.status_code == 409, path
        assert response.headers["HX-Retarget"] == "#edit-error"
    assert site.revision(map_id) == 2


HOSTILE = (
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "</textarea><img src=x onerror=alert(1)>",
)


def test_hostile_text_in_every_new_field_is_escaped(
    site: Site, editor: tuple[TestClient, str], map_id: int
) -> None:
    """Each field gets one of the hostile texts in turn; none may appear raw anywhere."""
    client, csrf = editor
    m = exported(client, map_id)
    step = m.steps[0].id
    turn = iter(range(1000))

    def hostile() -> str:
        return f"{next(turn)}{HOSTILE[next(turn) % len(HOSTILE)]}"

    texts = {
        f.name: hostile()
        for f in editing.SECTIONS["step"].fields
        if f.kind in (editing.FieldKind.TEXT, editing.FieldKind.LONG_TEXT, editing.FieldKind.LINES)
    }
    rows: dict[str, object] = {
        "touchpoints.channel": ["web"],
        "irritants.severity": ["2"],
        "metrics.direction": ["higher_is_better"],
        "emotions.persona": [m.personas[0].id],
        "emotions.score": ["1"],
    }
    for name in [
        "touchpoints.name",
        "touchpoints.owner_team",
        "irritants.text",
        "enchantments.text",
        "data_collected.name",
        "data_collected.purpose",
        "data_collected.system",
        "stakeholders.name",
        "stakeholders.deliverable",
        "metrics.name",
        "metrics.unit",
        "metrics.source",
        "emotions.word",
        "emotions.reason",
    ]:
        rows[name] = [hostile()]
    rows["custom.regulation"] = hostile()
    saved = post(site, client, csrf, map_id, f"/edit/step/{step}", {**texts, **rows}, htmx=True)
    assert saved.status_code == 200  # type: ignore[attr-defined]
    for section, field in (("persona", "name"), ("opportunity", "title")):
        post(site, client, csrf, map_id, f"/new/{section}", {field: hostile()})
    added = {
        "step": step,
        "medium": "sms",
        "questions": hostile(),
        "target": hostile(),
        "timing": hostile(),
    }
    post(site, client, csrf, map_id, "/new/listening_point", added)
    m = exported(client, map_id)
    persona, opportunity = m.personas[-1].id, m.opportunities[-1].id
    lp = m.listening_points[-1].id
    refused = post(site, client, csrf, map_id, "/edit/opportunity/nope", {"title": hostile()})
    pages = [
        saved.text,  # type: ignore[attr-defined]
        refused.text,  # type: ignore[attr-defined]
        client.get(f"/maps/{map_id}").text,
        client.get(f"/maps/{map_id}/edit/step/{step}", headers=HX).text,
        client.get(f"/maps/{map_id}/edit/step/{step}").text,
        client.get(f"/maps/{map_id}/edit/persona/{persona}", headers=HX).text,
        client.get(f"/maps/{map_id}/edit/opportunity/{opportunity}", headers=HX).text,
        client.get(f"/maps/{map_id}/edit/listening_point/{lp}", headers=HX).text,
    ]
    for page in pages:
        for text in HOSTILE:
            assert text not in page
        assert "<script>alert" not in page and "<svg onload" not in page
        assert "<img src=x" not in page
