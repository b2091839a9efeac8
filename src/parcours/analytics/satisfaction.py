"""Satisfaction per step: mean score, CSAT share and, on a 0-10 scale, NPS.

The scale is the ``score_scale`` option, or inferred from the scores of the whole log:
0-10 when any score is above 5 or below 1, else 1-5. CSAT share is the share of scores
>= 4 (1-5) or >= 8 (0-10); NPS (0-10 only) is ``100 * (share of 9-10 - share of 0-6)``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import ibis.expr.types as ir
import pandas as pd

from parcours.analytics.distribution import number
from parcours.analytics.options import ScoreScale
from parcours.analytics.ordered_log import OrderedLog
from parcours.model import QuestionScale

CSAT_THRESHOLDS = {ScoreScale.ONE_TO_FIVE: 4.0, ScoreScale.ZERO_TO_TEN: 8.0}


@dataclass(frozen=True)
class StepSatisfaction:
    """Scores given on one step (step None: every event of the log)."""

    step: str | None
    position: int | None
    responses: int
    mean_score: float | None
    csat_share: float | None
    nps: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self)


@dataclass(frozen=True)
class Satisfaction:
    """Satisfaction of every map step (map order) and of the whole log."""

    scale: ScoreScale
    csat_threshold: float
    overall: StepSatisfaction
    steps: tuple[StepSatisfaction, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "scale": self.scale.value,
            "csat_threshold": self.csat_threshold,
            "overall": self.overall.to_dict(),
            "steps": [s.to_dict() for s in self.steps],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per step."""
        return pd.DataFrame([s.to_dict() for s in self.steps])


def infer_scale(log: OrderedLog) -> ScoreScale:
    """The option's scale, else 0-10 if any score is > 5 or < 1, else 1-5."""
    if log.options.score_scale is not None:
        return log.options.score_scale
    scores = log.events.score
    bounds = log.engine.execute(log.events.aggregate(low=scores.min(), high=scores.max()))
    row = bounds.to_pylist()[0]
    low, high = number(row["low"]), number(row["high"])
    if (high is not None and high > 5) or (low is not None and low < 1):
        return ScoreScale.ZERO_TO_TEN
    return ScoreScale.ONE_TO_FIVE


def _aggregations(table: ir.Table, scale: ScoreScale) -> dict[str, ir.Scalar]:
    score = table.score
    answered = score.notnull()
    aggs: dict[str, ir.Scalar] = {
        "responses": score.count(),
        "mean_score": score.mean(),
        "satisfied": table.count(where=answered & (score >= CSAT_THRESHOLDS[scale])),
    }
    if scale is ScoreScale.ZERO_TO_TEN:
        nps = QuestionScale.NPS
        aggs["promoters"] = table.count(where=answered & (score >= nps.top_box))
        aggs["detractors"] = table.count(where=answered & (score <= nps.bottom_box))
    return aggs


def _row(step: str | None, position: int | None, row: dict[str, Any]) -> StepSatisfaction:
    responses = int(row.get("responses") or 0)
    nps = None
    if responses and "promoters" in row:
        nps = 100.0 * (int(row["promoters"]) - int(row["detractors"])) / responses
    return StepSatisfaction(
        step=step,
        position=position,
        responses=responses,
        mean_score=number(row.get("mean_score")),
        csat_share=int(row["satisfied"]) / responses if responses else None,
        nps=nps,
    )


def satisfaction(log: OrderedLog) -> Satisfaction:
    """Satisfaction per step and overall.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> satisfaction(log).steps[0].responses
    0
    """
    scale = infer_scale(log)
    engine = log.engine
    events = log.step_events
    overall = engine.execute(log.events.aggregate(**_aggregations(log.events, scale)))
    per_step = engine.execute(
        events.group_by("step_pos").aggregate(**_aggregations(events, scale))
    ).to_pylist()
    by_position = {r["step_pos"]: r for r in per_step}
    steps = tuple(
        _row(step, position, by_position.get(position, {"satisfied": 0}))
        for position, step in enumerate(log.steps)
    )
    return Satisfaction(
        scale=scale,
        csat_threshold=CSAT_THRESHOLDS[scale],
        overall=_row(None, None, overall.to_pylist()[0]),
        steps=steps,
    )
