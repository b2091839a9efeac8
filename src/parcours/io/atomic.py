"""Atomic writes and map locks: a file is either fully replaced or left untouched.

The content goes to a temporary file in the same directory, is flushed to disk, then
renamed over the target with :func:`os.replace` (atomic on POSIX and Windows).

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "map.yaml"
>>> write_text_atomic(target, "journey:\\n  title: Démo\\n")
>>> target.read_text(encoding="utf-8").splitlines()[1]
'  title: Démo'

:func:`locked` keeps two parcours processes from changing one file at once (read,
compute, write): the second waits, then gives up with :class:`FileLockedError`.

>>> with locked(target) as lock:
...     lock.name
'.map.yaml.lock'
>>> lock.exists()
False
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from parcours.errors import ParcoursError
from parcours.i18n import Catalog

if sys.platform != "win32":
    import fcntl

LOCK_WAIT_SECONDS = 60.0
"""How long :func:`locked` waits for another process to release a file."""
STALE_LOCK_SECONDS = 12 * 3600.0
"""Without ``fcntl`` (Windows), a lock file older than this, or left by a process of this
machine that no longer runs, is stale and taken over."""

MESSAGES = Catalog(
    {
        "locked": {
            "en": "{path} is being changed by another parcours ({owner}); nothing was "
            "written. Wait for it to finish and run the command again. If no parcours is "
            "running, delete {lock}.",
            "fr": "{path} est en cours de modification par un autre parcours ({owner}) ; rien "
            "n'a été écrit. Attendez qu'il se termine et relancez la commande. Si aucun "
            "parcours ne tourne, supprimez {lock}.",
        },
        "owner": {"en": "process {pid} on {host}", "fr": "processus {pid} sur {host}"},
        "unknown_owner": {"en": "unknown process", "fr": "processus inconnu"},
        "cannot_write": {
            "en": "{path}: cannot write this file ({reason}).",
            "fr": "{path} : impossible d'écrire ce fichier ({reason}).",
        },
    }
)


class FileLockedError(ParcoursError):
    """Another process holds the lock of a file parcours was about to change."""

    def __init__(self, path: Path, lock: Path, owner: str) -> None:
        super().__init__(f"{path} is locked by {owner or 'another process'} ({lock})")
        self.path, self.lock, self.owner = path, lock, owner

    def message(self, lang: str = "en") -> str:
        pid, _, host = self.owner.partition(" ")
        owner = (
            MESSAGES.text("owner", lang, pid=pid, host=host.split(" ")[0])
            if pid.isdigit()
            else MESSAGES.text("unknown_owner", lang)
        )
        return MESSAGES.text("locked", lang, path=self.path, owner=owner, lock=self.lock)


class WriteError(ParcoursError):
    """A file that cannot be written (missing folder, permissions...), named by the target,
    never by the temporary file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text("cannot_write", lang, path=self.path, reason=self.reason)


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically (``\\n`` line ends)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically."""
    with atomic_path(path) as temporary, open(temporary, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path to write to; on success it replaces ``path``, else it is removed.

    A new file gets the usual permissions (umask applied); a replaced one keeps its own.
    A symbolic link is written through: the file it points to is replaced, the link stays.
    A folder that does not exist or cannot be written is a :class:`WriteError` naming
    ``path``.
    """
    target = _through_links(Path(path))
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
    except OSError as exc:
        raise WriteError(target, exc.strerror or type(exc).__name__) from None
    os.close(descriptor)
    try:
        yield temporary
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        os.replace(temporary, target)
    except IsADirectoryError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise WriteError(target, exc.strerror or "is a directory") from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _through_links(path: Path) -> Path:
    if not path.is_symlink():
        return path
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError):  # a link loop: let the write fail on the link itself
        return path


def lock_path(path: str | Path) -> Path:
    """The lock file of ``path``: ``.NAME.lock`` beside it.

    >>> lock_path("maps/carte.yaml").as_posix()
    'maps/.carte.yaml.lock'
    """
    target = Path(path)
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def locked(path: str | Path, *, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[Path]:
    """Hold the lock of ``path`` for the block: other parcours processes wait for it.

    With ``fcntl`` (Linux, macOS) the lock is the kernel's and vanishes with its process;
    elsewhere it is the exclusive creation of the lock file, with a stale-lock rule
    (:data:`STALE_LOCK_SECONDS`, or a dead process of this machine). Raises
    :class:`FileLockedError` after ``wait_seconds``.
    """
    target = _through_links(Path(path))  # one lock whatever link names the file
    lock = lock_path(target)
    deadline = time.monotonic() + wait_seconds
    if sys.platform == "win32":  # pragma: no cover
        descriptor = _create_lock(target, lock, deadline)
        release = _release_created
    else:
        descriptor = _flock(target, lock, deadline)
        release = _release_flocked
    try:
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()} {socket.gethostname()} {time.time():.0f}\n".encode())
        yield lock
    finally:
        release(lock, descriptor)


def _flock(target: Path, lock: Path, deadline: float) -> int:
    while True:
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as exc:
            raise WriteError(lock, exc.strerror or type(exc).__name__) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            _wait_or_refuse(target, lock, deadline)
            continue
        # The holder before us may have deleted the file it locked: ours must be the one
        # the path names now, else start again.
        try:
            same = os.stat(lock).st_ino == os.fstat(descriptor).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return descriptor
        os.close(descriptor)


def _release_flocked(lock: Path, descriptor: int) -> None:
    with contextlib.suppress(OSError):
        lock.unlink()  # while still holding it, so no one locks a deleted file for good
    os.close(descriptor)


def _create_lock(target: Path, lock: Path, deadline: float) -> int:  # pragma: no cover
    while True:
        try:
            return os.open(lock, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
        except FileExistsError:
            if _stale(lock):
                with contextlib.suppress(OSError):
                    lock.unlink()
                continue
            _wait_or_refuse(target, lock, deadline)
        except OSError as exc:
            raise WriteError(lock, exc.strerror or type(exc).__name__) from None


def _release_created(lock: Path, descriptor: int) -> None:  # pragma: no cover
    os.close(descriptor)
    with contextlib.suppress(OSError):
        lock.unlink()


def _stale(lock: Path) -> bool:  # pragma: no cover - Windows
    try:
        pid, host, _ = (_owner(lock) + "  ").split(" ", 2)
        age_seconds = time.time() - lock.stat().st_mtime
    except OSError:
        return False
    if age_seconds > STALE_LOCK_SECONDS:
        return True
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _owner(lock: Path) -> str:
    try:
        return lock.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _wait_or_refuse(target: Path, lock: Path, deadline: float) -> None:
    if time.monotonic() >= deadline:
        raise FileLockedError(target, lock, _owner(lock))
    time.sleep(0.05)
