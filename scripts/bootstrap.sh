#!/usr/bin/env bash
# Create .venv and install model-lineage with its test dependencies (idempotent).
# The install compiles the card readers (setup.py, a few minutes); it is skipped when the
# virtualenv already holds this project's install for the same pyproject.toml and setup.py
# and its compiled readers still match their sources (`lineage version`).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
stamp=.venv/.model-lineage-install
want="$(cat pyproject.toml setup.py | sha256sum | cut -d' ' -f1) pure=${LINEAGE_PURE_PYTHON:-0}"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x .venv/bin/lineage ] \
  && .venv/bin/lineage version 2>/dev/null | grep -qx "readers: \(compiled\|pure\)"; then
  exit 0
fi
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e ".[dev]"
echo "$want" > "$stamp"
