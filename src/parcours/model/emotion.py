"""Estimated emotions: the experience curve of each persona.

The scale is documented in ``docs/concepts.md``: integers from -2 (very negative) to
+2 (very positive), 0 is neutral. A word ("inquiet", "relieved") names the feeling.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from parcours.model.base import ElementId, Model

EMOTION_MIN = -2
EMOTION_MAX = 2

EmotionScore = Annotated[int, Field(ge=EMOTION_MIN, le=EMOTION_MAX)]
"""An integer on the -2..+2 scale."""


class Emotion(Model):
    """The emotion a persona is estimated to feel at a step.

    >>> Emotion(persona="p-young", score=-1, word="inquiète").score
    -1
    """

    persona: ElementId
    score: EmotionScore
    word: str = ""
    reason: str = ""
