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
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from parcours.io.errors import MapFileError, Problem
from parcours.io.validation import Document, FieldPath, Position, show

WIDTH = 100
"""Long plain text is folded at this width (it reads back identical)."""


def parse_yaml(text: str, source: str) -> Document:
    """Parse YAML ``text`` into plain data and the position of every key and item.

    Raises :class:`MapFileError` for syntax errors, duplicate keys, an empty file or a
    document that is not a mapping.
    """
    try:
        loaded = YAML(typ="rt", pure=True).load(text)
    except DuplicateKeyError as exc:
        raise MapFileError(source, [_duplicate_key(exc)]) from None
    except MarkedYAMLError as exc:
        raise MapFileError(source, [_syntax(exc)]) from None
    except YAMLError as exc:
        raise MapFileError(source, [Problem.of("syntax", syntax="YAML", reason=str(exc))]) from None
    return document_of(loaded, source)


def document_of(loaded: Any, source: str) -> Document:
    """A :class:`Document` from a ruamel round-trip tree (checks it is a mapping)."""
    if loaded is None:
        raise MapFileError(source, [Problem.of("empty", line=1, column=1)])
    if not isinstance(loaded, dict):
        kind = show(_plain(loaded, (), {}))
        raise MapFileError(source, [Problem.of("not_mapping", got=kind, line=1, column=1)])
    positions: dict[FieldPath, Position] = {(): Position(line=1, column=1)}
    data = _plain(loaded, (), positions)
    return Document(data=data, positions=positions)


def _plain(node: Any, path: FieldPath, positions: dict[FieldPath, Position]) -> Any:
    """Plain Python data of a ruamel node, recording positions on the way."""
    lc = getattr(node, "lc", None)
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
            if lc is not None:
                line, column = lc.item(index)
                positions[child] = Position(line=line + 1, column=column + 1)
            items.append(_plain(value, child, positions))
        return items
    return _plain_scalar(node)


def _plain_key(key: Any) -> Any:
    scalar = _plain_scalar(key)
    return scalar if isinstance(scalar, str | int) else str(scalar)


def _plain_scalar(node: Any) -> Any:
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
    """YAML text of plain data: block style, unicode kept, multi-line text as ``|``."""
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
