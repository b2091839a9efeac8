"""Step matching: exact names, patterns, channel restrictions, first step wins, unmatched kept."""

from __future__ import annotations

import pandas as pd
import pytest

from parcours.engine import Engine
from parcours.events import EventLogError, from_dataframe, match_steps
from parcours.events.schema import MATCHED_SCHEMA
from parcours.model import JourneyMap

EVENTS = pd.DataFrame(
    {
        "case_id": ["c1", "c1", "c1", "c1", "c2", "c2", "c2", "c2", "c2"],
        "activity": [
            "Visit home",
            "Simulate fees",
            "Submit form",
            "Logout",
            "Visit home",
            "Call centre",
            "Submit form",
            "Logout",
            "Password reset",
        ],
        "timestamp": pd.date_range("2024-01-01", periods=9, freq="h").astype(str),
        "channel": ["web", "web", " APP ", None, "web", "phone", "web", "web", "app"],
    }
)


def journey(*steps: dict[str, object]) -> JourneyMap:
    return JourneyMap.model_validate(
        {"journey": {"title": "Open an account"}, "steps": list(steps)}
    )


MAP = journey(
    {"id": "s-discover", "name": "Discover", "events": [{"activity": "Visit home"}]},
    {"id": "s-simulate", "name": "Simulate", "events": [{"pattern": "(?i)simulat"}]},
    # the app submission only; the web one goes to s-apply-web
    {
        "id": "s-apply-app",
        "name": "Apply in app",
        "events": [{"activity": "Submit form", "channel": "app"}],
    },
    {
        "id": "s-apply-web",
        "name": "Apply on web",
        "events": [{"pattern": "^Submit", "channel": "web"}],
    },
    # matches "Simulate fees" too, but s-simulate comes first
    {"id": "s-fees", "name": "Fees", "events": [{"pattern": "fees$"}]},
    {
        "id": "s-call",
        "name": "Call",
        "events": [{"activity": "Call centre"}, {"activity": "Call back"}],
    },
    {"id": "s-branch", "name": "Branch visit", "events": [{"activity": "Branch"}]},
    {"id": "s-no-binding", "name": "Think about it"},
)


def test_match_steps(engine: Engine) -> None:
    log = from_dataframe(EVENTS, engine=engine)
    matched = match_steps(log, MAP)
    result = engine.execute(matched.table.order_by("row"))
    assert result.schema.names == MATCHED_SCHEMA.names
    assert [f.type for f in result.schema] == [f.type for f in MATCHED_SCHEMA]
    steps = result.column("step").to_pylist()
    assert steps == [
        "s-discover",
        "s-simulate",
        "s-apply-app",
        None,
        "s-discover",
        "s-call",
        "s-apply-web",
        None,
        None,
    ]
    ids = matched.steps
    assert ids == [s.id for s in MAP.steps]
    assert [
        ids[i] if i is not None else None for i in result.column("step_index").to_pylist()
    ] == steps
    assert [(u.activity, u.events) for u in matched.unmatched] == [
        ("Logout", 2),
        ("Password reset", 1),
    ]
    assert matched.steps_without_events == ["s-fees", "s-branch"]
    assert matched.table.count().execute() == log.n_events  # nothing dropped
    ordered = matched.to_arrow()
    assert ordered.schema == MATCHED_SCHEMA
    assert ordered.column("step").to_pylist()[:4] == steps[:4]  # c1's events, in time order


def test_map_without_bindings_leaves_every_event_unmatched(engine: Engine) -> None:
    log = from_dataframe(EVENTS, engine=engine)
    matched = match_steps(log, journey({"id": "s-a", "name": "A"}))
    assert engine.execute(matched.table).column("step").null_count == len(EVENTS)
    assert (
        matched.unmatched[0].activity == "Logout" and sum(u.events for u in matched.unmatched) == 9
    )


def test_bad_pattern_names_the_step(engine: Engine) -> None:
    log = from_dataframe(EVENTS, engine=engine)
    bad = journey({"id": "s-x", "name": "X", "events": [{"pattern": "Submit("}]})
    with pytest.raises(EventLogError) as caught:
        match_steps(log, bad)
    assert caught.value.message("en").startswith("step 's-x': invalid regular expression 'Submit('")
    assert caught.value.message("fr").startswith("étape 's-x' : expression régulière invalide")
