"""``parcours`` commands. Each command parses its options and calls one service.

Errors a user can fix are printed as a clear message (in French or English, see
``--lang`` / ``PARCOURS_LANG``) with exit code 2; never a traceback.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.table import Table

from parcours import __version__, services, templates
from parcours.analytics.options import MAX_STEPS, MIN_CASE_SHARE
from parcours.cli.messages import MESSAGES, ui_language
from parcours.cli.terminal import SafeConsole, clean_json, styled
from parcours.errors import ParcoursError
from parcours.render import View
from parcours.services.errors import OptionError
from parcours.services.outputs import check_outputs
from parcours.services.rendering import OutputFormat

if TYPE_CHECKING:
    from parcours import events

app = typer.Typer(
    name="parcours",
    help="Customer journey mapping and journey analytics, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = SafeConsole(soft_wrap=True)
"""Standard output. Every print goes through :class:`SafeConsole`: no markup, no control
characters, whatever the map or the log holds."""
err = SafeConsole(stderr=True, soft_wrap=True)

T = TypeVar("T")

LangOption = Annotated[
    str | None,
    typer.Option("--lang", "-l", help="Language of messages and output: fr or en."),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(styled("✗", "bold red", message))
    return typer.Exit(code)


@contextmanager
def _user_errors(lang: str) -> Iterator[None]:
    """Turn errors the user can fix into a message and exit code 2."""
    try:
        yield
    except ParcoursError as exc:
        raise _fail(exc.message(lang)) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.filename:
            raise _fail(MESSAGES.text("os_error", lang, path=exc.filename, reason=reason)) from None
        raise _fail(MESSAGES.text("os_error.nameless", lang, reason=reason)) from None


def _run(lang: str, action: Callable[[], T]) -> T:
    with _user_errors(lang):
        return action()


def _version(value: bool) -> None:
    if value:
        out.print(f"parcours {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """parcours: map, check, measure and share customer journeys."""


@app.command("templates")
def list_templates(lang: LangOption = None) -> None:
    """List the built-in templates (``parcours new NAME``)."""
    language = ui_language(lang)
    table = Table(title=MESSAGES.text("templates.title", language))
    for header in ("templates.name", "templates.lang", "templates.journey"):
        table.add_column(MESSAGES.text(header, language))
    for info in templates.available():
        table.add_row(info.name, info.language, info.title)
    out.print(table)


@app.command()
def new(
    template: Annotated[str, typer.Argument(help="Template name (see `parcours templates`).")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to create (.yaml, .json, .xlsx).")
    ],
    lang: LangOption = None,
    force: Annotated[bool, typer.Option(help="Overwrite OUTPUT if it exists.")] = False,
) -> None:
    """Create a journey map from a template."""
    language = ui_language(lang)
    path = _run(
        language, lambda: services.create_from_template(template, language, output, force=force)
    )
    out.print(MESSAGES.text("new.done", language, path=path, template=template))


@app.command()
def check(
    map_file: Annotated[Path, typer.Argument(metavar="MAP", help="Journey map file.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    lang: LangOption = None,
) -> None:
    """Check a map against the quality rubric. Exit 0 clean, 1 rule errors, 2 unreadable."""
    language = ui_language(lang)
    if fmt not in ("text", "json"):
        raise _fail(MESSAGES.text("check.bad_format", language, fmt=fmt))
    _, report = _run(language, lambda: services.check_file(map_file))
    if fmt == "json":
        text = json.dumps(report.to_json(language), ensure_ascii=False, indent=2)
        sys.stdout.write(clean_json(text) + "\n")
    else:
        out.print(report.to_text(language), highlight=False, markup=False)
    raise typer.Exit(report.exit_code)


@app.command()
def render(
    map_file: Annotated[Path, typer.Argument(metavar="MAP", help="Journey map file.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    view: Annotated[
        list[View] | None,
        typer.Option("--view", help="View(s) to render (repeatable); default: all."),
    ] = None,
    paper: Annotated[str, typer.Option(help="Paper for PDF/PNG: A3 or A4.")] = "A3",
    lang: LangOption = None,
) -> None:
    """Render a map (journey map, experience map, blueprint...) as HTML, SVG, PDF, PNG, MD, XLSX."""
    language = ui_language(lang)
    if paper not in ("A3", "A4"):
        raise _fail(MESSAGES.text("render.bad_paper", language, paper=paper))
    views = tuple(view) if view else (View.ALL,)
    written = _run(
        language,
        lambda: services.render_file(
            map_file, fmt, output, views=views, lang=lang, paper="A4" if paper == "A4" else "A3"
        ),
    )
    for path in written:
        out.print(MESSAGES.text("render.done", language, path=path))


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Print the JSON Schema of the map file format (for editor autocompletion)."""
    from parcours import io

    text = json.dumps(io.json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return

    def action() -> None:
        check_outputs({}, {"--output": output})
        io.write_text_atomic(output, text)

    _run(ui_language(lang), action)
    out.print(MESSAGES.text("render.done", ui_language(lang), path=output))


@app.command()
def convert(
    map_file: Annotated[Path, typer.Argument(metavar="MAP", help="Journey map file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Target: .yaml, .json or .xlsx.")],
    force: Annotated[bool, typer.Option(help="Overwrite OUTPUT if it exists.")] = False,
    lang: LangOption = None,
) -> None:
    """Convert a map between YAML, JSON and Excel (ids are assigned where missing)."""
    language = ui_language(lang)

    path = _run(language, lambda: services.maps.convert(map_file, output, force=force))
    out.print(MESSAGES.text("render.done", language, path=path))


@app.command()
def upgrade(
    map_file: Annotated[Path, typer.Argument(metavar="MAP", help="Journey map file.")],
    lang: LangOption = None,
) -> None:
    """Bring a map written by an older parcours to the current format, in place (measured
    snapshots moved to its store, comments kept, the previous version kept)."""
    from parcours.io.measurements import HISTORY_FOLDER
    from parcours.model import FORMAT_VERSION

    language = ui_language(lang)
    done = _run(language, lambda: services.maps.upgrade(map_file))
    if not done.written:
        out.print(
            MESSAGES.text("upgrade.current", language, path=map_file, version=FORMAT_VERSION),
            highlight=False,
            markup=False,
        )
        return
    history = map_file.parent / HISTORY_FOLDER
    text = MESSAGES.text(
        "upgrade.done", language, path=map_file, version=FORMAT_VERSION, history=history
    )
    out.print(text, highlight=False, markup=False)
    if done.moved:
        ids = ", ".join(done.moved)
        moved = MESSAGES.text(
            "upgrade.moved", language, count=len(done.moved), store=done.store, ids=ids
        )
        out.print(moved, highlight=False, markup=False)


MappingOption = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        "-m",
        help="Column mapping file (YAML/JSON); default: guessed from the column names.",
    ),
]
TimezoneOption = Annotated[
    str | None,
    typer.Option("--timezone", help="IANA zone of timestamps written without offset."),
]
RejectedOption = Annotated[
    Path | None,
    typer.Option(
        "--rejected",
        help="CSV file receiving the rows set aside, with a reason (default: beside the map).",
    ),
]
TableOption = Annotated[
    str | None,
    typer.Option("--table", help="Table to read when LOG is a database file or URL."),
]
FeedbackMappingOption = Annotated[
    Path | None,
    typer.Option(
        "--feedback-mapping",
        help="Column mapping of the feedback files (YAML/JSON); default: guessed.",
    ),
]
RecentDaysOption = Annotated[
    int,
    typer.Option(
        "--recent-days",
        min=1,
        help="Survey answers of these last days are compared with the earlier ones.",
    ),
]


def _print_log(log: events.EventLog, language: str) -> None:
    used = ", ".join(f"{field} ← {column}" for field, column in log.mapping.columns().items())
    out.print(MESSAGES.text("log.mapping", language, columns=used), highlight=False, markup=False)
    out.print(
        MESSAGES.text(
            "log.read",
            language,
            source=log.source,
            events=log.n_events,
            cases=log.n_cases,
            start=log.start,
            end=log.end,
        ),
        highlight=False,
    )
    if log.rejected:
        err.print(log.rejected.describe(language), highlight=False, markup=False)
    for note in log.notes:
        err.print(note.describe(language), highlight=False, markup=False)


@app.command()
def analyze(
    map_file: Annotated[Path, typer.Argument(metavar="MAP", help="Journey map file.")],
    events_source: Annotated[
        str | None, typer.Option("--events", "-e", help="Event log: file or database URL.")
    ] = None,
    mapping: MappingOption = None,
    feedback: Annotated[
        list[str] | None,
        typer.Option(
            "--feedback",
            "-f",
            help="Survey answers / verbatims (file or database URL); repeatable.",
        ),
    ] = None,
    feedback_mapping: FeedbackMappingOption = None,
    recent_days: RecentDaysOption = 28,
    segment: Annotated[
        str | None, typer.Option("--segment", help="Column holding the segment / persona.")
    ] = None,
    period: Annotated[
        str, typer.Option("--period", help="Period of the evolution over time: week or month.")
    ] = "month",
    window_days: Annotated[
        float | None,
        typer.Option(
            "--window-days",
            help="Conversion window from entry, in days (0: none; default: the map's "
            "journey.conversion_window_days, else 30).",
        ),
    ] = None,
    json_out: Annotated[
        Path | None,
        typer.Option("--json", help="JSON result file (default: MAP-stem.analysis.json)."),
    ] = None,
    store: Annotated[
        bool,
        typer.Option(
            "--store/--no-store", help="Store the dated snapshot beside MAP (MAP-stem.measures/)."
        ),
    ] = True,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Analysis report to write: .html or .pdf."),
    ] = None,
    timezone: TimezoneOption = None,
    rejected: RejectedOption = None,
    table: TableOption = None,
    lang: LangOption = None,
) -> None:
    """Measure a map from an event log (per-step metrics, funnel, delays, breaking points)
    and / or survey answers (satisfaction per step, channel, segment, persona)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from parcours.analytics import AnalysisOptions, Period
    from parcours.services.analysis import (
        analyze_file,
        check_analysis_outputs,
        default_rejected_path,
        map_window_seconds,
    )
    from parcours.services.maps import load

    language = ui_language(lang)
    answers = feedback or []
    if events_source is None:
        if not answers:
            raise _fail(MESSAGES.text("analyze.no_input", language))
        _analyze_feedback_only(
            map_file, answers, feedback_mapping, timezone, json_out, store, recent_days, language
        )
        return
    if period not in ("week", "month"):
        raise _fail(MESSAGES.text("analyze.bad_period", language, period=period))
    if window_days is None:
        window_days = _run(language, lambda: map_window_seconds(load(map_file)) / 86400)
    if not (math.isfinite(window_days * 86400) and window_days >= 0):
        raise _fail(OptionError("--window-days", "days", str(window_days)).message(language))
    options = _run(
        language,
        lambda: AnalysisOptions(
            window_seconds=window_days * 86400 if window_days > 0 else None,
            period=Period(period),
        ),
    )
    target_json = json_out or map_file.with_name(f"{map_file.stem}.analysis.json")
    rejected_csv = rejected or default_rejected_path(map_file, events_source, mapping)
    _run(  # every output checked before anything is read or written
        language,
        lambda: check_analysis_outputs(
            map_file,
            events_source,
            mapping=mapping,
            json_path=target_json,
            rejected_path=rejected_csv,
            report_path=report,
            feedback=answers,
            feedback_mapping=feedback_mapping,
        ),
    )
    columns = [SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("…", total=None)

        def stage(name: str) -> None:
            bar.update(task, description=MESSAGES.text(f"analyze.stage.{name}", language))

        def text_progress(done: int, total: int) -> None:
            bar.update(
                task,
                description=MESSAGES.text(
                    "analyze.stage.verbatims", language, done=done, total=total
                ),
            )

        outcome = _run(
            language,
            lambda: analyze_file(
                map_file,
                events_source,
                mapping=mapping,
                options=options,
                timezone=timezone,
                rejected_path=rejected_csv,
                table=table,
                json_path=target_json,
                store=store,
                overrides={"segment": segment} if segment else None,
                progress=stage,
                feedback=answers,
                feedback_mapping=feedback_mapping,
                recent_days=recent_days,
                text_progress=text_progress,
            ),
        )
    from parcours.cli.analysis_view import print_analysis, print_written

    _print_log(outcome.log, language)
    print_analysis(outcome, out, language)
    if outcome.feedback is not None:
        from parcours.cli.feedback_view import print_voice

        print_voice(
            outcome.feedback_logs, outcome.feedback, outcome.journey_map, out, err, language
        )
    print_written(outcome, out, language)
    if report is not None:
        from parcours.services.analysis import write_report
        from parcours.services.voice import voice_sections

        sections = _run(language, lambda: voice_sections(outcome))
        written = _run(
            language,
            lambda: write_report(
                outcome,
                report,
                lang,
                alerts=sections.alerts,
                opportunities=sections.opportunities,
            ),
        )
        out.print(MESSAGES.text("render.done", language, path=written), highlight=False)


@contextmanager
def _verbatim_bar(language: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr fed by ``progress(done, total)`` as verbatims are read."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(MESSAGES.text("analyze.stage.feedback", language), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _analyze_feedback_only(
    map_file: Path,
    answers: list[str],
    feedback_mapping: Path | None,
    timezone: str | None,
    json_out: Path | None,
    store: bool,
    recent_days: int,
    language: str,
) -> None:
    """``analyze MAP --feedback FILE`` without an event log."""
    from parcours.cli.analysis_view import print_written
    from parcours.cli.feedback_view import print_voice
    from parcours.services.feedback import analyze_feedback_file

    target_json = json_out or map_file.with_name(f"{map_file.stem}.analysis.json")
    with _verbatim_bar(language) as text_progress:
        outcome = _run(
            language,
            lambda: analyze_feedback_file(
                map_file,
                answers,
                mapping=feedback_mapping,
                timezone=timezone,
                json_path=target_json,
                store=store,
                recent_days=recent_days,
                text_progress=text_progress,
            ),
        )
    print_voice(outcome.logs, outcome.analysis, outcome.journey_map, out, err, language)
    print_written(outcome, out, language)


@app.command()
def opportunities(
    map_file: Annotated[Path, typer.Argument(metavar="MAP", help="Journey map file.")],
    events_source: Annotated[
        str, typer.Option("--events", "-e", help="Event log: file or database URL.")
    ],
    mapping: MappingOption = None,
    voice: Annotated[
        Path | None,
        typer.Option(
            "--voice",
            help="Voice-of-the-customer evidence (JSON: satisfaction gaps, negative themes, "
            "dated scores).",
        ),
    ] = None,
    feedback: Annotated[
        list[Path] | None,
        typer.Option(
            "--feedback",
            help="Survey answers joined to the journey (repeatable): satisfaction gaps, "
            "irritants of the verbatims and dated scores become evidence.",
        ),
    ] = None,
    feedback_mapping: FeedbackMappingOption = None,
    recent_days: RecentDaysOption = 28,
    accept: Annotated[
        list[str] | None,
        typer.Option("--accept", help="Id of a proposed opportunity to write into MAP."),
    ] = None,
    effort: Annotated[
        list[str] | None, typer.Option("--effort", help="Effort entered: ID=N (1-5).")
    ] = None,
    impact: Annotated[
        list[str] | None,
        typer.Option("--impact", help="Impact chosen instead of the estimate: ID=N (1-5)."),
    ] = None,
    window_days: Annotated[
        float | None,
        typer.Option(
            "--window-days",
            help="Conversion window from entry, in days (0: none; default: the map's).",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="JSON result file.")] = None,
    matrix: Annotated[
        Path | None, typer.Option("--matrix", help="Impact / effort matrix to write (SVG).")
    ] = None,
    timezone: TimezoneOption = None,
    table: TableOption = None,
    lang: LangOption = None,
) -> None:
    """Propose opportunities from evidence, rank them and name the two to start with."""
    from parcours.analytics import AnalysisOptions
    from parcours.cli.opportunities_view import print_opportunities
    from parcours.services.analysis import map_window_seconds
    from parcours.services.maps import load
    from parcours.services.opportunities import Entries, opportunities_file, parse_scores

    language = ui_language(lang)
    if window_days is None:
        window_days = _run(language, lambda: map_window_seconds(load(map_file)) / 86400)
    if not (math.isfinite(window_days * 86400) and window_days >= 0):
        raise _fail(OptionError("--window-days", "days", str(window_days)).message(language))
    entries = _run(
        language,
        lambda: Entries(
            accept=tuple(accept or ()),
            efforts=parse_scores(effort or [], "--effort"),
            impacts=parse_scores(impact or [], "--impact"),
        ),
    )
    options = AnalysisOptions(window_seconds=window_days * 86400 if window_days > 0 else None)
    outcome = _run(
        language,
        lambda: opportunities_file(
            map_file,
            events_source,
            mapping=mapping,
            options=options,
            timezone=timezone,
            table=table,
            voice_path=voice,
            feedback=list(feedback or []),
            feedback_mapping=feedback_mapping,
            recent_days=recent_days,
            entries=entries,
            json_path=output,
            matrix_path=matrix,
            lang=lang,
        ),
    )
    print_opportunities(outcome, out, language)
    for written in (outcome.json_path, matrix):
        if written is not None:
            out.print(MESSAGES.text("render.done", language, path=written), highlight=False)


@app.command()
def discover(
    log_file: Annotated[
        str, typer.Argument(metavar="LOG", help="Event log: file or database URL.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Draft map to write (.yaml).")],
    mapping: MappingOption = None,
    min_share: Annotated[
        float, typer.Option("--min-share", help="Share of cases an activity needs to be a step.")
    ] = MIN_CASE_SHARE,
    max_steps: Annotated[
        int, typer.Option("--max-steps", help="Most steps in the draft.")
    ] = MAX_STEPS,
    timezone: TimezoneOption = None,
    rejected: RejectedOption = None,
    table: TableOption = None,
    force: Annotated[bool, typer.Option(help="Overwrite OUTPUT if it exists.")] = False,
    lang: LangOption = None,
) -> None:
    """Draft a first journey map from an event log alone (steps, phases, touchpoints)."""
    from parcours.cli.discovery_view import role_text
    from parcours.i18n import format_percent
    from parcours.services.discovery import discover_file
    from parcours.services.outputs import free_path, source_path

    language = ui_language(lang)
    rejected_csv = rejected or free_path(
        output.with_name(f"{output.stem}.rejected.csv"),
        {"LOG": source_path(log_file), "--mapping": mapping, "--output": output},
    )
    outcome = _run(
        language,
        lambda: discover_file(
            log_file,
            output,
            mapping=mapping,
            lang=language,
            min_case_share=min_share,
            max_steps=max_steps,
            timezone=timezone,
            rejected_path=rejected_csv,
            table=table,
            force=force,
        ),
    )
    _print_log(outcome.log, language)
    draft = outcome.draft
    profiles = {p.activity: p for p in draft.activities}
    table_view = Table(title=MESSAGES.text("discover.title", language))
    for header in ("phase", "step", "role", "cases", "position", "channels"):
        table_view.add_column(MESSAGES.text(f"discover.{header}", language))
    for step in draft.journey_map.steps:
        profile = profiles[step.events[0].activity or ""]
        phase = draft.journey_map.phase_of(step)
        table_view.add_row(
            phase.name if phase else "",
            step.name,
            role_text(draft.journey_map, step, language),
            f"{profile.cases} ({format_percent(profile.case_share, language)})",
            f"{profile.typical_position:.2f}",
            ", ".join(sorted(profile.channels)),
        )
    out.print(table_view)
    out.print(MESSAGES.text("discover.why", language), highlight=False)
    for step in draft.journey_map.steps:
        out.print(f"  • {step.name}: {step.review}", highlight=False, markup=False)
    if draft.suggested_window_days is not None:
        out.print(
            MESSAGES.text("discover.window", language, days=draft.suggested_window_days),
            highlight=False,
        )
    if draft.rare:
        names = ", ".join(draft.rare[:8]) + (" …" if len(draft.rare) > 8 else "")
        out.print(
            MESSAGES.text(
                "discover.rare",
                language,
                count=len(draft.rare),
                share=format_percent(min_share, language),
                names=names,
            ),
            highlight=False,
        )
    out.print(MESSAGES.text("discover.done", language, path=outcome.path), highlight=False)


@app.command()
def listening(
    map_file: Annotated[Path, typer.Argument(metavar="MAP", help="Journey map file.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Plan to write: .csv, .xlsx or .json (by suffix)."),
    ] = None,
    events_source: Annotated[
        str | None,
        typer.Option("--events", "-e", help="Event log: surveys per week on real traffic."),
    ] = None,
    response_rate: Annotated[
        float,
        typer.Option("--response-rate", help="Expected share of answers when a point sets none."),
    ] = 0.2,
    mapping: MappingOption = None,
    timezone: TimezoneOption = None,
    table: TableOption = None,
    lang: LangOption = None,
) -> None:
    """Show and export the listening plan: questionnaires, triggers, sampling, weekly volumes."""
    from parcours.cli.listening_view import print_plan
    from parcours.services.listening import build_plan, export_plan
    from parcours.services.maps import load

    language = ui_language(lang)
    if not (0 < response_rate <= 1):
        raise _fail(OptionError("--response-rate", "share", str(response_rate)).message(language))
    options: dict[str, Any] = {
        "source": events_source,
        "response_rate": response_rate,
        "mapping": mapping,
        "timezone": timezone,
        "table": table,
    }
    if output is None:
        plan = _run(
            language,
            lambda: build_plan(load(map_file), options.pop("source"), **options),
        )
    else:
        plan, written = _run(
            language, lambda: export_plan(map_file, output, lang=language, **options)
        )
    print_plan(plan, out, language)
    if output is not None:
        out.print(MESSAGES.text("render.done", language, path=written), highlight=False)


@app.command()
def alerts(
    map_file: Annotated[Path, typer.Argument(metavar="MAP", help="Journey map file.")],
    feedback: Annotated[
        list[Path],
        typer.Option("--feedback", help="Survey answers: CSV, Excel or Parquet (repeatable)."),
    ],
    events_source: Annotated[
        str | None,
        typer.Option("--events", "-e", help="Event log: surveys sent, for response rates."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Start of the current period (YYYY-MM-DD)."),
    ] = None,
    days: Annotated[
        int, typer.Option("--days", help="Length of the current period when --since is absent.")
    ] = 7,
    min_responses: Annotated[
        int, typer.Option("--min-responses", help="Fewest answers per period to decide.")
    ] = 30,
    alpha: Annotated[
        float, typer.Option("--alpha", help="Significance level of the drop tests.")
    ] = 0.05,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="JSON file receiving every alert.")
    ] = None,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="URL receiving the JSON by POST.")
    ] = None,
    timeout_seconds: Annotated[
        float, typer.Option("--timeout", help="Seconds before a webhook attempt is abandoned.")
    ] = 5.0,
    mapping: MappingOption = None,
    feedback_mapping: FeedbackMappingOption = None,
    timezone: TimezoneOption = None,
    table: TableOption = None,
    lang: LangOption = None,
) -> None:
    """Evaluate every threshold of the map on survey answers. Exit 1 when an alert fires."""
    from parcours.cli.listening_view import TEXTS, print_alerts
    from parcours.services import alerts as service

    language = ui_language(lang)
    if days < 1 or min_responses < 1:
        option, got = ("--days", days) if days < 1 else ("--min-responses", min_responses)
        raise _fail(OptionError(option, "whole_at_least_one", str(got)).message(language))
    if not (0 < alpha < 1):
        raise _fail(OptionError("--alpha", "share", str(alpha)).message(language))
    start = _run(language, lambda: service.parse_since(since))
    if webhook is not None:
        _run(language, lambda: service.check_webhook_url(webhook))
    outcome = _run(
        language,
        lambda: service.run_alerts(
            map_file,
            feedback,
            source=events_source,
            since=start,
            days=days,
            min_responses=min_responses,
            alpha=alpha,
            mapping=mapping,
            feedback_mapping=feedback_mapping,
            timezone=timezone,
            table=table,
            json_path=json_out,
        ),
    )
    print_alerts(outcome.report, outcome.answers, out, language)
    if outcome.json_path is not None:
        out.print(MESSAGES.text("render.done", language, path=outcome.json_path), highlight=False)
    if webhook is not None:
        sent = service.deliver(
            webhook, service.report_json(outcome.report), timeout_seconds=timeout_seconds
        )
        key = "webhook.sent" if sent.delivered else "webhook.failed"
        console = out if sent.delivered else err
        console.print(
            TEXTS.text(key, language, status=sent.status, attempts=sent.attempts, error=sent.error),
            highlight=False,
        )
    raise typer.Exit(1 if outcome.report.fired else 0)


@app.command()
def demo(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the demo files.")
    ] = Path("out/demo"),
    force: Annotated[
        bool,
        typer.Option(
            help="Run in a folder that already holds files; the files replaced are kept in "
            "OUTPUT/.parcours-history/demo-TIME/."
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Run the demo: the online-bank map, checked and rendered (YAML, HTML, PDF, PNG, SVG...)."""
    from parcours.services.demo import run_demo

    language = ui_language(lang) if lang else "fr"
    result = _run(language, lambda: run_demo(output, lang=language, progress=out, force=force))
    out.print(MESSAGES.text("demo.done", language, folder=output))
    for path in result.files:
        out.print(f"  • {path}")
    if not result.report_ok:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data: Annotated[
        Path, typer.Option("--data", help="Folder of the app's data (SQLite database).")
    ] = Path("parcours-data"),
    demo: Annotated[
        bool, typer.Option(help="Start with the online-bank workspace and its map.")
    ] = False,
    secure_cookies: Annotated[
        bool, typer.Option(help="Send cookies over HTTPS only (behind an HTTPS proxy).")
    ] = False,
    lang: LangOption = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Server processes (default: one per core)."),
    ] = None,
) -> None:
    """Start the team web app (SQLite in --data, or PostgreSQL from $PARCOURS_DATABASE_URL)."""
    import os

    from parcours.web.context import WebSettings
    from parcours.web.db import DATABASE_URL_VARIABLE
    from parcours.web.server import (
        ADMIN_PASSWORD_VARIABLE,
        ADMIN_USERNAME,
        default_workers,
        prepare,
        run,
    )

    language = ui_language(lang)
    url = os.environ.get(DATABASE_URL_VARIABLE) or None
    settings = WebSettings(
        data_dir=data, database_url=url, secure_cookies=secure_cookies, draw_apart=True
    )
    web_app, done = _run(language, lambda: prepare(settings, demo=demo, lang=language))
    database = "PostgreSQL" if url and url.startswith("postgresql") else "SQLite"
    out.print(MESSAGES.text("serve.data", language, folder=data, database=database))
    out.print(MESSAGES.text("serve.url", language, url=f"http://{host}:{port}/"))
    if done.generated_password:
        out.print(
            MESSAGES.text(
                "serve.admin", language, user=ADMIN_USERNAME, password=done.generated_password
            )
        )
    elif done.admin_created:
        out.print(
            MESSAGES.text(
                "serve.admin_env", language, user=ADMIN_USERNAME, variable=ADMIN_PASSWORD_VARIABLE
            )
        )
    run(web_app, host=host, port=port, workers=workers or default_workers(), settings=settings)


@app.command("rotate-key")
def rotate_key(
    data: Annotated[
        Path, typer.Option("--data", help="Folder of the app's data (SQLite database).")
    ] = Path("parcours-data"),
    lang: LangOption = None,
) -> None:
    """Seal the web app's database source URLs under a new key (best with the server stopped)."""
    import os

    from parcours.web.db import (
        DATABASE_URL_VARIABLE,
        SQLITE_FILE,
        database_url,
        make_engine,
        migrate,
    )
    from parcours.web.source_secrets import KEY_ENV, KEY_FILE
    from parcours.web.source_secrets import rotate_key as rotate

    language = ui_language(lang)
    url = os.environ.get(DATABASE_URL_VARIABLE) or None
    if url is None and not (data / SQLITE_FILE).is_file():
        raise _fail(MESSAGES.text("rotate_key.no_data", language, folder=data))

    def action() -> int:
        engine = make_engine(database_url(url, data))
        try:
            migrate(engine, data)
            return rotate(engine, data)
        finally:
            engine.dispose()

    count = _run(language, action)
    where = KEY_ENV if os.environ.get(KEY_ENV, "").strip() else data / KEY_FILE
    out.print(
        MESSAGES.text("rotate_key.done", language, count=count, where=where),
        highlight=False,
        markup=False,
    )


def main() -> None:
    """Entry point of the ``parcours`` console script."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()
