"""Text analytics of verbatims, offline, in French and English (pure: no I/O, no rendering).

- :func:`detect_language`: French, English or unknown.
- :func:`score_sentiment`: a valence in [-1, 1] with negations, factual complaints, irony
  and mixed feelings.
- :class:`StepAssigner`: the step a verbatim talks about, or None.
- :func:`read_verbatims`: all of it over a list of verbatims, with themes per step and
  polarity (counts, trend, quotes) and the map's theme overrides applied.

Method, evaluation figures and known weaknesses: ``docs/voice-of-the-customer.md``.

>>> score_sentiment("Not bad at all").label.value
'positive'
"""

from parcours.analytics.text.assign import StepAssigner, StepAssignment, StepText, step_texts
from parcours.analytics.text.language import DetectedLanguage, detect_language
from parcours.analytics.text.sentiment import Polarity, Sentiment, score_sentiment
from parcours.analytics.text.themes import THEMES, Theme, build_themes, theme_of
from parcours.analytics.text.verbatims import (
    Progress,
    Verbatim,
    VerbatimAnalysis,
    VerbatimReading,
    read_verbatims,
)

__all__ = [
    "THEMES",
    "DetectedLanguage",
    "Polarity",
    "Progress",
    "Sentiment",
    "StepAssigner",
    "StepAssignment",
    "StepText",
    "Theme",
    "Verbatim",
    "VerbatimAnalysis",
    "VerbatimReading",
    "build_themes",
    "detect_language",
    "read_verbatims",
    "score_sentiment",
    "step_texts",
    "theme_of",
]
