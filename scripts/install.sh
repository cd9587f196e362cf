#!/usr/bin/env bash
# Installs everything the platform needs into .venv/ and node_modules/ (uv first, when missing).
# With --production: only what runs in production (no test and development tools).
set -euo pipefail
cd "$(dirname "$0")/.."

UV_EXTRA=()
NPM_EXTRA=()
case "${1:-}" in
  "") ;;
  --production) UV_EXTRA=(--no-dev); NPM_EXTRA=(--omit=dev) ;;
  *) echo "usage: scripts/install.sh [--production]" >&2; exit 2 ;;
esac

PYTHON="${PYTHON:-$(command -v python3 || true)}"
if [ -z "$PYTHON" ] || ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Eén Loket needs Python 3.11 or newer as python3." >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "Eén Loket needs Node.js 20 or newer with npm." >&2
  exit 1
fi

if command -v uv >/dev/null 2>&1; then
  UV=(uv)
else
  if ! "$PYTHON" -m uv --version >/dev/null 2>&1; then
    echo "Installing uv…"
    "$PYTHON" -m pip install --quiet uv 2>/dev/null || "$PYTHON" -m pip install --quiet --user uv
  fi
  UV=("$PYTHON" -m uv)
fi

export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"
"${UV[@]}" sync --frozen --python "$PYTHON" --quiet "${UV_EXTRA[@]}"
npm ci --no-audit --no-fund --loglevel=error "${NPM_EXTRA[@]}"
