"""Themes per step and polarity: deterministic, with counts, trend, quotes and overrides."""

from __future__ import annotations

import random
from datetime import date

from text_eval_data import bank_map

from parcours.analytics.text import StepAssigner, Verbatim, read_verbatims
from parcours.model.theme import ThemeOverride

FEES = [
    Verbatim("Les frais à l'étranger sont bien trop chers", "s-monthly", date(2026, 9, 3)),
    Verbatim("Fees abroad are a rip-off", "s-monthly", date(2026, 10, 14)),
    Verbatim(
        "3 % de commission sur chaque paiement en devises, scandaleux",
        "s-monthly",
        date(2026, 10, 20),
    ),
    Verbatim("Hidden fees on my statement", "s-monthly", date(2026, 10, 2)),
    Verbatim("Pas de frais à l'étranger, parfait", "s-monthly", date(2026, 10, 5)),
    Verbatim("45 minutes d'attente au téléphone", "s-support", date(2026, 9, 10)),
    Verbatim("Waited an hour on the phone line", "s-support", date(2026, 10, 11)),
]


def keyed(analysis_themes: tuple) -> list[tuple[str | None, str, str, int]]:  # type: ignore[type-arg]
    return [(t.step, t.polarity.value, t.key, t.count) for t in analysis_themes]


def test_hand_computed_themes_counts_trend_and_quotes() -> None:
    result = read_verbatims(FEES, lang="fr", step_order=["s-monthly", "s-support"])
    assert keyed(result.themes) == [
        ("s-monthly", "negative", "fees_abroad", 3),
        ("s-monthly", "negative", "hidden_fees", 1),
        ("s-monthly", "positive", "fees_abroad", 1),
        ("s-support", "negative", "phone_wait", 2),
    ]
    fees_abroad = result.themes[0]
    assert fees_abroad.label == "frais à l'étranger"
    assert fees_abroad.share == 0.75
    assert fees_abroad.trend == ((date(2026, 9, 1), 1), (date(2026, 10, 1), 2))
    assert len(fees_abroad.quotes) == 3 and set(fees_abroad.quotes) <= {v.text for v in FEES}


def test_themes_do_not_depend_on_the_input_order() -> None:
    shuffled = list(FEES)
    random.Random(7).shuffle(shuffled)
    first = read_verbatims(FEES, step_order=["s-monthly", "s-support"])
    second = read_verbatims(shuffled, step_order=["s-monthly", "s-support"])
    assert [t.to_dict() for t in first.themes] == [t.to_dict() for t in second.themes]


def test_rename_merge_and_pin_stay_applied() -> None:
    overrides = [
        ThemeOverride(theme="fees_abroad", action="rename", label="Frais en devises"),
        ThemeOverride(theme="hidden_fees", action="merge", into="fees_abroad"),
        ThemeOverride(theme="card_delivery", action="pin", step="s-card-delivery"),
    ]
    result = read_verbatims(
        FEES,
        lang="fr",
        overrides=overrides,
        step_order=["s-card-delivery", "s-monthly", "s-support"],
    )
    first = result.themes[0]
    assert (first.step, first.key, first.count, first.pinned) == (
        "s-card-delivery",
        "card_delivery",
        0,
        True,
    )
    merged = next(t for t in result.themes if t.step == "s-monthly" and t.polarity == "negative")
    assert (merged.key, merged.label, merged.count, merged.merged_from) == (
        "fees_abroad",
        "Frais en devises",
        4,
        ("hidden_fees",),
    )
    assert result.readings[3].theme == "fees_abroad"


def test_keyword_themes_for_what_the_catalogue_does_not_know() -> None:
    verbatims = [
        Verbatim(t, "s-x")
        for t in (
            "Le parking du magasin est plein",
            "Parking toujours complet",
            "Parking introuvable",
            "Une remarque isolée",
        )
    ]
    keys = [t.key for t in read_verbatims(verbatims).themes]
    assert "kw:parking" in keys and "other" in keys


def test_unlabelled_verbatims_are_assigned_then_themed_and_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    verbatims = [Verbatim("Waited 50 minutes on hold to report a stolen card")] * 600
    result = read_verbatims(
        verbatims,
        assigner=StepAssigner.from_map(bank_map("en")),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (600, 600) and calls[0] == (256, 600)
    assert {r.step_source for r in result.readings} == {"text"}
    assert [(t.step, t.key, t.count) for t in result.themes] == [("s-support", "card_blocked", 600)]


def test_blank_verbatims_are_counted_but_never_quoted() -> None:
    result = read_verbatims([Verbatim(""), Verbatim("  "), Verbatim("Bonjour")])
    assert [(t.key, t.count, t.quotes) for t in result.themes] == [("other", 3, ("Bonjour",))]
