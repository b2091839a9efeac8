"""Rendering a journey map to HTML, SVG, PDF, PNG, Markdown or Excel."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from parcours import io, render, rubric
from parcours.model import JourneyMap
from parcours.render import View
from parcours.render.html import Paper
from parcours.services.maps import load


class OutputFormat(StrEnum):
    """Formats ``parcours render`` writes."""

    HTML = "html"
    SVG = "svg"
    PDF = "pdf"
    PNG = "png"
    MD = "md"
    XLSX = "xlsx"


_SVG_VIEWS: dict[View, str] = {
    View.MAP: "journey_grid_svg",
    View.EXPERIENCE: "experience_svg",
    View.FUNNEL: "measured_funnel_svg",
    View.BLUEPRINT: "blueprint_svg",
    View.LISTENING: "listening_plan_svg",
    View.DATA: "data_inventory_svg",
    View.OPPORTUNITIES: "opportunity_matrix_svg",
}


def render_file(
    path: str | Path,
    fmt: OutputFormat,
    out: str | Path,
    *,
    views: Sequence[View] = (View.ALL,),
    lang: str | None = None,
    paper: Paper = "A3",
) -> list[Path]:
    """Load a map file and render it; returns the files written."""
    return render_map(load(path), fmt, out, views=views, lang=lang, paper=paper)


def render_map(
    m: JourneyMap,
    fmt: OutputFormat,
    out: str | Path,
    *,
    views: Sequence[View] = (View.ALL,),
    lang: str | None = None,
    paper: Paper = "A3",
) -> list[Path]:
    """Render ``m`` in ``fmt`` to ``out``; returns the files written.

    HTML, PDF, Markdown and Excel give one file. SVG gives one file per view
    (``out`` itself when a single view is asked, else ``<stem>-<view>.svg``);
    PNG gives one file per PDF page (``<stem>-<n>.png`` when there are several).
    """
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    language = lang or m.language.value
    report = rubric.check(m)
    if fmt is OutputFormat.HTML:
        html = render.render_html(m, lang=language, views=views, report=report)
        io.write_text_atomic(target, html)
        return [target]
    if fmt is OutputFormat.PDF:
        return [
            render.render_pdf(m, target, lang=language, views=views, report=report, paper=paper)
        ]
    if fmt is OutputFormat.PNG:
        return render.render_png(m, target, lang=language, views=views, report=report, paper=paper)
    if fmt is OutputFormat.MD:
        io.write_text_atomic(target, io.to_markdown(m, language))
        return [target]
    if fmt is OutputFormat.XLSX:
        io.export_excel(m, target)
        return [target]
    return _render_svgs(m, target, views, language)


def _render_svgs(m: JourneyMap, target: Path, views: Sequence[View], lang: str) -> list[Path]:
    from parcours.render import svg

    wanted = list(_SVG_VIEWS) if View.ALL in views else [v for v in views if v in _SVG_VIEWS]
    if View.ALL in views and m.latest_measurement() is None:
        wanted.remove(View.FUNNEL)
    written: list[Path] = []
    for view in wanted:
        drawing: str = getattr(svg, _SVG_VIEWS[view])(m, lang)
        path = (
            target
            if len(wanted) == 1
            else target.with_name(f"{target.stem}-{view.value}{target.suffix or '.svg'}")
        )
        io.write_text_atomic(path, drawing)
        written.append(path)
    return written
