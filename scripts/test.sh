#!/usr/bin/env bash
# Install parcours with its test tools and run every check CI runs:
# lint (ruff), types (mypy), architecture (import-linter), then the test suite (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev
echo "== ruff";          .venv/bin/ruff check src tests benchmarks
echo "== mypy";          .venv/bin/mypy
echo "== import-linter"; .venv/bin/lint-imports
# worksteal (pytest-xdist >= 3.2): each worker starts on one contiguous half of the tests, so
# a module's tests stay on one worker and its module-scoped fixtures (the demo run, the Spark
# session, the shared PDF renders) are built once, not once per worker as round-robin "load"
# does; an idle worker then steals half of the other's queue, so both finish together.
# One worker more than the cores: about a fifth of the run waits on other processes (the
# Spark JVM, Chromium, PostgreSQL, the servers under test), measured 1.64 of 2 cores busy
# with one worker per core. PARCOURS_TEST_WORKERS overrides it (0: in this process).
workers="${PARCOURS_TEST_WORKERS:-$(( $(nproc) + 1 ))}"
echo "== pytest";        .venv/bin/pytest -n "$workers" --dist worksteal "$@"
