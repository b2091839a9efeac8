"""``parcours listening``: the listening plan of a map, as a survey tool would run it.

One row per question of every listening point (CSV, Excel) or one object per point
(JSON): step, medium, temperature, trigger and delay, target population, sampling rate,
fatigue rule, the question and its scale, the alert threshold. Given an event log, each
point also says how many customers it would survey per week and how many answers to
expect (:mod:`parcours.analytics.listening_volume`).
"""

from __future__ import annotations

import csv
import io as text_io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from parcours import events
from parcours.analytics.listening_volume import (
    DEFAULT_RESPONSE_RATE,
    ListeningVolume,
    PointVolume,
    listening_volume,
    point_key,
)
from parcours.events import ColumnMapping
from parcours.i18n import Catalog, label
from parcours.io.atomic import atomic_path, write_text_atomic
from parcours.model import JourneyMap, ListeningPoint
from parcours.services.discovery import read_log
from parcours.services.maps import load
from parcours.services.outputs import check_outputs, check_suffix, source_path

PLAN_SUFFIXES = (".csv", ".xlsx", ".json")

COLUMNS = Catalog(
    {
        "point": {"en": "Listening point", "fr": "Point d'écoute"},
        "step": {"en": "Step id", "fr": "Id de l'étape"},
        "step_name": {"en": "Step", "fr": "Étape"},
        "medium": {"en": "Medium", "fr": "Média"},
        "temperature": {"en": "Temperature", "fr": "Température"},
        "trigger": {"en": "Trigger event", "fr": "Événement déclencheur"},
        "delay_hours": {"en": "Delay (hours)", "fr": "Délai (heures)"},
        "target": {"en": "Target population", "fr": "Population cible"},
        "segments": {"en": "Segments", "fr": "Segments"},
        "channels": {"en": "Channels", "fr": "Canaux"},
        "sampling_rate": {"en": "Sampling rate", "fr": "Taux d'échantillonnage"},
        "fatigue_days": {"en": "Fatigue rule (days)", "fr": "Règle de fatigue (jours)"},
        "question_number": {"en": "Question #", "fr": "Question n°"},
        "question": {"en": "Question", "fr": "Question"},
        "scale": {"en": "Scale", "fr": "Échelle"},
        "threshold": {"en": "Alert threshold", "fr": "Seuil d'alerte"},
        "response_rate": {"en": "Response rate", "fr": "Taux de réponse"},
        "surveyed_per_week": {"en": "Surveyed per week", "fr": "Sollicités par semaine"},
        "answers_per_week": {
            "en": "Expected answers per week",
            "fr": "Réponses attendues par semaine",
        },
        "any_event": {"en": "any event of the step", "fr": "tout événement de l'étape"},
        "everyone": {"en": "everyone", "fr": "tous"},
    }
)

KEYS = (
    "point",
    "step",
    "step_name",
    "medium",
    "temperature",
    "trigger",
    "delay_hours",
    "target",
    "segments",
    "channels",
    "sampling_rate",
    "fatigue_days",
    "response_rate",
    "surveyed_per_week",
    "answers_per_week",
    "threshold",
    "question_number",
    "question",
    "scale",
)
"""Columns of the CSV / Excel plan, in order (one row per question)."""


@dataclass(frozen=True)
class ListeningPlan:
    """The plan of a map, with the survey volume when an event log was given."""

    journey_map: JourneyMap
    volume: ListeningVolume | None
    response_rate: float

    def volume_of(self, index: int) -> PointVolume | None:
        """The volume of the point at ``index`` (None without an event log)."""
        return self.volume.points[index] if self.volume else None

    def points(self, lang: str) -> list[dict[str, Any]]:
        """One JSON-able object per listening point, labels in ``lang``."""
        return [
            _point(self.journey_map, lp, index, self.volume_of(index), self.response_rate, lang)
            for index, lp in enumerate(self.journey_map.listening_points)
        ]

    def rows(self, lang: str) -> list[dict[str, Any]]:
        """One flat row per question (a point without questions gives one row)."""
        flat: list[dict[str, Any]] = []
        for point in self.points(lang):
            questions = point.pop("questions") or [{"text": "", "scale": ""}]
            for number, question in enumerate(questions, start=1):
                flat.append(
                    point
                    | {
                        "question_number": number,
                        "question": question["text"],
                        "scale": question["scale"],
                    }
                )
        return flat


def _point(
    m: JourneyMap,
    lp: ListeningPoint,
    index: int,
    volume: PointVolume | None,
    default_rate: float,
    lang: str,
) -> dict[str, Any]:
    names = {s.id: s.name for s in m.steps}
    rate = lp.response_rate or default_rate
    return {
        "point": point_key(lp, index),
        "step": lp.step,
        "step_name": names.get(lp.step, lp.step),
        "medium": label(lp.medium, lang),
        "temperature": label(lp.effective_temperature(), lang),
        "trigger": lp.trigger_activity or COLUMNS.text("any_event", lang),
        "delay_hours": lp.effective_delay_hours(),
        "target": lp.target,
        "segments": ", ".join(lp.target_segments) or COLUMNS.text("everyone", lang),
        "channels": ", ".join(lp.target_channels) or COLUMNS.text("everyone", lang),
        "sampling_rate": lp.sampling_rate,
        "fatigue_days": lp.fatigue_days,
        "response_rate": rate,
        "surveyed_per_week": round(volume.surveyed_per_week, 2) if volume else None,
        "answers_per_week": round(volume.expected_answers_per_week, 2) if volume else None,
        "threshold": lp.alert_threshold.describe() if lp.alert_threshold else "",
        "questions": [{"text": q.text, "scale": label(q.scale, lang)} for q in lp.questionnaire()],
    }


def plan_csv(plan: ListeningPlan, lang: str) -> str:
    """The plan as CSV text (one row per question, headers in ``lang``)."""
    buffer = text_io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([COLUMNS.text(k, lang) for k in KEYS])
    for row in plan.rows(lang):
        writer.writerow(["" if row[k] is None else _cell(row[k]) for k in KEYS])
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def plan_json(plan: ListeningPlan, lang: str) -> str:
    """The plan as JSON: the journey, the points with their questions and volumes."""
    document: dict[str, Any] = {
        "journey": plan.journey_map.journey.title,
        "response_rate": plan.response_rate,
        "points": plan.points(lang),
    }
    if plan.volume is not None:
        document["volume"] = plan.volume.to_dict()
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_plan(plan: ListeningPlan, output: str | Path, lang: str) -> Path:
    """Write the plan as .csv, .xlsx or .json (atomically), chosen by the suffix."""
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix == ".json":
        write_text_atomic(path, plan_json(plan, lang))
    elif suffix == ".xlsx":
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = COLUMNS.text("point", lang)[:31]
        sheet.append([COLUMNS.text(k, lang) for k in KEYS])
        for row in plan.rows(lang):
            sheet.append([_cell(row[k]) for k in KEYS])
        with atomic_path(path) as temporary:
            workbook.save(temporary)
    else:
        write_text_atomic(path, plan_csv(plan, lang))
    return path


def build_plan(
    m: JourneyMap,
    source: str | Path | None = None,
    *,
    response_rate: float = DEFAULT_RESPONSE_RATE,
    mapping: ColumnMapping | str | Path | None = None,
    timezone: str | None = None,
    table: str | None = None,
) -> ListeningPlan:
    """The plan of ``m``; with an event log ``source``, the weekly survey volumes too.

    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"}],
    ...     listening_points=[{"step": "a", "medium": "sms", "questions": ["Note? (1 to 5)"]}])
    >>> build_plan(m).rows("en")[0]["scale"]
    'CSAT (1-5)'
    """
    volume = None
    if source is not None:
        log = read_log(source, mapping, timezone=timezone, table=table)
        matched = events.match_steps(log, m)
        volume = listening_volume(
            log.engine, matched.table, m.listening_points, response_rate=response_rate
        )
    return ListeningPlan(m, volume, response_rate)


def export_plan(
    map_path: str | Path,
    output: str | Path,
    *,
    source: str | Path | None = None,
    response_rate: float = DEFAULT_RESPONSE_RATE,
    mapping: ColumnMapping | str | Path | None = None,
    timezone: str | None = None,
    table: str | None = None,
    lang: str = "en",
) -> tuple[ListeningPlan, Path]:
    """Load a map, build its plan (with volumes when ``source`` is given), write it."""
    check_suffix(output, "--output", PLAN_SUFFIXES)
    inputs: dict[str, str | Path | None] = {"MAP": map_path, "--events": source_path(source)}
    if isinstance(mapping, str | Path):
        inputs["--mapping"] = mapping
    check_outputs(inputs, {"--output": output})
    plan = build_plan(
        load(map_path),
        source,
        response_rate=response_rate,
        mapping=mapping,
        timezone=timezone,
        table=table,
    )
    return plan, write_plan(plan, output, lang)
