"""Language of a verbatim: French or English, offline, from frequent words and accents.

Each French marker word ("le", "est", "pas"...) and each accented letter counts for French,
each English marker ("the", "was", "my"...) for English. The larger count wins when it is
at least one; a tie or no marker at all is :attr:`DetectedLanguage.UNKNOWN` (callers fall
back on the map's language).

>>> detect_language("La carte n'est jamais arrivée")
<DetectedLanguage.FR: 'fr'>
>>> detect_language("My card never arrived").value
'en'
>>> detect_language("OK").value
'unknown'
"""

from __future__ import annotations

import re
from enum import StrEnum

from parcours.analytics.text.lexicon import ENGLISH_MARKERS, FRENCH_MARKERS
from parcours.analytics.text.tokens import tokenize

_FRENCH_LETTERS = re.compile(r"[éèêàùâîôûçëïœ]", re.IGNORECASE)
_ENGLISH_CONTRACTION = re.compile(r"\w['’](?:t|s|ve|ll|re|m|d)\b", re.IGNORECASE)


class DetectedLanguage(StrEnum):
    """What :func:`detect_language` can answer."""

    FR = "fr"
    EN = "en"
    UNKNOWN = "unknown"


def detect_language(text: str) -> DetectedLanguage:
    """French, English or unknown (see the module docstring for the rule)."""
    tokens = tokenize(text)
    french = sum(t in FRENCH_MARKERS for t in tokens) + min(3, len(_FRENCH_LETTERS.findall(text)))
    english = sum(t in ENGLISH_MARKERS for t in tokens)
    english += len(_ENGLISH_CONTRACTION.findall(text))
    if french == english:
        return DetectedLanguage.UNKNOWN
    return DetectedLanguage.FR if french > english else DetectedLanguage.EN
