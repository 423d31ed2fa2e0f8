"""Re-optimising the coming weeks from the department window: the dialog runs the desk's
re-optimisation, the day view follows, and the report lists the course placed anew and the
patient whose calendar needs an update, and writes it."""

from __future__ import annotations

import pytest

from planner.ui.reoptimise_dialog import ReoptimiseDialog, ReoptimiseReportDialog

from .booking_scenario import writes_the_prostate_update


@pytest.fixture
def window(waiting_window):
    return waiting_window


def test_the_action_is_on_the_toolbar_beside_machine_down(window):
    assert window.reoptimise_action.iconText() == "Re-optimise coming weeks…"  # the toolbar's words; the menu's have a mnemonic


def test_re_optimising_moves_the_waiting_course_and_reports_it(qtbot, window, tmp_path):
    window.desk.export_calendar("course-prostate")
    assert not [e for m in window.day_view.machines for e in m.entries if e.course_id == "course-prostate"]
    dialog = ReoptimiseDialog(window.desk, window)
    qtbot.addWidget(dialog)
    assert dialog.days.value() == 20
    dialog.run()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.answer is not None
    assert dialog.answer.updated_courses == ("course-prostate",)
    assert [u.course_id for u in dialog.updates] == ["course-prostate"]
    window.refresh()
    assert [e for m in window.day_view.machines for e in m.entries if e.course_id == "course-prostate"]
    report = ReoptimiseReportDialog(window.desk, dialog.answer, dialog.updates, window)
    qtbot.addWidget(report)
    assert report.course_table.rowCount() == 1
    assert report.course_table.item(0, 0).text() == "Zoë Ångström (H0001)"
    assert report.course_table.item(0, 2).text() == "10 → 0"
    assert report.course_table.item(0, 3).text().startswith("starts Mon 25 Mar instead of Mon 8 Apr")
    from PySide6.QtWidgets import QLabel

    (summary,) = [label.text() for label in report.findChildren(QLabel) if "placed anew" in label.text()]
    kept = dialog.answer.unchanged  # never '0 looked at kept as booked'
    assert summary.endswith("of wait saved." if kept == 0 else f"of wait saved; {kept} other course{'s' if kept != 1 else ''} "
                            "looked at, kept as booked.")
    writes_the_prostate_update(report, tmp_path / "updates")


def test_nothing_to_do_says_so(qtbot, window):
    dialog = ReoptimiseDialog(window.desk, window)
    qtbot.addWidget(dialog)
    dialog.run()
    again = ReoptimiseDialog(window.desk, window)
    qtbot.addWidget(again)
    again.run()
    assert again.answer is not None and again.answer.changes == ()
    report = ReoptimiseReportDialog(window.desk, again.answer, again.updates, window)
    qtbot.addWidget(report)
    assert not report.write_button.isEnabled()


def test_the_folder_picker_opens_at_home_not_in_the_program_s_folder(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda parent, caption, folder="": asked.append(folder) or "")
    window.desk.export_calendar("course-prostate")
    dialog = ReoptimiseDialog(window.desk, window)
    qtbot.addWidget(dialog)
    dialog.run()
    report = ReoptimiseReportDialog(window.desk, dialog.answer, dialog.updates, window)
    qtbot.addWidget(report)
    report.choose_folder()
    assert asked == [str(home)] and report.written == []
