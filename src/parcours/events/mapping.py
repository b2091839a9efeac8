"""Which source column holds what: the column mapping, guessed or written by hand.

A :class:`ColumnMapping` names, for one export, the columns holding the case id, the
timestamp and the activity (required) and optionally the channel, segment, score, amount
and resource, plus how to read timestamps (``format``, ``timezone``).

>>> guessed = guess_mapping(["Customer ID", "Event", "Created At", "Canal", "Montant"])
>>> m = guessed.mapping()
>>> (m.case_id, m.activity, m.timestamp, m.channel, m.amount)
('Customer ID', 'Event', 'Created At', 'Canal', 'Montant')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from parcours.events import schema
from parcours.events.errors import EventLogError
from parcours.events.mapping_file import read_mapping_file
from parcours.i18n import Catalog

FIELDS = (*schema.REQUIRED, *schema.OPTIONAL)
"""The canonical fields a mapping can fill, required first."""


def _words(text: str) -> list[str]:
    return text.split()


CANDIDATES: dict[str, list[str]] = {
    schema.CASE_ID: _words(
        "case:concept:name case_id caseid case customer_id customerid client_id clientid "
        "id_client user_id userid id_utilisateur ticket_id ticketid id_ticket "
        "numero_client num_client contact_id account_id visitor_id session_id dossier "
        "id_dossier numero_dossier customer client user ticket"
    ),
    schema.ACTIVITY: _words(
        "concept:name activity activite activity_name event event_name eventname "
        "evenement nom_evenement action action_name event_type type_evenement etape step "
        "task tache status statut"
    ),
    schema.TIMESTAMP: _words(
        "time:timestamp timestamp event_time event_timestamp eventtime datetime "
        "date_time date_heure horodatage created_at createdat occurred_at event_date "
        "date_evenement date_creation time heure date"
    ),
    schema.CHANNEL: _words(
        "case:channel channel canal canal_contact touchpoint point_de_contact medium "
        "media source org:channel"
    ),
    schema.SEGMENT: _words(
        "case:segment segment customer_segment segment_client persona case:persona profil profile"
    ),
    schema.SCORE: _words(
        "score csat note satisfaction nps ces rating note_satisfaction satisfaction_score"
    ),
    schema.AMOUNT: _words(
        "amount montant case:amount revenue chiffre_affaires price prix order_value valeur"
    ),
    schema.RESOURCE: _words(
        "org:resource resource ressource agent conseiller operator operateur employee "
        "employe assignee handled_by owner"
    ),
}
"""Usual column names for each field, most specific first (compared normalised)."""

LABELS = Catalog(
    {
        "guessed": {"en": "Columns guessed:", "fr": "Colonnes devinées :"},
        "missing": {"en": "not found: {fields}", "fr": "introuvables : {fields}"},
        "row": {"en": "  {field:<10} <- {column}", "fr": "  {field:<10} <- {column}"},
        "row_content": {
            "en": "  {field:<10} <- {column} (from its content)",
            "fr": "  {field:<10} <- {column} (d'après son contenu)",
        },
    }
)


def normalise(name: str) -> str:
    """A column name without case, accents, spaces or dashes, for comparisons.

    >>> normalise(" Événement-Client ")
    'evenement_client'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "_".join(plain.strip().lower().replace("-", " ").replace(".", " ").split())


class ColumnMapping(BaseModel):
    """The columns of one export and how to read its timestamps.

    ``format`` is a strftime pattern (``%d/%m/%Y %H:%M``) for timestamps that are not
    ISO 8601; ``timezone`` is the IANA zone naive timestamps are taken in (UTC when
    None) and, when given, allows one column to mix times with and without a UTC offset.

    >>> ColumnMapping(case_id="client", timestamp="date", activity="event").timezone is None
    True
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_id: str
    timestamp: str
    activity: str
    channel: str | None = None
    segment: str | None = None
    score: str | None = None
    amount: str | None = None
    resource: str | None = None
    format: str | None = None
    timezone: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return known_zone(value)

    def columns(self) -> dict[str, str]:
        """Source column by canonical field, for the fields this mapping fills.

        >>> ColumnMapping(case_id="c", timestamp="t", activity="a", score="s").columns()
        {'case_id': 'c', 'timestamp': 't', 'activity': 'a', 'score': 's'}
        """
        return {name: getattr(self, name) for name in FIELDS if getattr(self, name)}

    @classmethod
    def from_file(cls, path: str | Path) -> ColumnMapping:
        """Load a mapping from a small YAML or JSON file (keys are the canonical fields)."""
        file = Path(path)
        data = read_mapping_file(file)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            reasons = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or '-'}: {e['msg']}" for e in exc.errors()
            )
            raise EventLogError("bad_mapping", file=str(file), reason=reasons) from exc


def check_timezone(zone: str) -> ZoneInfo:
    """The zone named ``zone``, or an :class:`EventLogError` explaining the expected name.

    >>> check_timezone("Europe/Paris").key
    'Europe/Paris'
    """
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise EventLogError("bad_timezone", zone=zone) from exc


def known_zone(value: str | None) -> str | None:
    """``value`` when it names a zone (or is None); a ``ValueError`` for pydantic otherwise.

    >>> known_zone("Europe/Paris"), known_zone(None)
    ('Europe/Paris', None)
    """
    if value is not None:
        try:
            check_timezone(value)
        except EventLogError as exc:
            raise ValueError(exc.message("en")) from exc
    return value


@dataclass(frozen=True)
class GuessedMapping:
    """What :func:`guess_mapping` found: a column per field, and the required ones not found."""

    columns: dict[str, str] = field(default_factory=dict)
    """Source column by canonical field."""
    missing: list[str] = field(default_factory=list)
    """Required fields no column was recognised for."""
    found: list[str] = field(default_factory=list)
    """All the columns of the source, in order."""
    by_content: list[str] = field(default_factory=list)
    """Fields recognised from the content of their column, not its name
    (:func:`~parcours.events.content.guess_from_content`)."""

    @property
    def complete(self) -> bool:
        """True when every required field was recognised."""
        return not self.missing

    def mapping(self, *, source: str = "<columns>", **options: Any) -> ColumnMapping:
        """The guessed :class:`ColumnMapping` (``options``: ``format``, ``timezone``).

        Raises :class:`EventLogError` naming the fields not found and the columns seen.
        """
        if self.missing:
            raise EventLogError(
                "not_guessed",
                file=source,
                fields=", ".join(self.missing),
                found=", ".join(self.found),
            )
        return ColumnMapping(**self.columns, **options)

    def describe(self, lang: str = "en") -> str:
        """The guesses, one per line, for the user to confirm.

        >>> print(guess_mapping(["client_id", "action", "date"]).describe("fr"))
        Colonnes devinées :
          case_id    <- client_id
          timestamp  <- date
          activity   <- action
        """
        lines = [LABELS.text("guessed", lang)]
        lines += [
            LABELS.text(
                "row_content" if name in self.by_content else "row",
                lang,
                field=name,
                column=column,
            )
            for name, column in self.columns.items()
        ]
        if self.missing:
            lines.append(LABELS.text("missing", lang, fields=", ".join(self.missing)))
        return "\n".join(lines)


def guess_mapping(columns: Sequence[str]) -> GuessedMapping:
    """Recognise usual column names (XES, CRM, web analytics, FR and EN).

    Each field takes the first candidate of :data:`CANDIDATES` present among
    ``columns``; a column serves one field at most. Names only: the readers complete a
    guess that misses a required field from the content of the columns
    (:func:`~parcours.events.content.guess_from_content`).

    >>> g = guess_mapping(["case:concept:name", "concept:name", "time:timestamp", "org:resource"])
    >>> g.columns["resource"], g.complete
    ('org:resource', True)
    """
    by_normal: dict[str, str] = {}
    for column in columns:
        by_normal.setdefault(normalise(column), column)
    chosen: dict[str, str] = {}
    for name in FIELDS:
        for candidate in CANDIDATES[name]:
            found = by_normal.get(normalise(candidate))
            if found is not None and found not in chosen.values():
                chosen[name] = found
                break
    missing = [name for name in schema.REQUIRED if name not in chosen]
    return GuessedMapping(columns=chosen, missing=missing, found=list(columns))
