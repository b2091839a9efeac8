"""Step assignment from the map's words."""

from __future__ import annotations

import pytest
from text_eval_data import bank_map

from parcours.analytics.text import StepAssigner, StepText


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("45 minutes d'attente au téléphone pour bloquer ma carte", "s-support"),
        ("Waited 50 minutes on hold to report a stolen card", "s-support"),
        ("Ma carte n'est jamais arrivée par la poste", "s-card-delivery"),
        ("The selfie check keeps failing", "s-kyc"),
        ("Signature du contrat en un clic", "s-esign"),
        ("I referred two friends and got the bonus", "s-referral"),
    ],
)
def test_a_telling_verbatim_lands_on_its_step_in_either_map_language(
    lang: str, text: str, step: str
) -> None:
    assert StepAssigner.from_map(bank_map(lang)).assign(text).step == step


@pytest.mark.parametrize("text", ["Very good bank, I recommend it", "Bonjour", "", "Avoid"])
def test_a_vague_verbatim_is_unassigned(text: str) -> None:
    assert StepAssigner.from_map(bank_map("en")).assign(text).step is None


def test_a_close_runner_up_means_unassigned() -> None:
    assigner = StepAssigner(
        [StepText("a", ("Pay with the card",)), StepText("b", ("Receive the card",))],
        min_margin=0.05,
    )
    result = assigner.assign("card")
    assert result.step is None
    assert result.score == result.runner_up_score
