"""Rich journey maps for the report tests: every lane filled, measurements, long journeys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from parcours.model import JourneyMap

PHASES = [
    ("ph-discovery", "Discovery", "discovery"),
    ("ph-info", "Information search", "information_search"),
    ("ph-purchase", "Subscription", "purchase"),
    ("ph-onboarding", "Welcome", "onboarding"),
    ("ph-use", "First use", "first_use"),
    ("ph-support", "After-sales", "support"),
]

STEP_NAMES = [
    "Notice an advert on social media",
    "Read a comparison site",
    "Simulate the yearly fees",
    "Compare the card offers",
    "Read the FAQ about fees",
    "Fill in the online form",
    "Prove identity with a selfie video",
    "Sign the contract electronically",
    "Receive the welcome email",
    "Receive the card by post",
    "Activate the card in the app",
    "Make the first card payment",
    "Transfer salary to the account",
    "Set up mobile payment",
    "Ask the chatbot a question",
    "Call the customer service",
    "Report a lost card",
    "Recommend the bank to a friend",
]

HOSTILE_PERSONA = '<script>alert("x")</script> Zoé & "Ben"'
"""A persona name full of characters HTML must escape."""


def _step(index: int, phase: str, personas: list[str]) -> dict[str, Any]:
    n = index + 1
    sid = f"s-{n:02d}"
    return {
        "id": sid,
        "name": STEP_NAMES[index],
        "phase": phase,
        "actions": [
            f"The customer opens the page of step {n} and reads the conditions carefully",
            "Enters the requested information in the form fields",
            "Checks the summary before confirming",
        ],
        "touchpoints": [
            {"channel": "web", "name": f"Web page {n}", "owner_team": "Digital"},
            {"channel": "app" if n % 2 else "email", "name": "Mobile journey"},
        ],
        "emotions": [
            {
                "persona": pid,
                "score": ((n + k) % 5) - 2,
                "word": ["worried", "impatient", "neutral", "reassured", "delighted"][(n + k) % 5],
                "reason": "Because the conditions are clear or not depending on the step",
            }
            for k, pid in enumerate(personas)
        ],
        "irritants": [
            {"text": f"The fees of step {n} are hard to find in the documents", "severity": 3},
            {"text": "Too many fields to fill in on a small phone screen", "severity": 1},
        ]
        if n % 3
        else [],
        "enchantments": [{"text": "Instant confirmation with a clear summary"}] if n % 2 else [],
        "moment_of_truth": n % 4 == 3,
        "breaking_point": n % 5 == 2,
        "data_collected": [
            {
                "name": "Email address",
                "category": "personal",
                "purpose": "contact",
                "system": "CRM",
            },
            {"name": "Pages viewed", "category": "behavioural", "system": "Web analytics"},
            {"name": "Amount of the first deposit", "category": "transactional"},
            {"name": "Device fingerprint"},
        ],
        "stakeholders": [
            {"name": "Customer advisor", "office": "front", "deliverable": "answers in 2 min"},
            {"name": "Compliance officer", "office": "back", "deliverable": "KYC decision"},
        ],
        "blueprint": {
            "evidence": [f"Screen {n}"],
            "frontstage": ["Form validation"],
            "backstage": ["Identity check"],
            "support": ["Card manufacturer"],
            "systems": ["Core banking"],
        },
        "metrics": [
            {
                "name": "Conversion from previous step",
                "unit": "%",
                "target": 60,
                "alert_threshold": 40,
                "measure": "conversion_from_previous",
                "source": "Event log",
            },
            {
                "name": "Median delay",
                "unit": "h",
                "target": 2,
                "alert_threshold": 6,
                "direction": "lower_is_better",
                "measure": "delay_median_seconds",
            },
        ],
        "custom": {"regulation": f"Rule {n}: information duty before signature"},
    }


def rich_map(step_count: int, *, language: str = "en") -> JourneyMap:
    """A map with ``step_count`` steps spread over six phases, every lane filled."""
    personas = ["p-young", "p-family", "p-free"]
    per_phase = max(1, -(-step_count // len(PHASES)))
    steps = [
        _step(i, PHASES[min(i // per_phase, len(PHASES) - 1)][0], personas)
        for i in range(step_count)
    ]
    used_phases = {s["phase"] for s in steps}
    data: dict[str, Any] = {
        "language": language,
        "journey": {
            "title": "Open an online bank account",
            "scope": "A prospect opens an account with a card online, paying the least fees",
            "objective": "Have a working account and card quickly, with no hidden fees",
            "expectations": ["Know the fees before committing", "Open it in 15 minutes"],
            "owner": "Customer experience team",
            "updated": "2025-02-14",
            "timezone": "Europe/Paris",
        },
        "personas": [
            {
                "id": "p-young",
                "name": "Léa, 24, young professional",
                "segment": "young_active",
                "description": "First job in Lyon, does everything on her phone.",
                "goals": ["Pay no account fees", "Pay abroad without commission"],
                "needs": ["A fully mobile subscription"],
                "frustrations": ["Unreadable fee schedules"],
                "preferred_channels": ["app", "web", "social"],
                "quote": "I want to know exactly what I will pay.",
            },
            {
                "id": "p-family",
                "name": "Karim and Sophie, family",
                "segment": "family",
                "goals": ["A joint account without missing a direct debit"],
                "needs": ["Help to move the direct debits"],
                "frustrations": ["Doing everything twice"],
                "preferred_channels": ["web", "phone"],
                "quote": "Switching is fine if nothing gets lost.",
            },
            {
                "id": "p-free",
                "name": HOSTILE_PERSONA,
                "segment": "freelance",
                "goals": ["High card limits"],
                "preferred_channels": ["live_chat"],
            },
        ],
        "phases": [
            {"id": pid, "name": name, "kind": kind}
            for pid, name, kind in PHASES
            if pid in used_phases
        ],
        "steps": steps,
        "custom_lanes": [
            {"id": "regulation", "name": "Regulation", "description": "Legal duties"},
        ],
        "listening_points": [
            {
                "step": s["id"],
                "questions": ["How easy was this step?", "What almost stopped you?"],
                "medium": "email_hot",
                "target": "Prospects who reached the step",
                "timing": "within 1 hour",
                "frequency": "continuous",
                "alert_threshold": {
                    "indicator": "CSAT",
                    "comparator": "below",
                    "value": 80,
                    "unit": "%",
                },
            }
            for s in steps
            if s["moment_of_truth"]
        ],
        "opportunities": [
            {
                "title": "Fee simulator on the home page",
                "impact": 5,
                "effort": 2,
                "steps": [steps[0]["id"]],
                "owner": "Digital",
                "status": "planned",
            },
            {
                "title": "Selfie video fallback by phone",
                "impact": 4,
                "effort": 4,
                "steps": [steps[-1]["id"]],
                "status": "idea",
            },
            {"title": "Rename the card plans", "impact": 2, "effort": 1, "status": "done"},
        ],
        "measurements": [
            {
                "id": "snap-1",
                "taken_at": datetime(2025, 2, 28, 23, 30, tzinfo=UTC),
                "source": "events.csv",
                "values": [
                    {
                        "step": s["id"],
                        "measure": "conversion_from_previous",
                        "value": 0.35 if i % 2 else 0.72,
                    }
                    for i, s in enumerate(steps)
                ]
                + [{"step": steps[0]["id"], "measure": "delay_median_seconds", "value": 5400}],
            }
        ],
    }
    return JourneyMap.model_validate(data).assign_missing_ids()


@pytest.fixture(scope="session")
def make_map() -> Callable[..., JourneyMap]:
    """The factory of rich maps: ``make_map(step_count, language="en")``."""
    return rich_map


@pytest.fixture(scope="session")
def hostile_name() -> str:
    """A persona name of the rich maps that HTML must escape."""
    return HOSTILE_PERSONA


@pytest.fixture(scope="session")
def map6() -> JourneyMap:
    """A six-step map (one page of grid)."""
    return rich_map(6)


@pytest.fixture(scope="session")
def map18() -> JourneyMap:
    """An eighteen-step map: the grid must split across pages."""
    return rich_map(18)


@pytest.fixture(scope="session")
def map18_fr() -> JourneyMap:
    """The long map declared in French."""
    return rich_map(18, language="fr")


# ------------------------------------------------------------ journey structure (roles)
STRUCTURED_STEPS: list[tuple[str, str, dict[str, Any]]] = [
    ("form", "Fill in the online form", {}),
    ("docs", "Send documents", {}),
    (
        "rejected",
        "Document rejected",
        {
            "role": "exception",
            "returns_to": "docs",
            "review": "Sends customers back to Send documents",
        },
    ),
    ("refused", "Application refused", {"role": "outcome", "outcome": "failure"}),
    ("sign-web", "Sign online", {}),
    ("support", "Call the customer service", {"role": "optional"}),
    ("sign-branch", "Sign in a branch", {"alternative_of": "sign-web"}),
    ("opened", "Account opened", {"role": "outcome", "outcome": "success"}),
]
"""The steps of :func:`structured_map`, in map order: a refusal declared before the
signature, an alternative declared after an optional step (the views reorder them)."""

STRUCTURED_EVENTS: dict[str, list[str]] = {
    "c1": ["form", "docs", "sign-web", "opened"],
    "c2": ["form", "docs", "rejected", "docs", "sign-branch", "opened"],
    "c3": ["form", "docs", "rejected", "docs", "rejected", "refused"],
    "c4": ["form", "support", "docs", "sign-web", "opened"],
    "c5": ["form", "docs"],
    "c6": ["form"],
    "c7": ["form", "docs", "sign-web", "opened"],
    "c8": ["form", "refused"],
    "c9": ["form", "docs", "rejected"],
}
"""A hand-made log: 9 customers enter; 4 succeed (c1 c2 c4 c7), 2 are refused (c3 c8) and
3 end with no outcome (c5 c6 c9). "Document rejected" is taken by 3 (c2 c3 c9) with 4
events; 1 of them converts (1/3) against 3 of the 6 others (1/2). "Call the customer
service" is taken by c4 only, who converts."""


def structured_map(
    *, language: str = "en", hostile: str = "", measured: bool = False
) -> JourneyMap:
    """A bank account opening with every role: main path, an exception with a declared
    loop, an optional step, an alternative and two outcomes. ``hostile`` is appended to
    the outcome names and review notes (escaping tests); ``measured`` adds the snapshot
    of :data:`STRUCTURED_EVENTS` (analysed through the services)."""
    steps = []
    for index, (sid, name, extra) in enumerate(STRUCTURED_STEPS):
        step = _step(index, "ph-purchase" if index < 3 else "ph-onboarding", ["p-young"])
        step.update(id=sid, name=name, events=[{"activity": sid}], **extra)
        step["metrics"] = []
        step["custom"] = {}
        if extra.get("role") == "outcome" and hostile:
            step["name"] = f"{name} {hostile}"
        if "review" in extra and hostile:
            step["review"] = f"{extra['review']} {hostile}"
        steps.append(step)
    data: dict[str, Any] = {
        "language": language,
        "journey": {"title": "Open a bank account", "timezone": "Europe/Paris"},
        "personas": [{"id": "p-young", "name": "Léa, 24"}],
        "phases": [
            {"id": "ph-purchase", "name": "Apply", "kind": "purchase"},
            {"id": "ph-onboarding", "name": "Decide", "kind": "onboarding"},
        ],
        "steps": steps,
    }
    m = JourneyMap.model_validate(data).assign_missing_ids()
    if not measured:
        return m
    from parcours.analytics.options import AnalysisOptions
    from parcours.services.analysis import analyze_map

    outcome = analyze_map(
        m,
        structured_log(),
        options=AnalysisOptions(window_seconds=None),
        taken_at=datetime(2026, 3, 1, 12, 0),
    )
    return outcome.journey_map


def structured_log() -> Any:
    """:data:`STRUCTURED_EVENTS` as a pandas DataFrame (one hour between two events)."""
    import pandas as pd

    rows = []
    start = datetime(2026, 2, 1, 9, 0)
    for number, (case, activities) in enumerate(STRUCTURED_EVENTS.items()):
        for hour, activity in enumerate(activities):
            rows.append(
                {
                    "customer_id": case,
                    "event": activity,
                    "timestamp": pd.Timestamp(start) + pd.Timedelta(days=number, hours=hour),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def structured_analysis() -> Any:
    """The analysis outcome of :data:`STRUCTURED_EVENTS` on :func:`structured_map`."""
    from parcours.analytics.options import AnalysisOptions
    from parcours.services.analysis import analyze_map

    return analyze_map(
        structured_map(),
        structured_log(),
        options=AnalysisOptions(window_seconds=None),
        taken_at=datetime(2026, 3, 1, 12, 0),
    )
