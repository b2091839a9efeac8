"""Read a list of verbatims end to end: language, sentiment, step, theme.

This is the entry point the feedback readers and the renders call. It takes plain
verbatims (text, optional step id, optional date) and returns typed results; it never
reads files nor prints. ``progress(done, total)`` is called every ``chunk`` verbatims and
at the end, so the CLI can drive a Rich progress bar.

>>> result = read_verbatims(
...     [Verbatim("Frais à l'étranger bien trop chers", step="s-fees"),
...      Verbatim("Fees abroad are a rip-off", step="s-fees"),
...      Verbatim("Very quick card delivery, thanks", step="s-card")],
...     lang="en")
>>> [(t.step, t.key, t.count) for t in result.themes]
[('s-card', 'card_delivery', 1), ('s-fees', 'fees_abroad', 2)]
>>> result.readings[0].language.value, result.readings[0].sentiment.label.value
('fr', 'negative')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from parcours.analytics.text.assign import StepAssigner, StepAssignment
from parcours.analytics.text.language import DetectedLanguage, detect_language
from parcours.analytics.text.sentiment import Sentiment, score_sentiment
from parcours.analytics.text.themes import Period, Theme, ThemeItem, build_themes, theme_keys
from parcours.analytics.text.tokens import tokenize
from parcours.model.theme import ThemeOverride

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called as verbatims are read."""

PROGRESS_CHUNK: Final = 256


@dataclass(frozen=True)
class Verbatim:
    """One free-text answer: its text, the step it names (if any) and its date (if any)."""

    text: str
    step: str | None = None
    day: date | None = None


@dataclass(frozen=True)
class VerbatimReading:
    """What was read in one verbatim."""

    text: str
    language: DetectedLanguage
    sentiment: Sentiment
    step: str | None
    """The step named by the survey, else the one assigned from the text, else None."""
    step_source: str
    """``given``, ``text`` (assigned from the words) or ``unassigned``."""
    step_score: float
    theme: str
    """The theme key after the map's merges (label in :class:`Theme`)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "text": self.text,
            "language": self.language.value,
            "valence": self.sentiment.valence,
            "label": self.sentiment.label.value,
            "mixed": self.sentiment.mixed,
            "ironic": self.sentiment.ironic,
            "step": self.step,
            "step_source": self.step_source,
            "step_score": self.step_score,
            "theme": self.theme,
        }


@dataclass(frozen=True)
class VerbatimAnalysis:
    """Every verbatim read, and the themes per step and polarity."""

    readings: tuple[VerbatimReading, ...]
    themes: tuple[Theme, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "readings": [r.to_dict() for r in self.readings],
            "themes": [t.to_dict() for t in self.themes],
        }


def read_verbatims(
    verbatims: Sequence[Verbatim],
    *,
    assigner: StepAssigner | None = None,
    lang: str = "en",
    overrides: Sequence[ThemeOverride] = (),
    period: Period = "month",
    step_order: Sequence[str] = (),
    progress: Progress | None = None,
    chunk: int = PROGRESS_CHUNK,
) -> VerbatimAnalysis:
    """Read every verbatim, then group them into themes (labels in ``lang``).

    Verbatims without a step are assigned from their text when an ``assigner`` is given.
    """
    total = len(verbatims)
    items: list[ThemeItem] = []
    partial: list[tuple[Verbatim, DetectedLanguage, Sentiment, str | None, str, float]] = []
    known: dict[str, _TextReading] = {}
    for done, verbatim in enumerate(verbatims, start=1):
        reading = known.get(verbatim.text)
        if reading is None:
            reading = known[verbatim.text] = _read_text(verbatim.text)
        tokens, sentiment, language = reading.tokens, reading.sentiment, reading.language
        step, source, score = _step_of(verbatim, reading, assigner)
        partial.append((verbatim, language, sentiment, step, source, score))
        items.append(
            ThemeItem(
                verbatim.text,
                tokens,
                step,
                sentiment.label,
                sentiment.valence,
                verbatim.day,
            )
        )
        if progress is not None and (done % chunk == 0 or done == total):
            progress(done, total)
    keys = theme_keys(items)
    themes = build_themes(
        items, lang=lang, overrides=overrides, period=period, keys=keys, step_order=step_order
    )
    final = {i: t.key for t in themes for i in t.members}
    readings = tuple(
        VerbatimReading(v.text, language, sentiment, step, source, score, final.get(i, keys[i]))
        for i, (v, language, sentiment, step, source, score) in enumerate(partial)
    )
    return VerbatimAnalysis(readings, themes)


@dataclass
class _TextReading:
    """What one text gives whoever wrote it: read once per distinct text (a survey repeats
    its short answers, "RAS", "Parfait", thousands of times), its step assigned when first
    asked."""

    tokens: tuple[str, ...]
    sentiment: Sentiment
    language: DetectedLanguage
    assignment: StepAssignment | None = None


def _read_text(text: str) -> _TextReading:
    """The tokens, sentiment and language of ``text``.

    >>> reading = _read_text("Fees abroad are a rip-off")
    >>> reading.language.value, reading.sentiment.label.value
    ('en', 'negative')
    """
    tokens = tokenize(text)
    return _TextReading(tokens, score_sentiment(text, tokens), detect_language(text, tokens))


def _step_of(
    verbatim: Verbatim, reading: _TextReading, assigner: StepAssigner | None
) -> tuple[str | None, str, float]:
    if verbatim.step:
        return verbatim.step, "given", 1.0
    if assigner is None:
        return None, "unassigned", 0.0
    if reading.assignment is None:
        reading.assignment = assigner.assign(verbatim.text, reading.tokens)
    assignment = reading.assignment
    if assignment.step is None:
        return None, "unassigned", assignment.score
    return assignment.step, "text", assignment.score
