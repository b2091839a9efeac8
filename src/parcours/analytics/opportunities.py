"""Opportunities proposed from evidence, their estimated impact and the two to start with.

Every candidate answers one piece of evidence (``docs/analytics.md``, "Opportunities"):

- a **drop-off** at a stage of the main path: customers affected = the decided customers
  of the previous stage (reached it minus in flight), severity = the drop-off rate above
  the journey's usual rate, the median of the main path's rates (so ``affected x
  severity`` = the customers dropped beyond the norm); rates at or under it are not
  proposed, and with fewer than three transitions the norm is 0;
- a **long wait** before a stage: affected = the customers who waited, severity = the
  share of the median wait above the reference wait, ``1 - reference / median`` (the
  reference: the median of the median waits of every transition of the main path); waits
  at or under the reference are not proposed;
- a **costly detour** (optional or exception step): affected = the customers who took it,
  severity = ``customers_lost / customers`` (the conversion gap of the decided takers);
- a **negative theme** (:class:`NegativeTheme`, from the verbatims): affected = the
  customers at the step (else the verbatims), severity = ``mentions / verbatims x
  valence``;
- a **satisfaction gap** (:class:`SatisfactionGap`): affected = the customers at the step
  (else the respondents), severity = ``(reference - score) / (scale max - scale min)``;
- a **channel gap** (:class:`ChannelGap`): at a step, affected = the answers through the
  channel, severity = ``(best channel's score - score) / (scale max - scale min)``.

``impact_estimate = customers affected x severity x value`` where value is the map's
``journey.conversion_value`` (1 when it has none: the estimate is then in customers).
The 1-5 impact score is ``ceil(5 x estimate / largest estimate)`` (at least 1); a person's
``impact_override`` replaces it. The effort is entered by a person; a candidate's effort
is 3 (medium) flagged ``effort_unknown``. Ranking: impact score / effort, then impact
score, then the estimate (larger first), then the title; the first two open ones
(not done nor dropped) are the two actions to start with.

>>> from parcours.analytics.testing import tiny_log
>>> from parcours.analytics import AnalysisOptions, analyze
>>> from parcours.engine import Engine
>>> engine = Engine.duckdb()
>>> result = analyze(engine, tiny_log(engine), ["a", "b"], AnalysisOptions(window_seconds=None))
>>> proposal = propose_opportunities(result)
>>> [(o.id, o.impact_estimate, o.impact) for o in proposal.candidates]
[('opp-drop-off-b', 1.0, 5)]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING, Any

from parcours.analytics.options import ScoreScale
from parcours.i18n import Catalog
from parcours.model import Evidence, EvidenceKind, Opportunity, OpportunityStatus, slugify

if TYPE_CHECKING:
    from parcours.analytics.analysis import JourneyAnalysis

TITLES = Catalog(
    {
        "drop_off": {
            "en": "Reduce the drop-off before “{step}”",
            "fr": "Réduire l'abandon avant « {step} »",
        },
        "wait": {
            "en": "Shorten the wait before “{step}”",
            "fr": "Raccourcir l'attente avant « {step} »",
        },
        "detour": {
            "en": "Make “{step}” unnecessary or less costly",
            "fr": "Rendre « {step} » inutile ou moins coûteux",
        },
        "negative_theme": {
            "en": "Address “{theme}” at “{step}”",
            "fr": "Traiter « {theme} » à « {step} »",
        },
        "satisfaction_gap": {
            "en": "Raise satisfaction at “{step}”",
            "fr": "Améliorer la satisfaction à « {step} »",
        },
        "channel_gap": {
            "en": "Bring “{channel}” up to the level of “{best_channel}” at “{step}”",
            "fr": "Amener « {channel} » au niveau de « {best_channel} » à « {step} »",
        },
        "any_step": {"en": "every step", "fr": "toutes les étapes"},
        "customers": {"en": "customers", "fr": "clients"},
        "value": {"en": "value", "fr": "valeur"},
    }
)

OPEN_STATUSES = (OpportunityStatus.IDEA, OpportunityStatus.PLANNED, OpportunityStatus.IN_PROGRESS)
"""Statuses of an opportunity that can still be started."""

TOP = 2
"""How many actions the method says to start with."""

MIN_TRANSITIONS_FOR_NORM = 3
"""Fewest main-path transitions for a drop-off norm (:func:`reference_drop_off_rate`)."""

MIN_RESPONSES = 30
"""Fewest scores at a step for :func:`satisfaction_gaps` to read a gap there (a smaller
sample is not shown as a fact)."""


@dataclass(frozen=True)
class SatisfactionGap:
    """Measured satisfaction at a step below its reference (from survey answers).

    ``score`` is the mean on the scale ``scale_min..scale_max``; ``reference`` the level
    it should reach (a target, or the journey's mean).

    >>> SatisfactionGap(step="call", score=2.5, reference=4.0, responses=40).gap
    0.375
    """

    step: str
    score: float
    reference: float
    responses: int
    scale_min: float = 1.0
    scale_max: float = 5.0

    @property
    def gap(self) -> float:
        """``(reference - score) / (scale_max - scale_min)``, within 0..1."""
        span = self.scale_max - self.scale_min
        if span <= 0:
            return 0.0
        return min(1.0, max(0.0, (self.reference - self.score) / span))


@dataclass(frozen=True)
class NegativeTheme:
    """A negative theme of the verbatims (from text analysis).

    ``mentions`` of the ``verbatims`` answered at ``step`` (None: not tied to a step)
    carry the theme; ``valence`` is its mean strength, 0 (neutral) to 1 (very negative).

    >>> NegativeTheme(label="frais", step="fees", mentions=30, verbatims=100).severity
    0.15
    """

    label: str
    step: str | None
    mentions: int
    verbatims: int
    valence: float = 0.5
    quotes: tuple[str, ...] = ()

    @property
    def severity(self) -> float:
        """``mentions / verbatims x valence``, within 0..1."""
        if self.verbatims <= 0:
            return 0.0
        share = min(1.0, self.mentions / self.verbatims)
        return round(share * min(1.0, max(0.0, self.valence)), 12)


@dataclass(frozen=True)
class ChannelGap:
    """Satisfaction through ``channel`` at ``step`` below the step's best channel's, by a
    significant difference (:func:`parcours.analytics.feedback.channel_gaps`).

    ``responses`` answered through ``channel`` there; scores are means on
    ``scale_min..scale_max``.

    >>> ChannelGap(step="support", channel="phone", best_channel="chat", score=2.0,
    ...     best_score=4.0, responses=120).gap
    0.5
    """

    step: str | None
    channel: str
    best_channel: str
    score: float
    best_score: float
    responses: int
    scale_min: float = 1.0
    scale_max: float = 5.0

    @property
    def gap(self) -> float:
        """``(best_score - score) / (scale_max - scale_min)``, within 0..1."""
        span = self.scale_max - self.scale_min
        if span <= 0:
            return 0.0
        return min(1.0, max(0.0, (self.best_score - self.score) / span))


@dataclass(frozen=True)
class OpportunityProposal:
    """The candidates (best first) and the map's opportunities merged with them, ranked."""

    candidates: tuple[Opportunity, ...]
    ranked: tuple[Opportunity, ...]
    top: tuple[str, ...]
    """Ids of the two actions to start with (open opportunities, by rank)."""
    unit: str = "customers"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "unit": self.unit,
            "top": list(self.top),
            "candidates": [o.model_dump(mode="json") for o in self.candidates],
            "ranked": [
                {
                    "rank": k + 1,
                    "id": o.id,
                    "title": o.title,
                    "impact": o.scored_impact,
                    "impact_estimate": o.impact_estimate,
                    "impact_overridden": o.impact_override is not None,
                    "effort": o.effort,
                    "effort_unknown": o.effort_unknown,
                    "quadrant": o.quadrant,
                    "status": o.status.value,
                }
                for k, o in enumerate(self.ranked)
            ],
        }


def propose_opportunities(
    analysis: JourneyAnalysis,
    *,
    gaps: Sequence[SatisfactionGap] = (),
    themes: Sequence[NegativeTheme] = (),
    channels: Sequence[ChannelGap] = (),
    existing: Sequence[Opportunity] = (),
    value: float | None = None,
    currency: str = "",
    names: Mapping[str, str] | None = None,
    lang: str = "en",
) -> OpportunityProposal:
    """Candidates from the evidence of ``analysis`` (and of the typed voice-of-the-customer
    inputs), scored and merged with the ``existing`` opportunities of the map (an existing
    one with a candidate's id keeps what a person wrote: effort, override, status, dates,
    title; its evidence and estimate are refreshed). See the module docstring."""
    names = names or {}
    customers = {s.step: s.customers for s in analysis.step_stats.steps}
    evidence = [
        *_drop_offs(analysis),
        *_waits(analysis),
        *_detours(analysis),
        *_themes(themes, customers),
        *_gaps(gaps, customers),
        *_channel_gaps(channels),
    ]
    weight = 1.0 if value is None else value
    unit = (currency or TITLES.text("value", lang)) if value is not None else "customers"
    raw = [
        _candidate(kind, evidence_item, key, weight, value, unit, names, lang)
        for kind, evidence_item, key in evidence
    ]
    raw = [o for o in raw if (o.impact_estimate or 0) > 0]
    scored = score_impacts([*raw, *_estimated(existing, {o.id for o in raw})])
    by_id: dict[str | None, Opportunity] = {o.id: o for o in existing if o.id is not None}
    candidates = tuple(
        rank_opportunities([_merged(o, by_id.get(o.id)) for o in scored if o.id in _ids(raw)])
    )
    kept = [o for o in existing if o.id not in _ids(candidates)]
    kept = [_rescored(o, scored) for o in kept]
    ranked = tuple(rank_opportunities([*kept, *candidates]))
    return OpportunityProposal(
        candidates=candidates,
        ranked=ranked,
        top=top_actions(ranked),
        unit=unit,
    )


def satisfaction_gaps(
    analysis: JourneyAnalysis, min_responses: int = MIN_RESPONSES
) -> tuple[SatisfactionGap, ...]:
    """The satisfaction gaps the log's own ``score`` column shows: every step with at least
    ``min_responses`` scores whose mean is below the mean of all the scores of the log
    (the reference), on the analysis' scale (1-5 or 0-10).

    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.analytics import analyze
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> satisfaction_gaps(analyze(engine, tiny_log(engine), ["a", "b"]))
    ()
    """
    overall = analysis.satisfaction.overall.mean_score
    if overall is None:
        return ()
    high = 10.0 if analysis.satisfaction.scale is ScoreScale.ZERO_TO_TEN else 5.0
    low = 0.0 if analysis.satisfaction.scale is ScoreScale.ZERO_TO_TEN else 1.0
    return tuple(
        SatisfactionGap(
            step=s.step,
            score=s.mean_score,
            reference=overall,
            responses=s.responses,
            scale_min=low,
            scale_max=high,
        )
        for s in analysis.satisfaction.steps
        if s.step is not None
        and s.mean_score is not None
        and s.responses >= min_responses
        and s.mean_score < overall
    )


def _ids(opportunities: Iterable[Opportunity]) -> set[str | None]:
    return {o.id for o in opportunities}


def _estimated(existing: Sequence[Opportunity], fresh: set[str | None]) -> list[Opportunity]:
    """Existing opportunities with an estimate and no fresh candidate: they share the scale."""
    return [o for o in existing if o.impact_estimate is not None and o.id not in fresh]


def _rescored(o: Opportunity, scored: Sequence[Opportunity]) -> Opportunity:
    return next((s for s in scored if s.id is not None and s.id == o.id), o)


def score_impacts(opportunities: Sequence[Opportunity]) -> list[Opportunity]:
    """The 1-5 ``impact`` of every opportunity with an estimate: ``ceil(5 x estimate /
    largest estimate)``, at least 1; the others are returned as they are.

    >>> ops = [Opportunity(title="A", impact_estimate=100), Opportunity(title="B",
    ...     impact_estimate=30), Opportunity(title="C", impact=2)]
    >>> [o.impact for o in score_impacts(ops)]
    [5, 2, 2]
    """
    largest = max((o.impact_estimate or 0.0 for o in opportunities), default=0.0)
    if largest <= 0:
        return list(opportunities)
    return [
        o
        if o.impact_estimate is None
        else o.model_copy(update={"impact": impact_score(o.impact_estimate, largest)})
        for o in opportunities
    ]


def impact_score(estimate: float, largest: float) -> int:
    """``ceil(5 x estimate / largest)`` within 1..5.

    >>> impact_score(50, 100), impact_score(0.1, 100), impact_score(100, 100)
    (3, 1, 5)
    """
    if largest <= 0:
        return 1
    return min(5, max(1, math.ceil(round(5 * estimate / largest, 9))))


def rank_opportunities(opportunities: Iterable[Opportunity]) -> list[Opportunity]:
    """Best first: impact score / effort, impact score, estimate, then title.

    >>> ops = [Opportunity(title="B", impact=4, effort=2), Opportunity(title="A",
    ...     impact=2, effort=1), Opportunity(title="C", impact=5, effort=5)]
    >>> [o.title for o in rank_opportunities(ops)]
    ['B', 'A', 'C']
    """
    return sorted(
        opportunities,
        key=lambda o: (
            -o.priority,
            -o.scored_impact,
            -(o.impact_estimate or 0.0),
            o.title.casefold(),
        ),
    )


def top_actions(ranked: Sequence[Opportunity], count: int = TOP) -> tuple[str, ...]:
    """Ids of the first ``count`` open opportunities of ``ranked`` (the ones to start with).

    >>> ops = [Opportunity(id="x", title="X", status="done"), Opportunity(id="y", title="Y"),
    ...     Opportunity(id="z", title="Z")]
    >>> top_actions(ops)
    ('y', 'z')
    """
    chosen = [o.id for o in ranked if o.status in OPEN_STATUSES and o.id is not None]
    return tuple(chosen[:count])


# ------------------------------------------------------------------ evidence
_TITLE_FIELDS = ("theme", "channel", "best_channel")
"""Evidence details a candidate's title names."""

Found = tuple[EvidenceKind, Evidence, str]
"""The kind, the evidence and the key naming the candidate (step or theme + step)."""


def _drop_offs(analysis: JourneyAnalysis) -> Iterable[Found]:
    transitions = [
        (previous, stage, previous.reached - stage.in_flight)
        for previous, stage in itertools.pairwise(analysis.funnel.steps)
    ]
    reference = reference_drop_off_rate(
        [stage.dropped / decided for _, stage, decided in transitions if decided > 0]
    )
    for previous, stage, decided in transitions:
        if stage.dropped <= 0 or decided <= 0:
            continue
        rate = stage.dropped / decided
        if rate <= reference:
            continue
        evidence = Evidence(
            kind=EvidenceKind.DROP_OFF,
            step=stage.step,
            customers_affected=decided,
            severity=rate - reference,
            details={
                "previous_step": previous.step,
                "dropped": stage.dropped,
                "drop_off_rate": stage.drop_off_rate,
                "reference_drop_off_rate": reference,
            },
        )
        yield EvidenceKind.DROP_OFF, evidence, stage.step


def reference_drop_off_rate(rates: Sequence[float]) -> float:
    """The journey's usual drop-off rate, which no action at one stage removes: the median
    of the main path's drop-off rates (dropped / decided) when it has at least
    :data:`MIN_TRANSITIONS_FOR_NORM` transitions, else 0 (too few to tell a norm).

    >>> reference_drop_off_rate([0.1, 0.1, 0.4]), reference_drop_off_rate([0.1, 0.4])
    (0.1, 0.0)
    """
    if len(rates) < MIN_TRANSITIONS_FOR_NORM:
        return 0.0
    return float(median(rates))


def _waits(analysis: JourneyAnalysis) -> Iterable[Found]:
    stages = analysis.funnel.steps
    medians = [
        s.delay_from_previous_seconds.median
        for s in stages[1:]
        if s.delay_from_previous_seconds is not None
        and s.delay_from_previous_seconds.median is not None
    ]
    if not medians:
        return
    reference = median(medians)
    for previous, stage in itertools.pairwise(stages):
        delay = stage.delay_from_previous_seconds
        if delay is None or delay.median is None or delay.median <= reference:
            continue
        evidence = Evidence(
            kind=EvidenceKind.WAIT,
            step=stage.step,
            customers_affected=delay.count,
            severity=1 - reference / delay.median if delay.median > 0 else 0.0,
            details={
                "previous_step": previous.step,
                "median_wait_seconds": delay.median,
                "p90_wait_seconds": delay.p90,
                "reference_wait_seconds": reference,
            },
        )
        yield EvidenceKind.WAIT, evidence, stage.step


def _detours(analysis: JourneyAnalysis) -> Iterable[Found]:
    for detour in analysis.breaking_points.detours:
        if detour.customers_lost <= 0 or detour.customers <= 0:
            continue
        evidence = Evidence(
            kind=EvidenceKind.DETOUR,
            step=detour.step,
            customers_affected=detour.customers,
            severity=min(1.0, detour.customers_lost / detour.customers),
            details={
                "customers_lost": detour.customers_lost,
                "conversion_with": detour.conversion_with,
                "conversion_without": detour.conversion_without,
                "days_lost": detour.days_lost,
            },
        )
        yield EvidenceKind.DETOUR, evidence, detour.step


def _themes(themes: Sequence[NegativeTheme], customers: Mapping[str, int]) -> Iterable[Found]:
    for theme in themes:
        reached = customers.get(theme.step, 0) if theme.step is not None else 0
        evidence = Evidence(
            kind=EvidenceKind.NEGATIVE_THEME,
            step=theme.step if theme.step in customers else None,
            customers_affected=reached or theme.verbatims,
            severity=theme.severity,
            details={
                "theme": theme.label,
                "mentions": theme.mentions,
                "verbatims": theme.verbatims,
                "valence": theme.valence,
            },
            quotes=list(theme.quotes[:3]),
        )
        yield EvidenceKind.NEGATIVE_THEME, evidence, f"{theme.label}-{theme.step or 'all'}"


def _gaps(gaps: Sequence[SatisfactionGap], customers: Mapping[str, int]) -> Iterable[Found]:
    for gap in gaps:
        if gap.gap <= 0:
            continue
        evidence = Evidence(
            kind=EvidenceKind.SATISFACTION_GAP,
            step=gap.step if gap.step in customers else None,
            customers_affected=customers.get(gap.step, 0) or gap.responses,
            severity=gap.gap,
            details={
                "score": gap.score,
                "reference": gap.reference,
                "responses": gap.responses,
                "scale_min": gap.scale_min,
                "scale_max": gap.scale_max,
            },
        )
        yield EvidenceKind.SATISFACTION_GAP, evidence, gap.step


def _channel_gaps(gaps: Sequence[ChannelGap]) -> Iterable[Found]:
    for gap in gaps:
        if gap.gap <= 0 or gap.responses <= 0:
            continue
        evidence = Evidence(
            kind=EvidenceKind.CHANNEL_GAP,
            step=gap.step,
            customers_affected=gap.responses,
            severity=gap.gap,
            details={
                "channel": gap.channel,
                "best_channel": gap.best_channel,
                "score": gap.score,
                "best_score": gap.best_score,
                "responses": gap.responses,
                "scale_min": gap.scale_min,
                "scale_max": gap.scale_max,
            },
        )
        yield EvidenceKind.CHANNEL_GAP, evidence, f"{gap.channel}-{gap.step or 'all'}"


def _candidate(
    kind: EvidenceKind,
    evidence: Evidence,
    key: str,
    weight: float,
    value: float | None,
    unit: str,
    names: Mapping[str, str],
    lang: str,
) -> Opportunity:
    step = evidence.step
    step_name = names.get(step, step) if step else TITLES.text("any_step", lang)
    details = {k: str(v) for k, v in evidence.details.items() if k in _TITLE_FIELDS}
    evidence = evidence.model_copy(update={"value": value})
    estimate = evidence.customers_affected * evidence.severity * weight
    return Opportunity(
        id=f"opp-{kind.value.replace('_', '-')}-{slugify(key, max_length=60)}",
        title=TITLES.text(kind.value, lang, step=step_name, **details),
        steps=[step] if step else [],
        evidence=[evidence],
        impact_estimate=round(estimate, 6),
        impact_unit=unit,
        effort_unknown=True,
    )


def _merged(candidate: Opportunity, previous: Opportunity | None) -> Opportunity:
    """A candidate already in the map keeps what a person wrote there."""
    if previous is None:
        return candidate
    return previous.model_copy(
        update={
            "evidence": candidate.evidence,
            "impact_estimate": candidate.impact_estimate,
            "impact_unit": candidate.impact_unit,
            "impact": candidate.impact,
            "steps": previous.steps or candidate.steps,
        }
    )
