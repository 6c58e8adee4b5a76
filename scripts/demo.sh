#!/usr/bin/env bash
# The main job on the embedded store: import the example cards, trace a model, list what
# derives from another, then serve the API and the lineage explorer (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
. .venv/bin/activate
export LINEAGE_DB=${LINEAGE_DB:-$PWD/.lineage/store}
lineage import examples/cards
lineage trace deepseek-ai/DeepSeek-R1-Distill-Qwen-32B
lineage tree deepseek-ai/DeepSeek-R1 --depth 2
echo "Explorer: http://127.0.0.1:${PORT:-8000}/   API docs: http://127.0.0.1:${PORT:-8000}/docs"
exec lineage serve --port "${PORT:-8000}"
