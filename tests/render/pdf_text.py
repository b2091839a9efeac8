"""The text of a PDF, page by page, by poppler's ``pdftotext`` (``scripts/bootstrap.sh --dev``
installs poppler-utils): twenty times faster than pypdf's pure-Python extraction, which took
seconds a report."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def pages_text(pdf: Path | bytes) -> list[str]:
    """The text of each page of ``pdf`` (a file or its bytes), in reading order."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext not installed: scripts/bootstrap.sh --dev installs poppler-utils")
    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    done = subprocess.run([pdftotext, "-", "-"], input=data, capture_output=True, check=True)
    pages = done.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
