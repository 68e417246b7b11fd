#!/usr/bin/env bash
# Set up a virtual environment in .venv with heatnet and what $1 needs ("app" or "test").
# Idempotent: a second run only checks, and installs nothing when every requirement is met
# (scripts/env_ready.py), so an installed checkout starts without a package index.
# Needs Python 3.11+, pip and (for "test") apt.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-app}"
PY="${PYTHON:-python3}"

if [ "$what" = "test" ]; then
  # Debian packages: Chromium for the browser tests, LibreOffice to recalculate Excel formulas.
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
  if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "installing Debian packages: ${need[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
  fi
fi

if [ "$what" = "test" ]; then
  # --- pandapipes cross-check environment ---
  # pandapipes pins pandas below 3: it lives in its own environment, which the hydraulics tests
  # drive through tests/pandapipes_runner.py.
  [ -x .venv-pandapipes/bin/python ] || "$PY" -m venv .venv-pandapipes
  .venv-pandapipes/bin/python -c "import pandapipes" 2>/dev/null || \
    .venv-pandapipes/bin/python -m pip install -q "pandapipes==0.16.0"
  # ---
fi

[ -x .venv/bin/python ] || "$PY" -m venv .venv
reqs=requirements.txt
[ "$what" = "test" ] && reqs=requirements-test.txt
if ! .venv/bin/python scripts/env_ready.py "$reqs" >/dev/null 2>&1; then
  echo "installing what $reqs asks for:"
  .venv/bin/python scripts/env_ready.py "$reqs" | sed 's/^/  /' || true
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$reqs" -e .
fi
