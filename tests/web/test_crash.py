"""A bounded crash test: the real server is killed (SIGKILL) in the middle of saves and map
creations, on SQLite, then restarted: every acknowledged save and map is there and no
half-written revision is visible. (Once here; benchmarks/web_crash.py kills it many times.)"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# benchmarks/ is not a package, and putting it on sys.path would let its modules shadow
# others (a file named like a standard module): load the one module by its path.
_SPEC = importlib.util.spec_from_file_location(
    "web_crash", Path(__file__).resolve().parents[2] / "benchmarks" / "web_crash.py"
)
assert _SPEC is not None and _SPEC.loader is not None
web_crash = importlib.util.module_from_spec(_SPEC)
sys.modules["web_crash"] = web_crash  # dataclasses look their module up by name
_SPEC.loader.exec_module(web_crash)


def test_killed_server_loses_no_acknowledged_write() -> None:
    # one server process: each start imports the app once, not three times (the benchmark
    # kills the default, one process per core)
    report = web_crash.run(
        None, kills=1, min_seconds=0.0, max_seconds=0.8, seed=1, n_steps=8, workers=1
    )
    assert report.problems == []
    assert report.kills == 1
    assert len(report.saves) >= 2  # the round acknowledged its first saves
    assert len(report.created) >= 1
    assert len(report.restart_seconds) == 2  # and the server started cleanly again
