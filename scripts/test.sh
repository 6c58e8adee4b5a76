#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: installs what it needs, starts no
# server by hand (the tests start Neo4j, uvicorn and the browser themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
. .venv/bin/activate
mkdir -p test-output
set +e
python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
