"""Re-optimise coming weeks wrote its answer at the first press: a coordinator could not see whose
times would change before they changed. Preview says who would move and how, writing nothing."""

from __future__ import annotations

from datetime import date

import pytest

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui.department_window import DepartmentWindow
from planner.ui.reoptimise_dialog import ReoptimiseDialog

from .reoptimise_scenario import READY, waiting_store


@pytest.fixture
def window(qtbot, tmp_path):
    desk = open_desk(waiting_store(f"sqlite:///{tmp_path / 'department.db'}"), load_catalogue(default_catalogue_path()))
    desk.today = date(2030, 3, 22)
    shown = DepartmentWindow(desk, READY)
    qtbot.addWidget(shown)
    yield shown
    desk.store.close()


def prostate_entries(window) -> list:
    return [e for m in window.day_view.machines for e in m.entries if e.course_id == "course-prostate"]


def test_preview_says_who_would_move_and_writes_nothing(qtbot, window):
    dialog = ReoptimiseDialog(window.desk, window)
    qtbot.addWidget(dialog)
    dialog.preview()
    said = dialog.previewed.text()
    assert said.startswith("Would place 1 course anew (10 working days of wait saved):")
    assert "Zoë Ångström: starts Mon 25 Mar instead of Mon 8 Apr" in said
    assert dialog.answer is None and dialog.result() != dialog.DialogCode.Accepted
    window.refresh()
    assert not prostate_entries(window)  # nothing written
    dialog.days.setValue(10)
    assert not dialog.previewed.text()  # said of another look-ahead
    dialog.days.setValue(20)
    dialog.run()
    assert dialog.answer is not None and dialog.answer.updated_courses == ("course-prostate",)


def test_preview_with_nothing_to_gain_says_so(qtbot, window):
    first = ReoptimiseDialog(window.desk, window)
    qtbot.addWidget(first)
    first.run()
    again = ReoptimiseDialog(window.desk, window)
    qtbot.addWidget(again)
    again.preview()
    assert again.previewed.text() == "Nothing would change: no course could start earlier."
