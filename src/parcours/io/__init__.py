"""Journey maps as files: YAML and JSON (the source format), Excel, Markdown, JSON Schema.

>>> from parcours.io import loads_map
>>> m = loads_map("journey:\\n  title: Ouvrir un compte\\n", fmt="yaml", source="carte.yaml")
>>> m.journey.title
'Ouvrir un compte'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parcours.lazy import lazy_exports

if TYPE_CHECKING:
    from parcours.io.atomic import atomic_path, write_bytes_atomic, write_text_atomic
    from parcours.io.errors import ExcelExportError, MapFileError, Problem, UpgradeError
    from parcours.io.excel import export_excel, import_excel
    from parcours.io.files import dump_map, format_of, load_map, loads_map, save_map
    from parcours.io.markdown import to_markdown
    from parcours.io.measurements import (
        ConflictError,
        MapUpgrade,
        add_measurement,
        file_digest,
        upgrade_map_file,
        upsert_opportunities,
    )
    from parcours.io.mermaid import mermaid_journey
    from parcours.io.schema import SCHEMA_ID, json_schema
    from parcours.io.upgrade import UPGRADES, Upgrade, register, upgrade

__getattr__ = lazy_exports(
    __name__,
    {
        "atomic_path": "atomic",
        "write_bytes_atomic": "atomic",
        "write_text_atomic": "atomic",
        "ExcelExportError": "errors",
        "MapFileError": "errors",
        "Problem": "errors",
        "UpgradeError": "errors",
        "export_excel": "excel",
        "import_excel": "excel",
        "dump_map": "files",
        "format_of": "files",
        "load_map": "files",
        "loads_map": "files",
        "save_map": "files",
        "to_markdown": "markdown",
        "ConflictError": "measurements",
        "MapUpgrade": "measurements",
        "upgrade_map_file": "measurements",
        "add_measurement": "measurements",
        "file_digest": "measurements",
        "upsert_opportunities": "measurements",
        "mermaid_journey": "mermaid",
        "SCHEMA_ID": "schema",
        "json_schema": "schema",
        "UPGRADES": "upgrade",
        "Upgrade": "upgrade",
        "register": "upgrade",
        "upgrade": "upgrade",
    },
)

__all__ = [
    "SCHEMA_ID",
    "UPGRADES",
    "ConflictError",
    "ExcelExportError",
    "MapFileError",
    "MapUpgrade",
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
    "upgrade_map_file",
    "upsert_opportunities",
    "write_bytes_atomic",
    "write_text_atomic",
]
