"""A clinic's first department, made in the window (found by a fresh-eyes coordinator setting a clinic up from
nothing): the Department settings dialog starts from what Edit → Settings already holds (name, address, phone,
zone, holidays, treatment days), not from UTC without holidays, which every new course then followed (a London
clinic treating on Christmas Day, an hour off in summer); a holiday region the holidays package does not know
is refused at Save, beside the Clinic table, not stored to stop every course later; and capability words typed
apart by spaces are read as words."""

from __future__ import annotations

import pytest

from planner.app.department_tables import DETAIL_KEYS, NEW_DEPARTMENT, cell_words, new_department
from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui import department_settings
from planner.ui.department_settings import DepartmentDialog
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved

SETTINGS = Settings(clinic_name="Riverside Cancer Centre", clinic_address="1 River Road", clinic_phone="+44 20 7946 0000",
                    time_zone="Europe/London", holidays="GB-ENG", treatment_days="mon,tue,wed,thu,fri,sat")


def test_a_new_department_starts_from_the_desks_settings():
    department = new_department(SETTINGS)
    assert (department.name, department.address, department.phone) == ("Riverside Cancer Centre", "1 River Road",
                                                                        "+44 20 7946 0000")
    assert (department.timezone, department.holidays, department.treatment_days) == ("Europe/London", "GB-ENG",
                                                                                     frozenset(range(6)))
    assert new_department(Settings(time_zone="UTC")).name == NEW_DEPARTMENT.name  # no clinic name yet
    odd = new_department(Settings(time_zone="Mars/Olympus", treatment_days="mon,funday", clinic_name="X"))
    assert (odd.name, odd.timezone, odd.treatment_days) == ("X", NEW_DEPARTMENT.timezone, NEW_DEPARTMENT.treatment_days)


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    discard_unsaved(monkeypatch)
    with Store.open(f"sqlite:///{tmp_path / 'planner.db'}") as store:  # no department yet
        win = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False, open_store=lambda: store)
        qtbot.addWidget(win)
        win.show()
        win.store_link._store_ready()
        yield win


def test_the_windows_first_department_dialog_shows_the_settings(window, monkeypatch):
    shown: list[dict[str, str]] = []

    def look(dialog: DepartmentDialog) -> int:
        shown.append(dialog.tables().details)
        return 0

    monkeypatch.setattr(department_settings.DepartmentDialog, "exec", look)
    window.store_link.edit_department()
    assert shown and shown[0]["timezone"] == "Europe/London" and shown[0]["holidays"] == "GB-ENG"
    assert shown[0]["name"] == "Riverside Cancer Centre" and shown[0]["phone"] == "+44 20 7946 0000"


def test_an_unknown_holiday_region_is_refused_at_save_beside_the_clinic_table(qtbot):
    saved = []
    dialog = DepartmentDialog(NEW_DEPARTMENT, saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)  # on another page when Save is pressed
    dialog.details.setData(dialog.details.index(DETAIL_KEYS.index("holidays"), 0), "US-NYY")
    dialog.accept()
    assert not saved and dialog.isVisible() and dialog.tabs.currentIndex() == 0
    assert dialog.error.text().startswith("Public holidays: 'NYY' is not a subdivision of US")
    dialog.details.setData(dialog.details.index(DETAIL_KEYS.index("holidays"), 0), "US-NY")
    dialog.accept()
    assert saved and saved[0].holidays == "US-NY"


def test_capability_words_apart_by_spaces_are_words(qtbot):
    assert cell_words("vmat sbrt, dibh;srs  ") == ["vmat", "sbrt", "dibh", "srs"]
    saved = []
    dialog = DepartmentDialog(NEW_DEPARTMENT, saved.append)
    qtbot.addWidget(dialog)
    dialog.machines.insertRows(0, 1)
    for column, text in enumerate(["Linac 1", "A", "vmat sbrt dibh", "07:30-19:00"]):
        dialog.machines.setData(dialog.machines.index(0, column), text)
    assert dialog.capability_note.text() == ""  # three known words, not one unknown
    dialog.accept()
    assert saved and saved[0].machine("Linac 1").capabilities == {"vmat", "sbrt", "dibh"}


def test_the_no_holidays_hint_points_to_where_every_courses_holidays_are_set(window, qtbot):
    """Once a department is stored its calendar wins over Edit → Settings: the hint names Department settings."""
    from planner.core.department import Department

    window.store_link.store.set_department(Department(name="Riverside", timezone="Europe/London"))
    window.session.department = window.store_link.store.department()
    window.session.reset(window.session.spec.updated(holidays=None), None)
    assert "once for every course in Department → Department settings" in window.results.notices.text()
