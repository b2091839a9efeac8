"""Text measurement and wrapping with the metrics of DejaVu Sans.

SVG has no automatic line breaking, so every text is measured and wrapped here before
it is drawn. Widths come from a table shipped with the package
(:mod:`parcours.render.svg._dejavu_widths`, generated from the TTF files), so
measurement works even where the fonts are not installed. A character outside the
table is measured from the installed font if there is one, else counted as an average
glyph (slightly wide, so that wrapped text never overflows).

>>> round(text_width("Hello", 12), 1)
30.4
>>> wrap_text("Ouvrir un compte en ligne", 80, 12)
['Ouvrir un', 'compte en', 'ligne']
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from itertools import accumulate
from pathlib import Path

from parcours.render.svg import _dejavu_widths as table

FONT_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")
"""Where Debian-like systems install the DejaVu fonts (only used for rare characters)."""

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
"""The TTF file of the regular (False) and bold (True) faces."""

MEASURED_CHARACTERS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "".join(chr(c) for c in range(0xA0, 0x100))
    + "ŒœŸŠšŽžƒˆ˜‘’‚“”„†‡•…‰‹›€™−–—′″→←↑↓≤≥≠×÷·★☆✓✗✔✘⚡●○■□▲▼◆½¼¾"
    + "\u202f\u2009\u2007\u2011\u2010"
)
"""Characters whose widths are shipped: printable Latin-1, French and typographic signs."""

AVERAGE_WIDTH_EM = 0.72
"""Width assumed for an unknown character, in em (wider than most DejaVu glyphs)."""

ELLIPSIS = "…"


def _expand(grouped: dict[int, str]) -> dict[str, int]:
    return {char: width for width, chars in grouped.items() for char in chars}


_WIDTHS: dict[bool, dict[str, int]] = {
    False: _expand(table.REGULAR_WIDTHS),
    True: _expand(table.BOLD_WIDTHS),
}


@cache
def _font_widths(bold: bool) -> dict[int, int] | None:
    """Advance widths by code point read from the installed TTF, or None without it."""
    path = FONT_DIRECTORY / FONT_FILES[bold]
    if not path.is_file():
        return None
    try:
        return read_width_table(path)
    except Exception:  # a damaged font file must not break rendering
        return None


def read_width_table(path: Path) -> dict[int, int]:
    """Advance width (font units) of every code point a TTF file maps.

    >>> widths = read_width_table(FONT_DIRECTORY / "DejaVuSans.ttf")  # doctest: +SKIP
    >>> widths[ord("a")]  # doctest: +SKIP
    1255
    """
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    metrics = font["hmtx"]
    return {code: int(metrics[glyph][0]) for code, glyph in font.getBestCmap().items()}


@cache
def char_width_em(char: str, bold: bool = False) -> float:
    """The advance width of one character, in em.

    >>> char_width_em("M")
    0.86279296875
    """
    units = _WIDTHS[bold].get(char)
    if units is None:
        from_font = _font_widths(bold)
        units = from_font.get(ord(char)) if from_font else None
    if units is None:
        return AVERAGE_WIDTH_EM
    return units / table.UNITS_PER_EM


class _EmTable(dict[str, float]):
    """Width in em of each character met so far; a new character is measured once."""

    def __init__(self, bold: bool) -> None:
        super().__init__()
        self.bold = bold

    def __missing__(self, char: str) -> float:
        width = char_width_em(char, self.bold)
        self[char] = width
        return width


_EMS: dict[bool, _EmTable] = {False: _EmTable(False), True: _EmTable(True)}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in user units (px) at font ``size`` px.

    One pass over the characters (a dictionary look-up each), so measuring is linear
    in the length of the text.

    >>> text_width("", 12) == 0
    True
    >>> text_width("ii", 10, bold=True) > text_width("ii", 10)
    True
    """
    return float(sum(map(_EMS[bold].__getitem__, text)) * size)


MAX_LINES = 40
"""Default most lines :func:`wrap_text` gives one text; longer texts are cut (see there)."""

CUT_NOTE = "[text cut: read it whole in the HTML report or the map file]"
"""The line added under a cut text when the drawing sets no other (see :func:`cut_note`)."""

_cut_note: ContextVar[str] = ContextVar("cut_note", default=CUT_NOTE)


@contextmanager
def cut_note(note: str) -> Iterator[None]:
    """Within the block, a text cut by :func:`wrap_text` ends with ``note`` (a language's).

    >>> with cut_note("[coupé]"):
    ...     wrap_text("one two three", 60, 12, max_lines=1)
    ['one tw…', '[coupé]']
    """
    token = _cut_note.set(note)
    try:
        yield
    finally:
        _cut_note.reset(token)


def wrap_text(
    text: str,
    max_width: float,
    size: float,
    bold: bool = False,
    *,
    max_lines: int | None = MAX_LINES,
) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` px.

    Lines break between words; a word wider than the whole line is cut with a hyphen.
    Explicit newlines are kept. An empty text gives no line. Every word is measured
    once and line widths are sums, so the cost is linear in the length of the text.

    A text that needs more than ``max_lines`` lines (None: no limit) keeps its first
    ``max_lines`` lines, the last one ending with an ellipsis, followed by the note of
    :func:`cut_note` (wrapped too): a drawing's cell never holds a whole book, and the
    reader knows where to find the rest. Wrapping stops there, so a cut text costs no
    more than its first lines.

    >>> wrap_text("a b", 1000, 12)
    ['a b']
    >>> all(text_width(line, 12) <= 40 for line in wrap_text("anticonstitutionnellement", 40, 12))
    True
    >>> wrap_text("one two three four", 40, 12, max_lines=2)[:2]
    ['one', 'two…']
    """
    limit = None if max_lines is None else max(1, max_lines)
    lines: list[str] = []
    space = text_width(" ", size, bold)
    for paragraph in text.splitlines():
        current: list[str] = []
        used = 0.0
        for word in paragraph.split():
            width = text_width(word, size, bold)
            if current and used + space + width <= max_width:
                current.append(word)
                used += space + width
                continue
            if current:
                lines.append(" ".join(current))
            if width <= max_width:
                current, used = [word], width
            else:
                pieces = _split_long_word(word, max_width, size, bold)
                lines.extend(pieces[:-1])
                current, used = [pieces[-1]], text_width(pieces[-1], size, bold)
            if limit is not None and len(lines) > limit:
                return _cut(lines, limit, max_width, size, bold)
        if current:
            lines.append(" ".join(current))
        if limit is not None and len(lines) > limit:
            return _cut(lines, limit, max_width, size, bold)
    return lines


def _cut(lines: list[str], limit: int, max_width: float, size: float, bold: bool) -> list[str]:
    """The first ``limit`` lines, the last with an ellipsis, then the cut note."""
    kept = clamp_lines(lines, limit, max_width, size, bold)
    return kept + wrap_text(_cut_note.get(), max_width, size, bold, max_lines=None)


def _split_long_word(word: str, max_width: float, size: float, bold: bool) -> list[str]:
    """Cut a word into hyphenated pieces that each fit in ``max_width`` (at least one
    character each), in one pass over the characters."""
    ems = _EMS[bold]
    ends = list(accumulate((ems[char] * size for char in word), initial=0.0))
    if ends[-1] <= max_width:
        return [word]
    hyphen = text_width("-", size, bold)
    pieces: list[str] = []
    start = 0
    while ends[-1] - ends[start] > max_width:
        cut = start + 1
        while cut < len(word) and ends[cut + 1] - ends[start] + hyphen <= max_width:
            cut += 1
        pieces.append(word[start:cut] + "-")
        start = cut
    pieces.append(word[start:])
    return pieces


def clamp_lines(
    lines: list[str], max_lines: int, max_width: float, size: float, bold: bool = False
) -> list[str]:
    """Keep at most ``max_lines`` lines, ending the last kept one with an ellipsis.

    >>> clamp_lines(["one", "two", "three"], 2, 100, 12)
    ['one', 'two…']
    """
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    room = max_width - text_width(ELLIPSIS, size, bold)
    ems = _EMS[bold]
    ends = list(accumulate((ems[char] * size for char in last), initial=0.0))
    end = len(last)
    while end and ends[end] > room:
        end -= 1
    kept[-1] = last[:end].rstrip() + ELLIPSIS
    return kept


def longest_word_width(text: str, size: float, bold: bool = False) -> float:
    """The width of the widest word of ``text`` (0 for an empty text).

    >>> longest_word_width("a bb", 10) == text_width("bb", 10)
    True
    """
    return max((text_width(word, size, bold) for word in text.split()), default=0.0)


def width_module_source(regular: dict[int, int], bold: dict[int, int]) -> str:
    """The Python source of :mod:`parcours.render.svg._dejavu_widths` for two TTF tables."""
    lines = [
        '"""Advance widths of DejaVu Sans glyphs, in font units (2048 per em).',
        "",
        "Generated by ``python -m parcours.render.svg.fontmetrics`` from DejaVuSans.ttf and",
        "DejaVuSans-Bold.ttf: keys are widths, values the characters of that width.",
        '"""',
        "",
        "UNITS_PER_EM = 2048",
        "",
    ]
    for name, widths in (("REGULAR", regular), ("BOLD", bold)):
        groups: dict[int, str] = {}
        for char in MEASURED_CHARACTERS:
            if ord(char) in widths:
                groups[widths[ord(char)]] = groups.get(widths[ord(char)], "") + char
        lines.append(f"{name}_WIDTHS: dict[int, str] = {{")
        lines.extend(f"    {width}: {chars!r}," for width, chars in sorted(groups.items()))
        lines.extend(["}", ""])
    return "\n".join(lines)


def main() -> None:  # pragma: no cover - maintenance tool
    """Regenerate the shipped width table from the installed fonts."""
    regular = read_width_table(FONT_DIRECTORY / FONT_FILES[False])
    bold = read_width_table(FONT_DIRECTORY / FONT_FILES[True])
    target = Path(__file__).with_name("_dejavu_widths.py")
    target.write_text(width_module_source(regular, bold), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":  # pragma: no cover
    main()
