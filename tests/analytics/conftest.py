"""Fixtures of the analytics tests: an engine and a factory of tiny hand-written logs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from hand_logs import Event, LogFactory, rows_of

from parcours.analytics import AnalysisOptions, OrderedLog, prepare
from parcours.analytics.testing import matched_table
from parcours.engine import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.duckdb()


@pytest.fixture
def make_log(engine: Engine) -> LogFactory:
    def make(events: Sequence[Event], steps: Sequence[str], **options: Any) -> OrderedLog:
        table = matched_table(engine, rows_of(events, steps))
        return prepare(engine, table, steps, AnalysisOptions(**options))

    return make
