"""Recognise the required columns from their content when their names say nothing.

:func:`~parcours.events.mapping.guess_mapping` reads column names. When it cannot find
the case id, the timestamp or the activity, :func:`guess_from_content` looks at a sample of
the values, profiled by the reader (:class:`ColumnProfile`), and fills the missing
fields only; channel, segment, score, amount and resource stay recognised by name.

- **timestamp**: the column whose values read as dates (ISO 8601, with or without an
  offset, or compact ``20260101103000``); Unix times are not taken, they look like ids.
  Among several, the one changing within at least half of the cases (dates of the case
  itself, such as a deadline, do not).
- **case_id**: a text or whole-number column, almost never empty, whose values repeat
  (more rows than values). An id-like name (``claim_id``, ``numero``, ``ref``...) comes
  first, then a column with a few to dozens of rows per value (1.5 to 100). When the
  activity is unknown too, a candidate must have another column that changes within at
  least half of its cases (the activity), with fewer values than it unless its name is
  id-like.
- **activity**: a text column of few values (repeated, and at most 20 values or half as
  many as rows) that changes within at least half of the cases (among cases of two rows or
  more); among several, the one with the most distinct values per row within a case wins
  (an activity differs from one event to the next more than a team or a channel does).

A tie is not settled by chance: :class:`~parcours.events.errors.EventLogError`
``ambiguous`` names the field and its candidates.

>>> p = [ColumnProfile("claim_id", 6, 6, 2, 0, 0), ColumnProfile("when", 6, 6, 6, 6, 0)]
>>> g = GuessedMapping(columns={"activity": "event"}, missing=["case_id", "timestamp"],
...                    found=["claim_id", "when", "event"])
>>> found = guess_from_content(g, p, lambda case, columns: {}, "log.csv")
>>> found.columns["case_id"], found.columns["timestamp"], found.by_content
('claim_id', 'when', ['case_id', 'timestamp'])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parcours.events import schema
from parcours.events.errors import EventLogError
from parcours.events.mapping import FIELDS, GuessedMapping, normalise

ID_WORDS = frozenset(
    {"id", "ids", "identifiant", "identifier", "ident", "num", "numero", "number", "nr", "no"}
    | {"nb", "ref", "reference", "uuid", "guid"}
)
"""Words of a column name that make it id-like (``claim_id``, ``Numéro dossier``...)."""

FILLED_SHARE = 0.9
"""A case id or activity column is filled in at least this share of the sampled rows."""
DATE_SHARE = 0.9
"""A timestamp column has at least this share of its values read as dates."""
ROWS_PER_CASE = (1.5, 100.0)
"""A few to dozens of rows per value: the preferred case ids."""
FEW_VALUES = 20
"""A column of this many values or fewer may be an activity even in a small sample."""
CHANGE_SHARE = 0.5
"""An activity changes within at least this share of the cases of two rows or more."""
SPREAD_TIE = 0.1
"""Two activity candidates closer than this in :attr:`Variation.spread` are a tie."""


@dataclass(frozen=True)
class Variation:
    """How a column varies within the cases (of two rows or more) of a case column."""

    changed: float
    """Share of the cases in which the column takes two values or more."""
    spread: float
    """Mean over the cases of distinct values per row: 1 when every row differs."""


Changes = Callable[[str, list[str]], dict[str, Variation]]
"""``changes(case, columns)``: how each column varies within the cases of ``case``."""


@dataclass(frozen=True)
class ColumnProfile:
    """What a sample of one column holds: counts of rows, values and kinds of values."""

    name: str
    rows: int
    """Rows sampled."""
    filled: int
    """Rows where the column is not empty."""
    distinct: int
    """Distinct values."""
    dates: int
    """Values read as dates or times (not Unix times)."""
    numbers: int
    """Values read as numbers."""
    whole: bool = False
    """True when every value is a whole number written with digits only."""

    @property
    def rows_per_value(self) -> float:
        """Filled rows per distinct value (1 when every value is unique)."""
        return self.filled / self.distinct if self.distinct else 0.0

    def is_date(self) -> bool:
        """Most values read as dates.

        >>> ColumnProfile("d", 10, 10, 9, 10, 0).is_date()
        True
        """
        return self.filled > 0 and self.dates >= DATE_SHARE * self.filled

    def is_text(self) -> bool:
        """Most values are not numbers."""
        return self.numbers < 0.5 * self.filled

    def is_case_candidate(self) -> bool:
        """Text or whole numbers, filled nearly everywhere, values repeating."""
        return (
            not self.is_date()
            and self.filled >= FILLED_SHARE * self.rows
            and (self.is_text() or self.whole)
            and self.distinct > 0
            and self.distinct < self.filled
        )

    def is_activity_candidate(self) -> bool:
        """Text filled nearly everywhere, with few values: repeated values, and at most
        :data:`FEW_VALUES` of them or each met twice on average."""
        return (
            not self.is_date()
            and self.filled >= FILLED_SHARE * self.rows
            and self.is_text()
            and 0 < self.distinct < self.filled
            and self.distinct <= max(0.5 * self.filled, FEW_VALUES)
        )


def id_like(name: str) -> bool:
    """The name reads as an identifier.

    >>> id_like("claim_id"), id_like("ClaimID"), id_like("Numéro dossier"), id_like("valid")
    (True, True, True, False)
    """
    words = set(re.split(r"[_:/]+", normalise(name)))
    return bool(words & ID_WORDS) or re.search(r"[a-z0-9](Id|ID)$", name.strip()) is not None


def _ambiguous(source: str, field: str, candidates: Sequence[str], found: Sequence[str]) -> None:
    raise EventLogError(
        "ambiguous",
        file=source,
        field=field,
        candidates=", ".join(candidates),
        found=", ".join(found),
    )


def guess_from_content(
    guessed: GuessedMapping, profiles: Sequence[ColumnProfile], changes: Changes, source: str
) -> GuessedMapping:
    """Fill the required fields ``guessed`` misses from the profiles of the other columns.

    Raises :class:`EventLogError` (``ambiguous``) when several columns fit one field equally.
    """
    chosen = dict(guessed.columns)
    by_content: list[str] = []
    free = {p.name: p for p in profiles if p.name not in chosen.values()}

    def take(name: str, column: str) -> None:
        chosen[name] = column
        by_content.append(name)
        free.pop(column)

    if schema.CASE_ID not in chosen:
        case = _case_id(free, schema.ACTIVITY not in chosen, changes, source, guessed.found)
        if case is not None:
            take(schema.CASE_ID, case)
    if schema.TIMESTAMP not in chosen:
        timestamp = _timestamp(free, chosen.get(schema.CASE_ID), changes, source, guessed.found)
        if timestamp is not None:
            take(schema.TIMESTAMP, timestamp)
    if schema.ACTIVITY not in chosen and schema.CASE_ID in chosen:
        activity = _activity(free, chosen[schema.CASE_ID], changes, source, guessed.found)
        if activity is not None:
            take(schema.ACTIVITY, activity)
    return GuessedMapping(
        columns={name: chosen[name] for name in FIELDS if name in chosen},
        missing=[name for name in schema.REQUIRED if name not in chosen],
        found=list(guessed.found),
        by_content=[name for name in FIELDS if name in by_content],
    )


def _case_id(
    free: dict[str, ColumnProfile],
    activity_unknown: bool,
    changes: Changes,
    source: str,
    found: Sequence[str],
) -> str | None:
    candidates = [p for p in free.values() if p.is_case_candidate()]
    if activity_unknown:
        activities = [p for p in free.values() if p.is_activity_candidate()]
        kept = []
        for case in candidates:
            others = [
                a.name
                for a in activities
                if a.name != case.name and (id_like(case.name) or a.distinct < case.distinct)
            ]
            varies = changes(case.name, others) if others else {}
            if any(v.changed >= CHANGE_SHARE for v in varies.values()):
                kept.append(case)
        candidates = kept
    if not candidates:
        return None
    low, high = ROWS_PER_CASE

    def rank(p: ColumnProfile) -> tuple[bool, bool]:
        return id_like(p.name), low <= p.rows_per_value <= high

    best = max(rank(p) for p in candidates)
    tier = [p.name for p in candidates if rank(p) == best]
    if len(tier) > 1:
        _ambiguous(source, schema.CASE_ID, tier, found)
    return tier[0]


def _timestamp(
    free: dict[str, ColumnProfile],
    case: str | None,
    changes: Changes,
    source: str,
    found: Sequence[str],
) -> str | None:
    dates = [p.name for p in free.values() if p.is_date()]
    if len(dates) > 1 and case is not None:
        varies = changes(case, dates)
        varying = [name for name in dates if varies[name].changed >= CHANGE_SHARE]
        dates = varying or dates
    if len(dates) > 1:
        _ambiguous(source, schema.TIMESTAMP, dates, found)
    return dates[0] if dates else None


def _activity(
    free: dict[str, ColumnProfile], case: str, changes: Changes, source: str, found: Sequence[str]
) -> str | None:
    candidates = [p.name for p in free.values() if p.is_activity_candidate()]
    varies = changes(case, candidates) if candidates else {}
    fitting = sorted(
        ((v.spread, name) for name, v in varies.items() if v.changed >= CHANGE_SHARE),
        reverse=True,
    )
    if not fitting:
        return None
    top = fitting[0][0]
    tied = [name for spread, name in fitting if spread > top - SPREAD_TIE]
    if len(tied) > 1:
        _ambiguous(source, schema.ACTIVITY, sorted(tied, key=list(found).index), found)
    return tied[0]
