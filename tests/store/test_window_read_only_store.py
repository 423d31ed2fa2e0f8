"""The window on a department store this user may only read (the file's mode 0400, or its folder read-only: a
backup opened to look at, a colleague's file): the Patients list shows its courses, the status bar says it is
read-only and why, saving a course says why it cannot be saved, and adding the course on screen is not offered;
the file stays as it was. Before, the window could not open it at all in a read-only folder ('The department's
store is not available: ... attempt to write a readonly database').

The window runs in a child process without root's power to write what a file's mode forbids (see
test_cli_read_only_store.py), offscreen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .test_cli_read_only_store import digest, read_only_store, unprivileged  # noqa: F401 - the fixture

READ_ONLY_REASONS = ("the file may not be written: its mode, its owner or a read-only file system",  # the file 0400
                     "its folder may not be written, and SQLite keeps its journal beside the file")  # its folder 0555

_WINDOW = """
import json, sys
from PySide6.QtWidgets import QApplication, QMessageBox
from planner.store.settings import Settings
from planner.ui.app import open_department_store
from planner.ui.main_window import MainWindow, catalogue_at

app = QApplication([])
warned = []
QMessageBox.warning = lambda parent, title, text: warned.append(text)
QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Discard
settings = Settings(clinic_name="Riverside", time_zone="Europe/London", database=sys.argv[1])
window = MainWindow(settings, catalogue_at(""), persist_settings=False, open_store=lambda: open_department_store(settings))
window.show()
link = window.store_link
message = window.statusBar().currentMessage()
total = link.patients.model.total if link.patients is not None else None
offered = link.offer.isVisible() or link.add_action.isEnabled()
if link.patients is not None:
    link.open_course(link.patients.model.course(0).course_id)
    window.session.edit(window.session.spec.updated(location="Room 9"), "location")
    saved = window.save_course()
else:
    saved = None
mark = link.read_only_mark
marked = [mark.text(), mark.toolTip(), mark.isVisible()] if mark is not None else None
print(json.dumps({"message": message, "total": total, "saved": saved, "warned": warned, "offered": offered, "mark": marked}))
"""


def test_the_window_shows_a_store_it_may_only_read_and_says_why_a_save_is_refused(read_only_store, tmp_path: Path):  # noqa: F811
    url, path = read_only_store
    before = digest(path)
    prefix = unprivileged()
    home = tmp_path / "home"
    home.mkdir()
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                   "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_CACHE_HOME": str(home / ".cache")}
    environment.pop("IGRT_PLANNER_DB", None)
    done = subprocess.run([*prefix, sys.executable, "-c", _WINDOW, url], capture_output=True, text=True, timeout=300,
                          check=False, env=environment)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["message"] == "Store read-only: its file may not be written here; its courses can be looked at, not saved."
    assert shown["mark"][0::2] == ["Store read-only", True]  # stays after the message, its tooltip says why in full
    assert shown["mark"][1] in {f"The department's store is read-only here ({why}): its courses can be looked at, not saved."
                                for why in READ_ONLY_REASONS}
    assert shown["total"] == 6
    assert shown["offered"] is False  # no 'Add to the store' for a store that cannot take the course
    assert shown["saved"] is False
    assert len(shown["warned"]) == 1 and "the database cannot be changed here (" in shown["warned"][0]
    assert "nothing was changed" in shown["warned"][0]
    assert digest(path) == before
