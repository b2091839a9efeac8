"""A bounded crash test: the real server is killed (SIGKILL) in the middle of saves and map
creations, on SQLite, then restarted: every acknowledged save and map is there and no
half-written revision is visible. (Once here; benchmarks/web_crash.py kills it many times.)"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import web_crash  # (benchmarks/ is not a package: on sys.path above)


def test_killed_server_loses_no_acknowledged_write() -> None:
    report = web_crash.run(None, kills=1, min_seconds=0.0, max_seconds=0.8, seed=1, n_steps=8)
    assert report.problems == []
    assert report.kills == 1
    assert len(report.saves) >= 2  # the round acknowledged its first saves
    assert len(report.created) >= 1
    assert len(report.restart_seconds) == 2  # and the server started cleanly again
