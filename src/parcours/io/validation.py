"""Turn a parsed document (plain data + where each value was written) into a JourneyMap.

Pydantic reports problems by location (``('steps', 3, 'emotions', 0, 'score')``); this
module maps each one back to the line (or cell) where the value was written and words
it for people, in French and English.

>>> doc = Document(data={"journey": {"title": "Demo"}, "steps": [{"id": "s-1"}]},
...                positions={("steps", 0): Position(line=2, column=3)})
>>> try:
...     to_map(doc, "demo.yaml")
... except MapFileError as err:
...     print(err.problems[0].describe("en"))
line 2, column 3: steps[0].name: expected this required field
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from parcours.io.errors import MapFileError, Problem
from parcours.model import JourneyMap

FieldPath = tuple[str | int, ...]
"""A location inside the document: keys and list indexes from the root."""


@dataclass(frozen=True)
class Position:
    """Where a value was written: 1-based line/column, or row/column of a sheet."""

    line: int | None = None
    column: int | None = None
    sheet: str | None = None


@dataclass
class Document:
    """Plain data read from a file, with the position of every key and item."""

    data: dict[str, Any]
    positions: dict[FieldPath, Position] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> Position:
        """The position of ``path``, or of its nearest written ancestor."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                return found
        return Position()


def format_path(path: FieldPath) -> str:
    """Readable field path.

    >>> format_path(("steps", 3, "emotions", 0, "score"))
    'steps[3].emotions[0].score'
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def parse_path(text: str) -> FieldPath:
    """Inverse of :func:`format_path` (a ``custom.`` key keeps its dots).

    >>> parse_path("steps[0].custom.lane.x")
    ('steps', 0, 'custom', 'lane.x')
    """
    parts: list[str | int] = []
    rest = text
    while rest:
        if parts and parts[-1] == "custom":
            parts.append(rest)
            break
        match = re.match(r"([^.\[\]]+)((?:\[\d+\])*)\.?", rest)
        if match is None:
            break
        parts.append(match.group(1))
        parts.extend(int(i) for i in re.findall(r"\[(\d+)\]", match.group(2)))
        rest = rest[match.end() :]
    return tuple(parts)


def to_map(doc: Document, source: str) -> JourneyMap:
    """Validate ``doc`` into a :class:`JourneyMap` or raise :class:`MapFileError`."""
    try:
        return JourneyMap.model_validate(doc.data)
    except ValidationError as exc:
        problems = [p for error in exc.errors() for p in _problems(error, doc)]
        raise MapFileError(source, problems) from None


def _located(key: str, doc: Document, path: FieldPath, got: str, **params: str) -> Problem:
    where = doc.locate(path)
    return Problem.of(
        key,
        field=format_path(path),
        got=got,
        line=where.line,
        column=where.column,
        sheet=where.sheet,
        **params,
    )


def _problems(error: ErrorDetails, doc: Document) -> list[Problem]:
    path: FieldPath = tuple(error["loc"])
    kind = error["type"]
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    got = show(error.get("input"))
    if kind == "value_error" and not path:
        return _reference_problems(str(ctx.get("error", error["msg"])), doc)
    if kind == "missing":
        return [_located("missing", doc, path, "")]
    if kind == "extra_forbidden":
        allowed = ", ".join(_fields_at(path[:-1])) or "-"
        return [_located("extra", doc, path, repr(str(path[-1])), allowed=allowed)]
    if kind == "enum":
        choices = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return [_located("enum", doc, path, got, choices=choices)]
    if kind == "string_pattern_mismatch":
        return [_located("id_pattern", doc, path, got)]
    if kind == "string_too_short":
        return [_located("non_empty", doc, path, got)]
    if kind == "string_too_long":
        return [_located("too_long", doc, path, got, max=str(ctx.get("max_length")))]
    if kind in ("greater_than_equal", "greater_than"):
        return [_located("at_least", doc, path, got, limit=str(ctx.get(_limit_key(kind))))]
    if kind in ("less_than_equal", "less_than"):
        return [_located("at_most", doc, path, got, limit=str(ctx.get(_limit_key(kind))))]
    type_key = _TYPE_ERRORS.get(kind) or _TYPE_ERRORS.get(kind.split("_")[0])
    if type_key:
        return [_located("wrong_type", doc, path, got, expected_type=type_key)]
    return [_located("other", doc, path, got, text=error["msg"])]


def _limit_key(kind: str) -> str:
    return {"greater_than_equal": "ge", "greater_than": "gt"}.get(kind) or (
        "le" if kind == "less_than_equal" else "lt"
    )


_TYPE_ERRORS = {
    "string": "type_text",
    "int": "type_int",
    "float": "type_number",
    "bool": "type_bool",
    "list": "type_list",
    "dict": "type_mapping",
    "model": "type_mapping",
    "model_type": "type_mapping",
    "model_attributes_type": "type_mapping",
    "date": "type_date",
    "datetime": "type_datetime",
    "timezone": "type_datetime",
}


def show(value: Any, limit: int = 60) -> str:
    """Short display of a value found in a file.

    >>> show("zz"), show(None), show(5)
    ("'zz'", 'null', '5')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -------------------------------------------------------------- model structure
def _fields_at(path: FieldPath) -> list[str]:
    """Field names of the model found at ``path`` (empty if not a model)."""
    cls: type[BaseModel] | None = JourneyMap
    for part in path:
        if cls is None:
            return []
        if isinstance(part, int):
            continue
        info = cls.model_fields.get(part)
        cls = _model_in(info.annotation) if info is not None else None
    return list(cls.model_fields) if cls is not None else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is dict:
        return None
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


# ---------------------------------------------------- cross-reference checks
_REFERENCE = re.compile(
    r"^(?P<path>\S+): unknown (?P<kind>phase|persona|custom lane|step|irritant)"
    r"(?: '(?P<got>[^']*)')?(?: \(expected one of: (?P<choices>.*)\))?$"
)


def _reference_problems(message: str, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    text = message.removeprefix("Value error, ")
    if text.startswith("duplicate id(s):"):
        return list(_duplicate_problems(doc))
    for part in text.split("; "):
        match = _REFERENCE.match(part)
        if match is None:
            problems.append(_located("other", doc, (), "", text=part))
            continue
        path = parse_path(match["path"])
        kind = match["kind"]
        got = match["got"] if match["got"] is not None else str(path[-1])
        choices = match["choices"] or _known_ids(doc.data, kind)
        if choices == "none defined":
            choices = "none_defined"
        problems.append(
            _located("unknown_ref", doc, path, repr(got), kind=f"kind_{kind}", choices=choices)
        )
    return problems


def _known_ids(data: Mapping[str, Any], kind: str) -> str:
    if kind == "step":
        ids = [s.get("id") for s in data.get("steps", [])]
    else:
        ids = [i.get("id") for s in data.get("steps", []) for i in s.get("irritants", [])]
    known = sorted(str(i) for i in ids if i)
    return ", ".join(known) if known else "none_defined"


def _duplicate_problems(doc: Document) -> Iterator[Problem]:
    first: dict[str, FieldPath] = {}
    for path, value in _id_values(doc.data, ()):
        if value in first:
            yield _located("duplicate_id", doc, path, "", id=value, first=format_path(first[value]))
        else:
            first[value] = path


def _id_values(node: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Every ``id`` written in the map, in document order (extensions excluded)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "extensions" and not path:
                continue
            if key == "id" and path and isinstance(value, str):
                yield (*path, "id"), value
            else:
                yield from _id_values(value, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _id_values(item, (*path, index))
