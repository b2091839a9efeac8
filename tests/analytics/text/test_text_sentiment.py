"""Sentiment: negations, factual complaints, irony, mixed feelings (hand-written cases)."""

from __future__ import annotations

import pytest

from parcours.analytics.text import Polarity, score_sentiment

NEGATIONS = [
    ("Pas mal du tout", Polarity.POSITIVE),
    ("not bad", Polarity.POSITIVE),
    ("Je n'ai jamais eu de problème avec cette banque", Polarity.POSITIVE),
    ("Never had a problem with the card", Polarity.POSITIVE),
    ("Aucun souci à signaler", Polarity.POSITIVE),
    ("Ce n'est pas clair du tout", Polarity.NEGATIVE),
    ("The app is not intuitive", Polarity.NEGATIVE),
    ("Pas terrible, le site", Polarity.NEGATIVE),
    ("Pas de frais cachés", Polarity.POSITIVE),
]

FACTUAL_COMPLAINTS = [
    "45 minutes d'attente au téléphone",
    "On m'a prélevé deux fois",
    "I was charged twice for the same order",
    "Still no card after three weeks",
    "Toujours pas reçu ma carte",
    "J'ai appelé 4 fois",
    "Waited 50 minutes on hold",
    "Le remboursement prend trois semaines",
]


@pytest.mark.parametrize(("text", "expected"), NEGATIONS)
def test_negations_flip_the_word_they_reach(text: str, expected: Polarity) -> None:
    assert score_sentiment(text).label is expected


@pytest.mark.parametrize("text", FACTUAL_COMPLAINTS)
def test_factual_complaints_are_negative_without_any_opinion_word(text: str) -> None:
    result = score_sentiment(text)
    assert result.label is Polarity.NEGATIVE
    assert any(cue.startswith("[") for cue in result.cues)


@pytest.mark.parametrize(
    "text", ["Carte reçue en 2 jours", "Delivered within 3 days", "Compte ouvert le 12 mars"]
)
def test_a_quick_duration_or_a_plain_fact_is_not_a_complaint(text: str) -> None:
    assert score_sentiment(text).label is not Polarity.NEGATIVE


@pytest.mark.parametrize(
    "text",
    [
        "Génial, encore 40 minutes d'attente",
        "Great, another 40 minutes waiting",
        "Bravo, débité deux fois pour le même achat",
        "Merci pour rien",
        "Super, colis perdu pour la deuxième fois",
    ],
)
def test_irony_next_to_a_complaint_reads_negative(text: str) -> None:
    assert score_sentiment(text).label is Polarity.NEGATIVE


def test_mixed_feelings_weigh_what_comes_after_but() -> None:
    negative = score_sentiment("Conseiller aimable mais 40 minutes d'attente")
    positive = score_sentiment("A bit of a wait, but the adviser solved everything, great")
    assert negative.mixed and negative.label is Polarity.NEGATIVE
    assert positive.label is Polarity.POSITIVE


def test_fees_is_a_neutral_banking_word_not_fresh() -> None:
    assert score_sentiment("Les frais de la carte").label is Polarity.NEUTRAL
    assert score_sentiment("Fees of the card").valence == 0.0


@pytest.mark.parametrize("text", ["", "!!!", "arnaque " * 50, "super " * 50])
def test_valence_stays_within_bounds(text: str) -> None:
    assert -1.0 <= score_sentiment(text).valence <= 1.0


def test_valence_is_hand_computable() -> None:
    # "rapide" scores 2: valence = 2 / sqrt(2**2 + 4)
    assert score_sentiment("rapide").valence == pytest.approx(2 / 8**0.5, abs=1e-4)
