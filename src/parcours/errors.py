"""The root of parcours' user-facing errors.

Every error a user can cause (bad file, unknown template, bad event log...) derives
from :class:`ParcoursError`, so the CLI and the web app can show a clear message
instead of a traceback.
"""

from __future__ import annotations


class ParcoursError(Exception):
    """An error caused by input the user can fix; ``message(lang)`` explains it."""

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang`` (``en`` or ``fr``)."""
        return str(self)
