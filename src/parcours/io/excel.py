"""Excel workbooks of journey maps: export and import (see ``docs/file-format.md``).

The layout (sheets, columns, labels) lives in :mod:`parcours.io.excel_layout`;
:func:`export_excel` then :func:`import_excel` gives back an equal map.

>>> import tempfile, pathlib
>>> from parcours.model import JourneyMap
>>> target = pathlib.Path(tempfile.mkdtemp()) / "map.xlsx"
>>> m = JourneyMap(journey={"title": "Open an account"})
>>> export_excel(m, target)
>>> import_excel(target) == m
True
"""

from parcours.io.errors import ExcelExportError
from parcours.io.excel_export import build_workbook, export_excel
from parcours.io.excel_import import import_excel

__all__ = ["ExcelExportError", "build_workbook", "export_excel", "import_excel"]
