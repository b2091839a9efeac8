"""Event logs in: column mapping, readers, the canonical table, step matching.

Whatever the source (CSV, Parquet, Excel, XES, DuckDB, SQL database, DataFrame),
:func:`read_events` returns an :class:`EventLog` whose table follows
:data:`~parcours.events.schema.EVENT_SCHEMA`; :func:`match_steps` then ties its events to
the steps of a journey map.
"""

from parcours.events.errors import EventLogError
from parcours.events.log import EventLog
from parcours.events.mapping import ColumnMapping, GuessedMapping, guess_mapping
from parcours.events.matching import MatchedLog, UnmatchedActivity, match_steps
from parcours.events.notes import ReadNote
from parcours.events.readers import from_dataframe, read_events
from parcours.events.rejected import RejectedRows, RejectedSample

__all__ = [
    "ColumnMapping",
    "EventLog",
    "EventLogError",
    "GuessedMapping",
    "MatchedLog",
    "ReadNote",
    "RejectedRows",
    "RejectedSample",
    "UnmatchedActivity",
    "from_dataframe",
    "guess_mapping",
    "match_steps",
    "read_events",
]
