"""Importing the department file again from the window keeps the downtime recorded with Machine
down…, and the question before it says which recorded downtime stays (it is no longer lost)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QMessageBox

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_import import DepartmentImportDialog

from .store.booking_scenario import DEPARTMENT_FILE, stock

CATALOGUE = load_catalogue(default_catalogue_path())
LONDON = ZoneInfo("Europe/London")


def test_the_window_reimport_keeps_recorded_downtime_and_says_so(qtbot, tmp_path, monkeypatch):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with open_desk(url, CATALOGUE) as desk:  # what Machine down… records
        desk.machine_down("Linac 2", datetime(2030, 4, 1, 8, tzinfo=LONDON), datetime(2030, 4, 1, 13, tzinfo=LONDON), "beam fault")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    with Store.open(url) as store:
        dialog = DepartmentImportDialog(store, CATALOGUE)
        qtbot.addWidget(dialog)
        assert "recorded downtime stay" in dialog.current.text()
        dialog.path.setText(str(DEPARTMENT_FILE))
        dialog.import_now()
        assert len(asked) == 1
        assert "Courses, bookings and recorded downtime stay (Linac 2 down Mon 1 Apr 2030 08:00–13:00 is kept)." in asked[0]
        assert dialog.imported is not None
        department = store.department()
    assert department is not None and department == dialog.imported
    kept = [(d.machine, d.start.astimezone(LONDON).hour, d.end.astimezone(LONDON).hour, d.reason) for d in department.downtime]
    assert ("Linac 2", 8, 13, "beam fault") in kept and len(kept) == 2  # the file's QA and the fault, each once
