"""Rules about what the customer does at each step (the customer-actions lane).

An action is *precise* when it names who does what on what, in at least
:data:`MIN_ACTION_WORDS` words ("Enters their IBAN in the transfer form"), does not end an
open list ("etc.", "..."), and is not repeated within the step.

>>> is_open_ended("Fills in the form, etc.")
True
>>> word_count("Saisit son IBAN")
3
"""

from __future__ import annotations

import re

from parcours.model import JourneyMap, Step
from parcours.rubric.finding import Finding, ParamValue, Severity
from parcours.rubric.rule import Rule

MIN_ACTION_WORDS = 4
"""Fewer words than this cannot say who does what on what."""

_OPEN_ENDED = re.compile(r"(\betc\b\.?|\.\.\.|…)\s*$", re.IGNORECASE)


def word_count(text: str) -> int:
    """The number of whitespace-separated words of ``text``.

    >>> word_count("  Il  ouvre l’application ")
    3
    """
    return len(text.split())


def is_open_ended(text: str) -> bool:
    """Whether ``text`` ends an enumeration left open (``etc.``, ``...``, ``…``).

    >>> is_open_ended("Compare les offres…"), is_open_ended("Compare les offres.")
    (True, False)
    """
    return _OPEN_ENDED.search(text.strip()) is not None


def _step_actions(m: JourneyMap) -> list[Finding]:
    return [STEP_ACTIONS.finding(s.id, "none", step=s.name) for s in m.steps if not s.actions]


def _action_precision(m: JourneyMap) -> list[Finding]:
    return [finding for step in m.steps for finding in _imprecise_actions(step)]


def _imprecise_actions(step: Step) -> list[Finding]:
    rule = ACTION_PRECISION
    findings: list[Finding] = []
    seen: set[str] = set()
    for number, action in enumerate(step.actions, start=1):
        normalized = " ".join(action.casefold().split())
        where: dict[str, ParamValue] = {"step": step.name, "number": number, "action": action}
        if normalized in seen:
            findings.append(rule.finding(step.id, "duplicate", **where))
        elif word_count(action) < MIN_ACTION_WORDS:
            findings.append(rule.finding(step.id, "short", minimum=MIN_ACTION_WORDS, **where))
        elif is_open_ended(action):
            findings.append(rule.finding(step.id, "open", **where))
        seen.add(normalized)
    return findings


STEP_ACTIONS = Rule("step-actions", Severity.ERROR, _step_actions)
ACTION_PRECISION = Rule("action-precision", Severity.WARNING, _action_precision)
