"""The analysis report: what an event log says about a journey map, as HTML or PDF.

Self-contained like the map report (:mod:`parcours.render.html`): same stylesheet, same
page header and footer, drawings inlined as SVG, every text written by people escaped
(Jinja autoescape, :func:`~parcours.render.svg.canvas.escape` in drawings).

Sections: headline figures, the outcomes (success and failure shares, no outcome, in
flight, conversion), the main-path funnel stage by stage, the breaking points of the main
path, the detours ranked by cost (never mixed with the drop-offs), the Sankey of
real paths with the most frequent paths, per-step figures, contacts per touchpoint,
comparison by segment and by entry channel, evolution over time, variants,
directly-follows transitions and measured versus estimated emotion; with survey answers,
the voice of the customer, the alerts and the ranked opportunities (:mod:`.voice`).

>>> from parcours.analytics import analyze
>>> from parcours.analytics.testing import tiny_log
>>> from parcours.engine import Engine
>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "Ouvrir <un> compte"}, steps=[
...     {"id": "a", "name": "Apply"}, {"id": "b", "name": "Sign"}])
>>> engine = Engine.duckdb()
>>> page = render_analysis_html(m, analyze(engine, tiny_log(engine), ["a", "b"]), "en")
>>> "Ouvrir &lt;un&gt; compte" in page and 'id="analysis-funnel"' in page
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from parcours.analytics import JourneyAnalysis
from parcours.analytics.alerts import AlertReport
from parcours.analytics.conformance import Conformance
from parcours.analytics.distribution import Distribution
from parcours.analytics.feedback import FeedbackAnalysis
from parcours.analytics.flows import FlowGraph
from parcours.analytics.funnel import FunnelBreakdown
from parcours.analytics.opportunities import OpportunityProposal
from parcours.analytics.options import ScoreScale
from parcours.analytics.variants import Variants
from parcours.i18n import format_delay, format_number, label
from parcours.io.atomic import write_bytes_atomic
from parcours.model import JourneyMap, Measure, MeasuredValue, MetricSnapshot
from parcours.render import views as v
from parcours.render.html import Paper, _environment, _stylesheet, inline_svg, page_css
from parcours.render.labels import text
from parcours.render.roles import analysis_measures, display_steps, percent, role_marks
from parcours.render.svg.experience import experience_svg
from parcours.render.svg.funnel import funnel_svg, funnel_trend_svg
from parcours.render.svg.sankey import sankey_svg
from parcours.render.voice import voice_context

TOP_BREAKING_POINTS = 6
TOP_TRANSITIONS = 15
TOP_VARIANTS = 10
MAX_SEQUENCE_SHOWN = 14
"""Longer variants are cut, the rest counted (``… +5``)."""


def render_analysis_html(
    m: JourneyMap,
    analysis: JourneyAnalysis,
    lang: str,
    *,
    source: str = "",
    paper: Paper = "A3",
    generated_on: date | None = None,
    conformance: Conformance | None = None,
    voice: FeedbackAnalysis | None = None,
    alerts: AlertReport | None = None,
    opportunities: OpportunityProposal | None = None,
) -> str:
    """The analysis report of ``m`` measured by ``analysis`` as a self-contained HTML page.

    ``source`` names what was analysed (a file name), shown under the title;
    ``conformance`` adds the section comparing real journeys with the map; ``voice``,
    ``alerts`` and ``opportunities`` the voice-of-the-customer, alerts and ranked
    opportunities sections (:mod:`parcours.render.voice`).
    """
    day = generated_on or date.today()
    report = _Report(m, analysis, lang)
    context = {
        "lang": lang,
        "t": lambda key, **params: text(key, lang, **params),
        "journey": m.journey,
        "source": source,
        "generated": text("generated_on", lang, date=v.long_date(day, lang)),
        "css": Markup(_stylesheet() + page_css(paper, lang, day)),
        **report.context(),
        "conformance": None if conformance is None else report.conformance(conformance),
        **voice_context(m, lang, voice=voice, alerts=alerts, opportunities=opportunities),
    }
    return _environment().get_template("analysis.html.j2").render(context)


def render_analysis_pdf(
    m: JourneyMap,
    analysis: JourneyAnalysis,
    out: str | Path,
    lang: str,
    *,
    source: str = "",
    paper: Paper = "A3",
    generated_on: date | None = None,
    conformance: Conformance | None = None,
    voice: FeedbackAnalysis | None = None,
    alerts: AlertReport | None = None,
    opportunities: OpportunityProposal | None = None,
) -> Path:
    """Write the analysis report as a PDF (WeasyPrint, atomically); returns ``out``."""
    from parcours.render.pdf import document_pdf

    html = render_analysis_html(
        m,
        analysis,
        lang,
        source=source,
        paper=paper,
        generated_on=generated_on,
        conformance=conformance,
        voice=voice,
        alerts=alerts,
        opportunities=opportunities,
    )
    data = document_pdf(html)
    target = Path(out)
    write_bytes_atomic(target, data)
    return target


class _Report:
    """Builds the template context: preformatted rows and inlined drawings."""

    def __init__(self, m: JourneyMap, analysis: JourneyAnalysis, lang: str) -> None:
        self.m = m
        self.a = analysis
        self.lang = lang
        self.names = {s.id: s.name for s in m.steps}
        order = [s.id for s in display_steps(m) if s.id in analysis.steps]
        order += [s for s in analysis.steps if s not in order]
        self.numbers = {step_id: i + 1 for i, step_id in enumerate(order)}
        self.marks = role_marks(m, lang, analysis_measures(analysis))

    # ---------------------------------------------------------------- format
    def count(self, value: float | None) -> str:
        return "—" if value is None else format_number(value, self.lang, digits=0)

    def ratio(self, value: float | None) -> str:
        return "—" if value is None else percent(value, self.lang)

    def delay(self, value: float | None) -> str:
        return "—" if value is None else format_delay(value, self.lang)

    def decimal(self, value: float | None, digits: int = 1) -> str:
        return "—" if value is None else format_number(value, self.lang, digits=digits)

    def step_name(self, step_id: str | None) -> str:
        if step_id is None:
            return text("an_exit", self.lang)
        return self.names.get(step_id, step_id)

    def step_label(self, step_id: str) -> dict[str, Any]:
        return {"number": self.numbers.get(step_id, ""), "name": self.step_name(step_id)}

    def stage_label(self, steps: Sequence[str]) -> dict[str, Any]:
        """A stage: its first step's number, its steps' names joined by ``or``."""
        joiner = f" {text('role_or', self.lang)} "
        return {
            "number": self.numbers.get(steps[0], "") if steps else "",
            "name": joiner.join(self.step_name(s) for s in steps),
        }

    # --------------------------------------------------------------- context
    def context(self) -> dict[str, Any]:
        empty = self.a.funnel.entered == 0
        return {
            "empty": empty,
            "kpis": self.kpis(),
            "period": self.period(),
            "funnel_svg": _inline(
                funnel_svg(self.m, self.a.funnel, self.lang, detours=self.a.detours)
            ),
            "outcomes": self.outcomes(),
            "stages": self.stages(),
            "detours": self.detours(),
            "drop_offs": self.drop_offs(),
            "waits": self.waits(),
            "sankey_svg": _inline(sankey_svg(self.m, self.a.paths, self.lang)),
            "top_paths": self.variant_rows(self.a.paths.top_paths, steps=True),
            "steps": self.step_rows(),
            "scale": self.a.satisfaction.scale.value,
            "touchpoints": self.touchpoints(),
            "segments": self.comparison("segment"),
            "channels": self.comparison("channel"),
            "trend_svg": self.trend(),
            "activity_variants": self.variants(self.a.activity_variants, steps=False),
            "step_variants": self.variants(self.a.step_variants, steps=True),
            "step_transitions": self.transitions(self.a.step_flows, steps=True),
            "activity_transitions": self.transitions(self.a.activity_flows, steps=False),
            "emotion_svg": self.emotion(),
        }

    def conformance(self, fit: Conformance) -> dict[str, Any]:
        rate = text(
            "an_conformance_rate",
            self.lang,
            rate=self.ratio(fit.conformance_rate),
            conforming=self.count(fit.conforming_cases),
            cases=self.count(fit.n_cases),
        )
        return {
            "rate_line": rate,
            "steps": [
                {
                    "name": self.step_name(s.step),
                    "skipped": self.count(s.skipped),
                    "loops": self.count(s.loops),
                    "returns": self.count(s.returns),
                    "out_of_order": self.count(s.out_of_order),
                }
                for s in fit.steps
            ],
            "returns": [
                {
                    "source": self.step_name(r.source),
                    "target": self.step_name(r.target),
                    "events": self.count(r.events),
                    "customers": self.count(r.customers),
                }
                for r in fit.returns[:10]
            ],
            "unexpected": [
                {
                    "activity": u.activity,
                    "events": self.count(u.events),
                    "customers": self.count(u.customers),
                }
                for u in fit.unexpected[:10]
            ],
        }

    def period(self) -> str:
        return text(
            "an_scope",
            self.lang,
            events=self.count(self.a.n_events),
            cases=self.count(self.a.n_cases),
            date=v.long_date(self.a.as_of.date(), self.lang),
        )

    def kpis(self) -> list[dict[str, str]]:
        funnel = self.a.funnel
        converted = "an_kpi_success" if funnel.has_outcomes else "an_kpi_converted"
        items = [
            (self.count(funnel.entered), text("an_kpi_entered", self.lang)),
            (self.count(funnel.converted), text(converted, self.lang)),
            (self.ratio(funnel.conversion_rate), text("an_kpi_conversion", self.lang)),
            (
                self.delay(funnel.time_to_convert_seconds.median),
                text("an_kpi_time", self.lang),
            ),
        ]
        overall = self.a.satisfaction.overall
        if overall.responses and overall.mean_score is not None:
            scale = "5" if self.a.satisfaction.scale is ScoreScale.ONE_TO_FIVE else "10"
            items.append(
                (
                    f"{self.decimal(overall.mean_score)}/{scale}",
                    text("an_kpi_satisfaction", self.lang),
                )
            )
        return [{"value": value, "label": caption} for value, caption in items]

    def outcomes(self) -> dict[str, Any]:
        """The outcomes (successes first), then no outcome and in flight, with the
        conversion line."""
        funnel = self.a.funnel
        entered = funnel.entered
        rows = [
            {
                **self.step_label(o.step),
                "kind": o.kind,
                "kind_label": text(f"role_{o.kind}", self.lang),
                "customers": self.count(o.customers),
                "share": self.ratio(o.share),
                "width": round(100 * o.share) if o.share else 0,
                "median": self.delay(o.time_to_outcome_seconds.median),
            }
            for o in sorted(funnel.outcomes, key=lambda o: o.kind != "success")
        ]
        others: list[tuple[str, str, int]] = [
            ("an_no_outcome", "none", funnel.no_outcome),
            ("an_still_in_flight", "flight", funnel.in_flight),
        ]
        if not funnel.has_outcomes:  # a map with no outcome step: success = the last stage
            decided = entered - funnel.in_flight
            others = [
                ("an_completed", "success", funnel.converted),
                ("an_not_completed", "none", max(decided - funnel.converted, 0)),
                others[1],
            ]
        for key, kind, value in others:
            share = value / entered if entered else None
            rows.append(
                {
                    "number": "",
                    "name": text(key, self.lang),
                    "kind": kind,
                    "kind_label": "",
                    "customers": self.count(value),
                    "share": self.ratio(share),
                    "width": round(100 * share) if share else 0,
                    "median": "—",
                }
            )
        decided = entered - funnel.in_flight
        line = text(
            "an_conversion_line" if funnel.has_outcomes else "an_conversion_line_last",
            self.lang,
            rate=self.ratio(funnel.conversion_rate),
            converted=self.count(funnel.converted),
            decided=self.count(decided),
        )
        return {"rows": rows, "conversion_line": line, "has_outcomes": funnel.has_outcomes}

    def stages(self) -> list[dict[str, Any]]:
        """The main path, one row per stage."""
        rows = []
        biggest = (
            self.a.breaking_points.drop_offs[0].step if self.a.breaking_points.drop_offs else None
        )
        for stage in self.a.funnel.steps:
            delay = stage.delay_from_previous_seconds
            first = stage.position == 0
            rows.append(
                {
                    **self.stage_label(stage.steps or (stage.step,)),
                    "highlight": stage.step == biggest,
                    "reached": self.count(stage.reached),
                    "conversion": self.ratio(stage.conversion_from_previous),
                    "from_start": self.ratio(stage.conversion_from_start),
                    "ended": "—" if first else self.count(stage.ended),
                    "dropped": "—" if first else self.count(stage.dropped),
                    "in_flight": "—" if first else self.count(stage.in_flight),
                    "median": self.delay(None if delay is None else delay.median),
                }
            )
        return rows

    def detours(self) -> list[dict[str, Any]]:
        """The detours ranked by cost: customers lost, then days lost, then share."""
        ranked = sorted(
            self.a.detours,
            key=lambda d: (-d.customers_lost, -d.days_lost, -(d.share or 0.0), d.step),
        )
        rows = []
        for d in ranked:
            mark = self.marks.get(d.step)
            role = mark.role if mark is not None else "exception"
            rows.append(
                {
                    **self.step_label(d.step),
                    "role": text(f"role_{role}", self.lang),
                    "returns_to": (
                        text("an_returns_to", self.lang, step=self.step_name(d.returns_to))
                        if d.returns_to
                        else ""
                    ),
                    "customers": self.count(d.customers),
                    "share": self.ratio(d.share),
                    "rework": self.decimal(d.events_per_customer, 2),
                    "conversion_with": self.ratio(d.conversion_with),
                    "conversion_without": self.ratio(d.conversion_without),
                    "time_with": self.delay(d.time_to_convert_with_seconds.median),
                    "time_without": self.delay(d.time_to_convert_without_seconds.median),
                    "customers_lost": self.decimal(d.customers_lost, 1),
                    "days_lost": self.decimal(d.days_lost, 1),
                    "costly": d.customers_lost >= 1 or d.days_lost >= 1,
                }
            )
        return rows

    def transition(self, source: str, target: str) -> dict[str, Any]:
        return {"source": self.step_label(source), "target": self.step_label(target)}

    def stage_transition(self, source: str, target: str) -> dict[str, Any]:
        """A main-path transition: each end named as its stage (with its alternatives)."""
        return {"source": self.stage_named(source), "target": self.stage_named(target)}

    def stage_named(self, step_id: str) -> dict[str, Any]:
        stage = self.a.stage_of(step_id)
        if stage is None or stage.step != step_id:
            return self.step_label(step_id)
        return self.stage_label(stage.steps or (stage.step,))

    def drop_offs(self) -> list[dict[str, Any]]:
        return [
            {
                **self.stage_transition(p.previous_step, p.step),
                "customers": self.count(p.customers_affected),
                "rate": self.ratio(p.drop_off_rate),
                "median": self.delay(p.median_wait_seconds),
            }
            for p in self.a.breaking_points.drop_offs[:TOP_BREAKING_POINTS]
        ]

    def waits(self) -> list[dict[str, Any]]:
        return [
            {
                **self.stage_transition(p.previous_step, p.step),
                "customers": self.count(p.customers_affected),
                "median": self.delay(p.median_wait_seconds),
                "p90": self.delay(p.p90_wait_seconds),
            }
            for p in self.a.breaking_points.waits[:TOP_BREAKING_POINTS]
        ]

    def step_rows(self) -> list[dict[str, Any]]:
        rows = []
        biggest = (
            self.a.breaking_points.drop_offs[0].step if self.a.breaking_points.drop_offs else None
        )
        positions = {step_id: k for k, step_id in enumerate(self.a.steps)}
        for step_id in sorted(self.a.steps, key=lambda s: self.numbers.get(s, 0)):
            position = positions[step_id]
            stats = self.a.step_stats.steps[position]
            stage = self.a.stage_of(step_id)
            funnel_step = stage if stage is not None and stage.step == step_id else None
            delay = (
                funnel_step.delay_from_previous_seconds if funnel_step else None
            ) or Distribution(0, None, None, None)
            score = self.a.satisfaction.steps[position]
            later = funnel_step is not None and funnel_step.position > 0
            mark = self.marks.get(step_id)
            rows.append(
                {
                    **self.step_label(step_id),
                    "tag": mark.tag if mark is not None else "",
                    "role_class": mark.css_class if mark is not None else "",
                    "highlight": step_id == biggest,
                    "customers": self.count(stats.customers),
                    "events": self.count(stats.events),
                    "contacts": self.decimal(stats.contacts_per_customer, 2),
                    "repeats": self.count(stats.repeat_contacts),
                    "conversion": self.ratio(
                        funnel_step.conversion_from_previous if funnel_step else None
                    ),
                    "from_start": self.ratio(
                        funnel_step.conversion_from_start if funnel_step else None
                    ),
                    "dropped": self.count(funnel_step.dropped) if later and funnel_step else "—",
                    "in_flight": (
                        self.count(funnel_step.in_flight) if later and funnel_step else "—"
                    ),
                    "mean": self.delay(delay.mean),
                    "median": self.delay(delay.median),
                    "p90": self.delay(delay.p90),
                    "responses": self.count(score.responses) if score.responses else "—",
                    "score": self.decimal(score.mean_score),
                    "csat": self.ratio(score.csat_share),
                    "nps": self.decimal(score.nps, 0),
                }
            )
        return rows

    def touchpoints(self) -> dict[str, Any]:
        channels: list[str | None] = sorted(
            {t.channel for t in self.a.step_stats.touchpoints},
            key=lambda c: (c is None, c or ""),
        )
        cells: dict[tuple[str, str | None], tuple[int, int]] = {
            (t.step, t.channel): (t.events, t.customers) for t in self.a.step_stats.touchpoints
        }
        most = max((e for e, _ in cells.values()), default=0)
        rows = []
        for step_id in self.a.steps:
            row_cells = []
            for channel in channels:
                events, customers = cells.get((step_id, channel), (0, 0))
                row_cells.append(
                    {
                        "events": self.count(events) if events else "",
                        "customers": self.count(customers) if events else "",
                        "level": 0 if not events else 1 + min(4, int(5 * events / (most + 1))),
                    }
                )
            rows.append({**self.step_label(step_id), "cells": row_cells})
        names = [label(c, self.lang) if c else text("an_no_channel", self.lang) for c in channels]
        return {"channels": names, "rows": rows}

    def comparison(self, dimension: str) -> dict[str, Any] | None:
        breakdown = _breakdown(self.a.funnel_breakdowns, dimension)
        if breakdown is None or len(breakdown.groups) < 2:
            return None
        groups = breakdown.groups
        names = [
            (label(g.value, self.lang) if dimension == "channel" else g.value)
            if g.value is not None
            else text("an_unknown", self.lang)
            for g in groups
        ]
        heads = [
            {"name": name, "entered": self.count(g.funnel.entered)}
            for name, g in zip(names, groups, strict=True)
        ]
        rows = []
        for position, stage in enumerate(self.a.funnel.steps):
            cells = []
            for group in groups:
                step = group.funnel.steps[position] if position < len(group.funnel.steps) else None
                share = step.conversion_from_start if step else None
                cells.append(
                    {
                        "reached": self.count(step.reached) if step else "—",
                        "share": self.ratio(share),
                        "width": round(100 * share) if share is not None else 0,
                    }
                )
            rows.append({**self.stage_label(stage.steps or (stage.step,)), "cells": cells})
        return {"groups": heads, "rows": rows}

    def trend(self) -> Markup | None:
        breakdown = _breakdown(self.a.funnel_breakdowns, "period")
        if breakdown is None or len([g for g in breakdown.groups if g.value]) < 2:
            return None
        return _inline(funnel_trend_svg(self.m, breakdown, self.lang))

    def sequence(self, items: Sequence[str], steps: bool) -> dict[str, Any]:
        shown = list(items[:MAX_SEQUENCE_SHOWN])
        more = len(items) - len(shown)
        if steps:
            parts = [{"number": self.numbers.get(s, ""), "name": self.step_name(s)} for s in shown]
        else:
            parts = [{"number": "", "name": s} for s in shown]
        return {"parts": parts, "more": more}

    def variant_rows(self, variants: Sequence[Any], steps: bool) -> list[dict[str, Any]]:
        return [
            {
                "rank": rank,
                "count": self.count(variant.count),
                "share": self.ratio(variant.share),
                "length": len(variant.sequence),
                **self.sequence(variant.sequence, steps),
            }
            for rank, variant in enumerate(variants[:TOP_VARIANTS], start=1)
        ]

    def variants(self, variants: Variants, steps: bool) -> dict[str, Any]:
        covered = sum(x.count for x in variants.top[:TOP_VARIANTS])
        return {
            "rows": self.variant_rows(variants.top, steps),
            "summary": text(
                "an_variants_summary",
                self.lang,
                variants=self.count(variants.n_variants),
                cases=self.count(variants.n_cases),
                share=self.ratio(covered / variants.n_cases if variants.n_cases else None),
            ),
        }

    def transitions(self, graph: FlowGraph, steps: bool) -> list[dict[str, Any]]:
        flows = sorted(graph.flows, key=lambda f: (-f.count, f.source, f.target))
        rows = []
        for flow in flows[:TOP_TRANSITIONS]:
            if steps:
                names = self.transition(flow.source, flow.target)
            else:
                names = {
                    "source": {"number": "", "name": flow.source},
                    "target": {"number": "", "name": flow.target},
                }
            rows.append(
                {
                    **names,
                    "loop": flow.source == flow.target,
                    "count": self.count(flow.count),
                    "median": self.delay(flow.delay_seconds.median),
                    "p90": self.delay(flow.delay_seconds.p90),
                }
            )
        return rows

    def emotion(self) -> Markup | None:
        measured = _with_measured_satisfaction(self.m, self.a)
        if measured is None:
            return None
        return _inline(experience_svg(measured, self.lang))


MAX_MM_PER_PX = 0.3
"""Drawings are never shown larger than this (12 px text is then about 10 pt)."""


def _inline(svg: str) -> Markup:
    """The drawing inlined in a wrapper that keeps small drawings from being blown up."""
    found = re.search(r'viewBox="0 0 ([0-9.]+) ', svg)
    width_mm = float(found.group(1)) * MAX_MM_PER_PX if found else 400.0
    return Markup('<div class="drawing-box" style="max-width: {:.0f}mm">{}</div>').format(
        width_mm, Markup(inline_svg(svg))
    )


def _breakdown(breakdowns: Sequence[FunnelBreakdown], dimension: str) -> FunnelBreakdown | None:
    return next((b for b in breakdowns if b.dimension == dimension), None)


def satisfaction_on_five(value: float, scale: ScoreScale) -> float:
    """A mean score brought to the 1..5 scale the experience map reads.

    >>> on_five = satisfaction_on_five
    >>> on_five(4.2, ScoreScale.ONE_TO_FIVE), on_five(10, ScoreScale.ZERO_TO_TEN)
    (4.2, 5.0)
    """
    if scale is ScoreScale.ZERO_TO_TEN:
        return 1.0 + 4.0 * value / 10.0
    return value


def _with_measured_satisfaction(m: JourneyMap, analysis: JourneyAnalysis) -> JourneyMap | None:
    """A copy of ``m`` whose only snapshot holds the analysis' satisfaction per step (on
    1..5), so that the experience map draws it beside the estimates; None without scores.
    """
    known = {s.id for s in m.steps}
    values = [
        MeasuredValue(
            step=score.step,
            measure=Measure.SATISFACTION_MEAN,
            value=satisfaction_on_five(score.mean_score, analysis.satisfaction.scale),
        )
        for score in analysis.satisfaction.steps
        if score.responses and score.mean_score is not None and score.step in known
    ]
    if not values or not m.steps:
        return None
    snapshot = MetricSnapshot(
        id="analysis",
        taken_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        values=values,
    )
    return m.model_copy(update={"measurements": [snapshot]})
