"""Theme overrides: how people correct the themes found in verbatims, kept in the map.

Themes of irritants and enchantments are proposed by ``parcours.analytics.text``; a person
can rename one, merge it into another, or pin it so that it is always shown even when few
verbatims mention it. The overrides are saved in the map (``theme_overrides``) and applied
on every analysis, so a correction is made once.

>>> ThemeOverride(theme="fees_abroad", action="rename", label="Frais en devises").label
'Frais en devises'
>>> ThemeOverride(theme="phone", action="merge", into="phone_wait").into
'phone_wait'
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import model_validator

from parcours.model.base import ElementId, Model


class ThemeAction(StrEnum):
    """What an override does to a theme."""

    RENAME = "rename"
    MERGE = "merge"
    PIN = "pin"


class ThemeOverride(Model):
    """One correction of a proposed theme.

    ``theme`` is the theme's key as the analysis reports it (e.g. ``fees_abroad``, or
    ``kw:word`` for a theme found by keyword extraction). ``step`` limits the override to
    one step (default: every step).
    """

    theme: str
    action: ThemeAction
    label: str | None = None
    """The new label (rename), or the label to show (pin; optional)."""
    into: str | None = None
    """The theme key this one is merged into (merge)."""
    step: ElementId | None = None

    @model_validator(mode="after")
    def _complete(self) -> ThemeOverride:
        if self.action is ThemeAction.RENAME and not self.label:
            raise ValueError(f"theme override '{self.theme}': rename needs a label")
        if self.action is ThemeAction.MERGE and not self.into:
            raise ValueError(f"theme override '{self.theme}': merge needs 'into'")
        return self
