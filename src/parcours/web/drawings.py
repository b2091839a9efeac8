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
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from parcours.render import View
from parcours.web import data
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
    ids = list(db.scalars(select(StoredSnapshot.id).where(StoredSnapshot.map_id == record.id)))
    return drawing_version(record.revision, ids)


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
    return Drawing(svg, etag, (*key, etag))


def view_named(name: str, views: list[View]) -> View | None:
    """The view of ``views`` whose value is ``name`` (None when the map has no such view)."""
    return next((v for v in views if v.value == name), None)
