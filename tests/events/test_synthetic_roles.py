"""The generator follows the step roles: alternatives, detours, declared loops, outcomes.

Statistics on a seeded log of a small hand-made map, each checked against the share the
generator documents (``parcours.events.synthetic``), within a tolerance.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from parcours.events.synthetic import generate_events, synthetic_journey
from parcours.model import JourneyMap, StepRole

START = datetime(2025, 3, 1)
CUSTOMERS = 20_000


def step(step_id: str, **fields: object) -> dict[str, object]:
    return {"id": step_id, "name": step_id, "events": [{"activity": step_id}], **fields}


@cache
def roles_map() -> JourneyMap:
    return JourneyMap.model_validate(
        {
            "journey": {"title": "Roles"},
            "steps": [
                step("ad"),
                step("comparator", alternative_of="ad"),
                step("simulate"),
                step("faq", role="optional"),
                step("kyc"),
                step("rejected", role="exception", returns_to="kyc"),
                step("refused", role="outcome", outcome="failure"),
                step("sign"),
                step("deposit"),
                step("opened", role="outcome", outcome="success"),
                step("card"),
                step("support", role="exception"),
                step("payment"),
                step("transfer"),
                step("statement"),
            ],
        }
    )


@cache
def journeys() -> dict[str, list[str]]:
    """Each customer's steps in time order (noise left out)."""
    batches = generate_events(
        roles_map(), customers=CUSTOMERS, seed=3, start=START, with_steps=True
    )
    log = pa.Table.from_batches(list(batches))
    log = log.filter(pc.is_valid(log["step"])).sort_by(
        [("case_id", "ascending"), ("timestamp", "ascending"), ("row", "ascending")]
    )
    paths: dict[str, list[str]] = defaultdict(list)
    for case, step_id in zip(log["case_id"].to_pylist(), log["step"].to_pylist(), strict=True):
        paths[case].append(step_id)
    return dict(paths)


def takers(step_id: str) -> set[str]:
    return {case for case, path in journeys().items() if step_id in path}


def test_every_customer_enters_through_exactly_one_alternative() -> None:
    ad, comparator = takers("ad"), takers("comparator")
    assert not ad & comparator
    assert len(ad | comparator) == CUSTOMERS
    assert 0.45 < len(ad) / CUSTOMERS < 0.55


def test_an_optional_step_is_taken_by_about_a_third_and_blocks_nobody() -> None:
    simulated, faq = takers("simulate"), takers("faq")
    assert faq <= simulated
    assert 0.30 < len(faq) / len(simulated) < 0.40
    later = takers("kyc")
    share_on = len(later & faq) / len(faq)
    share_off = len(later & (simulated - faq)) / len(simulated - faq)
    assert abs(share_on - share_off) < 0.03  # the detour changes nothing further on


def test_a_declared_loop_sends_the_customer_back_and_sometimes_twice() -> None:
    kyc, rejected = takers("kyc"), takers("rejected")
    assert rejected <= kyc
    assert 0.14 < len(rejected) / len(kyc) < 0.24
    followers: Counter[str] = Counter()
    twice = 0
    for case in rejected:
        path = [s for s in journeys()[case] if s not in ("support", "faq")]
        twice += path.count("rejected") >= 2
        followers.update(
            path[i + 1] if i + 1 < len(path) else "end"
            for i, s in enumerate(path)
            if s == "rejected"
        )
    assert set(followers) == {"kyc", "refused", "end"}  # back, or given up (some refused)
    assert 0.5 < followers["kyc"] / followers.total() < 0.7
    assert twice > 0.03 * len(rejected)


def test_a_rejection_costs_customers() -> None:
    kyc, rejected, opened = takers("kyc"), takers("rejected"), takers("opened")
    with_rejection = len(rejected & opened) / len(rejected)
    without = len((kyc - rejected) & opened) / len(kyc - rejected)
    assert with_rejection < without - 0.2


def test_exactly_one_outcome_per_decided_customer() -> None:
    outcomes = {"opened", "refused"}
    for case, path in journeys().items():
        assert sum(s in outcomes for s in path) <= 1, case


def test_success_follows_its_place_in_the_path() -> None:
    deposit, opened = takers("deposit"), takers("opened")
    assert opened == deposit  # every customer who makes the deposit has an open account
    for case in list(opened)[:2_000]:
        path = [s for s in journeys()[case] if s not in ("support", "faq", "rejected")]
        assert path[path.index("opened") - 1] == "deposit"
    assert takers("card") <= opened  # the journey goes on after the success


def test_refusals_are_decided_where_they_are_placed_and_end_the_journey() -> None:
    core = {s.id for s in roles_map().steps if s.role is StepRole.CORE}
    refused = takers("refused")
    stopped = {c for c, path in journeys().items() if [s for s in path if s in core][-1] == "kyc"}
    assert refused <= stopped
    assert 0.25 < len(refused) / len(stopped) < 0.35  # the others abandoned: no outcome
    for case in refused:
        assert journeys()[case][-1] == "refused"


def test_an_exception_happens_at_varying_positions() -> None:
    core = {s.id for s in roles_map().steps if s.role is StepRole.CORE}
    before: Counter[str] = Counter()
    for case in takers("support"):
        path = journeys()[case]
        seen = [s for s in path[: path.index("support")] if s in core]
        before[seen[-1]] += 1
    assert len(before) >= 4
    assert max(before.values()) < 0.6 * sum(before.values())


def test_until_cuts_the_log_at_the_extraction_date() -> None:
    until = datetime(2025, 6, 1)
    batches = generate_events(
        roles_map(), customers=3_000, seed=3, start=START, period_days=90, until=until
    )
    log = pa.Table.from_batches(list(batches))
    assert pc.max(log["timestamp"]).as_py() < until
    uncut = pa.Table.from_batches(
        list(generate_events(roles_map(), customers=3_000, seed=3, start=START, period_days=90))
    )
    assert pc.max(uncut["timestamp"]).as_py() > until
    assert pc.count_distinct(log["case_id"]).as_py() == 3_000  # all entered before the cut


def test_synthetic_journey_has_detours_and_outcomes_unless_asked_for_a_line() -> None:
    structure = synthetic_journey(20).structure()
    roles = Counter(s.role for s in synthetic_journey(20).steps)
    assert roles[StepRole.OPTIONAL] == 1 and roles[StepRole.EXCEPTION] == 2
    assert len(structure.success_outcomes) == 1 and len(structure.failure_outcomes) == 1
    assert structure.loops == (("s-06", "s-05"),)
    assert synthetic_journey(20, detours=False).structure().is_line
