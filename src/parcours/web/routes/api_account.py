"""The JSON API's account and admin routes: who the token is (and their UI language), and for
the admin the accounts and workspaces (the ``/admin`` page's, through the same store).

A token cannot change its user's password nor create tokens: a leaked token must not be
enough to take the account over (those stay on the pages, behind the session and CSRF).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Body, FastAPI
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from parcours.web import members
from parcours.web.api import Caller
from parcours.web.pages import Db
from parcours.web.routes.api import api_route
from parcours.web.tables import User, Workspace


class MeOut(BaseModel):
    username: str
    display_name: str
    language: str | None = Field(description="The UI language chosen (None: the browser's).")
    is_admin: bool


class LanguageChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: Literal["en", "fr"]


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    is_admin: bool


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(max_length=80, description="2-80 of A-Z a-z 0-9 _ . -")
    password: str = Field(max_length=1000, description="At least 10 characters.")
    display_name: str = Field("", max_length=200)
    is_admin: bool = False


class WorkspaceRow(BaseModel):
    id: int
    name: str


class NewWorkspace(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    owner: str | None = Field(None, max_length=80, description="Default: the token's user.")


def _me(user: User) -> MeOut:
    return MeOut(
        username=user.username,
        display_name=user.display_name,
        language=user.language,
        is_admin=user.is_admin,
    )


def register(app: FastAPI) -> None:
    """Add the account and admin routes of the API to ``app``."""

    @api_route(app, "GET", "/me", tags=["account"])
    def me(caller: Caller) -> MeOut:
        """The token's user."""
        return _me(caller.require_user())

    @api_route(app, "PUT", "/me/language", tags=["account"])
    def set_language(db: Db, caller: Caller, choice: Annotated[LanguageChoice, Body()]) -> MeOut:
        """The user's UI language (the pages' language menu)."""
        user = caller.require_user()
        user.language = choice.language
        db.add(user)
        return _me(user)

    @api_route(app, "GET", "/admin/users", tags=["admin"])
    def users(db: Db, caller: Caller) -> list[UserOut]:
        """Every account (the admin only)."""
        members.require_admin(caller.require_user())
        rows = db.scalars(select(User).order_by(User.username))
        return [
            UserOut(id=u.id, username=u.username, display_name=u.display_name, is_admin=u.is_admin)
            for u in rows
        ]

    @api_route(app, "POST", "/admin/users", tags=["admin"], status_code=201)
    def create_user(db: Db, caller: Caller, new: Annotated[NewUser, Body()]) -> UserOut:
        """A new account (the admin only; its password is never sent back)."""
        members.require_admin(caller.require_user())
        u = members.create_account(
            db, new.username, new.display_name, new.password, is_admin=new.is_admin
        )
        db.flush()
        return UserOut(
            id=u.id, username=u.username, display_name=u.display_name, is_admin=u.is_admin
        )

    @api_route(app, "GET", "/admin/workspaces", tags=["admin"])
    def all_workspaces(db: Db, caller: Caller) -> list[WorkspaceRow]:
        """Every workspace (the admin only)."""
        members.require_admin(caller.require_user())
        rows = db.scalars(select(Workspace).order_by(Workspace.name, Workspace.id))
        return [WorkspaceRow(id=w.id, name=w.name) for w in rows]

    @api_route(app, "POST", "/admin/workspaces", tags=["admin"], status_code=201)
    def create_workspace(
        db: Db, caller: Caller, new: Annotated[NewWorkspace, Body()]
    ) -> WorkspaceRow:
        """A new workspace with its owner (the admin only)."""
        user = caller.require_user()
        members.require_admin(user)
        workspace = members.create_workspace(db, new.name, new.owner or user.username)
        db.flush()
        return WorkspaceRow(id=workspace.id, name=workspace.name)
