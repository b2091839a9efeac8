"""The journey-map report as one self-contained HTML document.

CSS is inlined, drawings are inline SVG and icons are inline too: the document loads
nothing from anywhere. Every text written by people goes through Jinja's autoescape.

>>> from parcours.model import JourneyMap
>>> html = render_html(JourneyMap(journey={"title": "Ouvrir <un> compte"}), lang="fr")
>>> "Ouvrir &lt;un&gt; compte" in html and "<script" not in html
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from importlib import import_module, resources
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from parcours.model import JourneyMap
from parcours.render import views as v
from parcours.render.labels import text
from parcours.render.views import View

Paper = Literal["A3", "A4"]

PAPER_MM: dict[str, tuple[int, int]] = {"A3": (420, 297), "A4": (297, 210)}
"""Landscape page sizes, width x height in millimetres."""

MARGINS_MM: dict[str, tuple[float, float, float, float]] = {
    "A3": (17, 13, 15, 13),
    "A4": (15, 11, 13, 11),
}
"""Page margins (top, right, bottom, left) in millimetres."""

STEPS_PER_PAGE: dict[str, int] = {"A3": 8, "A4": 5}
"""How many step columns of the journey map grid fit one page width."""

DRAWING_STEPS_PER_PAGE: dict[str, int] = {"A3": 14, "A4": 10}
"""How many steps the experience map and the blueprint draw per page: a longer journey
is drawn in parts, or its text would shrink out of sight to fit the page width."""

DRAWINGS: dict[View, str] = {
    View.EXPERIENCE: "experience_svg",
    View.BLUEPRINT: "blueprint_svg",
    View.OPPORTUNITIES: "opportunity_matrix_svg",
}
"""Views whose main figure is a drawing of :mod:`parcours.render.svg`."""


PART_MARK = "<!--parcours:part-->"
"""Where :func:`marked_html` lets the report be cut into parts laid out apart (see
:mod:`parcours.render.report_parts`): before each section and before each page of the
grid after its first, all places where a new page starts."""


def render_html(
    m: JourneyMap,
    *,
    lang: str | None = None,
    views: Sequence[View | str] = (View.ALL,),
    report: Any = None,
    paper: Paper = "A3",
    generated_on: date | None = None,
) -> str:
    """The report of ``m`` as a self-contained HTML page.

    ``views`` picks the sections (``all``: cover then every view); ``report`` is a
    :mod:`parcours.rubric` report shown in the quality section; ``paper`` sets the
    printed page size and how many steps each page of the grid holds.
    """
    marked = marked_html(
        m, lang=lang, views=views, report=report, paper=paper, generated_on=generated_on
    )
    return marked.replace(PART_MARK, "")


def marked_html(
    m: JourneyMap,
    *,
    lang: str | None = None,
    views: Sequence[View | str] = (View.ALL,),
    report: Any = None,
    paper: Paper = "A3",
    generated_on: date | None = None,
) -> str:
    """:func:`render_html`'s page with a :data:`PART_MARK` wherever a new page starts.

    >>> page = marked_html(JourneyMap(journey={"title": "T"}), views=["map", "data"])
    >>> page.count(PART_MARK)
    2
    """
    language = lang or m.language.value
    context = _base_context(m, language, views, paper, generated_on)
    for view in context["views"]:
        context.update(_view_context(m, view, language, report, paper))
    return _environment().get_template("report.html.j2").render(context)


def cover_html(
    m: JourneyMap,
    *,
    toc_pages: dict[str, int],
    lang: str | None = None,
    views: Sequence[View | str] = (View.ALL,),
    paper: Paper = "A3",
    generated_on: date | None = None,
) -> str:
    """The report's cover alone, as a page of its own: no section, its table of contents
    given the page of each section (``toc_pages``, by view name) instead of looking the
    sections up. For a cover laid out apart from its sections.

    >>> page = cover_html(JourneyMap(journey={"title": "T"}), toc_pages={"map": 2}, views=["all"])
    >>> '<span class="toc-page">2</span>' in page, 'id="view-map"' in page
    (True, False)
    """
    language = lang or m.language.value
    context = _base_context(m, language, views, paper, generated_on)
    toc = {view.value: toc_pages.get(view.value, "") for view in context["views"]}
    context |= {"views": [], "toc_pages": toc}
    return _environment().get_template("report.html.j2").render(context)


def _base_context(
    m: JourneyMap,
    language: str,
    views: Sequence[View | str],
    paper: str,
    generated_on: date | None,
) -> dict[str, Any]:
    """What every page of the report uses: language, cover, sections chosen, stylesheet."""
    if paper not in PAPER_MM:
        raise ValueError(f"unknown paper size '{paper}' (expected one of: A3, A4)")
    wanted = list(views)
    chosen = v.expand_views(wanted)
    if View.FUNNEL in chosen and m.latest_measurement() is None and View.FUNNEL not in wanted:
        chosen.remove(View.FUNNEL)  # "all": no empty funnel page before the map is measured
    with_cover = any(View(x) is View.ALL for x in wanted) if wanted else False
    day = generated_on or date.today()
    return {
        "lang": language,
        "t": lambda key, **params: text(key, language, **params),
        "journey": m.journey,
        "with_cover": with_cover,
        "cover": v.cover(m, language),
        "views": chosen,
        "toc_views": list(chosen),
        "toc_pages": None,
        "part_mark": Markup(PART_MARK),
        "View": View,
        "generated": text("generated_on", language, date=v.long_date(day, language)),
        "css": Markup(_stylesheet() + page_css(paper, language, day)),
        "icon": _icon,
    }


def _view_context(m: JourneyMap, view: View, lang: str, report: Any, paper: str) -> dict[str, Any]:
    if view is View.MAP:
        return {"grid": v.grid(m, lang, max_steps=STEPS_PER_PAGE[paper])}
    if view is View.EXPERIENCE:
        return {
            "experience_svgs": _experience(m, lang, DRAWING_STEPS_PER_PAGE[paper]),
            "key_moments": v.key_moments(m, lang),
        }
    if view is View.FUNNEL:
        return _funnel_context(m, lang)
    if view is View.BLUEPRINT:
        return {
            "blueprint_svgs": _blueprint(m, lang, DRAWING_STEPS_PER_PAGE[paper]),
            "blueprint_note": _delays_note(m, lang),
        }
    if view is View.LISTENING:
        return {"listening": v.listening_plan(m, lang)}
    if view is View.DATA:
        return {"inventory": v.data_inventory(m, lang)}
    if view is View.OPPORTUNITIES:
        return {
            "matrix_svg": _drawing(view, m, lang),
            "opportunities": v.ranked_opportunities(m, lang),
        }
    return {"rubric": v.rubric_section(report, lang)}


def _funnel_context(m: JourneyMap, lang: str) -> dict[str, Any]:
    from parcours.render.svg import measured_funnel_svg

    snapshot = m.latest_measurement()
    if snapshot is None:
        return {"funnel_svg": None, "funnel_note": text("funnel_not_measured", lang)}
    day = v.local_day(snapshot.taken_at, m.journey.timezone)
    note = text(
        "funnel_measured_on",
        lang,
        date=v.long_date(day, lang),
        source=snapshot.source or "—",
    )
    return {"funnel_svg": Markup(inline_svg(measured_funnel_svg(m, lang))), "funnel_note": note}


def _drawing(view: View, m: JourneyMap, lang: str) -> Markup | None:
    """The view's SVG drawing ready to inline, or None if the drawing module lacks it."""
    function = drawing_function(DRAWINGS[view])
    if function is None:
        return None
    return Markup(inline_svg(function(m, lang)))


def _experience(m: JourneyMap, lang: str, max_steps: int) -> list[Markup]:
    """The experience map in parts of at most ``max_steps`` steps, ready to inline."""
    from parcours.render.svg import experience_svg_parts

    return [Markup(inline_svg(svg)) for svg in experience_svg_parts(m, lang, max_steps=max_steps)]


def _blueprint(m: JourneyMap, lang: str, max_steps: int) -> list[Markup]:
    """The blueprint with the median delays of the latest measurement snapshot, in parts
    of at most ``max_steps`` steps."""
    from parcours.render.svg import blueprint_svg_parts
    from parcours.render.svg.funnel import measured_delays

    parts = blueprint_svg_parts(m, lang, delays=measured_delays(m), max_steps=max_steps)
    return [Markup(inline_svg(svg)) for svg in parts]


def _delays_note(m: JourneyMap, lang: str) -> str:
    """Where the blueprint's delays come from ("" without measured delays)."""
    from parcours.render.svg.funnel import measured_delays

    snapshot = m.latest_measurement()
    if snapshot is None or not measured_delays(m):
        return ""
    day = v.long_date(snapshot.taken_at.date(), lang)
    return text("blueprint_delays_note", lang, date=day, source=snapshot.source or snapshot.id)


def drawing_function(name: str) -> Callable[[JourneyMap, str], str] | None:
    """The function ``name`` of :mod:`parcours.render.svg`, if it exists."""
    try:
        module = import_module("parcours.render.svg")
    except ImportError:  # pragma: no cover - the package ships with parcours
        return None
    function = getattr(module, name, None)
    return function if callable(function) else None


_XML_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)
_SVG_OPEN = re.compile(r"<svg\b", re.IGNORECASE)


def inline_svg(svg: str) -> str:
    """A standalone SVG document made ready to sit inside HTML.

    The XML prolog goes and the root gets the ``drawing`` class so CSS scales it.

    >>> inline_svg('<?xml version="1.0"?>\\n<svg viewBox="0 0 1 1"></svg>')
    '<svg class="drawing" viewBox="0 0 1 1"></svg>'
    """
    body = _XML_PROLOG.sub("", svg, count=1)
    if not _SVG_OPEN.match(body):
        raise ValueError("a drawing must be an <svg> element")
    return _SVG_OPEN.sub('<svg class="drawing"', body, count=1)


def css_string(value: str) -> str:
    """``value`` as a quoted CSS string (quotes, backslashes and ``<`` escaped).

    >>> print(css_string('say "hi"'))
    "say \\"hi\\""
    """
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    )
    return '"' + escaped + '"'


def page_css(paper: str, lang: str, day: date) -> str:
    """The ``@page`` rules: size, margins, running header and footer.

    >>> "size: A4 landscape" in page_css("A4", "en", date(2025, 1, 2))
    True
    """
    top, right, bottom, left = MARGINS_MM[paper]
    drawing_height = PAPER_MM[paper][1] - top - bottom - 32
    footer_left = css_string(f"parcours · {v.long_date(day, lang)}")
    before, _, after = text("page_of", lang, page="\0", pages="\1").partition("\0")
    middle, _, tail = after.partition("\1")
    page_counter = (
        f"{css_string(before)} counter(page) {css_string(middle)} counter(pages) {css_string(tail)}"
    )
    return f"""
@page {{
  size: {paper} landscape;
  margin: {top}mm {right}mm {bottom}mm {left}mm;
  font-family: "DejaVu Sans", sans-serif;
  @top-left {{ content: string(journey-title); font-family: "DejaVu Sans";
    font-size: 7.5pt; color: #52606d; vertical-align: bottom; padding-bottom: 3mm; }}
  @top-right {{ content: string(section-title); font-family: "DejaVu Sans";
    font-size: 7.5pt; color: #52606d; vertical-align: bottom; padding-bottom: 3mm; }}
  @bottom-left {{ content: {footer_left}; font-family: "DejaVu Sans";
    font-size: 7pt; color: #7b8794; vertical-align: top; padding-top: 3mm; }}
  @bottom-right {{ content: {page_counter}; font-family: "DejaVu Sans";
    font-size: 7pt; color: #7b8794; vertical-align: top; padding-top: 3mm; }}
}}
@page cover {{
  @top-left {{ content: none; }}
  @top-right {{ content: none; }}
}}
.drawing {{ max-height: {drawing_height}mm; }}
.figure-funnel .drawing {{ max-height: {drawing_height - 30}mm; }}
"""


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("parcours.render", "jinja"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


@cache
def _stylesheet() -> str:
    css = resources.files("parcours.render").joinpath("static", "report.css").read_text("utf-8")
    if "</" in css:
        raise ValueError("report.css must not contain '</'")
    return css


@cache
def _icon(name: str) -> Markup:
    """An icon of ``static/icons`` as inline SVG markup (trusted package file)."""
    if not re.fullmatch(r"[a-z-]+", name):
        raise ValueError(f"bad icon name '{name}'")
    path = resources.files("parcours.render").joinpath("static", "icons", f"{name}.svg")
    return Markup(path.read_text("utf-8").strip())
