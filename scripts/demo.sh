#!/usr/bin/env bash
# Install parcours and run the demo: the online-bank journey map, checked and rendered
# (YAML, HTML, PDF, PNG, SVG, Markdown, Excel) into out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/parcours demo --output out/demo "$@"
