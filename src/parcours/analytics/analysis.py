"""The whole metric suite in one call: :func:`analyze` -> :class:`JourneyAnalysis`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir

from parcours.analytics.conformance import Conformance, conformance_of
from parcours.analytics.detours import Detour, detours
from parcours.analytics.flows import FlowGraph, activity_flows, eventually_follows, step_flows
from parcours.analytics.funnel import (
    Funnel,
    FunnelBreakdown,
    FunnelStep,
    funnel,
    funnel_breakdown,
    journeys,
)
from parcours.analytics.options import AnalysisOptions, EventuallyFollows
from parcours.analytics.ordered_log import OrderedLog, prepare
from parcours.analytics.paths import BreakingPoints, PathsData, breaking_points, paths
from parcours.analytics.satisfaction import Satisfaction
from parcours.analytics.satisfaction import satisfaction as satisfaction_of
from parcours.analytics.step_stats import (
    StepStatsBreakdown,
    StepStatsTable,
    step_stats_suite,
)
from parcours.analytics.variants import Variants, activity_variants, step_variants
from parcours.engine import Engine
from parcours.model.structure import JourneyStructure, line

FORMAT_VERSION = 1
"""Version of the :meth:`JourneyAnalysis.to_dict` layout."""


@dataclass(frozen=True)
class JourneyAnalysis:
    """Every metric of one analysis of an event log against the steps of a map."""

    steps: tuple[str, ...]
    n_events: int
    n_cases: int
    as_of: dt.datetime
    window_seconds: float | None
    step_stats: StepStatsTable
    funnel: Funnel
    satisfaction: Satisfaction
    activity_flows: FlowGraph
    step_flows: FlowGraph
    eventually_follows: FlowGraph | None
    activity_variants: Variants
    step_variants: Variants
    step_stats_breakdowns: tuple[StepStatsBreakdown, ...]
    funnel_breakdowns: tuple[FunnelBreakdown, ...]
    paths: PathsData
    breaking_points: BreakingPoints
    conformance: Conformance | None = None
    """With ``AnalysisOptions(conformance=True)``; not part of :meth:`to_dict` (the CLI's
    JSON writes it under its own key)."""
    detours: tuple[Detour, ...] = ()
    """The detour of each optional and exception step, in map order."""
    structure: JourneyStructure | None = None
    """The structure the funnel followed (None: every step a stage)."""

    def stage_of(self, step: str) -> FunnelStep | None:
        """The funnel stage a step belongs to (its own or as an alternative), if any."""
        return next((s for s in self.funnel.steps if step in (s.steps or (s.step,))), None)

    def detour_of(self, step: str) -> Detour | None:
        """The detour of an optional or exception step, if it is one."""
        return next((d for d in self.detours if d.step == step), None)

    def role_of(self, step: str) -> str:
        """``core``, ``optional``, ``exception`` or ``outcome`` (as the structure says)."""
        structure = self.structure
        if structure is None or structure.stage_of(step) is not None:
            return "core"
        if any(step == s for s, _ in structure.outcomes):
            return "outcome"
        return "exception" if step in structure.exceptions else "optional"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys: one entry per step (stats, funnel, satisfaction)
        and per transition between consecutive map steps (funnel conversion and delay,
        directly- and eventually-follows between the two steps)."""
        return {
            "format_version": FORMAT_VERSION,
            "n_events": self.n_events,
            "n_cases": self.n_cases,
            "as_of": self.as_of.isoformat(),
            "window_seconds": self.window_seconds,
            "funnel_mode": self.funnel.mode,
            "entered": self.funnel.entered,
            "converted": self.funnel.converted,
            "in_flight": self.funnel.in_flight,
            "no_outcome": self.funnel.no_outcome,
            "conversion_rate": self.funnel.conversion_rate,
            "time_to_convert_seconds": self.funnel.time_to_convert_seconds.to_dict(),
            "outcomes": [o.to_dict() for o in self.funnel.outcomes],
            "stages": [list(s.steps or (s.step,)) for s in self.funnel.steps],
            "detours": [d.to_dict() for d in self.detours],
            "satisfaction_scale": self.satisfaction.scale.value,
            "overall_satisfaction": self.satisfaction.overall.to_dict(),
            "steps": [self._step_entry(k) for k in range(len(self.steps))],
            "transitions": [self._transition_entry(k) for k in range(1, len(self.funnel.steps))],
            "touchpoints": [t.to_dict() for t in self.step_stats.touchpoints],
            "activity_flows": self.activity_flows.to_dict(),
            "step_flows": self.step_flows.to_dict(),
            "eventually_follows": (
                None if self.eventually_follows is None else self.eventually_follows.to_dict()
            ),
            "activity_variants": self.activity_variants.to_dict(),
            "step_variants": self.step_variants.to_dict(),
            "breakdowns": {
                "step_stats": [b.to_dict() for b in self.step_stats_breakdowns],
                "funnel": [b.to_dict() for b in self.funnel_breakdowns],
            },
            "paths": self.paths.to_dict(),
            "breaking_points": self.breaking_points.to_dict(),
        }

    def _step_entry(self, position: int) -> dict[str, Any]:
        step_id = self.steps[position]
        stats = self.step_stats.steps[position].to_dict()
        stage = self.stage_of(step_id)
        funnel_step = stage.to_dict() if stage is not None and stage.step == step_id else None
        detour = self.detour_of(step_id)
        score = self.satisfaction.steps[position].to_dict()
        return {
            "step": step_id,
            "position": position,
            "role": self.role_of(step_id),
            "customers": stats["customers"],
            "events": stats["events"],
            "repeat_contacts": stats["repeat_contacts"],
            "contacts_per_customer": stats["contacts_per_customer"],
            "funnel": (
                None
                if funnel_step is None
                else {k: v for k, v in funnel_step.items() if k not in ("step", "position")}
            ),
            "detour": None if detour is None else detour.to_dict(),
            "satisfaction": {k: v for k, v in score.items() if k not in ("step", "position")},
        }

    def _transition_entry(self, position: int) -> dict[str, Any]:
        step = self.funnel.steps[position]
        source, target = self.funnel.steps[position - 1].step, step.step
        delay = step.delay_from_previous_seconds
        direct = _flow(self.step_flows, source, target)
        eventual = _flow(self.eventually_follows, source, target)
        return {
            "source": source,
            "target": target,
            "conversion": step.conversion_from_previous,
            "dropped": step.dropped,
            "in_flight": step.in_flight,
            "funnel_delay_seconds": None if delay is None else delay.to_dict(),
            "directly_follows": direct,
            "eventually_follows": eventual,
        }


def _flow(graph: FlowGraph | None, source: str, target: str) -> dict[str, Any] | None:
    if graph is None:
        return None
    for flow in graph.flows:
        if flow.source == source and flow.target == target:
            return {"count": flow.count, "delay_seconds": flow.delay_seconds.to_dict()}
    return {"count": 0, "delay_seconds": None}


def _first(variants: Variants, top: int) -> Variants:
    return dataclasses.replace(variants, top=variants.top[:top])


def _eventually_follows(log: OrderedLog, pairs: EventuallyFollows) -> FlowGraph | None:
    if pairs is EventuallyFollows.OFF:
        return None
    return eventually_follows(log, all_pairs=pairs is EventuallyFollows.ALL_PAIRS)


def analyze(
    engine: Engine,
    events_table: ir.Table,
    steps: Sequence[str],
    options: AnalysisOptions | None = None,
    structure: JourneyStructure | None = None,
) -> JourneyAnalysis:
    """Analyse a matched event table against the ordered step ids of a map and its
    structure (``JourneyMap.structure()``; None: every step is a stage of the main path).

    The log is sorted once (:func:`parcours.analytics.ordered_log.prepare`); every
    metric is derived from the materialised ordered tables.

    >>> from parcours.analytics.testing import tiny_log
    >>> engine = Engine.duckdb()
    >>> result = analyze(engine, tiny_log(engine), ["a", "b"])
    >>> (result.n_cases, result.funnel.converted, result.to_dict()["transitions"][0]["source"])
    (2, 1, 'a')
    """
    options = options or AnalysisOptions()
    with engine.unordered():
        log = prepare(engine, events_table, steps, options)
        return _analyze_log(log, structure or line(steps))


def analyze_log(log: OrderedLog, structure: JourneyStructure | None = None) -> JourneyAnalysis:
    """The analysis of a log already sorted by :func:`parcours.analytics.ordered_log.prepare`
    (what :func:`analyze` does after preparing it): analyse one prepared log several times
    (another structure, or options that ``prepare`` does not read, such as the funnel's
    mode or window: ``dataclasses.replace(log, options=...)``) without sorting it again.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.testing import tiny_log
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> analyze_log(log).funnel.converted
    1
    """
    with log.engine.unordered():
        return _analyze_log(log, structure or line(log.steps))


def _analyze_log(log: OrderedLog, structure: JourneyStructure) -> JourneyAnalysis:
    options = log.options
    found = journeys(log, structure)
    the_funnel = funnel(log, found)
    the_detours = detours(log, found, structure)
    dimensions = [d.value for d in options.breakdowns]
    stats, stats_breakdowns = step_stats_suite(log, dimensions)
    the_step_variants = step_variants(log, top=max(options.top_variants, options.top_paths))
    return JourneyAnalysis(
        steps=log.steps,
        n_events=log.n_events,
        n_cases=log.n_cases,
        as_of=log.as_of,
        window_seconds=options.window_seconds,
        step_stats=stats,
        funnel=the_funnel,
        satisfaction=satisfaction_of(log),
        activity_flows=activity_flows(log),
        step_flows=step_flows(log),
        eventually_follows=_eventually_follows(log, options.eventually_follows),
        activity_variants=activity_variants(log, top=options.top_variants),
        step_variants=_first(the_step_variants, options.top_variants),
        step_stats_breakdowns=stats_breakdowns,
        funnel_breakdowns=tuple(funnel_breakdown(log, found, d) for d in dimensions),
        paths=paths(log, the_step_variants),
        breaking_points=breaking_points(the_funnel, the_detours),
        conformance=conformance_of(log, structure) if options.conformance else None,
        detours=the_detours,
        structure=structure,
    )
