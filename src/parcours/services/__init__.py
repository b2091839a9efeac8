"""Use cases shared by the command line and the web app.

Each function does one job a user asks for (create a map from a template, check it,
render it, run the demo) by composing the lower layers. The CLI and the web app are
thin shells around these functions.
"""

from parcours.services.analysis import AnalysisOutcome, analyze_file, analyze_map, write_report
from parcours.services.checking import check_file
from parcours.services.discovery import DiscoveryOutcome, discover_file
from parcours.services.maps import create_from_template, load, save
from parcours.services.rendering import OutputFormat, render_file, render_map

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
