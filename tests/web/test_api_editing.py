"""The JSON API's element-level edits (the map page's edit functions fed with JSON), workspace
members, and a new map from an uploaded map file, on a small map."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from web.conftest import Site, module_site
from web.test_api import SMALL_MAP, bearer, token_for

API = "/api/v1"


@pytest.fixture(scope="module")
def edits_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the module: the edits go to a map of their own, the members test puts
    the workspace's members back, the admin test makes a workspace apart."""
    with module_site(tmp_path_factory, "api-editing") as built:
        yield built


def test_element_edits_undo_redo_and_conflicts(edits_site: Site) -> None:
    site, client = edits_site, edits_site.client()
    editor = bearer(token_for(site, "editor"))
    created = client.post(
        f"{API}/workspaces/{site.workspace_id}/maps", json={"document": SMALL_MAP}, headers=editor
    )
    map_id = created.json()["id"]
    base = f"{API}/maps/{map_id}"
    sections = {s["name"]: s for s in client.get(f"{API}/sections", headers=editor).json()}
    assert {"step", "phase", "persona", "opportunity"} <= set(sections)
    assert "touchpoints" in [r["name"] for r in sections["step"]["rows"]]

    url = f"{base}/elements/step/s-compare"
    before = client.get(url, headers=editor).json()
    assert before["name"] == "Compares offers" and before["rows"]["touchpoints"] == []
    changed = client.patch(
        url,
        json={
            "base_revision": 1,
            "fields": {
                "moment_of_truth": True,
                "actions": ["Reads the fees", "Asks a friend"],
                "touchpoints": [{"channel": "web", "name": "Fees page"}],
                "emotions": [{"persona": "p-lea", "score": -1}],
            },
        },
        headers=editor,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["changed"] and changed.json()["map"]["revision"] == 2
    step = client.get(f"{base}/document", headers=editor).json()["steps"][1]
    assert step["name"] == "Compares offers"  # not named: kept
    assert step["moment_of_truth"] is True
    assert step["actions"] == ["Reads the fees", "Asks a friend"]
    assert [t["name"] for t in step["touchpoints"]] == ["Fees page"]
    assert step["emotions"][0]["score"] == -1
    same = client.patch(
        url, json={"base_revision": 2, "fields": {"moment_of_truth": True}}, headers=editor
    )
    assert same.json() == {**same.json(), "changed": False}  # no new revision
    assert same.json()["map"]["revision"] == 2

    stale = client.patch(url, json={"base_revision": 1, "fields": {"name": "X"}}, headers=editor)
    assert stale.status_code == 409
    invalid = client.patch(
        url,
        json={"base_revision": 2, "fields": {"role": "sometimes"}},
        headers={**editor, "Accept-Language": "fr"},
    )
    assert invalid.status_code == 422
    assert "s-compare" in invalid.json()["error"]["message"]
    unknown = client.patch(
        url, json={"base_revision": 2, "fields": {"colour": "red"}}, headers=editor
    )
    assert unknown.status_code == 422 and "colour" in unknown.json()["error"]["message"]
    missing = client.patch(
        f"{base}/elements/step/s-none", json={"base_revision": 2, "fields": {}}, headers=editor
    )
    assert missing.status_code == 422 and "s-none" in missing.json()["error"]["message"]
    assert client.get(f"{base}/elements/nothing/x", headers=editor).status_code == 404

    added = client.post(
        f"{base}/elements/step",
        json={"base_revision": 2, "fields": {"name": "Opens the account"}, "after": "s-see-ad"},
        headers=editor,
    )
    assert added.status_code == 201, added.text
    new_id = added.json()["element_id"]
    ids = [s["id"] for s in client.get(f"{base}/document", headers=editor).json()["steps"]]
    assert ids == ["s-see-ad", new_id, "s-compare"]
    order = client.put(
        f"{base}/order/step",
        json={"base_revision": 3, "order": ["s-compare", "s-see-ad"]},
        headers=editor,
    )
    assert order.status_code == 200 and order.json()["map"]["revision"] == 4
    ids = [s["id"] for s in client.get(f"{base}/document", headers=editor).json()["steps"]]
    assert ids == ["s-compare", new_id, "s-see-ad"]
    assert (
        client.put(
            f"{base}/order/persona", json={"base_revision": 4, "order": []}, headers=editor
        ).status_code
        == 404
    )  # personas are not ordered
    moods = client.put(
        f"{base}/emotions",
        json={"base_revision": 4, "scores": [{"step": "s-see-ad", "persona": "p-lea", "score": 2}]},
        headers=editor,
    )
    assert moods.status_code == 200 and moods.json()["map"]["revision"] == 5
    deleted = client.delete(f"{base}/elements/step/{new_id}?base_revision=5", headers=editor)
    assert deleted.status_code == 200 and deleted.json()["map"]["revision"] == 6
    undone = client.post(f"{base}/undo", json={"base_revision": 6}, headers=editor)
    assert undone.json()["changed"] and undone.json()["map"]["revision"] == 7
    assert new_id in [
        s["id"] for s in client.get(f"{base}/document", headers=editor).json()["steps"]
    ]
    redone = client.post(f"{base}/redo", json={"base_revision": 7}, headers=editor)
    assert redone.json()["changed"] and redone.json()["map"]["revision"] == 8
    nothing = client.post(f"{base}/redo", json={"base_revision": 8}, headers=editor)
    assert nothing.status_code == 200 and not nothing.json()["changed"]
    viewer = bearer(token_for(site, "viewer"))
    assert client.get(url, headers=viewer).status_code == 403
    assert client.post(f"{base}/undo", json={"base_revision": 8}, headers=viewer).status_code == 403


def test_members_and_map_files(edits_site: Site) -> None:
    site, client = edits_site, edits_site.client()
    owner = bearer(token_for(site, "owner"), "fr")
    url = f"{API}/workspaces/{site.workspace_id}/members"
    listed = {m["username"]: m["role"] for m in client.get(url, headers=owner).json()}
    assert listed == {"owner": "owner", "editor": "editor", "viewer": "viewer"}
    added = client.put(f"{url}/outsider", json={"role": "viewer"}, headers=owner)
    assert added.status_code == 200
    assert {m["username"] for m in added.json()} == {"owner", "editor", "viewer", "outsider"}
    assert client.delete(f"{url}/outsider", headers=owner).status_code == 204
    last = client.put(f"{url}/owner", json={"role": "editor"}, headers=owner)
    assert last.status_code == 422 and set(last.json()["error"]) == {"code", "message"}
    nobody = client.put(f"{url}/nobody", json={"role": "viewer"}, headers=owner)
    assert nobody.status_code == 422 and nobody.json()["error"]["code"] == "refused"
    assert nobody.json()["error"]["message"].startswith("Il n'y a pas de compte nommé « nobody »")
    editor = bearer(token_for(site, "editor"))
    assert client.get(url, headers=editor).status_code == 403

    upload = f"{API}/workspaces/{site.workspace_id}/maps/upload"
    text = b"journey:\n  title: Uploaded\nsteps:\n  - id: s1\n    name: Visit\n"
    made = client.post(upload, files={"file": ("carte.yaml", text)}, headers=editor)
    assert made.status_code == 201, made.text
    assert made.json()["title"] == "Uploaded"
    excel = client.get(f"{API}/maps/{made.json()['id']}/export/xlsx", headers=editor).content
    from_excel = client.post(upload, files={"file": ("carte.xlsx", excel)}, headers=editor)
    assert from_excel.status_code == 201 and from_excel.json()["title"] == "Uploaded"
    broken = client.post(
        upload,
        files={"file": ("carte.yaml", b"steps: 3\n")},
        headers={**editor, "Accept-Language": "fr"},
    )
    assert broken.status_code == 422 and "carte.yaml" in broken.json()["error"]["message"]
    none = client.post(upload, data={"x": "1"}, headers=editor)
    assert none.status_code == 422
    viewer = bearer(token_for(site, "viewer"))
    assert client.post(upload, files={"file": ("c.yaml", text)}, headers=viewer).status_code == 403


def test_me_language_and_the_admin_routes(edits_site: Site) -> None:
    site, client = edits_site, edits_site.client()
    viewer = bearer(token_for(site, "viewer"))
    assert client.get(f"{API}/me", headers=viewer).json()["username"] == "viewer"
    chosen = client.put(f"{API}/me/language", json={"language": "fr"}, headers=viewer)
    assert chosen.status_code == 200 and chosen.json()["language"] == "fr"
    assert (
        client.put(f"{API}/me/language", json={"language": "de"}, headers=viewer).status_code == 422
    )
    assert client.get(f"{API}/admin/users", headers=viewer).status_code == 403
    admin = bearer(token_for(site, "admin"))
    made = client.post(
        f"{API}/admin/users",
        json={"username": "nadia", "password": "a long enough password"},
        headers=admin,
    )
    assert made.status_code == 201 and made.json()["username"] == "nadia"
    assert "password" not in made.text
    again = client.post(
        f"{API}/admin/users",
        json={"username": "nadia", "password": "a long enough password"},
        headers=admin,
    )
    assert again.status_code == 422 and again.json()["error"]["code"] == "refused"
    assert "nadia" in [
        u["username"] for u in client.get(f"{API}/admin/users", headers=admin).json()
    ]
    space = client.post(
        f"{API}/admin/workspaces", json={"name": "Marketing", "owner": "nadia"}, headers=admin
    )
    assert space.status_code == 201, space.text
    listed = client.get(f"{API}/admin/workspaces", headers=admin).json()
    assert "Marketing" in [w["name"] for w in listed]
    nadia = bearer(token_for(site, "nadia"))
    assert client.get(f"{API}/workspaces", headers=nadia).json() == [
        {"id": space.json()["id"], "name": "Marketing", "role": "owner"}
    ]
