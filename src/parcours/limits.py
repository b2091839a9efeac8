"""Size limits parcours enforces on the files people give it (see docs/safety.md).

A journey map or a column mapping is small, hand-written text. These limits refuse
what no person writes (a 100 MB map, a YAML "billion laughs" alias bomb, a recursive
alias, 10,000 nested brackets) before it costs minutes and gigabytes. The readers turn
a :class:`LimitExceeded` into their own located, bilingual error.

>>> a = ["lol"] * 9
>>> bomb = [a] * 9  # what YAML aliases build: one list referenced nine times
>>> measure(bomb, max_nodes=1_000, max_depth=10, max_text_chars=1_000)
Tree(nodes=91, depth=2, text_chars=243)
>>> measure([bomb] * 9, max_nodes=500, max_depth=10, max_text_chars=10_000)
Traceback (most recent call last):
...
parcours.limits.LimitExceeded: nodes > 500
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

MAP_FILE_MAX_BYTES = 5 * 1024 * 1024
"""A journey map in YAML or JSON: at most 5 MiB (the largest template is 70 KB)."""

MAP_MAX_NODES = 500_000
"""Values (mapping keys, list items, scalars) a map may hold once aliases are expanded."""

MAP_MAX_TEXT_CHARS = 20_000_000
"""Characters of text a map may hold once aliases are expanded."""

MAPPING_FILE_MAX_BYTES = 256 * 1024
"""A column-mapping file (``--mapping``): at most 256 KiB (a real one is a dozen lines)."""

MAPPING_MAX_NODES = 10_000
"""Values a column-mapping file may hold once aliases are expanded."""

MAPPING_MAX_TEXT_CHARS = 1_000_000
"""Characters of text a column-mapping file may hold once aliases are expanded."""

MAX_DEPTH = 64
"""Levels of nesting (mappings and lists inside each other) in a map or a mapping."""


class LimitExceeded(Exception):
    """A document goes past one limit: ``kind`` is ``nodes``, ``depth``, ``text`` or ``cycle``."""

    def __init__(self, kind: str, limit: int) -> None:
        self.kind = kind
        self.limit = limit
        super().__init__(f"{kind} > {limit}" if kind != "cycle" else "recursive alias")


@dataclass(frozen=True)
class Tree:
    """The size of a document as a reader would expand it."""

    nodes: int
    depth: int
    text_chars: int


def measure(data: Any, *, max_nodes: int, max_depth: int, max_text_chars: int) -> Tree:
    """The expanded size of parsed data, refusing past the limits without expanding it.

    Containers referenced several times (YAML aliases) are measured once and counted
    each time they are referenced, so the cost is linear in the text, whatever the
    expansion; a container inside itself (a recursive alias) raises ``cycle``.
    """
    if not _is_container(data):
        return Tree(nodes=1, depth=0, text_chars=_chars(data))
    sizes: dict[int, Tree] = {}
    open_ids: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_ids.discard(key)
            sizes[key] = _combine(node, sizes, max_nodes, max_depth, max_text_chars)
            continue
        if key in sizes:
            continue
        if key in open_ids:
            raise LimitExceeded("cycle", 0)
        open_ids.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if _is_container(child))
    return sizes[id(data)]


def _is_container(node: Any) -> bool:
    return isinstance(node, dict | list | tuple | set)


def _children(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [*node.keys(), *node.values()]
    return list(node)


def _chars(node: Any) -> int:
    return len(node) if isinstance(node, str | bytes) else 0


def _combine(
    node: Any, sizes: dict[int, Tree], max_nodes: int, max_depth: int, max_text_chars: int
) -> Tree:
    nodes, depth, chars = 1, 0, 0
    for child in _children(node):
        if _is_container(child):
            size = sizes[id(child)]
            nodes, chars = nodes + size.nodes, chars + size.text_chars
            depth = max(depth, size.depth)
        else:
            nodes, chars = nodes + 1, chars + _chars(child)
    tree = Tree(nodes=nodes, depth=depth + 1, text_chars=chars)
    if tree.nodes > max_nodes:
        raise LimitExceeded("nodes", max_nodes)
    if tree.depth > max_depth:
        raise LimitExceeded("depth", max_depth)
    if tree.text_chars > max_text_chars:
        raise LimitExceeded("text", max_text_chars)
    return tree


def bounded_yaml(typ: str = "safe") -> Any:
    """A pure-Python ruamel ``YAML(typ=...)`` whose scanner refuses deep nesting early.

    ruamel's scanner costs time quadratic in the nesting of ``[`` and ``{``: a 10 KB file
    of brackets takes seconds, a 5 MB one hours. This one raises :class:`LimitExceeded`
    (``depth``) at the ``MAX_DEPTH + 1``-th open bracket or indentation level.

    >>> bounded_yaml().load("a: [[1]]")
    {'a': [[1]]}
    >>> bounded_yaml().load("a: " + "[" * 100 + "]" * 100)
    Traceback (most recent call last):
    ...
    parcours.limits.LimitExceeded: depth > 64
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.scanner import Scanner

    yaml = YAML(typ=typ, pure=True)
    yaml.Scanner = _bounded_scanner(yaml.Scanner or Scanner)
    return yaml


@cache
def _bounded_scanner(base: type[Any]) -> type[Any]:
    class BoundedScanner(base):  # type: ignore[misc]
        def fetch_flow_collection_start(self, token_class: Any, to_push: str) -> None:
            if len(self.flow_context) >= MAX_DEPTH:
                raise LimitExceeded("depth", MAX_DEPTH)
            super().fetch_flow_collection_start(token_class, to_push)

        def add_indent(self, column: int) -> bool:
            if len(self.indents) >= MAX_DEPTH:
                raise LimitExceeded("depth", MAX_DEPTH)
            return bool(super().add_indent(column))

    return BoundedScanner
