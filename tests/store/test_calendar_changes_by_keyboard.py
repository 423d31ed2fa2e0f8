"""What to tell each patient whose calendar a re-booking changed was only in the count's tooltip ("3 changes"), which
the arrow keys never show: a coordinator phoning patients from the keyboard could not read it. The chosen patient's
changes are said under the list, in the machine-down report and in the Bookings window's Calendars tab; never while
Discreet (a treatment room's screen)."""

from __future__ import annotations

from .test_outdated_calendars import DOWN, desk_on, exported_then_down, machine_of


def test_the_report_says_the_chosen_patient_s_changes_under_the_list(qtbot, url):
    from planner.ui.booking_dialogs import DownReportDialog

    with desk_on(url) as desk:
        desk.export_calendar("course-prostate")
        report, updates = desk.machine_down(machine_of(url, "course-prostate"), *DOWN, "beam fault")
        dialog = DownReportDialog(desk, report, updates)
        qtbot.addWidget(dialog)
        dialog.show()
        table = dialog.calendar_table
        assert not dialog.changes_said.isVisible()  # nothing chosen yet
        table.setFocus()
        table.setCurrentCell(0, 0)  # as Tab and the arrows choose it
        (update,) = updates
        said = dialog.changes_said.text()
        assert dialog.changes_said.isVisible() and said.startswith(table.item(0, 0).text() + ": ")
        assert update.changes and all(change in said for change in update.changes)
        discreet = DownReportDialog(desk, report, updates, discreet=True)
        qtbot.addWidget(discreet)
        discreet.show()
        discreet.calendar_table.setCurrentCell(0, 0)
        assert not discreet.changes_said.isVisible() and discreet.changes_said.text() == ""


def test_the_calendars_tab_says_them_too(qtbot, url):
    from planner.ui.department_window import DepartmentWindow

    exported_then_down(url)
    window = DepartmentWindow(desk_on(url))
    qtbot.addWidget(window)
    window.show()
    pane = window.calendars
    window.tabs.setCurrentWidget(pane)
    pane.table.setCurrentCell(0, 1)
    said = pane.changes_said.text()
    assert pane.changes_said.isVisible() and said.startswith("Zoë Ångström: ") and "Radiotherapy" in said
    window.discreet.setChecked(True)
    assert not pane.changes_said.isVisible() and "Zoë" not in pane.changes_said.text()


def test_tab_leaves_the_report_s_lists_as_any_field(qtbot, url):
    """Tab went from cell to cell of the Moved list (eleven sessions: 55 presses) before reaching the calendars."""
    from PySide6.QtCore import Qt

    from planner.ui.booking_dialogs import DownReportDialog

    with desk_on(url) as desk:
        desk.export_calendar("course-prostate")
        report, updates = desk.machine_down(machine_of(url, "course-prostate"), *DOWN, "beam fault")
        dialog = DownReportDialog(desk, report, updates)
        qtbot.addWidget(dialog)
        dialog.show()
        for table in (dialog.moved_table, dialog.calendar_table):
            table.setCurrentCell(0, 0)
            qtbot.keyClick(table, Qt.Key.Key_Tab)
            assert (table.currentRow(), table.currentColumn()) == (0, 0), "Tab walked into the next cell"
