#!/usr/bin/env bash
# Run the whole test suite on a fresh machine. Installs what it needs (system packages for the
# browser and Graphviz, the virtualenv, the Maven build of Neo4j), starts a Neo4j for the suite,
# runs pytest, and stops the server again. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f scripts/system-deps.sh ]; then
  bash scripts/system-deps.sh
fi
bash scripts/bootstrap.sh
. .venv/bin/activate
mkdir -p test-output

if [ -z "${LINEAGE_TEST_NEO4J_URI:-}" ]; then
  neo4j_data=$(mktemp -d "${TMPDIR:-/tmp}/lineage-test-neo4j.XXXXXX")
  neo4j_port=$(python -c "from lineage.neo4j_server.launcher import free_port; print(free_port())")
  trap 'lineage neo4j stop --data "$neo4j_data" >/dev/null 2>&1 || true; rm -rf "$neo4j_data"' EXIT
  # As teams run it: authentication on, reached through the neo4j:// routing scheme.
  # The password goes to the launcher through the environment (never on a command line).
  export LINEAGE_TEST_NEO4J_PASSWORD="${LINEAGE_TEST_NEO4J_PASSWORD:-lineage-test-$RANDOM$RANDOM}"
  LINEAGE_NEO4J_START_PASSWORD="$LINEAGE_TEST_NEO4J_PASSWORD" python - "$neo4j_port" "$neo4j_data" <<'PY'
import os, sys
from pathlib import Path
from lineage.neo4j_server import launcher
info = launcher.start(port=int(sys.argv[1]), data=Path(sys.argv[2]), heap="1g",
                      password=os.environ["LINEAGE_NEO4J_START_PASSWORD"])
print(f"Neo4j started at {info.uri} (authentication on)")
PY
  export LINEAGE_TEST_NEO4J_URI="neo4j://127.0.0.1:$neo4j_port"
fi

set +e
python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
