"""Shared building blocks of the domain model: the base class and identifiers.

Every element of a journey map that other elements, data, comments or history may
refer to carries a stable ``id``. Ids are short slugs written by people (``s-compare``)
or assigned once by :func:`parcours.model.journey.JourneyMap.assign_missing_ids` and
then saved in the file, so that they survive renames and reordering.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
"""Ids start with a letter or digit, then letters, digits, ``_``, ``-`` or ``.``."""

ElementId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=120)]
"""A stable identifier (see :data:`ID_PATTERN`)."""

NonEmptyText = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
"""Free text that must contain at least one non-blank character."""


class Model(BaseModel):
    """Base of every model class: unknown fields are errors, never silently dropped."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
    )


def slugify(text: str, *, max_length: int = 40) -> str:
    """Return an id-safe slug for ``text``.

    >>> slugify("Ouvrir un compte — en ligne !")
    'ouvrir-un-compte-en-ligne'
    """
    import unicodedata

    normalized = unicodedata.normalize("NFKD", text)
    ascii_text = normalized.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return (slug[:max_length].rstrip("-")) or "x"


def unique_id(candidate: str, taken: set[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3``... the first one not in ``taken``.

    >>> unique_id("s-visit", {"s-visit", "s-visit-2"})
    's-visit-3'
    """
    new_id, n = candidate, 2
    while new_id in taken:
        new_id = f"{candidate}-{n}"
        n += 1
    return new_id
