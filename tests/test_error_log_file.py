"""The window's log of unexpected errors (planner.log) is opened as every file the planner writes: 0600 from
the start whatever the umask, a regular file only. A pipe in its place hung the window at its first unexpected
error (opening a pipe for writing waits for a reader); a link was followed into whatever file it named."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from planner.ui import guard

TIMEOUT = 60  # a guard against a hang, far above any real run; not a speed check


@pytest.fixture
def fresh_log(tmp_path, monkeypatch):
    """A data folder of the test's own, and the error logger without the file an earlier test gave it."""
    monkeypatch.setenv("IGRT_PLANNER_DATA_DIR", str(tmp_path / "data"))
    logger = logging.getLogger("planner.errors")
    kept = [handler for handler in logger.handlers if isinstance(handler, guard._PrivateLog)]
    for handler in kept:
        logger.removeHandler(handler)
    yield guard.log_path()
    for handler in [handler for handler in logger.handlers if isinstance(handler, guard._PrivateLog)]:
        logger.removeHandler(handler)
        handler.close()
    for handler in kept:
        logger.addHandler(handler)


def report_an_error() -> None:
    try:
        raise RuntimeError("Jane Doe")
    except RuntimeError as exc:
        guard.report(exc, exc.__traceback__)


def test_the_log_is_private_from_the_start_under_umask_000(fresh_log):
    old = os.umask(0)
    try:
        report_an_error()
    finally:
        os.umask(old)
    assert (fresh_log.stat().st_mode & 0o777) == 0o600
    text = fresh_log.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "Jane" not in text


def test_a_link_in_the_logs_place_is_not_followed(fresh_log, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("someone else's file\n", encoding="utf-8")
    fresh_log.parent.mkdir(parents=True)
    fresh_log.symlink_to(other)
    report_an_error()  # the log cannot be written: the error is still shown, the window goes on
    assert other.read_text(encoding="utf-8") == "someone else's file\n"


def test_a_pipe_in_the_logs_place_does_not_hang_the_window(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "planner.log")
    code = ("from planner.ui import guard\n"
            "try:\n    raise RuntimeError('x')\nexcept RuntimeError as exc:\n    guard.report(exc, exc.__traceback__)\n"
            "print('reported')\n")
    env = dict(os.environ, IGRT_PLANNER_DATA_DIR=str(data), IGRT_PLANNER_NO_DIALOGS="1")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, env=env)
    assert done.stdout == "reported\n", done.stderr
