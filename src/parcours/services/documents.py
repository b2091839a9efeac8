"""Journey maps held as text (a database row, an upload), not as files: the web app's use cases.

The text is exactly the file format of the CLI (YAML or JSON): what the web app stores is
what ``parcours check`` and ``parcours render`` read, so the file stays the source of truth.

>>> text = template_map_text("bank-account", "en")
>>> m = parse_map_text(text)
>>> first = m.steps[0]
>>> edited = edit_step(m, first.id, name="Sees an advert", description="On social media")
>>> parse_map_text(map_text(edited)).step(first.id).name
'Sees an advert'
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from parcours import io, rubric, templates
from parcours.errors import ParcoursError
from parcours.i18n import Catalog
from parcours.model import JourneyMap
from parcours.render import View
from parcours.services.rendering import _SVG_VIEWS, OutputFormat, render_map

__all__ = [
    "EXPORT_MEDIA_TYPES",
    "StepEditError",
    "drawing_svg",
    "edit_step",
    "export_map",
    "map_text",
    "parse_map_text",
    "rubric_report",
    "template_map_text",
]

MESSAGES = Catalog(
    {
        "unknown_step": {
            "en": "The map has no step '{step}' (it may have been removed by someone else).",
            "fr": "La carte n'a pas d'étape « {step} » (quelqu'un l'a peut-être supprimée).",
        },
        "empty_name": {
            "en": "A step needs a name: the name field is empty.",
            "fr": "Une étape doit avoir un nom : le champ nom est vide.",
        },
        "too_long": {
            "en": "The {field} is too long: at most {limit} characters, got {length}.",
            "fr": "Le champ {field} est trop long : {limit} caractères au plus, reçu {length}.",
        },
    }
)

NAME_MAX_CHARS = 200
DESCRIPTION_MAX_CHARS = 5000

EXPORT_MEDIA_TYPES: dict[str, str] = {
    "yaml": "application/yaml",
    "json": "application/json",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "svg": "image/svg+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
}
"""The formats a map is exported to, with their media types."""


class StepEditError(ParcoursError, ValueError):
    """A step edit the map refuses (unknown step, empty or overlong text)."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(self.key, lang, **self.params)


def template_map_text(name: str, lang: str) -> str:
    """The YAML text of a built-in template (comments kept)."""
    return templates.template_text(name, lang)


def parse_map_text(text: str, fmt: str = "yaml", source: str = "map.yaml") -> JourneyMap:
    """The map written in ``text`` (YAML or JSON), validated as ``parcours check`` does."""
    return io.loads_map(text, fmt=fmt, source=source)


def map_text(m: JourneyMap, fmt: str = "yaml", *, ids_assigned: bool = False) -> str:
    """The file text of ``m`` (missing ids assigned, unless the caller just did:
    ``ids_assigned``), as ``parcours convert`` writes it."""
    return io.dump_map(m if ids_assigned else m.assign_missing_ids(), fmt)


def edit_step(m: JourneyMap, step_id: str, *, name: str, description: str) -> JourneyMap:
    """A copy of ``m`` whose step ``step_id`` has a new name and description."""
    name, description = name.strip(), description.strip()
    if not name:
        raise StepEditError("empty_name")
    for field, value, limit in (
        ("name", name, NAME_MAX_CHARS),
        ("description", description, DESCRIPTION_MAX_CHARS),
    ):
        if len(value) > limit:
            raise StepEditError("too_long", field=field, limit=limit, length=len(value))
    if step_id not in {s.id for s in m.steps}:
        raise StepEditError("unknown_step", step=step_id)
    steps = [
        s.model_copy(update={"name": name, "description": description}) if s.id == step_id else s
        for s in m.steps
    ]
    return JourneyMap.model_validate(  # only what was written: the file gains no defaults
        {
            **m.model_dump(exclude_unset=True),
            "steps": [s.model_dump(exclude_unset=True) for s in steps],
        }
    )


def drawing_svg(m: JourneyMap, view: View, lang: str) -> str:
    """The SVG drawing of one view of ``m`` (the one ``parcours render -f svg`` writes)."""
    from parcours.render import svg

    drawing: str = getattr(svg, _SVG_VIEWS[view])(m, lang)
    return drawing


def rubric_report(m: JourneyMap) -> rubric.RubricReport:
    """The rubric report of ``m``: the same as ``parcours check``."""
    return rubric.check(m)


def export_map(m: JourneyMap, fmt: str, lang: str, *, view: View = View.ALL) -> bytes:
    """``m`` exported as ``fmt`` (a key of :data:`EXPORT_MEDIA_TYPES`), as bytes.

    YAML and JSON are the map file itself; the others are what ``parcours render`` writes
    (SVG: the journey-map view unless ``view`` names another drawing).
    """
    if fmt in ("yaml", "json"):
        return map_text(m, fmt).encode("utf-8")
    output = OutputFormat(fmt)
    views = (View.MAP if view is View.ALL else view,) if output is OutputFormat.SVG else (view,)
    with tempfile.TemporaryDirectory(prefix="parcours-export-") as folder:
        target = Path(folder) / f"map.{fmt}"
        written = render_map(m, output, target, views=views, lang=lang)
        return written[0].read_bytes()
