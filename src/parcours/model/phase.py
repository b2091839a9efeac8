"""Lifecycle phases: ordered groups of steps (discovery, purchase, onboarding...)."""

from __future__ import annotations

from parcours.model.base import ElementId, Model, NonEmptyText
from parcours.model.vocabulary import PhaseKind


class Phase(Model):
    """A lifecycle phase. Its ``kind`` says where it stands relative to the purchase.

    >>> Phase(id="ph-discover", name="Découverte", kind="discovery").is_before_purchase
    True
    """

    id: ElementId
    name: NonEmptyText
    kind: PhaseKind = PhaseKind.CUSTOM
    description: str = ""
    before_purchase: bool | None = None
    """Only for ``custom`` phases: whether the phase comes before the act of purchase."""

    @property
    def is_before_purchase(self) -> bool | None:
        """True/False when known from the kind or the explicit flag, else None."""
        if self.kind is PhaseKind.CUSTOM:
            return self.before_purchase
        return self.kind.before_purchase

    @property
    def is_after_purchase(self) -> bool | None:
        """True when the phase follows the act of purchase (reception, use, support)."""
        if self.kind is PhaseKind.CUSTOM:
            return None if self.before_purchase is None else False
        return self.kind.after_purchase
