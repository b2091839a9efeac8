"""What one server process computed, on disk for the others (``parcours serve --workers N``).

A map's 150 KB of YAML takes seconds to parse on a loaded machine, its drawing as long; each
worker process has its own memory caches (:mod:`parcours.web.memo`), so without this every
process would parse and draw each new revision again. The parsed map is kept as its JSON
(validated again when read: no pickle) and the drawing as its SVG, in ``<data>/cache/``,
named by a digest of what they were computed from. The folder is emptied when the server
starts (a new version of the code draws anew) and holds at most :data:`FILES_KEPT` files.

>>> import tempfile; from pathlib import Path
>>> cache = SharedCache("parsed")
>>> cache.read("k") is None  # no folder yet: nothing kept
True
>>> cache.use(Path(tempfile.mkdtemp()))
>>> cache.write("k", b"{}"); cache.read("k")
b'{}'
>>> cache.made("m", lambda: b"made once"), cache.made("m", lambda: b"not again")
(b'made once', b'made once')

:meth:`SharedCache.made` makes a missing file once for every process: the first to ask takes
a lock file beside it (``flock``), the others wait for that lock (no GIL held) and read what
the first wrote. A new revision's drawing is thus drawn once, not once per server process.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux: each process makes its own
    fcntl = None  # type: ignore[assignment]

from parcours.io.atomic import write_bytes_atomic

CACHE_FOLDER = "cache"
FILES_KEPT = 256
LOCK_SUFFIX = ".lock"


def digest(*parts: str) -> str:
    """A file name for what ``parts`` name (SHA-256).

    >>> len(digest("a", "b")), digest("a", "b") != digest("ab", "")
    (64, True)
    """
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8"))
        hashed.update(b"\0")
    return hashed.hexdigest()


class SharedCache:
    """Files of one kind under the data folder's ``cache/<kind>/`` (off until :meth:`use`)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.folder: Path | None = None

    def use(self, cache_folder: Path) -> None:
        """Keep the files under ``cache_folder/<kind>``."""
        self.folder = cache_folder / self.kind

    def read(self, key: str) -> bytes | None:
        """The bytes kept for ``key`` (None when absent or unreadable)."""
        if self.folder is None:
            return None
        try:
            return (self.folder / key).read_bytes()
        except OSError:
            return None

    def has(self, key: str) -> bool:
        """Whether a file is kept for ``key`` (not read)."""
        return self.folder is not None and (self.folder / key).is_file()

    def write(self, key: str, data: bytes) -> None:
        """Keep ``data`` for ``key`` (atomically; a failure only loses the shortcut)."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self.folder / key, data)
            self._prune()

    def made(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes kept for ``key``, else made by ``make`` and kept, by one process at a
        time: the others wait for it and read its result (see the module docstring)."""
        kept = self.read(key)
        if kept is not None:
            return kept
        if self.folder is None or fcntl is None:
            data = make()
            self.write(key, data)
            return data
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = (self.folder / (key + LOCK_SUFFIX)).open("ab")
        except OSError:
            return make()
        with lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # released when the file is closed
            kept = self.read(key)  # made by the process that held the lock
            if kept is not None:
                return kept
            data = make()
            self.write(key, data)
            return data

    def _prune(self) -> None:
        assert self.folder is not None
        files = [
            p for p in self.folder.iterdir() if p.is_file() and not p.name.endswith(LOCK_SUFFIX)
        ]
        if len(files) <= FILES_KEPT:
            return
        files.sort(key=lambda p: p.stat().st_mtime)
        for old in files[: len(files) - FILES_KEPT]:
            with contextlib.suppress(OSError):
                old.unlink()
                # a process may still hold this lock: at worst, two make the same file again
                old.with_name(old.name + LOCK_SUFFIX).unlink(missing_ok=True)


PARSED = SharedCache("parsed")
DRAWN = SharedCache("drawings")


def use_data_folder(data_dir: Path, *, empty: bool) -> None:
    """Keep the shared caches in ``data_dir/cache`` (emptied first with ``empty``)."""
    folder = data_dir / CACHE_FOLDER
    if empty:
        shutil.rmtree(folder, ignore_errors=True)
    for cache in (PARSED, DRAWN):
        cache.use(folder)
