"""Things worth knowing about a log that was read: not errors, nothing was set aside.

A :class:`ReadNote` tells the analyst about a guess or a doubt (columns recognised from
their content, dates that look implausible) in French or English; ``EventLog.notes``
holds them and the CLI prints them after the summary of the log.

>>> note = ReadNote("dates_early", {"file": "log.csv", "column": "date", "count": 2,
...                                 "row": 7, "value": "1900-01-01"})
>>> "fall before 1970 (e.g. row 7: '1900-01-01')" in note.describe("en")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parcours.i18n import Catalog

NOTES = Catalog(
    {
        "dates_early": {
            "en": "{file}: {count} time(s) in column '{column}' fall before 1970 (e.g. row "
            "{row}: '{value}'). Check how the dates are written (their format, or the unit of "
            "Unix times).",
            "fr": "{file} : {count} heure(s) de la colonne '{column}' tombent avant 1970 (par "
            "ex. ligne {row} : '{value}'). Vérifiez comment les dates sont écrites (leur "
            "format, ou l'unité des temps Unix).",
        },
        "dates_late": {
            "en": "{file}: {count} time(s) in column '{column}' fall more than a year after "
            "today, after {limit} (e.g. row {row}: '{value}'). Check how the dates are written "
            "(their format, or the unit of Unix times).",
            "fr": "{file} : {count} heure(s) de la colonne '{column}' tombent plus d'un an "
            "après aujourd'hui, après le {limit} (par ex. ligne {row} : '{value}'). Vérifiez "
            "comment les dates sont écrites (leur format, ou l'unité des temps Unix).",
        },
        "by_content": {
            "en": "{file}: no usual column name for {fields}; recognised from the content of "
            "the columns: {columns}. If that is wrong, give a mapping (--mapping).",
            "fr": "{file} : aucun nom de colonne habituel pour {fields} ; reconnu d'après le "
            "contenu des colonnes : {columns}. Si c'est faux, donnez une correspondance "
            "(--mapping).",
        },
    }
)


@dataclass(frozen=True)
class ReadNote:
    """One remark about a log read: a key of :data:`NOTES` and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def describe(self, lang: str = "en") -> str:
        """The remark in ``lang`` (``en`` or ``fr``)."""
        return NOTES.text(self.key, lang, **self.params)
