"""Rows set aside while reading a log: counted by reason, with samples, never silently lost.

>>> report = RejectedRows(
...     counts={"bad_timestamp": 2},
...     samples=[RejectedSample(row=3, reason="bad_timestamp", column="date", value="hier")],
... )
>>> print(report.describe("en"))
2 row(s) rejected:
  - 2 x timestamp not understood (column 'date'); e.g. row 3: 'hier'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from parcours.i18n import Catalog

REASONS = (
    "missing_case_id",
    "missing_activity",
    "missing_timestamp",
    "bad_timestamp",
    "bad_score",
    "bad_amount",
)
"""Why a row can be rejected, in the order they are checked (a row gets the first)."""

FEEDBACK_REASONS = ("no_answer", "score_out_of_range")
"""Further reasons for a feedback row (:mod:`parcours.events.feedback`): no score and no
text, or a score outside its scale (a CSAT of 7)."""

TEXTS = Catalog(
    {
        "missing_case_id": {"en": "empty case id", "fr": "identifiant de cas vide"},
        "missing_activity": {"en": "empty activity", "fr": "activité vide"},
        "missing_timestamp": {"en": "empty timestamp", "fr": "horodatage vide"},
        "bad_timestamp": {"en": "timestamp not understood", "fr": "horodatage incompris"},
        "bad_score": {"en": "score is not a finite number", "fr": "score non numérique ou infini"},
        "bad_amount": {
            "en": "amount is not a finite number",
            "fr": "montant non numérique ou infini",
        },
        "no_answer": {"en": "neither a score nor a text", "fr": "ni note ni texte"},
        "score_out_of_range": {
            "en": "score outside its scale",
            "fr": "note hors de son échelle",
        },
        "header": {"en": "{count} row(s) rejected:", "fr": "{count} ligne(s) rejetée(s) :"},
        "none": {"en": "no row rejected", "fr": "aucune ligne rejetée"},
        "line": {
            "en": "  - {count} x {reason} (column '{column}'); e.g. {samples}",
            "fr": "  - {count} x {reason} (colonne '{column}') ; par ex. {samples}",
        },
        "sample": {"en": "row {row}: {value}", "fr": "ligne {row} : {value}"},
        "row": {"en": "row {row}", "fr": "ligne {row}"},
        "written": {
            "en": "  Rejected rows written to {path}",
            "fr": "  Lignes rejetées écrites dans {path}",
        },
    }
)

MAX_SAMPLES = 5
"""Sample rows kept per reason."""


@dataclass(frozen=True)
class RejectedSample:
    """One rejected row: its 1-based row number in the source and the offending value."""

    row: int
    reason: str
    column: str
    value: str | None


@dataclass(frozen=True)
class RejectedRows:
    """The rows set aside while reading a log, by reason (see :data:`REASONS`)."""

    counts: dict[str, int] = field(default_factory=dict)
    samples: list[RejectedSample] = field(default_factory=list)
    """Up to :data:`MAX_SAMPLES` rows per reason, by row number."""
    path: Path | None = None
    """Where the rejected rows were written (CSV with a ``reason`` column), if asked."""

    @property
    def total(self) -> int:
        """Number of rejected rows."""
        return sum(self.counts.values())

    def __bool__(self) -> bool:
        return self.total > 0

    def describe(self, lang: str = "en") -> str:
        """A short report, one line per reason with sample rows."""
        if not self:
            return TEXTS.text("none", lang)
        lines = [TEXTS.text("header", lang, count=self.total)]
        for reason in (*REASONS, *FEEDBACK_REASONS):
            if reason not in self.counts:
                continue
            samples = [s for s in self.samples if s.reason == reason]
            lines.append(
                TEXTS.text(
                    "line",
                    lang,
                    count=self.counts[reason],
                    reason=TEXTS.text(reason, lang),
                    column=samples[0].column if samples else "?",
                    samples=", ".join(_sample(s, lang) for s in samples),
                )
            )
        if self.path is not None:
            lines.append(TEXTS.text("written", lang, path=self.path))
        return "\n".join(lines)


def _sample(sample: RejectedSample, lang: str) -> str:
    if sample.value is None:
        return TEXTS.text("row", lang, row=sample.row)
    return TEXTS.text("sample", lang, row=sample.row, value=repr(sample.value))
