"""The app's routes, one module per group; each module's ``register(app)`` adds its routes.

A new group is a new module here and one line in :data:`GROUPS`; the permission walk
(``tests/web/test_permissions.py``) fails until each new route has its expected statuses.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from parcours.web.routes import (
    accounts,
    admin,
    api,
    api_account,
    api_analysis,
    api_editing,
    api_library,
    comments,
    data,
    drawings,
    editing,
    history,
    journey_editing,
    library,
    maps,
    shares,
    tokens,
    workspaces,
)

GROUPS: tuple[Callable[[FastAPI], None], ...] = (
    accounts.register,
    workspaces.register,
    maps.register,
    shares.register,
    drawings.register,  # a map's drawing as its own cached resource (issue 11, load)
    editing.register,
    journey_editing.register,  # issue 11, web-edit: the journey's own fields
    data.register,  # issue 11, data: uploads, mapping, analysis jobs, snapshots
    # maps, history, comments, admin (web-maps)
    library.register,
    history.register,
    comments.register,
    admin.register,
    tokens.register,  # API tokens page (issue 11, API)
    api.register,  # JSON API under /api/v1/ (issue 11, API): keep last
    api_analysis.register,  # API: data, mapping, jobs, snapshots (webapi)
    api_library.register,  # API: history, comments, trash, members, views (webapi)
    api_editing.register,  # API: element-level edits, undo / redo (webapi)
    api_account.register,  # API: me, language, admin accounts and workspaces (webapi)
)
