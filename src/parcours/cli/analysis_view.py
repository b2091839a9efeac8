"""How ``parcours analyze`` prints what it measured: the funnel per stage, the outcomes,
the breaking points, the detours, the conformance to the map and the activities left
unmatched (every text from :data:`parcours.cli.messages.MESSAGES`, in FR or EN)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rich.table import Table

from parcours.cli.messages import MESSAGES
from parcours.i18n import format_delay, format_number, format_percent

if TYPE_CHECKING:
    from parcours.analytics import JourneyAnalysis
    from parcours.analytics.funnel import Funnel
    from parcours.cli.terminal import SafeConsole
    from parcours.model import MetricSnapshot
    from parcours.services.analysis import AnalysisOutcome


class Written(Protocol):
    """What an analysis wrote (``AnalysisOutcome``, ``FeedbackOutcome``)."""

    @property
    def snapshot(self) -> MetricSnapshot: ...
    @property
    def map_path(self) -> Path | None: ...
    @property
    def store_path(self) -> Path | None: ...
    @property
    def json_path(self) -> Path | None: ...


def print_written(outcome: Written, out: SafeConsole, language: str) -> None:
    """Where the snapshot was stored (and which map references it), and the JSON written."""
    if outcome.map_path is not None:
        stored = MESSAGES.text(
            "analyze.stored",
            language,
            snapshot=outcome.snapshot.id,
            store=outcome.store_path,
            path=outcome.map_path,
        )
        out.print(stored, highlight=False)
    if outcome.json_path is not None:
        out.print(MESSAGES.text("render.done", language, path=outcome.json_path), highlight=False)


def print_analysis(outcome: AnalysisOutcome, out: SafeConsole, language: str) -> None:
    """The funnel table, outcomes, breaking points, detours, conformance and the activities
    left unmatched of one ``parcours analyze`` run."""

    m, result = outcome.journey_map, outcome.analysis
    names = {s.id: s.name for s in m.steps}
    funnel = result.funnel
    if funnel.has_outcomes:
        _print_outcomes(funnel, names, out, language)
    view = Table(title=MESSAGES.text("analyze.title", language))
    headers = ["step", "customers", "conversion", "dropped", "ended", "in_flight", "delay"]
    if not funnel.has_outcomes:
        headers.remove("ended")
    for header in headers:
        view.add_column(MESSAGES.text(f"analyze.{header}", language))
    with_scores = result.satisfaction.overall.responses > 0
    if with_scores:
        view.add_column(MESSAGES.text("analyze.satisfaction", language))
    scores = {s.step: s.mean_score for s in result.satisfaction.steps}
    for k, stage in enumerate(funnel.steps):
        median = stage.delay_from_previous_seconds
        label = " / ".join(names.get(step, step) for step in (stage.steps or (stage.step,)))
        row = [
            f"{k + 1}. {label}",
            str(stage.reached),
            _pct(stage.conversion_from_previous, language),
            str(stage.dropped),
            *([str(stage.ended)] if funnel.has_outcomes else []),
            str(stage.in_flight),
            _delay(None if median is None else median.median, language),
        ]
        if with_scores:
            score = scores.get(stage.step)
            row.append("—" if score is None else format_number(score, language))
        view.add_row(*row)
    out.print(view)
    last = funnel.steps[-1] if funnel.steps else None
    if funnel.has_outcomes:
        success = [names.get(o.step, o.step) for o in funnel.outcomes if o.kind == "success"]
        summary = MESSAGES.text(
            "analyze.summary_outcomes",
            language,
            entered=funnel.entered,
            converted=funnel.converted,
            rate=_pct(funnel.conversion_rate, language),
            success=" / ".join(success) or "—",
            delay=_delay(funnel.time_to_convert_seconds.median, language),
        )
    else:
        summary = MESSAGES.text(
            "analyze.summary",
            language,
            entered=funnel.entered,
            converted=funnel.converted,
            rate=_pct(last.conversion_from_start if last else None, language),
            delay=_delay(funnel.time_to_convert_seconds.median, language),
        )
    out.print(summary, highlight=False)
    items = [
        MESSAGES.text(
            "analyze.drop_item",
            language,
            previous=names.get(b.previous_step, b.previous_step),
            step=names.get(b.step, b.step),
            count=b.customers_affected,
            rate=_pct(b.drop_off_rate, language),
        )
        for b in result.breaking_points.drop_offs[:3]
    ] + [
        MESSAGES.text(
            "analyze.wait_item",
            language,
            previous=names.get(b.previous_step, b.previous_step),
            step=names.get(b.step, b.step),
            delay=_delay(b.median_wait_seconds, language),
        )
        for b in result.breaking_points.waits[:2]
    ]
    if items:
        out.print(
            MESSAGES.text("analyze.breaking", language, items="; ".join(items)), highlight=False
        )
    _print_detours(result, names, out, language)
    fit = outcome.conformance
    if fit.n_cases:
        out.print(
            MESSAGES.text(
                "analyze.conformance",
                language,
                rate=_pct(fit.conformance_rate, language),
                conforming=fit.conforming_cases,
                cases=fit.n_cases,
            ),
            highlight=False,
        )
        skipped = sorted((s for s in fit.steps if s.skipped), key=lambda s: -s.skipped)[:3]
        if skipped:
            shown = ", ".join(f"{names.get(s.step, s.step)} ({s.skipped})" for s in skipped)
            out.print(MESSAGES.text("analyze.skipped", language, items=shown), highlight=False)
        if fit.returns:
            shown = ", ".join(
                f"{names.get(r.source, r.source)} → {names.get(r.target, r.target)} ({r.events})"
                for r in fit.returns[:3]
            )
            out.print(MESSAGES.text("analyze.returns", language, items=shown), highlight=False)
    unmatched = outcome.matched.unmatched
    if unmatched:
        shown = ", ".join(f"{u.activity} ({u.events})" for u in unmatched[:6])
        out.print(
            MESSAGES.text("analyze.unmatched", language, count=len(unmatched), names=shown),
            highlight=False,
        )
    if outcome.matched.steps_without_events:
        missing = ", ".join(names.get(s, s) for s in outcome.matched.steps_without_events)
        out.print(MESSAGES.text("analyze.no_events", language, names=missing), highlight=False)


def _print_outcomes(funnel: Funnel, names: dict[str, str], out: SafeConsole, language: str) -> None:
    items = [
        MESSAGES.text(
            "analyze.outcome_item",
            language,
            name=names.get(o.step, o.step),
            kind=MESSAGES.text(f"analyze.kind.{o.kind}", language),
            count=o.customers,
            rate=_pct(o.share, language),
        )
        for o in funnel.outcomes
    ]
    items.append(
        MESSAGES.text(
            "analyze.no_outcome",
            language,
            count=funnel.no_outcome,
            rate=_pct(funnel.no_outcome / funnel.entered if funnel.entered else None, language),
        )
    )
    if funnel.in_flight:
        items.append(MESSAGES.text("analyze.undecided", language, count=funnel.in_flight))
    out.print(MESSAGES.text("analyze.outcomes", language, items="; ".join(items)), highlight=False)


def _print_detours(
    result: JourneyAnalysis, names: dict[str, str], out: SafeConsole, language: str
) -> None:
    items = [
        MESSAGES.text(
            "analyze.detour_item",
            language,
            step=names.get(d.step, d.step),
            share=_pct(d.share, language),
            per_customer=(
                "—"
                if d.events_per_customer is None
                else format_number(d.events_per_customer, language)
            ),
            with_=_pct(d.conversion_with, language),
            without=_pct(d.conversion_without, language),
            lost=format_number(d.customers_lost, language, digits=0),
            days=format_number(d.days_lost, language, digits=0),
        )
        for d in sorted(result.detours, key=lambda d: (-d.customers_lost, -d.days_lost))[:4]
        if d.customers
    ]
    if items:
        out.print(
            MESSAGES.text("analyze.detours", language, items="; ".join(items)), highlight=False
        )


def _pct(value: float | None, language: str) -> str:
    return "—" if value is None else format_percent(value, language)


def _delay(value: float | None, language: str) -> str:
    return "—" if value is None else format_delay(value, language)
