#!/usr/bin/env bash
# Sets everything up (first run only) and runs the whole test suite with the linters.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
bash scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
