"""Assignment of an unlabelled verbatim to a step, from the map's own words.

Each step is described by its name (weight 3), touchpoints (2), description (1.5), customer
goal, actions, irritants and enchantments (1). Its profile is a vector of *concepts*
(language-independent, :mod:`.concepts`) and of word stems, each weighted by how rare it is
across steps (idf). A verbatim gets the step whose profile is closest (cosine). When the
best score is below ``min_score`` or the runner-up is within ``min_margin`` of it, the
answer is :data:`UNASSIGNED`: a verbatim about "the app" could be any of several steps, and
saying so is better than guessing.

>>> assigner = StepAssigner([
...     StepText("s-card", ("Receive the card by post",)),
...     StepText("s-phone", ("Call customer service", "phone line")),
... ])
>>> assigner.assign("Ma carte n'est jamais arrivée par la poste").step
's-card'
>>> assigner.assign("Bonjour").step is None
True
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from parcours.analytics.text.concepts import concepts_of
from parcours.analytics.text.lexicon import STOPWORDS_EN, STOPWORDS_FR, WORD_SCORES
from parcours.analytics.text.tokens import stem, tokenize

if TYPE_CHECKING:
    from parcours.model.journey import JourneyMap
    from parcours.model.step import Step

UNASSIGNED: Final = None
"""The step of a verbatim the text does not tie to one step."""

_GENERIC: Final = frozenset(
    [
        "bank",
        "banque",
        "banques",
        "banks",
        "compte",
        "comptes",
        "account",
        "accounts",
        "client",
        "clients",
        "customer",
        "customers",
        "online",
        "ligne",
        "service",
    ]
)
_STOPWORDS: Final = STOPWORDS_FR | STOPWORDS_EN | _GENERIC
_CONCEPT_WEIGHT: Final = 1.0
_STEM_WEIGHT: Final = 0.5


@dataclass(frozen=True)
class StepText:
    """The texts that describe one step, most telling first (weights 3, 2, 1.5, then 1)."""

    step: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class StepAssignment:
    """Where a verbatim goes: a step id, or None (unassigned), with the scores."""

    step: str | None
    score: float
    runner_up: str | None
    runner_up_score: float


def step_texts(journey_map: JourneyMap) -> list[StepText]:
    """The :class:`StepText` of every step of a map (outcome steps included)."""
    return [StepText(step.id, _texts_of(step)) for step in journey_map.steps]


def _texts_of(step: Step) -> tuple[str, ...]:
    touchpoints = " ".join(
        f"{t.name} {t.channel.value.replace('_', ' ')}" for t in step.touchpoints
    )
    rest = [step.customer_goal, *step.actions]
    rest += [i.text for i in step.irritants] + [e.text for e in step.enchantments]
    return (step.name, touchpoints, step.description, " ".join(rest))


_FIELD_WEIGHTS: Final = (3.0, 2.0, 1.5)


def _features(text: str, tokens: tuple[str, ...] | None = None) -> dict[str, float]:
    if tokens is None:
        tokens = tokenize(text)
    features: defaultdict[str, float] = defaultdict(float)
    for concept in concepts_of(tokens):
        features[f"c:{concept}"] += _CONCEPT_WEIGHT
    for token in tokens:
        if len(token) > 2 and token not in _STOPWORDS and token not in WORD_SCORES:
            features[f"w:{stem(token)}"] = _STEM_WEIGHT
    return features


class StepAssigner:
    """Assigns verbatims to the closest step (see the module docstring)."""

    def __init__(
        self, steps: Sequence[StepText], *, min_score: float = 0.15, min_margin: float = 0.05
    ) -> None:
        self.min_score = min_score
        self.min_margin = min_margin
        raw = {s.step: _step_features(s.texts) for s in steps}
        document_frequency: Counter[str] = Counter()
        for features in raw.values():
            document_frequency.update(features.keys())
        count = max(1, len(raw))
        self._idf = {f: math.log(1.0 + count / df) for f, df in document_frequency.items()}
        self._steps = list(raw)
        self._index: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, features in enumerate(raw.values()):
            for feature, weight in _unit(self._weigh(features)).items():
                self._index[feature].append((i, weight))

    @classmethod
    def from_map(cls, journey_map: JourneyMap) -> StepAssigner:
        """An assigner over the steps of a journey map."""
        return cls(step_texts(journey_map))

    def _weigh(self, features: dict[str, float]) -> dict[str, float]:
        return {f: w * self._idf[f] for f, w in features.items() if f in self._idf}

    def assign(self, text: str, tokens: tuple[str, ...] | None = None) -> StepAssignment:
        """The step of one verbatim, or None when the text is not telling enough.

        ``tokens``: the text's :func:`tokenize` tokens when the caller has them already.
        """
        totals = [0.0] * len(self._steps)
        for feature, weight in _unit(self._weigh(_features(text, tokens))).items():
            for i, step_weight in self._index.get(feature, ()):
                totals[i] += weight * step_weight
        scores = sorted(
            (
                (total, -i, sid)
                for i, (total, sid) in enumerate(zip(totals, self._steps, strict=True))
            ),
            reverse=True,
        )
        if not scores:
            return StepAssignment(None, 0.0, None, 0.0)
        best, second = scores[0], scores[1] if len(scores) > 1 else (0.0, 0, None)
        confident = best[0] >= self.min_score and (best[0] - second[0]) >= self.min_margin * best[0]
        return StepAssignment(
            step=best[2] if confident else UNASSIGNED,
            score=round(best[0], 4),
            runner_up=second[2],
            runner_up_score=round(second[0], 4),
        )

    def assign_all(self, texts: Iterable[str]) -> list[StepAssignment]:
        """:meth:`assign` for each text, in order."""
        return [self.assign(t) for t in texts]


def _step_features(texts: tuple[str, ...]) -> dict[str, float]:
    total: defaultdict[str, float] = defaultdict(float)
    for i, text in enumerate(texts):
        weight = _FIELD_WEIGHTS[i] if i < len(_FIELD_WEIGHTS) else 1.0
        for feature, value in _features(text).items():
            total[feature] += value * weight
    return total


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}
