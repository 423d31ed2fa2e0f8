"""Unexpected errors: written to a log in the user's data folder (no patient data: only the
exception's type and where it happened), shown as a plain message; the window stays usable."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import stat
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.bounded import not_regular
from ..store.files import data_dir, ensure_private_dir

F = TypeVar("F", bound=Callable[..., Any])
_LOGGER_NAME = "planner.errors"


def log_path() -> Path:
    return data_dir() / "planner.log"


def _open_log(path: Path) -> TextIO:
    """The log, appended to: created 0600 whatever the umask, and a regular file only. A pipe, a device or a
    link put in its place is refused (OSError) rather than waited on (opening a pipe without a reader hung the
    window at its first unexpected error) or followed."""
    flags = (os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    fd = os.open(path, flags, 0o600)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_regular(path)
        os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise


class _PrivateLog(logging.FileHandler):
    """A FileHandler whose file is opened by `_open_log`."""

    def _open(self) -> TextIO:
        return _open_log(Path(self.baseFilename))


def _logger() -> logging.Logger:
    logger = logging.getLogger(_LOGGER_NAME)
    if not any(isinstance(handler, _PrivateLog) for handler in logger.handlers):  # another's (a test runner's) is not ours
        ensure_private_dir(log_path().parent)
        handler = _PrivateLog(log_path())
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def describe(error: BaseException, tb: TracebackType | None) -> str:
    """Type and stack only: an exception's message may quote a patient's name or file."""
    frames = traceback.extract_tb(tb)
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    return f"{type(error).__name__} at {where or 'unknown place'}"


def report(error: BaseException, tb: TracebackType | None, parent: QWidget | None = None) -> None:
    with contextlib.suppress(OSError):
        _logger().error(describe(error, tb))
    if os.environ.get("IGRT_PLANNER_NO_DIALOGS"):
        return
    QMessageBox.critical(
        parent, "Something went wrong",
        f"The planner met an unexpected problem ({type(error).__name__}). Your course is unchanged and the window "
        f"stays open; save your work to be safe.\n\nA note for support was written to {log_path()} "
        "(it holds no patient data).")


def guarded(method: F) -> F:
    """For slots: an exception is reported, never left to escape into Qt."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the last line of defence in a slot
            report(exc, exc.__traceback__, self if isinstance(self, QWidget) else None)
            return None

    return wrapper  # type: ignore[return-value]
