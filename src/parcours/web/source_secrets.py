"""Database URLs of data sources, encrypted at rest with a key kept outside the database.

A database source's URL holds its password (``postgresql+psycopg://user:password@host/db``).
The ``data_sources.url`` column keeps it sealed: ``fernet:`` followed by a Fernet token
(AES-128-CBC + HMAC-SHA256, ``cryptography``) of the whole URL. The key is never in the
database: it is the environment variable :data:`KEY_ENV` when set (a Fernet key, e.g. from
``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``),
else the file :data:`KEY_FILE` of the data folder, created on first use with permissions
0600. A copy of the database alone (a backup, a dump) then reveals no password; losing the
key makes the sources' URLs unreadable (give them again), nothing else.

Instead of the password itself, a URL may name an environment variable of the server that
holds it: ``postgresql+psycopg://ana:${PARCOURS_SOURCE_SALES}@db/sales``. Only names that
start with :data:`ENV_PREFIX` are read (a user must not be able to send the server's other
secrets, ``PARCOURS_SECRET_KEY`` or the admin password, to a database of theirs); the
variable is read when the source is opened (:func:`expand`), so the password is in neither
the database nor the key's reach.

Pages show the URL with its password masked (:func:`parcours.events.database.safe_url`); the
readers get the opened URL from :func:`parcours.web.data.source_location` only.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> sealed = seal("postgresql://ana:s3cret@db.example/sales", folder)
>>> sealed.startswith("fernet:") and "s3cret" not in sealed
True
>>> unseal(sealed, folder)
'postgresql://ana:s3cret@db.example/sales'
>>> oct((folder / KEY_FILE).stat().st_mode & 0o777)
'0o600'
>>> unseal("postgresql://ana@db.example/sales", folder)  # not sealed (yet): as it is
'postgresql://ana@db.example/sales'
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Engine, text

from parcours.i18n import Catalog
from parcours.web.errors import WebError

KEY_ENV = "PARCOURS_SECRET_KEY"
"""The environment variable that gives the key (it then wins over the key file)."""
KEY_FILE = "secret.key"
"""The key file in the data folder, created with permissions 0600 on first use."""
SEALED_PREFIX = "fernet:"
ENV_PREFIX = "PARCOURS_SOURCE_"
"""The only environment variables a source's URL may name (``${PARCOURS_SOURCE_…}``)."""
_REFERENCE = re.compile(r"\$\{([^}]*)\}")

MESSAGES = Catalog(
    {
        "bad_key": {
            "en": "The encryption key of database sources is not valid ({where}): it must be "
            "a Fernet key (44 characters of URL-safe base64).",
            "fr": "La clé de chiffrement des sources de base de données n'est pas valide "
            "({where}) : il faut une clé Fernet (44 caractères en base64 URL).",
        },
        "env_name": {
            "en": "'${{{name}}}': a database URL may only name environment variables that start "
            "with {prefix} (and are set on the server).",
            "fr": "« ${{{name}}} » : une URL de base de données ne peut nommer que des variables "
            "d'environnement qui commencent par {prefix} (et sont définies sur le serveur).",
        },
        "wrong_key": {
            "en": "The URL of this database source cannot be read with the server's key (the "
            "key changed or was lost): add the source again with its URL.",
            "fr": "L'URL de cette source de base de données ne peut pas être lue avec la clé "
            "du serveur (la clé a changé ou a été perdue) : ajoutez de nouveau la source "
            "avec son URL.",
        },
    }
)


class SourceSecretError(WebError):
    """A sealed URL that cannot be opened, or a key that is not one (FR/EN message)."""

    status = 422

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(self.key, lang, **self.params)


_LOCK = threading.Lock()
_KEYS: dict[str, tuple[tuple[int, int], MultiFernet]] = {}


def _ciphers(material: bytes, where: str) -> MultiFernet:
    """The keys of ``material``, one per line (or separated by commas): the first encrypts,
    every one decrypts (the older keys of a rotation)."""
    keys = [k for k in material.replace(b",", b"\n").split() if k.strip()]
    if not keys:
        raise SourceSecretError("bad_key", where=where)
    return MultiFernet([_fernet(k, where) for k in keys])


def _fernet(key: bytes, where: str) -> Fernet:
    try:
        return Fernet(key.strip())
    except (ValueError, TypeError):
        raise SourceSecretError("bad_key", where=where) from None


def key_of(data_dir: Path | None) -> MultiFernet:
    """The cipher of the server's keys: :data:`KEY_ENV`, else ``<data_dir>/secret.key``
    (created once, 0600; several processes starting at once agree on one key). Several
    keys (one per line, or separated by commas) are a rotation under way: the first
    encrypts, all decrypt (:func:`rotate_key`). A key file changed by a rotation is read
    again by every process."""
    given = os.environ.get(KEY_ENV, "").strip()
    if given:
        return _ciphers(given.encode("ascii", "replace"), KEY_ENV)
    if data_dir is None:
        raise SourceSecretError("bad_key", where=KEY_ENV)
    path = data_dir / KEY_FILE
    with _LOCK:
        if not path.is_file():
            _create_key_file(path)
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
        cached = _KEYS.get(str(path))
        if cached is not None and cached[0] == version:
            return cached[1]
        cipher = _ciphers(path.read_bytes(), str(path))
        _KEYS[str(path)] = (version, cipher)
        return cipher


def _create_key_file(path: Path) -> None:
    """Write a new key to ``path`` whole and 0600, unless another process just did."""
    with (
        _key_draft(path, Fernet.generate_key()) as draft,
        contextlib.suppress(FileExistsError),  # another process wrote it first
    ):
        os.link(draft, path)  # atomic, and never replaces a key


@contextlib.contextmanager
def _key_draft(path: Path, material: bytes) -> Iterator[Path]:
    """``material`` written whole and synced to a new 0600 file beside ``path`` (removed on
    exit: the caller links or moves it into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(material)
            handle.flush()
            os.fsync(handle.fileno())
        yield draft
    finally:
        draft.unlink(missing_ok=True)


def is_sealed(stored: str | None) -> bool:
    """Whether a stored URL is sealed.

    >>> is_sealed("fernet:gAAA…"), is_sealed("postgresql://u:p@h/d"), is_sealed(None)
    (True, False, False)
    """
    return bool(stored) and str(stored).startswith(SEALED_PREFIX)


def seal(url: str, data_dir: Path | None) -> str:
    """``url`` encrypted with the server's key, as stored in ``data_sources.url``."""
    return SEALED_PREFIX + key_of(data_dir).encrypt(url.encode("utf-8")).decode("ascii")


def unseal(stored: str, data_dir: Path | None) -> str:
    """The URL a stored value holds (a value not sealed is returned as it is)."""
    if not is_sealed(stored):
        return stored
    try:
        token = stored.removeprefix(SEALED_PREFIX).encode("ascii")
        return key_of(data_dir).decrypt(token).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise SourceSecretError("wrong_key") from None


def check_references(url: str) -> None:
    """Refuse a URL naming an environment variable that is not a source's, or is not set.

    >>> check_references("postgresql://ana:${PARCOURS_SECRET_KEY}@db/sales")
    Traceback (most recent call last):
    ...
    parcours.web.source_secrets.SourceSecretError: '${PARCOURS_SECRET_KEY}': a database URL may \
only name environment variables that start with PARCOURS_SOURCE_ (and are set on the server).
    """
    for name in _REFERENCE.findall(url):
        if not name.startswith(ENV_PREFIX) or name not in os.environ:
            raise SourceSecretError("env_name", name=name, prefix=ENV_PREFIX)


def expand(url: str) -> str:
    """``url`` with its ``${PARCOURS_SOURCE_…}`` references replaced by their values.

    >>> os.environ["PARCOURS_SOURCE_DOCTEST"] = "s3cret"
    >>> expand("postgresql://ana:${PARCOURS_SOURCE_DOCTEST}@db/sales")
    'postgresql://ana:s3cret@db/sales'
    >>> del os.environ["PARCOURS_SOURCE_DOCTEST"]
    """
    check_references(url)
    return _REFERENCE.sub(lambda found: os.environ[found.group(1)], url)


_SOURCE_URLS = "SELECT id, url FROM data_sources WHERE url LIKE 'fernet:%'"


def rotate_key(engine: Engine, data_dir: Path) -> int:
    """Seal every stored database URL under a new key; returns how many were sealed again.

    With the key file: a new key is written first, before the old one (both read), every
    URL is sealed again under the new key in one transaction, then the old key is
    removed; a crash at any point leaves every URL readable. With :data:`KEY_ENV`, the
    operator sets the new key first and the old one after it (``new,old``), runs this,
    then removes the old one. A URL that no key opens stays as it is
    (:class:`SourceSecretError` when it is read).
    """
    path = data_dir / KEY_FILE
    from_file = not os.environ.get(KEY_ENV, "").strip()
    if from_file:
        old = path.read_bytes().strip() if path.is_file() else b""
        _write_key_file(path, Fernet.generate_key() + (b"\n" + old if old else b""))
    cipher = key_of(data_dir)
    count = 0
    with engine.begin() as connection:
        for row_id, stored in connection.execute(text(_SOURCE_URLS)).all():
            token = str(stored).removeprefix(SEALED_PREFIX).encode("ascii")
            try:
                fresh = cipher.rotate(token)
            except InvalidToken:
                continue
            value = SEALED_PREFIX + fresh.decode("ascii")
            statement = text("UPDATE data_sources SET url = :url WHERE id = :id")
            connection.execute(statement, {"url": value, "id": row_id})
            count += 1
    if from_file:
        _write_key_file(path, path.read_bytes().split()[0])
    return count


def _write_key_file(path: Path, material: bytes) -> None:
    """Replace the key file atomically, 0600."""
    with _key_draft(path, material + b"\n") as draft:
        os.replace(draft, path)
