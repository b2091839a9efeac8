"""The JSON API's element-level edits of a map (``/api/v1/maps/{id}/elements/…``): read an
element, change some of its fields, add one, delete one, reorder, emotions, undo and redo.

Each route checks the role (editor, like the page's forms), refuses a stale
``base_revision`` with 409 before any work, calls one pure function of
:mod:`parcours.services.editing` (what the map page's forms call) and saves a revision with
compare-and-swap; an edit that changes nothing makes no revision (``changed``: false).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, FastAPI, Query

from parcours.model import JourneyMap
from parcours.services import editing
from parcours.web import maps, undo
from parcours.web.api import Caller, map_out
from parcours.web.api_editing import (
    BaseRevision,
    EditOut,
    ElementEdit,
    NewEmotions,
    NewOrder,
    SectionOut,
    as_form,
    section_of,
    sections_out,
)
from parcours.web.context import Visitor
from parcours.web.errors import NotFoundError, RevisionConflictError
from parcours.web.pages import Db, open_map
from parcours.web.routes.api import api_route
from parcours.web.tables import MapRecord, Role

_CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "base_revision is no longer the latest revision (nothing written)."}
}


def register(app: FastAPI) -> None:
    """Add the element-level edit routes of the API to ``app``."""
    _read_routes(app)
    _edit_routes(app)
    _order_routes(app)


def _editable(db: Db, caller: Visitor, map_id: int, base: int) -> MapRecord:
    """The map, opened by an editor, at revision ``base`` (else 409 before any work)."""
    record, _ = open_map(db, caller, map_id, Role.EDITOR)
    if base != record.revision:
        raise RevisionConflictError(base=base, current=record.revision)
    return record


def _save(
    db: Db,
    caller: Visitor,
    record: MapRecord,
    m: JourneyMap,
    base: int,
    summary: str,
    element_id: str | None,
) -> EditOut:
    """Save ``m`` as the next revision unless it changes nothing."""
    changed = m != maps.journey_of(record)
    if changed:
        user = caller.require_user()
        record = maps.save_map(db, record, m, user, base=base, summary=summary)
    return EditOut(map=map_out(record), changed=changed, element_id=element_id)


def _read_routes(app: FastAPI) -> None:
    @api_route(app, "GET", "/sections", tags=["editing"])
    def sections(caller: Caller) -> list[SectionOut]:
        """The kinds of elements an edit may name (step, phase, persona, …), their fields
        (kind, where choices come from, bounds) and a step's rows."""
        caller.require_user()
        return sections_out()

    @api_route(app, "GET", "/maps/{map_id}/elements/{section}/{element_id}", tags=["editing"])
    def element(
        db: Db, caller: Caller, map_id: int, section: str, element_id: str
    ) -> dict[str, Any]:
        """An element's fields as its form shows them (a step's rows under ``rows``)."""
        record, _ = open_map(db, caller, map_id, Role.EDITOR)
        m = maps.journey_of(record)
        spec = section_of(section)
        values = editing.element_values(m, spec.name, element_id)
        if spec.name == "step":
            values["rows"] = editing.row_values(m, element_id)
        return values


def _edit_routes(app: FastAPI) -> None:
    @api_route(
        app,
        "PATCH",
        "/maps/{map_id}/elements/{section}/{element_id}",
        tags=["editing"],
        responses=_CONFLICT,
    )
    def update(
        db: Db,
        caller: Caller,
        map_id: int,
        section: str,
        element_id: str,
        edit: Annotated[ElementEdit, Body()],
    ) -> EditOut:
        """Change the fields named (refused values: 422 naming the element and the field)."""
        record = _editable(db, caller, map_id, edit.base_revision)
        spec = section_of(section)
        form = as_form(spec.name, edit.fields)
        m = editing.update_element(maps.journey_of(record), spec.name, element_id, form)
        summary = f"{section} {element_id}"
        return _save(db, caller, record, m, edit.base_revision, summary, element_id)

    @api_route(
        app,
        "POST",
        "/maps/{map_id}/elements/{section}",
        tags=["editing"],
        status_code=201,
        responses=_CONFLICT,
    )
    def add(
        db: Db, caller: Caller, map_id: int, section: str, edit: Annotated[ElementEdit, Body()]
    ) -> EditOut:
        """Add an element (steps and phases after ``after`` when given); its id is made
        from its name, unique in the map."""
        record = _editable(db, caller, map_id, edit.base_revision)
        spec = section_of(section)
        form = as_form(spec.name, edit.fields)
        m, new_id = editing.add_element(
            maps.journey_of(record), spec.name, form, after=edit.after or None
        )
        summary = f"new {section} {new_id}"
        return _save(db, caller, record, m, edit.base_revision, summary, new_id)

    @api_route(
        app,
        "DELETE",
        "/maps/{map_id}/elements/{section}/{element_id}",
        tags=["editing"],
        responses=_CONFLICT,
    )
    def delete(
        db: Db,
        caller: Caller,
        map_id: int,
        section: str,
        element_id: str,
        base_revision: Annotated[int, Query(ge=1)],
    ) -> EditOut:
        """Delete an element and the references to it (a step's listening points, its place
        in opportunities and loops; a phase's steps stay, without phase)."""
        record = _editable(db, caller, map_id, base_revision)
        spec = section_of(section)
        m = editing.delete_element(maps.journey_of(record), spec.name, element_id)
        summary = f"delete {section} {element_id}"
        return _save(db, caller, record, m, base_revision, summary, None)


def _order_routes(app: FastAPI) -> None:
    @api_route(app, "PUT", "/maps/{map_id}/order/{section}", tags=["editing"], responses=_CONFLICT)
    def reorder(
        db: Db, caller: Caller, map_id: int, section: str, new: Annotated[NewOrder, Body()]
    ) -> EditOut:
        """Reorder steps or phases (an order naming only some ids moves those within the
        places they held)."""
        record = _editable(db, caller, map_id, new.base_revision)
        spec = section_of(section)
        if not spec.orderable:
            raise NotFoundError()
        m = editing.reorder_elements(maps.journey_of(record), spec.name, new.order)
        return _save(db, caller, record, m, new.base_revision, f"reorder {section}", None)

    @api_route(app, "PUT", "/maps/{map_id}/emotions", tags=["editing"], responses=_CONFLICT)
    def emotions(
        db: Db, caller: Caller, map_id: int, new: Annotated[NewEmotions, Body()]
    ) -> EditOut:
        """Set the emotion (−2..+2, or none) of personas at steps."""
        record = _editable(db, caller, map_id, new.base_revision)
        scores = {(s.step, s.persona): s.score for s in new.scores}
        m = editing.set_emotions(maps.journey_of(record), scores)
        return _save(db, caller, record, m, new.base_revision, "emotions", None)

    for redo in (False, True):
        _history_route(app, redo=redo)


def _history_route(app: FastAPI, *, redo: bool) -> None:
    name = "redo" if redo else "undo"

    @api_route(app, "POST", f"/maps/{{map_id}}/{name}", tags=["editing"], responses=_CONFLICT)
    def history_move(
        db: Db, caller: Caller, map_id: int, base: Annotated[BaseRevision, Body()]
    ) -> EditOut:
        """Undo (redo) the latest change as a new revision, as the map page does
        (``changed``: false when there is nothing to undo or redo)."""
        user = caller.require_user()
        record = _editable(db, caller, map_id, base.base_revision)
        saved = undo.step_history(db, record, user, base=base.base_revision, redo=redo)
        return EditOut(map=map_out(saved or record), changed=saved is not None)
