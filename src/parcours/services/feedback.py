"""Survey answers in ``parcours analyze``: read, joined to the journey, stored in snapshots.

:func:`read_feedback_files` reads every ``--feedback`` source in the engine of the event log
(so answers can be placed by the customer's position in the journey) and stacks them;
:func:`feedback_values` turns a :class:`~parcours.analytics.feedback.FeedbackAnalysis` into
snapshot values (with ``channel`` / ``touchpoint`` / ``persona`` / ``segment``, confidence
interval, response count and ``small_sample``); :func:`analyze_feedback_file` runs the
use case without an event log (``parcours analyze MAP --feedback FILE``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parcours import io
from parcours.analytics.feedback import (
    RECENT_DAYS,
    Estimate,
    FeedbackAnalysis,
    GroupSatisfaction,
)
from parcours.analytics.text import Progress as TextProgress
from parcours.analytics.voice import analyze_voice
from parcours.engine import Engine
from parcours.events.feedback import FeedbackLog, FeedbackMapping, read_feedback
from parcours.io.atomic import locked
from parcours.io.measurement_store import store_path
from parcours.model import JourneyMap, Measure, MeasuredValue, MetricSnapshot, unique_id
from parcours.services.maps import load
from parcours.services.outputs import check_outputs, free_path

if TYPE_CHECKING:
    import ibis.expr.types as ir

FEEDBACK_MEASURES = (Measure.SATISFACTION_MEAN, Measure.CSAT_SHARE, Measure.NPS)
"""Measures that survey answers provide in place of the event log's ``score`` column."""


@dataclass(frozen=True)
class FeedbackOutcome:
    """What ``analyze --feedback`` without ``--events`` read, computed and wrote."""

    journey_map: JourneyMap
    logs: tuple[FeedbackLog, ...]
    analysis: FeedbackAnalysis
    snapshot: MetricSnapshot
    map_path: Path | None = None
    json_path: Path | None = None
    store_path: Path | None = None
    """The measurement store the snapshot was written to (None: not stored)."""


def feedback_rejected_path(map_path: str | Path, index: int, taken: set[Path]) -> Path:
    """Where the rejected answers of the ``index``-th feedback file go, beside the map.

    >>> [feedback_rejected_path("m.yaml", i, set()).name for i in (0, 1)]
    ['m.feedback.rejected.csv', 'm.feedback-2.rejected.csv']
    """
    stem = Path(map_path).stem
    suffix = "" if index == 0 else f"-{index + 1}"
    beside = Path(map_path).with_name(f"{stem}.feedback{suffix}.rejected.csv")
    return free_path(beside, {str(p): p for p in taken})


def read_feedback_files(
    sources: Sequence[str | Path],
    engine: Engine,
    *,
    mapping: FeedbackMapping | str | Path | None = None,
    timezone: str | None = None,
    rejected_paths: Sequence[Path | None] | None = None,
    mappings: Sequence[FeedbackMapping | None] | None = None,
) -> tuple[tuple[FeedbackLog, ...], ir.Table]:
    """Read every feedback source into ``engine``; the logs and their answers stacked.

    ``mappings`` gives each source its own columns (a file exported by another survey
    tool); otherwise ``mapping`` serves them all (None: guessed per file).
    """
    logs: list[FeedbackLog] = []
    for index, source in enumerate(sources):
        rejected = rejected_paths[index] if rejected_paths else None
        own = mappings[index] if mappings is not None and index < len(mappings) else mapping
        logs.append(
            read_feedback(source, own, engine=engine, timezone=timezone, rejected_path=rejected)
        )
    table = logs[0].table
    for log in logs[1:]:
        table = table.union(log.table)
    return tuple(logs), engine.materialize(table) if len(logs) > 1 else table


def feedback_values(result: FeedbackAnalysis) -> list[MeasuredValue]:
    """Snapshot values of the answers: overall, per step, channel, touchpoint, segment and
    persona. CSAT means are stored on 1-5 (``satisfaction_mean``), shares as 0..1, NPS on
    -100..100, emotions on -2..+2."""
    values = list(_group_values(result.overall))
    for dimension, groups in result.groups.items():
        for group in groups:
            values += list(_group_values(group, dimension))
    return values


def _group_values(
    group: GroupSatisfaction, dimension: str | None = None
) -> Iterator[MeasuredValue]:
    dims: dict[str, Any] = {}
    if dimension is not None:
        dims[dimension] = group.value
    measured: list[tuple[Measure, Estimate | None]] = [
        (Measure.CSAT_SHARE, group.csat_share),
        (Measure.SATISFACTION_MEAN, group.csat_mean),
        (Measure.NPS, group.nps),
        (Measure.CES_MEAN, group.ces_mean),
        (Measure.MEASURED_EMOTION, group.emotion),
    ]
    yield MeasuredValue(
        measure=Measure.RESPONSES,
        value=float(group.responses),
        responses=group.responses,
        small_sample=group.small_sample,
        **dims,
    )
    for measure, estimate in measured:
        if estimate is None:
            continue
        yield MeasuredValue(
            measure=measure,
            value=estimate.value,
            low=estimate.low,
            high=estimate.high,
            responses=estimate.responses,
            small_sample=estimate.small_sample,
            **dims,
        )


def with_feedback(values: list[MeasuredValue], result: FeedbackAnalysis) -> list[MeasuredValue]:
    """``values`` of an event-log snapshot with the answers' measures instead of the log's
    own scores (:data:`FEEDBACK_MEASURES`)."""
    kept = [v for v in values if v.measure not in FEEDBACK_MEASURES]
    return kept + feedback_values(result)


def analyze_feedback_map(
    m: JourneyMap,
    sources: Sequence[str | Path],
    *,
    mapping: FeedbackMapping | str | Path | None = None,
    timezone: str | None = None,
    rejected_paths: Sequence[Path | None] | None = None,
    taken_at: datetime | None = None,
    engine: Engine | None = None,
    recent_days: int = RECENT_DAYS,
    text_progress: TextProgress | None = None,
) -> FeedbackOutcome:
    """Measure ``m`` from survey answers alone (answers placed by the step they name)."""
    engine = engine or Engine.duckdb()
    logs, table = read_feedback_files(
        sources, engine, mapping=mapping, timezone=timezone, rejected_paths=rejected_paths
    )
    result = analyze_voice(engine, table, m, recent_days=recent_days, progress=text_progress)
    moment = taken_at or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    snapshot = MetricSnapshot(
        id=unique_id(f"m-{moment:%Y%m%d-%H%M%S}", {s.id for s in m.measurements}),
        taken_at=moment,
        source=", ".join(Path(log.source).name for log in logs),
        period_start=min((log.start for log in logs if log.start), default=None),
        period_end=max((log.end for log in logs if log.end), default=None),
        values=feedback_values(result),
    )
    updated = JourneyMap.model_validate(
        m.model_copy(update={"measurements": [*m.measurements, snapshot]}).model_dump()
    )
    return FeedbackOutcome(updated, logs, result, snapshot)


def analyze_feedback_file(
    map_path: str | Path,
    sources: Sequence[str | Path],
    *,
    mapping: FeedbackMapping | str | Path | None = None,
    timezone: str | None = None,
    json_path: str | Path | None = None,
    store: bool = True,
    recent_days: int = RECENT_DAYS,
    text_progress: TextProgress | None = None,
) -> FeedbackOutcome:
    """Load a map, measure it from survey answers, store the snapshot, write the JSON.

    Rejected answers go beside the map (:func:`feedback_rejected_path`)."""
    path = Path(map_path)
    rejected = default_feedback_rejected(path, sources)
    inputs: dict[str, str | Path | None] = {"MAP": path}
    inputs |= {f"--feedback {i + 1}": s for i, s in enumerate(sources)}
    if isinstance(mapping, str | Path):
        inputs["--feedback-mapping"] = mapping
    outputs: dict[str, str | Path | None] = {"--json": json_path}
    outputs |= {f"rejected {i + 1}": p for i, p in enumerate(rejected)}
    check_outputs(inputs, outputs)
    with locked(path) if store else contextlib.nullcontext():
        m = load(path)
        digest = io.file_digest(path)
        outcome = analyze_feedback_map(
            m,
            sources,
            mapping=mapping,
            timezone=timezone,
            rejected_paths=list(rejected),
            recent_days=recent_days,
            text_progress=text_progress,
        )
        if store:
            saved = io.add_measurement(path, outcome.snapshot, expected_digest=digest)
            outcome = replace(
                outcome,
                journey_map=saved,
                map_path=path,
                store_path=store_path(path, saved.measurements_ref),
            )
    if json_path is None:
        return outcome
    io.write_text_atomic(json_path, feedback_json(outcome.logs, outcome.analysis, outcome.snapshot))
    return replace(outcome, json_path=Path(json_path))


def default_feedback_rejected(map_path: Path, sources: Sequence[str | Path]) -> list[Path]:
    """One rejected-answers file per feedback source, none of them an input."""
    taken = {Path(s) for s in sources} | {map_path}
    paths: list[Path] = []
    for index in range(len(sources)):
        path = feedback_rejected_path(map_path, index, taken)
        taken.add(path)
        paths.append(path)
    return paths


def feedback_document(logs: Sequence[FeedbackLog], result: FeedbackAnalysis) -> dict[str, Any]:
    """The ``feedback`` part of the JSON result (``docs/analytics.md``)."""
    return {
        "sources": [
            {
                "source": log.source,
                "mapping": log.mapping.columns(),
                "answers": log.n_answers,
                "kinds": list(log.kinds),
                "rejected_rows": dict(log.rejected.counts),
            }
            for log in logs
        ],
        **result.to_dict(),
    }


def feedback_json(
    logs: Sequence[FeedbackLog], result: FeedbackAnalysis, snapshot: MetricSnapshot
) -> str:
    """The JSON result of a feedback-only analysis."""
    document = {"snapshot_id": snapshot.id, "feedback": feedback_document(logs, result)}
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
