"""The JSON API's history (a revision's document, diff, restore), comments (add, list,
resolve, reopen, mentions), library (rename, duplicate, trash and restore) and drawings of
every view, on a small map (quick to parse and write)."""

from __future__ import annotations

import copy

from web.conftest import Site
from web.test_api import SMALL_MAP, bearer, token_for

API = "/api/v1"


def test_history_comments_library_views_and_their_description(sqlite_site: Site) -> None:
    site, client = sqlite_site, sqlite_site.client()
    editor = bearer(token_for(site, "editor"))
    viewer = bearer(token_for(site, "viewer"), "fr")
    created = client.post(
        f"{API}/workspaces/{site.workspace_id}/maps", json={"document": SMALL_MAP}, headers=editor
    )
    assert created.status_code == 201, created.text
    map_id = created.json()["id"]
    base = f"{API}/maps/{map_id}"
    changed = copy.deepcopy(SMALL_MAP)
    changed["steps"][0]["name"] = "Sees an advert <b>on the metro</b>"
    changed["steps"].append({"id": "s-open", "name": "Opens the account"})
    saved = client.put(
        f"{base}/document", json={"base_revision": 1, "document": changed}, headers=editor
    )
    assert saved.status_code == 200 and saved.json()["revision"] == 2

    # history: a revision's document, the per-element diff, restore as a new revision
    first = client.get(f"{base}/revisions/1/document", headers=viewer).json()
    assert first["steps"][0]["name"] == "Sees an advert"
    assert client.get(f"{base}/revisions/9/document", headers=viewer).status_code == 404
    diff = client.get(f"{base}/diff", headers=viewer).json()  # default: 1 → 2
    assert (diff["old"], diff["new"]) == (1, 2)
    kinds = {(c["section"], c["kind"], c["element_id"]) for c in diff["changes"]}
    assert ("steps", "added", "s-open") in kinds and ("steps", "changed", "s-see-ad") in kinds
    renamed = next(c for c in diff["changes"] if c["element_id"] == "s-see-ad")
    assert renamed["fields"] == [
        {"field": "name", "old": "Sees an advert", "new": "Sees an advert <b>on the metro</b>"}
    ]
    assert "+  - id: s-open" in diff["text"] or "s-open" in diff["text"]
    assert client.post(f"{base}/revisions/1/restore", headers=viewer).status_code == 403
    restored = client.post(f"{base}/revisions/1/restore", headers=editor)
    assert restored.status_code == 200 and restored.json()["revision"] == 3
    now = client.get(f"{base}/document", headers=editor).json()
    assert [s["id"] for s in now["steps"]] == ["s-see-ad", "s-compare"]

    # comments: any member adds, editors resolve and reopen; mentions of members only
    added = client.post(
        f"{base}/comments",
        json={"step": "s-compare", "body": "@editor check <script>x</script> @nobody"},
        headers=viewer,
    )
    assert added.status_code == 201, added.text
    comment = added.json()
    assert comment["mentions"] == ["editor"] and comment["author"] == "viewer"
    assert comment["body"] == "@editor check <script>x</script> @nobody"  # JSON: as written
    assert comment["step_name"] == "Compares offers" and not comment["resolved"]
    nowhere = client.post(f"{base}/comments", json={"step": "s-x", "body": "?"}, headers=viewer)
    assert nowhere.status_code == 422
    listed = client.get(f"{base}/comments", headers=viewer).json()
    assert [c["id"] for c in listed] == [comment["id"]]
    url = f"{base}/comments/{comment['id']}"
    assert client.patch(url, json={"resolved": True}, headers=viewer).status_code == 403
    resolved = client.patch(url, json={"resolved": True}, headers=editor).json()
    assert resolved["resolved"] and resolved["resolved_at"] is not None
    reopened = client.patch(url, json={"resolved": False}, headers=editor).json()
    assert not reopened["resolved"]
    mentions = client.get(f"{API}/workspaces/{site.workspace_id}/mentions", headers=editor)
    assert [c["id"] for c in mentions.json()] == [comment["id"]]

    # library: rename (conflict-checked), duplicate, trash and restore
    stale = client.patch(base, json={"title": "New", "base_revision": 1}, headers=editor)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    title = client.patch(base, json={"title": "Open it", "base_revision": 3}, headers=editor)
    assert title.status_code == 200 and title.json()["title"] == "Open it"
    copy_of = client.post(f"{base}/duplicate", headers=bearer(token_for(site, "owner"), "fr"))
    assert copy_of.status_code == 201 and copy_of.json()["title"] == "Open it (copie)"
    assert client.delete(base, headers=editor).status_code == 204
    trash = client.get(f"{API}/workspaces/{site.workspace_id}/trash", headers=viewer).json()
    assert [m["id"] for m in trash] == [map_id] and trash[0]["deleted_at"] is not None
    assert client.get(f"{base}/comments", headers=viewer).status_code == 404  # in the trash
    assert client.post(f"{base}/restore", headers=viewer).status_code == 403
    back = client.post(f"{base}/restore", headers=editor)
    assert back.status_code == 200 and back.json()["revision"] == 4
    assert client.get(f"{API}/workspaces/{site.workspace_id}/trash", headers=viewer).json() == []
    outsider = bearer(token_for(site, "outsider"))
    assert client.post(f"{base}/restore", headers=outsider).status_code == 404

    # every view's drawing, in the caller's language
    views = client.get(f"{base}/views", headers=viewer).json()
    assert [v["view"] for v in views][:2] == ["map", "experience"]
    assert views[0]["heading"] and views[0]["url"] == f"{base}/views/map.svg"
    for view in views:
        drawn = client.get(view["url"], headers=viewer)
        assert drawn.status_code == 200, view
        assert drawn.headers["content-type"].startswith("image/svg+xml")
        assert "<script" not in drawn.text and "&lt;b&gt;" not in drawn.text  # restored: r1
    assert client.get(f"{base}/views/funnel.svg", headers=viewer).status_code == 404  # unmeasured

    # the OpenAPI description has them all (the upload as multipart)
    spec = client.get(f"{API}/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/maps/{map_id}/sources/upload",
        "/maps/{map_id}/sources/{source_id}/mapping",
        "/maps/{map_id}/jobs/{job_id}",
        "/maps/{map_id}/snapshots/{snapshot_id}/report",
        "/maps/{map_id}/diff",
        "/maps/{map_id}/comments/{comment_id}",
        "/workspaces/{workspace_id}/trash",
        "/maps/{map_id}/views/{view}.svg",
    ):
        assert API + path in paths, path
    upload = paths[f"{API}/maps/{{map_id}}/sources/upload"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert set(paths[f"{API}/maps/{{map_id}}/sources/{{source_id}}/mapping"]) == {"get", "put"}
