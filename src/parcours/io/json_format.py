"""JSON journey maps: strict JSON values, positions for errors, 2-space output.

>>> doc = parse_json('{"journey": {"title": "Démo"}}', "m.json")
>>> print(dump_json(doc.data))
{
  "journey": {
    "title": "Démo"
  }
}
"""

from __future__ import annotations

import json
from typing import Any

from ruamel.yaml.error import YAMLError

from parcours.io.errors import MapFileError, Problem
from parcours.io.plain import iso
from parcours.io.validation import Document, FieldPath, Position
from parcours.io.yaml_format import check_text_size, document_of
from parcours.limits import MAX_DEPTH, LimitExceeded, bounded_yaml


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def parse_json(text: str, source: str) -> Document:
    """Parse JSON ``text``; positions come from a YAML reading of the same text.

    The limits of :mod:`parcours.limits` apply as for YAML (size, nesting).
    """
    check_text_size(text, source)
    try:
        loaded = json.loads(text, object_pairs_hook=_no_duplicates)
    except RecursionError:
        raise MapFileError(source, [Problem.of("too_deep", limit=str(MAX_DEPTH))]) from None
    except json.JSONDecodeError as exc:
        if not text.strip():
            raise MapFileError(source, [Problem.of("empty", line=1, column=1)]) from None
        problem = Problem.of("json_value", reason=exc.msg, line=exc.lineno, column=exc.colno)
        raise MapFileError(source, [problem]) from None
    except _DuplicateKey as exc:
        where = _key_position(text, exc.key)
        problem = Problem.of("duplicate_key", name=exc.key, line=where.line, column=where.column)
        raise MapFileError(source, [problem]) from None
    doc = document_of(loaded, source)
    doc.positions.update(_positions(text, source))
    return doc


def _positions(text: str, source: str) -> dict[FieldPath, Position]:
    """Line numbers of JSON values (JSON is YAML 1.2); empty when that reading fails."""
    try:
        tree = bounded_yaml("rt").load(text)
        return document_of(tree, source).positions
    except (YAMLError, MapFileError, RecursionError, LimitExceeded):
        return {}


def _key_position(text: str, key: str) -> Position:
    needle = json.dumps(key, ensure_ascii=False) + ""
    first = text.find(needle)
    second = text.find(needle, first + 1) if first >= 0 else -1
    if second < 0:
        return Position()
    line = text.count("\n", 0, second) + 1
    return Position(line=line, column=second - (text.rfind("\n", 0, second) + 1) + 1)


def dump_json(data: Any) -> str:
    """JSON text: 2-space indent, unicode kept, dates in ISO 8601."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    from datetime import date

    if isinstance(value, date):
        return iso(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
