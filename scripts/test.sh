#!/usr/bin/env bash
# Install parcours with its test tools and run every check CI runs:
# lint (ruff), types (mypy), architecture (import-linter), then the test suite (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev
echo "== ruff";          .venv/bin/ruff check src tests benchmarks
echo "== import-linter"; .venv/bin/lint-imports
# mypy (half a minute from a fresh clone) runs beside the tests, which leave a core idle a
# fifth of the time; its verdict is printed, and counted, once the tests have finished.
mypy_log="$(mktemp)"
.venv/bin/mypy >"$mypy_log" 2>&1 &
mypy_pid=$!
# worksteal (pytest-xdist >= 3.2): each worker starts on one contiguous half of the tests, so
# a module's tests stay on one worker and its module-scoped fixtures (the demo run, the Spark
# session, the shared PDF renders) are built once, not once per worker as round-robin "load"
# does; an idle worker then steals half of the other's queue, so both finish together.
# One worker more than the cores: about a fifth of the run waits on other processes (the
# Spark JVM, Chromium, PostgreSQL, the servers under test), measured 1.64 of 2 cores busy
# with one worker per core. PARCOURS_TEST_WORKERS overrides it (0: in this process).
workers="${PARCOURS_TEST_WORKERS:-$(( $(nproc) + 1 ))}"
echo "== pytest"
tests=0
.venv/bin/pytest -n "$workers" --dist worksteal "$@" || tests=$?
echo "== mypy"
types=0
wait "$mypy_pid" || types=$?
cat "$mypy_log"; rm -f "$mypy_log"
if [ "$tests" -ne 0 ] || [ "$types" -ne 0 ]; then
  echo "FAILED: pytest exit $tests, mypy exit $types" >&2
  exit 1
fi
