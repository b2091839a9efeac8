"""A streaming reader for XES event logs (IEEE 1849), plain or gzipped.

The file is read with :func:`xml.etree.ElementTree.iterparse` one *event* at a time:
each element is freed as soon as it is read, so memory stays bounded however long a
trace is (a trace of three million events costs what a trace of three does). Each
event becomes a row of the events spool, tagged with the number of its trace; each
trace's own attributes become one row of a traces spool; the two are joined by DuckDB
when the log is read back. Trace attributes become ``case:<key>`` columns
(``case:concept:name`` is the case id), event attributes keep their key
(``concept:name``, ``time:timestamp``, ``lifecycle:transition``, ``org:resource``...).
Values of ``string``, ``date``, ``int``, ``float``, ``boolean`` and ``id`` attributes are
kept as written; nested (list/container) attributes and global defaults are ignored.

>>> import io
>>> xml = b'''<log><trace><string key="concept:name" value="c1"/>
...   <event><string key="concept:name" value="Login"/>
...          <date key="time:timestamp" value="2024-01-01T10:00:00+01:00"/></event>
... </trace></log>'''
>>> for kind, row in iter_xes(io.BytesIO(xml), "demo.xes"):
...     print(kind, row)
event {'concept:name': 'Login', 'time:timestamp': '2024-01-01T10:00:00+01:00', '__xes_trace': '1'}
trace {'case:concept:name': 'c1', '__xes_trace': '1'}
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from parcours.events.canonical import ROW, quote
from parcours.events.errors import EventLogError, Translated
from parcours.events.spool import Spool

ATTRIBUTES = frozenset({"string", "date", "int", "float", "boolean", "id"})
"""XES attribute elements whose value is read."""

TRACE = "__xes_trace"
"""Column joining an event row to the row of its trace (the trace's number, from 1)."""

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


def iter_xes(stream: IO[bytes], label: str) -> Iterator[tuple[str, dict[str, str | None]]]:
    """Yield ``("event", row)`` for each event and ``("trace", row)`` when a trace closes.

    Rows of a trace's events and the trace's own row share the ``__xes_trace`` value;
    events outside any trace have none. Every element is removed from its parent once
    read, so neither a long trace nor a long log accumulates in memory.
    """
    depth = 0  # elements open, the one just started or ended included
    log: ET.Element | None = None
    top: ET.Element | None = None  # the open child of <log> (a trace, usually)
    top_is_trace = False
    trace_number = 0
    case: dict[str, str | None] = {}
    try:
        for action, element in ET.iterparse(stream, events=("start", "end")):
            if action == "start":
                depth += 1
                if depth == 2:
                    top, top_is_trace = element, _local(element.tag) == "trace"
                    if top_is_trace:
                        trace_number += 1
                        case = {}
                elif depth == 1:
                    log = element
                continue
            level, depth = depth, depth - 1
            if level == 3 and top is not None:  # a child of a trace
                if top_is_trace:
                    tag = _local(element.tag)
                    if tag == "event":
                        yield "event", {**_attributes(element), TRACE: str(trace_number)}
                    elif tag in ATTRIBUTES and "key" in element.attrib:
                        case["case:" + element.attrib["key"]] = element.attrib.get("value")
                top.remove(element)  # read: free it and all it holds
            elif level == 2 and log is not None:  # a child of the log
                tag = _local(element.tag)
                if tag == "event":
                    yield "event", _attributes(element)
                elif tag == "trace":
                    yield "trace", {**case, TRACE: str(trace_number)}
                log.remove(element)
    except ET.ParseError as exc:
        raise EventLogError("cannot_read", file=label, reason=f"XML: {exc}") from exc


def open_xes(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when it ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.GzipFile(path, "rb"))
    return path.open("rb")


def spool_xes(path: Path, events: Spool, traces: Spool) -> str:
    """Stream the XES file ``path`` into two spools; the DuckDB SQL reading the log back.

    Raises :class:`~parcours.events.errors.EventLogError` for an unreadable file, broken
    XML or a corrupt or truncated ``.gz``, and for a log without events.
    """
    label = str(path)
    try:
        with open_xes(path) as stream:
            for kind, row in iter_xes(stream, label):
                (events if kind == "event" else traces).add(row)
    except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
        reason = Translated("corrupt_gzip", detail=str(exc) or type(exc).__name__)
        raise EventLogError("cannot_read", file=label, reason=reason) from exc
    except OSError as exc:
        raise EventLogError("cannot_read", file=label, reason=str(exc)) from exc
    events.close()
    traces.close()
    if events.rows == 0:
        raise EventLogError("empty", file=label)
    return _joined(events, traces)


def _joined(events: Spool, traces: Spool) -> str:
    """SQL: every event with its trace's ``case:`` attributes, in file order."""
    case_columns = [c for c in traces.columns if c != TRACE]
    event_columns = [c for c in events.columns if c not in (TRACE, *case_columns)]
    if traces.rows == 0 or TRACE not in events.columns:
        return events.query(event_columns)
    select = ", ".join(
        [f"e.{ROW}"]
        + [f"e.{quote(c)}" for c in event_columns]
        + [f"t.{quote(c)}" for c in case_columns]
    )
    return (
        f"SELECT {select} FROM ({events.query([*event_columns, TRACE])}) AS e "
        f"LEFT JOIN ({traces.query([*case_columns, TRACE])}) AS t USING ({TRACE}) "
        f"ORDER BY e.{ROW}"
    )
