"""A map's drawing as its own resource, named by the revision it draws (issue 11, load).

The drawing of a big map is most of its page (557 KB of a 593 KB page for 40 steps and 12
lanes). The page shows it with an ``<img>`` whose URL names the map's revision and its
measurements, so a browser fetches each revision's drawing once and keeps it
(``immutable``), and a save does not draw: the new revision is drawn when first asked.

>>> drawing_version(7, ())
'7-0'
>>> drawing_version(7, (3, 5)) == drawing_version(7, (5, 3)) != drawing_version(7, (3,))
True
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session as DbSession

from parcours.render import View
from parcours.web import data, shared_cache
from parcours.web.memo import Memo
from parcours.web.tables import MapRecord, StoredSnapshot

DRAWING_HEADERS = {
    "Cache-Control": "private, max-age=31536000, immutable",
    # an SVG opened on its own is a document: no script, no fetch, only its own styles
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}
SVG_MEDIA_TYPE = "image/svg+xml"
_ETAGS = Memo[tuple[str, ...], str](64)
_GZIPPED = Memo[tuple[str, ...], bytes](64)
GZIP_LEVEL = 6


def drawing_version(revision: int, snapshot_ids: tuple[int, ...] | list[int]) -> str:
    """The revision and (a digest of) the stored measurements a drawing shows."""
    if not snapshot_ids:
        return f"{revision}-0"
    joined = ",".join(str(i) for i in sorted(snapshot_ids))
    return f"{revision}-{hashlib.sha256(joined.encode()).hexdigest()[:12]}"


def version_of(db: DbSession, record: MapRecord) -> str:
    """The version of ``record``'s drawings now (its revision and its snapshots)."""
    ids = list(db.scalars(_SNAPSHOT_IDS, {"map_id": record.id}))
    return drawing_version(record.revision, ids)


_SNAPSHOT_IDS = select(StoredSnapshot.id).where(StoredSnapshot.map_id == bindparam("map_id"))


def drawing_url(base: str, view: View, version: str, lang: str) -> str:
    """The URL of one view's drawing under ``base`` (``/maps/1`` or ``/s/<token>``).

    >>> drawing_url("/maps/3", View.MAP, "4-0", "en")
    '/maps/3/drawing/map.svg?rev=4-0&lang=en'
    """
    return f"{base}/drawing/{quote(view.value)}.svg?rev={quote(version)}&lang={quote(lang)}"


@dataclass(frozen=True)
class Drawing:
    """One drawing to send: its SVG bytes and its entity tag (and the same gzipped, made
    once per drawing: a 557 KB drawing is 42 KB gzipped, and every viewer fetches it)."""

    body: bytes
    etag: str
    key: tuple[str, ...] = ()

    def gzipped(self) -> bytes:
        """The SVG compressed with gzip (kept per drawing).

        >>> import gzip; gzip.decompress(Drawing(b"<svg/>", '"e"').gzipped())
        b'<svg/>'
        """
        if not self.key:
            return gzip.compress(self.body, GZIP_LEVEL, mtime=0)
        return _GZIPPED.get(self.key, lambda: gzip.compress(self.body, GZIP_LEVEL, mtime=0))

    def gzip_etag(self) -> str:
        """The entity tag of the gzipped body (another representation: another tag).

        >>> Drawing(b"", '"abc"').gzip_etag()
        '"abc-gzip"'
        """
        return self.etag[:-1] + '-gzip"'


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header takes gzip (and does not refuse it with q=0).

    >>> accepts_gzip("gzip, deflate, br"), accepts_gzip("identity"), accepts_gzip("gzip;q=0")
    (True, False, False)
    """
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            quality = params.replace(" ", "").removeprefix("q=")
            return not (params and quality.replace(".", "").strip("0") == "")
    return False


def drawing_of(db: DbSession, record: MapRecord, view: View, lang: str, version: str) -> Drawing:
    """The SVG of ``view`` of ``record`` (drawn once per revision, measurements, language)."""
    svg = data.measured_drawing(db, record, view, lang).encode("utf-8")
    key = (str(record.id), version, view.value, lang)
    etag = _ETAGS.get(key, lambda: '"' + hashlib.sha256(svg).hexdigest()[:32] + '"')
    drawing = Drawing(svg, etag, (database_of(db), *key, etag))
    _remember_ready(database_of(db), record.id, version, view, lang, drawing)
    return drawing


def _shared_name(where: str, map_id: int, version: str, view: str, lang: str) -> str:
    """The shared cache's name of a drawing made, by what its URL names (any process)."""
    return shared_cache.digest("ready", where, str(map_id), version, view, lang)


# ------------------------------------------------------------------ drawings already made
# A save makes a new revision, and every viewer's next page names its drawing: under a
# stream of saves each revision was drawn (a third of a second of CPU for 40 steps, seconds
# on the loaded machine) while every viewer waited for it. A page now names the newest
# drawing this process already has for the map; the current revision is drawn in the
# background (one drawing at a time per map, view and language: saves arriving meanwhile
# are drawn together, by the next page). The save's own response names the new revision.
READY_KEPT = 64
_READY = Memo[tuple[str, int, str, str, str], Drawing](READY_KEPT)
_NEWEST: dict[tuple[str, int, str, str], tuple[int, str]] = {}
_RUNNING: set[tuple[str, int, str, str]] = set()
_LOCK = threading.Lock()
_LOG = logging.getLogger(__name__)


def database_of(db: DbSession) -> str:
    """Which database ``db`` reads (maps are numbered per database)."""
    return str(db.get_bind().engine.url)


def _remember_ready(
    where: str, map_id: int, version: str, view: View, lang: str, drawing: Drawing
) -> None:
    _READY.put((where, map_id, version, view.value, lang), drawing)
    shared = _shared_name(where, map_id, version, view.value, lang)
    if not shared_cache.DRAWN.has(shared):  # for the other processes (a page there names it)
        shared_cache.DRAWN.write(shared, drawing.body)
    revision = int(version.split("-")[0])
    with _LOCK:
        newest = _NEWEST.get((where, map_id, view.value, lang))
        if newest is None or newest[0] <= revision:
            _NEWEST[(where, map_id, view.value, lang)] = (revision, version)


def ready_drawing(
    db: DbSession, map_id: int, version: str, view: View, lang: str
) -> Drawing | None:
    """The drawing of this version if this process or another made it (it is that version's,
    for ever): a page served by one process names a drawing that another may be asked for."""
    where = database_of(db)
    found = _READY.peek((where, map_id, version, view.value, lang))
    if found is not None:
        return found
    svg = shared_cache.DRAWN.read(_shared_name(where, map_id, version, view.value, lang))
    if svg is None:
        return None
    key = (str(map_id), version, view.value, lang)
    etag = _ETAGS.get(key, lambda: '"' + hashlib.sha256(svg).hexdigest()[:32] + '"')
    drawing = Drawing(svg, etag, (where, *key, etag))
    _remember_ready(where, map_id, version, view, lang, drawing)
    return drawing


def shown_version(
    db: DbSession,
    sessions: Callable[[], DbSession],
    map_id: int,
    view: View,
    lang: str,
    version: str,
) -> str:
    """The version a page names: ``version`` if drawn (or nothing is drawn yet: it is drawn
    when asked), else the newest drawn one while ``version`` is drawn in the background."""
    where = database_of(db)
    if (where, map_id, version, view.value, lang) in _READY or shared_cache.DRAWN.has(
        _shared_name(where, map_id, version, view.value, lang)
    ):
        return version  # drawn (here or by another process): sent from the shared cache
    with _LOCK:
        newest = _NEWEST.get((where, map_id, view.value, lang))
    if newest is None:
        return version
    _draw_in_background(sessions, where, map_id, view, lang)
    return newest[1]


def _draw_in_background(
    sessions: Callable[[], DbSession], where: str, map_id: int, view: View, lang: str
) -> None:
    key = (where, map_id, view.value, lang)
    with _LOCK:
        if key in _RUNNING:
            return
        _RUNNING.add(key)

    def draw() -> None:
        try:
            with sessions() as db:
                record = db.get(MapRecord, map_id)
                if record is not None and record.deleted_at is None:
                    drawing_of(db, record, view, lang, version_of(db, record))
        except Exception:  # a map that no longer parses: its page says so when asked
            _LOG.exception("drawing map %s in the background", map_id)
        finally:
            with _LOCK:
                _RUNNING.discard(key)

    threading.Thread(target=draw, name=f"parcours-draw-{map_id}", daemon=True).start()


def view_named(name: str, views: list[View]) -> View | None:
    """The view of ``views`` whose value is ``name`` (None when the map has no such view)."""
    return next((v for v in views if v.value == name), None)
