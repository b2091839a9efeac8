"""A small map and event log shared by the command-line tests."""

from __future__ import annotations

from pathlib import Path

SMALL_MAP = """\
# Written by hand: this comment must survive every command.
journey:
  title: Open an account
language: en
steps:
  - id: s-sim
    name: Simulate
    events:
      - activity: simulator_used
  - id: s-form
    name: Fill in the form
    events:
      - pattern: ^form_
  - id: s-sign
    name: Sign
    events:
      - activity: signed
"""

SMALL_LOG = """\
customer_id,timestamp,activity,channel
c1,2026-01-01 09:00:00,simulator_used,web
c1,2026-01-01 09:10:00,form_started,web
c1,2026-01-01 10:00:00,signed,app
c2,2026-01-02 09:00:00,simulator_used,web
c2,2026-01-02 09:30:00,form_started,web
c3,2026-01-03 12:00:00,simulator_used,web
,2026-01-04 12:00:00,signed,web
"""
"""Three customers, one row without a customer (set aside as rejected)."""


def small_files(folder: Path) -> tuple[Path, Path]:
    """``m.yaml`` and ``log.csv`` written in ``folder``."""
    carte = folder / "m.yaml"
    carte.write_text(SMALL_MAP, encoding="utf-8")
    log = folder / "log.csv"
    log.write_text(SMALL_LOG, encoding="utf-8")
    return carte, log
