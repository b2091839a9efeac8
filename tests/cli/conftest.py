"""A small map and event log for the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from small_files import SMALL_LOG, SMALL_MAP


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Path]:
    """``m.yaml`` and ``log.csv`` in a fresh folder."""
    carte = tmp_path / "m.yaml"
    carte.write_text(SMALL_MAP, encoding="utf-8")
    log = tmp_path / "log.csv"
    log.write_text(SMALL_LOG, encoding="utf-8")
    return carte, log
