"""The body of a map's page (steps, rubric, editing tools) rendered once per revision.

The map page of a 40-step map renders 40 step fragments, the rubric and, for editors, the
editing forms: about 10 ms of template rendering for a viewer, 50 ms for an editor, on every
page, although the body changes only with the map's revision, the drawing shown, the language,
the role and the open comments. It is kept here, in memory, under exactly these; the only
per-visitor text it holds, the CSRF token of the editing forms, is rendered as a stand-in
(random, per process: no user text can hold it) and put in when the page is sent.

>>> stand_in = _VisitorStandIn(_Visitor())
>>> stand_in.csrf == CSRF_STAND_IN, stand_in.lang
(True, 'en')
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import Request
from markupsafe import Markup, escape

from parcours.web.context import Visitor
from parcours.web.memo import Memo
from parcours.web.pages import state_of

BODIES_KEPT = 128
"""Rendered bodies kept (a body is 30-60 KB for a 40-step map)."""
CSRF_STAND_IN = "csrf-stand-in-" + secrets.token_hex(16)
"""Rendered where the visitor's CSRF token goes, replaced when the page is sent."""
TEMPLATE = "_map_body.html.j2"
_BODIES = Memo[tuple[Any, ...], str](BODIES_KEPT)


class _VisitorStandIn:
    """The visitor as the body sees it: everything but the CSRF token, which is the stand-in."""

    def __init__(self, who: Any) -> None:
        self._who = who

    def __getattr__(self, name: str) -> Any:
        if name == "csrf":
            return CSRF_STAND_IN
        return getattr(self._who, name)


class _Visitor:  # for the doctest
    csrf, lang = "secret", "en"


def body_key(who: Visitor, context: dict[str, Any]) -> tuple[Any, ...]:
    """What the body shows depends on: the document and revision, the drawing (view,
    measurements, language), the role, the toast and focus of an edit, the open comments."""
    record = context["record"]
    counts = context.get("comment_counts") or {}
    return (
        record.id,
        record.revision,
        record.title,
        record.document_format,
        record.document,
        context["drawing_url"],
        context["view"].value,
        who.lang,
        bool(context.get("can_edit")),
        context.get("saved"),
        context.get("notice"),
        context.get("focus"),
        tuple(sorted(counts.items())),
    )


def map_body(request: Request, who: Visitor, context: dict[str, Any]) -> Markup:
    """The rendered ``_map_body.html.j2`` for ``context`` (``map_context`` plus ``can_edit``,
    ``saved``, ``notice``, ``focus``, ``comment_counts``), with ``who``'s CSRF token."""
    html = _BODIES.get(body_key(who, context), lambda: _render(request, who, context))
    # the body was rendered by the autoescaping template; the token is escaped too
    return Markup(html.replace(CSRF_STAND_IN, str(escape(who.csrf))))


def _render(request: Request, who: Visitor, context: dict[str, Any]) -> str:
    template = state_of(request).pages.get_template(TEMPLATE)
    shown = _VisitorStandIn(who)
    return str(template.render(who=shown, t=who.t, lang=who.lang, request=request, **context))


# ------------------------------------------------------------------ the page's content
CONTENT_TEMPLATE = "_map_content.html.j2"
BODY_SLOT = "map-body-slot-" + secrets.token_hex(16)
"""Rendered where the body goes in the kept content, replaced by the body when sent."""
_CONTENTS = Memo[tuple[Any, ...], str](BODIES_KEPT)


def content_key(who: Visitor, context: dict[str, Any]) -> tuple[Any, ...]:
    """What the rest of the page's content shows besides the body: the body's key, the
    workspace, the share links (and whether each is live now), the latest revisions and the
    comments, each by every value the page prints."""
    workspace = context["workspace"]
    live = context["live"]
    return (
        *body_key(who, context),
        workspace.id,
        workspace.name,
        tuple(
            (link.id, link.token_hint, live(link), link.expires_at, link.revoked_at)
            for link in context["shares"]
        ),
        tuple((r.number, author, r.created_at, r.summary) for r, author in context["revisions"]),
        tuple(
            (
                item.comment.id,
                item.comment.step_id,
                item.comment.body,
                item.comment.created_at,
                item.comment.resolved_at,
                item.author,
                item.segments,
                item.step_name,
            )
            for item in context["comments"]
        ),
    )


def map_content(request: Request, who: Visitor, context: dict[str, Any]) -> Markup:
    """The map page's content (``_map_content.html.j2``: title, tabs, actions, body, comments,
    share links, history) for ``context`` (the page's, with ``map_body``), kept under
    :func:`content_key` like the body, with ``who``'s CSRF token and the body put in."""
    html = _CONTENTS.get(content_key(who, context), lambda: _render_content(request, who, context))
    with_token = html.replace(CSRF_STAND_IN, str(escape(who.csrf)))
    return Markup(with_token.replace(BODY_SLOT, str(context["map_body"]), 1))


class _ContentVisitor:
    """The visitor as the kept content may see it: the CSRF stand-in and the language only
    (the content is shared by every visitor of the same role: a template that printed the
    user's name would fail here instead of showing it to the others)."""

    def __init__(self, who: Visitor) -> None:
        self.csrf = CSRF_STAND_IN
        self.lang = who.lang
        self.t = who.t


def _render_content(request: Request, who: Visitor, context: dict[str, Any]) -> str:
    template = state_of(request).pages.get_template(CONTENT_TEMPLATE)
    shown = _ContentVisitor(who)
    values = {**context, "map_body": Markup(BODY_SLOT)}
    return str(template.render(who=shown, t=who.t, lang=who.lang, request=request, **values))
