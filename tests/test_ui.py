"""The desktop window, driven as a coordinator would (offscreen)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QTime
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from planner.cli import main as cli_main
from planner.core.course import MakeUp
from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.ics import parse_export
from planner.store.course_file import load_course
from planner.store.settings import Settings
from planner.ui import dialogs, discard_question, files
from planner.ui.guard import log_path
from planner.ui.main_window import MainWindow, catalogue_at
from planner.ui.schedule_model import ScheduleTableModel
from planner.ui.session import build
from tests.questions import discard_unsaved

SETTINGS = Settings(clinic_name="Riverside Cancer Centre", clinic_phone="+1 212 555 0100", time_zone="America/New_York",
                    holidays="US-NY")


@pytest.fixture
def window(qtbot, monkeypatch):
    # Closing at the end of a test discards unsaved changes instead of waiting on a modal question.
    discard_unsaved(monkeypatch)
    win = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False)
    qtbot.addWidget(win)
    win.show()
    return win


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def fill_course(window, qtbot) -> None:
    form = window.form
    form.patient_name.setFocus()
    form.patient_name.insert("Zoë Ångström-Nguyễn")  # typed text (QTest types ASCII only)
    choose(form.site, "pelvis-gyn")
    choose(form.preset, "28-daily")
    form.start.setDate(QDate(2026, 11, 16))
    form.time.setTime(QTime(8, 30))
    form.tz.setCurrentText("America/New_York")
    choose(form.country, "US")
    choose(form.subdivision, "NY")
    form.has_simulation.setChecked(True)
    form.simulation.setDate(QDate(2026, 11, 9))
    form.simulation_time.setTime(QTime(10, 0))
    choose(form.review_day, 1)
    form.follow_up.setValue(6)
    form.location.selectAll()
    qtbot.keyClicks(form.location, "Level B1")


def fractions_shown(window) -> list:
    model = window.model
    return [model.appointment(r) for r in range(model.rowCount()) if model.appointment(r).kind is AppointmentKind.FRACTION]


def test_model_passes_qtmodeltester(qtmodeltester, catalogue):
    from planner.core.spec import CourseSpec

    model = ScheduleTableModel()
    spec = CourseSpec(site="prostate", preset="20-daily", start=date(2026, 11, 23), tz="America/New_York", holidays="US",
                      simulation=datetime(2026, 11, 16, 9, 0), review_day=1, follow_up_weeks=4)
    model.set_schedule(build(spec, catalogue).schedule)
    assert model.rowCount() == 20 + 1 + 5 + 1
    qtmodeltester.check(model)


def test_filling_the_form_builds_the_course_live(window, qtbot):
    fill_course(window, qtbot)
    fractions = fractions_shown(window)
    assert len(fractions) == 28
    assert fractions[0].start.strftime("%Y-%m-%d %H:%M") == "2026-11-16 08:30"
    assert date(2026, 11, 26) not in {f.start.date() for f in fractions}  # Thanksgiving
    summary = window.summary.text()
    assert "28 fractions" in summary and "Mon 16 Nov 2026" in summary and "days overall" in summary
    assert "Thanksgiving Day" in window.notices.text()
    assert "gap-sensitive" in window.notices.text()
    kinds = {window.model.appointment(r).kind for r in range(window.model.rowCount())}
    assert kinds == {AppointmentKind.SIMULATION, AppointmentKind.FRACTION, AppointmentKind.REVIEW, AppointmentKind.FOLLOW_UP}
    # The week view shows the same course: Thanksgiving week has four fraction blocks and a review.
    window.tabs.setCurrentIndex(1)
    window.week.go(date(2026, 11, 23))
    view = window.week.view
    view._layout()
    roles = {str(a.key) for _, a in view._blocks}
    assert {"fraction-6", "fraction-7", "fraction-8", "fraction-9", "review-2"} == roles
    # Changing the fraction count changes the list and the week view at once.
    window.form.count.setValue(5)
    assert len(fractions_shown(window)) == 5
    view._layout()
    assert not view._blocks or all(a.kind is not AppointmentKind.FRACTION or a.number <= 5 for _, a in view._blocks)
    assert "5 fractions" in window.summary.text()


def test_invalid_input_is_shown_next_to_the_field(window, qtbot):
    fill_course(window, qtbot)
    window.form.start.setDate(QDate(2026, 11, 21))  # a Saturday
    error = window.form.errors["start"]
    assert error.isVisible() and "Saturday" in error.text()
    assert window.summary.text().startswith("No schedule")
    window.form.start.setDate(QDate(2026, 11, 26))
    assert "Thanksgiving Day" in window.form.errors["start"].text()
    window.form.start.setDate(QDate(2026, 11, 16))
    assert not window.form.errors["start"].isVisible()
    choose(window.form.pattern, "weekly")
    assert "1 to 5" in window.form.errors["fractions"].text()
    for box in window.form.day_boxes:
        box.setChecked(False)
    assert window.form.errors["days"].isVisible()


def test_undo_and_redo_form_changes(window, qtbot):
    fill_course(window, qtbot)
    window.form.count.setValue(20)
    window.form.count.setValue(15)  # merged with the previous change of the same field
    assert len(fractions_shown(window)) == 15
    window.undo_action.trigger()
    assert len(fractions_shown(window)) == 28
    assert window.form.count.value() == 28
    window.redo_action.trigger()
    assert len(fractions_shown(window)) == 15 and window.form.count.value() == 15


def test_save_open_round_trip_and_the_cli_reads_it(window, qtbot, tmp_path, monkeypatch, capsys):
    fill_course(window, qtbot)
    path = tmp_path / "zoe.igrt.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert window.save_course() is True
    assert not window.session.dirty and not window.isWindowModified()
    assert (path.stat().st_mode & 0o777) == 0o600
    saved = load_course(path)
    assert saved.patient_name == "Zoë Ångström-Nguyễn" and saved.fractions == 28 and saved.holidays == "US-NY"
    assert cli_main(["plan", "--course", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len([a for a in data["appointments"] if a["kind"] == "fraction"]) == 28
    window.session.new()
    assert window.form.patient_name.text() == ""
    monkeypatch.setattr(files, "choose_course_file", lambda *a, **k: path)
    window.open_course()
    assert window.form.patient_name.text() == "Zoë Ångström-Nguyễn"
    assert len(fractions_shown(window)) == 28
    assert window.settings.recent_files[0] == str(path)
    assert "zoe.igrt.json" in window.windowTitle()


def test_opening_a_bad_file_keeps_the_current_course(window, qtbot, tmp_path, monkeypatch):
    fill_course(window, qtbot)
    bad = tmp_path / "bad.json"
    bad.write_text("{broken")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, caption, text: shown.append(text))
    assert window.open_path(bad) is False
    assert "not a course file" in shown[0]
    assert window.form.patient_name.text() == "Zoë Ångström-Nguyễn"


def test_unsaved_changes_prompt_on_close(window, qtbot, monkeypatch):
    fill_course(window, qtbot)
    assert window.session.dirty
    answers = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(discard_question, "unsaved_question", lambda *a, **k: answers.pop(0))
    window.close()
    assert window.isVisible()  # cancelled: nothing lost
    answers.append(QMessageBox.StandardButton.Discard)
    window.close()
    assert not window.isVisible()


def test_drag_a_fraction_in_the_week_view_then_undo(window, qtbot):
    fill_course(window, qtbot)
    window.tabs.setCurrentIndex(1)
    window.week.go(date(2026, 11, 23))
    view = window.week.view
    rect = view.block_rect(AppointmentKey.fraction(7))  # Tuesday 24 November, 08:30
    start = rect.center().toPoint()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, QPoint(start.x(), start.y() + int(view._per_hour * 0.5)))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(start.x(), start.y() + int(view._per_hour * 0.5)))
    moved = window.session.schedule.find(AppointmentKey.fraction(7))
    assert moved.start.date() == date(2026, 11, 24)
    # Dragged down by half an hour: 08:30 becomes 09:00 (snapped to 5 minutes).
    assert abs((moved.start.replace(tzinfo=None) - datetime(2026, 11, 24, 9, 0)).total_seconds()) <= 5 * 60
    assert window.session.spec.adjustments.moved(AppointmentKey.fraction(7)) is not None
    window.undo_action.trigger()
    assert window.session.schedule.find(AppointmentKey.fraction(7)).start.strftime("%H:%M") == "08:30"


def test_move_dialog_and_spacing_warning(window, qtbot, monkeypatch):
    fill_course(window, qtbot)
    monkeypatch.setattr(dialogs.MoveDialog, "exec", lambda self: True)
    monkeypatch.setattr(dialogs.MoveDialog, "moment", lambda self: datetime(2026, 11, 23, 10, 0))
    window.move_appointment(AppointmentKey.fraction(7))
    assert window.session.schedule.find(AppointmentKey.fraction(7)).start.strftime("%Y-%m-%d %H:%M") == "2026-11-23 10:00"
    assert "hours apart" in window.notices.text()
    # The move is saved with the course and survives re-planning.
    window.form.time.setTime(QTime(9, 0))
    assert window.session.schedule.find(AppointmentKey.fraction(7)).start.strftime("%Y-%m-%d %H:%M") == "2026-11-23 10:00"
    assert window.session.schedule.find(AppointmentKey.fraction(6)).start.strftime("%H:%M") == "09:00"


def test_missed_fraction_offers_make_up_for_gap_sensitive_sites(window, qtbot, monkeypatch):
    fill_course(window, qtbot)
    before = window.session.schedule
    seen = {}

    def fake_exec(self):
        seen["buttons"] = set(self.buttons)
        seen["texts"] = {m: b.text() for m, b in self.buttons.items()}
        self.buttons[MakeUp.WEEKEND].setChecked(True)
        return True

    monkeypatch.setattr(dialogs.MissedDialog, "exec", fake_exec)
    window.mark_missed(AppointmentKey.fraction(3))  # Wednesday 18 November
    assert seen["buttons"] == {MakeUp.END, MakeUp.WEEKEND, MakeUp.SAME_DAY}
    # Added at the end, the course ends later (here past Christmas); a weekend session keeps the overall time.
    assert f"overall treatment time {before.overall_days} → {before.overall_days + 4} days" in seen["texts"][MakeUp.END]
    assert "unchanged" in seen["texts"][MakeUp.WEEKEND]
    after = window.session.schedule
    assert date(2026, 11, 21) in {f.start.date() for f in after.fractions}  # Saturday make-up
    assert date(2026, 11, 18) not in {f.start.date() for f in after.fractions}
    assert after.overall_days == before.overall_days
    assert len(after.fractions) == 28


def test_missed_fraction_for_other_sites_goes_to_the_end(window, qtbot, monkeypatch):
    fill_course(window, qtbot)
    choose(window.form.site, "prostate")
    choose(window.form.preset, "20-daily")
    seen = {}
    monkeypatch.setattr(dialogs.MissedDialog, "exec", lambda self: seen.setdefault("buttons", set(self.buttons)) and True)
    last_before = window.session.schedule.last_fraction.start.date()
    window.mark_missed(AppointmentKey.fraction(2))
    assert seen["buttons"] == {MakeUp.END}
    assert window.session.schedule.last_fraction.start.date() > last_before


def test_export_action_writes_the_calendar(window, qtbot, tmp_path, monkeypatch):
    fill_course(window, qtbot)
    out = tmp_path / "zoe.ics"
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: (self.discreet.setChecked(True), True)[1])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.export_calendar()
    state = parse_export(out.read_bytes(), "zoe.ics")
    assert len(state.events) == len(window.session.schedule.appointments)
    assert any(e.summary == "Clinic appointment 1 of 28" for e in state.events.values())
    assert state.course_id == window.session.spec.course_id


def test_print_to_pdf_from_the_window(window, qtbot, tmp_path, monkeypatch):
    from pypdf import PdfReader

    fill_course(window, qtbot)
    out = tmp_path / "week.pdf"
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (setattr(self, "action", "pdf"), True)[1])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.print_course()
    reader = PdfReader(str(out))
    assert len(reader.pages) == 8  # the planning-scan week, six treatment weeks, the follow-up week
    assert "Zoë Ångström-Nguyễn" in " ".join(reader.pages[1].extract_text().split())


def test_an_unexpected_error_is_logged_without_patient_data(window, qtbot, monkeypatch):
    fill_course(window, qtbot)

    def broken(*args, **kwargs):
        raise RuntimeError("Zoë Ångström-Nguyễn exploded")

    monkeypatch.setattr(window.session, "move", broken)
    window.on_drag_move(AppointmentKey.fraction(2), datetime(2026, 11, 17, 10, 0))
    text = log_path().read_text(encoding="utf-8")
    assert "RuntimeError" in text and "on_drag_move" in text
    assert "Zoë" not in text and "exploded" not in text
    assert (log_path().stat().st_mode & 0o777) == 0o600
    window.form.count.setValue(10)  # the window is still usable
    assert len(fractions_shown(window)) == 10


def test_settings_dialog_shows_errors_next_to_the_field(window, qtbot):
    dialog = dialogs.SettingsDialog(SETTINGS, catalogue_at, window)
    qtbot.addWidget(dialog)
    assert dialog.holidays.code() == "US-NY"  # the same country and region lists as the form
    dialog.catalogue_path.setText("/nonexistent/catalogue.toml")
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "cannot read" in dialog.errors["catalogue_path"].text()
    choose(dialog.holidays.country, "GB")
    choose(dialog.holidays.subdivision, "ENG")
    assert dialog.holidays.subdivision.currentText() == "England (ENG)"  # the region by its name, as the country is
    dialog.catalogue_path.setText("")
    dialog.discreet_id.setChecked(False)
    dialog._accept()
    assert dialog.result_settings is not None and dialog.result_settings.holidays == "GB-ENG"
    assert dialog.result_settings.discreet_print_shows_id is False


def test_start_date_popup_names_holidays(window, qtbot):
    fill_course(window, qtbot)
    popup = window.form.start_popup
    popup.setCurrentPage(2026, 11)
    fmt = popup.dateTextFormat(QDate(2026, 11, 26))
    assert "Thanksgiving Day" in fmt.toolTip()
    assert "not a treatment day" in popup.dateTextFormat(QDate(2026, 11, 21)).toolTip()


def test_keyboard_shortcuts(window):
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert window.open_action.shortcut().toString() == "Ctrl+O"
    assert window.save_action.shortcut().toString() == "Ctrl+S"
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    assert window.print_action.shortcut().toString() == "Ctrl+P"



def test_window_geometry_and_recent_files_are_remembered(qtbot, monkeypatch, tmp_path):
    from planner.store.settings import load_settings

    discard_unsaved(monkeypatch)
    first = MainWindow(SETTINGS, catalogue_at(""), persist_settings=True)
    qtbot.addWidget(first)
    first.show()
    first.resize(701, 503)  # inside the offscreen screen
    path = tmp_path / "kept.igrt.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert first.save_course_as()
    first.close()
    stored = load_settings()
    assert stored.window_geometry and stored.recent_files[0] == str(path)
    second = MainWindow(stored, catalogue_at(""), persist_settings=False)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (701, 503)
    assert [a.text() for a in second.recent_menu.actions()][0] == str(path)


def test_fields_follow_each_other_in_tab_order(window):
    form = window.form
    wanted = [form.patient_name, form.patient_id, form.site, form.preset, form.count, form.count_unit, form.pattern,
              form.start, form.time, form.duration, form.tz, form.country, form.subdivision, *form.day_boxes,
              form.closures, form.closure_date, form.closure_note, form.add_closure, form.remove_closure, form.has_simulation,
              form.simulation, form.simulation_time,
              form.review_day, form.follow_up, form.location, form.discreet, form.urgent]
    order = []
    widget = form.patient_name
    for _ in range(400):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget in wanted and widget not in order:
            order.append(widget)
        widget = widget.nextInFocusChain()
    assert order == wanted


def test_deferred_start_shows_the_frame_then_fills_it_after_the_first_paint(qtbot, monkeypatch):
    discard_unsaved(monkeypatch)
    win = MainWindow(replace(SETTINGS, recent_files=("/nowhere/earlier.igrt.json",)), catalogue_at(""),
                     persist_settings=False, deferred=True)
    qtbot.addWidget(win)
    # The frame alone: menus and toolbar, the course's actions off until there is a course.
    assert not win.recent_menu.isEnabled()
    assert not win.started and not hasattr(win, "form")
    assert win.statusBar().currentMessage() == "Loading…"
    assert not win.save_action.isEnabled() and not win.export_action.isEnabled() and win.quit_action.isEnabled()
    win.save_action.trigger()  # a shortcut pressed while loading does nothing
    win.show()
    qtbot.waitUntil(lambda: win.started and win.session.schedule is not None, timeout=5000)
    assert win.save_action.isEnabled() and win.export_action.isEnabled() and win.recent_menu.isEnabled()
    assert win.statusBar().currentMessage() == ""
    assert win.form.country.count() > 100 and win.form.tz.count() > 300
    assert "fractions" in win.summary.text()


def test_a_catalogue_that_cannot_be_read_falls_back_to_the_shipped_one_with_a_warning(qtbot, monkeypatch, tmp_path):
    broken = tmp_path / "clinic.toml"
    broken.write_text("[[site]]\nid = 'x'\n", encoding="utf-8")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    discard_unsaved(monkeypatch)
    settings = Settings(time_zone="America/New_York", catalogue_path=str(broken))
    win = MainWindow(settings, persist_settings=False)
    qtbot.addWidget(win)
    assert len(warnings) == 1 and "clinic.toml" in warnings[0] and "shipped catalogue is used" in warnings[0]
    assert win.form.site.count() == len(catalogue_at("").sites)
    assert win.session.schedule is not None


def test_closing_while_loading_asks_nothing(qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    discard_unsaved(monkeypatch, QMessageBox.StandardButton.Cancel, asked)
    win = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False, deferred=True)
    qtbot.addWidget(win)
    assert win.close() and not asked


def test_a_course_without_holidays_says_so(window, qtbot):
    fill_course(window, qtbot)
    assert "No public holidays apply" not in window.notices.text()
    choose(window.form.country, "")
    assert "No public holidays apply" in window.notices.text()


def test_export_refuses_a_previous_file_of_another_course(window, qtbot, tmp_path, monkeypatch):
    fill_course(window, qtbot)
    other = tmp_path / "other.ics"
    assert cli_main(["export", "--site", "lung", "--fractions", "3", "--start", "2026-11-02", "-o", str(other)]) == 0
    attempts = []

    def fake_exec(self):
        attempts.append(self.error.text())
        if len(attempts) == 1:
            self.previous.setText(str(other))
            return True
        return False

    monkeypatch.setattr(dialogs.ExportDialog, "exec", fake_exec)
    saved = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: saved.append(1) or (str(tmp_path / "x.ics"), ""))
    window.export_calendar()
    assert "another course" in attempts[1]
    assert not saved and not (tmp_path / "x.ics").exists()


def test_week_view_by_keyboard(window, qtbot, monkeypatch):
    fill_course(window, qtbot)
    window.tabs.setCurrentIndex(1)
    window.week.go(date(2026, 11, 23))
    view = window.week.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.selected_role == AppointmentKey.fraction(6)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.selected_role == AppointmentKey(AppointmentKind.REVIEW, 2)  # after fraction 7 on Tuesday
    moved = []
    monkeypatch.setattr(dialogs.MoveDialog, "exec", lambda self: moved.append(True) or True)
    monkeypatch.setattr(dialogs.MoveDialog, "moment", lambda self: datetime(2026, 11, 24, 11, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert moved and window.session.schedule.find(AppointmentKey(AppointmentKind.REVIEW, 2)).start.strftime("%H:%M") == "11:00"
    assert window.selected_role() == AppointmentKey(AppointmentKind.REVIEW, 2)  # Ctrl+M and Ctrl+Shift+M act on it too


def test_the_urgent_mark_is_a_check_box_of_the_course(window):
    form = window.form
    assert not form.urgent.isChecked() and form.spec().urgent is False
    form.urgent.setChecked(True)
    assert form.spec().urgent is True
    form.set_spec(form.spec().updated(urgent=False))
    assert not form.urgent.isChecked()
    form.set_spec(form.spec().updated(urgent=True))
    assert form.urgent.isChecked() and form.urgent.text().replace("&", "") == "Urgent start (palliative)"
