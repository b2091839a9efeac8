"""Language of a verbatim: French or English, offline, from frequent words and accents.

Each French marker word ("le", "est", "pas"...) and each accented letter counts for French,
each English marker ("the", "was", "my"...) for English; on a tie, typical word endings
decide ("-ing", "-ed", "-ly" against "-eau", "-aux", "-euse"). The larger count wins; a
tie or no marker at all is :attr:`DetectedLanguage.UNKNOWN` (callers fall back on the map's
language).

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


_ENGLISH_ENDINGS = ("ing", "ed", "ly", "ful", "ness", "less", "ship", "th", "ay", "ck")
_FRENCH_ENDINGS = ("eau", "aux", "eux", "euse", "oir", "ette", "ais", "ait", "ez")


class DetectedLanguage(StrEnum):
    """What :func:`detect_language` can answer."""

    FR = "fr"
    EN = "en"
    UNKNOWN = "unknown"


def detect_language(text: str, tokens: tuple[str, ...] | None = None) -> DetectedLanguage:
    """French, English or unknown (see the module docstring for the rule).

    ``tokens``: the text's :func:`tokenize` tokens when the caller has them already.
    """
    if tokens is None:
        tokens = tokenize(text)
    french: float = sum(t in FRENCH_MARKERS for t in tokens) + min(
        3, len(_FRENCH_LETTERS.findall(text))
    )
    english: float = sum(t in ENGLISH_MARKERS for t in tokens)
    english += len(_ENGLISH_CONTRACTION.findall(text))
    if french == english:  # second tier: word endings ("-ing", "-ed" against "-eau", "-aux")
        english += sum(0.5 for t in tokens if len(t) > 4 and t.endswith(_ENGLISH_ENDINGS))
        french += sum(0.5 for t in tokens if len(t) > 4 and t.endswith(_FRENCH_ENDINGS))
    if french == english:
        return DetectedLanguage.UNKNOWN
    return DetectedLanguage.FR if french > english else DetectedLanguage.EN
