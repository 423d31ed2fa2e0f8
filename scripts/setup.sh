#!/usr/bin/env bash
# Sets up everything the planner needs on a Debian/Ubuntu machine, and nothing twice:
# the system libraries Qt needs (installed with apt only when the library is missing), a virtual
# environment in .venv, and the planner installed into it. `setup.sh app` for the desktop app,
# `setup.sh test` adds the test tools.
set -euo pipefail
mode="${1:-app}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

# library file : Debian package that ships it (Ubuntu's renamed packages answer to these names too).
needs=(
  libglib-2.0.so.0:libglib2.0-0 libGL.so.1:libgl1 libEGL.so.1:libegl1 libxkbcommon.so.0:libxkbcommon0
  libfontconfig.so.1:libfontconfig1 libdbus-1.so.3:libdbus-1-3 libX11.so.6:libx11-6 libxcb.so.1:libxcb1
)
if [ "$mode" = "app" ]; then
  # A real window on X11 needs the xcb platform plugin's libraries; real printers need CUPS.
  needs+=(
    libX11-xcb.so.1:libx11-xcb1 libxkbcommon-x11.so.0:libxkbcommon-x11-0 libxcb-cursor.so.0:libxcb-cursor0
    libxcb-icccm.so.4:libxcb-icccm4 libxcb-image.so.0:libxcb-image0 libxcb-keysyms.so.1:libxcb-keysyms1
    libxcb-randr.so.0:libxcb-randr0 libxcb-render.so.0:libxcb-render0 libxcb-render-util.so.0:libxcb-render-util0
    libxcb-shape.so.0:libxcb-shape0 libxcb-shm.so.0:libxcb-shm0 libxcb-sync.so.1:libxcb-sync1
    libxcb-xfixes.so.0:libxcb-xfixes0 libxcb-xkb.so.1:libxcb-xkb1 libcups.so.2:libcups2
  )
fi

missing=()
if [ "$mode" = "test" ]; then
  # The store's tests run against a throwaway PostgreSQL cluster as well as SQLite.
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
fi
known_libraries="$(/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null || true)"
for pair in "${needs[@]}"; do
  library="${pair%%:*}"
  grep -q "[[:space:]]${library} " <<<"$known_libraries" || missing+=("${pair##*:}")
done
ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
# Names in Chinese, Japanese or Korean print as boxes without a font that covers them.
ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
extra=""
[ "$mode" = "test" ] && extra="[test]"
stamp=".venv/.planner-installed${extra:+-test}"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
current() { [ -f "$1" ] && [ "$(cat "$1")" = "$want" ]; }
# The test install is a superset of the app's: after ./test.sh, ./run.sh installs nothing.
if ! current "$stamp" && ! { [ "$mode" = "app" ] && current ".venv/.planner-installed-test"; }; then
  echo "Installing the planner and its Python packages into .venv ..."
  log="$(mktemp)"
  if ! { .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip &&
         .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "Installing the Python packages failed (see above)." >&2
    exit 1
  fi
  rm -f "$log"
  echo "$want" > "$stamp"
fi

# Byte-compile the planner as pip does for installed packages: where PYTHONDONTWRITEBYTECODE is set,
# Python would otherwise compile every module of the planner again at each start (about 25 ms).
.venv/bin/python -m compileall -q planner >/dev/null
