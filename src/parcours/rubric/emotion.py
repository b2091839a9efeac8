"""Rules about the experience curve: the estimated emotion of each persona at each step.

The curve is *plausible* when every persona has an estimate at every step, the curve
moves, it dips where the map records irritants or breaking points, it rises where it
records enchantments, and its negative (and very positive) points are explained.

>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "Demo"}, personas=[{"id": "p-1", "name": "Léa"}],
...     steps=[{"id": "s-1", "name": "Payer"}])
>>> EMOTION_COVERAGE(m)[0].message("fr")
'L’étape « Payer » n’a pas d’émotion estimée pour : Léa.'
"""

from __future__ import annotations

from parcours.model import EMOTION_MAX, JourneyMap, Measure, Persona, Step
from parcours.rubric.finding import Finding, Severity
from parcours.rubric.rule import Rule


def _names(personas: list[Persona]) -> str:
    return ", ".join(p.name for p in personas)


def _emotion_coverage(m: JourneyMap) -> list[Finding]:
    findings: list[Finding] = []
    for step in m.steps:
        missing = [p for p in m.personas if step.emotion_for(p.id) is None]
        if missing:
            findings.append(
                EMOTION_COVERAGE.finding(
                    step.id, "missing", step=step.name, personas=_names(missing)
                )
            )
    return findings


def _emotion_variation(m: JourneyMap) -> list[Finding]:
    findings: list[Finding] = []
    for persona in m.personas:
        scores = [e.score for s in m.steps if (e := s.emotion_for(persona.id)) is not None]
        if len(scores) >= 2 and len(set(scores)) == 1:
            findings.append(
                EMOTION_VARIATION.finding(
                    persona.id, "flat", persona=persona.name, score=scores[0], steps=len(scores)
                )
            )
    return findings


def _scores(step: Step) -> list[int]:
    return [e.score for e in step.emotions]


def _emotion_lows(m: JourneyMap) -> list[Finding]:
    findings: list[Finding] = []
    for step in m.steps:
        scores = _scores(step)
        if not scores or min(scores) < 0:
            continue
        if step.breaking_point:
            findings.append(EMOTION_LOWS.finding(step.id, "breaking-point", step=step.name))
        elif step.irritants:
            irritant = step.irritants[0].text
            findings.append(
                EMOTION_LOWS.finding(step.id, "irritant", step=step.name, irritant=irritant)
            )
    return findings


def _emotion_highs(m: JourneyMap) -> list[Finding]:
    findings: list[Finding] = []
    for step in m.steps:
        scores = _scores(step)
        mixed = step.irritants or step.breaking_point
        if step.enchantments and scores and not mixed and max(scores) <= 0:
            enchantment = step.enchantments[0].text
            findings.append(
                EMOTION_HIGHS.finding(step.id, "flat", step=step.name, enchantment=enchantment)
            )
    return findings


def _emotion_explained(m: JourneyMap) -> list[Finding]:
    findings: list[Finding] = []
    for step in m.steps:
        emotions = [(e, m.persona(e.persona)) for e in step.emotions]
        if not (step.irritants or step.breaking_point):
            low = [p for e, p in emotions if e.score < 0]
            if low:
                findings.append(
                    EMOTION_EXPLAINED.finding(step.id, "low", step=step.name, personas=_names(low))
                )
        if not step.enchantments:
            high = [p for e, p in emotions if e.score == EMOTION_MAX]
            if high:
                findings.append(
                    EMOTION_EXPLAINED.finding(
                        step.id, "high", step=step.name, personas=_names(high)
                    )
                )
    return findings


MEASURED_GAP = 1.5
"""Measured and estimated emotions (-2..+2) disagree strongly when they differ by this much."""


def _emotion_measured(m: JourneyMap) -> list[Finding]:
    """Steps whose measured emotion (latest snapshot with survey answers, all customers, not
    a small sample) is :data:`MEASURED_GAP` or more away from the personas' mean estimate."""
    snapshot = next(
        (
            s
            for s in reversed(m.measurements)
            if any(v.measure is Measure.MEASURED_EMOTION for v in s.values)
        ),
        None,
    )
    if snapshot is None:
        return []
    measured = {
        v.step: v
        for v in snapshot.values
        if v.measure is Measure.MEASURED_EMOTION
        and v.step
        and v.overall
        and v.value is not None
        and not v.small_sample
    }
    findings: list[Finding] = []
    for step in m.steps:
        value = measured.get(step.id)
        scores = _scores(step)
        if value is None or value.value is None or not scores:
            continue
        estimated = sum(scores) / len(scores)
        gap = value.value - estimated
        if abs(gap) < MEASURED_GAP:
            continue
        findings.append(
            EMOTION_MEASURED.finding(
                step.id,
                "lower" if gap < 0 else "higher",
                step=step.name,
                measured=f"{value.value:+.1f}",
                estimated=f"{estimated:+.1f}",
                responses=value.responses or 0,
            )
        )
    return findings


EMOTION_COVERAGE = Rule("emotion-coverage", Severity.ERROR, _emotion_coverage)
EMOTION_VARIATION = Rule("emotion-variation", Severity.WARNING, _emotion_variation)
EMOTION_LOWS = Rule("emotion-lows", Severity.WARNING, _emotion_lows)
EMOTION_HIGHS = Rule("emotion-highs", Severity.WARNING, _emotion_highs)
EMOTION_EXPLAINED = Rule("emotion-explained", Severity.INFO, _emotion_explained)
EMOTION_MEASURED = Rule("emotion-measured", Severity.WARNING, _emotion_measured)
