"""A bounded crash test (benchmarks/web_crash.py): the real server is killed (SIGKILL) during
saves and map creations, twice, on SQLite; after each restart every acknowledged save and map
is there and no half-written revision is visible."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import web_crash  # (benchmarks/ is not a package: on sys.path above)


def test_killed_server_loses_no_acknowledged_write() -> None:
    report = web_crash.run(None, kills=2, min_seconds=0.0, max_seconds=0.8, seed=1, n_steps=8)
    assert report.problems == []
    assert report.kills == 2
    assert len(report.saves) >= 2 * 2  # each round acknowledged its first saves
    assert len(report.created) >= 2
    assert len(report.restart_seconds) == 3  # and the server started cleanly every time
