"""Rejected rows are written atomically, under the name asked, never half."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcours.errors import ParcoursError
from parcours.services.discovery import read_log

LOG = (
    "customer_id,timestamp,activity\n"
    "c1,2026-01-01 09:00:00,visit\n"
    ",2026-01-01 09:10:00,order\n"
    "c2,not a date,visit\n"
)


def test_rejected_rows_replace_the_old_file_and_leave_no_temporary(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    rejected = tmp_path / "out.rejected.csv"
    rejected.write_text("an older report\n" * 1000, encoding="utf-8")
    read = read_log(log, rejected_path=rejected)
    assert read.rejected.path == rejected
    lines = rejected.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("row,") and len(lines) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv", "out.rejected.csv"]
    assert "out.rejected.csv" in read.rejected.describe("en")


def test_a_failed_read_leaves_the_old_rejected_file(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("customer_id,timestamp,activity\n,x,y\n", encoding="utf-8")  # all rejected
    rejected = tmp_path / "out.rejected.csv"
    rejected.write_text("kept\n", encoding="utf-8")
    with pytest.raises(ParcoursError):
        read_log(log, rejected_path=rejected)
    assert rejected.read_text(encoding="utf-8") == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv", "out.rejected.csv"]
