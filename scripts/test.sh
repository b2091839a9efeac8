#!/usr/bin/env bash
# Install parcours with its test tools and run every check CI runs:
# lint (ruff), types (mypy), architecture (import-linter), then the test suite (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev
echo "== ruff";          .venv/bin/ruff check src tests benchmarks
echo "== mypy";          .venv/bin/mypy
echo "== import-linter"; .venv/bin/lint-imports
# one worker per core (PARCOURS_TEST_WORKERS overrides; 0 runs in this process)
echo "== pytest";        .venv/bin/pytest -n "${PARCOURS_TEST_WORKERS:-auto}" "$@"
