"""Rendering a journey map to HTML, SVG, PDF, PNG, Markdown or Excel."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from parcours import io, render, rubric
from parcours.model import JourneyMap
from parcours.render import View
from parcours.render.html import Paper
from parcours.services.errors import OptionError
from parcours.services.maps import load
from parcours.services.outputs import check_outputs, check_suffix


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


SUFFIXES: dict[OutputFormat, tuple[str, ...]] = {
    OutputFormat.HTML: (".html", ".htm"),
    OutputFormat.SVG: (".svg",),
    OutputFormat.PDF: (".pdf",),
    OutputFormat.PNG: (".png",),
    OutputFormat.MD: (".md", ".markdown"),
    OutputFormat.XLSX: (".xlsx",),
}
"""The extensions ``--output`` may have for each format (none at all is accepted too)."""


def render_file(
    path: str | Path,
    fmt: OutputFormat,
    out: str | Path,
    *,
    views: Sequence[View] = (View.ALL,),
    lang: str | None = None,
    paper: Paper = "A3",
) -> list[Path]:
    """Load a map file and render it; returns the files written.

    Every file it would write is checked first: none may be the map itself.
    """
    m = load(path)
    target = Path(out)
    planned = svg_targets(m, target, views) if fmt is OutputFormat.SVG else [target]
    for file in planned:
        check_outputs({"MAP": path}, {"--output": file})
    return render_map(m, fmt, target, views=views, lang=lang, paper=paper)


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
    check_suffix(target, "--output", SUFFIXES[fmt])
    if fmt is OutputFormat.SVG:
        svg_targets(m, target, views)  # refuses views without an SVG drawing
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


def svg_targets(m: JourneyMap, target: Path, views: Sequence[View]) -> list[Path]:
    """The SVG files ``views`` give: ``target`` for one view, else ``<stem>-<view>.svg``.

    A view that has no SVG drawing (``rubric``) is refused with :class:`OptionError`.
    """
    return [path for _, path in _svg_plan(m, target, views)]


def _svg_plan(m: JourneyMap, target: Path, views: Sequence[View]) -> list[tuple[View, Path]]:
    if View.ALL in views:
        wanted = [v for v in _SVG_VIEWS if v is not View.FUNNEL or m.latest_measurement()]
    else:
        without = [v.value for v in views if v not in _SVG_VIEWS]
        if without:
            drawn = ", ".join(v.value for v in _SVG_VIEWS)
            raise OptionError("--view", "svg_views", ", ".join(without), views=drawn)
        wanted = list(dict.fromkeys(views))
    if len(wanted) == 1:
        return [(wanted[0], target)]
    suffix = target.suffix or ".svg"
    return [(view, target.with_name(f"{target.stem}-{view.value}{suffix}")) for view in wanted]


def _render_svgs(m: JourneyMap, target: Path, views: Sequence[View], lang: str) -> list[Path]:
    from parcours.render import svg

    written: list[Path] = []
    for view, path in _svg_plan(m, target, views):
        drawing: str = getattr(svg, _SVG_VIEWS[view])(m, lang)
        io.write_text_atomic(path, drawing)
        written.append(path)
    return written
