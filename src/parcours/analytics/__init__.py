"""parcours.analytics: pure analytics on matched event logs, returning typed results.

Everything is an Ibis expression executed by a :class:`parcours.engine.Engine`; the log
is sorted once per analysis. Semantics are documented in ``docs/analytics.md``.

>>> from parcours.engine import Engine
>>> from parcours.analytics import analyze
>>> from parcours.analytics.testing import tiny_log
>>> engine = Engine.duckdb()
>>> analyze(engine, tiny_log(engine), ["a", "b"]).funnel.steps[1].reached
1
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parcours.lazy import lazy_exports

if TYPE_CHECKING:
    from parcours.analytics.analysis import JourneyAnalysis, analyze, analyze_log
    from parcours.analytics.conformance import Conformance, conformance, conformance_of
    from parcours.analytics.distribution import Distribution
    from parcours.analytics.errors import AnalyticsError
    from parcours.analytics.flows import (
        Flow,
        FlowGraph,
        activity_flows,
        eventually_follows,
        step_flows,
    )
    from parcours.analytics.funnel import (
        Funnel,
        FunnelBreakdown,
        FunnelGroup,
        FunnelStep,
        Journeys,
        funnel,
        funnel_breakdown,
        journeys,
    )
    from parcours.analytics.improvement import (
        ImprovementCheck,
        MetricChange,
        ScoreSample,
        compare_before_after,
        mann_whitney_u_test,
        two_proportion_z_test,
    )
    from parcours.analytics.opportunities import (
        ChannelGap,
        NegativeTheme,
        OpportunityProposal,
        SatisfactionGap,
        propose_opportunities,
        rank_opportunities,
        satisfaction_gaps,
        score_impacts,
        top_actions,
    )
    from parcours.analytics.options import (
        AnalysisOptions,
        Dimension,
        EventuallyFollows,
        Period,
        ScoreScale,
    )
    from parcours.analytics.ordered_log import OrderedLog, prepare
    from parcours.analytics.paths import (
        BreakingPoint,
        BreakingPoints,
        PathEdge,
        PathsData,
        breaking_points,
        paths,
    )
    from parcours.analytics.satisfaction import Satisfaction, StepSatisfaction, satisfaction
    from parcours.analytics.step_stats import (
        StepStats,
        StepStatsBreakdown,
        StepStatsGroup,
        StepStatsTable,
        TouchpointStats,
        step_stats,
        step_stats_breakdown,
    )
    from parcours.analytics.variants import Variant, Variants, activity_variants, step_variants

__getattr__ = lazy_exports(
    __name__,
    {
        "JourneyAnalysis": "analysis",
        "analyze": "analysis",
        "analyze_log": "analysis",
        "Conformance": "conformance",
        "conformance": "conformance",
        "conformance_of": "conformance",
        "Distribution": "distribution",
        "AnalyticsError": "errors",
        "Flow": "flows",
        "FlowGraph": "flows",
        "activity_flows": "flows",
        "eventually_follows": "flows",
        "step_flows": "flows",
        "Funnel": "funnel",
        "FunnelBreakdown": "funnel",
        "FunnelGroup": "funnel",
        "FunnelStep": "funnel",
        "Journeys": "funnel",
        "funnel": "funnel",
        "funnel_breakdown": "funnel",
        "journeys": "funnel",
        "ImprovementCheck": "improvement",
        "MetricChange": "improvement",
        "ScoreSample": "improvement",
        "compare_before_after": "improvement",
        "mann_whitney_u_test": "improvement",
        "two_proportion_z_test": "improvement",
        "ChannelGap": "opportunities",
        "NegativeTheme": "opportunities",
        "OpportunityProposal": "opportunities",
        "SatisfactionGap": "opportunities",
        "propose_opportunities": "opportunities",
        "rank_opportunities": "opportunities",
        "satisfaction_gaps": "opportunities",
        "score_impacts": "opportunities",
        "top_actions": "opportunities",
        "AnalysisOptions": "options",
        "Dimension": "options",
        "EventuallyFollows": "options",
        "Period": "options",
        "ScoreScale": "options",
        "OrderedLog": "ordered_log",
        "prepare": "ordered_log",
        "BreakingPoint": "paths",
        "BreakingPoints": "paths",
        "PathEdge": "paths",
        "PathsData": "paths",
        "breaking_points": "paths",
        "paths": "paths",
        "Satisfaction": "satisfaction",
        "StepSatisfaction": "satisfaction",
        "satisfaction": "satisfaction",
        "StepStats": "step_stats",
        "StepStatsBreakdown": "step_stats",
        "StepStatsGroup": "step_stats",
        "StepStatsTable": "step_stats",
        "TouchpointStats": "step_stats",
        "step_stats": "step_stats",
        "step_stats_breakdown": "step_stats",
        "Variant": "variants",
        "Variants": "variants",
        "activity_variants": "variants",
        "step_variants": "variants",
    },
)

__all__ = [
    "AnalysisOptions",
    "AnalyticsError",
    "BreakingPoint",
    "BreakingPoints",
    "ChannelGap",
    "Conformance",
    "Dimension",
    "Distribution",
    "EventuallyFollows",
    "Flow",
    "FlowGraph",
    "Funnel",
    "FunnelBreakdown",
    "FunnelGroup",
    "FunnelStep",
    "ImprovementCheck",
    "JourneyAnalysis",
    "Journeys",
    "MetricChange",
    "NegativeTheme",
    "OpportunityProposal",
    "OrderedLog",
    "PathEdge",
    "PathsData",
    "Period",
    "Satisfaction",
    "SatisfactionGap",
    "ScoreSample",
    "ScoreScale",
    "StepSatisfaction",
    "StepStats",
    "StepStatsBreakdown",
    "StepStatsGroup",
    "StepStatsTable",
    "TouchpointStats",
    "Variant",
    "Variants",
    "activity_flows",
    "activity_variants",
    "analyze",
    "analyze_log",
    "breaking_points",
    "compare_before_after",
    "conformance",
    "conformance_of",
    "eventually_follows",
    "funnel",
    "funnel_breakdown",
    "journeys",
    "mann_whitney_u_test",
    "paths",
    "prepare",
    "propose_opportunities",
    "rank_opportunities",
    "satisfaction",
    "satisfaction_gaps",
    "score_impacts",
    "step_flows",
    "step_stats",
    "step_stats_breakdown",
    "step_variants",
    "top_actions",
    "two_proportion_z_test",
]
