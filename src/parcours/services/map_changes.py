"""What changed between two versions of a journey map, element by element, and a renamed copy.

A diff reads like a review: for every list of the map that holds elements with ids (steps,
phases, personas, lanes, listening points, opportunities...), which elements were added,
removed or changed, and for a changed one each field with its old and new value; the
journey's own fields (title, goal...) are compared the same way.

>>> from parcours.model import JourneyMap
>>> old = JourneyMap.model_validate({"journey": {"title": "Open an account"},
...     "steps": [{"id": "s1", "name": "Visit"}, {"id": "s2", "name": "Sign"}]})
>>> new = JourneyMap.model_validate({"journey": {"title": "Open an account"},
...     "steps": [{"id": "s1", "name": "Visit the site"}, {"id": "s3", "name": "Pay"}]})
>>> for change in diff_maps(old, new).changes:
...     print(change.section, change.kind, change.element_id, change.fields)
steps changed s1 (FieldChange(field='name', old='Visit', new='Visit the site'),)
steps removed s2 ()
steps added s3 ()
>>> retitle(old, "  Ouvrir un compte ").journey.title
'Ouvrir un compte'
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from parcours.errors import ParcoursError
from parcours.i18n import Catalog
from parcours.io.plain import to_plain
from parcours.model import JourneyMap

MESSAGES = Catalog(
    {
        "empty_title": {
            "en": "A map needs a title: the title field is empty.",
            "fr": "Une carte doit avoir un titre : le champ titre est vide.",
        },
        "title_too_long": {
            "en": "The title is too long: at most {limit} characters, got {length}.",
            "fr": "Le titre est trop long : {limit} caractères au plus, reçu {length}.",
        },
    }
)

TITLE_MAX_CHARS = 200
VALUE_MAX_CHARS = 400
"""A changed value longer than this is shown cut (with an ellipsis)."""


class TitleError(ParcoursError, ValueError):
    """A map title that is empty or too long."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(self.key, lang, **self.params)


class ChangeKind(StrEnum):
    """How an element differs between two versions."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"


@dataclass(frozen=True)
class FieldChange:
    """One field of an element: its old and new value, as short text."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ElementChange:
    """One element (or the journey itself) that was added, removed, changed or moved."""

    section: str
    kind: ChangeKind
    element_id: str
    label: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class MapDiff:
    """Every change from one version of a map to another, sections in document order."""

    changes: tuple[ElementChange, ...]

    @property
    def is_empty(self) -> bool:
        """Whether the two versions hold the same map."""
        return not self.changes


def retitle(m: JourneyMap, title: str) -> JourneyMap:
    """A copy of ``m`` with a new journey title (stripped; :class:`TitleError` if empty or
    longer than :data:`TITLE_MAX_CHARS`)."""
    title = title.strip()
    if not title:
        raise TitleError("empty_title")
    if len(title) > TITLE_MAX_CHARS:
        raise TitleError("title_too_long", limit=TITLE_MAX_CHARS, length=len(title))
    journey = m.journey.model_copy(update={"title": title})
    return JourneyMap.model_validate({**m.model_dump(), "journey": journey.model_dump()})


def diff_maps(old: JourneyMap, new: JourneyMap) -> MapDiff:
    """The per-element changes from ``old`` to ``new`` (see the module's example)."""
    before, after = to_plain(old, dates_as_text=True), to_plain(new, dates_as_text=True)
    changes: list[ElementChange] = []
    for section in dict.fromkeys([*before, *after]):
        if section == "format_version":
            continue
        a, b = before.get(section), after.get(section)
        if a == b:
            continue
        if _is_element_list(a) and _is_element_list(b):
            changes.extend(_list_changes(section, a or [], b or []))
        elif isinstance(a, Mapping) or isinstance(b, Mapping):
            fields = _field_changes(a or {}, b or {})
            if fields:
                changes.append(ElementChange(section, ChangeKind.CHANGED, section, section, fields))
        else:
            field = FieldChange(section, short(a), short(b))
            changes.append(ElementChange(section, ChangeKind.CHANGED, section, section, (field,)))
    return MapDiff(tuple(changes))


def unified_text_diff(old_text: str, new_text: str, *, old_name: str, new_name: str) -> str:
    """The unified diff of two document texts (the fallback view of a diff).

    >>> print(unified_text_diff("a: 1\\n", "a: 2\\n", old_name="r1", new_name="r2"), end="")
    --- r1
    +++ r2
    @@ -1 +1 @@
    -a: 1
    +a: 2
    """
    lines = difflib.unified_diff(
        old_text.splitlines(keepends=True),
        new_text.splitlines(keepends=True),
        fromfile=old_name,
        tofile=new_name,
    )
    return "".join(lines)


def short(value: Any) -> str:
    """A value as one short line of text ("" for nothing).

    >>> short(["web", "app"]), short(None), short({"min": 1})
    ('web, app', '', '{"min": 1}')
    """
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return text if len(text) <= VALUE_MAX_CHARS else text[: VALUE_MAX_CHARS - 1] + "…"


def _is_element_list(value: Any) -> bool:
    if value is None:
        return True
    return isinstance(value, list) and all(
        isinstance(item, Mapping) and isinstance(item.get("id"), str) for item in value
    )


def _label(item: Mapping[str, Any]) -> str:
    for key in ("name", "title", "label", "step"):
        if isinstance(item.get(key), str) and item[key]:
            return str(item[key])
    return str(item.get("id", ""))


def _list_changes(
    section: str, before: list[Mapping[str, Any]], after: list[Mapping[str, Any]]
) -> list[ElementChange]:
    old = {item["id"]: item for item in before}
    new = {item["id"]: item for item in after}
    stable = _in_place([i for i in old if i in new], [i for i in new if i in old])
    changes: list[ElementChange] = []
    fields: tuple[FieldChange, ...]
    for element_id in dict.fromkeys([*old, *new]):
        if element_id not in new:
            kind, label, fields = ChangeKind.REMOVED, _label(old[element_id]), ()
        elif element_id not in old:
            kind, label, fields = ChangeKind.ADDED, _label(new[element_id]), ()
        else:
            label = _label(new[element_id])
            fields = _field_changes(old[element_id], new[element_id])
            moved = element_id not in stable
            if not fields and not moved:
                continue
            kind = ChangeKind.CHANGED if fields else ChangeKind.MOVED
        changes.append(ElementChange(section, kind, element_id, label, fields))
    return changes


def _in_place(before: list[str], after: list[str]) -> set[str]:
    """The ids kept in the same relative order (the longest common run), so that moving
    one element marks only that one as moved."""
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    return {
        before[block.a + k] for block in matcher.get_matching_blocks() for k in range(block.size)
    }


def _field_changes(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(key, short(a.get(key)), short(b.get(key)))
        for key in dict.fromkeys([*a, *b])
        if a.get(key) != b.get(key)
    )
