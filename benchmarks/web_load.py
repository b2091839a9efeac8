"""Load test of the web app (issue 11): concurrent viewers and editors on one big map.

Loopback only and bounded in time. The server is the real one (``parcours serve`` in a
subprocess, one uvicorn worker) on SQLite or PostgreSQL; the map has 40 steps and 12 lanes.
Viewers read the map page (and now and then the workspace page); editors each rename their own
step again and again through the htmx form, retrying on a revision conflict (409). At the end
every save that got a success is looked up in the revisions: none may be lost, none counted
twice, and the map's revision number is its latest revision's.

    .venv/bin/python benchmarks/web_load.py --seconds 60 --viewers 50 --editors 5
    .venv/bin/python benchmarks/web_load.py --postgres          # a throwaway PostgreSQL
    .venv/bin/python benchmarks/web_load.py --viewer-think 1 --editor-think 1   # stress

By default each viewer asks for a page every 2.5-7.5 s and each editor saves every
2.5-7.5 s (the "steady" profile: about 8 pages and one revision a second on one map), the
profile of issue 11's target, printed with the figures: the map page at p95 under 100 ms.
With a think time of 1 s ("stress": 40 pages and 2-3 revisions a second) the two cores of
the machine are saturated (benchmarks/README.md, "Web load").
    .venv/bin/python benchmarks/web_load.py --database-url postgresql+psycopg://…

A short version runs in the test suite (tests/web/test_load_bounded.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

PASSWORD = "load test password, long enough"
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]*)"')
BASE_FIELD = re.compile(r'name="base_revision" value="(\d+)"')
SAVE_TOKEN = "Load e{editor} n{number}"
ROUTES = ("map page", "drawing", "workspace page", "step form", "save step")
DRAWING = re.compile(r'<img class="drawing" src="([^"]+)"')
MAX_REDIRECTS = 20  # as httpx follows them
TARGET_P95_MS = 100
"""Issue 11: a map page of 40 steps and 12 lanes served at p95 under 100 ms."""


# ------------------------------------------------------------------------------ the map
def load_map_text(n_steps: int = 40, n_lanes: int = 12) -> str:
    """The bank-account template grown (or cut) to ``n_steps`` steps and ``n_lanes`` grid
    lanes (the missing lanes are custom lanes, filled on every step), as YAML."""
    from parcours.model import JourneyMap
    from parcours.render.svg.grid import grid_lanes
    from parcours.services import documents

    m = documents.parse_map_text(documents.template_map_text("bank-account", "en"))
    data = m.model_dump(mode="json", exclude_none=True)
    base = data["steps"]
    steps: list[dict[str, Any]] = []
    for index in range(n_steps):
        step = json.loads(json.dumps(base[index % len(base)]))
        copy = index // len(base)
        if copy:
            _suffix_ids(step, f"-{copy}")
            step["name"] = f"{step['name']} ({copy + 1})"
        steps.append(step)
    data["steps"] = steps
    if n_steps < len(base):  # drop what points at the steps left out
        kept = {step["id"] for step in steps}
        points = data.get("listening_points", [])
        data["listening_points"] = [p for p in points if p.get("step") in kept]
        chances = data.get("opportunities", [])
        data["opportunities"] = [o for o in chances if set(o.get("steps", [])) <= kept]
    grown = JourneyMap.model_validate(data)
    missing = n_lanes - len(grid_lanes(grown, "en"))
    lanes = list(data.get("custom_lanes", []))
    for number in range(max(0, missing)):
        lanes.append({"id": f"load-lane-{number}", "name": f"Team notes {number + 1}"})
        for step in steps:
            step.setdefault("custom", {})[f"load-lane-{number}"] = f"Note {number + 1}"
    data["custom_lanes"] = lanes
    final = JourneyMap.model_validate(data)
    assert len(final.steps) == n_steps and len(grid_lanes(final, "en")) == n_lanes
    return documents.map_text(final, "yaml")


def _suffix_ids(node: Any, suffix: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "id" and isinstance(value, str):
                node[key] = value + suffix
            else:
                _suffix_ids(value, suffix)
    elif isinstance(node, list):
        for item in node:
            _suffix_ids(item, suffix)


# ------------------------------------------------------------------------------ the site
@dataclass(frozen=True)
class Prepared:
    """What the load needs to know of the prepared database."""

    workspace_id: int
    map_id: int
    editor_steps: tuple[str, ...]


def prepare(data_dir: Path, database_url: str | None, *, editors: int, text: str) -> Prepared:
    """Create the schema, a workspace, the map, one viewer and ``editors`` editors."""
    from parcours.web import WebSettings, create_app
    from parcours.web.accounts import create_user
    from parcours.web.maps import create_map, journey_of
    from parcours.web.server import bootstrap
    from parcours.web.tables import Role
    from parcours.web.workspaces import add_member, create_workspace

    app = create_app(WebSettings(data_dir=data_dir, database_url=database_url))
    state = app.state.web
    bootstrap(state, demo=False, admin_password=PASSWORD)
    with state.sessions() as db:
        owner = create_user(db, "owner", PASSWORD)
        workspace = create_workspace(db, "Load", owner)
        viewer = create_user(db, "viewer", PASSWORD)
        add_member(db, workspace, viewer, Role.VIEWER)
        for number in range(editors):
            add_member(db, workspace, create_user(db, f"editor{number}", PASSWORD), Role.EDITOR)
        record = create_map(db, workspace, owner, text, summary="load test map")
        db.commit()
        steps = tuple(s.id for s in journey_of(record).steps)
        prepared = Prepared(workspace.id, record.id, steps[:editors])
    state.engine.dispose()
    return prepared


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    data_dir: Path, database_url: str | None, port: int, workers: int | None = None
) -> subprocess.Popen[bytes]:
    """``parcours serve`` in a subprocess on ``127.0.0.1:port`` (its output in the data dir;
    ``workers``: its processes, by default one per core)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "PARCOURS_LANG": "en"}
    env["PARCOURS_ADMIN_PASSWORD"] = PASSWORD
    if database_url:
        env["PARCOURS_DATABASE_URL"] = database_url
    log = (data_dir / "server.log").open("ab")
    command = [sys.executable, "-c", "from parcours.cli.app import main; main()"]
    command += ["serve", "--host", "127.0.0.1", "--port", str(port), "--data", str(data_dir)]
    if workers is not None:
        command += ["--workers", str(workers)]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(base_url: str, process: subprocess.Popen[bytes], timeout_seconds: float) -> float:
    """Seconds until the server answers its login page (raises if it died or is late)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_seconds:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url}/login", timeout=2).status_code == 200:
                return time.monotonic() - started
        time.sleep(0.05)
    raise RuntimeError(f"the server did not answer within {timeout_seconds} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server and wait for it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ------------------------------------------------------------------------------ CPU used
def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # after "pid (comm) "; field 3 is [0]


def process_tree_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) used so far by process ``root`` and its descendants
    (the server and its worker processes; the children already ended and waited for are in
    their parent's ``cutime``/``cstime``). Linux only; 0.0 elsewhere."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else ():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                parents[int(entry.name)] = int(fields[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    ticks = 0
    for pid in tree:
        fields = _stat_fields(pid)
        if fields is not None:  # utime, stime, cutime, cstime: fields 14-17 of stat(5)
            ticks += sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------------------ the load
@dataclass
class LoadResult:
    """Latencies per route, errors, and every acknowledged save."""

    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: {r: [] for r in ROUTES})
    errors: list[str] = field(default_factory=list)
    saves: list[tuple[int, int, str]] = field(default_factory=list)  # editor, number, step
    conflicts: int = 0
    seconds: float = 0.0
    page_bytes: int = 0
    drawing_bytes: int = 0

    def percentiles(self) -> dict[str, dict[str, float]]:
        """p50 / p95 / p99 (ms) and request count per route."""
        table: dict[str, dict[str, float]] = {}
        for route, values in self.latencies_ms.items():
            if values:
                ordered = sorted(values)
                table[route] = {
                    "n": len(ordered),
                    "p50": percentile(ordered, 50),
                    "p95": percentile(ordered, 95),
                    "p99": percentile(ordered, 99),
                }
        return table


def percentile(ordered: list[float], q: float) -> float:
    """The ``q``-th percentile of sorted values (nearest rank).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([1.0, 2.0, 3.0, 4.0], 99)
    (2.0, 4.0)
    """
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


async def _login(client: httpx.AsyncClient, username: str) -> None:
    page = await client.get("/login")
    token = CSRF_FIELD.search(page.text)
    assert token is not None, "no CSRF field on the login page"
    data = {"username": username, "password": PASSWORD, "csrf": token.group(1)}
    response = await client.post("/login", data=data)
    if response.status_code != 303:
        raise RuntimeError(f"login of {username} answered {response.status_code}")


async def _timed(
    result: LoadResult, route: str, call: Any, *, expected: tuple[int, ...] = (200,)
) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response: httpx.Response = await call
    except httpx.HTTPError as exc:
        result.errors.append(f"{route}: {type(exc).__name__} {exc}")
        return None
    result.latencies_ms[route].append((time.perf_counter() - started) * 1000)
    if response.status_code not in expected:
        result.errors.append(f"{route}: HTTP {response.status_code}")
        return None
    return response


async def _viewer(
    client: httpx.AsyncClient, prepared: Prepared, result: LoadResult, until: float, think: float
) -> None:
    count = 0
    cached: set[str] = set()  # the drawings this viewer's browser holds (immutable)
    await _arrive(think)
    while time.monotonic() < until:
        count += 1
        if count % 10 == 0:
            listing = client.get(f"/workspaces/{prepared.workspace_id}")
            await _timed(result, "workspace page", listing)
        else:
            page = await _timed(result, "map page", client.get(f"/maps/{prepared.map_id}"))
            if page is not None:
                result.page_bytes = len(page.content)
                await _drawing(client, page.text, cached, result)
        await asyncio.sleep(think * (0.5 + secrets.randbelow(1000) / 1000))


async def _arrive(think: float) -> None:
    """Clients arrive spread over their first think time, as people do (Locust's spawn
    rate), not all in the same millisecond: a burst of 55 first requests at once measures
    the start, not the steady state. Every request after the arrival is measured."""
    await asyncio.sleep(think * secrets.randbelow(1000) / 1000)


async def _drawing(
    client: httpx.AsyncClient, html: str, cached: set[str], result: LoadResult
) -> None:
    """Fetch the page's drawing as a browser does: once per URL (it names the revision)."""
    found = DRAWING.search(html)
    if found is None or found.group(1) in cached:
        return
    url = found.group(1).replace("&amp;", "&")
    cached.add(found.group(1))
    response = await _timed(result, "drawing", _fetch_raw(client, url))
    if response is not None:
        result.drawing_bytes = len(response.content)


async def _fetch_raw(client: httpx.AsyncClient, url: str) -> httpx.Response:
    """GET ``url`` (following redirects) and read its body as sent: a gzipped drawing is not
    decompressed (2 ms of the load's own CPU per drawing, on the cores the server uses;
    a browser does that on its own machine)."""
    for _hop in range(MAX_REDIRECTS):
        async with client.stream("GET", url) as response:
            if response.is_redirect and "location" in response.headers:
                url = response.headers["location"]
                continue
            body = b"".join([chunk async for chunk in response.aiter_raw()])
            headers = [(k, v) for k, v in response.headers.items() if k != "content-encoding"]
            return httpx.Response(response.status_code, headers=headers, content=body)
    raise httpx.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects", request=response.request)


async def _editor(
    client: httpx.AsyncClient,
    number: int,
    prepared: Prepared,
    result: LoadResult,
    until: float,
    think: float,
) -> None:
    step = prepared.editor_steps[number]
    url = f"/maps/{prepared.map_id}/steps/{step}"
    save = 0
    cached: set[str] = set()
    await _arrive(think)
    while time.monotonic() < until:
        save += 1
        name = SAVE_TOKEN.format(editor=number, number=save)
        for _attempt in range(50):
            form = await _timed(result, "step form", client.get(f"{url}/edit"))
            if form is None:
                break
            base, csrf = BASE_FIELD.search(form.text), CSRF_FIELD.search(form.text)
            assert base is not None and csrf is not None
            data = {"name": name, "description": "", "base_revision": base.group(1)}
            data["csrf"] = csrf.group(1)
            sent = client.post(url, data=data, headers={"HX-Request": "true"})
            response = await _timed(result, "save step", sent, expected=(200, 409))
            if response is None:
                break
            if response.status_code == 200:
                result.saves.append((number, save, step))
                await _drawing(client, response.text, cached, result)  # the new revision's
                break
            result.conflicts += 1
        await asyncio.sleep(think * (0.5 + secrets.randbelow(1000) / 1000))


async def run_load(
    base_url: str,
    prepared: Prepared,
    *,
    viewers: int,
    editors: int,
    seconds: float,
    viewer_think_seconds: float,
    editor_think_seconds: float,
) -> LoadResult:
    """``viewers`` and ``editors`` clients against the server for ``seconds``."""
    result = LoadResult()
    # connections idle for 2 s are closed by the client before uvicorn's keep-alive (5 s) can
    # close them under a request in flight (a ReadError that no browser would show)
    limits = httpx.Limits(max_connections=viewers + editors + 10, keepalive_expiry=2.0)
    timeout = httpx.Timeout(60.0)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as reader:
        await _login(reader, "viewer")  # the viewers share one session (one connection each)
        writers = [
            httpx.AsyncClient(
                base_url=base_url, timeout=timeout, limits=httpx.Limits(keepalive_expiry=2.0)
            )
            for _ in range(editors)
        ]
        try:
            for number, writer in enumerate(writers):
                await _login(writer, f"editor{number}")
            await reader.get(f"/maps/{prepared.map_id}")  # first parse: not a reader's wait
            await reader.get(f"/workspaces/{prepared.workspace_id}")  # the template list
            started = time.monotonic()
            until = started + seconds
            tasks = [
                _viewer(reader, prepared, result, until, viewer_think_seconds)
                for _ in range(viewers)
            ]
            tasks += [
                _editor(writer, number, prepared, result, until, editor_think_seconds)
                for number, writer in enumerate(writers)
            ]
            await asyncio.gather(*tasks)
            result.seconds = time.monotonic() - started
        finally:
            for writer in writers:
                await writer.aclose()
    return result


# ------------------------------------------------------------------------------ the checks
def lost_edits(database: str, map_id: int, saves: list[tuple[int, int, str]]) -> list[str]:
    """What the database lacks or holds twice of the acknowledged saves (empty: all there),
    and any disagreement between the map row and its revisions."""
    problems: list[str] = []
    engine = sa.create_engine(database)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT r.number, r.document, u.username FROM revisions r "
                    "LEFT JOIN users u ON u.id = r.author_id WHERE r.map_id = :m "
                    "ORDER BY r.number"
                ),
                {"m": map_id},
            ).all()
            current, document = connection.execute(
                sa.text("SELECT revision, document FROM maps WHERE id = :m"), {"m": map_id}
            ).one()
    finally:
        engine.dispose()
    numbers = [int(row[0]) for row in rows]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"revision numbers are not 1..n: {numbers[:10]}…")
    if int(current) != numbers[-1] or document != rows[-1][1]:
        problems.append(f"map row at revision {current}, latest revision row {numbers[-1]}")
    if len(rows) != 1 + len(saves):
        problems.append(f"{len(saves)} saves acknowledged, {len(rows) - 1} revisions written")
    for editor, number, _step in saves:
        token = SAVE_TOKEN.format(editor=editor, number=number)
        mine = [r for r in rows if r[2] == f"editor{editor}" and f"name: {token}\n" in r[1]]
        if len(mine) != 1:  # the editor's next save renames the step again
            problems.append(f"save {token!r} found in {len(mine)} of its author's revisions")
    last: dict[int, int] = {}
    for editor, number, _step in saves:
        last[editor] = max(number, last.get(editor, 0))
    for editor, number in last.items():
        if f"name: {SAVE_TOKEN.format(editor=editor, number=number)}\n" not in document:
            problems.append(f"editor{editor}'s last save is not in the map")
    return problems


# ------------------------------------------------------------------------------ PostgreSQL
def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL server on 127.0.0.1 in a temporary folder (as tests/events/conftest.py)."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    prefix: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="parcours-pg-load-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        pwd.getpwnam("postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres", "postgres")
    data, log, port = folder / "data", folder / "server.log", free_port()
    try:
        subprocess.run(
            [*prefix, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------------------ main
def measure(
    database_url: str | None,
    *,
    seconds: float,
    viewers: int,
    editors: int,
    viewer_think_seconds: float = 1.0,
    editor_think_seconds: float = 1.0,
    n_steps: int = 40,
    n_lanes: int = 12,
    workers: int | None = None,
) -> dict[str, Any]:
    """One bounded run against a fresh server; its figures and its problems."""
    folder = Path(tempfile.mkdtemp(prefix="parcours-load-"))
    process = None
    try:
        text = load_map_text(n_steps, n_lanes)
        prepared = prepare(folder, database_url, editors=editors, text=text)
        port = free_port()
        process = start_server(folder, database_url, port, workers)
        base_url = f"http://127.0.0.1:{port}"
        ready = wait_ready(base_url, process, 120)
        load_before = os.getloadavg()
        server_cpu_before = process_tree_cpu_seconds(process.pid)
        client_cpu_before = time.process_time()
        result = asyncio.run(
            run_load(
                base_url,
                prepared,
                viewers=viewers,
                editors=editors,
                seconds=seconds,
                viewer_think_seconds=viewer_think_seconds,
                editor_think_seconds=editor_think_seconds,
            )
        )
        load_after = os.getloadavg()
        client_cpu = time.process_time() - client_cpu_before
        server_cpu = process_tree_cpu_seconds(process.pid) - server_cpu_before
        requests = sum(len(values) for values in result.latencies_ms.values())
        database = database_url or f"sqlite:///{folder / 'parcours.db'}"
        log = (folder / "server.log").read_text(encoding="utf-8", errors="replace")
        return {
            "database": "postgresql" if database_url else "sqlite",
            "viewers": viewers,
            "workers": workers or "one per core",
            "editors": editors,
            "seconds": round(result.seconds, 1),
            "server_ready_seconds": round(ready, 2),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            "routes": result.percentiles(),
            "requests": requests,
            "server_cpu_seconds": round(server_cpu, 2),
            "server_cpu_ms_per_request": round(1000 * server_cpu / max(requests, 1), 2),
            "client_cpu_seconds": round(client_cpu, 2),
            "saves": len(result.saves),
            "conflicts_retried": result.conflicts,
            "map_page_bytes": result.page_bytes,
            "drawing_bytes": result.drawing_bytes,
            "errors": result.errors[:20],
            "error_count": len(result.errors),
            "lost_edits": lost_edits(database, prepared.map_id, result.saves),
            "server_log_tail": log.splitlines()[-12:] if result.errors else [],
        }
    finally:
        if process is not None:
            stop_server(process)
        shutil.rmtree(folder, ignore_errors=True)


def _print(report: dict[str, Any]) -> None:
    print(
        f"\n{report['database']}: {report['viewers']} viewers + {report['editors']} editors, "
        f"server workers {report['workers']}, "
        f"{report['seconds']} s, load average {report['load_average_before']} → "
        f"{report['load_average_after']}"
    )
    print(
        f"map page {report['map_page_bytes']:,} bytes, "
        f"drawing {report['drawing_bytes']:,} bytes as sent"
    )
    print(
        f"{report['requests']} requests; CPU used: server {report['server_cpu_seconds']} s "
        f"({report['server_cpu_ms_per_request']} ms a request), "
        f"load clients {report['client_cpu_seconds']} s"
    )
    print(f"{'route':<16}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for route, row in report["routes"].items():
        print(
            f"{route:<16}{int(row['n']):>7}{row['p50']:>10.1f}{row['p95']:>10.1f}{row['p99']:>10.1f}"
        )
    print(
        f"saves {report['saves']}, conflicts retried {report['conflicts_retried']}, "
        f"errors {report['error_count']}, lost edits {len(report['lost_edits'])}"
    )
    for line in report["errors"] + report["lost_edits"] + report["server_log_tail"]:
        print("  ", line)
    page = report["routes"].get("map page")
    if page:
        verdict = "met" if page["p95"] < TARGET_P95_MS else "missed"
        print(f"target: map page p95 {page['p95']:.0f} ms < {TARGET_P95_MS} ms: {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--editors", type=int, default=5)
    parser.add_argument(
        "--viewer-think", type=float, default=5.0, help="seconds between pages (mean)"
    )
    parser.add_argument(
        "--editor-think", type=float, default=5.0, help="seconds between saves (mean)"
    )
    parser.add_argument("--sqlite", action="store_true", help="run on SQLite (default)")
    parser.add_argument("--postgres", action="store_true", help="run on a throwaway PostgreSQL")
    parser.add_argument("--database-url", help="run on this database (emptied first: yours)")
    parser.add_argument("--workers", type=int, help="server processes (default: one per core)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    common = {
        "seconds": args.seconds,
        "viewers": args.viewers,
        "editors": args.editors,
        "viewer_think_seconds": args.viewer_think,
        "editor_think_seconds": args.editor_think,
        "workers": args.workers,
    }
    reports = []
    if args.sqlite or not (args.postgres or args.database_url):
        reports.append(measure(None, **common))
    if args.database_url:
        reports.append(measure(args.database_url, **common))
    if args.postgres:
        with throwaway_postgres() as url:
            reports.append(measure(url, **common))
    for report in reports:
        _print(report)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2), encoding="utf-8")
    return 0 if all(not r["error_count"] and not r["lost_edits"] for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
