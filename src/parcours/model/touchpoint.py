"""Touchpoints: where and through which channel the customer meets the company."""

from __future__ import annotations

from parcours.model.base import ElementId, Model
from parcours.model.vocabulary import Channel


class Touchpoint(Model):
    """A point of contact at a step.

    >>> Touchpoint(channel="web", name="Simulateur de frais").channel.value
    'web'
    """

    id: ElementId | None = None
    channel: Channel
    name: str = ""
    owner_team: str = ""
    """The team that owns this touchpoint (e.g. "Digital", "Relation client")."""
