"""The Sankey of real paths: where customers actually go, step after step.

Column ``i`` holds the steps customers were at as the ``i``-th step of their real path
(0-based positions of :class:`~parcours.analytics.paths.PathsData`); a node's height is
proportional to its customers and a ribbon's width to the customers going from one node
to the next. Customers whose path ends leave through a grey ribbon fading into the
"exit" node at the bottom of the next column.

To stay legible with many steps, each column keeps its largest steps (at least
``min_share`` of the customers, at most ``max_nodes`` per column) and merges the others
into one "other steps" node; ribbons are merged accordingly, so flows are conserved.
Nodes keep the map's step order from top to bottom and take their phase's colour.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parcours.i18n import format_number
from parcours.model import JourneyMap
from parcours.render.svg import style
from parcours.render.svg.canvas import Canvas, escape, lines_height, number
from parcours.render.svg.fontmetrics import clamp_lines, text_width, wrap_text
from parcours.render.svg.labels import text
from parcours.render.svg.layout import draw_title
from parcours.render.svg.roles import ordered as in_display_order

if TYPE_CHECKING:  # the analytics import pandas: only their results are drawn here
    from parcours.analytics.paths import PathsData

OTHER = "__other__"
"""Key of the merged node of a column."""
EXIT = "__exit__"
"""Key of the exit node of a column."""

NODE_WIDTH = 14.0
COLUMN_SPACING = 178.0
"""Horizontal distance between two columns (node left edges), px."""
CHART_HEIGHT = 560.0
"""Height available to the tallest column, nodes and gaps, px."""
NODE_GAP = 16.0
EXIT_GAP = 26.0
"""Extra space above the exit node of a column."""
LINK_OPACITY = 0.32
EXIT_FADE_ID = "parcours-sankey-exit-fade"
"""The id of the (identical in every drawing) gradient of exit ribbons."""


@dataclass(frozen=True)
class SankeyNode:
    """A step (or the merged "other" node, or the exit) at one path position."""

    column: int
    key: str
    value: int


@dataclass(frozen=True)
class SankeyLink:
    """``count`` customers going from ``source`` at ``column`` to ``target`` at ``column + 1``."""

    column: int
    source: str
    target: str
    count: int


@dataclass(frozen=True)
class SankeyData:
    """Headless Sankey data after merging small nodes."""

    nodes: tuple[SankeyNode, ...]
    links: tuple[SankeyLink, ...]

    @property
    def columns(self) -> int:
        """Number of columns (0 when empty)."""
        return max((n.column for n in self.nodes), default=-1) + 1


def sankey_data(
    m: JourneyMap, paths: PathsData, *, max_nodes: int = 8, min_share: float = 0.02
) -> SankeyData:
    """Nodes and links of the Sankey, small nodes merged per column (see module doc).

    >>> from parcours.analytics.paths import PathEdge, PathsData
    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"},
    ...     {"id": "b", "name": "B"}])
    >>> data = sankey_data(m, PathsData((PathEdge(0, "a", "b", 3), PathEdge(0, "a", None, 1),
    ...     PathEdge(1, "b", None, 3)), ()))
    >>> [(n.column, n.key, n.value) for n in data.nodes]
    [(0, 'a', 4), (1, 'b', 3), (1, '__exit__', 1), (2, '__exit__', 3)]
    """
    order = {s.id: i for i, s in enumerate(m.steps)}
    inflow: dict[tuple[int, str], int] = defaultdict(int)
    outflow: dict[tuple[int, str], int] = defaultdict(int)
    for edge in paths.edges:
        outflow[(edge.position, edge.source)] += edge.count
        if edge.target is not None:
            inflow[(edge.position + 1, edge.target)] += edge.count
    values = {key: max(inflow[key], outflow[key]) for key in set(inflow) | set(outflow)}
    total = max(sum(v for (col, _), v in values.items() if col == 0), 1)
    kept: dict[tuple[int, str], str] = {}
    for column in sorted({col for col, _ in values}):
        ranked = sorted(
            ((v, k) for (col, k), v in values.items() if col == column),
            key=lambda item: (-item[0], order.get(item[1], len(order)), item[1]),
        )
        small = [
            key
            for position, (value, key) in enumerate(ranked)
            if value < min_share * total or position >= max_nodes
        ]
        for _, key in ranked:
            kept[(column, key)] = OTHER if key in small and len(small) > 1 else key
    merged: dict[tuple[int, str, str], int] = defaultdict(int)
    for edge in paths.edges:
        source = kept[(edge.position, edge.source)]
        target = EXIT if edge.target is None else kept[(edge.position + 1, edge.target)]
        merged[(edge.position, source, target)] += edge.count
    node_values: dict[tuple[int, str], int] = defaultdict(int)
    for (column, key), value in values.items():
        node_values[(column, kept[(column, key)])] += value
    for (column, _, target), count in merged.items():
        if target == EXIT:
            node_values[(column + 1, EXIT)] += count

    def rank(key: str) -> tuple[int, str]:
        if key == EXIT:
            return (len(order) + 2, key)
        if key == OTHER:
            return (len(order) + 1, key)
        return (order.get(key, len(order)), key)

    nodes = tuple(
        SankeyNode(column, key, value)
        for (column, key), value in sorted(
            node_values.items(), key=lambda i: (i[0][0], rank(i[0][1]))
        )
    )
    links = tuple(
        SankeyLink(column, source, target, count)
        for (column, source, target), count in sorted(
            merged.items(), key=lambda i: (i[0][0], rank(i[0][1]), rank(i[0][2]))
        )
    )
    return SankeyData(nodes, links)


def sankey_svg(
    m: JourneyMap, paths: PathsData, lang: str, *, title: str | None = None, max_nodes: int = 8
) -> str:
    """The Sankey of the real paths of ``m``'s customers, as a standalone SVG document.

    >>> from parcours.analytics.paths import PathEdge, PathsData
    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "Apply"}])
    >>> svg = sankey_svg(m, PathsData((PathEdge(0, "a", None, 5),), ()), "en")
    >>> "Apply" in svg and "Exit" in svg
    True
    """
    m = in_display_order(m, lang)
    data = sankey_data(m, paths, max_nodes=max_nodes)
    heading = title or text(
        "titled", lang, view=text("sankey_title", lang), journey=m.journey.title
    )
    return _SankeyDrawing(m, data, lang, heading).render()


@dataclass
class _Placed:
    node: SankeyNode
    x: float
    y: float
    height: float
    colour: str
    label: list[str]
    out_cursor: float = 0.0
    in_cursor: float = 0.0


class _SankeyDrawing:
    """Columns left to right, nodes top to bottom in map order, then ribbons and labels."""

    def __init__(self, m: JourneyMap, data: SankeyData, lang: str, title: str) -> None:
        self.m = m
        self.data = data
        self.lang = lang
        self.title = title
        self.canvas = Canvas()
        self.names = {s.id: (i, s.name) for i, s in enumerate(m.steps)}
        self.colours = self._phase_colours()

    def _phase_colours(self) -> dict[str, str]:
        result: dict[str, str] = {}
        run, previous = -1, object()
        for step in self.m.steps:
            phase = self.m.phase_of(step)
            if phase != previous:
                run, previous = run + 1, phase
            result[step.id] = style.phase_tint(run)[1] if phase else style.HEADER_BG
        return result

    # ----------------------------------------------------------------- texts
    def _name(self, key: str) -> str:
        if key == EXIT:
            return text("sankey_exit", self.lang)
        if key == OTHER:
            return text("sankey_other", self.lang)
        index, name = self.names.get(key, (None, key))
        return f"{index + 1}. {name}" if index is not None else name

    def _label(self, node: SankeyNode, width: float) -> list[str]:
        size = style.SMALL_SIZE
        lines = clamp_lines(
            wrap_text(self._name(node.key), width, size, True), 2, width, size, True
        )
        return [*lines, format_number(node.value, self.lang, digits=0)]

    # --------------------------------------------------------------- layout
    def _scale(self) -> float:
        best = None
        for column in range(self.data.columns):
            nodes = [n for n in self.data.nodes if n.column == column]
            gaps = NODE_GAP * (len(nodes) - 1) + (
                EXIT_GAP if any(n.key == EXIT for n in nodes) else 0
            )
            total = sum(n.value for n in nodes)
            if total:
                scale = (CHART_HEIGHT - gaps) / total
                best = scale if best is None else min(best, scale)
        return best or 1.0

    def _place(self, left: float, top: float, scale: float, label_width: float) -> list[_Placed]:
        placed = []
        for column in range(self.data.columns):
            y = top
            x = left + column * COLUMN_SPACING
            for node in (n for n in self.data.nodes if n.column == column):
                if node.key == EXIT:
                    y += EXIT_GAP
                colour = {EXIT: style.MUTED, OTHER: style.FAINT}.get(
                    node.key, self.colours.get(node.key, style.HEADER_BG)
                )
                height = node.value * scale
                placed.append(_Placed(node, x, y, height, colour, self._label(node, label_width)))
                y += height + NODE_GAP
        return placed

    # ------------------------------------------------------------------ draw
    def render(self) -> str:
        c = self.canvas
        size = style.SMALL_SIZE
        label_width = COLUMN_SPACING - NODE_WIDTH - 30
        left = style.MARGIN
        columns = max(self.data.columns, 1)
        width = left + (columns - 1) * COLUMN_SPACING + NODE_WIDTH + 8 + label_width + style.MARGIN
        width = max(width, 560.0)
        inner = width - 2 * style.MARGIN
        y = draw_title(c, self.title, left=style.MARGIN, top=style.MARGIN, width=inner)
        if not self.data.nodes:
            for line in wrap_text(text("sankey_empty", self.lang), inner, style.BODY_SIZE):
                c.text(style.MARGIN, y + 16, line, size=style.BODY_SIZE, fill=style.MUTED)
                y += lines_height(1, style.BODY_SIZE)
            return c.to_svg(width, y + 30 + style.MARGIN, title=self.title)
        for line in wrap_text(text("sankey_caption", self.lang), inner, style.BODY_SIZE):
            c.text(
                style.MARGIN,
                y + 0.93 * style.BODY_SIZE,
                line,
                size=style.BODY_SIZE,
                fill=style.MUTED,
            )
            y += lines_height(1, style.BODY_SIZE)
        y += 8
        for column in range(self.data.columns):
            x = left + column * COLUMN_SPACING
            c.text(
                x,
                y + 0.93 * size,
                text("sankey_column", self.lang, n=column + 1),
                size=size,
                bold=True,
                fill=style.MUTED,
            )
        y += lines_height(1, size) + 10
        c.elements.append(
            f'<defs><linearGradient id="{EXIT_FADE_ID}" x1="0" y1="0" x2="1" y2="0">'
            f'<stop offset="0" stop-color="{style.FAINT}" stop-opacity="0.55"/>'
            f'<stop offset="1" stop-color="{style.FAINT}" stop-opacity="0.12"/>'
            "</linearGradient></defs>"
        )
        scale = self._scale()
        placed = self._place(left, y, scale, label_width)
        self._links(placed, scale)
        for p in placed:
            self._node(p)
        bottom = self._labels(placed, y)
        bottom = max(bottom, max(p.y + p.height for p in placed))
        return c.to_svg(width, bottom + style.MARGIN, title=self.title)

    def _links(self, placed: Sequence[_Placed], scale: float) -> None:
        index = {(p.node.column, p.node.key): p for p in placed}
        for link in self.data.links:
            source = index[(link.column, link.source)]
            target = index[(link.column + 1, link.target)]
            band = link.count * scale
            y0 = source.y + source.out_cursor
            y1 = target.y + target.in_cursor
            source.out_cursor += band
            target.in_cursor += band
            x0, x1 = source.x + NODE_WIDTH, target.x
            mid = (x0 + x1) / 2
            d = (
                f"M{number(x0)},{number(y0)} C{number(mid)},{number(y0)} "
                f"{number(mid)},{number(y1)} {number(x1)},{number(y1)} "
                f"L{number(x1)},{number(y1 + band)} "
                f"C{number(mid)},{number(y1 + band)} {number(mid)},{number(y0 + band)} "
                f"{number(x0)},{number(y0 + band)} Z"
            )
            exit_link = link.target == EXIT
            fill = f"url(#{EXIT_FADE_ID})" if exit_link else source.colour
            opacity = "" if exit_link else f' fill-opacity="{LINK_OPACITY}"'
            self.canvas.elements.append(
                f'<path class="sankey-link{" exit" if exit_link else ""}" d="{d}" fill="{fill}"'
                f'{opacity} data-column="{link.column}" data-source="{escape(link.source)}"'
                f' data-target="{escape(link.target)}" data-count="{link.count}"'
                f' data-width="{number(band)}"/>'
            )

    def _node(self, p: _Placed) -> None:
        self.canvas.elements.append(
            f'<g class="sankey-node" data-column="{p.node.column}" data-key="{escape(p.node.key)}"'
            f' data-value="{p.node.value}" data-height="{number(p.height)}">'
        )
        self.canvas.rect(p.x, p.y, NODE_WIDTH, max(p.height, 1.0), fill=p.colour, radius=2)
        self.canvas.group_end()

    def _labels(self, placed: Sequence[_Placed], top: float) -> float:
        """Labels right of their nodes, pushed down within a column so none overlap."""
        size = style.SMALL_SIZE
        bottom = top
        for column in range(self.data.columns):
            previous = top
            for p in (q for q in placed if q.node.column == column):
                block = lines_height(len(p.label), size)
                label_top = max(p.y + p.height / 2 - block / 2, previous)
                x = p.x + NODE_WIDTH + 6
                widest = max(text_width(line, size, True) for line in p.label)
                self.canvas.rect(
                    x - 2,
                    label_top - 1,
                    widest + 4,
                    block + 2,
                    fill="#ffffff",
                    radius=3,
                    opacity=0.82,
                )
                names, count = p.label[:-1], p.label[-1]
                ink = style.MUTED if p.node.key in (EXIT, OTHER) else style.INK
                used = self.canvas.text_lines(x, label_top, names, size=size, bold=True, fill=ink)
                self.canvas.text_lines(x, label_top + used, [count], size=size, fill=style.MUTED)
                previous = label_top + block + 3
                bottom = max(bottom, previous)
        return bottom
