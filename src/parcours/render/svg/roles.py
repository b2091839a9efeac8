"""The journey's structure drawn over step columns: a role row and column frames.

Shared by the map grid, the experience map and the service blueprint (one column per
step, in :func:`parcours.render.roles.display_steps` order):

- :func:`draw_role_row`, under the step headers: a dashed chip on each detour
  (``Détour · 18 % · 1,3×`` and its loop ``↩ Envoi justificatifs``), a green or red chip
  on each outcome (``Succès · 62 %``), and for a stage reached in several ways a bracket
  over its columns with ``ou`` / ``or`` between them (``<g class="stage">``);
- :func:`draw_role_frames`, once the columns' height is known: a dashed outline around
  each detour column (``<g class="detour">``) and a coloured outline around each outcome
  column (``<g class="outcome">``).

>>> from parcours.model import JourneyMap
>>> from parcours.render.svg import layout
>>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"},
...     {"id": "h", "name": "Help", "role": "exception"}])
>>> columns = layout.step_columns(m.steps, [120, 120], left=0)
>>> c = Canvas()
>>> marks = role_marks(m, "en", {})
>>> y = draw_role_row(c, columns, marks, "en", top=0)
>>> draw_role_frames(c, columns, marks, top=0, bottom=y + 50)
>>> svg = c.to_svg(240, y + 60, title="T")
>>> 'class="detour" data-step="h"' in svg and 'stroke-dasharray' in svg
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from parcours.model import JourneyMap
from parcours.render.labels import text
from parcours.render.roles import (
    DETOUR,
    DETOUR_BG,
    DETOUR_DASH,
    RoleMark,
    display_map,
    role_marks,
)
from parcours.render.svg import style
from parcours.render.svg.canvas import Canvas, escape, lines_height
from parcours.render.svg.fontmetrics import text_width, wrap_text
from parcours.render.svg.layout import Column

__all__ = [
    "draw_role_frames",
    "draw_role_row",
    "legend_entries",
    "ordered",
    "role_marks",
    "role_row_height",
]

TAG_SIZE = style.SMALL_SIZE - 0.5
PAD_X = 6.0
PAD_Y = 3.0
BRACKET = 10.0
"""Room above the chips for the bracket of a stage with alternatives, px."""


def ordered(m: JourneyMap, lang: str) -> JourneyMap:
    """``m`` with its steps in display order (alternatives beside their stage, outcomes
    last, in a band of their own when needed), for drawings that lay one column per step.

    >>> m = JourneyMap(journey={"title": "T"}, steps=[
    ...     {"id": "ok", "name": "OK", "role": "outcome", "outcome": "success"},
    ...     {"id": "a", "name": "A"}])
    >>> [s.id for s in ordered(m, "en").steps]
    ['a', 'ok']
    """
    return display_map(m, lang)


@dataclass(frozen=True)
class _Chip:
    lines: list[str]
    loop: list[str]
    height: float


def _chip(mark: RoleMark, width: float) -> _Chip | None:
    if mark.role == "core":
        return None
    inner = width - 2 * PAD_X - 4
    lines = wrap_text(mark.tag, inner, TAG_SIZE, True)
    loop = wrap_text(mark.loop, inner, TAG_SIZE) if mark.loop else []
    height = lines_height(len(lines) + len(loop), TAG_SIZE) + 2 * PAD_Y
    return _Chip(lines, loop, height)


def _has_alternatives(marks: Mapping[str, RoleMark]) -> bool:
    """Whether the row needs the band above the chips (stage brackets, loop arrows)."""
    return any(mark.alternative or mark.returns_to for mark in marks.values())


def role_row_height(columns: Sequence[Column], marks: Mapping[str, RoleMark]) -> float:
    """Height of the role row (0 when every step is a plain main-path step)."""
    chips = [_chip(marks[c.step.id], c.width) for c in columns if c.step.id in marks]
    heights = [chip.height for chip in chips if chip is not None]
    alternatives = _has_alternatives(marks)
    if not heights and not alternatives:
        return 0.0
    return max(heights, default=TAG_SIZE + 2 * PAD_Y) + (BRACKET if alternatives else 0) + 6


def draw_role_row(
    canvas: Canvas,
    columns: Sequence[Column],
    marks: Mapping[str, RoleMark],
    lang: str,
    *,
    top: float,
) -> float:
    """The role chips and stage brackets under the step headers; returns the y below."""
    height = role_row_height(columns, marks)
    if not height:
        return top
    chip_top = top + (BRACKET if _has_alternatives(marks) else 0) + 2
    for column in columns:
        mark = marks.get(column.step.id)
        if mark is None:
            continue
        chip = _chip(mark, column.width)
        if chip is not None:
            _draw_chip(canvas, column, mark, chip, chip_top)
    _draw_stages(canvas, columns, marks, lang, top=top)
    _draw_loops(canvas, columns, marks, top=top, chip_top=chip_top)
    return top + height


def _draw_loops(
    canvas: Canvas,
    columns: Sequence[Column],
    marks: Mapping[str, RoleMark],
    *,
    top: float,
    chip_top: float,
) -> None:
    """A dashed return arrow from each declared loop back to the step it returns to."""
    by_id = {column.step.id: column for column in columns}
    for column in columns:
        mark = marks.get(column.step.id)
        if mark is None or not mark.returns_to or mark.returns_to not in by_id:
            continue
        target = by_id[mark.returns_to]
        if target is column:
            continue
        start_x = column.center + (-1 if target.x < column.x else 1) * min(24, column.width / 4)
        end_x = target.center + (1 if target.x < column.x else -1) * min(24, target.width / 4)
        high = top + 3
        canvas.elements.append(
            f'<g class="loop" data-step="{escape(column.step.id)}" '
            f'data-returns-to="{escape(target.step.id)}">'
        )
        canvas.path(
            f"M{start_x:.1f},{chip_top:.1f} L{start_x:.1f},{high:.1f} "
            f"L{end_x:.1f},{high:.1f} L{end_x:.1f},{chip_top + 4:.1f}",
            stroke=DETOUR,
            stroke_width=1.4,
            dash="4 2",
        )
        tip = chip_top + 8
        canvas.polygon([(end_x - 4, tip - 6), (end_x + 4, tip - 6), (end_x, tip)], fill=DETOUR)
        canvas.group_end()


def _draw_chip(canvas: Canvas, column: Column, mark: RoleMark, chip: _Chip, top: float) -> None:
    widest = max(
        [text_width(line, TAG_SIZE, True) for line in chip.lines]
        + [text_width(line, TAG_SIZE) for line in chip.loop],
        default=0.0,
    )
    width = min(column.width - 8, widest + 2 * PAD_X)
    x = column.center - width / 2
    if mark.is_detour:
        canvas.rect(
            x, top, width, chip.height, fill=DETOUR_BG, stroke=DETOUR, radius=5, dash=DETOUR_DASH
        )
        ink = DETOUR
    else:
        canvas.rect(x, top, width, chip.height, fill=mark.colour, radius=5)
        ink = "#ffffff"
    used = canvas.text_lines(
        column.center, top + PAD_Y, chip.lines, size=TAG_SIZE, bold=True, fill=ink, anchor="middle"
    )
    canvas.text_lines(
        column.center, top + PAD_Y + used, chip.loop, size=TAG_SIZE, fill=ink, anchor="middle"
    )


def _draw_stages(
    canvas: Canvas,
    columns: Sequence[Column],
    marks: Mapping[str, RoleMark],
    lang: str,
    *,
    top: float,
) -> None:
    """A bracket over the columns of each stage with alternatives, ``or`` between them."""
    by_id = {column.step.id: column for column in columns}
    done: set[str] = set()
    for column in columns:
        mark = marks.get(column.step.id)
        if mark is None or len(mark.stage_steps) < 2 or mark.stage_steps[0] in done:
            continue
        done.add(mark.stage_steps[0])
        shown = [by_id[s] for s in mark.stage_steps if s in by_id]
        if len(shown) < 2:
            continue
        steps = " ".join(escape(c.step.id) for c in shown)
        canvas.elements.append(
            f'<g class="stage" data-stage="{escape(mark.stage_steps[0])}" data-steps="{steps}">'
        )
        left, right = shown[0].x + 8, shown[-1].right - 8
        mid = top + BRACKET / 2 + 1
        canvas.path(
            f"M{left:.1f},{mid + 4:.1f} L{left:.1f},{mid:.1f} L{right:.1f},{mid:.1f} "
            f"L{right:.1f},{mid + 4:.1f}",
            stroke=style.HEADER_BG,
            stroke_width=1.4,
        )
        word = text("role_or", lang)
        for column_after in shown[1:]:
            x = column_after.x
            pill_width = text_width(word, TAG_SIZE, True) + 12
            canvas.rect(
                x - pill_width / 2,
                mid - TAG_SIZE / 2 - 3,
                pill_width,
                TAG_SIZE + 6,
                fill=style.HEADER_BG,
                radius=(TAG_SIZE + 6) / 2,
            )
            canvas.text(
                x,
                mid + 0.35 * TAG_SIZE,
                word,
                size=TAG_SIZE,
                bold=True,
                fill="#ffffff",
                anchor="middle",
            )
        canvas.group_end()


Point = tuple[float, float, int]
"""(x, y, column index) of a curve point."""


def path_curves(
    points: Sequence[Point], columns: Sequence[Column], marks: Mapping[str, RoleMark]
) -> tuple[list[list[Point]], list[list[tuple[float, float]]]]:
    """Split a curve's points into runs along the main path and branches: each detour,
    alternative and outcome hangs off the main-path point before it (and a detour or an
    alternative goes back to the one after it).

    >>> from parcours.render.svg import layout
    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"},
    ...     {"id": "h", "name": "H", "role": "optional"}, {"id": "b", "name": "B"}])
    >>> cols = layout.step_columns(m.steps, [10, 10, 10], left=0)
    >>> runs, branches = path_curves([(5, 1, 0), (15, 2, 1), (25, 3, 2)], cols,
    ...     role_marks(m, "en", {}))
    >>> [[(x, y) for x, y, _ in run] for run in runs], branches
    ([[(5, 1), (25, 3)]], [[(5, 1), (15, 2), (25, 3)]])
    """
    on_path = [
        column.index
        for column in columns
        if (mark := marks.get(column.step.id)) is None
        or (mark.role == "core" and not mark.alternative)
    ]
    rank = {index: k for k, index in enumerate(on_path)}
    main = [(x, y, rank[i]) for x, y, i in points if i in rank]
    runs: list[list[Point]] = []
    for point in main:
        if runs and runs[-1][-1][2] == point[2] - 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    anchors = sorted((i, (x, y)) for x, y, i in points if i in rank)
    branches: list[list[tuple[float, float]]] = []
    for x, y, index in points:
        if index in rank:
            continue
        mark = marks.get(columns[index].step.id)
        stage = mark.stage_steps if mark is not None else ()
        before = [xy for i, xy in anchors if i < index and columns[i].step.id not in stage][-1:]
        after = [xy for i, xy in anchors if i > index][:1]
        branch = [*before, (x, y)]
        if mark is None or not mark.is_outcome:
            branch += after
        if len(branch) > 1:
            branches.append(branch)
    return runs, branches


def draw_role_frames(
    canvas: Canvas,
    columns: Sequence[Column],
    marks: Mapping[str, RoleMark],
    *,
    top: float,
    bottom: float,
) -> None:
    """A dashed outline around each detour column, a coloured one around each outcome."""
    for column in columns:
        mark = marks.get(column.step.id)
        if mark is None or mark.role == "core":
            continue
        css = "detour" if mark.is_detour else f"outcome outcome-{mark.outcome}"
        canvas.elements.append(
            f'<g class="{css}" data-step="{escape(column.step.id)}" '
            f'data-role="{escape(mark.role)}">'
        )
        canvas.rect(
            column.x + 1,
            top,
            column.width - 2,
            bottom - top,
            stroke=mark.colour,
            stroke_width=1.6 if mark.is_detour else 2,
            radius=6,
            dash=DETOUR_DASH if mark.is_detour else None,
        )
        canvas.group_end()


def legend_entries(
    canvas: Canvas, marks: Mapping[str, RoleMark], lang: str
) -> list[tuple[str, Callable[[float, float], None]]]:
    """Legend entries (label, draw(x, mid)) for the roles present: detour, success,
    failure."""
    entries: list[tuple[str, Callable[[float, float], None]]] = []
    roles = {(mark.is_detour, mark.outcome) for mark in marks.values()}
    if any(detour for detour, _ in roles):

        def detour_mark(x: float, mid: float) -> None:
            canvas.rect(x, mid - 7, 18, 14, fill=DETOUR_BG, stroke=DETOUR, radius=3, dash="3 2")

        entries.append((text("role_detour_legend", lang), detour_mark))
    for kind in ("success", "failure"):
        if any(outcome == kind for _, outcome in roles):
            colour = next(m.colour for m in marks.values() if m.outcome == kind)

            def outcome_mark(x: float, mid: float, colour: str = colour) -> None:
                canvas.rect(x, mid - 7, 18, 14, fill=colour, radius=3)

            entries.append((text(f"role_{kind}", lang), outcome_mark))
    return entries
