#!/usr/bin/env bash
# Installs everything the platform needs into .venv/ and node_modules/ (uv first, when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

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
"${UV[@]}" sync --frozen --python "$PYTHON" --quiet
npm ci --no-audit --no-fund --loglevel=error
