"""The Mermaid ``journey`` diagram of a map: one section per phase, a score per step.

Mermaid scores run from 1 to 5; parcours emotions from -2 to +2. A step's score is
the average over personas of ``score + 3``, rounded half up; a step without any
estimated emotion is drawn neutral (3) with no actor. Characters that end a Mermaid
statement (``:``, ``;``, ``#``, newlines...) are written as Mermaid entity codes.

>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "Compte : ouverture"},
...     personas=[{"id": "p1", "name": "Léa"}],
...     phases=[{"id": "ph", "name": "Découverte"}],
...     steps=[{"id": "s1", "name": "Pub", "phase": "ph",
...             "emotions": [{"persona": "p1", "score": 1}]}])
>>> print(mermaid_journey(m))
journey
    title Compte #58; ouverture
    section Découverte
      Pub: 4: Léa
"""

from __future__ import annotations

import math
import re

from parcours.i18n import Catalog
from parcours.model import EMOTION_MIN, JourneyMap, Step

LABELS = Catalog({"other_steps": {"en": "Other steps", "fr": "Autres étapes"}})

NEUTRAL_SCORE = 3
"""Mermaid score of a step without estimated emotion."""

_SPECIAL = re.compile(r"[#:;,<>{}\"`]")
_KEYWORDS = re.compile(r"^(title|section|journey|acctitle|accdescr)\b", re.IGNORECASE)


def escape(text: str) -> str:
    """Text safe inside one Mermaid journey statement.

    >>> escape("Étape 1: payer; #vite")
    'Étape 1#58; payer#59; #35;vite'
    """
    one_line = " ".join(text.split())
    escaped = _SPECIAL.sub(lambda match: f"#{ord(match.group())};", one_line)
    if _KEYWORDS.match(escaped):
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def step_score(step: Step) -> int:
    """The 1..5 Mermaid score of a step (average emotion shifted by +3).

    >>> from parcours.model import Step
    >>> step_score(Step(id="s", name="S", emotions=[{"persona": "a", "score": -2},
    ...                                             {"persona": "b", "score": 1}]))
    3
    """
    if not step.emotions:
        return NEUTRAL_SCORE
    mean = sum(e.score for e in step.emotions) / len(step.emotions)
    shifted = mean + 1 - EMOTION_MIN
    return max(1, min(5, math.floor(shifted + 0.5)))


def mermaid_journey(m: JourneyMap, lang: str | None = None) -> str:
    """The Mermaid source (without the code fence) of the map's experience curve."""
    language = lang or m.language.value
    names = {p.id: p.name for p in m.personas}
    lines = ["journey", f"    title {escape(m.journey.title)}"]
    sections = [(phase.name, m.steps_in(phase)) for phase in m.phases]
    loose = [s for s in m.steps if m.phase_of(s) is None]
    if loose:
        sections.append((LABELS.text("other_steps", language), loose))
    for title, steps in sections:
        if not steps:
            continue
        lines.append(f"    section {escape(title)}")
        for step in steps:
            actors = ", ".join(escape(names.get(e.persona, e.persona)) for e in step.emotions)
            task = f"      {escape(step.name)}: {step_score(step)}"
            lines.append(f"{task}: {actors}" if actors else task)
    return "\n".join(lines)
