"""Members of a workspace (its owners), accounts and workspaces (the admin), passwords."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from parcours.web import members, workspaces
from parcours.web.pages import Db, Who, page
from parcours.web.tables import Role, User, Workspace

Text = Annotated[str, Form(max_length=200)]
Password = Annotated[str, Form(max_length=1000)]


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/workspaces/{workspace_id}/members")
    def member_page(request: Request, db: Db, who: Who, workspace_id: int) -> Response:
        user = who.require_user()
        workspaces.require_role(db, workspace_id, user, Role.OWNER)
        return page(
            request,
            "members.html.j2",
            who,
            workspace=members.workspace_or_404(db, workspace_id),
            members=members.members_of(db, workspace_id),
            roles=list(Role),
        )

    @app.post("/workspaces/{workspace_id}/members")
    def set_member(
        db: Db,
        who: Who,
        workspace_id: int,
        username: Text = "",
        role: Text = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        workspaces.require_role(db, workspace_id, user, Role.OWNER)
        workspace = members.workspace_or_404(db, workspace_id)
        members.set_member(db, workspace, username, members.parse_role(role))
        return RedirectResponse(f"/workspaces/{workspace_id}/members", status_code=303)

    @app.post("/workspaces/{workspace_id}/members/remove")
    def remove_member(
        db: Db, who: Who, workspace_id: int, username: Text = "", csrf: Annotated[str, Form()] = ""
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        workspaces.require_role(db, workspace_id, user, Role.OWNER)
        workspace = members.workspace_or_404(db, workspace_id)
        members.remove_member(db, workspace, username)
        return RedirectResponse(f"/workspaces/{workspace_id}/members", status_code=303)

    @app.get("/admin")
    def admin_page(request: Request, db: Db, who: Who) -> Response:
        user = who.require_user()
        members.require_admin(user)
        return page(
            request,
            "admin.html.j2",
            who,
            users=list(db.scalars(select(User).order_by(User.username))),
            spaces=list(db.scalars(select(Workspace).order_by(Workspace.name, Workspace.id))),
        )

    @app.post("/admin/users")
    def create_user(
        db: Db,
        who: Who,
        username: Text = "",
        display_name: Text = "",
        password: Password = "",
        is_admin: Annotated[str, Form(max_length=10)] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        members.require_admin(user)
        members.create_account(db, username, display_name, password, is_admin=is_admin == "on")
        return RedirectResponse("/admin", status_code=303)

    @app.post("/admin/workspaces")
    def create_workspace(
        db: Db,
        who: Who,
        name: Text = "",
        owner: Text = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        members.require_admin(user)
        members.create_workspace(db, name, owner or user.username)
        return RedirectResponse("/admin", status_code=303)

    @app.get("/account")
    def account_page(request: Request, who: Who) -> Response:
        who.require_user()
        return page(request, "account.html.j2", who)

    @app.post("/account/password")
    def change_password(
        db: Db,
        who: Who,
        old_password: Password = "",
        new_password: Password = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        members.change_password(db, user, old_password, new_password, keep=who.session)
        return RedirectResponse("/account?changed=1", status_code=303)
