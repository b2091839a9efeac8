"""``parcours analyze``: measure a map's steps from an event log and store the snapshot.

The use case: read the log (:mod:`parcours.events`), tie its events to the map's steps,
run the whole metric suite (:func:`parcours.analytics.analyze`), then

- turn the result into a dated :class:`~parcours.model.MetricSnapshot` (one value per
  step and measure, per segment too) stored in the map's measurement store
  (``MAP-stem.measures/``, :mod:`parcours.io.measurement_store`), the map keeping only a
  reference to it, so that every render shows measured values beside targets and
  estimates;
- write the full result as JSON (``docs/analytics.md`` documents its keys).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from parcours import analytics, events, io, render
from parcours.analytics import AnalysisOptions, JourneyAnalysis, ScoreScale
from parcours.analytics.alerts import AlertReport
from parcours.analytics.conformance import Conformance
from parcours.analytics.feedback import RECENT_DAYS, FeedbackAnalysis
from parcours.analytics.funnel import Funnel
from parcours.analytics.opportunities import OpportunityProposal
from parcours.analytics.step_stats import StepStatsTable
from parcours.analytics.text import Progress as TextProgress
from parcours.analytics.voice import analyze_voice
from parcours.events import ColumnMapping, EventLog, MatchedLog
from parcours.events.feedback import FeedbackLog, FeedbackMapping
from parcours.io.atomic import locked
from parcours.io.measurement_store import store_path
from parcours.model import JourneyMap, Measure, MeasuredValue, MetricSnapshot, unique_id
from parcours.services.discovery import read_log
from parcours.services.errors import ReportFormatError
from parcours.services.feedback import (
    default_feedback_rejected,
    feedback_document,
    read_feedback_files,
    with_feedback,
)
from parcours.services.maps import load
from parcours.services.outputs import check_outputs, free_path, source_path

REPORT_SUFFIXES = (".html", ".htm", ".pdf")
"""Extensions of the analysis report (``--report``)."""

Progress = Callable[[str], None]
"""Called with the name of each stage as it starts (``read``, ``match``, ``analyze``...)."""


@dataclass(frozen=True)
class AnalysisOutcome:
    """Everything ``analyze`` read, computed and wrote."""

    journey_map: JourneyMap
    """The map, with every stored snapshot and the new one in ``measurements``."""
    log: EventLog
    matched: MatchedLog
    analysis: JourneyAnalysis
    conformance: Conformance
    snapshot: MetricSnapshot
    map_path: Path | None = None
    """The map that references the stored snapshot (None: not stored)."""
    json_path: Path | None = None
    feedback: FeedbackAnalysis | None = None
    """Satisfaction measured from the ``--feedback`` answers (None: no answers given)."""
    feedback_logs: tuple[FeedbackLog, ...] = ()
    store_path: Path | None = None
    """The measurement store the snapshot was written to (None: not stored)."""


def map_window_seconds(m: JourneyMap) -> float:
    """The conversion window the map asks for (``journey.conversion_window_days``), or the
    default 30 days.

    >>> from parcours.model import JourneyMap
    >>> map_window_seconds(JourneyMap(journey={"title": "T", "conversion_window_days": 55}))
    4752000.0
    """
    days = m.journey.conversion_window_days
    return float(AnalysisOptions().window_seconds or 0) if days is None else days * 86400


def with_map_zone(options: AnalysisOptions | None, m: JourneyMap) -> AnalysisOptions:
    """``options`` whose periods follow the map's ``journey.timezone`` unless they name a
    zone themselves.

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "T", "timezone": "Europe/Paris"}, steps=[])
    >>> with_map_zone(None, m).timezone
    'Europe/Paris'
    """
    if options is None:
        options = AnalysisOptions(window_seconds=map_window_seconds(m))
    if options.timezone is not None:
        return options
    return replace(options, timezone=m.journey.timezone)


def analyze_map(
    m: JourneyMap,
    source: str | Path | EventLog | Any,
    *,
    mapping: ColumnMapping | str | Path | None = None,
    options: AnalysisOptions | None = None,
    timezone: str | None = None,
    rejected_path: str | Path | None = None,
    table: str | None = None,
    overrides: dict[str, str] | None = None,
    progress: Progress | None = None,
    taken_at: datetime | None = None,
    feedback: Sequence[str | Path] = (),
    feedback_mapping: FeedbackMapping | str | Path | None = None,
    feedback_rejected: Sequence[Path | None] | None = None,
    recent_days: int = RECENT_DAYS,
    text_progress: TextProgress | None = None,
    feedback_mappings: Sequence[FeedbackMapping | None] | None = None,
) -> AnalysisOutcome:
    """Measure ``m`` on an event log: a path or URL, a pandas / Polars DataFrame or an
    Arrow table, or an already read :class:`EventLog`.

    Nothing is written except the rejected rows (when ``rejected_path`` is given).
    ``feedback`` lists survey-answer files joined to the journey
    (:mod:`parcours.analytics.feedback`); their measures replace the log's own scores in
    the snapshot. ``feedback_mappings`` gives each file its own columns (else
    ``feedback_mapping`` serves them all).

    >>> import pandas as pd
    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "T"}, steps=[
    ...     {"id": "a", "name": "A", "events": [{"activity": "visit"}]},
    ...     {"id": "b", "name": "B", "events": [{"activity": "order"}]}])
    >>> df = pd.DataFrame({"customer_id": ["1", "1", "2"], "event": ["visit", "order", "visit"],
    ...     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 11:00",
    ...                                  "2026-01-02 09:00"])})
    >>> outcome = analyze_map(m, df)
    >>> outcome.analysis.funnel.to_pandas()[["step", "reached"]].values.tolist()
    [['a', 2], ['b', 1]]
    """
    say = progress or (lambda _stage: None)
    say("read")
    if isinstance(source, EventLog):
        log = source
    elif isinstance(source, str | Path):
        log = read_log(
            source,
            mapping,
            timezone=timezone,
            rejected_path=rejected_path,
            table=table,
            overrides=overrides,
        )
    else:
        frame_mapping = (
            ColumnMapping.from_file(mapping) if isinstance(mapping, str | Path) else mapping
        )
        log = events.from_dataframe(
            source, frame_mapping, timezone=timezone, rejected_path=rejected_path
        )
    say("match")
    matched = events.match_steps(log, m)
    say("analyze")
    options = replace(with_map_zone(options, m), conformance=True)
    result = analytics.analyze(
        log.engine, matched.table, matched.steps, options, structure=m.structure()
    )
    fit = result.conformance
    assert fit is not None  # asked for above
    snapshot = snapshot_of(result, m, source=log.source, taken_at=taken_at, log=log)
    voice: FeedbackAnalysis | None = None
    feedback_logs: tuple[FeedbackLog, ...] = ()
    if feedback:
        say("feedback")
        feedback_logs, answers = read_feedback_files(
            feedback,
            log.engine,
            mapping=feedback_mapping,
            timezone=timezone,
            rejected_paths=feedback_rejected,
            mappings=feedback_mappings,
        )
        voice = analyze_voice(
            log.engine,
            answers,
            m,
            matched.table,
            recent_days=recent_days,
            progress=text_progress,
        )
        snapshot = snapshot.model_copy(
            update={"values": with_feedback(list(snapshot.values), voice)}
        )
    updated = JourneyMap.model_validate(
        m.model_copy(update={"measurements": [*m.measurements, snapshot]}).model_dump()
    )
    return AnalysisOutcome(
        updated,
        log,
        matched,
        result,
        fit,
        snapshot,
        feedback=voice,
        feedback_logs=feedback_logs,
    )


def analyze_file(
    map_path: str | Path,
    source: str | Path,
    *,
    mapping: ColumnMapping | str | Path | None = None,
    options: AnalysisOptions | None = None,
    timezone: str | None = None,
    rejected_path: str | Path | None = None,
    table: str | None = None,
    json_path: str | Path | None = None,
    store: bool = True,
    overrides: dict[str, str] | None = None,
    progress: Progress | None = None,
    feedback: Sequence[str | Path] = (),
    feedback_mapping: FeedbackMapping | str | Path | None = None,
    recent_days: int = RECENT_DAYS,
    text_progress: TextProgress | None = None,
) -> AnalysisOutcome:
    """Load a map, measure it on ``source``, store the snapshot in the map's measurement
    store (the map file keeps a reference to it) and write the JSON result.

    Every output is checked first (:func:`check_analysis_outputs`). With ``store``, the map
    is locked from its read to its write (:func:`parcours.io.atomic.locked`): a second
    ``analyze`` of the same map waits for the first, then adds its own snapshot; the file
    is also only changed if nobody edited it meanwhile (digest checked under the lock).
    Snapshots an older map still holds in its ``measurements`` are moved to the store on
    the way (:func:`parcours.io.measurements.move_measurements_to_store`)."""
    path = Path(map_path)
    check_analysis_outputs(
        path,
        source,
        mapping=mapping,
        json_path=json_path,
        rejected_path=rejected_path,
        feedback=feedback,
        feedback_mapping=feedback_mapping,
    )
    feedback_rejected = default_feedback_rejected(path, feedback) if feedback else None
    if store and progress:
        progress("lock")
    with locked(path) if store else contextlib.nullcontext():
        m = load(path)
        digest = io.file_digest(path)
        outcome = analyze_map(
            m,
            source,
            mapping=mapping,
            options=options,
            timezone=timezone,
            rejected_path=rejected_path,
            table=table,
            overrides=overrides,
            progress=progress,
            feedback=feedback,
            feedback_mapping=feedback_mapping,
            feedback_rejected=feedback_rejected,
            recent_days=recent_days,
            text_progress=text_progress,
        )
        if store:
            if progress:
                progress("store")
            saved = io.add_measurement(path, outcome.snapshot, expected_digest=digest)
            outcome = replace(
                outcome,
                journey_map=saved,
                map_path=path,
                store_path=store_path(path, saved.measurements_ref),
            )
    if json_path is None:
        return outcome
    io.write_text_atomic(json_path, analysis_json(outcome))
    return replace(outcome, json_path=Path(json_path))


def check_analysis_outputs(
    map_path: str | Path,
    source: str | Path,
    *,
    mapping: ColumnMapping | str | Path | None = None,
    json_path: str | Path | None = None,
    rejected_path: str | Path | None = None,
    report_path: str | Path | None = None,
    feedback: Sequence[str | Path] = (),
    feedback_mapping: FeedbackMapping | str | Path | None = None,
) -> None:
    """Refuse, before anything is read or written, an output of ``analyze`` that is one of
    its inputs (map, log, mapping file, feedback files), a folder, another output, or a
    report that is neither HTML nor PDF."""
    if report_path is not None and Path(report_path).suffix.lower() not in REPORT_SUFFIXES:
        raise ReportFormatError(Path(report_path))
    inputs = _analysis_inputs(map_path, source, mapping)
    inputs |= {f"--feedback {i + 1}": f for i, f in enumerate(feedback)}
    if isinstance(feedback_mapping, str | Path):
        inputs["--feedback-mapping"] = feedback_mapping
    outputs: dict[str, str | Path | None] = {
        "--json": json_path,
        "--rejected": rejected_path,
        "--report": report_path,
    }
    if feedback:
        rejected = default_feedback_rejected(Path(map_path), feedback)
        outputs |= {f"rejected {i + 1}": p for i, p in enumerate(rejected)}
    check_outputs(inputs, outputs)


def default_rejected_path(
    map_path: str | Path, source: str | Path, mapping: ColumnMapping | str | Path | None = None
) -> Path:
    """``MAP-stem.rejected.csv`` beside the map, or ``.rejected-2.csv``... when that name is
    an input (``analyze m.yaml --events m.rejected.csv``).

    >>> default_rejected_path("m.yaml", "m.rejected.csv").name
    'm.rejected-2.csv'
    """
    beside = Path(map_path).with_name(f"{Path(map_path).stem}.rejected.csv")
    return free_path(beside, _analysis_inputs(map_path, source, mapping))


def _analysis_inputs(
    map_path: str | Path, source: str | Path, mapping: ColumnMapping | str | Path | None
) -> dict[str, str | Path | None]:
    return {
        "MAP": map_path,
        "--events": source_path(source),
        "--mapping": mapping if isinstance(mapping, str | Path) else None,
    }


# --------------------------------------------------------------------------- outputs
def write_report(
    outcome: AnalysisOutcome,
    out: str | Path,
    lang: str | None = None,
    *,
    alerts: AlertReport | None = None,
    opportunities: OpportunityProposal | None = None,
) -> Path:
    """The analysis report (funnel, Sankey, breaking points, breakdowns...) as HTML or PDF
    (by the extension of ``out``); with survey answers, the voice of the customer, and the
    ``alerts`` and ranked ``opportunities`` when given (:mod:`parcours.services.voice`)."""
    language = lang or outcome.journey_map.language.value
    target = Path(out)
    if target.suffix.lower() not in REPORT_SUFFIXES:
        raise ReportFormatError(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    source = Path(outcome.log.source).name if outcome.log.source else ""
    m, result = outcome.journey_map, outcome.analysis
    fit = outcome.conformance
    sections: dict[str, Any] = {
        "voice": outcome.feedback,
        "alerts": alerts,
        "opportunities": opportunities,
    }
    if target.suffix.lower() == ".pdf":
        return render.render_analysis_pdf(
            m, result, target, language, source=source, conformance=fit, **sections
        )
    page = render.render_analysis_html(
        m, result, language, source=source, conformance=fit, **sections
    )
    io.write_text_atomic(target, page)
    return target


def analysis_json(outcome: AnalysisOutcome) -> str:
    """The JSON result: the analysis (``JourneyAnalysis.to_dict``) plus what was read."""
    log = outcome.log
    document = {
        "source": log.source,
        "mapping": log.mapping.columns(),
        "rejected_rows": dict(log.rejected.counts),
        "unmatched_activities": [
            {"activity": u.activity, "events": u.events} for u in outcome.matched.unmatched
        ],
        "steps_without_events": list(outcome.matched.steps_without_events),
        "snapshot_id": outcome.snapshot.id,
        **outcome.analysis.to_dict(),
        "conformance": outcome.conformance.to_dict(),
    }
    if outcome.feedback is not None:
        document["feedback"] = feedback_document(outcome.feedback_logs, outcome.feedback)
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


def snapshot_of(
    result: JourneyAnalysis,
    m: JourneyMap,
    *,
    source: str = "",
    taken_at: datetime | None = None,
    log: EventLog | None = None,
) -> MetricSnapshot:
    """The dated snapshot of an analysis: the values the map's renders show.

    Ratios are stored as 0..1, delays in seconds (renders convert to the metric's unit),
    satisfaction on the 1-5 scale. Per-segment values carry ``segment``.

    >>> from parcours.engine import Engine
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.model import JourneyMap
    >>> engine = Engine.duckdb()
    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"},
    ...     {"id": "b", "name": "B"}])
    >>> snap = snapshot_of(analytics.analyze(engine, tiny_log(engine), ["a", "b"]), m,
    ...     taken_at=datetime(2026, 11, 1))
    >>> [(v.step, v.value) for v in snap.values
    ...  if v.measure == "customers" and v.segment is None]
    [(None, 2.0), ('a', 2.0), ('b', 1.0)]
    """
    moment = taken_at or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    values = list(_journey_values(result.funnel))
    values += list(_step_values(result, None, result.step_stats, result.funnel))
    for stats_breakdown, funnel_breakdown in zip(
        result.step_stats_breakdowns, result.funnel_breakdowns, strict=True
    ):
        if stats_breakdown.dimension != "segment":
            continue
        funnels = {g.value: g.funnel for g in funnel_breakdown.groups}
        for group in stats_breakdown.groups:
            if group.value is None or group.value not in funnels:
                continue
            values += list(
                _step_values(result, group.value, group.stats, funnels[group.value], scores=False)
            )
    taken = {s.id for s in m.measurements}
    snapshot_id = unique_id(f"m-{moment:%Y%m%d-%H%M%S}", taken)
    return MetricSnapshot(
        id=snapshot_id,
        taken_at=moment,
        source=Path(source).name if source else "",
        period_start=log.start if log else None,
        period_end=log.end if log else result.as_of,
        values=values,
    )


def _journey_values(funnel: Funnel) -> Iterator[MeasuredValue]:
    yield MeasuredValue(measure=Measure.CUSTOMERS, value=float(funnel.entered))
    yield MeasuredValue(measure=Measure.CONVERSION_FROM_START, value=funnel.conversion_rate)
    delay = funnel.time_to_convert_seconds
    for measure, value in (
        (Measure.DELAY_MEAN_SECONDS, delay.mean),
        (Measure.DELAY_MEDIAN_SECONDS, delay.median),
        (Measure.DELAY_P90_SECONDS, delay.p90),
    ):
        yield MeasuredValue(measure=measure, value=value)


def _step_values(
    result: JourneyAnalysis,
    segment: str | None,
    stats: StepStatsTable,
    funnel: Funnel,
    *,
    scores: bool = True,
) -> Iterator[MeasuredValue]:
    stages = {s.step: s for s in funnel.steps}
    for position, step_id in enumerate(result.steps):
        row = stats.steps[position]
        measured: list[tuple[Measure, float | None]] = [
            (Measure.CUSTOMERS, float(row.customers)),
            (Measure.EVENTS, float(row.events)),
            (Measure.CONTACTS_PER_CUSTOMER, row.contacts_per_customer),
        ]
        funnel_step = stages.get(step_id)
        if funnel_step is not None:
            delay = funnel_step.delay_from_previous_seconds
            measured += [
                (Measure.CONVERSION_FROM_PREVIOUS, funnel_step.conversion_from_previous),
                (Measure.CONVERSION_FROM_START, funnel_step.conversion_from_start),
                (Measure.DROP_OFF, funnel_step.drop_off_rate),
                (Measure.DELAY_MEAN_SECONDS, None if delay is None else delay.mean),
                (Measure.DELAY_MEDIAN_SECONDS, None if delay is None else delay.median),
                (Measure.DELAY_P90_SECONDS, None if delay is None else delay.p90),
            ]
        if scores:
            score = result.satisfaction.steps[position]
            if score.responses:
                measured += [
                    (Measure.SATISFACTION_MEAN, _on_five(score.mean_score, result)),
                    (Measure.CSAT_SHARE, score.csat_share),
                    (Measure.NPS, score.nps),
                ]
        for measure, value in measured:
            if value is None and funnel_step is not None and funnel_step.position == 0:
                continue
            yield MeasuredValue(step=step_id, measure=measure, value=value, segment=segment)


def _on_five(mean: float | None, result: JourneyAnalysis) -> float | None:
    """Snapshots keep satisfaction on the 1-5 scale renders draw: 0-10 means are rescaled
    (``1 + 4 * mean / 10``)."""
    if mean is None or result.satisfaction.scale is not ScoreScale.ZERO_TO_TEN:
        return mean
    return 1 + 4 * mean / 10
