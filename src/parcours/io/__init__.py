"""Journey maps as files: YAML and JSON (the source format), Excel, Markdown, JSON Schema.

>>> m = loads_map("journey:\\n  title: Ouvrir un compte\\n", fmt="yaml", source="carte.yaml")
>>> m.journey.title
'Ouvrir un compte'
"""

from parcours.io.atomic import atomic_path, write_bytes_atomic, write_text_atomic
from parcours.io.errors import ExcelExportError, MapFileError, Problem, UpgradeError
from parcours.io.excel import export_excel, import_excel
from parcours.io.files import dump_map, format_of, load_map, loads_map, save_map
from parcours.io.markdown import to_markdown
from parcours.io.measurements import (
    ConflictError,
    add_measurement,
    file_digest,
    upsert_opportunities,
)
from parcours.io.mermaid import mermaid_journey
from parcours.io.schema import SCHEMA_ID, json_schema
from parcours.io.upgrade import UPGRADES, Upgrade, register, upgrade

__all__ = [
    "SCHEMA_ID",
    "UPGRADES",
    "ConflictError",
    "ExcelExportError",
    "MapFileError",
    "Problem",
    "Upgrade",
    "UpgradeError",
    "add_measurement",
    "atomic_path",
    "dump_map",
    "export_excel",
    "file_digest",
    "format_of",
    "import_excel",
    "json_schema",
    "load_map",
    "loads_map",
    "mermaid_journey",
    "register",
    "save_map",
    "to_markdown",
    "upgrade",
    "upsert_opportunities",
    "write_bytes_atomic",
    "write_text_atomic",
]
