"""The structure of a journey: its main path, detours, loops and outcomes.

A map lists its steps in one order, but a journey is not a line. Each step has a
:class:`~parcours.model.vocabulary.StepRole`:

- the **main path** is the sequence of *stages*: each ``core`` step is a stage, in map
  order, unless it names another core step in ``alternative_of``, in which case it is one
  more way to reach that step's stage (sign online *or* in a branch);
- ``optional`` and ``exception`` steps are **detours**: they never block the main path;
- ``outcome`` steps are the journey's **outcomes**, each a success or a failure;
- a step's ``returns_to`` declares an expected **loop** back to an earlier step.

:func:`structure_of` reads it from the steps; the analytics measure the funnel over the
stages, the detours beside them and the outcomes at the end.

>>> from parcours.model.step import Step
>>> steps = [Step(id="apply", name="Apply"),
...          Step(id="sign-web", name="Sign online"),
...          Step(id="sign-branch", name="Sign in a branch", alternative_of="sign-web"),
...          Step(id="rejected", name="Document rejected", role="exception",
...               returns_to="apply"),
...          Step(id="opened", name="Account opened", role="outcome", outcome="success")]
>>> s = structure_of(steps)
>>> [stage.steps for stage in s.stages]
[('apply',), ('sign-web', 'sign-branch')]
>>> s.detours, s.loops, s.success_outcomes
(('rejected',), (('rejected', 'apply'),), ('opened',))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parcours.model.step import Step
from parcours.model.vocabulary import OutcomeKind, StepRole


@dataclass(frozen=True)
class Stage:
    """One stage of the main path: a core step and its alternatives (first: the core step
    that names the stage)."""

    steps: tuple[str, ...]

    @property
    def id(self) -> str:
        """The id of the core step that names the stage."""
        return self.steps[0]


@dataclass(frozen=True)
class JourneyStructure:
    """The main path, detours, loops and outcomes of a map (step ids, in map order)."""

    stages: tuple[Stage, ...]
    detours: tuple[str, ...]
    """Optional and exception steps."""
    outcomes: tuple[tuple[str, OutcomeKind], ...]
    """Outcome steps and their kind."""
    loops: tuple[tuple[str, str], ...]
    """Declared loops ``(step, returns_to)``."""
    exceptions: tuple[str, ...] = ()
    """The detours that are exception steps (the others are optional)."""

    @property
    def success_outcomes(self) -> tuple[str, ...]:
        """Ids of the success outcomes."""
        return tuple(s for s, kind in self.outcomes if kind is OutcomeKind.SUCCESS)

    @property
    def failure_outcomes(self) -> tuple[str, ...]:
        """Ids of the failure outcomes."""
        return tuple(s for s, kind in self.outcomes if kind is OutcomeKind.FAILURE)

    @property
    def is_line(self) -> bool:
        """True when every step is a stage of its own (the map is one straight line)."""
        return not self.detours and not self.outcomes and all(
            len(stage.steps) == 1 for stage in self.stages
        )

    def stage_of(self, step_id: str) -> int | None:
        """The position of the stage a step belongs to (None: not on the main path)."""
        for position, stage in enumerate(self.stages):
            if step_id in stage.steps:
                return position
        return None


def structure_of(steps: Sequence[Step]) -> JourneyStructure:
    """The structure the roles of ``steps`` describe (see the module docstring).

    An ``alternative_of`` that names no core step is ignored here (the map's validation
    reports it).
    """
    core = [s for s in steps if s.role is StepRole.CORE]
    heads = {s.id for s in core if s.alternative_of is None}
    stages: list[list[str]] = []
    index: dict[str, int] = {}
    for step in core:
        head = step.alternative_of
        if head is not None and head in heads and head in index:
            stages[index[head]].append(step.id)
            continue
        index[step.id] = len(stages)
        stages.append([step.id])
    return JourneyStructure(
        stages=tuple(Stage(tuple(ids)) for ids in stages),
        detours=tuple(s.id for s in steps if s.is_detour),
        outcomes=tuple(
            (s.id, s.outcome or OutcomeKind.SUCCESS) for s in steps if s.role is StepRole.OUTCOME
        ),
        loops=tuple((s.id, s.returns_to) for s in steps if s.returns_to is not None),
        exceptions=tuple(s.id for s in steps if s.role is StepRole.EXCEPTION),
    )


def line(step_ids: Sequence[str]) -> JourneyStructure:
    """The structure of a straight line of core steps (every step a stage).

    >>> [stage.id for stage in line(["a", "b"]).stages]
    ['a', 'b']
    """
    return JourneyStructure(
        stages=tuple(Stage((step_id,)) for step_id in step_ids),
        detours=(),
        outcomes=(),
        loops=(),
    )
