"""Writing files that hold health data: readable by the user alone, never half-written."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from ..core.bounded import not_regular
from ..core.bounded import read_bounded as core_read_bounded


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically with mode 0600; an existing file is replaced only
    once the new content is complete on disk."""
    path = Path(path)
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise not_regular(path)  # never replace a device node, pipe or folder with a file
    folder = path.parent if str(path.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
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
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
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
