#!/usr/bin/env bash
# Sets up everything the planner needs on a Debian/Ubuntu machine, and nothing twice:
# the system libraries Qt needs (installed with apt only when missing), a virtual environment
# in .venv, and the planner installed into it. `setup.sh app` for the desktop app,
# `setup.sh test` adds the test tools.
set -euo pipefail
mode="${1:-app}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

# Libraries Qt loads even offscreen, and fonts for drawing and printing.
packages=(python3 python3-venv libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core)
if [ "$mode" = "app" ]; then
  # A real window on X11 also needs the xcb platform plugin's libraries.
  packages+=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0)
fi

missing=()
if command -v dpkg >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
fi
# A Python that already has venv and pip (pyenv, a newer system Python) needs no python3-venv.
if python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]+"${missing[@]}"}"; do
    case "$p" in python3|python3-venv) ;; *) filtered+=("$p") ;; esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
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
want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing the planner and its Python packages into .venv ..."
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
  echo "$want" > "$stamp"
fi
