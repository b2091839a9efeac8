"""Starting the web app: the first admin, the demo workspace, then the HTTP server.

The first run (no user in the database) creates the ``admin`` account, with the password of
``PARCOURS_ADMIN_PASSWORD`` or a random one printed once. ``--demo`` adds the online-bank
workspace with the bank map of ``parcours demo``'s template (created once, kept afterwards).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from parcours import io
from parcours.events import synthetic
from parcours.services import demo as demo_data
from parcours.services import documents
from parcours.services.demo import DEMO_TEMPLATE
from parcours.templates import registry as builtin_templates
from parcours.web import accounts, data, drawing_process, jobs, maps, workspaces
from parcours.web.app import create_app
from parcours.web.context import WebSettings, WebState
from parcours.web.tables import DataSource, MapRecord, User, Workspace
from parcours.web.uploads import stored_name

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD_VARIABLE = "PARCOURS_ADMIN_PASSWORD"
DEMO_WORKSPACE = {"en": "Online bank", "fr": "Banque en ligne"}
DEMO_MEASURING = {
    "en": "First start of the demo: generating the bank's event log and survey and measuring "
    "the map (a few minutes, once)…",
    "fr": "Premier démarrage de la démo : création du journal d'événements et de l'enquête de "
    "la banque, puis mesure de la carte (quelques minutes, une seule fois)…",
}


@dataclass(frozen=True)
class Bootstrap:
    """What the start-up created: the admin's password if it was generated, the demo."""

    admin_created: bool
    generated_password: str | None
    demo_workspace_id: int | None


def bootstrap(
    state: WebState,
    *,
    demo: bool,
    lang: str = "fr",
    admin_password: str | None = None,
    measure: bool = False,
    say: Callable[[str], None] | None = None,
) -> Bootstrap:
    """Create the admin on an empty database, and the demo workspace when asked; with
    ``measure``, the demo map is measured at its first start (``say`` hears it: a few
    minutes, so tests of the accounts leave it out)."""
    with state.sessions() as db:
        created, generated = _ensure_admin(db, admin_password)
        demo_id = _ensure_demo(db, lang) if demo else None
        db.commit()
    if demo_id is not None and measure:
        text = DEMO_MEASURING.get(lang, DEMO_MEASURING["en"])
        measure_demo(state, demo_id, say=(lambda: say(text)) if say else None)
    return Bootstrap(created, generated, demo_id)


def _ensure_admin(db: DbSession, password: str | None) -> tuple[bool, str | None]:
    if db.scalar(select(func.count()).select_from(User)):
        return False, None
    given = password or os.environ.get(ADMIN_PASSWORD_VARIABLE)
    chosen = given or accounts.new_password()
    accounts.create_user(db, ADMIN_USERNAME, chosen, display_name="Admin", is_admin=True)
    return True, None if given else chosen


def _ensure_demo(db: DbSession, lang: str) -> int:
    admin = db.scalar(select(User).where(User.username == ADMIN_USERNAME))
    if admin is None:
        admin = db.scalar(select(User).where(User.is_admin.is_(True)).order_by(User.id))
    assert admin is not None, "the admin is created before the demo"
    name = DEMO_WORKSPACE.get(lang, DEMO_WORKSPACE["en"])
    existing = db.scalar(select(Workspace).where(Workspace.name == name))
    if existing is not None:
        return existing.id
    workspace = workspaces.create_workspace(db, name, admin)
    text = documents.template_map_text(DEMO_TEMPLATE, lang)
    maps.create_map(db, workspace, admin, text, summary=f"template {DEMO_TEMPLATE}.{lang}")
    return workspace.id


def measure_demo(
    state: WebState, workspace_id: int, *, say: Callable[[], None] | None = None
) -> int | None:
    """Measure the demo map once, at its first start: the bank event log and survey of
    ``parcours demo`` (:mod:`parcours.services.demo`, same seed and period) become the map's
    data sources, and the analysis runs now, so the map opens measured with its feedback.

    Returns the job's id (None when the map already has data: nothing is redone)."""
    with state.sessions() as db:
        record = db.scalar(
            select(MapRecord).where(MapRecord.workspace_id == workspace_id).order_by(MapRecord.id)
        )
        if record is None:
            return None
        if db.scalar(
            select(func.count()).select_from(DataSource).where(DataSource.map_id == record.id)
        ):
            return None
        if say is not None:
            say()
        admin = db.scalar(select(User).where(User.username == ADMIN_USERNAME))
        m = maps.journey_of(record)
        folder = data.uploads_folder(state.settings.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        events_path, survey_path = folder / stored_name(".csv"), folder / stored_name(".csv")
        _write_demo_files(m, events_path, survey_path)
        sources = []
        for kind, path, shown in (
            ("events", events_path, "bank-events.csv"),
            ("feedback", survey_path, "bank-survey.csv"),
        ):
            source = data.add_upload(
                db,
                record,
                admin,
                kind=kind,
                display=shown,
                stored=path.name,
                size_bytes=path.stat().st_size,
            )
            data.save_mapping(source, data.preview(source, state.settings.data_dir).mapping)
            sources.append(source)
        job = jobs.create_job(
            db, record, admin, sources[0], sources[1], recent_days=demo_data.DEMO_RECENT_DAYS
        )
        db.commit()
        job_id = job.id
    jobs.run_job(state.sessions, state.settings.data_dir, job_id)
    return job_id


def _write_demo_files(m: Any, events_path: Path, survey_path: Path) -> None:
    with io.atomic_path(events_path) as temporary:
        synthetic.write_csv(
            temporary,
            m,
            customers=demo_data.DEMO_CUSTOMERS,
            seed=demo_data.DEMO_SEED,
            start=demo_data.DEMO_FIRST_ENTRY,
            period_days=demo_data.DEMO_ENTRY_DAYS,
            until=demo_data.DEMO_DATA_END,
            events_per_customer=demo_data.DEMO_EVENTS_PER_CUSTOMER,
        )
    demo_data.write_demo_survey(m, survey_path)


def prepare(settings: WebSettings, *, demo: bool, lang: str) -> tuple[FastAPI, Bootstrap]:
    """The app, its database migrated, its admin and (when asked) demo workspace created."""
    app = create_app(settings)
    state: WebState = app.state.web
    return app, bootstrap(state, demo=demo, lang=lang, measure=demo, say=_tell)


def _tell(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


WORKER_SETTINGS_VARIABLE = "PARCOURS_WEB_WORKER_SETTINGS"
"""How ``parcours serve --workers N`` hands its settings to its worker processes."""


def default_workers() -> int:
    """The number of worker processes by default: one per core."""
    return max(1, os.cpu_count() or 1)


def worker_settings(settings: WebSettings) -> str:
    """``settings`` as the worker processes read them (JSON; no start-up cleanup: the
    server that starts them did it).

    >>> text = worker_settings(WebSettings(data_dir=Path("d"), secure_cookies=True))
    >>> read_worker_settings(text).secure_cookies, read_worker_settings(text).startup_cleanup
    (True, False)
    """
    fields = {name: getattr(settings, name) for name in settings.__dataclass_fields__}
    fields["data_dir"] = str(settings.data_dir)
    return json.dumps(fields)


def read_worker_settings(text: str) -> WebSettings:
    """The settings :func:`worker_settings` wrote, for one worker process."""
    fields = json.loads(text)
    fields["data_dir"] = Path(fields["data_dir"])
    fields["startup_cleanup"] = False
    return WebSettings(**fields)


def worker_app() -> FastAPI:  # pragma: no cover - runs in a worker process
    """The app of one worker process of ``parcours serve --workers N`` (uvicorn's factory)."""
    _end_with_the_server()
    app = create_app(read_worker_settings(os.environ[WORKER_SETTINGS_VARIABLE]))
    builtin_templates.available()  # the workspace page's list: read before the first visitor
    drawing_process.warm()  # the drawing child starts (its imports) while the worker serves
    pages = app.state.web.pages
    for name in pages.list_templates():  # compiled once here, not by the first visitors
        pages.get_template(name)
    tune_serving_process()
    return app


def _end_with_the_server() -> None:  # pragma: no cover - runs in a worker process
    """Ask Linux to stop this worker when the server process that started it dies (even
    killed), so that no orphan keeps serving (elsewhere uvicorn's own supervision)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1

GIL_SWITCH_INTERVAL_SECONDS = 0.001
"""How long a serving thread may hold the GIL while another waits for it (Python's default:
5 ms). A request waits for the GIL after each database round trip and each hop between the
event loop and the thread pool (eight round trips for a map page on PostgreSQL); behind a
thread that renders or saves, each wait lasts the whole interval. Measured in one process with
one busy thread beside it (the map page of the load test, PostgreSQL, three rounds, same
minutes): median 102-121 ms at 5 ms, 44-73 ms at 1 ms; SQLite 50-87 ms against 24-34 ms.
Shorter (0.2-0.5 ms) gained nothing clear over 1 ms."""

YOUNG_OBJECTS_BEFORE_A_COLLECTION = 10_000
"""The cyclic collector's first threshold in a serving process (Python's default: 700)."""


def tune_serving_process() -> None:  # pragma: no cover - runs in a serving process
    """Tune this serving process once it is warm (never on import: a notebook or the CLI
    keeps Python's defaults).

    * The GIL is handed over within :data:`GIL_SWITCH_INTERVAL_SECONDS`.
    * What the start made (modules, templates: 275,000 objects) is moved out of the cyclic
      collector's sight (``gc.freeze``), and a collection waits for
      :data:`YOUNG_OBJECTS_BEFORE_A_COLLECTION` new objects. A save makes many short-lived
      objects: with Python's defaults it ran 17 collections, 15 ms of its 89 ms, and every
      70th save a full one that walked all the objects of the process while holding the GIL
      (every other request of the process waited); now 1.8 ms and no full collection
      (40 saves of the load test's map, in process).
    """
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_SECONDS)
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS_BEFORE_A_COLLECTION, older, oldest)


def run(
    app: FastAPI,
    *,
    host: str,
    port: int,
    workers: int = 1,
    settings: WebSettings | None = None,
) -> None:  # pragma: no cover - serves forever
    """Serve ``app`` on ``host:port`` until interrupted; with ``workers`` > 1, that many
    processes serve it (each its own app on the same database: a save's seconds of CPU do
    not hold every page behind one process's GIL)."""
    import uvicorn

    if workers <= 1 or settings is None:
        drawing_process.warm()
        tune_serving_process()
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    os.environ[WORKER_SETTINGS_VARIABLE] = worker_settings(settings)
    uvicorn.run(
        "parcours.web.server:worker_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
    )
