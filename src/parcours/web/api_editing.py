"""The JSON API's element-level edits: the same pure functions as the map page's forms
(:mod:`parcours.services.editing`), fed with a JSON object instead of form fields.

A JSON edit names the fields it changes (the others stay as they are): a text, a number or a
boolean for one field, a list for a multi-valued one (lines, several choices), a list of
objects for a step's rows (touchpoints, irritants, emotions…; an object without its key
field is dropped, ``id`` keeps a row), ``custom.<lane id>`` for a custom lane.

>>> as_form("step", {"name": "Visit", "moment_of_truth": True, "actions": ["a", "b"]})
{'name': ['Visit'], 'moment_of_truth': ['true'], 'actions': ['a', 'b']}
>>> as_form("step", {"touchpoints": [{"channel": "web", "name": "Site"}]})["touchpoints.name"]
['Site']
>>> as_form("step", {"colour": "red"})
Traceback (most recent call last):
...
parcours.web.api.ApiError: The request is invalid: unknown fields: colour.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from parcours.services import editing
from parcours.web.api import ApiError, MapOut
from parcours.web.errors import NotFoundError

Value = str | int | float | bool | None | list[Any]


class ElementEdit(BaseModel):
    """Changed fields of an element, from the revision the caller read."""

    model_config = ConfigDict(extra="forbid")
    base_revision: int = Field(ge=1, description="The revision this change starts from.")
    fields: dict[str, Value] = Field(
        default_factory=dict,
        description="Field → value (see GET /sections); only the fields named change.",
    )
    after: str | None = Field(
        None, max_length=200, description="New steps and phases: the id to insert after."
    )


class BaseRevision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_revision: int = Field(ge=1)


class NewOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_revision: int = Field(ge=1)
    order: list[str] = Field(max_length=2000, description="Element ids in their new order.")


class EmotionScore(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: str
    persona: str
    score: int | None = Field(None, ge=-2, le=2, description="None: no estimate.")


class NewEmotions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_revision: int = Field(ge=1)
    scores: list[EmotionScore] = Field(max_length=20000)


class EditOut(BaseModel):
    """The map after an edit; ``changed`` is false when the edit changed nothing (no new
    revision), ``element_id`` names the element edited or added."""

    map: MapOut
    changed: bool
    element_id: str | None = None


class FieldOut(BaseModel):
    name: str
    kind: str
    choices: str = Field(description="Where the choices come from ('' if free).")
    required: bool
    low: float | None
    high: float | None


class RowsOut(BaseModel):
    name: str
    key: str = Field(description="A row whose key field is blank is dropped.")
    fields: list[FieldOut]


class SectionOut(BaseModel):
    name: str
    attribute: str = Field(description="The map file's list holding these elements.")
    title_field: str
    orderable: bool
    fields: list[FieldOut]
    rows: list[RowsOut]


def section_of(name: str) -> editing.Section:
    """The section ``name`` (404 for another name)."""
    if name not in editing.SECTIONS:
        raise NotFoundError()
    return editing.SECTIONS[name]


def _field_out(field: editing.FormField) -> FieldOut:
    return FieldOut(
        name=field.name,
        kind=field.kind.value,
        choices=field.choices,
        required=field.required,
        low=field.low,
        high=field.high,
    )


def sections_out() -> list[SectionOut]:
    """Every section an element edit may name, with its fields and rows."""
    return [
        SectionOut(
            name=s.name,
            attribute=s.attribute,
            title_field=s.title_field,
            orderable=s.orderable,
            fields=[_field_out(f) for f in s.fields],
            rows=[
                RowsOut(name=r.name, key=r.key, fields=[_field_out(f) for f in r.fields])
                for r in s.rows
            ],
        )
        for s in editing.SECTIONS.values()
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    return str(value)


def as_form(section_name: str, fields: dict[str, Value]) -> dict[str, list[str]]:
    """The form fields the page would send for these JSON values (unknown names refused)."""
    section = section_of(section_name)
    names = {f.name for f in section.fields}
    rows = {r.name: r for r in section.rows}
    form: dict[str, list[str]] = {}
    unknown: list[str] = []
    for name, value in fields.items():
        if name in rows:
            _rows_as_form(rows[name], value, form, unknown)
        elif name in names or (section.name == "step" and name.startswith("custom.")):
            items = value if isinstance(value, list) else [value]
            form[name] = [_text(item) for item in items]
        else:
            unknown.append(name)
    if unknown:
        raise ApiError("invalid_request", problems=f"unknown fields: {', '.join(unknown)}")
    return form


def _rows_as_form(
    rows: editing.RowList, value: Value, form: dict[str, list[str]], unknown: list[str]
) -> None:
    items = value if isinstance(value, list) else []
    columns = [f.name for f in rows.fields] + (["id"] if rows.has_id else [])
    for column in columns:
        form[f"{rows.name}.{column}"] = []
    if not items:  # an empty list: no row (the key column present but empty)
        return
    for item in items:
        record = item if isinstance(item, dict) else {}
        extra = set(record) - set(columns)
        unknown.extend(f"{rows.name}.{e}" for e in sorted(extra))
        for column in columns:
            form[f"{rows.name}.{column}"].append(_text(record.get(column)))
