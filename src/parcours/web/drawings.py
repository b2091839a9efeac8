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
    """One drawing to send: its SVG bytes and its entity tag."""

    body: bytes
    etag: str


def drawing_of(db: DbSession, record: MapRecord, view: View, lang: str, version: str) -> Drawing:
    """The SVG of ``view`` of ``record`` (drawn once per revision, measurements, language)."""
    svg = data.measured_drawing(db, record, view, lang).encode("utf-8")
    key = (str(record.id), version, view.value, lang)
    etag = _ETAGS.get(key, lambda: '"' + hashlib.sha256(svg).hexdigest()[:32] + '"')
    return Drawing(svg, etag)


def view_named(name: str, views: list[View]) -> View | None:
    """The view of ``views`` whose value is ``name`` (None when the map has no such view)."""
    return next((v for v in views if v.value == name), None)
