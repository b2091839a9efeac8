"""The canonical event table: the contract between readers and analytics.

Whatever the source (CSV, Parquet, Excel, XES, SQL), :mod:`parcours.events` turns it
into one table with these columns, and :mod:`parcours.analytics` reads only these.

========== ================= ========================================================
column      type              meaning
========== ================= ========================================================
case_id     string, not null  the customer (or case, ticket...) the event belongs to
timestamp   timestamp (UTC)   when it happened, naive timestamp in UTC, microseconds
activity    string, not null  what happened, as named by the source system
channel     string, nullable  channel / touchpoint of the event (web, app, phone...)
segment     string, nullable  segment or persona of the customer
score       float64, nullable satisfaction score given at this event
amount      float64, nullable amount of money
resource    string, nullable  who handled it (agent, team)
row         int64, not null   1-based row number in the source (ties, error reports)
========== ================= ========================================================

After step matching (:mod:`parcours.events.matching`) two columns are added:

========== ================= ========================================================
step        string, nullable  id of the map step the event marks (null: no step)
step_index  int32, nullable   0-based position of that step in the map
========== ================= ========================================================

Events of one case are ordered by ``(timestamp, row)``: equal timestamps keep the
source order.
"""

from __future__ import annotations

import pyarrow as pa

CASE_ID = "case_id"
TIMESTAMP = "timestamp"
ACTIVITY = "activity"
CHANNEL = "channel"
SEGMENT = "segment"
SCORE = "score"
AMOUNT = "amount"
RESOURCE = "resource"
ROW = "row"
STEP = "step"
STEP_INDEX = "step_index"

REQUIRED = (CASE_ID, TIMESTAMP, ACTIVITY)
"""Columns every log must provide."""
OPTIONAL = (CHANNEL, SEGMENT, SCORE, AMOUNT, RESOURCE)
"""Columns a log may provide (null when absent)."""

EVENT_SCHEMA = pa.schema(
    [
        pa.field(CASE_ID, pa.string(), nullable=False),
        pa.field(TIMESTAMP, pa.timestamp("us"), nullable=False),
        pa.field(ACTIVITY, pa.string(), nullable=False),
        pa.field(CHANNEL, pa.string()),
        pa.field(SEGMENT, pa.string()),
        pa.field(SCORE, pa.float64()),
        pa.field(AMOUNT, pa.float64()),
        pa.field(RESOURCE, pa.string()),
        pa.field(ROW, pa.int64(), nullable=False),
    ]
)
"""Arrow schema of the canonical event table (before step matching)."""

MATCHED_SCHEMA = EVENT_SCHEMA.append(pa.field(STEP, pa.string())).append(
    pa.field(STEP_INDEX, pa.int32())
)
"""Arrow schema after step matching."""
