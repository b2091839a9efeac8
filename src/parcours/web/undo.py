"""Undo and redo over a map's revisions: nothing is ever rewritten or lost.

Undo saves the content of the state before the latest change as a *new* revision (summary
:data:`UNDO_SUMMARY`); redo saves the undone state again (:data:`REDO_SUMMARY`). Any other
revision is a change, which drops the states that could be redone, as in any editor.
The history is read back from the revisions' summaries, so undo and redo work across
reloads, browsers and people, and go through the same compare-and-swap as every save.

>>> history_of([(1, "template"), (2, "step a"), (3, "step b"), (4, UNDO_SUMMARY)])
UndoHistory(states=(1, 2, 3), position=1)
>>> history_of([(1, ""), (2, "x"), (3, UNDO_SUMMARY), (4, "y")]).states
(1, 4)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from parcours.web import maps
from parcours.web.tables import MapRecord, Revision, User

UNDO_SUMMARY = "undo"
REDO_SUMMARY = "redo"


@dataclass(frozen=True)
class UndoHistory:
    """The states a map went through (each as the revision holding it) and where it is."""

    states: tuple[int, ...]
    position: int

    @property
    def undo_target(self) -> int | None:
        """The revision whose content an undo restores, if any.

        >>> UndoHistory((1, 2), 1).undo_target, UndoHistory((1, 2), 0).undo_target
        (1, None)
        """
        return self.states[self.position - 1] if self.position > 0 else None

    @property
    def redo_target(self) -> int | None:
        """The revision whose content a redo restores, if any."""
        if self.position + 1 < len(self.states):
            return self.states[self.position + 1]
        return None


def history_of(revisions: Iterable[tuple[int, str]]) -> UndoHistory:
    """The undo history told by revisions (number, summary), oldest first."""
    states: list[int] = []
    position = -1
    for number, summary in revisions:
        if summary == UNDO_SUMMARY and position > 0:
            position -= 1
        elif summary == REDO_SUMMARY and position + 1 < len(states):
            position += 1
        else:
            states = [*states[: position + 1], number]
            position = len(states) - 1
    return UndoHistory(tuple(states), position)


def map_history(db: DbSession, map_id: int) -> UndoHistory:
    """The undo history of one map (reads numbers and summaries only)."""
    rows = db.execute(
        select(Revision.number, Revision.summary)
        .where(Revision.map_id == map_id)
        .order_by(Revision.number)
    ).all()
    return history_of((number, summary or "") for number, summary in rows)


def step_history(
    db: DbSession, record: MapRecord, author: User, *, base: int, redo: bool
) -> MapRecord | None:
    """Undo (or redo) the latest change of ``record`` as a new revision based on ``base``.

    Returns the saved record, or None when there is nothing to undo (or redo). A stale
    ``base`` raises :class:`~parcours.web.errors.RevisionConflictError`.
    """
    history = map_history(db, record.id)
    target = history.redo_target if redo else history.undo_target
    if target is None:
        return None
    document = db.scalar(
        select(Revision.document).where(Revision.map_id == record.id, Revision.number == target)
    )
    if document is None:
        return None
    title = maps.journey_in(document, record.document_format).journey.title
    summary = REDO_SUMMARY if redo else UNDO_SUMMARY
    return maps.save_text(db, record, document, title, author, base=base, summary=summary)
