"""The demo: the online-bank account-opening map, measured, checked and rendered.

1. the map is created from the ``bank-account`` template;
2. a realistic event log of the bank (CRM, web analytics and back-office exports mixed:
   ``events/bank-events.csv``) is generated with a fixed seed, as extracted on
   :data:`DEMO_DATA_END` (its data end on 30 November 2026);
3. a survey of the same customers (``events/bank-survey.csv``: CSAT, NPS, CES and French /
   English verbatims, :mod:`parcours.events.synthetic_feedback`) is generated, with three
   planted facts: poor phone support against good chat support, a recent drop at the
   first card payment, fee complaints at the monthly statements;
4. ``parcours analyze --feedback`` measures the map from that log and survey (satisfaction,
   themes of the verbatims, proposed irritants): the dated snapshot is stored beside the map
   (``bank-account.measures/``), the full result into ``bank-account.analysis.json``;
5. the map's thresholds are evaluated on the survey (``bank-account.alerts.json``) and the
   opportunities ranked from the log and the survey (``bank-account.opportunities.json``);
   the analysis report (HTML, PDF) shows the voice of the customer, the alerts and the
   ranked opportunities with the top two;
6. ``parcours check`` and ``parcours render`` in every format, now with measured values.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.csv as pacsv

from parcours import io, rubric
from parcours.events import synthetic
from parcours.events.synthetic_feedback import PlantedFacts, generate_feedback
from parcours.io.measurements import HISTORY_FOLDER
from parcours.model import JourneyMap
from parcours.render import View
from parcours.services.alerts import report_json
from parcours.services.analysis import analyze_file, write_report
from parcours.services.errors import FolderNotEmptyError, OutputNotFolderError
from parcours.services.maps import create_from_template, load
from parcours.services.rendering import OutputFormat, render_map
from parcours.services.voice import analysis_alerts, analysis_opportunities

DEMO_TEMPLATE = "bank-account"
DEMO_CUSTOMERS = 20_000
"""Customers of the generated bank log (about 7 events each)."""
DEMO_EVENTS_PER_CUSTOMER = 7.0
"""Sets the drop-offs of the generated log: about 30 % of the visitors open an account (a
visitor who clicked an advertisement or came from a comparison site), 8 % are refused."""
DEMO_SEED = 2026
DEMO_FIRST_ENTRY = datetime(2025, 12, 1)
DEMO_ENTRY_DAYS = 300
"""Visitors arrive from 1 December 2025 for 300 days (until late September 2026)."""
DEMO_RECENT_DAYS = 75
"""The survey's recent period: its satisfaction drop (first card payment) starts 75 days
before the data end, as few visitors still reach that step in the last weeks of the log
(none arrives after late September)."""
DEMO_DATA_END = datetime(2026, 12, 1)
"""The extraction date of the generated log (exclusive): its data ends on 30 November 2026,
before the demo was first shipped, whatever day it runs, so that its figures stay the
same; customers still on their way that day have no later events, as in a real extract."""


class Progress(Protocol):
    """Anything with a ``print`` (a Rich console, or a test double)."""

    def print(self, *objects: object) -> None: ...


@dataclass
class DemoResult:
    """What the demo wrote and whether the map passed the rubric."""

    files: list[Path] = field(default_factory=list)
    report_ok: bool = True
    alerts_fired: tuple[str, ...] = ()
    """``step: threshold (level)`` of every alert that fired on the survey."""
    top_actions: tuple[str, ...] = ()
    """Ids of the two opportunities to start with."""


def run_demo(
    out_dir: str | Path,
    *,
    lang: str = "fr",
    progress: Progress | None = None,
    force: bool = False,
) -> DemoResult:
    """Create the bank map from its template, check it and render every view and format.

    A folder that already holds files is refused (:class:`FolderNotEmptyError`) unless
    ``force``; then every file the demo replaces is first copied to
    ``.parcours-history/demo-<time>/`` in the folder (see :func:`keep_demo_files`).
    """
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise OutputNotFolderError(folder, "--output")
    if folder.is_dir() and any(folder.iterdir()):
        if not force:
            raise FolderNotEmptyError(folder, folder / HISTORY_FOLDER)
        keep_demo_files(folder)
    folder.mkdir(parents=True, exist_ok=True)
    result = DemoResult()

    def step(text: str) -> None:
        if progress is not None:
            progress.print(f"→ {text}")

    map_path = folder / f"{DEMO_TEMPLATE}.yaml"
    step(f"{DEMO_TEMPLATE}.{lang}.yaml → {map_path}")
    create_from_template(DEMO_TEMPLATE, lang, map_path, force=True)
    result.files.append(map_path)
    step(f"events: {DEMO_CUSTOMERS} synthetic customers → events/bank-events.csv")
    events_path = folder / "events" / "bank-events.csv"
    events_path.parent.mkdir(exist_ok=True)
    with io.atomic_path(events_path) as temporary:
        synthetic.write_csv(
            temporary,
            load(map_path),
            customers=DEMO_CUSTOMERS,
            seed=DEMO_SEED,
            start=DEMO_FIRST_ENTRY,
            period_days=DEMO_ENTRY_DAYS,
            until=DEMO_DATA_END,
            events_per_customer=DEMO_EVENTS_PER_CUSTOMER,
        )
    result.files.append(events_path)
    step("survey: answers and verbatims → events/bank-survey.csv")
    survey_path = folder / "events" / "bank-survey.csv"
    write_demo_survey(load(map_path), survey_path)
    result.files.append(survey_path)
    step("parcours analyze --events events/bank-events.csv --feedback events/bank-survey.csv")
    analysis_path = folder / f"{DEMO_TEMPLATE}.analysis.json"
    # the conversion window is the template's (journey.conversion_window_days: 90): the
    # bank follows each visitor for three months (nine in ten accounts open within two
    # weeks); visitors of the last three months with no outcome yet are in flight, not lost
    outcome = analyze_file(
        map_path,
        events_path,
        json_path=analysis_path,
        feedback=[survey_path],
        recent_days=DEMO_RECENT_DAYS,
    )
    result.files.append(analysis_path)
    m = outcome.journey_map
    voice = outcome.feedback
    if voice is not None:
        step(
            f"verbatims: {voice.verbatims} read, {len(voice.themes)} themes, "
            f"{len(voice.proposals)} irritants / enchantments proposed"
        )
    step("parcours alerts --events events/bank-events.csv --feedback events/bank-survey.csv")
    alerts = analysis_alerts(outcome, days=DEMO_RECENT_DAYS)
    if alerts is not None:
        alerts_path = folder / f"{DEMO_TEMPLATE}.alerts.json"
        io.write_text_atomic(alerts_path, report_json(alerts))
        result.files.append(alerts_path)
        result.alerts_fired = tuple(
            f"{a.watched.step}: {a.watched.label} ({a.level.value})" for a in alerts.fired
        )
        step(f"alerts fired: {', '.join(result.alerts_fired) or 'none'}")
    step("parcours opportunities --feedback events/bank-survey.csv")
    proposal = analysis_opportunities(outcome)
    opportunities_path = folder / f"{DEMO_TEMPLATE}.opportunities.json"
    io.write_text_atomic(
        opportunities_path,
        json.dumps(proposal.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n",
    )
    result.files.append(opportunities_path)
    result.top_actions = proposal.top
    step(f"top two actions: {', '.join(proposal.top)}")
    step("parcours analyze --report (HTML, PDF)")
    for suffix in ("html", "pdf"):
        result.files.append(
            write_report(
                outcome,
                folder / f"{DEMO_TEMPLATE}.analysis.{suffix}",
                lang,
                alerts=alerts,
                opportunities=proposal,
            )
        )

    step("parcours check")
    report = rubric.check(m)
    result.report_ok = report.ok
    text_path = folder / "check.txt"
    io.write_text_atomic(text_path, report.to_text(lang) + "\n")
    json_path = folder / "check.json"
    io.write_text_atomic(
        json_path, json.dumps(report.to_json(lang), ensure_ascii=False, indent=2) + "\n"
    )
    result.files += [text_path, json_path]

    for fmt, target in (
        (OutputFormat.HTML, folder / f"{DEMO_TEMPLATE}.html"),
        (OutputFormat.PDF, folder / f"{DEMO_TEMPLATE}.pdf"),
        (OutputFormat.MD, folder / f"{DEMO_TEMPLATE}.md"),
        (OutputFormat.XLSX, folder / f"{DEMO_TEMPLATE}.xlsx"),
        (OutputFormat.SVG, folder / "svg" / f"{DEMO_TEMPLATE}.svg"),
    ):
        step(f"parcours render -f {fmt.value}")
        result.files += render_map(m, fmt, target, views=(View.ALL,), lang=lang)
    step("parcours render -f png --view experience")
    result.files += render_map(
        m, OutputFormat.PNG, folder / "png" / "experience.png", views=(View.EXPERIENCE,), lang=lang
    )
    return result


def write_demo_survey(m: JourneyMap, path: Path) -> Path:
    """The demo's survey answers (same customers as the demo's log), written as CSV."""
    log = pa.Table.from_batches(
        list(
            synthetic.generate_events(
                m,
                customers=DEMO_CUSTOMERS,
                seed=DEMO_SEED,
                start=DEMO_FIRST_ENTRY,
                period_days=DEMO_ENTRY_DAYS,
                until=DEMO_DATA_END,
                events_per_customer=DEMO_EVENTS_PER_CUSTOMER,
                with_steps=True,
            )
        )
    )
    facts = PlantedFacts(recent_days=DEMO_RECENT_DAYS)
    answers = generate_feedback(m, log, seed=DEMO_SEED, facts=facts)
    with io.atomic_path(path) as temporary:
        pacsv.write_csv(answers, temporary)
    return path


DEMO_FILES = (
    f"{DEMO_TEMPLATE}.*",
    "check.txt",
    "check.json",
    "events/bank-events.csv",
    "events/bank-survey.csv",
    f"svg/{DEMO_TEMPLATE}*.svg",
    "png/experience*.png",
)
"""The files a demo run writes or replaces (patterns relative to its folder)."""


def keep_demo_files(folder: Path) -> Path | None:
    """Copy the files a demo run in ``folder`` would replace to
    ``.parcours-history/demo-<time>/`` (same relative paths); returns that copy, or None
    when nothing would be replaced.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "check.txt").write_text("my notes", encoding="utf-8")
    >>> kept = keep_demo_files(folder)
    >>> (kept / "check.txt").read_text(encoding="utf-8")
    'my notes'
    """
    existing = sorted(
        {path for pattern in DEMO_FILES for path in folder.glob(pattern) if path.is_file()}
    )
    if not existing:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    copy = folder / HISTORY_FOLDER / f"demo-{stamp}"
    for path in existing:
        kept = copy / path.relative_to(folder)
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, kept)
    return copy
