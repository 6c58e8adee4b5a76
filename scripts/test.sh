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
  lineage neo4j start --port "$neo4j_port" --data "$neo4j_data" --heap 1g
  export LINEAGE_TEST_NEO4J_URI="bolt://127.0.0.1:$neo4j_port"
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
