#!/usr/bin/env bash
# Install everything parcours needs on a fresh Debian machine: system packages, then a
# virtualenv in .venv with the package (and, with --dev, the test tools).
# Idempotent: re-running only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

# --- system packages (WeasyPrint needs pango; DejaVu is the font we render with) -------------
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra)
if [ "$dev" = 1 ]; then
  # poppler: PDF checks; Java: Spark parity tests (PySpark, local mode);
  # chromium + libatomic1: the browser tests (Playwright drives Debian's chromium, never its own)
  packages+=(poppler-utils postgresql chromium libatomic1)
  command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jre-headless)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python environment ---------------------------------------------------------------------
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# pip's own notes about absent local package folders of this machine's pip.conf are noise
quiet() { { grep -v "^WARNING: Location '.*' is ignored" || true; } >&2; }
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2> >(quiet)
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]" 2> >(quiet)
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e . 2> >(quiet)
fi
