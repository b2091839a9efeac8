"""Table-like drawings: the listening plan and the data-collected inventory.

Both are designed tables: a dark header row, one row per listening point or step in
journey order, alternating row backgrounds, text wrapped in columns whose widths follow
their content. Rows come from :func:`parcours.render.views.listening_plan` and
:func:`parcours.render.views.data_inventory`, the data the HTML report shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from parcours.model import JourneyMap
from parcours.render import views
from parcours.render.labels import text as report_text
from parcours.render.svg import icons, layout, style
from parcours.render.svg.canvas import Canvas, lines_height
from parcours.render.svg.fontmetrics import text_width, wrap_text
from parcours.render.svg.grid import (
    CATEGORY_COLOURS,
    Block,
    badge_block,
    category_title,
    chip_block,
    draw_stack,
    open_group,
    stack_height,
    text_block,
)
from parcours.render.svg.labels import text

CELL_PAD_X = 10.0
CELL_PAD_Y = 9.0
ROW_SHADE = "#f8fafc"
NUMBER_RADIUS = 11.0


@dataclass(frozen=True)
class TableColumn:
    """A column: its title, an optional accent colour, and width bounds."""

    title: str
    minimum: float
    maximum: float
    accent: str | None = None
    css_class: str = ""


@dataclass
class TableRow:
    """A row: one cell builder per column (width -> blocks) and ``data-*`` attributes."""

    cells: list[Callable[[float], list[Block]]]
    texts: list[list[tuple[str, float, bool]]]
    data: dict[str, str] = field(default_factory=dict)
    css_class: str = "row"
    background: str | None = None


def column_widths(columns: Sequence[TableColumn], rows: Sequence[TableRow]) -> list[float]:
    """Widths that fit each column's texts (about four lines each) within its bounds.

    >>> col = TableColumn("Step", 100, 200)
    >>> row = TableRow([lambda w: []], [[("short", 12, False)]])
    >>> column_widths([col], [row])
    [100]
    """
    widths = []
    for index, column in enumerate(columns):
        texts = [(column.title, style.BODY_SIZE, True)]
        for row in rows:
            texts += row.texts[index]
        widths.append(
            layout.content_width(
                texts,
                minimum=column.minimum,
                maximum=column.maximum,
                max_lines=4,
                padding=CELL_PAD_X + 4,
            )
        )
    return widths


def draw_table(
    canvas: Canvas,
    columns: Sequence[TableColumn],
    rows: Sequence[TableRow],
    widths: Sequence[float],
    *,
    left: float,
    top: float,
) -> float:
    """The header then the rows; returns the y below the table."""
    right = left + sum(widths)
    lefts = [left + sum(widths[:i]) for i in range(len(widths))]
    header_lines = [
        wrap_text(c.title, w - 2 * CELL_PAD_X, style.BODY_SIZE, True)
        for c, w in zip(columns, widths, strict=True)
    ]
    header_height = max(lines_height(len(lines), style.BODY_SIZE) for lines in header_lines)
    header_height += 2 * CELL_PAD_Y + 4
    canvas.rect(left, top, right - left, header_height, fill=style.HEADER_BG, radius=4)
    for column, x, width, lines in zip(columns, lefts, widths, header_lines, strict=True):
        open_group(canvas, "column-header", column=column.css_class or column.title)
        if column.accent:
            canvas.rect(x + 2, top + header_height - 5, width - 4, 5, fill=column.accent)
        canvas.text_lines(
            x + CELL_PAD_X,
            top + CELL_PAD_Y,
            lines,
            size=style.BODY_SIZE,
            bold=True,
            fill=style.HEADER_INK,
        )
        canvas.group_end()
    y = top + header_height
    for number, row in enumerate(rows):
        contents = [cell(w - 2 * CELL_PAD_X) for cell, w in zip(row.cells, widths, strict=True)]
        height = max(stack_height(blocks) for blocks in contents) + 2 * CELL_PAD_Y
        height = max(height, 2 * NUMBER_RADIUS + 2 * CELL_PAD_Y)
        open_group(canvas, row.css_class, **row.data)
        background = row.background or (ROW_SHADE if number % 2 else "#ffffff")
        canvas.rect(left, y, right - left, height, fill=background)
        canvas.line(left, y + height, right, y + height, stroke=style.RULE)
        for x, blocks in zip(lefts, contents, strict=True):
            draw_stack(canvas, blocks, x + CELL_PAD_X, y + CELL_PAD_Y)
        canvas.group_end()
        y += height
    for x in lefts[1:]:
        canvas.line(x, top + header_height, x, y, stroke=style.RULE)
    return y


def _texts(*items: tuple[str, float, bool]) -> list[tuple[str, float, bool]]:
    return [item for item in items if item[0]]


def _plain(content: str, **options: object) -> Callable[[float], list[Block]]:
    """A cell holding one wrapped text (or a faint dash when empty)."""

    def build(width: float) -> list[Block]:
        if not content.strip():
            return [text_block("—", width, fill=style.FAINT)]
        return [text_block(content, width, **options)]  # type: ignore[arg-type]

    return build


def _step_cell(
    number: int, name: str, detail: str, moment: bool, breaking: bool
) -> Callable[[float], list[Block]]:
    """A numbered step: number in a disc, bold name, optional detail and moment icons."""

    def build(width: float) -> list[Block]:
        indent = 2 * NUMBER_RADIUS + 8
        lines = wrap_text(name, width - indent, style.BODY_SIZE, True)
        detail_lines = wrap_text(detail, width - indent, style.SMALL_SIZE) if detail else []
        marks = [kind for kind, on in (("star", moment), ("bolt", breaking)) if on]
        height = lines_height(len(lines), style.BODY_SIZE)
        height += lines_height(len(detail_lines), style.SMALL_SIZE)
        height = max(height + (22 if marks else 0), 2 * NUMBER_RADIUS)

        def draw(canvas: Canvas, x: float, y: float) -> None:
            canvas.circle(x + NUMBER_RADIUS, y + NUMBER_RADIUS, NUMBER_RADIUS, fill=style.HEADER_BG)
            canvas.text(
                x + NUMBER_RADIUS,
                y + NUMBER_RADIUS + 0.36 * style.SMALL_SIZE,
                str(number),
                size=style.SMALL_SIZE,
                bold=True,
                fill=style.HEADER_INK,
                anchor="middle",
            )
            used = canvas.text_lines(
                x + indent, y, lines, size=style.BODY_SIZE, bold=True, fill=style.INK
            )
            used += canvas.text_lines(
                x + indent, y + used, detail_lines, size=style.SMALL_SIZE, fill=style.MUTED
            )
            icon_x = x + indent + 8
            for kind in marks:
                if kind == "star":
                    icons.star(canvas, icon_x, y + used + 11, 8, fill=style.MOMENT)
                else:
                    icons.lightning(canvas, icon_x, y + used + 11, 9, fill=style.BREAK)
                icon_x += 22

        return [Block(height, draw)]

    return build


def _legend_moments(
    canvas: Canvas, left: float, top: float, width: float, moment: bool, breaking: bool, lang: str
) -> float:
    """Star / lightning legend under a table; returns the y below it."""
    x, size = left, style.SMALL_SIZE
    mid = top + 10
    for present, kind, key in (
        (moment, "star", "moment_of_truth"),
        (breaking, "bolt", "breaking_point"),
    ):
        if not present:
            continue
        label = text(key, lang)
        if kind == "star":
            icons.star(canvas, x + 8, mid, 7, fill=style.MOMENT)
        else:
            icons.lightning(canvas, x + 8, mid, 8, fill=style.BREAK)
        shown = wrap_text(label, width - 30, size)[0]
        canvas.text(x + 22, mid + 0.35 * size, shown, size=size, fill=style.MUTED)
        x += 22 + text_width(shown, size) + 24
    return top + 22 if (moment or breaking) else top


def _document(title: str, draw: Callable[[Canvas, float], float], width: float) -> str:
    """A titled drawing: ``draw(canvas, top)`` returns the y below its content."""
    canvas = Canvas()
    inner = width - 2 * style.MARGIN
    y = layout.draw_title(canvas, title, left=style.MARGIN, top=style.MARGIN, width=inner)
    y = draw(canvas, y + 6)
    return canvas.to_svg(width, y + style.MARGIN, title=title)


def _empty(title: str, message: str) -> str:
    width = max(480.0, text_width(message, style.BODY_SIZE) + 2 * style.MARGIN)
    canvas = Canvas()
    y = layout.draw_title(
        canvas, title, left=style.MARGIN, top=style.MARGIN, width=width - 2 * style.MARGIN
    )
    canvas.text(style.MARGIN, y + 20, message, size=style.BODY_SIZE, fill=style.MUTED)
    return canvas.to_svg(width, y + 40 + style.MARGIN, title=title)


# ------------------------------------------------------------------ listening plan
def listening_plan_svg(m: JourneyMap, lang: str) -> str:
    """The listening plan of ``m`` as a standalone SVG table.

    >>> m = JourneyMap(journey={"title": "Demo"}, steps=[{"id": "s", "name": "Sign",
    ...     "moment_of_truth": True}], listening_points=[{"step": "s", "medium": "sms",
    ...     "questions": ["Easy?"]}])
    >>> svg = listening_plan_svg(m, "en")
    >>> svg.startswith("<svg") and "Easy?" in svg and "Sign" in svg
    True
    """
    title = text("titled", lang, view=text("listening_title", lang), journey=m.journey.title)
    plan = views.listening_plan(m, lang)
    if not plan:
        return _empty(title, report_text("no_listening", lang))
    columns = [
        TableColumn(report_text("col_step", lang), 170, 240, css_class="step"),
        TableColumn(report_text("col_questions", lang), 220, 330, css_class="questions"),
        TableColumn(report_text("col_medium", lang), 120, 170, css_class="medium"),
        TableColumn(report_text("col_target", lang), 140, 210, css_class="target"),
        TableColumn(report_text("col_timing", lang), 110, 170, css_class="timing"),
        TableColumn(report_text("col_frequency", lang), 100, 150, css_class="frequency"),
        TableColumn(
            report_text("col_threshold", lang),
            150,
            220,
            accent=style.IRRITANT,
            css_class="threshold",
        ),
    ]
    rows = [_listening_row(row) for row in plan]
    widths = column_widths(columns, rows)
    width = sum(widths) + 2 * style.MARGIN

    def draw(canvas: Canvas, top: float) -> float:
        y = draw_table(canvas, columns, rows, widths, left=style.MARGIN, top=top)
        return _legend_moments(
            canvas,
            style.MARGIN,
            y + 8,
            width - 2 * style.MARGIN,
            any(r.moment_of_truth for r in plan),
            any(r.breaking_point for r in plan),
            lang,
        )

    return _document(title, draw, width)


def _listening_row(row: views.ListeningRow) -> TableRow:
    body, small = style.BODY_SIZE, style.SMALL_SIZE

    def questions(width: float) -> list[Block]:
        shown = [q for q in row.questions if q.strip()]
        if not shown:
            return [text_block("—", width, fill=style.FAINT)]
        return [text_block(q, width, bullet=True) for q in shown]

    def medium(width: float) -> list[Block]:
        return [badge_block(row.medium, width, fill="#e4ebf2", ink="#334e68")]

    def threshold(width: float) -> list[Block]:
        if not row.threshold:
            return [text_block("—", width, fill=style.FAINT)]
        return [text_block(row.threshold, width, bold=True, fill=style.IRRITANT)]

    cells = [
        _step_cell(row.step_number, row.step, "", row.moment_of_truth, row.breaking_point),
        questions,
        medium,
        _plain(row.target),
        _plain(row.timing),
        _plain(row.frequency),
        threshold,
    ]
    texts = [
        _texts((row.step, body, True)),
        [(q, body, False) for q in row.questions],
        _texts((row.medium, small, True)),
        _texts((row.target, body, False)),
        _texts((row.timing, body, False)),
        _texts((row.frequency, body, False)),
        _texts((row.threshold, body, True)),
    ]
    return TableRow(cells, texts, {"step_number": str(row.step_number), "step": row.step})


# ------------------------------------------------------------------- data inventory
def inventory_keys(inventory: views.DataInventory) -> list[str]:
    """The category columns shown: the three categories, plus ``unclassified`` if used.

    >>> inv = views.DataInventory([], [], {"personal": 1, "unclassified": 0})
    >>> inventory_keys(inv)
    ['personal', 'transactional', 'behavioural']
    """
    keys = [k for k in views.DATA_COLUMNS if k != "unclassified"]
    if inventory.totals.get("unclassified", 0) > 0:
        keys.append("unclassified")
    return keys


def data_inventory_svg(m: JourneyMap, lang: str) -> str:
    """The data-collected inventory of ``m`` as a standalone SVG table.

    >>> m = JourneyMap(journey={"title": "Demo"}, steps=[{"id": "s", "name": "Sign",
    ...     "data_collected": [{"name": "Email", "category": "personal"}]}])
    >>> svg = data_inventory_svg(m, "en")
    >>> svg.startswith("<svg") and "Email" in svg and "Personal" in svg
    True
    """
    title = text("titled", lang, view=text("data_title", lang), journey=m.journey.title)
    inventory = views.data_inventory(m, lang)
    if not inventory.rows:
        return _empty(title, report_text("no_data", lang))
    keys = inventory_keys(inventory)
    columns = [TableColumn(report_text("col_step", lang), 190, 260, css_class="step")]
    columns += [
        TableColumn(category_title(key, lang), 190, 280, CATEGORY_COLOURS[key][2], key)
        for key in keys
    ]
    rows = [_data_row(row, keys) for row in inventory.rows]
    rows.append(_totals_row(inventory, keys, lang))
    widths = column_widths(columns, rows)
    width = sum(widths) + 2 * style.MARGIN

    def draw(canvas: Canvas, top: float) -> float:
        return draw_table(canvas, columns, rows, widths, left=style.MARGIN, top=top)

    return _document(title, draw, width)


def _data_row(row: views.DataRow, keys: list[str]) -> TableRow:
    small = style.SMALL_SIZE

    def chips(key: str) -> Callable[[float], list[Block]]:
        background, ink, accent = CATEGORY_COLOURS[key]

        def build(width: float) -> list[Block]:
            return [
                chip_block(
                    item.text,
                    width,
                    background=background,
                    ink=ink,
                    accent=accent,
                    size=small,
                    detail=item.detail,
                    full_width=True,
                )
                for item in row.by_category[key]
            ]

        return build

    cells = [_step_cell(row.step_number, row.step, row.phase, False, False)]
    cells += [chips(key) for key in keys]
    texts = [_texts((row.step, style.BODY_SIZE, True), (row.phase, small, False))]
    texts += [
        [(item.text, small, False) for item in row.by_category[key]]
        + [(item.detail, small - 1.5, False) for item in row.by_category[key] if item.detail]
        for key in keys
    ]
    return TableRow(cells, texts, {"step_number": str(row.step_number), "step": row.step})


def _totals_row(inventory: views.DataInventory, keys: list[str], lang: str) -> TableRow:
    total = sum(inventory.totals.get(key, 0) for key in keys)
    label = f"{report_text('data_totals', lang)} ({total})"

    def count(key: str) -> Callable[[float], list[Block]]:
        value = str(inventory.totals.get(key, 0))
        return lambda width: [
            text_block(
                value, width, size=style.HEADING_SIZE + 3, bold=True, fill=CATEGORY_COLOURS[key][1]
            )
        ]

    cells = [lambda width: [text_block(label, width, bold=True)]]
    cells += [count(key) for key in keys]
    texts = [[(label, style.BODY_SIZE, True)]] + [[] for _ in keys]
    data = {"total": str(total)} | {key: str(inventory.totals.get(key, 0)) for key in keys}
    return TableRow(cells, texts, data, css_class="totals", background="#eef2f6")
