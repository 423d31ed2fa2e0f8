"""With a department in the store, the clinic's phone is the department's: the question before an export or print
without a phone number sends the coordinator to Department settings, not to Settings (whose own note says the
department decides the phone), and a phone typed there lets the export go on."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QMessageBox, QPushButton

from planner.app.catalogues import catalogue_at
from planner.core.department import load_department
from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui import dialogs
from planner.ui.department_settings import DepartmentDialog
from planner.ui.main_window import MainWindow
from tests.questions import discard_unsaved
from tests.store.booking_scenario import DEPARTMENT_FILE


def test_the_missing_phone_question_opens_department_settings(qtbot, monkeypatch, tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'department.db'}") as store:
        store.set_department(replace(load_department(DEPARTMENT_FILE), phone=""))
        discard_unsaved(monkeypatch)
        window = MainWindow(Settings(time_zone="UTC"), catalogue_at(""), persist_settings=False, open_store=lambda: store)
        qtbot.addWidget(window)
        window.show()
        assert window.session.department is not None and window.session.department.phone == ""
        asked: list[tuple[str, list[str]]] = []

        def answer(box):
            texts = [b.text() for b in box.findChildren(QPushButton)]
            asked.append((box.text(), texts))
            next(b for b in box.findChildren(QPushButton) if b.text() == "&Open Department settings…").click()
            return 0

        def type_phone(dialog):
            dialog.clinic.phone.setText("555-0100")
            dialog.clinic.phone.textEdited.emit("555-0100")  # as typed
            dialog.accept()
            return dialog.result_department is not None

        monkeypatch.setattr(QMessageBox, "exec", answer)
        monkeypatch.setattr(DepartmentDialog, "exec", type_phone)
        exported: list[int] = []
        monkeypatch.setattr(dialogs.SettingsDialog, "exec", lambda self: 0)
        monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: (exported.append(1), 0)[1])
        window.export_calendar()
        ((text, buttons),) = asked
        assert "Department settings" in text and "Add it in Settings" not in text
        letters = [t[t.index("&") + 1].lower() for t in buttons if "&" in t]
        assert len(letters) == len(set(letters)), buttons
        assert window.session.department.phone == "555-0100"
        assert exported == [1]  # the number is there now: the export goes on
