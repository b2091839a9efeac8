"""Undo, redo and conflicts of map editing are storage semantics: on SQLite and PostgreSQL."""

from __future__ import annotations

from parcours.web import maps
from web.conftest import Site


def test_undo_redo_and_a_stale_page_on_each_database(site: Site) -> None:
    client, csrf = site.login("editor")
    url = f"/maps/{site.map_id}"

    def name() -> str:
        text = client.get(f"{url}/export/yaml").text
        return maps.journey_in(text, "yaml").step(site.first_step).name

    original = name()
    edit = {"csrf": csrf, "base_revision": "1", "name": "Edited"}
    assert client.post(f"{url}/edit/step/{site.first_step}", data=edit).status_code == 200
    assert name() == "Edited" and site.revision() == 2
    stale = client.post(f"{url}/undo", data={"csrf": csrf, "base_revision": "1"})
    assert stale.status_code == 409 and site.revision() == 2
    client.post(f"{url}/undo", data={"csrf": csrf, "base_revision": "2"})
    assert name() == original and site.revision() == 3
    client.post(f"{url}/redo", data={"csrf": csrf, "base_revision": "3"})
    assert name() == "Edited" and site.revision() == 4
