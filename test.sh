#!/usr/bin/env bash
# Sets everything up (first run only) and runs the whole test suite with the linters.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
bash scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/mypy
layers="$(.venv/bin/lint-imports 2>&1)" || { echo "$layers"; exit 1; }  # the layer contracts in pyproject.toml
echo "${layers##*$'\n'}"
.venv/bin/python -m pytest "$@"
