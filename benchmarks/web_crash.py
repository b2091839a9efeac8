"""Crash test of the web app (issue 11): kill the server (SIGKILL) in the middle of saves and
map creations, restart it, and check that nothing acknowledged is lost and nothing half-written
is visible.

Each round starts ``parcours serve`` (a subprocess on a loopback port), saves a step again and
again and creates maps from a template, and kills the server a random delay after its third
save started, with requests in flight. After every restart:

- the server starts cleanly (its migrations run, its login page answers);
- every save that got a success is in exactly one revision of its author;
- every map whose creation got a success exists, with its revision 1;
- every map's text parses, its revision number is its latest revision row's, its text that
  row's text, and the revision numbers run 1..n with no gap;
- on SQLite, ``PRAGMA integrity_check`` says ``ok``.

(There is no upload route yet: map creations stand for the writes of new objects.)

    .venv/bin/python benchmarks/web_crash.py --kills 10            # SQLite
    .venv/bin/python benchmarks/web_crash.py --kills 10 --postgres

A bounded version runs in the test suite (tests/web/test_crash.py).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_load  # (benchmarks/ is not a package)

TOKEN = "Crash r{round} n{number}"
LOCATION = re.compile(r"/maps/(\d+)$")


@dataclass
class CrashReport:
    """What the rounds acknowledged, and what the checks found."""

    kills: int = 0
    saves: list[tuple[int, int]] = field(default_factory=list)  # round, number
    created: list[int] = field(default_factory=list)  # map ids
    unacknowledged: int = 0  # requests cut by the kill
    restart_seconds: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _login(client: httpx.Client) -> None:
    page = client.get("/login")
    token = web_load.CSRF_FIELD.search(page.text)
    assert token is not None
    data = {"username": "editor0", "password": web_load.PASSWORD, "csrf": token.group(1)}
    response = client.post("/login", data=data)
    if response.status_code != 303:
        raise RuntimeError(f"login answered {response.status_code}")


def _work(
    client: httpx.Client,
    prepared: web_load.Prepared,
    round_: int,
    report: CrashReport,
    arm: Any,
) -> None:
    """Saves (and a map creation every other save) until the server dies under them;
    ``arm()`` is called once the round's first saves are acknowledged (it starts the kill)."""
    url = f"/maps/{prepared.map_id}/steps/{prepared.editor_steps[0]}"
    number = 0
    while True:
        number += 1
        try:
            form = client.get(f"{url}/edit")
            base = web_load.BASE_FIELD.search(form.text)
            csrf = web_load.CSRF_FIELD.search(form.text)
            assert base is not None and csrf is not None, form.status_code
            name = TOKEN.format(round=round_, number=number)
            data = {"name": name, "description": "", "base_revision": base.group(1)}
            data["csrf"] = csrf.group(1)
            if number == 3:
                arm()  # the kill falls during one of the next requests
            saved = client.post(url, data=data, headers={"HX-Request": "true"})
            if saved.status_code == 200:
                report.saves.append((round_, number))
            if number % 2 == 0:
                created = client.post(
                    f"/workspaces/{prepared.workspace_id}/maps",
                    data={"template": "it-laptop.en", "csrf": csrf.group(1)},
                )
                found = LOCATION.search(created.headers.get("location", ""))
                if created.status_code == 303 and found:
                    report.created.append(int(found.group(1)))
        except httpx.HTTPError:
            report.unacknowledged += 1
            return


def check(database: str, prepared: web_load.Prepared, report: CrashReport) -> list[str]:
    """What the database lacks or shows half-written (empty: all is well)."""
    from parcours.services import documents

    problems: list[str] = []
    engine = sa.create_engine(database)
    try:
        with engine.connect() as connection:
            if database.startswith("sqlite"):
                verdict = connection.execute(sa.text("PRAGMA integrity_check")).scalar_one()
                if verdict != "ok":
                    problems.append(f"SQLite integrity check: {verdict}")
            maps = connection.execute(sa.text("SELECT id, revision, document FROM maps")).all()
            revisions = connection.execute(
                sa.text(
                    "SELECT r.map_id, r.number, r.document, u.username FROM revisions r "
                    "LEFT JOIN users u ON u.id = r.author_id ORDER BY r.map_id, r.number"
                )
            ).all()
    finally:
        engine.dispose()
    by_map: dict[int, list[Any]] = {}
    for row in revisions:
        by_map.setdefault(int(row[0]), []).append(row)
    for map_id, current, document in maps:
        rows = by_map.get(int(map_id), [])
        numbers = [int(r[1]) for r in rows]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"map {map_id}: revision numbers {numbers[:5]}… have a gap")
        if not rows or int(current) != numbers[-1] or document != rows[-1][2]:
            problems.append(f"map {map_id}: at revision {current}, its rows say {numbers[-1:]}")
        try:
            documents.parse_map_text(document, "yaml", f"map-{map_id}.yaml")
        except Exception as exc:  # a half-written text would not parse
            problems.append(f"map {map_id}: its text does not parse ({type(exc).__name__})")
    known = {int(m[0]) for m in maps}
    problems += [f"created map {i} is missing" for i in report.created if i not in known]
    mine = [r for r in by_map.get(prepared.map_id, []) if r[3] == "editor0"]
    for round_, number in report.saves:
        token = f"name: {TOKEN.format(round=round_, number=number)}\n"
        holders = [r for r in mine if token in r[2]]
        if len(holders) != 1:
            problems.append(f"save {token.strip()!r} found in {len(holders)} revisions")
    return problems


def run(
    database_url: str | None,
    *,
    kills: int,
    min_seconds: float,
    max_seconds: float,
    seed: int = 0,
    n_steps: int = 20,
    workers: int | None = None,
) -> CrashReport:
    """``kills`` rounds of work then SIGKILL, with checks after every restart (``workers``:
    the server's processes, by default one per core)."""
    chooser = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="parcours-crash-"))
    report = CrashReport()
    process = None
    try:
        text = web_load.load_map_text(n_steps, 12)
        prepared = web_load.prepare(folder, database_url, editors=1, text=text)
        database = database_url or f"sqlite:///{folder / 'parcours.db'}"
        port = web_load.free_port()
        base_url = f"http://127.0.0.1:{port}"
        for round_ in range(kills + 1):
            process = web_load.start_server(folder, database_url, port, workers)
            report.restart_seconds.append(round(web_load.wait_ready(base_url, process, 180), 2))
            report.problems += [
                f"after {round_} kills: {p}" for p in check(database, prepared, report)
            ]
            if round_ == kills:
                break
            with httpx.Client(base_url=base_url, timeout=60) as client:
                _login(client)
                client.get(f"/maps/{prepared.map_id}")  # parsed: the saves start at once
                killer = threading.Timer(chooser.uniform(min_seconds, max_seconds), process.kill)
                _work(client, prepared, round_, report, killer.start)
                killer.join()
            process.wait()
            report.kills += 1
        web_load.stop_server(process)
    finally:
        if process is not None:
            with contextlib.suppress(Exception):
                web_load.stop_server(process)
        shutil.rmtree(folder, ignore_errors=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument(
        "--min-seconds", type=float, default=0.0, help="from the 3rd save to the kill"
    )
    parser.add_argument("--max-seconds", type=float, default=1.5)
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, help="server processes (default: one per core)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    options = {
        "kills": args.kills,
        "min_seconds": args.min_seconds,
        "max_seconds": args.max_seconds,
    }
    if args.postgres:
        with web_load.throwaway_postgres() as url:
            report = run(url, seed=args.seed, workers=args.workers, **options)
    else:
        report = run(None, seed=args.seed, workers=args.workers, **options)
    print(
        f"{'postgresql' if args.postgres else 'sqlite'}: {report.kills} kills in "
        f"{time.monotonic() - started:.0f} s; {len(report.saves)} saves and "
        f"{len(report.created)} map creations acknowledged, {report.unacknowledged} requests "
        f"cut; restarts {report.restart_seconds} s; problems: {len(report.problems)}"
    )
    for problem in report.problems:
        print("  ", problem)
    return 0 if not report.problems else 1


if __name__ == "__main__":
    sys.exit(main())
