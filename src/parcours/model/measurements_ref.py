"""Where a map's measured snapshots live: a store beside the map, named in the map.

``parcours analyze`` keeps each snapshot out of the map document (which a person writes
and diffs), in a store beside it; the map only says where that store is and which
snapshot is the latest.
"""

from __future__ import annotations

from pydantic import Field

from parcours.model.base import ID_PATTERN, ElementId, Model

STORE_SUFFIX = ".measures"
"""Suffix of the default store folder: ``carte.yaml`` keeps its snapshots in
``carte.measures/``."""


class MeasurementsRef(Model):
    """The store of a map's snapshots and the latest one stored.

    >>> MeasurementsRef(store="carte.measures", latest="m-20261203-101500").store
    'carte.measures'
    """

    store: str = Field(pattern=ID_PATTERN, max_length=120)
    """Name of the store, beside the map file (a plain name, never a path: no ``/``, no
    ``..``)."""
    latest: ElementId | None = None
    """Id of the latest snapshot stored (for readers of the map; the store is the truth)."""
