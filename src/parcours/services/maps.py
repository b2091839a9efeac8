"""Loading, saving and creating journey-map files."""

from __future__ import annotations

from pathlib import Path

from parcours import io, templates
from parcours.io.atomic import locked
from parcours.io.measurement_store import store_of, with_stored_measurements
from parcours.model import JourneyMap
from parcours.services.errors import OutputExistsError
from parcours.services.outputs import check_outputs, check_suffix

__all__ = [
    "MAP_SUFFIXES",
    "OutputExistsError",
    "convert",
    "create_from_template",
    "load",
    "save",
    "upgrade",
]


MAP_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
"""Extensions of journey-map files."""


def load(path: str | Path) -> JourneyMap:
    """Read a journey map file (YAML, JSON or Excel), with precise errors, and its measured
    snapshots from its measurement store (in ``measurements``, see
    :mod:`parcours.io.measurement_store`).

    >>> from pathlib import Path
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = create_from_template("bank-account", "fr", d / "bank.yaml")
    >>> load(d / "bank.yaml").language.value
    'fr'
    """
    target = Path(path)
    m = io.load_map(target)
    return with_stored_measurements(m, store_of(target, m))


def save(m: JourneyMap, path: str | Path) -> Path:
    """Write a journey map atomically (format from the file extension)."""
    target = Path(path)
    io.save_map(m, target)
    return target


def create_from_template(name: str, lang: str, out: str | Path, *, force: bool = False) -> Path:
    """Copy a built-in template (comments included) to ``out``; never overwrite unless ``force``.

    A ``.json`` or ``.xlsx`` target converts the template to that format.
    """
    target = Path(out)
    check_suffix(target, "--output", MAP_SUFFIXES)
    check_outputs({}, {"--output": target})
    if target.exists() and not force:
        raise OutputExistsError(target)
    text = templates.template_text(name, lang)
    suffix = target.suffix.lower()
    if suffix in (".yaml", ".yml", ""):
        io.write_text_atomic(target, text)
    else:
        m = io.loads_map(text, fmt="yaml", source=f"{name}.{lang}.yaml")
        io.save_map(m, target)
    return target


def convert(source: str | Path, out: str | Path, *, force: bool = False) -> Path:
    """Convert a map file to another format (from the extension of ``out``); never over
    its own source, never over an existing file unless ``force``.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = create_from_template("bank-account", "en", d / "bank.yaml")
    >>> convert(d / "bank.yaml", d / "bank.json").suffix
    '.json'
    """
    target = Path(out)
    check_suffix(target, "--output", MAP_SUFFIXES)
    check_outputs({"MAP": source}, {"--output": target})
    if target.exists() and not force:
        raise OutputExistsError(target)
    return save(io.load_map(Path(source)), target)  # the document as written, no snapshots


def upgrade(path: str | Path) -> io.MapUpgrade:
    """Bring a map file written by an older parcours to the current format, in place: the
    snapshots it holds go to its measurement store, ``format_version`` is raised, the
    previous version is kept in ``.parcours-history/`` (:func:`parcours.io.upgrade_map_file`).
    The map is locked meanwhile, as ``parcours analyze`` locks it.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = create_from_template("bank-account", "en", d / "bank.yaml")
    >>> upgrade(d / "bank.yaml").written  # a template is current
    False
    """
    target = Path(path)
    with locked(target):
        return io.upgrade_map_file(target)
