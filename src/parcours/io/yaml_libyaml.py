"""Reading plain YAML maps with libyaml (C), the same data and positions as ruamel.

ruamel's pure-Python round-trip loader takes seconds on a 700 KB map (a 200-step
journey); libyaml composes the same text in a tenth of that. This reader covers the
YAML people write in a map: block and flow mappings and lists, plain and quoted text,
decimal integers and floats, ``true``/``false``, ``null``/``~``/empty, dates and
timestamps. Everything else (anchors and aliases, merge keys, tags other than
``!!str``, duplicate keys, directives, hexadecimal, octal or exponent numbers, deep
nesting, syntax errors, characters YAML forbids) makes it give up with
:class:`Unsupported`, and :func:`parcours.io.yaml_format.parse_yaml` reads the text
with ruamel instead: the rare document keeps exactly the values, limits and located
error messages it had. Values follow YAML 1.2 as ruamel does (``yes``, ``on`` and
``012``-as-octal are YAML 1.1 only: ``yes`` stays text).

Positions follow :func:`parcours.io.yaml_format.document_of`: a key holding a scalar
is placed at its value, a key holding a mapping or list at the key, a list item at
the item; 1-based line and column.

>>> doc = read_plain_yaml("journey:\\n  title: Ouvrir\\n  n: 3\\nsteps:\\n  - id: s-1\\n")
>>> doc.data
{'journey': {'title': 'Ouvrir', 'n': 3}, 'steps': [{'id': 's-1'}]}
>>> doc.positions[("steps", 0)], doc.positions[("journey", "title")]
(Position(line=5, column=5, sheet=None), Position(line=2, column=10, sheet=None))
>>> read_plain_yaml("a: &x 1\\nb: *x\\n")
Traceback (most recent call last):
...
parcours.io.yaml_libyaml.Unsupported: alias
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

from parcours.io.validation import Document, FieldPath, Position
from parcours.limits import MAX_DEPTH

_TAG = "tag:yaml.org,2002:"
STR, MAP, SEQ = f"{_TAG}str", f"{_TAG}map", f"{_TAG}seq"
INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    f"!parcours/plain-{name}" for name in ("int", "float", "bool", "null", "timestamp")
)
"""Tags this reader gives plain scalars: not YAML's own, so that an explicit ``!!int`` or
``!!null`` (left to ruamel) is never taken for one."""
_OTHER = "!parcours/unsupported"
"""The tag given to plain scalars this reader leaves to ruamel (octal, ``1e3``, ``<<``...)."""

_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_NULL = re.compile(r"~|null|Null|NULL|")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?"
)
_YAML_12_OTHERS = re.compile(
    r"""[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+
    |[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |<<|=""",
    re.X,
)
"""Plain scalars YAML 1.2 (ruamel) reads as numbers, merge or value keys: any of them
not matched by the simple forms above is left to ruamel. (``_DATE`` and ``_TIMESTAMP``
are ruamel's own timestamp forms.)"""

_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""Characters ruamel's reader refuses (its message names them): left to ruamel."""


class Unsupported(Exception):
    """This text needs ruamel (see the module docstring); the argument says why."""


def available() -> bool:
    """Whether PyYAML's libyaml binding can be imported here.

    >>> isinstance(available(), bool)
    True
    """
    try:
        from yaml import CSafeLoader  # noqa: F401
    except ImportError:
        return False
    return True


def read_plain_yaml(text: str) -> Document:
    """The data and positions of ``text`` read with libyaml, or :class:`Unsupported`.

    The caller checks the limits of :mod:`parcours.limits` on the result; with no
    aliases, the data is exactly as large as the text says.
    """
    if _NOT_PRINTABLE.search(text) or text.lstrip().startswith("%") or "\n%" in text:
        raise Unsupported("character or directive")
    try:
        import yaml
    except ImportError:
        raise Unsupported("no libyaml") from None
    try:
        root = yaml.compose(text, Loader=_loader_class())
    except yaml.YAMLError as exc:
        raise Unsupported("syntax") from exc
    if not isinstance(root, yaml.MappingNode) or root.tag != MAP:
        raise Unsupported("not a mapping")
    positions: dict[FieldPath, Position] = {(): Position(line=1, column=1)}
    data = _Builder(positions, text).mapping(root, (), 1)
    return Document(data=data, positions=positions)


_LOADER: list[type[Any]] = []


def _loader_class() -> type[Any]:
    """A libyaml loader resolving plain scalars as ruamel's YAML 1.2 does (or ``_OTHER``)."""
    if not _LOADER:
        from yaml import CSafeLoader

        class PlainLoader(CSafeLoader):  # type: ignore[misc]
            def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
                if kind.__name__ == "ScalarNode" and implicit[0]:
                    return _plain_tag(value)
                if kind.__name__ == "ScalarNode":
                    return STR
                return MAP if kind.__name__ == "MappingNode" else SEQ

        _LOADER.append(PlainLoader)
    return _LOADER[0]


def _plain_tag(value: str) -> str:
    """The tag of a plain (unquoted) scalar.

    >>> [_plain_tag(v) == t for v, t in [("yes", STR), ("012", _OTHER), ("3", INT)]]
    [True, True, True]
    """
    if _NULL.fullmatch(value):
        return NULL
    if _BOOL.fullmatch(value):
        return BOOL
    if _INT.fullmatch(value):
        return INT
    if _FLOAT.fullmatch(value):
        return FLOAT
    if _DATE.fullmatch(value) or _TIMESTAMP.fullmatch(value):
        return TIMESTAMP
    if _YAML_12_OTHERS.fullmatch(value):
        return _OTHER
    return STR


class _Builder:
    """Plain data from libyaml nodes, the position of every key and item on the way."""

    def __init__(self, positions: dict[FieldPath, Position], text: str) -> None:
        self.positions = positions
        self.seen: set[int] = set()
        self.text = text
        self.lines: list[str] = []

    def place(self, node: Any) -> Position:
        """Where ruamel places a list item, or a mapping value that is not empty."""
        mark = node.start_mark
        return Position(line=mark.line + 1, column=mark.column + 1)

    def place_value(self, node: Any, flow: bool) -> Position:
        """Where ruamel places a mapping's scalar value. An empty one (``key:`` and
        nothing) is placed at the next token, blanks and comments skipped, or at the
        colon when a comment follows it on its line and more than comments follows."""
        if node.value != "" or node.style:
            return self.place(node)
        if flow:
            raise Unsupported("empty value in a flow mapping")
        if not self.lines:
            self.lines = self.text.replace("\r\n", "\n").split("\n")
        line, column = node.start_mark.line, node.start_mark.column
        comment_after_colon = self.lines[line][column:].lstrip(" \t\r").startswith("#")
        while line < len(self.lines):
            rest = self.lines[line][column:].lstrip(" \t\r")
            if rest and not rest.startswith("#"):
                if comment_after_colon:
                    return self.place(node)
                return Position(line=line + 1, column=len(self.lines[line]) - len(rest) + 1)
            line, column = line + 1, 0
        return Position(line=len(self.lines), column=len(self.lines[-1]) + 1)

    def node(self, node: Any, path: FieldPath, depth: int) -> Any:
        if id(node) in self.seen:
            raise Unsupported("alias")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise Unsupported("depth")
        kind = type(node).__name__
        if kind == "MappingNode" and node.tag == MAP:
            return self.mapping(node, path, depth)
        if kind == "SequenceNode" and node.tag == SEQ:
            return self.sequence(node, path, depth)
        if kind == "ScalarNode":
            return scalar(node.tag, node.value)
        raise Unsupported(f"tag {node.tag}")

    def mapping(self, node: Any, path: FieldPath, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node).__name__ != "ScalarNode":
                raise Unsupported("complex key")
            if id(key_node) in self.seen:
                raise Unsupported("alias")
            self.seen.add(id(key_node))
            key = scalar(key_node.tag, key_node.value)
            key = key if isinstance(key, str | int) else str(key)
            if key in out:
                raise Unsupported("duplicate key")
            child = (*path, key)
            scalar_value = type(value_node).__name__ == "ScalarNode"
            self.positions[child] = (
                self.place_value(value_node, bool(node.flow_style))
                if scalar_value
                else self.place(key_node)
            )
            out[key] = self.node(value_node, child, depth + 1)
        return out

    def sequence(self, node: Any, path: FieldPath, depth: int) -> list[Any]:
        items: list[Any] = []
        for index, item in enumerate(node.value):
            child = (*path, index)
            self.positions[child] = self.place(item)
            items.append(self.node(item, child, depth + 1))
        return items


def scalar(tag: str, value: str) -> Any:
    """The Python value of a scalar of ``tag`` (the simple forms only).

    >>> scalar(INT, "-3"), scalar(FLOAT, "3."), scalar(BOOL, "False"), scalar(NULL, "~")
    (-3, 3.0, False, None)
    >>> scalar(TIMESTAMP, "2025-01-02T10:00:00+02:00").isoformat()
    '2025-01-02T10:00:00+02:00'
    """
    if tag == STR:
        return value
    if tag == NULL:
        return None
    if tag == BOOL:
        return value.lower() == "true"
    if tag == INT:
        return int(value)
    if tag == FLOAT:
        return float(value)
    if tag == TIMESTAMP:
        return _timestamp(value)
    raise Unsupported(f"tag {tag}")


def _timestamp(value: str) -> date | datetime:
    day = _DATE.fullmatch(value)
    if day:
        return _checked(date, int(day[1]), int(day[2]), int(day[3]))
    match = _TIMESTAMP.fullmatch(value)
    if match is None:  # pragma: no cover - only _plain_tag gives this tag
        raise Unsupported("timestamp")
    year, month, mday, hour, minute, second = (int(match[k]) for k in range(1, 7))
    if len(match[7] or "") > 6:
        raise Unsupported("timestamp")
    micro = int((match[7] or "").ljust(6, "0"))
    zone: timezone | None = None
    if match[8]:
        hours, minutes = int(match[10] or 0), int(match[11] or 0)
        offset = timedelta(hours=hours, minutes=minutes) * (-1 if match[9] == "-" else 1)
        zone = timezone(offset, match[8])
    return _checked(datetime, year, month, mday, hour, minute, second, micro, tzinfo=zone)


def _checked(kind: type[date], *args: Any, **kwargs: Any) -> date | datetime:
    """``kind(*args)``, or :class:`Unsupported` when the date does not exist (ruamel says why)."""
    try:
        return kind(*args, **kwargs)
    except (ValueError, OverflowError):
        raise Unsupported("date") from None
