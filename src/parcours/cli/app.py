"""``parcours`` commands. Each command parses its options and calls one service.

Errors a user can fix are printed as a clear message (in French or English, see
``--lang`` / ``PARCOURS_LANG``) with exit code 2; never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from parcours import __version__, services, templates
from parcours.cli.messages import MESSAGES, ui_language
from parcours.errors import ParcoursError
from parcours.render import View
from parcours.services.rendering import OutputFormat

app = typer.Typer(
    name="parcours",
    help="Customer journey mapping and journey analytics, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

T = TypeVar("T")

LangOption = Annotated[
    str | None,
    typer.Option("--lang", "-l", help="Language of messages and output: fr or en."),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]✗[/] {message}", highlight=False)
    return typer.Exit(code)


@contextmanager
def _user_errors(lang: str) -> Iterator[None]:
    """Turn errors the user can fix into a message and exit code 2."""
    try:
        yield
    except ParcoursError as exc:
        raise _fail(exc.message(lang)) from None
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise _fail(f"{exc.strerror or exc}{where}") from None


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
    output: Annotated[Path, typer.Option("--output", "-o", help="File to create (.yaml, .json, .xlsx).")],
    lang: LangOption = None,
    force: Annotated[bool, typer.Option(help="Overwrite OUTPUT if it exists.")] = False,
) -> None:
    """Create a journey map from a template."""
    language = ui_language(lang)
    path = _run(language, lambda: services.create_from_template(template, language, output, force=force))
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
        sys.stdout.write(json.dumps(report.to_json(language), ensure_ascii=False, indent=2) + "\n")
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
    """Render a map: journey map, experience map, blueprint... as HTML, SVG, PDF, PNG, MD or XLSX."""
    language = ui_language(lang)
    if paper not in ("A3", "A4"):
        raise _fail(MESSAGES.text("render.bad_paper", language, paper=paper))
    views = tuple(view) if view else (View.ALL,)
    written = _run(
        language,
        lambda: services.render_file(map_file, fmt, output, views=views, lang=lang, paper=paper),
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
    _run(ui_language(lang), lambda: io.write_text_atomic(output, text))
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

    def action() -> Path:
        if output.exists() and not force:
            raise services.maps.OutputExistsError(output)
        return services.save(services.load(map_file), output)

    path = _run(language, action)
    out.print(MESSAGES.text("render.done", language, path=path))


@app.command()
def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the demo files.")] = Path(
        "out/demo"
    ),
    lang: LangOption = None,
) -> None:
    """Run the demo: the online-bank map, checked and rendered (YAML, HTML, PDF, PNG, SVG...)."""
    from parcours.services.demo import run_demo

    language = ui_language(lang) if lang else "fr"
    result = _run(language, lambda: run_demo(output, lang=language, progress=out))
    out.print(MESSAGES.text("demo.done", language, folder=output))
    for path in result.files:
        out.print(f"  • {path}")
    if not result.report_ok:
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the ``parcours`` console script."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()
