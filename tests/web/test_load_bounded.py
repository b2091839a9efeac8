"""A short, bounded run of the load test (benchmarks/web_load.py): a few viewers and editors
on SQLite for a few seconds against the real server; no error, no lost edit."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "web_load.py"


def load_benchmark() -> ModuleType:
    """The benchmark module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("parcours_web_load", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_short_load_loses_no_edit_and_answers_every_request() -> None:
    web_load = load_benchmark()
    report = web_load.measure(
        None,
        seconds=5,
        viewers=10,
        editors=2,
        viewer_think_seconds=0.5,
        editor_think_seconds=0.2,
        n_steps=12,
        n_lanes=12,
        workers=1,  # one process to start: the run is about lost edits, not throughput
    )
    assert report["error_count"] == 0, report["errors"]
    assert report["lost_edits"] == []
    assert report["saves"] >= 2  # every editor saved at least once
    assert report["routes"]["map page"]["n"] >= 10
