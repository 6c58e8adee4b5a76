#!/usr/bin/env bash
# The main job on the embedded store: import the example cards, trace a model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
. .venv/bin/activate
export LINEAGE_DB=${LINEAGE_DB:-$PWD/.lineage/store}
lineage import examples/cards
lineage trace deepseek-ai/DeepSeek-R1-Distill-Qwen-32B
lineage tree deepseek-ai/DeepSeek-R1-Distill-Llama-8B
