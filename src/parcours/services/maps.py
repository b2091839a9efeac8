"""Loading, saving and creating journey-map files."""

from __future__ import annotations

from pathlib import Path

from parcours import io, templates
from parcours.errors import ParcoursError
from parcours.model import JourneyMap


class OutputExistsError(ParcoursError):
    """Refusal to overwrite a file the user already has."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    def message(self, lang: str = "en") -> str:
        if lang == "fr":
            return f"{self.path} existe déjà : choisissez un autre nom ou ajoutez --force."
        return f"{self.path} already exists: choose another name or add --force."


def load(path: str | Path) -> JourneyMap:
    """Read a journey map file (YAML, JSON or Excel), with precise errors.

    >>> from pathlib import Path
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = create_from_template("bank-account", "fr", d / "bank.yaml")
    >>> load(d / "bank.yaml").language.value
    'fr'
    """
    return io.load_map(Path(path))


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
