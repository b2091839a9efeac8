"""Use cases shared by the command line and the web app.

Each function does one job a user asks for (create a map from a template, check it,
render it, run the demo) by composing the lower layers. The CLI and the web app are
thin shells around these functions.

The names below are imported on first use: ``parcours render`` needs neither the
analytics (pandas, ibis, DuckDB) nor the event readers, which cost seconds to import.

>>> from parcours import services
>>> services.render_file.__module__
'parcours.services.rendering'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parcours.services.analysis import (
        AnalysisOutcome,
        analyze_file,
        analyze_map,
        write_report,
    )
    from parcours.services.checking import check_file
    from parcours.services.discovery import DiscoveryOutcome, discover_file
    from parcours.services.maps import create_from_template, load, save
    from parcours.services.rendering import OutputFormat, render_file, render_map

_HOMES: dict[str, str] = {
    "AnalysisOutcome": "analysis",
    "analyze_file": "analysis",
    "analyze_map": "analysis",
    "write_report": "analysis",
    "check_file": "checking",
    "DiscoveryOutcome": "discovery",
    "discover_file": "discovery",
    "create_from_template": "maps",
    "load": "maps",
    "save": "maps",
    "OutputFormat": "rendering",
    "render_file": "rendering",
    "render_map": "rendering",
}
"""The module of each name this package offers."""

__all__ = [
    "AnalysisOutcome",
    "DiscoveryOutcome",
    "OutputFormat",
    "analyze_file",
    "analyze_map",
    "check_file",
    "create_from_template",
    "discover_file",
    "load",
    "render_file",
    "render_map",
    "save",
    "write_report",
]


def __getattr__(name: str) -> Any:
    """A name of :data:`_HOMES` (imported from its module) or a submodule, on first use."""
    home = _HOMES.get(name)
    if home is not None:
        value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    elif not name.startswith("_"):
        try:
            value = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
