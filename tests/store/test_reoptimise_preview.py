"""Re-optimise coming weeks wrote its answer at the first press: a coordinator could not see whose
times would change before they changed. Preview says who would move and how, writing nothing."""

from __future__ import annotations

import pytest

from planner.ui.reoptimise_dialog import ReoptimiseDialog


@pytest.fixture
def window(waiting_window):
    return waiting_window


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
