"""Models to plain data (dicts, lists, scalars) holding what the author wrote.

A field is kept when the author set it (even to its default value) or when its value
differs from the default (set later by code, e.g. a new measurement). Untouched
defaults are left out, so a saved file stays as short as the one that was written.
Keys follow the order of the model fields.

>>> from parcours.model import Irritant
>>> to_plain(Irritant(text="Trop de champs"))
{'text': 'Trop de champs'}
>>> to_plain(Irritant(text="Trop de champs", severity=2))
{'text': 'Trop de champs', 'severity': 2}
"""

from __future__ import annotations

import math
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


def to_plain(value: Any, *, dates_as_text: bool = False, free: bool = False) -> Any:
    """Plain data of a model (or of any value found in one).

    Enums become their words, whole floats become ints (``60`` not ``60.0``), dates stay
    ``date``/``datetime`` unless ``dates_as_text`` (ISO 8601, ``Z`` for UTC). In ``free``
    data (``extensions``) numbers are kept exactly as they are.
    """
    if isinstance(value, BaseModel):
        return _model_to_plain(value, dates_as_text)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float) and not free:
        if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if isinstance(value, datetime | date):
        return iso(value) if dates_as_text else value
    if isinstance(value, dict):
        return {
            str(k): to_plain(v, dates_as_text=dates_as_text, free=free) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [to_plain(v, dates_as_text=dates_as_text, free=free) for v in value]
    return value


def iso(value: date | datetime) -> str:
    """ISO 8601 text of a date or datetime, ``Z`` for UTC.

    >>> from datetime import timezone
    >>> iso(datetime(2024, 5, 2, 9, 30, tzinfo=timezone.utc))
    '2024-05-02T09:30:00Z'
    """
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _model_to_plain(model: BaseModel, dates_as_text: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    fields_set = model.model_fields_set
    for name, info, required, free in _fields_of(type(model)):
        current = getattr(model, name)
        if name not in fields_set and (
            not required and current == info.get_default(call_default_factory=True)
        ):
            continue
        out[name] = to_plain(current, dates_as_text=dates_as_text, free=free)
    return out


@cache
def _fields_of(model_class: type[BaseModel]) -> tuple[tuple[str, FieldInfo, bool, bool], ...]:
    """Each field of a model class: its name and info, whether it is required, and whether
    its data is free (``Any``: numbers kept as they are). Once per class (the annotation's
    text was made for every field of every step at every save)."""
    return tuple(
        (name, info, info.is_required(), "Any" in str(info.annotation))
        for name, info in model_class.model_fields.items()
    )
