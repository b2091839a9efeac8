"""Adding a measured snapshot to a map file without losing anything the author wrote.

``parcours analyze`` stores what it measured in the map (``measurements:``) so that every
render shows measured values beside targets and estimates. Writing back into a file a
person edits needs care:

- **comments and layout are kept**: a YAML map is edited as a round-trip tree, only the
  ``measurements`` list grows;
- **conflicting edits are detected**: the caller passes the digest of the file it read
  (:func:`file_digest`); if the file changed since, nothing is written and
  :class:`ConflictError` says so;
- **the previous version is kept** in ``.parcours-history/`` beside the map, named after
  the time of the change;
- **the write is atomic** and the new text is validated before it replaces the old one.

>>> import tempfile, pathlib, datetime
>>> from parcours.model import MetricSnapshot
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = folder / "carte.yaml"
>>> _ = path.write_text("# ma carte\\njourney:\\n  title: Démo\\n", encoding="utf-8")
>>> snap = MetricSnapshot(id="snap-1", taken_at=datetime.datetime(2026, 11, 1))
>>> m = add_measurement(path, snap, expected_digest=file_digest(path))
>>> [s.id for s in m.measurements], path.read_text(encoding="utf-8").startswith("# ma carte")
(['snap-1'], True)
>>> len(list((folder / HISTORY_FOLDER).iterdir()))
1
"""

from __future__ import annotations

import hashlib
import io
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from parcours.errors import ParcoursError
from parcours.i18n import Catalog
from parcours.io.atomic import write_text_atomic
from parcours.io.files import format_of, load_map, loads_map, save_map
from parcours.model import JourneyMap, MetricSnapshot

HISTORY_FOLDER = ".parcours-history"
"""Folder, beside a map, that keeps the versions replaced by parcours."""

MESSAGES = Catalog(
    {
        "conflict": {
            "en": "{path} was changed elsewhere during the analysis: nothing was written, "
            "so that change is not lost. Run the command again.",
            "fr": "{path} a été modifié par ailleurs pendant l'analyse : rien n'a été "
            "écrit pour ne pas perdre cette modification. Relancez la commande.",
        }
    }
)


class ConflictError(ParcoursError):
    """The map file changed on disk since it was read: writing would lose that change."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text("conflict", lang, path=self.path)


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes (to detect that it changed)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def add_measurement(
    path: str | Path, snapshot: MetricSnapshot, *, expected_digest: str | None = None
) -> JourneyMap:
    """Append ``snapshot`` to the map file at ``path``; returns the map as saved.

    Raises :class:`ConflictError` when ``expected_digest`` is given and the file no
    longer has it.
    """
    target = Path(path)
    before = target.read_bytes()
    if expected_digest is not None and hashlib.sha256(before).hexdigest() != expected_digest:
        raise ConflictError(target)
    fmt = format_of(target)
    if fmt == "yaml":
        text = _appended_yaml(before.decode("utf-8"), snapshot)
        saved = loads_map(text, fmt="yaml", source=str(target))
        keep_version(target)
        write_text_atomic(target, text)
        return saved
    m = load_map(target)
    updated = m.model_copy(update={"measurements": [*m.measurements, snapshot]})
    keep_version(target)
    return save_map(JourneyMap.model_validate(updated.model_dump()), target)


def keep_version(path: Path) -> Path:
    """Copy ``path`` into :data:`HISTORY_FOLDER` before it is replaced; returns the copy."""
    folder = path.parent / HISTORY_FOLDER
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    copy = folder / f"{path.stem}.{stamp}{path.suffix}"
    shutil.copy2(path, copy)
    return copy


def _appended_yaml(text: str, snapshot: MetricSnapshot) -> str:
    yaml = YAML(typ="rt", pure=True)
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-fold the author's lines
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    tree: Any = yaml.load(text)
    entry = snapshot.model_dump(mode="json", exclude_defaults=True)
    entry["taken_at"] = snapshot.taken_at
    for key in ("period_start", "period_end"):
        value = getattr(snapshot, key)
        if value is not None:
            entry[key] = value
    if tree.get("measurements") is None:
        tree["measurements"] = [entry]
    else:
        tree["measurements"].append(entry)
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()
