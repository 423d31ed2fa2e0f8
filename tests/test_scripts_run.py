"""The screenshot scripts for docs/ still run against today's code: the Bookings window's script
(offscreen, a throw-away store) writes every picture it names, at the size the issue asks for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent


def test_the_department_screenshots_are_written_at_1366_by_768(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "department_screenshots.py"), str(tmp_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    names = ("department-day.png", "department-occupancy.png", "department-waiting.png", "department-calendars.png",
             "department-day-dark-discreet.png")
    images = {name: QImage(str(tmp_path / name)) for name in names}
    for name, image in images.items():
        assert (image.width(), image.height()) == (1366, 768), name
    assert images["department-day.png"] != images["department-day-dark-discreet.png"]
    assert [line.rsplit("/", 1)[-1] for line in done.stdout.split()] == list(names)
