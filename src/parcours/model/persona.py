"""Personas: the archetypal customers whose experience the map estimates."""

from __future__ import annotations

from pydantic import Field

from parcours.model.base import ElementId, Model, NonEmptyText
from parcours.model.vocabulary import Channel


class Persona(Model):
    """An archetypal customer.

    >>> Persona(id="p-young", name="Léa, 24").name
    'Léa, 24'
    """

    id: ElementId
    name: NonEmptyText
    description: str = ""
    segment: str = ""
    """Segment in the customer data (used to compare measured values per persona)."""
    goals: list[str] = Field(default_factory=list)
    needs: list[str] = Field(default_factory=list)
    frustrations: list[str] = Field(default_factory=list)
    preferred_channels: list[Channel] = Field(default_factory=list)
    quote: str = ""
