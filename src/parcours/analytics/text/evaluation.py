"""Accuracy of the text analytics on a labelled set, against a plain lexicon baseline.

The labelled sets live in ``tests/analytics/text/data`` (a development part the lexicon
was tuned on and a held-out part it never was); ``benchmarks/text_throughput.py`` prints
these figures and ``docs/voice-of-the-customer.md`` reports them.

- Sentiment accuracy: share of verbatims whose label (negative / neutral / positive)
  matches. Baseline: a plain polarity word count with the same word list, no negation, no
  expressions, no complaint patterns, no irony, no contrast.
- Step accuracy: on verbatims labelled with a step of the bank template (``unassigned``
  included as a right answer), share of exact answers; coverage is the share assigned to a
  step. Baseline: the step whose name shares the most words with the verbatim.
- Theme purity: each predicted theme's most frequent gold theme, summed, over all
  verbatims (1.0 = no theme mixes two gold themes); with the number of predicted themes,
  since one theme per verbatim would be pure too.

>>> row = LabelledVerbatim("fr", "bank", "neg", "s-monthly", "double_debit",
...     "On m'a prélevé deux fois")
>>> sentiment_accuracy([row]), baseline_sentiment_accuracy([row])
(1.0, 0.0)
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parcours.analytics.text.assign import StepAssigner
from parcours.analytics.text.lexicon import WORD_SCORES
from parcours.analytics.text.sentiment import score_sentiment
from parcours.analytics.text.themes import ThemeItem, theme_keys
from parcours.analytics.text.tokens import stem, tokenize

_SHORT = {"negative": "neg", "neutral": "neu", "positive": "pos"}


@dataclass(frozen=True)
class LabelledVerbatim:
    """One row of an evaluation set."""

    lang: str
    domain: str
    sentiment: str
    """``neg``, ``neu`` or ``pos``."""
    step: str
    """A step id, ``unassigned``, or ``-`` when the domain has no map."""
    theme: str
    text: str


def read_labelled(path: Path) -> list[LabelledVerbatim]:
    """Rows of a tab-separated evaluation file (header: lang domain sentiment step theme text)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [LabelledVerbatim(**row) for row in rows]


def sentiment_accuracy(rows: Sequence[LabelledVerbatim]) -> float:
    """Share of rows whose sentiment label is right."""
    right = sum(_SHORT[score_sentiment(r.text).label.value] == r.sentiment for r in rows)
    return right / len(rows) if rows else 0.0


def baseline_label(text: str) -> str:
    """The plain word-count baseline: sign of (positive words - negative words).

    >>> baseline_label("not bad"), baseline_label("pas mal")
    ('neg', 'neu')
    """
    total = sum(WORD_SCORES.get(t, 0.0) for t in tokenize(text))
    return "pos" if total > 0 else "neg" if total < 0 else "neu"


def baseline_sentiment_accuracy(rows: Sequence[LabelledVerbatim]) -> float:
    """:func:`sentiment_accuracy` of the baseline."""
    return sum(baseline_label(r.text) == r.sentiment for r in rows) / len(rows) if rows else 0.0


@dataclass(frozen=True)
class StepScore:
    """Step assignment figures."""

    accuracy: float
    coverage: float
    """Share of verbatims assigned to a step (not unassigned)."""
    precision: float
    """Among verbatims assigned to a step, the share on the right step."""


def step_score(rows: Sequence[LabelledVerbatim], assigner: StepAssigner) -> StepScore:
    """Step figures of ``assigner`` on the rows that carry a step label."""
    labelled = [r for r in rows if r.step != "-"]
    answers = [assigner.assign(r.text).step or "unassigned" for r in labelled]
    return _step_figures(labelled, answers)


def baseline_step_score(rows: Sequence[LabelledVerbatim], names: dict[str, str]) -> StepScore:
    """The step whose name shares the most stems with the verbatim (ties and none: unassigned)."""
    stems = {sid: {stem(t) for t in tokenize(name) if len(t) > 3} for sid, name in names.items()}
    labelled = [r for r in rows if r.step != "-"]
    answers = []
    for row in labelled:
        words = {stem(t) for t in tokenize(row.text) if len(t) > 3}
        ranked = sorted(((len(words & s), sid) for sid, s in stems.items()), reverse=True)
        best = ranked[0] if ranked else (0, "")
        tied = len(ranked) > 1 and ranked[1][0] == best[0]
        answers.append(best[1] if best[0] > 0 and not tied else "unassigned")
    return _step_figures(labelled, answers)


def _step_figures(labelled: Sequence[LabelledVerbatim], answers: Sequence[str]) -> StepScore:
    if not labelled:
        return StepScore(0.0, 0.0, 0.0)
    right = sum(a == r.step for a, r in zip(answers, labelled, strict=True))
    assigned = [(a, r) for a, r in zip(answers, labelled, strict=True) if a != "unassigned"]
    precise = sum(a == r.step for a, r in assigned)
    return StepScore(
        accuracy=right / len(labelled),
        coverage=len(assigned) / len(labelled),
        precision=precise / len(assigned) if assigned else 0.0,
    )


@dataclass(frozen=True)
class ThemeScore:
    """Theme figures."""

    purity: float
    """Per predicted theme, the count of its most frequent gold theme; summed, over all."""
    inverse_purity: float
    """Per gold theme, the count in the predicted theme holding most of it; summed, over all."""
    agreement: float
    """Share of verbatims whose predicted key is the gold key (same catalogue)."""
    themes: int
    gold_themes: int


def theme_score(rows: Sequence[LabelledVerbatim]) -> ThemeScore:
    """Theme figures of the predicted themes over all rows (one group, as within a step)."""
    items = [
        ThemeItem(r.text, tokenize(r.text), None, score_sentiment(r.text).label, 0.0, None)
        for r in rows
    ]
    return _purity(rows, theme_keys(items))


def baseline_theme_score(rows: Sequence[LabelledVerbatim]) -> ThemeScore:
    """Baseline: each verbatim grouped under its longest word (a naive keyword)."""
    keys = [max(tokenize(r.text), key=lambda t: (len(t), t), default="") for r in rows]
    return _purity(rows, keys)


def _purity(rows: Sequence[LabelledVerbatim], keys: Sequence[str]) -> ThemeScore:
    predicted: dict[str, Counter[str]] = defaultdict(Counter)
    gold: dict[str, Counter[str]] = defaultdict(Counter)
    for row, key in zip(rows, keys, strict=True):
        predicted[key][row.theme] += 1
        gold[row.theme][key] += 1
    total = len(rows) or 1
    return ThemeScore(
        purity=sum(c.most_common(1)[0][1] for c in predicted.values()) / total,
        inverse_purity=sum(c.most_common(1)[0][1] for c in gold.values()) / total,
        agreement=sum(k == r.theme for k, r in zip(keys, rows, strict=True)) / total,
        themes=len(predicted),
        gold_themes=len(gold),
    )
