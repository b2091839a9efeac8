"""Format versions: files written by older parcours are upgraded when read.

Each format change registers one :class:`Upgrade` from version ``n`` to ``n + 1``;
:func:`upgrade` applies them in turn up to :data:`FORMAT_VERSION`. A file without
``format_version`` is version 1 (the first published format).

Version 0 is the pre-release layout (kept as the worked example of an upgrade):
phases were called ``stages``, a step named its phase with ``stage`` and its emotions
as a mapping ``emotion: {persona-id: score}``.

>>> old = {"format_version": 0, "journey": {"title": "T"},
...        "stages": [{"id": "st-1", "name": "Découverte"}],
...        "steps": [{"id": "s-1", "name": "Pub", "stage": "st-1", "emotion": {"p-1": -1}}]}
>>> new = upgrade(old, 0)
>>> new["phases"][0]["id"], new["steps"][0]["phase"], new["steps"][0]["emotions"]
('st-1', 'st-1', [{'persona': 'p-1', 'score': -1}])
>>> new["format_version"]
3
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from parcours.io.errors import MapFileError, Problem, UpgradeError
from parcours.io.validation import Document, FieldPath, Position
from parcours.model import FORMAT_VERSION

DEFAULT_VERSION = 1
"""The version of a file that does not say (``format_version`` absent)."""

UpgradeFunction = Callable[[dict[str, Any]], dict[str, Any]]
"""Returns the data in the next version (may change its argument)."""

PathMover = Callable[[FieldPath, Mapping[str, Any]], Iterable[FieldPath]]
"""Where a value written at an old path lives after an upgrade (given the old data)."""


@dataclass(frozen=True)
class Upgrade:
    """The change from ``from_version`` to ``from_version + 1``."""

    from_version: int
    apply: UpgradeFunction
    """Returns the data in the next version (may change its argument)."""
    move_path: PathMover | None = None
    """Maps old positions to new paths, so errors still name the right line."""


UPGRADES: dict[int, Upgrade] = {}
"""The registry: upgrade functions by the version they upgrade from."""


def register(
    from_version: int, *, move_path: PathMover | None = None
) -> Callable[[UpgradeFunction], UpgradeFunction]:
    """Decorator adding an upgrade from ``from_version`` to :data:`UPGRADES`."""

    def add(function: UpgradeFunction) -> UpgradeFunction:
        if from_version in UPGRADES:
            raise ValueError(f"an upgrade from version {from_version} is already registered")
        UPGRADES[from_version] = Upgrade(from_version, function, move_path)
        return function

    return add


def upgrade(
    data: Mapping[str, Any],
    from_version: int,
    *,
    to_version: int = FORMAT_VERSION,
    registry: Mapping[int, Upgrade] | None = None,
) -> dict[str, Any]:
    """The data of a ``from_version`` file in the ``to_version`` layout (a new dict)."""
    steps = registry if registry is not None else UPGRADES
    result: dict[str, Any] = copy.deepcopy(dict(data))
    for version in range(from_version, to_version):
        if version not in steps:
            raise UpgradeError("upgrade_missing", version=str(version))
        result = steps[version].apply(result)
        result["format_version"] = version + 1
    return result


def oldest_version(registry: Mapping[int, Upgrade] | None = None) -> int:
    """The oldest format version this release can read."""
    version = FORMAT_VERSION
    steps = registry if registry is not None else UPGRADES
    while version - 1 in steps:
        version -= 1
    return version


def upgrade_document(doc: Document, source: str) -> Document:
    """Check the document's format version and upgrade it (positions follow)."""
    raw = doc.data.get("format_version", DEFAULT_VERSION)
    where = doc.positions.get(("format_version",), Position())
    version = raw if isinstance(raw, int) and not isinstance(raw, bool) else None

    def fail(key: str, **params: str) -> MapFileError:
        got = repr(raw) if isinstance(raw, str) else str(raw)
        problem = Problem.of(
            key,
            field="format_version",
            got=got,
            line=where.line,
            column=where.column,
            sheet=where.sheet,
            **params,
        )
        return MapFileError(source, [problem])

    if version is None:
        raise fail("version_type")
    if version > FORMAT_VERSION:
        raise fail("version_newer", supported=str(FORMAT_VERSION))
    oldest = oldest_version()
    if version < oldest:
        raise fail("version_unknown", known=", ".join(map(str, range(oldest, FORMAT_VERSION + 1))))
    if version == FORMAT_VERSION:
        return doc
    data, positions = doc.data, doc.positions
    for step in range(version, FORMAT_VERSION):
        try:
            new_data = upgrade(data, step, to_version=step + 1)
        except UpgradeError as exc:
            raise fail(exc.key, **exc.params) from None
        positions = _move_positions(positions, data, UPGRADES[step].move_path)
        data = new_data
    return Document(data=data, positions=positions)


def _move_positions(
    positions: dict[FieldPath, Position], old: Mapping[str, Any], mover: PathMover | None
) -> dict[FieldPath, Position]:
    if mover is None:
        return positions
    moved: dict[FieldPath, Position] = {}
    for path, where in positions.items():
        for new_path in mover(path, old):
            moved.setdefault(new_path, where)
    return moved


# ----------------------------------------------------------------- version 0 -> 1
def _v0_paths(path: FieldPath, old: Mapping[str, Any]) -> Iterable[FieldPath]:
    if path[:1] == ("stages",):
        return [("phases", *path[1:])]
    if len(path) >= 3 and path[0] == "steps" and path[2] == "stage":
        return [(*path[:2], "phase", *path[3:])]
    if len(path) >= 3 and path[0] == "steps" and path[2] == "emotion":
        head = (*path[:2], "emotions")
        if len(path) == 3:
            return [head]
        step = old["steps"][path[1]]
        index = list(step["emotion"]).index(path[3])
        return [(*head, index), (*head, index, "persona"), (*head, index, "score")]
    return [path]


@register(0, move_path=_v0_paths)
def _from_v0(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0: ``stages`` -> ``phases``, ``stage`` -> ``phase``, ``emotion`` mapping."""
    if "stages" in data:
        if "phases" in data:
            raise UpgradeError("upgrade_stages_and_phases")
        data["phases"] = data.pop("stages")
    for step in data.get("steps") or []:
        if not isinstance(step, dict):
            continue
        if "stage" in step:
            step["phase"] = step.pop("stage")
        emotion = step.pop("emotion", None)
        if isinstance(emotion, dict):
            emotions = [{"persona": k, "score": v} for k, v in emotion.items()]
            step["emotions"] = [*emotions, *step.get("emotions", [])]
        elif emotion is not None:
            raise UpgradeError("upgrade_emotion", step=repr(step.get("id")))
    return data


# ----------------------------------------------------------------- version 1 -> 2
@register(1)
def _from_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds the journey's structure: step ``role`` (core, optional, exception,
    outcome), ``outcome``, ``alternative_of``, ``returns_to`` and ``review``. A version 1
    map is one straight line: every step is a core stage, which is the default role, so
    its data is kept as it is."""
    return data


# ----------------------------------------------------------------- version 2 -> 3
@register(2)
def _from_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 keeps measured snapshots out of the map, in a store beside it
    (``<map stem>.measures/``, see :mod:`parcours.io.measurement_store`); the map names it
    in ``measurements_ref``. Reading never writes: the snapshots a version 2 map holds in
    ``measurements`` are kept in memory as they are, and the file itself is upgraded (its
    snapshots moved to the store, comments kept, the old version kept in history) by
    :func:`parcours.io.measurements.move_measurements_to_store`, which ``parcours
    analyze`` runs before it stores its own snapshot."""
    return data
