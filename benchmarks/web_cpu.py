"""CPU milliseconds per request type of the web app, in process (issue 11, load).

The load test (``web_load.py``) measures latencies on a shared machine, where queueing for the
CPU dominates; this measures what each request costs: the app runs in process behind httpx's
ASGI transport (no socket, no server), on the map of the load test (40 steps, 12 lanes,
SQLite), and each request type is timed with the process's CPU time (app and client
together, background drawing threads included), the lowest of ``--repeat`` runs (the
machine's other load only adds to a run: on a shared machine the lowest is the steadiest
estimate of what the request itself costs). Drawings are made in process here (under
``parcours serve`` a child process makes them: ``web/drawing_process.py``).

    .venv/bin/python benchmarks/web_cpu.py                    # the table
    .venv/bin/python benchmarks/web_cpu.py --profile "map page, viewer, same revision again"
    .venv/bin/python benchmarks/web_cpu.py --compare /work/main/src src  # two trees in turn

The rows are those of "CPU ms per request" in benchmarks/README.md ("## Web load").
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib.util
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

BENCHMARKS = Path(__file__).resolve().parent
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]*)"')
BASE_FIELD = re.compile(r'name="base_revision" value="(\d+)"')
DRAWING = re.compile(r'<img class="drawing" src="([^"]+)"')


def _web_load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("parcours_web_load", BENCHMARKS / "web_load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _settle() -> None:
    """Wait for the background drawing threads (and children) a request started."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if not [t for t in threading.enumerate() if t.name.startswith("parcours-draw")]:
            return
        time.sleep(0.01)


def _cpu_ms(call: Callable[[], Any]) -> float:
    started = time.process_time()
    call()
    _settle()
    return (time.process_time() - started) * 1000


class Bench:
    """The app with the load test's map, a viewer and an editor logged in."""

    def __init__(self, folder: Path) -> None:
        from parcours.web import WebSettings, create_app

        web_load = _web_load()
        self.prepared = web_load.prepare(
            folder, None, editors=1, text=web_load.load_map_text(40, 12)
        )
        self.app = create_app(WebSettings(data_dir=folder))
        self.loop = asyncio.new_event_loop()
        self.viewer = self._login(self._client(), "viewer", web_load.PASSWORD)
        self.editor = self._login(self._client(), "editor0", web_load.PASSWORD)
        self.map_url = f"/maps/{self.prepared.map_id}"
        self.step_url = f"{self.map_url}/steps/{self.prepared.editor_steps[0]}"
        self.saves = 0

    def _client(self) -> httpx.AsyncClient:
        """A client that calls the app in this thread's event loop (no socket, no portal
        thread: what is timed is the app's, plus httpx's small share)."""
        transport = httpx.ASGITransport(app=self.app)
        return httpx.AsyncClient(transport=transport, base_url="http://testserver")

    def _run(self, call: Any) -> Any:
        return self.loop.run_until_complete(call)

    def _login(self, client: httpx.AsyncClient, username: str, password: str) -> Any:
        token = CSRF_FIELD.search(self._run(client.get("/login")).text)
        assert token is not None
        data = {"username": username, "password": password, "csrf": token.group(1)}
        response = self._run(client.post("/login", data=data))
        assert response.status_code == 303, response.status_code
        return client

    def get(self, client: httpx.AsyncClient, url: str, **headers: str) -> Any:
        """GET ``url``; the body is read raw (a gzipped drawing is not decompressed)."""

        async def fetch() -> tuple[int, bytes]:
            async with client.stream("GET", url, headers=headers) as response:
                return response.status_code, b"".join([c async for c in response.aiter_raw()])

        status, body = self._run(fetch())
        assert status == 200, (url, status)
        return body.decode("utf-8", errors="replace")

    def post(self, client: httpx.AsyncClient, url: str, data: dict[str, str]) -> str:
        response = self._run(client.post(url, data=data, headers={"HX-Request": "true"}))
        assert response.status_code == 200, response.status_code
        return str(response.text)

    def drawing_url(self) -> str:
        found = DRAWING.search(self.get(self.viewer, self.map_url))
        assert found is not None
        return found.group(1).replace("&amp;", "&")

    def save(self) -> Any:
        return self.save_call()()

    def save_call(self) -> Callable[[], Any]:
        """The step form fetched (not timed), then the call that posts it."""
        self.saves += 1
        form = self.get(self.editor, f"{self.step_url}/edit")
        base, csrf = BASE_FIELD.search(form), CSRF_FIELD.search(form)
        assert base is not None and csrf is not None
        data = {"name": f"Renamed {self.saves}", "base_revision": base.group(1)}
        data["csrf"] = csrf.group(1)

        return lambda: self.post(self.editor, self.step_url, data)

    def new_drawing(self) -> Callable[[], Any]:
        """A save, then the call that fetches its revision's drawing (not drawn yet)."""
        found = DRAWING.search(self.save())
        assert found is not None
        _settle()
        url = found.group(1).replace("&amp;", "&")
        return lambda: self.get(self.viewer, url, **{"accept-encoding": "gzip"})


def rows(bench: Bench) -> dict[str, Callable[[], Callable[[], Any]]]:
    """Each row: a preparation (not timed) that returns the timed call."""
    map_url, workspace = bench.map_url, f"/workspaces/{bench.prepared.workspace_id}"

    def after_save() -> Callable[[], Any]:
        bench.new_drawing()()  # drawn: the page's cost alone
        return lambda: bench.get(bench.viewer, map_url)

    def sent() -> Callable[[], Any]:
        url = bench.drawing_url()
        bench.get(bench.viewer, url, **{"accept-encoding": "gzip"})
        return lambda: bench.get(bench.viewer, url, **{"accept-encoding": "gzip"})

    return {
        "map page, viewer, first after a save": after_save,
        "map page, viewer, same revision again": lambda: lambda: bench.get(bench.viewer, map_url),
        "map page, editor, same revision again": lambda: lambda: bench.get(bench.editor, map_url),
        "workspace page": lambda: lambda: bench.get(bench.viewer, workspace),
        "step form": lambda: lambda: bench.get(bench.editor, f"{bench.step_url}/edit"),
        "save step (htmx, the new body included)": bench.save_call,
        "drawing of a new revision (drawn)": bench.new_drawing,
        "drawing already drawn (sent, gzip)": sent,
    }


FRESH = (
    "map page, viewer, first after a save",
    "save step (htmx, the new body included)",
    "drawing of a new revision (drawn)",
)
"""The rows whose every timed call needs its own preparation (a new revision)."""


def measure(repeat: int) -> dict[str, float]:
    """The lowest CPU milliseconds of each row over ``repeat`` runs."""
    folder = Path(tempfile.mkdtemp(prefix="parcours-cpu-"))
    try:
        bench = Bench(folder)
        for client in (bench.viewer, bench.editor):  # the first parse and drawing
            bench.get(client, bench.map_url)
            _settle()
        table: dict[str, float] = {}
        for name, prepare in rows(bench).items():
            samples = []
            for _ in range(repeat):
                call = prepare()
                call()  # warm (the same revision again, a body rendered)
                samples.append(_cpu_ms(prepare() if name in FRESH else call))
            table[name] = min(samples)
        return table
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _inline_threadpool() -> None:
    """Run the sync routes and dependencies in the event loop's thread (for cProfile, which
    sees one thread)."""
    import contextlib

    import fastapi.concurrency
    import fastapi.dependencies.utils
    import fastapi.routing

    async def inline(func: Any, *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    @contextlib.asynccontextmanager
    async def inline_context(manager: Any) -> Any:
        with manager as value:
            yield value

    for module in (fastapi.routing, fastapi.dependencies.utils, fastapi.concurrency):
        if hasattr(module, "run_in_threadpool"):
            module.run_in_threadpool = inline  # type: ignore[attr-defined]
        if hasattr(module, "contextmanager_in_threadpool"):
            module.contextmanager_in_threadpool = inline_context  # type: ignore[attr-defined]


def profile(name: str, repeat: int) -> None:
    """cProfile of ``repeat`` requests of one row (the top 35 by cumulative time)."""
    _inline_threadpool()
    folder = Path(tempfile.mkdtemp(prefix="parcours-cpu-"))
    try:
        bench = Bench(folder)
        bench.get(bench.viewer, bench.map_url)
        _settle()
        prepare = rows(bench)[name]
        prepare()()
        profiler = cProfile.Profile()
        call = prepare()
        for _ in range(repeat):
            if name in FRESH:
                call = prepare()
            profiler.enable()
            call()
            _settle()
            profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def compare(sources: list[str], repeat: int, rounds: int) -> dict[str, list[float]]:
    """The table for each source tree (``src`` folders), measured in turn ``rounds`` times in
    fresh processes (the machine's load falls on both alike); per row and tree, the lowest
    of the rounds' figures."""
    best: dict[str, list[float]] = {}
    for _round in range(rounds):
        for index, source in enumerate(sources):
            env = {**os.environ, "PYTHONPATH": source}
            command = [sys.executable, __file__, "--repeat", str(repeat), "--json"]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            for name, ms in json.loads(done.stdout.splitlines()[-1]).items():
                row = best.setdefault(name, [float("inf")] * len(sources))
                row[index] = min(row[index], ms)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=8, help="runs per row (the lowest kept)")
    parser.add_argument("--profile", help="profile one row by name instead")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument(
        "--compare", nargs="+", metavar="SRC", help="source folders measured in turn"
    )
    parser.add_argument("--rounds", type=int, default=3, help="turns of --compare")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile, args.repeat)
        return 0
    if args.compare:
        table = compare(args.compare, args.repeat, args.rounds)
        width = max(len(name) for name in table)
        print(f"{'CPU ms per request':<{width}}  " + "  ".join(args.compare))
        for name, values in table.items():
            print(f"{name:<{width}}  " + "  ".join(f"{v:8.1f}" for v in values))
        return 0
    measured = measure(args.repeat)
    if args.json:
        print(json.dumps(measured))
        return 0
    width = max(len(name) for name in measured)
    print(f"{'CPU ms per request':<{width}}  lowest of {args.repeat}")
    for name, ms in measured.items():
        print(f"{name:<{width}}  {ms:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
