"""Editing the whole map in its page: every element's form, add, delete, move, reorder,
emotions, undo and redo.

Each route checks the role (editor) and the CSRF token, calls one pure function of
:mod:`parcours.services.editing`, then saves a revision with compare-and-swap
(:func:`parcours.web.maps.save_map`); an htmx request gets the re-rendered map body (drawing,
steps, elements, rubric), a plain form a redirect to the map.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from parcours.model import JourneyMap
from parcours.services import editing
from parcours.web import jobs, maps, undo
from parcours.web.errors import FormError, NotFoundError, RevisionConflictError
from parcours.web.map_body import map_body
from parcours.web.pages import Db, Who, int_form, is_htmx, map_context, open_map, page, state_of
from parcours.web.tables import MapRecord, Role, User

_NOT_FORM_FIELDS = ("csrf", "base_revision", "after")


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/maps/{map_id}/edit/{section}/{element_id}")
    def element_form(
        request: Request, db: Db, who: Who, map_id: int, section: str, element_id: str
    ) -> Response:
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        m = maps.journey_of(record)
        values = _values(m, _section(section), element_id)
        seen = _seen_activities(request, db, map_id) if section == "step" else ()
        return _editor(request, who, record, m, section, element_id, values, activities=seen)

    @app.get("/maps/{map_id}/new/{section}")
    def new_form(
        request: Request, db: Db, who: Who, map_id: int, section: str, after: str = ""
    ) -> Response:
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        m = maps.journey_of(record)
        values = editing.element_values(m, _section(section).name, None)
        return _editor(request, who, record, m, section, None, values, after=after)

    @app.post("/maps/{map_id}/edit/{section}/{element_id}")
    async def save_element(
        request: Request, db: Db, who: Who, map_id: int, section: str, element_id: str
    ) -> Response:
        form = await request.form()
        user, record, base = _checked(db, who, map_id, form)
        m = editing.update_element(
            maps.journey_of(record), _section(section).name, element_id, _fields(form)
        )
        summary = f"{section} {element_id}"
        return _saved(request, db, who, record, m, user, base, summary, element_id)

    @app.post("/maps/{map_id}/new/{section}")
    async def add_element(
        request: Request, db: Db, who: Who, map_id: int, section: str
    ) -> Response:
        form = await request.form()
        user, record, base = _checked(db, who, map_id, form)
        after = str(form.get("after") or "") or None
        m, new_id = editing.add_element(
            maps.journey_of(record), _section(section).name, _fields(form), after=after
        )
        summary = f"new {section} {new_id}"
        return _saved(request, db, who, record, m, user, base, summary, new_id)

    @app.post("/maps/{map_id}/delete/{section}/{element_id}")
    def delete_element(
        request: Request,
        db: Db,
        who: Who,
        map_id: int,
        section: str,
        element_id: str,
        base_revision: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user, record, base = _checked(
            db, who, map_id, {"csrf": csrf, "base_revision": base_revision}
        )
        m = editing.delete_element(maps.journey_of(record), _section(section).name, element_id)
        summary = f"delete {section} {element_id}"
        return _saved(request, db, who, record, m, user, base, summary, None)

    @app.post("/maps/{map_id}/move/{section}/{element_id}")
    def move_element(
        request: Request,
        db: Db,
        who: Who,
        map_id: int,
        section: str,
        element_id: str,
        direction: Annotated[str, Form()] = "down",
        base_revision: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user, record, base = _checked(
            db, who, map_id, {"csrf": csrf, "base_revision": base_revision}
        )
        if direction not in ("up", "down"):
            raise FormError("direction")
        offset = -1 if direction == "up" else 1
        m = editing.move_element(maps.journey_of(record), _orderable(section), element_id, offset)
        summary = f"move {section} {element_id} {direction}"
        return _saved(request, db, who, record, m, user, base, summary, element_id)

    @app.post("/maps/{map_id}/order/{section}")
    async def reorder(request: Request, db: Db, who: Who, map_id: int, section: str) -> Response:
        form = await request.form()
        user, record, base = _checked(db, who, map_id, form)
        order = [str(v) for v in form.getlist("order")]
        m = editing.reorder_elements(maps.journey_of(record), _orderable(section), order)
        return _saved(request, db, who, record, m, user, base, f"reorder {section}", None)

    @app.post("/maps/{map_id}/emotions")
    async def set_emotions(request: Request, db: Db, who: Who, map_id: int) -> Response:
        form = await request.form()
        user, record, base = _checked(db, who, map_id, form)
        scores: dict[tuple[str, str], int | None] = {}
        for name, value in form.multi_items():
            if not name.startswith("emotion:") or name.count(":") != 2:
                continue
            _, step_id, persona_id = name.split(":")
            text = str(value).strip()
            score = int_form(text.lstrip("+"), name) if text else None
            scores[(step_id, persona_id)] = score
        m = editing.set_emotions(maps.journey_of(record), scores)
        return _saved(request, db, who, record, m, user, base, "emotions", None)

    for redo in (False, True):
        _register_history(app, redo=redo)


def _register_history(app: FastAPI, *, redo: bool) -> None:
    @app.post(f"/maps/{{map_id}}/{'redo' if redo else 'undo'}")
    def history_move(
        request: Request,
        db: Db,
        who: Who,
        map_id: int,
        base_revision: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user, record, base = _checked(
            db, who, map_id, {"csrf": csrf, "base_revision": base_revision}
        )
        saved = undo.step_history(db, record, user, base=base, redo=redo)
        db.commit()
        if not is_htmx(request):
            return RedirectResponse(f"/maps/{map_id}", status_code=303)
        notice = None if saved is not None else ("nothing_to_redo" if redo else "nothing_to_undo")
        return _body(request, db, who, saved or record, notice=notice)


# --------------------------------------------------------------------------- helpers
def _section(name: str) -> editing.Section:
    if name not in editing.SECTIONS:
        raise NotFoundError()
    return editing.SECTIONS[name]


def _orderable(name: str) -> str:
    section = _section(name)
    if not section.orderable:
        raise NotFoundError()
    return section.name


def _checked(db: Db, who: Who, map_id: int, form: Any) -> tuple[User, MapRecord, int]:
    """The user (logged in, right CSRF token, editor of the map), the map, the base revision."""
    user = who.require_user()
    who.check_csrf(str(form.get("csrf") or ""))
    record, _ = open_map(db, who, map_id, Role.EDITOR)
    base = int_form(str(form.get("base_revision") or ""), "base_revision")
    if base != record.revision:  # stale before any work (the save itself checks again)
        raise RevisionConflictError(base=base, current=record.revision)
    return user, record, base


def _fields(form: FormData) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if name not in _NOT_FORM_FIELDS and isinstance(value, str):
            fields.setdefault(name, []).append(value)
    return fields


def _values(m: JourneyMap, section: editing.Section, element_id: str) -> dict[str, Any]:
    return editing.element_values(m, section.name, element_id)


def _editor(
    request: Request,
    who: Who,
    record: MapRecord,
    m: JourneyMap,
    section: str,
    element_id: str | None,
    values: dict[str, Any],
    *,
    after: str = "",
    activities: tuple[str, ...] = (),
) -> Response:
    spec = editing.SECTIONS[section]
    rows = editing.row_values(m, element_id, section) if spec.rows else {}
    context: dict[str, Any] = {
        "record": record,
        "journey": m,
        "section": spec,
        "element_id": element_id,
        "values": values,
        "rows": rows,
        "after": after,
        "kinds": editing.FieldKind,
        "label": lambda name: editing.field_label(name, who.lang),
        "choices": lambda source: _choices(m, source, who.lang, activities),
        "title": editing.MESSAGES.text(f"title.{section}", who.lang),
        "personas": {p.id: p.name for p in m.personas},
    }
    name = "_editor.html.j2" if is_htmx(request) else "editor_page.html.j2"
    return page(request, name, who, **context)


def _saved(
    request: Request,
    db: Db,
    who: Who,
    record: MapRecord,
    m: JourneyMap,
    user: User,
    base: int,
    summary: str,
    focus: str | None,
) -> Response:
    """Save ``m`` as the next revision (unless nothing changed), then answer."""
    changed = m != maps.journey_of(record)
    if changed:
        record = maps.save_map(db, record, m, user, base=base, summary=summary)
        db.commit()
    if not is_htmx(request):
        anchor = f"#el-{focus}" if focus else ""
        return RedirectResponse(f"/maps/{record.id}{anchor}", status_code=303)
    return _body(request, db, who, record, focus=focus, notice=None if changed else "unchanged")


def _body(
    request: Request,
    db: Db,
    who: Who,
    record: MapRecord,
    *,
    focus: str | None = None,
    notice: str | None = None,
) -> Response:
    saved = record.revision if notice is None else None
    context = map_context(db, record, who.lang)
    context |= {"can_edit": True, "saved": saved, "notice": notice, "focus": focus}
    return HTMLResponse(map_body(request, who, context))


def _choices(m: JourneyMap, source: str, lang: str, seen: tuple[str, ...]) -> list[Any]:
    """The choices of a field; a step's activities start with those seen in the map's
    latest analysed log."""
    if source == "activities":
        return [(a, a) for a in editing.known_activities(m, seen)]
    return editing.choices_for(source, m, lang)


def _seen_activities(request: Request, db: Db, map_id: int) -> tuple[str, ...]:
    return jobs.unmatched_activities(db, state_of(request).settings.data_dir, map_id)


# shared with the journey form's routes (routes/journey_editing.py)
checked_edit = _checked
fields_of = _fields
saved_edit = _saved
