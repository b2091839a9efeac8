"""How ``parcours discover`` shows the role it proposed for each step."""

from __future__ import annotations

from parcours.cli.messages import MESSAGES
from parcours.model import JourneyMap, Step


def role_text(journey_map: JourneyMap, step: Step, lang: str) -> str:
    """A step's role in a few words: ``outcome (success)``, ``exception → Send documents``,
    ``main path (or Sign online)``.

    >>> m = JourneyMap(journey={"title": "T"}, steps=[
    ...     {"id": "send", "name": "Send documents"},
    ...     {"id": "rejected", "name": "Rejected", "role": "exception", "returns_to": "send"},
    ...     {"id": "ok", "name": "Opened", "role": "outcome", "outcome": "success"}])
    >>> [role_text(m, s, "en") for s in m.steps]
    ['main path', 'exception → Send documents', 'outcome (success)']
    """
    names = {s.id: s.name for s in journey_map.steps}
    text = MESSAGES.text(f"discover.{step.role.value}", lang)
    if step.outcome is not None:
        text += f" ({MESSAGES.text(f'discover.{step.outcome.value}', lang)})"
    if step.alternative_of is not None:
        text += " " + MESSAGES.text(
            "discover.alternative", lang, step=names.get(step.alternative_of, "")
        )
    if step.returns_to is not None:
        text += f" → {names.get(step.returns_to, step.returns_to)}"
    return text
