"""Layout shared by the drawings whose columns are the steps of the journey.

Steps keep their journey order; consecutive steps of the same phase form a
:class:`PhaseRun` drawn under one phase header. Column widths follow the content, so
long journeys grow wider instead of squeezing text.

>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "T"}, phases=[{"id": "a", "name": "A"}],
...     steps=[{"id": "s1", "name": "One", "phase": "a"},
...            {"id": "s2", "name": "Two", "phase": "a"}])
>>> cols = step_columns(m.steps, [100, 120], left=10)
>>> [(c.x, c.width) for c in cols]
[(10, 100), (110, 120)]
>>> [len(run.columns) for run in phase_runs(m, cols)]
[2]
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from parcours.model import JourneyMap, Phase, Step
from parcours.render.svg import icons, style
from parcours.render.svg.canvas import Canvas, lines_height
from parcours.render.svg.fontmetrics import (
    clamp_lines,
    cut_note,
    longest_word_width,
    text_width,
    wrap_text,
)
from parcours.render.svg.labels import text

P = ParamSpec("P")
R = TypeVar("R")


def noting_cuts(drawing: Callable[P, R]) -> Callable[P, R]:
    """``drawing`` with the texts it cuts noted in its ``lang`` argument's language.

    :func:`~parcours.render.svg.fontmetrics.wrap_text` cuts a text too long for a cell
    and adds a note under it; this writes that note in the drawing's language.

    >>> from parcours.render.svg.fontmetrics import wrap_text
    >>> cut = noting_cuts(lambda words, lang: wrap_text(words, 900, 12, max_lines=1))
    >>> cut("word " * 400, lang="fr")[1]
    '[texte coupé : lisez-le en entier dans le rapport HTML ou le fichier]'
    >>> cut("word " * 400, lang="en")[1]
    '[text cut: read it whole in the HTML report or the map file]'
    """
    signature = inspect.signature(drawing)

    @functools.wraps(drawing)
    def noted(*args: P.args, **kwargs: P.kwargs) -> R:
        lang = signature.bind(*args, **kwargs).arguments.get("lang")
        with cut_note(text("text_cut", lang if isinstance(lang, str) else "en")):
            return drawing(*args, **kwargs)

    return noted


@dataclass(frozen=True)
class Column:
    """The horizontal slot of one step."""

    step: Step
    index: int
    x: float
    width: float
    offset: int = 0
    """Steps of the journey before the drawing's first column (a part of a long map)."""

    @property
    def center(self) -> float:
        """The middle of the column."""
        return self.x + self.width / 2

    @property
    def right(self) -> float:
        """The right edge of the column."""
        return self.x + self.width


@dataclass(frozen=True)
class PhaseRun:
    """Consecutive columns of the same phase (or of no phase)."""

    phase: Phase | None
    columns: list[Column]
    index: int

    @property
    def x(self) -> float:
        """Left edge of the run."""
        return self.columns[0].x

    @property
    def width(self) -> float:
        """Total width of the run."""
        return self.columns[-1].right - self.columns[0].x


def step_columns(
    steps: Sequence[Step], widths: Sequence[float], *, left: float, offset: int = 0
) -> list[Column]:
    """Columns side by side from ``left``, one per step, with the given widths.

    ``offset`` is the number of journey steps before ``steps`` (a part of a long map):
    the step numbers shown go on from it.
    """
    columns: list[Column] = []
    x = left
    for index, (step, width) in enumerate(zip(steps, widths, strict=True)):
        columns.append(Column(step, index, x, width, offset))
        x += width
    return columns


@dataclass(frozen=True)
class ColumnPage:
    """The step columns of a drawing and the page they make, margins included."""

    columns: list[Column]
    right: float
    """Right edge of the content (of the last column), px."""

    @property
    def width(self) -> float:
        """Width of the whole drawing, px."""
        return self.right + style.MARGIN

    @property
    def inner(self) -> float:
        """Width between the margins, px."""
        return self.width - 2 * style.MARGIN


def column_page(
    steps: Sequence[Step], widths: Sequence[float], *, left: float, offset: int = 0
) -> ColumnPage:
    """The columns of ``steps`` from ``left``; an empty journey still gets 400 px of room.

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"}])
    >>> page = column_page(m.steps, [100], left=10)
    >>> page.right, page.width == page.right + style.MARGIN
    (110, True)
    >>> column_page([], [], left=10).right
    410
    """
    columns = step_columns(steps, widths, left=left, offset=offset)
    return ColumnPage(columns, columns[-1].right if columns else left + 400)


def chunk_sizes(group_sizes: Sequence[int], max_steps: int) -> list[list[int]]:
    """Pack consecutive phase groups into balanced chunks of at most ``max_steps`` steps.

    Whole phases stay together when they fit; a phase longer than a chunk is split
    into near-equal parts. The fewest chunks are used, each as even as possible.
    Returns, per chunk, the sizes of its pieces.

    >>> chunk_sizes([3, 2, 4, 1], 6)
    [[3, 2], [4, 1]]
    >>> chunk_sizes([10], 4)
    [[4], [3], [3]]
    >>> chunk_sizes([2, 3, 3, 2, 2, 2, 3], 8)
    [[2, 3], [3, 2, 2], [2, 3]]
    """
    if max_steps < 1:
        raise ValueError(f"max_steps must be at least 1, got {max_steps}")
    fewest = _greedy_chunks(group_sizes, max_steps)
    if not fewest:
        return fewest
    for cap in range(math.ceil(sum(group_sizes) / len(fewest)), max_steps):
        packed = _greedy_chunks(group_sizes, cap)
        if len(packed) == len(fewest):
            return packed
    return fewest


def _greedy_chunks(group_sizes: Sequence[int], cap: int) -> list[list[int]]:
    chunks: list[list[int]] = []
    current: list[int] = []
    for size in group_sizes:
        if size > cap:
            if current:
                chunks.append(current)
            parts = math.ceil(size / cap)
            pieces = [size // parts + (1 if i < size % parts else 0) for i in range(parts)]
            chunks.extend([piece] for piece in pieces[:-1])
            current = [pieces[-1]]
        elif sum(current) + size <= cap:
            current.append(size)
        else:
            chunks.append(current)
            current = [size]
    if current:
        chunks.append(current)
    return chunks


def step_windows(m: JourneyMap, max_steps: int | None) -> list[range]:
    """The steps of ``m`` (in its order) cut into parts of at most ``max_steps`` steps.

    Whole phases stay together when they fit (see :func:`chunk_sizes`); ``None`` or a
    map that fits gives one part with every step.

    >>> m = JourneyMap(journey={"title": "T"}, phases=[{"id": "a", "name": "A"},
    ...     {"id": "b", "name": "B"}], steps=[{"id": f"s{i}", "name": "S",
    ...     "phase": "a" if i < 3 else "b"} for i in range(5)])
    >>> step_windows(m, 4)
    [range(0, 3), range(3, 5)]
    >>> step_windows(m, None)
    [range(0, 5)]
    """
    count = len(m.steps)
    if max_steps is None or count <= max_steps:
        return [range(count)]
    groups: list[int] = []
    previous: object = object()
    for step in m.steps:
        phase = m.phase_of(step)
        key = phase.id if phase is not None else None
        if groups and key == previous:
            groups[-1] += 1
        else:
            groups.append(1)
        previous = key
    windows: list[range] = []
    start = 0
    for chunk in chunk_sizes(groups, max_steps):
        windows.append(range(start, start + sum(chunk)))
        start += sum(chunk)
    return windows


def phase_runs(m: JourneyMap, columns: Sequence[Column]) -> list[PhaseRun]:
    """Group consecutive columns by phase, numbering runs for alternating colours."""
    runs: list[PhaseRun] = []
    for column in columns:
        phase = m.phase_of(column.step)
        if runs and runs[-1].phase == phase:
            runs[-1].columns.append(column)
        else:
            runs.append(PhaseRun(phase, [column], len(runs)))
    return runs


def content_width(
    texts: Iterable[tuple[str, float, bool]],
    *,
    minimum: float,
    maximum: float,
    max_lines: int = 5,
    padding: float = style.PADDING,
) -> float:
    """A column width that fits ``texts`` (text, size, bold) in about ``max_lines`` lines.

    Never narrower than the longest word, never wider than ``maximum`` unless a single
    word needs it.

    >>> content_width([("short", 12, False)], minimum=100, maximum=200)
    100
    >>> content_width([("word " * 80, 12, False)], minimum=100, maximum=200)
    200
    """
    needed = float(minimum)
    word = 0.0
    for content, size, bold in texts:
        word = max(word, longest_word_width(content, size, bold) + 2 * padding)
        spread = text_width(content, size, bold) / max_lines * 1.15 + 2 * padding
        needed = max(needed, spread)
    width = max(min(needed, maximum), word)
    return math.ceil(width) if width != minimum else minimum


def draw_title(canvas: Canvas, title: str, *, left: float, top: float, width: float) -> float:
    """The drawing's heading, wrapped to ``width``; returns the y below it."""
    lines = wrap_text(title, width, style.TITLE_SIZE, bold=True)
    used = canvas.text_lines(left, top, lines, size=style.TITLE_SIZE, bold=True, fill=style.INK)
    return top + used + 10


def title_height(title: str, width: float) -> float:
    """Height :func:`draw_title` uses."""
    lines = wrap_text(title, width, style.TITLE_SIZE, bold=True)
    return lines_height(len(lines), style.TITLE_SIZE) + 10


def phase_name(run: PhaseRun, lang: str) -> str:
    """The header text of a phase run."""
    return run.phase.name if run.phase else text("no_phase", lang)


def phase_header_height(runs: Sequence[PhaseRun], lang: str) -> float:
    """Height of the phase header row: the tallest wrapped phase name plus padding."""
    most = 1
    for run in runs:
        lines = wrap_text(
            phase_name(run, lang), run.width - 2 * style.PADDING, style.HEADING_SIZE, True
        )
        most = max(most, len(lines))
    return lines_height(most, style.HEADING_SIZE) + 2 * style.PADDING


def draw_phase_headers(
    canvas: Canvas, runs: Sequence[PhaseRun], lang: str, *, top: float, height: float
) -> None:
    """Coloured bands with the phase names, centred over their steps."""
    for run in runs:
        tint, ink = style.phase_tint(run.index)
        canvas.rect(run.x + 1, top, run.width - 2, height, fill=tint, radius=4)
        lines = wrap_text(
            phase_name(run, lang), run.width - 2 * style.PADDING, style.HEADING_SIZE, True
        )
        block = lines_height(len(lines), style.HEADING_SIZE)
        canvas.text_lines(
            run.x + run.width / 2,
            top + (height - block) / 2,
            lines,
            size=style.HEADING_SIZE,
            bold=True,
            fill=ink,
            anchor="middle",
        )


def step_label_lines(column: Column) -> list[str]:
    """The wrapped name of a step, numbered (``3. Sign the contract``)."""
    return wrap_text(
        f"{column.offset + column.index + 1}. {column.step.name}",
        column.width - 2 * style.PADDING,
        style.BODY_SIZE,
        bold=True,
    )


def step_header_height(columns: Sequence[Column], *, markers: bool = False) -> float:
    """Height of the step-name row (with room for moment icons when ``markers``)."""
    most = max((len(step_label_lines(c)) for c in columns), default=1)
    extra = 22.0 if markers and any(_has_marker(c.step) for c in columns) else 0.0
    return lines_height(most, style.BODY_SIZE) + 2 * style.PADDING + extra


def _has_marker(step: Step) -> bool:
    return step.moment_of_truth or step.breaking_point


def draw_step_headers(
    canvas: Canvas,
    columns: Sequence[Column],
    *,
    top: float,
    height: float,
    markers: bool = False,
) -> None:
    """Step names in white cards; with ``markers``, moment icons under the names."""
    for column in columns:
        canvas.rect(
            column.x + 2,
            top + 2,
            column.width - 4,
            height - 4,
            fill="#ffffff",
            stroke=style.RULE,
            radius=4,
        )
        canvas.text_lines(
            column.center,
            top + style.PADDING,
            step_label_lines(column),
            size=style.BODY_SIZE,
            bold=True,
            fill=style.INK,
            anchor="middle",
        )
        if markers:
            draw_moment_icons(canvas, column.step, column.center, top + height - 14)


def draw_column_headers(
    canvas: Canvas, m: JourneyMap, columns: Sequence[Column], lang: str, *, top: float
) -> float:
    """Phase bands over the step cards (with moment icons); returns the y below them.

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"}])
    >>> draw_column_headers(Canvas(), m, step_columns(m.steps, [100], left=0), "en", top=0) > 0
    True
    """
    y = top
    runs = phase_runs(m, columns)
    phase_height = phase_header_height(runs, lang)
    draw_phase_headers(canvas, runs, lang, top=y, height=phase_height)
    y += phase_height + 4
    step_height = step_header_height(columns, markers=True)
    draw_step_headers(canvas, columns, top=y, height=step_height, markers=True)
    y += step_height + 6
    return y


def no_steps_svg(canvas: Canvas, title: str, lang: str, *, top: float, width: float) -> str:
    """The document of a map without steps: the message under the title at ``top``.

    >>> no_steps_svg(Canvas(), "T", "en", top=40, width=480).count("no steps")
    1
    """
    canvas.text(style.MARGIN, top + 20, text("no_steps", lang), size=style.BODY_SIZE)
    return canvas.to_svg(width, top + 40 + style.MARGIN, title=title)


LegendEntry = tuple[str, Callable[[float, float], None]]
"""A legend label and the function drawing its icon at ``(x, mid)`` (slot left, row middle)."""


def draw_legend(
    canvas: Canvas,
    entries: Sequence[LegendEntry],
    *,
    left: float,
    top: float,
    width: float,
    text_offset: float,
    label_margin: float,
    gap: float,
) -> float:
    """One-line legend entries flowing left to right over ``width``; returns the y below.

    Each label starts ``text_offset`` px after its icon's slot, is cut to one line of
    ``width - label_margin`` px and is followed by ``gap`` px before the next entry.

    >>> marks = []
    >>> entries = [("One", lambda x, mid: marks.append(x)), ("Two", lambda x, mid: marks.append(x))]
    >>> bottom = draw_legend(Canvas(), entries, left=10, top=0, width=500,
    ...     text_offset=24, label_margin=30, gap=22)
    >>> marks[0], marks[1] > marks[0], bottom > 0
    (10, True, True)
    """
    size = style.BODY_SIZE
    row_height = lines_height(1, size) + 6
    x, y = left, top
    for label, draw_icon in entries:
        room = width - label_margin
        shown = clamp_lines(wrap_text(label, room, size), 1, room, size)[0]
        entry_width = text_offset + text_width(shown, size) + gap
        if x > left and x + entry_width > left + width:
            x, y = left, y + row_height
        mid = y + row_height / 2 - 2
        draw_icon(x, mid)
        canvas.text(x + text_offset, mid + 0.35 * size, shown, size=size, fill=style.INK)
        x += entry_width
    return y + row_height


def draw_moment_icons(canvas: Canvas, step: Step, center_x: float, center_y: float) -> None:
    """A gold star for a moment of truth and a red lightning for a breaking point."""
    icons_wanted = [
        kind
        for kind, present in (("star", step.moment_of_truth), ("bolt", step.breaking_point))
        if present
    ]
    x = center_x - (len(icons_wanted) - 1) * 11
    for kind in icons_wanted:
        if kind == "star":
            icons.star(canvas, x, center_y, 8, fill=style.MOMENT)
        else:
            icons.lightning(canvas, x, center_y, 9, fill=style.BREAK)
        x += 22


CurvePoint = tuple[float, float, int]
"""A point of a curve: ``(x, y, column index)``."""


def curve_runs(points: Sequence[CurvePoint]) -> list[list[CurvePoint]]:
    """Consecutive-step runs of points (a step without a score breaks the curve).

    >>> [len(r) for r in curve_runs([(0, 0, 0), (1, 1, 1), (3, 3, 3)])]
    [2, 1]
    """
    runs: list[list[CurvePoint]] = []
    for point in points:
        if runs and runs[-1][-1][2] == point[2] - 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def draw_vertical_rules(
    canvas: Canvas, columns: Sequence[Column], *, top: float, bottom: float
) -> None:
    """Thin separators between step columns."""
    for column in columns[1:]:
        canvas.line(column.x, top, column.x, bottom, stroke=style.RULE, stroke_width=1)
