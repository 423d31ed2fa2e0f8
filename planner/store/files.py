"""Writing files that hold health data: readable by the user alone, never half-written."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from ..core.bounded import not_regular
from ..core.bounded import read_bounded as core_read_bounded

# A save's temporary copy: ".<name>.<pid>-<8 random>.part"; earlier versions wrote ".<name>.<8 random>.part".
_PART = re.compile(r"(?:([0-9]{1,10})-)?[a-z0-9_]{8}\.part")
_ORPHAN_SECONDS = 60  # a temporary copy without a process id this old is a crash's leftover


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically with mode 0600; an existing file is replaced only
    once the new content is complete on disk. Half-written copies that a crashed save left
    beside `path` (they hold patient data) are removed first."""
    path = Path(path)
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise not_regular(path)  # never replace a device node, pipe or folder with a file
    folder = path.parent if str(path.parent) else Path(".")
    remove_stale_parts(path)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".part", dir=folder)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    os.chmod(path, 0o600)


def make_private(path: Path) -> None:
    """Create `path` (or narrow an existing one) with mode 0600 before another writer fills it in
    place: Qt's printer writes a "Print to file" PDF itself, with the default mode (0644 under
    umask 022). A pipe, device or folder is refused rather than waited on."""
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise not_regular(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o600)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_regular(path)
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def remove_stale_parts(path: Path) -> None:
    """Delete the temporary copies of `path` whose save died (process gone, or an unmarked copy
    over a minute old); a copy another running save is writing is left alone."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _PART.fullmatch(entry.name[len(prefix):]) if entry.name.startswith(prefix) else None
        with contextlib.suppress(OSError):
            if match and entry.is_file(follow_symlinks=False) and _orphaned(match[1], entry.stat(follow_symlinks=False).st_mtime):
                os.unlink(entry.path)


def _orphaned(pid_text: str | None, modified: float) -> bool:
    if pid_text is None:
        return time.time() - modified > _ORPHAN_SECONDS
    try:
        os.kill(int(pid_text), 0)
    except (ProcessLookupError, OverflowError):  # no such process (or no process could have that id)
        return True
    except PermissionError:  # another user's running process
        return False
    return False


def _user_dir(kind: str, xdg_variable: str, default: str) -> Path:
    """The planner's folder of one kind: IGRT_PLANNER_<KIND>_DIR, else the XDG folder, else ~/<default>."""
    override = os.environ.get(f"IGRT_PLANNER_{kind}_DIR")
    if override:
        return Path(override)
    base = os.environ.get(xdg_variable) or str(Path.home() / default)
    return Path(base) / "igrt-planner"


def config_dir() -> Path:
    """The user's config folder (settings); IGRT_PLANNER_CONFIG_DIR overrides."""
    return _user_dir("CONFIG", "XDG_CONFIG_HOME", ".config")


def data_dir() -> Path:
    """The user's data folder (logs); IGRT_PLANNER_DATA_DIR overrides."""
    return _user_dir("DATA", "XDG_DATA_HOME", ".local/share")


def cache_dir() -> Path:
    """The user's cache folder (what can be rebuilt: holiday tables); IGRT_PLANNER_CACHE_DIR overrides."""
    return _user_dir("CACHE", "XDG_CACHE_HOME", ".cache")


def ensure_private_dir(path: Path) -> Path:
    """`path` made when missing, and each missing folder above it, mode 0700 as the XDG base directory spec asks:
    mkdir's `parents` made ~/.config or ~/.local/share with the default mode, writable by everyone under umask 000
    (another user could then put an autostart or .desktop file there). Folders that exist are left as they are."""
    for part in (*reversed(path.parents), path):
        try:
            part.mkdir(mode=0o700)
        except FileExistsError:
            if part == path and not part.is_dir():
                raise
            continue
        os.chmod(part, 0o700)  # whatever the umask took away or left
    return path


def read_bounded(path: Path, limit: int) -> bytes:
    """At most limit + 1 bytes of the regular file `path` (see planner.core.bounded: no pipes,
    devices or folders, never blocks); raises OSError."""
    return core_read_bounded(path, limit)


def parse_json(raw: bytes) -> Any:
    """JSON from UTF-8 bytes; a structure built to break the parser (nested thousands deep, a
    number of thousands of digits) raises ValueError like any malformed file."""
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except ValueError:  # e.g. an integer of more than 4300 digits
        raise ValueError("a number too long to read") from None
