"""What the analysis report and the demo add once survey answers are read: the alerts of
the map's thresholds and the ranked opportunities, both from the same answers joined to
the journey as ``analyze --feedback`` joined them (no second reading of the files).

- :func:`analysis_alerts`: :func:`parcours.services.alerts.evaluate_scores` on the placed
  answers, with the surveys the listening plan sends on the event log (response rates);
- :func:`analysis_opportunities`: :func:`parcours.services.opportunities.propose_for_map`
  with the voice evidence of the answers (satisfaction gaps, irritants, dated scores).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from parcours.analytics.alerts import AlertReport
from parcours.analytics.opportunities import OpportunityProposal
from parcours.services.alerts import evaluate_scores, placed_scores, sent_per_step
from parcours.services.analysis import AnalysisOutcome
from parcours.services.opportunities import propose_for_map, voice_from_feedback


@dataclass(frozen=True)
class VoiceSections:
    """The alerts and opportunities of one analysis (None without survey answers)."""

    alerts: AlertReport | None = None
    opportunities: OpportunityProposal | None = None


def analysis_alerts(
    outcome: AnalysisOutcome, *, since: dt.date | None = None, days: int | None = None
) -> AlertReport | None:
    """The map's thresholds evaluated on the analysis' survey answers (None without).

    The current period is the analysis' recent period (``recent_days``) unless ``days``
    or ``since`` is given."""
    voice = outcome.feedback
    if voice is None or voice.table is None:
        return None
    engine = outcome.log.engine
    m = outcome.journey_map
    sent = sent_per_step(engine, outcome.matched.table, m)
    scores = placed_scores(engine, voice.table)
    return evaluate_scores(m, scores, sent=sent, since=since, days=days or voice.recent_days)


def analysis_opportunities(outcome: AnalysisOutcome) -> OpportunityProposal:
    """The ranked opportunities of the analysis, with the answers' evidence when read."""
    voice = None
    if outcome.feedback is not None:
        voice = voice_from_feedback(outcome.feedback, outcome.log.engine)
    proposal, _ = propose_for_map(outcome.journey_map, outcome, voice)
    return proposal


def voice_sections(outcome: AnalysisOutcome, *, days: int | None = None) -> VoiceSections:
    """Both sections for the report (empty without survey answers)."""
    if outcome.feedback is None:
        return VoiceSections()
    return VoiceSections(analysis_alerts(outcome, days=days), analysis_opportunities(outcome))
