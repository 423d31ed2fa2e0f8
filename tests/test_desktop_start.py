"""`main.py` (the desktop app's start) answers --help and --version without opening a window, and
says in one line that there is no display instead of Qt's abort when none is set (Linux)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(*args: str) -> subprocess.CompletedProcess[str]:
    """main.py run with no display at all (no X11, no Wayland, no Qt platform chosen)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False, stdin=subprocess.DEVNULL)


def test_help_and_version_need_no_display():
    shown = start("--help")
    assert shown.returncode == 0 and shown.stderr == ""
    assert shown.stdout.startswith("usage: main.py [COURSE.igrt.json]") and "python -m planner --help" in shown.stdout
    version = start("--version")
    assert version.returncode == 0 and version.stdout.startswith("IGRT Course Planner ")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a display is an X11 or Wayland matter")
def test_without_a_display_the_start_says_so_in_one_line():
    started = start()
    assert started.returncode == 2 and started.stdout == ""
    assert started.stderr.count("\n") == 1 and started.stderr.startswith("main.py: error: no display to show the window on")
    assert "Traceback" not in started.stderr and "qt.qpa" not in started.stderr


def test_a_course_file_name_too_long_to_look_for_opens_the_window_all_the_same(qapp, monkeypatch, tmp_path):
    """Path.exists() raised 'File name too long' before the window was made: the start ended in 'Something went
    wrong'. Now the window opens and is asked to open the file, to say itself why it cannot be read."""
    import sys

    from PySide6.QtWidgets import QApplication, QMessageBox

    from planner.ui import app as desktop
    from planner.ui.alt_keys import AltLettersKeptOut
    from planner.ui.keyboard_focus import FocusShownInDialogs
    from planner.ui.main_window import MainWindow

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: warned.append("critical"))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own: put back afterwards
    before = set(QApplication.topLevelWidgets())
    guards = set(qapp.findChildren(AltLettersKeptOut))
    rules = set(qapp.findChildren(FocusShownInDialogs))
    name = str(tmp_path / ("x" * 300 + ".json"))
    try:
        assert desktop.main(["main.py", name]) == 0
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before]
        assert len(windows) == 1
        assert set(qapp.findChildren(FocusShownInDialogs)) - rules  # its dialogs show their focus frame from the start
        for _ in range(3):  # the window opens the file on the next turns of the event loop
            qapp.processEvents()
        assert len(warned) == 1 and "File name too long" in warned[0], warned
    finally:
        for window in set(QApplication.topLevelWidgets()) - before:
            window.deleteLater()
        for guard in set(qapp.findChildren(AltLettersKeptOut)) - guards:
            qapp.removeEventFilter(guard)
            guard.deleteLater()
        for rule in set(qapp.findChildren(FocusShownInDialogs)) - rules:  # and marked its dialogs
            rule.remove()


def test_help_to_a_reader_gone_before_the_end_is_no_traceback():
    """`main.py --help | head -0`: the pipe closed before the text was written ended in BrokenPipeError's traceback."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before a word is written
    try:
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--help"], stdout=writing, stderr=subprocess.PIPE,
                              text=True, env=env, timeout=60, check=False, stdin=subprocess.DEVNULL)
    finally:
        os.close(writing)
    assert done.returncode == 0 and done.stderr == "", done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pipe as TZ hangs glibc's time zone reading")
def test_run_sh_leaves_out_a_tz_that_names_a_pipe(tmp_path):
    """TZ=/path/to/a/fifo hung Python's own start (the C library reads TZ's file before any code of the planner
    runs): run.sh's guard, run before anything starts Python, says so in one line and leaves TZ out."""
    fifo = tmp_path / "zone"
    os.mkfifo(fifo)
    assert "scripts/tz_guard.sh" in (ROOT / "run.sh").read_text(encoding="utf-8").split("setup.sh")[0], "before the set-up"
    for named, kept in ((str(fifo), False), (f":{fifo}", False), ("/dev/zero", False), ("Europe/London", True),
                        ("/usr/share/zoneinfo/Europe/London", True), ("", True)):
        done = subprocess.run(["bash", "-c", f'source "{ROOT / "scripts" / "tz_guard.sh"}"; echo "${{TZ-left out}}"'],
                              capture_output=True, text=True, env={**os.environ, "TZ": named}, timeout=60, check=False,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 0 and done.stdout == (f"{named}\n" if kept else "left out\n"), (named, done.stderr)
        shown = named.removeprefix(":")
        assert done.stderr == ("" if kept else f"run.sh: TZ names {shown}, which is not a time zone file; starting without it "
                               "(the computer's own zone)\n")
