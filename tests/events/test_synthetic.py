"""The seeded journey-log generator: determinism, schema, realism of the walk."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from parcours import io, templates
from parcours.events.schema import EVENT_SCHEMA, MATCHED_SCHEMA
from parcours.events.synthetic import (
    NOISE_ACTIVITIES,
    SyntheticLogError,
    generate_events,
    synthetic_journey,
    write_csv,
    write_parquet,
)
from parcours.model import JourneyMap

START = datetime(2025, 3, 1)


@cache
def bank_map() -> JourneyMap:
    text = templates.template_text("bank-account", "fr")
    return io.loads_map(text, fmt="yaml", source="bank-account.fr.yaml")


@cache
def bank_log(customers: int = 20_000) -> pa.Table:
    batches = generate_events(
        bank_map(), customers=customers, seed=11, start=START, with_steps=True
    )
    return pa.Table.from_batches(list(batches))


def table(**options: object) -> pa.Table:
    return pa.Table.from_batches(list(generate_events(**options)))  # type: ignore[arg-type]


def customers_per_step(log: pa.Table) -> dict[int, int]:
    grouped = log.filter(pc.is_valid(log["step_index"])).group_by("step_index")
    counts = grouped.aggregate([("case_id", "count_distinct")]).to_pylist()
    return {row["step_index"]: row["case_id_count_distinct"] for row in counts}


# ------------------------------------------------------------------ determinism, chunks
def test_same_seed_gives_same_rows_and_another_seed_different_rows() -> None:
    first = table(customers=500, seed=5, start=START)
    again = table(customers=500, seed=5, start=START)
    other = table(customers=500, seed=6, start=START)
    assert first.equals(again)
    assert not first.equals(other)


def test_same_seed_gives_same_parquet_bytes(tmp_path: Path) -> None:
    write_parquet(tmp_path / "a.parquet", customers=300, seed=2, start=START)
    write_parquet(tmp_path / "b.parquet", customers=300, seed=2, start=START)
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


@pytest.mark.parametrize("chunk_rows", [1, 777, 5_000])
def test_chunk_size_changes_the_cut_not_the_data(chunk_rows: int) -> None:
    options: dict[str, object] = {"customers": 900, "seed": 3, "block_customers": 256}
    whole = table(chunk_rows=10**9, **options)
    batches = list(generate_events(chunk_rows=chunk_rows, **options))  # type: ignore[arg-type]
    assert all(b.num_rows == chunk_rows for b in batches[:-1])
    assert pa.Table.from_batches(batches).equals(whole)


def test_events_limit_cuts_the_log_at_exactly_that_many_rows() -> None:
    log = table(events=12_345, seed=4, block_customers=500)
    assert log.num_rows == 12_345
    assert log["row"].to_pylist() == list(range(1, 12_346))


def test_customers_limit_gives_that_many_customers() -> None:
    log = table(customers=1_234, seed=4, block_customers=500)
    assert pc.count_distinct(log["case_id"]).as_py() == 1_234


# ------------------------------------------------------------------------------ schema
def test_schema_is_the_canonical_one_with_or_without_steps() -> None:
    assert table(customers=50, seed=1).schema == EVENT_SCHEMA
    assert table(customers=50, seed=1, with_steps=True).schema == MATCHED_SCHEMA


def test_timestamps_are_naive_utc_after_start() -> None:
    aware = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
    log = table(customers=200, seed=1, start=aware)
    assert log.schema.field("timestamp").type == pa.timestamp("us")
    assert pc.min(log["timestamp"]).as_py() >= datetime(2025, 3, 1, 2, 0)


def test_events_of_a_customer_follow_the_map_order_mostly() -> None:
    log = bank_log()
    ordered = log.filter(pc.is_valid(log["step_index"])).sort_by(
        [("case_id", "ascending"), ("timestamp", "ascending")]
    )
    case = ordered["case_id"].to_numpy(zero_copy_only=False)
    index = ordered["step_index"].to_numpy()
    same = case[1:] == case[:-1]
    forward = index[1:][same] >= index[:-1][same]
    assert forward.mean() > 0.95  # going back happens, but rarely
    assert forward.mean() < 1.0


# ------------------------------------------------------------------------------ realism
def test_about_eight_events_per_customer_on_average() -> None:
    for log, customers in ((bank_log(), 20_000), (table(customers=5_000, seed=9), 5_000)):
        assert 7.2 < log.num_rows / customers < 8.8


def test_activities_are_the_bank_map_bindings_or_noise() -> None:
    bindings = {b.activity for s in bank_map().steps for b in s.events}
    noise = {name for name, _ in NOISE_ACTIVITIES}
    activities = set(pc.unique(bank_log()["activity"]).to_pylist())
    assert activities <= bindings | noise
    assert noise <= activities
    assert len(activities & bindings) > 0.9 * len(bindings)


def test_bound_channels_are_the_binding_channels() -> None:
    log = bank_log()
    for step in bank_map().steps:
        for binding in step.events:
            if binding.channel and binding.activity != "support_contacted":
                rows = log.filter(pc.equal(log["activity"], binding.activity))
                assert set(pc.unique(rows["channel"]).to_pylist()) <= {binding.channel}


def test_every_step_of_the_bank_map_is_reached() -> None:
    reached = customers_per_step(bank_log())
    assert sorted(reached) == list(range(len(bank_map().steps)))
    assert min(reached.values()) > 100


def test_drop_offs_along_the_main_path_are_monotone_and_concentrated_at_breaking_points() -> None:
    by_id = {s.id: s for s in bank_map().steps}
    stages = bank_map().structure().stages
    log = bank_log()
    counts = []
    for stage in stages:
        rows = log.filter(pc.is_in(log["step"], pa.array(list(stage.steps))))
        counts.append(pc.count_distinct(rows["case_id"]).as_py())
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 20_000  # the two ways in make one stage
    lost = [1 - after / before for before, after in itertools.pairwise(counts)]
    breaking = [lost[i] for i, s in enumerate(stages[:-1]) if by_id[s.id].breaking_point]
    others = [lost[i] for i, s in enumerate(stages[:-1]) if not by_id[s.id].breaking_point]
    assert breaking
    assert min(breaking) > 2 * float(np.median(others))


def test_rejections_are_followed_by_a_resubmission() -> None:
    log = bank_log().sort_by([("case_id", "ascending"), ("timestamp", "ascending")])
    activity = log["activity"].to_pylist()
    case = log["case_id"].to_pylist()
    followers = [
        activity[i + 1]
        for i, name in enumerate(activity[:-1])
        if name == "kyc_rejected" and case[i + 1] == case[i]
    ]
    assert len(followers) > 100
    kyc = {"kyc_submitted", "kyc_approved"}
    resubmitted = np.mean([f in kyc for f in followers])
    assert 0.5 < resubmitted < 0.8  # the others gave up, some of them refused
    assert "application_refused" in followers


def test_back_office_delays_are_longer_than_web_delays() -> None:
    log = bank_log().sort_by([("case_id", "ascending"), ("timestamp", "ascending")])
    steps = log["step"].to_pylist()
    case = log["case_id"].to_numpy(zero_copy_only=False)
    seconds = log["timestamp"].cast(pa.int64()).to_numpy() / 1e6
    delay = np.diff(seconds)
    same = case[1:] == case[:-1]
    into = np.array(steps[1:], dtype=object)

    def median_delay(step_id: str) -> float:
        return float(np.median(delay[same & (into == step_id)]))

    assert median_delay("s-compare-cards") < 3600  # minutes on the web
    assert median_delay("s-card-delivery") > 86400  # days for the card to arrive


def test_scores_are_1_to_5_at_moments_of_truth_and_lower_with_irritants() -> None:
    log = bank_log()
    scored = log.filter(pc.is_valid(log["score"]))
    values = set(pc.unique(scored["score"]).to_pylist())
    assert values <= {1.0, 2.0, 3.0, 4.0, 5.0}
    steps = {s.id: s for s in bank_map().steps}
    listened = {lp.step for lp in bank_map().listening_points}
    scored_steps = set(pc.unique(scored["step"]).to_pylist())
    assert scored_steps
    assert all(steps[s].moment_of_truth or s in listened for s in scored_steps)
    means = {
        row["step"]: row["score_mean"]
        for row in scored.group_by("step").aggregate([("score", "mean")]).to_pylist()
    }
    assert means["s-support"] < means["s-simulate"] - 1  # blocking irritants vs delight


def test_segments_are_the_personas_segments() -> None:
    segments = set(pc.unique(bank_log()["segment"]).to_pylist())
    assert segments == {p.segment for p in bank_map().personas}


def test_noise_activities_bound_to_a_step_are_not_noise() -> None:
    data = bank_map().model_dump()
    simulate = next(i for i, s in enumerate(data["steps"]) if s["id"] == "s-simulate")
    data["steps"][simulate]["events"] = [{"activity": "page_viewed", "channel": "web"}]
    log = table(journey_map=JourneyMap.model_validate(data), customers=500, with_steps=True)
    viewed = log.filter(pc.equal(log["activity"], "page_viewed"))
    assert viewed.num_rows >= 0.8 * 500  # most customers simulate their fees
    assert viewed["step"].null_count == 0


def test_noise_events_mark_no_step() -> None:
    log = bank_log()
    noise = log.filter(pc.is_in(log["activity"], pa.array([n for n, _ in NOISE_ACTIVITIES])))
    assert noise.num_rows > 0
    assert noise["step"].null_count == noise.num_rows


# --------------------------------------------------------------------- synthetic journey
@pytest.mark.parametrize(("n_steps", "detours"), [(10, False), (20, True), (30, True)])
def test_synthetic_journey_has_six_channels_and_is_walked(n_steps: int, detours: bool) -> None:
    m = synthetic_journey(n_steps, seed=1, detours=detours)
    assert len(m.steps) == n_steps
    log = table(journey_map=m, customers=4_000, seed=1, with_steps=True)
    channels = set(pc.unique(log["channel"]).drop_null().to_pylist())
    assert len(channels) == 6
    assert len(customers_per_step(log)) == n_steps


# -------------------------------------------------------------------------- writers, errors
def test_csv_and_parquet_hold_the_same_rows(tmp_path: Path) -> None:
    rows = write_csv(tmp_path / "e.csv", customers=150, seed=8, start=START)
    assert write_parquet(tmp_path / "e.parquet", customers=150, seed=8, start=START) == rows
    from_csv = pacsv.read_csv(tmp_path / "e.csv")
    from_parquet = pq.read_table(tmp_path / "e.parquet")
    assert from_csv.num_rows == from_parquet.num_rows == rows
    assert from_csv["case_id"].to_pylist() == from_parquet["case_id"].to_pylist()


def test_parquet_row_groups_and_dictionary_encoding(tmp_path: Path) -> None:
    target = tmp_path / "e.parquet"
    write_parquet(target, customers=600, seed=8, row_group_rows=1_000)
    meta = pq.read_metadata(target)
    assert meta.num_row_groups == -(-meta.num_rows // 1_000)
    activity = meta.row_group(0).column(2)
    assert activity.path_in_schema == "activity"
    assert any("DICT" in e for e in activity.encodings)


@pytest.mark.parametrize(
    "options", [{}, {"customers": 0}, {"events": -3}, {"customers": 5, "chunk_rows": 0}]
)
def test_sizes_that_cannot_produce_a_log_are_explained(options: dict[str, object]) -> None:
    with pytest.raises(SyntheticLogError) as caught:
        generate_events(**options)  # type: ignore[arg-type]
    assert caught.value.message("fr") != caught.value.message("en")


def test_a_map_without_bound_steps_is_refused() -> None:
    bare = JourneyMap.model_validate(
        {"journey": {"title": "t"}, "steps": [{"id": "s-1", "name": "One"}]}
    )
    with pytest.raises(SyntheticLogError, match="no step"):
        generate_events(bare, customers=3)
