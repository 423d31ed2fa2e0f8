#!/usr/bin/env bash
# Sets everything up (first run only) and starts the desktop app.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# A TZ naming something that is not a regular file (a pipe, a device) hangs the C library as Python starts,
# before the planner can say a word: said here, and the app started on the computer's own zone instead.
tz_file="${TZ:-}"
tz_file="${tz_file#:}"
if [[ "$tz_file" == /* && -e "$tz_file" && ! -f "$tz_file" ]]; then
  echo "run.sh: TZ names $tz_file, which is not a time zone file; starting without it (the computer's own zone)" >&2
  unset TZ
fi
bash "$here/scripts/setup.sh" app
exec "$here/.venv/bin/python" "$here/main.py" "$@"
