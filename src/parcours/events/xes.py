"""A streaming reader for XES event logs (IEEE 1849), plain or gzipped.

The file is read with :func:`xml.etree.ElementTree.iterparse`, one trace at a time, so
large logs never sit whole in memory. Each event becomes a row: trace attributes become
``case:<key>`` columns (``case:concept:name`` is the case id), event attributes keep
their key (``concept:name``, ``time:timestamp``, ``lifecycle:transition``,
``org:resource``...). Values of ``string``, ``date``, ``int``, ``float``, ``boolean`` and
``id`` attributes are kept as written; nested (list/container) attributes and global
defaults are ignored.

>>> import io
>>> xml = b'''<log><trace><string key="concept:name" value="c1"/>
...   <event><string key="concept:name" value="Login"/>
...          <date key="time:timestamp" value="2024-01-01T10:00:00+01:00"/></event>
... </trace></log>'''
>>> row = next(iter_events(io.BytesIO(xml), "demo.xes"))
>>> row["case:concept:name"], row["concept:name"], row["time:timestamp"]
('c1', 'Login', '2024-01-01T10:00:00+01:00')
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from parcours.events.errors import EventLogError
from parcours.events.spool import Spool

ATTRIBUTES = frozenset({"string", "date", "int", "float", "boolean", "id"})
"""XES attribute elements whose value is read."""


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: str) -> str:
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = _LOCAL_NAMES[tag] = tag.rsplit("}", 1)[-1]
    return name


def _attributes(element: ET.Element, prefix: str = "") -> dict[str, str | None]:
    """The direct attribute children of ``element`` (nested ones are skipped)."""
    values: dict[str, str | None] = {}
    for child in element:
        if _local(child.tag) in ATTRIBUTES and "key" in child.attrib:
            values[prefix + child.attrib["key"]] = child.attrib.get("value")
    return values


def iter_events(stream: IO[bytes], label: str) -> Iterator[dict[str, str | None]]:
    """Yield one dict per event (trace attributes prefixed ``case:``), in file order.

    Only ``end`` parse events are handled: when an ``event`` closes its attribute
    children are still there; when a ``trace`` closes its own attributes are read, merged
    into its buffered events, and the trace is freed.
    """
    pending: list[dict[str, str | None]] = []
    try:
        for _, element in ET.iterparse(stream, events=("end",)):
            tag = _local(element.tag)
            if tag == "event":
                pending.append(_attributes(element))
                element.clear()
            elif tag == "trace":
                case = _attributes(element, "case:")
                for row in pending:
                    row.update(case)
                    yield row
                pending = []
                element.clear()
            elif tag == "log":
                yield from pending
    except ET.ParseError as exc:
        raise EventLogError("cannot_read", file=label, reason=f"XML: {exc}") from exc


def open_xes(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when it ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.GzipFile(path, "rb"))
    return path.open("rb")


def spool_xes(path: Path, spool: Spool) -> None:
    """Stream every event of the XES file ``path`` into ``spool``."""
    label = str(path)
    try:
        with open_xes(path) as stream:
            for row in iter_events(stream, label):
                spool.add(row)
    except (OSError, EOFError) as exc:
        raise EventLogError("cannot_read", file=label, reason=str(exc)) from exc
    spool.close()
