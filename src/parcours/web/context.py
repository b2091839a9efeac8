"""What every request carries: the database session, who is asking, in which language.

The web app's state (:class:`WebState`) holds the engine, the session factory, the login
limiter and the page templates; :class:`Visitor` is the identity of one request.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader
from jinja2.bccache import Bucket
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from parcours.web.errors import CsrfError, LoginNeededError
from parcours.web.limits import FailureLimiter
from parcours.web.messages import LANGUAGE_NAMES, UI
from parcours.web.tables import Session, User

SESSION_COOKIE = "parcours_session"
LOGIN_CSRF_COOKIE = "parcours_login_csrf"
TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class WebSettings:
    """How the app runs: where its data lives, which database, cookie and login limits."""

    data_dir: Path
    database_url: str | None = None
    secure_cookies: bool = False
    """Send cookies over HTTPS only (set it whenever the app is reached over HTTPS)."""
    login_max_failures: int = 5
    login_window_seconds: float = 300.0
    upload_max_bytes: int = 2 * 1024**3
    """The largest data file a user may upload (2 GiB); larger ones are refused as they
    arrive."""
    startup_cleanup: bool = True
    """At start, mark interrupted jobs failed and remove cut uploads; the worker processes
    of ``parcours serve --workers N`` leave it to the server that starts them (another
    worker's job or upload is not interrupted)."""
    draw_apart: bool = False
    """Draw in a child process of lower priority (``parcours serve``: a drawing does not hold
    the serving process's GIL; tests draw in process)."""


class CompiledPages(BytecodeCache):
    """The page templates compiled once per process, shared by every app it creates (a
    test module's sites, ``parcours serve``'s restarts): a new app reads each template's
    code from memory instead of compiling its source again. Jinja checks each entry
    against the template source's checksum, so an edited template is compiled anew.

    >>> from jinja2 import DictLoader
    >>> cache = CompiledPages()
    >>> def env():
    ...     return Environment(loader=DictLoader({"t": "{{ 1 + 1 }}"}), bytecode_cache=cache)
    >>> env().get_template("t").render(), len(cache.code), env().get_template("t").render()
    ('2', 1, '2')
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` with the code compiled for its template, when there is one."""
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code just compiled for ``bucket``'s template."""
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_PAGES = CompiledPages()
"""The compiled page templates of this process (see :class:`CompiledPages`)."""


@dataclass
class WebState:
    """The running app: its settings, database and shared helpers."""

    settings: WebSettings
    engine: Engine
    sessions: sessionmaker[Any]
    limiter: FailureLimiter
    reads: sessionmaker[Any] | None = None
    """Sessions of the requests that only read (:func:`parcours.web.db.read_session_factory`;
    None: ``sessions``)."""
    pages: Environment = field(init=False)

    def __post_init__(self) -> None:
        self.pages = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=COMPILED_PAGES,
        )
        self.pages.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES


@dataclass(frozen=True)
class Visitor:
    """Who sends a request: a logged-in user with their session, or nobody."""

    user: User | None
    session: Session | None
    lang: str

    def t(self, key: str, **params: object) -> str:
        """A UI text in the visitor's language."""
        return UI.text(key, self.lang, **params)

    def require_user(self) -> User:
        """The logged-in user, or :class:`LoginNeededError`."""
        if self.user is None:
            raise LoginNeededError()
        return self.user

    def check_csrf(self, token: str | None) -> None:
        """Refuse a form whose CSRF token is not this session's."""
        if self.session is None or not token:
            raise CsrfError()
        if not secrets.compare_digest(token, self.session.csrf_token):
            raise CsrfError()

    @property
    def csrf(self) -> str:
        """The session's CSRF token ("" when logged out)."""
        return self.session.csrf_token if self.session is not None else ""
