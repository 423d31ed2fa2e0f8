#!/usr/bin/env bash
# Sets everything up (first run only) and starts the desktop app.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/scripts/tz_guard.sh"
bash "$here/scripts/setup.sh" app
exec "$here/.venv/bin/python" "$here/main.py" "$@"
