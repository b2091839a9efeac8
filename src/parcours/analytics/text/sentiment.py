"""Sentiment of a verbatim as a valence in [-1, 1], with the cues that decided it.

How it reads (French and English, own lexicon in :mod:`.lexicon`):

1. Multi-word expressions first ("pas mal", "not bad", "frais cachés", "merci pour rien").
2. Words with a score; an intensifier before multiplies ("très lent"), a negator within
   three words before flips and dampens ("pas clair" -> negative, "jamais eu de problème" ->
   positive: a negated complaint counts 0.6 of its weight, a negated praise 0.8).
3. Factual complaints carry no opinion word but are complaints: a waiting time ("45
   minutes d'attente", "still waiting after 3 weeks"), a double charge ("on m'a prélevé deux
   fois", "charged twice"), something never received, no answer, repeated contacts.
4. Irony: praise ("génial", "great", "bravo") in a verbatim that states a factual complaint
   with no "but" between them is read as irony and counts against.
5. Mixed feelings: after "mais" / "but" / "however", the rest counts 1.5 times and what came
   before half (people put their conclusion last). ``mixed`` is True when both praise and
   criticism remain.

The valence is ``total / sqrt(total**2 + 4)``; the label is negative below -0.25, positive
above 0.25, neutral between.

>>> score_sentiment("Pas mal du tout, l'appli est claire").label.value
'positive'
>>> score_sentiment("45 minutes d'attente au téléphone").label.value
'negative'
>>> score_sentiment("Génial, encore prélevé deux fois").label.value
'negative'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from parcours.analytics.text.lexicon import (
    CONTRASTS,
    INTENSIFIERS,
    IRONY_MARKERS,
    IRONY_PHRASES,
    MAX_PHRASE_TOKENS,
    NEGATION_SCOPE_TOKENS,
    NEGATORS,
    PHRASE_SCORES,
    RESOLUTIONS,
    WORD_SCORES,
)
from parcours.analytics.text.tokens import tokenize

NEUTRAL_BAND: Final = 0.25
"""|valence| below this is neutral."""


class Polarity(StrEnum):
    """The three sentiment labels."""

    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


@dataclass(frozen=True)
class Sentiment:
    """The valence of one verbatim and why."""

    valence: float
    """-1 (very negative) to 1 (very positive)."""
    label: Polarity
    mixed: bool
    """Both praise and criticism remain after weighting."""
    ironic: bool
    cues: tuple[str, ...]
    """The words, expressions and complaint patterns that scored, in reading order."""


_NUMBER = (
    r"(?:\d+|une?|deux|trois|quatre|cinq|six|dix|quinze|vingt|trente|quarante|plusieurs|"
    r"an|one|two|three|four|five|six|ten|fifteen|twenty|thirty|forty|several)"
)
_DURATION = (
    rf"{_NUMBER}\s+(?:minutes?|mins?|mn|h|heures?|hours?|hrs?|jours?|days?|semaines?|weeks?|"
    r"mois|months?)\b"
)
_FAST_BEFORE = re.compile(r"(?:\ben|\bin|within|sous|under|moins de|less than|only|seulement)\s+$")
_WAIT_CONTEXT = re.compile(
    r"\b(?:attente|attendu|attendre|attends|attend|wait\w*|hold|toujours|still|depuis|"
    r"retard|late|delay\w*|au bout|queue\w*|after|apres|pour avoir|to get|before anyone|avant)\b"
)
_COMPLAINTS: Final[tuple[tuple[str, re.Pattern[str], float], ...]] = (
    (
        "double charge",
        re.compile(
            r"\b(?:preleve\w*|prelevement\w*|debite\w*|debit\w*|facture\w*|charged?|billed|"
            r"paid|paye\w*)\b(?:\s+\w+){0,4}?\s+(?:deux fois|2 fois|twice|two times|en double|"
            r"double)\b|\b(?:double|doubles?)\s+(?:prelevement|debit|charge|facturation|paiement|"
            r"payment)\w*"
        ),
        -2.5,
    ),
    (
        "never received",
        re.compile(
            r"\b(?:jamais|toujours pas|toujours rien|still not|still no|still haven t|still hasn t|"
            r"never|not yet|pas encore|still)\s+(?:\w+\s+){0,2}?(?:recu\w*|arrive\w*|received|"
            r"arrived|got|livre\w*|delivered|rappele\w*|called back|heard back|rembourse\w*|"
            r"refunded|active\w*|activated|resolu\w*|resolved|traite\w*|processed|paid|verse\w*|"
            r"shown up|apparu\w*|"
            r"de reponse|de nouvelles|any answer|no answer)"
        ),
        -2.0,
    ),
    (
        "repeated contacts",
        re.compile(
            r"\b(?:\d+|trois|quatre|cinq|three|four|five|plusieurs|several|multiple|many|"
            r"maintes)\s+(?:fois|times|appels|calls|relances|reminders|emails|mails|courriels|"
            r"messages|tickets)\b|\b(?:3e|troisieme|quatrieme|third|fourth|fifth)\s+(?:fois|time)\b"
        ),
        -1.5,
    ),
    (
        "still not",
        re.compile(r"\b(?:toujours pas|still hasn t|still haven t|still not|still no)\b"),
        -1.0,
    ),
    (
        "again",
        re.compile(r"\b(?:encore (?:des|un|une|le|la)|yet another|once again|again)\b"),
        -0.75,
    ),
)


_LONG_DURATION = rf"{_NUMBER}\s+(?:jours?|days?|semaines?|weeks?|mois|months?)\b"
_TAKES = re.compile(r"\b(?:prend\w*|pris|mis|met|mettent|takes?|took|taking|needed|fallu)\b")


def _waiting_cue(text: str) -> bool:
    """A duration spent waiting ("45 minutes d'attente"), not a quick one ("en 2 jours")."""
    for match in re.finditer(_DURATION, text):
        before = text[: match.start()]
        if _FAST_BEFORE.search(before):
            continue
        window = text[max(0, match.start() - 40) : match.end() + 40]
        if _WAIT_CONTEXT.search(window):
            return True
        if re.match(_LONG_DURATION, text[match.start() :]) and _TAKES.search(window):
            return True
    return False


def factual_complaints(folded: str) -> list[tuple[str, float]]:
    """The factual complaint patterns found in a folded, space-joined text.

    >>> factual_complaints("on m a preleve deux fois")
    [('double charge', -2.5)]
    >>> factual_complaints("carte recue en 2 jours")
    []
    """
    found = [(name, score) for name, pattern, score in _COMPLAINTS if pattern.search(folded)]
    if _waiting_cue(folded):
        found.insert(0, ("waiting time", -2.0))
    return found


@dataclass
class _Reading:
    """Running totals while reading the words of one verbatim."""

    positive: float = 0.0
    negative: float = 0.0
    weight: float = 1.0
    praise: float = 0.0
    """Positive weight of praise words that would be ironic next to a complaint."""
    strong_negative: bool = False
    """A clearly negative word or expression was read (not negated)."""
    cues: list[str] = field(default_factory=list)

    def add(self, score: float, cue: str) -> None:
        if score >= 0:
            self.positive += score * self.weight
        else:
            self.negative += score * self.weight
        self.cues.append(cue)

    def contrast(self) -> None:
        self.positive *= 0.5
        self.negative *= 0.5
        self.praise *= 0.5
        self.weight = 1.5


_PHRASE_STARTS: Final = frozenset(p[0] for p in PHRASE_SCORES)


def _phrase_at(tokens: tuple[str, ...], i: int) -> tuple[int, float] | None:
    if tokens[i] not in _PHRASE_STARTS:
        return None
    for size in range(min(MAX_PHRASE_TOKENS, len(tokens) - i), 1, -1):
        score = PHRASE_SCORES.get(tokens[i : i + size])
        if score is not None:
            return size, score
    return None


def _word_score(token: str) -> float | None:
    score = WORD_SCORES.get(token)
    if score is None and len(token) > 4 and token[-1] in "se":
        score = WORD_SCORES.get(token[:-1])
    return score


def _scored(token: str) -> bool:
    return token in INTENSIFIERS or bool(_word_score(token))


def _negated(score: float) -> float:
    return -score * (0.6 if score < 0 else 0.8)


def _solved(tokens: tuple[str, ...], i: int) -> bool:
    """A problem word next to "réglé" / "fixed" is a solved problem, not a complaint."""
    return bool(RESOLUTIONS.intersection(tokens[max(0, i - 3) : i + 4]))


def _read_phrase(
    tokens: tuple[str, ...], i: int, negated: bool, boost: float, reading: _Reading
) -> int:
    size, score = _phrase_at(tokens, i) or (0, 0.0)
    words = tokens[i : i + size]
    if negated and not NEGATORS.intersection(words):
        score = _negated(score)
    if score:
        reading.add(score * boost, " ".join(words))
        if score > 0 and " ".join(words) in IRONY_PHRASES:
            reading.praise += score * reading.weight
        reading.strong_negative |= score <= -1.5
    return size


def _read_word(token: str, score: float, negated: bool, boost: float, reading: _Reading) -> None:
    if negated:
        reading.add(_negated(score) * boost, f"¬{token}")
        return
    reading.add(score * boost, token)
    if token in IRONY_MARKERS and score > 0:
        reading.praise += score * boost * reading.weight
    reading.strong_negative |= score <= -1.5


def _read_words(tokens: tuple[str, ...], reading: _Reading) -> None:
    """Score the words and expressions of a verbatim into ``reading``."""
    negation_left = 0
    boost = 1.0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if _phrase_at(tokens, i) is not None:
            i += _read_phrase(tokens, i, negation_left > 0, boost, reading)
            boost, negation_left = 1.0, 0
            continue
        if token in CONTRASTS:
            reading.contrast()
            negation_left = 0
        elif token in NEGATORS:
            wide = token == "sans" and tokens[i + 1 : i + 2] == ("que",)
            negation_left = NEGATION_SCOPE_TOKENS + (3 if wide else 1)
        elif token in INTENSIFIERS and i + 1 < len(tokens) and _scored(tokens[i + 1]):
            boost *= INTENSIFIERS[token]
        elif (score := _word_score(token)) is not None:
            if score < 0 and _solved(tokens, i):
                reading.cues.append(f"~{token}")
            else:
                _read_word(token, score, negation_left > 0, boost, reading)
            boost = 1.0
        negation_left = max(0, negation_left - 1)
        i += 1


_OPENING_PRAISE = re.compile(r"^\W*(\w+(?:\s\w+)?)\s*[,!:]")


_CLOSING_PRAISE = re.compile(r"[,:]\s*(\w+(?:\s\w+)?)\W*$")


def _is_praise(words: str) -> bool:
    tokens = tokenize(words)
    return bool(IRONY_MARKERS.intersection(tokens)) or " ".join(tokens) in IRONY_PHRASES


def _framed_by_praise(text: str) -> bool:
    """Praise alone before the first comma or after the last one: "Super, colis perdu",
    "Ticket fermé sans me prévenir, vraiment génial"."""
    opening, closing = _OPENING_PRAISE.match(text), _CLOSING_PRAISE.search(text)
    return any(m is not None and _is_praise(m.group(1)) for m in (opening, closing))


def score_sentiment(text: str, tokens: tuple[str, ...] | None = None) -> Sentiment:
    """The :class:`Sentiment` of one verbatim (French or English).

    >>> s = score_sentiment("Conseiller aimable mais 40 minutes d'attente")
    >>> s.label.value, s.mixed
    ('negative', True)
    >>> score_sentiment("Je n'ai jamais eu de problème").label.value
    'positive'
    >>> score_sentiment("J'ai ouvert mon compte mardi").label.value
    'neutral'
    """
    if tokens is None:
        tokens = tokenize(text)
    reading = _Reading()
    _read_words(tokens, reading)
    complaints = factual_complaints(" ".join(tokens))
    for name, score in complaints:
        reading.negative += score
        reading.cues.append(f"[{name}]")
    complaint = bool(complaints) or (reading.strong_negative and _framed_by_praise(text))
    ironic = complaint and reading.praise > 0 and not CONTRASTS.intersection(tokens)
    if ironic:
        reading.positive -= reading.praise
        reading.negative -= 0.5 * reading.praise
    total = reading.positive + reading.negative
    valence = total / math.sqrt(total * total + 4.0)
    return Sentiment(
        valence=round(valence, 4),
        label=_label(valence),
        mixed=reading.positive >= 0.75 and reading.negative <= -0.75,
        ironic=ironic,
        cues=tuple(reading.cues),
    )


def _label(valence: float) -> Polarity:
    if valence <= -NEUTRAL_BAND:
        return Polarity.NEGATIVE
    if valence >= NEUTRAL_BAND:
        return Polarity.POSITIVE
    return Polarity.NEUTRAL
