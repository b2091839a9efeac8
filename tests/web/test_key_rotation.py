"""``parcours rotate-key``: every sealed database URL under a new key, the old key gone, the
URLs still readable; with the key in the environment, ``new,old`` then the old one removed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.web.source_secrets import KEY_ENV, KEY_FILE, SEALED_PREFIX, seal, unseal
from parcours.web.tables import DataSource
from web.conftest import Site

URLS = ("postgresql://ana:s3cret@db/sales", "postgresql://bo:autre@db/crm")
runner = CliRunner()


def _sources(site: Site, urls: tuple[str, ...]) -> None:
    """Database sources of the bank map, sealed as the data page stores them."""
    data_dir = site.state.settings.data_dir
    with site.state.sessions() as db:
        for k, url in enumerate(urls):
            db.add(
                DataSource(
                    map_id=site.map_id,
                    kind="events",
                    display_name=f"db {k}",
                    url=seal(url, data_dir),
                    table_name="t",
                    size_bytes=0,
                    created_at=datetime.now(UTC),
                )
            )
        db.commit()


def _stored(site: Site) -> list[str]:
    with site.state.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT url FROM data_sources ORDER BY id")).all()
    return [str(url) for (url,) in rows]


def test_rotation_seals_every_url_under_a_new_key_file(sqlite_site: Site) -> None:
    data_dir = sqlite_site.state.settings.data_dir
    _sources(sqlite_site, URLS)
    before, old_key = _stored(sqlite_site), (data_dir / KEY_FILE).read_bytes().strip()
    result = runner.invoke(app, ["rotate-key", "--data", str(data_dir), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 database source URL(s) sealed again" in result.output
    after, new_key = _stored(sqlite_site), (data_dir / KEY_FILE).read_bytes().strip()
    assert new_key != old_key and b"\n" not in new_key  # the old key is gone from the file
    assert oct((data_dir / KEY_FILE).stat().st_mode & 0o777) == "0o600"
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert [unseal(url, data_dir) for url in after] == list(URLS)  # read back (new key)
    with pytest.raises(InvalidToken):  # the old key opens none of them
        Fernet(old_key).decrypt(after[0].removeprefix(SEALED_PREFIX).encode())


def test_rotation_with_the_key_in_the_environment(
    sqlite_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = sqlite_site.state.settings.data_dir
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv(KEY_ENV, old)
    _sources(sqlite_site, URLS[:1])
    monkeypatch.setenv(KEY_ENV, f"{new},{old}")  # the operator adds the new key first
    result = runner.invoke(app, ["rotate-key", "--data", str(data_dir), "--lang", "fr"])
    assert result.exit_code == 0 and "1 URL(s)" in result.output, result.output
    monkeypatch.setenv(KEY_ENV, new)  # then removes the old one
    assert [unseal(url, data_dir) for url in _stored(sqlite_site)] == list(URLS[:1])


def test_rotation_refuses_a_folder_without_the_app_data(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rotate-key", "--data", str(tmp_path / "nope"), "--lang", "fr"])
    assert result.exit_code == 2 and "parcours.db" in result.output
    assert not (tmp_path / "nope").exists()  # nothing created on a wrong folder
