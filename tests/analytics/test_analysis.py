"""analyze(): the bundle, its JSON form, input checks and error messages."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest
from hand_logs import rows_of
from test_funnel import AS_OF, EVENTS, STEPS, TEN_DAYS

from parcours.analytics import AnalysisOptions, AnalyticsError, EventuallyFollows, analyze
from parcours.analytics.testing import MATCHED_SCHEMA, matched_table
from parcours.engine import Engine


def _analysis(engine: Engine, **options: object) -> dict[str, object]:
    table = matched_table(engine, rows_of(EVENTS, STEPS))
    opts = AnalysisOptions(window_seconds=TEN_DAYS, as_of=AS_OF, **options)  # type: ignore[arg-type]
    return analyze(engine, table, STEPS, opts).to_dict()


def test_to_dict_is_json_with_one_entry_per_step_and_transition(engine: Engine) -> None:
    result = _analysis(engine)
    assert json.loads(json.dumps(result)) == result
    assert (result["n_events"], result["n_cases"]) == (20, 8)  # events and cases A..H
    assert result["as_of"] == "2024-01-31T00:00:00"
    steps = result["steps"]
    assert isinstance(steps, list)
    assert [s["step"] for s in steps] == STEPS
    assert steps[1]["funnel"]["reached"] == 4 and steps[1]["customers"] == 6
    transitions = result["transitions"]
    assert isinstance(transitions, list)
    assert [(t["source"], t["target"]) for t in transitions] == [("s1", "s2"), ("s2", "s3")]
    # directly-follows s1 -> s2 on steps: A (s1 s1 s2: one), B (s1 s3: no), C, H, G (s2 s1: no)
    assert transitions[0]["directly_follows"]["count"] == 3
    assert transitions[0]["funnel_delay_seconds"]["count"] == 4
    assert set(result) >= {"activity_flows", "step_flows", "breakdowns", "paths"}
    breakdowns = result["breakdowns"]
    assert isinstance(breakdowns, dict)
    assert [b["dimension"] for b in breakdowns["funnel"]] == ["segment", "channel", "period"]


def test_optional_parts_can_be_switched_off(engine: Engine) -> None:
    result = _analysis(engine, eventually_follows=EventuallyFollows.OFF, breakdowns=())
    assert result["eventually_follows"] is None
    assert result["breakdowns"] == {"step_stats": [], "funnel": []}


def test_missing_columns_are_named(engine: Engine) -> None:
    table = engine.table(pa.table({"case_id": ["1"], "timestamp": [dt.datetime(2024, 1, 1)]}))
    with pytest.raises(AnalyticsError) as caught:
        analyze(engine, table, STEPS)
    assert "activity" in caught.value.message("en") and "step" in caught.value.message("en")
    assert "il manque" in caught.value.message("fr")


@pytest.mark.parametrize(
    ("steps", "english", "french"),
    [
        ([], "at least one step", "au moins un identifiant"),
        (["a", "a"], "'a' is repeated", "'a' est"),
    ],
)
def test_bad_steps(engine: Engine, steps: list[str], english: str, french: str) -> None:
    table = matched_table(engine, rows_of(EVENTS, STEPS))
    with pytest.raises(AnalyticsError) as caught:
        analyze(engine, table, steps)
    assert english in caught.value.message("en")
    assert french in caught.value.message("fr")


@pytest.mark.parametrize(
    "options",
    [
        {"window_seconds": 0},
        {"as_of": dt.datetime(2024, 1, 1, tzinfo=dt.UTC)},
        {"top_variants": 0},
    ],
)
def test_bad_options(options: dict[str, object]) -> None:
    with pytest.raises(AnalyticsError) as caught:
        AnalysisOptions(**options)  # type: ignore[arg-type]
    assert "option" in caught.value.message("fr")


def test_test_schema_matches_the_events_contract() -> None:
    from parcours.events.schema import MATCHED_SCHEMA as CONTRACT

    assert MATCHED_SCHEMA.equals(CONTRACT)


def test_empty_log_gives_zeros_not_errors(engine: Engine) -> None:
    result = analyze(engine, matched_table(engine, []), ["a", "b"])
    assert (result.n_events, result.n_cases, result.funnel.entered) == (0, 0, 0)
    assert result.funnel.steps[1].conversion_from_previous is None
    assert json.loads(json.dumps(result.to_dict()))["steps"][0]["customers"] == 0


def test_tables_have_stable_columns(engine: Engine) -> None:
    table = matched_table(engine, rows_of(EVENTS, STEPS))
    result = analyze(engine, table, STEPS, AnalysisOptions(window_seconds=TEN_DAYS, as_of=AS_OF))
    funnel = result.funnel.to_pandas()
    assert list(funnel.columns) == [
        "step",
        "position",
        "reached",
        "entries",
        "in_flight",
        "ended",
        "dropped",
        "conversion_from_previous",
        "conversion_from_start",
        "drop_off_rate",
        "delay_count",
        "delay_mean_seconds",
        "delay_median_seconds",
        "delay_p90_seconds",
    ]
    assert funnel["reached"].tolist() == [7, 4, 1]
    assert list(result.step_stats.to_pandas().columns) == [
        "step",
        "position",
        "customers",
        "events",
        "repeat_contacts",
        "contacts_per_customer",
    ]
    by_period = result.funnel_breakdowns[2].to_pandas()
    assert set(by_period["group"]) == {"2024-01-01", "2024-01-08", "2024-01-22"}
    # weeks of the first events: A B E F (01-01..01-02), G H (01-10), C D (01-25, 01-28)
    assert by_period.groupby("group")["reached"].first().to_dict() == {
        "2024-01-01": 3,  # A B E entered (F never did)
        "2024-01-08": 2,
        "2024-01-22": 2,
    }
    assert list(result.breaking_points.to_pandas()["kind"].unique()) == ["drop_off", "wait"]
