"""Use cases shared by the command line and the web app.

Each function does one job a user asks for (create a map from a template, check it,
render it, run the demo) by composing the lower layers. The CLI and the web app are
thin shells around these functions.
"""

from parcours.services.checking import check_file
from parcours.services.maps import create_from_template, load, save
from parcours.services.rendering import OutputFormat, render_file, render_map

__all__ = [
    "OutputFormat",
    "check_file",
    "create_from_template",
    "load",
    "render_file",
    "render_map",
    "save",
]
