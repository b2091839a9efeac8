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
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from pathlib import Path

from parcours.io.atomic import write_bytes_atomic

CACHE_FOLDER = "cache"
FILES_KEPT = 256


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

    def write(self, key: str, data: bytes) -> None:
        """Keep ``data`` for ``key`` (atomically; a failure only loses the shortcut)."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self.folder / key, data)
            self._prune()

    def _prune(self) -> None:
        assert self.folder is not None
        files = [p for p in self.folder.iterdir() if p.is_file()]
        if len(files) <= FILES_KEPT:
            return
        files.sort(key=lambda p: p.stat().st_mtime)
        for old in files[: len(files) - FILES_KEPT]:
            with contextlib.suppress(OSError):
                old.unlink()


PARSED = SharedCache("parsed")
DRAWN = SharedCache("drawings")


def use_data_folder(data_dir: Path, *, empty: bool) -> None:
    """Keep the shared caches in ``data_dir/cache`` (emptied first with ``empty``)."""
    folder = data_dir / CACHE_FOLDER
    if empty:
        shutil.rmtree(folder, ignore_errors=True)
    for cache in (PARSED, DRAWN):
        cache.use(folder)
