"""Every command on its normal path, as a new user runs it (datasette-style: a command
without a test here fails ``test_every_command_is_tested``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer.main
from small_files import small_files
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.services import load

runner = CliRunner()


def _ok(*args: str) -> str:
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


TESTED_ELSEWHERE = {
    "demo": Path(__file__).parents[1] / "services" / "test_demo.py",
    "opportunities": Path(__file__).parent / "test_opportunities_command.py",
    "listening": Path(__file__).parents[1] / "services" / "test_listening_service.py",
    "alerts": Path(__file__).parents[1] / "services" / "test_alerts_service.py",
    "upgrade": Path(__file__).parent / "test_measurement_store_cli.py",
    "rotate-key": Path(__file__).parents[1] / "web" / "test_key_rotation.py",
}
"""The demo renders every format: it runs once, through the command line, in the fixture of
the service tests that read what it wrote. ``opportunities`` has its own module."""


def test_every_command_is_tested() -> None:
    commands = getattr(typer.main.get_command(app), "commands", {})
    module = sys.modules[__name__]
    for name in commands:
        if name in TESTED_ELSEWHERE:
            text = TESTED_ELSEWHERE[name].read_text(encoding="utf-8")
            assert "CliRunner" in text and f'["{name}"' in text, name
            continue
        assert hasattr(module, f"test_{name}"), f"parcours {name} has no test here"


def test_templates() -> None:
    assert "bank-account" in _ok("templates")


def test_new(tmp_path: Path) -> None:
    target = tmp_path / "bank.yaml"
    assert "parcours check" in _ok("new", "bank-account", "-o", str(target))
    assert load(target).journey.title


def test_check(tmp_path: Path) -> None:
    carte, _ = small_files(tmp_path)
    result = runner.invoke(app, ["check", str(carte), "--lang", "en"])
    assert result.exit_code in (0, 1), result.output  # 1: rule errors, still a report
    assert "Open an account" in result.output
    as_json = runner.invoke(app, ["check", str(carte), "-f", "json"])
    assert json.loads(as_json.stdout)["exit_code"] == result.exit_code


def test_render(tmp_path: Path) -> None:
    carte, _ = small_files(tmp_path)
    page = carte.with_name("m.html")
    assert "m.html" in _ok("render", str(carte), "-f", "html", "-o", str(page))
    assert "Open an account" in page.read_text(encoding="utf-8")
    svgs = _ok(
        "render", str(carte), "-f", "svg", "--view", "map", "-o", str(carte.with_name("m.svg"))
    )
    assert "m.svg" in svgs and carte.with_name("m.svg").read_text(encoding="utf-8").startswith("<")


def test_convert(tmp_path: Path) -> None:
    carte, _ = small_files(tmp_path)
    target = carte.with_name("m.json")
    _ok("convert", str(carte), "-o", str(target))
    assert [s.id for s in load(target).steps] == ["s-sim", "s-form", "s-sign"]


def test_schema(tmp_path: Path) -> None:
    assert json.loads(_ok("schema"))["type"] == "object"
    target = tmp_path / "schema.json"
    _ok("schema", "-o", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["type"] == "object"


def test_analyze(tmp_path: Path) -> None:
    carte, log = small_files(tmp_path)
    printed = _ok("analyze", str(carte), "-e", str(log))
    assert "Stored snapshot" in printed and "1 row(s) rejected" in printed
    assert "m.measures (referenced by" in printed
    assert carte.read_text(encoding="utf-8").startswith("# Written by hand")
    snapshot = load(carte).latest_measurement()
    assert snapshot is not None
    assert "measurements:" not in carte.read_text(encoding="utf-8")  # beside it, not in it
    assert [p.name.endswith(f"_{snapshot.id}.json") for p in tmp_path.glob("m.measures/*")] == [
        True
    ]
    document = json.loads(carte.with_name("m.analysis.json").read_text(encoding="utf-8"))
    assert document["snapshot_id"] == snapshot.id and document["n_cases"] == 3
    assert carte.with_name("m.rejected.csv").read_text(encoding="utf-8").count("\n") == 2


def test_discover(tmp_path: Path) -> None:
    _, log = small_files(tmp_path)
    draft = log.with_name("draft.yaml")
    printed = _ok("discover", str(log), "-o", str(draft), "--min-share", "0.3")
    assert "draft.yaml" in printed
    assert [s.events[0].activity for s in load(draft).steps] == [
        "simulator_used",
        "form_started",
        "signed",
    ]


def test_serve(tmp_path: Path) -> None:
    """``parcours serve`` as a real process: it prints the URL and the admin's password, and
    answers the login page over HTTP (logging in is tested in ``tests/web``)."""
    import os
    import re
    import socket
    import subprocess
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARCOURS_")}
    command = [sys.executable, "-c", "from parcours.cli.app import main; main()"]
    # one process: the crash test (tests/web/test_crash.py) runs the default, one per core
    args = ["serve", "--port", str(port), "--data", str(tmp_path / "data"), "--lang", "en"]
    args += ["--workers", "1"]
    server = subprocess.Popen(
        [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    try:
        printed = ""
        assert server.stdout is not None
        while f":{port}/" not in printed or "password" not in printed.lower():
            line = server.stdout.readline()
            assert line, f"serve stopped early: {printed}"
            printed += line
        assert re.search(r"password", printed, re.IGNORECASE), printed
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                    page = r.read().decode("utf-8")
                    break
            except OSError:
                assert time.monotonic() < deadline, "the login page never answered"
                time.sleep(0.3)
        assert r.status == 200 and "<form" in page
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert (tmp_path / "data").is_dir()
