#!/usr/bin/env bash
# Install parcours and run the demo:
#  1. the online-bank journey map, measured from a generated event log and survey, checked
#     and rendered (YAML, HTML, PDF, PNG, SVG, Markdown, Excel) into out/demo/;
#  2. the team web app on the same demo workspace (measured, with its feedback), at
#     http://127.0.0.1:8000/ — the URL and the admin's login are printed; Ctrl+C stops it.
# PARCOURS_DEMO_SERVE=0 stops after step 1. Arguments go to `parcours demo` (e.g. --force).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/parcours demo --output out/demo "$@"
if [[ "${PARCOURS_DEMO_SERVE:-1}" == "0" ]]; then
  exit 0
fi
# The demo's admin password: chosen once, kept beside the app's data (readable by you only).
mkdir -p out/web
secret=out/web/admin-password.txt
if [[ -z "${PARCOURS_ADMIN_PASSWORD:-}" ]]; then
  if [[ ! -s "$secret" ]]; then
    (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(12))" > "$secret")
  fi
  PARCOURS_ADMIN_PASSWORD="$(cat "$secret")"
  export PARCOURS_ADMIN_PASSWORD
fi
echo
echo "== parcours web app: log in as 'admin' with the password ${PARCOURS_ADMIN_PASSWORD}"
echo "   (kept in ${secret}; the first start measures the demo map: about a minute)"
exec .venv/bin/parcours serve --demo --data out/web --port "${PARCOURS_PORT:-8000}"
