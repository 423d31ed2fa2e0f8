#!/usr/bin/env bash
# Sets everything up (first run only) and starts the desktop app.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/scripts/setup.sh" app
exec "$here/.venv/bin/python" "$here/main.py" "$@"
