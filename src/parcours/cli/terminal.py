"""What reaches the terminal: user text is shown, never interpreted.

Event logs and maps are written by others: an activity named ``\\x1b]52;c;...\\x07`` would
set the clipboard, ``\\x1b[2J`` clear the screen, ``[link=https://evil.example]`` make a
hidden link and ``[/bold]`` crash Rich. So the command line prints through one choke point,
:class:`SafeConsole`:

- markup and emoji codes are off by default: ``[bold]`` in a step name prints as is (our own
  styles are :class:`rich.text.Text` objects, built with :func:`styled`);
- every segment of text it writes goes through :func:`clean` first, which drops escape
  sequences, C0 and C1 control characters (keeping newline and tab) and the bidirectional
  overrides that reorder what a reader sees.

JSON written to standard output goes through :func:`clean_json` (JSON already escapes C0
characters; it escapes C1 and DEL too).

>>> clean("ok\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J done\\x9b")
'ok done'
>>> clean("line 1\\n\\tline 2\\r")
'line 1\\n\\tline 2'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

_ESCAPES = re.compile(
    r"""
    \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC ... (BEL | ST)
    | \x1b[P^_X][^\x1b\x9c]*(?:\x1b\\|\x9c)?       # DCS, PM, APC, SOS ... ST
    | \x1b\[[0-?]*[ -/]*[@-~]?                    # CSI parameters final
    | \x9b[0-?]*[ -/]*[@-~]?                      # 8-bit CSI
    | \x1b[ -/]*[0-~]?                            # other ESC sequences
    """,
    re.VERBOSE,
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` without terminal escape sequences, control characters (newline and tab are
    kept) and bidirectional overrides."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def clean_json(text: str) -> str:
    """JSON text whose DEL and C1 characters are written as ``\\u`` escapes (still valid
    JSON, same value).

    >>> clean_json('{"a": "x\\x9b"}')
    '{"a": "x\\\\u009b"}'
    """
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def styled(prefix: str, style: str, text: str) -> Text:
    """``prefix`` in ``style`` followed by ``text`` shown literally (no markup).

    >>> styled("✗", "bold red", "[/bold] oops").plain
    '✗ [/bold] oops'
    """
    return Text.assemble((prefix, style), " ", text)


class SafeConsole(Console):
    """A Rich console with markup, emoji codes and highlighting off by default, which
    :func:`clean`\\ s every text segment it writes."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("markup", False)
        options.setdefault("emoji", False)
        options.setdefault("highlight", False)
        super().__init__(**options)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """The segments of ``renderable``, their text cleaned (control segments, such as
        Rich's own cursor moves, pass unchanged)."""
        for segment in super().render(renderable, options):
            if segment.control or segment.text.isprintable():
                yield segment
            else:
                yield Segment(clean(segment.text), segment.style, segment.control)
