"""YAML journey maps: parsing with line numbers, and writing what the author wrote.

>>> text = dump_yaml(parse_yaml("journey:\\n  title: Ouvrir un compte\\n", "m.yaml").data)
>>> print(text, end="")
journey:
  title: Ouvrir un compte
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from parcours.io.errors import MapFileError, Problem
from parcours.io.validation import Document, FieldPath, Position, format_path, show
from parcours.io.yaml_libyaml import Unsupported, read_plain_yaml
from parcours.io.yaml_pieces import dump_yaml_pieces
from parcours.limits import (
    MAP_FILE_MAX_BYTES,
    MAP_MAX_NODES,
    MAP_MAX_TEXT_CHARS,
    MAX_DEPTH,
    LimitExceeded,
    bounded_yaml,
    measure,
)

WIDTH = 100
"""Long plain text is folded at this width (it reads back identical)."""


def parse_yaml(text: str, source: str) -> Document:
    """Parse YAML ``text`` into plain data and the position of every key and item.

    Raises :class:`MapFileError` for syntax errors, duplicate keys, an empty file, a
    document that is not a mapping, a tagged value (``!!python/...``) or one past the
    limits of :mod:`parcours.limits` (size, aliases expanded, nesting).

    The text is read with libyaml (:mod:`parcours.io.yaml_libyaml`, ten times faster)
    when it holds only what that reader covers, with ruamel otherwise: both give the
    same data and positions, and every error message comes from ruamel.
    """
    check_text_size(text, source)
    try:
        doc = read_plain_yaml(text)
    except Unsupported:
        return parse_yaml_ruamel(text, source)
    check_limits(doc.data, source)
    return doc


def parse_yaml_ruamel(text: str, source: str) -> Document:
    """:func:`parse_yaml` with ruamel's pure-Python reader only (the reference reader).

    >>> parse_yaml_ruamel("a: [1, yes]\\n", "m.yaml").data
    {'a': [1, 'yes']}
    """
    check_text_size(text, source)
    try:
        loaded = bounded_yaml("rt").load(text)
    except (RecursionError, LimitExceeded):
        raise MapFileError(source, [Problem.of("too_deep", limit=str(MAX_DEPTH))]) from None
    except DuplicateKeyError as exc:
        raise MapFileError(source, [_duplicate_key(exc)]) from None
    except MarkedYAMLError as exc:
        raise MapFileError(source, [_syntax(exc)]) from None
    except YAMLError as exc:
        raise MapFileError(source, [Problem.of("syntax", syntax="YAML", reason=str(exc))]) from None
    return document_of(loaded, source)


def check_text_size(text: str, source: str) -> None:
    """Refuse a map text longer than :data:`~parcours.limits.MAP_FILE_MAX_BYTES` characters."""
    if len(text) > MAP_FILE_MAX_BYTES:
        raise MapFileError(
            source,
            [Problem.of("too_large", limit=str(MAP_FILE_MAX_BYTES), got=f"{len(text)} characters")],
        )


def check_limits(loaded: Any, source: str) -> None:
    """Refuse a parsed document whose expansion (YAML aliases) goes past the limits.

    >>> check_limits({"a": [[1] * 1000] * 1000}, "m.yaml")
    Traceback (most recent call last):
    ...
    parcours.io.errors.MapFileError: m.yaml: 1 problem(s)
      expected at most 500000 values once YAML aliases (*name) are expanded
    """
    try:
        measure(
            loaded,
            max_nodes=MAP_MAX_NODES,
            max_depth=MAX_DEPTH,
            max_text_chars=MAP_MAX_TEXT_CHARS,
        )
    except LimitExceeded as exc:
        key = {
            "nodes": "too_many_values",
            "depth": "too_deep",
            "text": "too_much_text",
            "cycle": "recursive_alias",
        }[exc.kind]
        raise MapFileError(source, [Problem.of(key, limit=str(exc.limit))]) from None


def document_of(loaded: Any, source: str) -> Document:
    """A :class:`Document` from a ruamel round-trip tree (checks it is a mapping).

    The tree is measured first (:func:`check_limits`), so an alias bomb is refused
    before it is expanded.
    """
    check_limits(loaded, source)
    if loaded is None:
        raise MapFileError(source, [Problem.of("empty", line=1, column=1)])
    if not isinstance(loaded, dict):
        kind = show(_plain(loaded, (), {}))
        raise MapFileError(source, [Problem.of("not_mapping", got=kind, line=1, column=1)])
    positions: dict[FieldPath, Position] = {(): Position(line=1, column=1)}
    try:
        data = _plain(loaded, (), positions)
    except _TaggedValue as exc:
        raise MapFileError(source, [exc.problem]) from None
    return Document(data=data, positions=positions)


def _plain(node: Any, path: FieldPath, positions: dict[FieldPath, Position]) -> Any:
    """Plain Python data of a ruamel node, recording positions on the way."""
    lc = getattr(node, "lc", None)
    _refuse_tag(node, path, positions)
    if isinstance(node, dict):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            child = (*path, _plain_key(key))
            if lc is not None:
                scalar = not isinstance(value, dict | list)
                line, column = lc.value(key) if scalar else lc.key(key)
                positions[child] = Position(line=line + 1, column=column + 1)
            out[_plain_key(key)] = _plain(value, child, positions)
        return out
    if isinstance(node, list):
        items: list[Any] = []
        for index, value in enumerate(node):
            child = (*path, index)
            where = lc.item(index) if lc is not None else None
            if where is not None:
                line, column = where
                positions[child] = Position(line=line + 1, column=column + 1)
            items.append(_plain(value, child, positions))
        return items
    return _plain_scalar(node)


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


def _refuse_tag(node: Any, path: FieldPath, positions: dict[FieldPath, Position]) -> None:
    """A value with a tag other than YAML's plain ones (``!!python/...``, ``!x``) is refused."""
    if isinstance(node, TaggedScalar | CommentedMap | CommentedSeq):
        tag = node.tag.value
        if tag is not None and tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            where = positions.get(path, Position())
            problem = Problem.of(
                "plain_value",
                field=format_path(path),
                tag=shown,
                line=where.line,
                column=where.column,
            )
            raise _TaggedValue(problem)


class _TaggedValue(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.describe())
        self.problem = problem


def _plain_key(key: Any) -> Any:
    scalar = _plain_scalar(key)
    return scalar if isinstance(scalar, str | int) else str(scalar)


def _plain_scalar(node: Any) -> Any:
    if isinstance(node, TaggedScalar):  # only !!str and the like get here (see _refuse_tag)
        return _plain_scalar(node.value)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, datetime):
        return datetime(
            node.year,
            node.month,
            node.day,
            node.hour,
            node.minute,
            node.second,
            node.microsecond,
            tzinfo=node.tzinfo,
        )
    if isinstance(node, date):
        return date(node.year, node.month, node.day)
    return node


def _syntax(exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    reason = " ".join(part for part in (exc.context, exc.problem) if part)
    return Problem.of(
        "syntax",
        syntax="YAML",
        reason=reason or "syntax error",
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


def _duplicate_key(exc: DuplicateKeyError) -> Problem:
    mark = exc.problem_mark
    problem = str(exc.problem or "")
    key = problem.split('"')[1] if problem.count('"') >= 2 else problem
    return Problem.of(
        "duplicate_key",
        name=key,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


# ------------------------------------------------------------------- writing
def dump_yaml(data: Any) -> str:
    """YAML text of plain data: block style, unicode kept, multi-line text as ``|``.

    Written piece by piece (:mod:`parcours.io.yaml_pieces`): the pieces written before are
    reused, so saving a big map again after a small change writes only what changed.
    """
    return dump_yaml_pieces(data, dump_whole)


def dump_whole(data: Any) -> str:
    """:func:`dump_yaml` in one ruamel dump (the reference writer)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(_styled(data), stream)
    return stream.getvalue()


def _styled(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _styled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_styled(v) for v in value]
    if isinstance(value, str) and _literal_friendly(value):
        return LiteralScalarString(value)
    if isinstance(value, str) and _UNICODE_BREAKS.intersection(value):
        return DoubleQuotedScalarString(value)  # escaped as \N, \L, \P: read back exactly
    return value


_UNICODE_BREAKS = frozenset("\x85\u2028\u2029")


def _literal_friendly(text: str) -> bool:
    """Multi-line text that a ``|`` block scalar reproduces exactly."""
    if "\n" not in text or not text.strip():
        return False
    lines = text.split("\n")
    return (
        all(line == line.rstrip() and line.isprintable() for line in lines)
        and not text.startswith((" ", "\n"))
        and not text.endswith("\n")
    )
