"""Phases, twice-daily sessions and adjustments through the window's form, dialogs and views."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QDate, Qt, QTime

from planner.core.course import AdjustmentType, MakeUp
from planner.core.kinds import AppointmentKey, Pattern
from planner.core.spec import CourseSpec
from planner.ui import adjustments, dialogs
from tests.test_ui import choose
from tests.test_window_keyboard import accessible_children
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2026, 12, 7),
                    tz="America/New_York", holidays="US-NY")


@pytest.fixture
def window(qtbot, monkeypatch):
    return open_window(qtbot, monkeypatch, COURSE)


def test_a_later_phase_from_the_form(window):
    count, pattern, length = window.form.phase_rows[0]
    assert not pattern.isEnabled()
    count.setValue(5)
    length.setValue(30)
    window.form.phase_gap.setValue(3)
    spec = window.session.spec
    assert [(p.fractions, p.pattern, p.duration) for p in spec.phases] == [(5, Pattern.DAILY, 30)] and spec.phase_gap == 3
    fractions = window.session.schedule.fractions
    assert len(fractions) == 25 and fractions[20].phase == 2
    assert (fractions[20].start.date() - fractions[19].start.date()).days >= 4  # the gap, then the next open day
    assert (fractions[20].end - fractions[20].start).total_seconds() == 30 * 60
    titles = [window.model.index(r, 4).data() for r in range(window.model.rowCount())]
    assert any("Radiotherapy 21 of 25" in t and "phase 2 of 2" in t for t in titles)
    window.undo_action.trigger()
    assert window.form.phase_gap.value() == 0


def test_twice_daily_sessions_from_the_form(window):
    form = window.form
    assert not form.second_time.isEnabled()
    choose(form.pattern, Pattern.TWICE_DAILY.value)
    assert form.second_time.isEnabled()
    form.count.setValue(30)
    form.second_time.setTime(QTime(15, 30))
    schedule = window.session.schedule
    assert len(schedule.fractions) == 30
    first_day = [f for f in schedule.fractions if f.start.date() == date(2026, 12, 7)]
    assert [f"{f.start:%H:%M}" for f in first_day] == ["09:00", "15:30"]
    form.second_time.setTime(QTime(11, 0))  # under six hours after the first
    assert form.errors["second-time"].isVisible() and form.errors["second-time"].text()[0].isupper()


def mark_third_missed(window, monkeypatch, pick=None, reason="transport"):
    def fake_exec(dialog):
        if pick is not None:
            pick(dialog)
        dialog.reason.setCurrentText(reason)
        return True

    monkeypatch.setattr(dialogs.MissedDialog, "exec", fake_exec)
    window.mark_missed(AppointmentKey.fraction(3))


def test_a_missed_session_is_listed_with_its_reason_and_can_be_removed(window, monkeypatch):
    mark_third_missed(window, monkeypatch)
    panel = window.form.adjustments
    assert panel.list.count() == 1 and "(transport)" in panel.list.item(0).text()
    assert window.session.spec.adjustments.missed[0].reason == "transport"
    panel.list.setCurrentRow(0)
    panel.remove.click()
    assert window.session.spec.adjustments.missed == ()
    assert panel.list.item(0).flags() == Qt.ItemFlag.NoItemFlags  # the "None" line
    window.undo_action.trigger()
    assert len(window.session.spec.adjustments.missed) == 1


def test_a_missed_day_is_shown_in_the_list_week_and_month(window, monkeypatch):
    mark_third_missed(window, monkeypatch)
    titles = [window.model.index(r, 4).data() for r in range(window.model.rowCount())]
    assert any(t.startswith("Missed: Radiotherapy 3 of 20") for t in titles)
    window.tabs.setCurrentIndex(1)
    window.week.go(date(2026, 12, 7))
    names = [name for name, _ in accessible_children(window.week.view)]
    assert "Missed: Radiotherapy 3 of 20, Wednesday 9 December, 09:00 to 09:20" in names
    window.tabs.setCurrentIndex(2)
    tip = window.month.view.dateTextFormat()[QDate(2026, 12, 9)].toolTip()
    assert "Missed: Radiotherapy 3 of 20" in tip
    made_up = next(a for a in window.session.schedule.fractions if a.make_up)
    window.week.go(made_up.start.date())
    described = dict(accessible_children(window.week.view))
    assert any("a make-up session" in d for d in described.values())


def test_the_make_up_dialog_chooses_the_slot_and_prefers_the_time_keeping_option(window, monkeypatch):
    choose(window.form.site, "head-neck")
    seen = {}

    def pick(dialog):
        seen["preselected"] = dialog.chosen()
        seen["slot"] = dialog.slot()
        dialog.slot_time.setTime(QTime(10, 30))

    mark_third_missed(window, monkeypatch, pick)
    assert seen["preselected"] in (MakeUp.WEEKEND, MakeUp.SAME_DAY)
    missed = window.session.spec.adjustments.missed[0]
    assert missed.make_up is seen["preselected"] and missed.make_up_at == seen["slot"].replace(hour=10, minute=30)
    made_up = next(a for a in window.session.schedule.fractions if a.make_up)
    assert made_up.start.replace(tzinfo=None) == missed.make_up_at


def test_other_sites_add_the_make_up_at_the_end_by_default(window, monkeypatch):
    seen = {}
    mark_third_missed(window, monkeypatch, lambda d: seen.setdefault("chosen", d.chosen()))
    assert seen["chosen"] is MakeUp.END
    assert window.session.spec.adjustments.missed[0].make_up_at is None


def test_retime_and_shift_the_rest_of_the_course(window, monkeypatch):
    window.table.selectRow(next(r for r in range(window.model.rowCount())
                                if window.model.appointment(r).key == AppointmentKey.fraction(10)))

    def retime(dialog):
        assert dialog.number.value() == 10  # from the selected fraction
        dialog.time.setTime(QTime(14, 0))
        dialog.reason.setCurrentText("machine fault")
        return True

    monkeypatch.setattr(adjustments.RestOfCourseDialog, "exec", retime)
    window.retime_action.trigger()
    fractions = window.session.schedule.fractions
    assert {f"{f.start:%H:%M}" for f in fractions[9:]} == {"14:00"} and f"{fractions[8].start:%H:%M}" == "09:00"
    before = fractions[9].start.date()
    monkeypatch.setattr(adjustments.RestOfCourseDialog, "exec", lambda dialog: (dialog.number.setValue(10), True)[1])
    window.shift_action.trigger()
    after = window.session.schedule.fractions[9].start.date()
    assert after > before and window.session.schedule.fractions[8].start.date() < before
    kinds = [ref.type for ref in (e.ref for e in window.session.spec.adjustments.entries())]
    assert kinds == [AdjustmentType.RETIME, AdjustmentType.SHIFT]
    assert window.form.adjustments.list.count() == 2
    assert "(machine fault)" in window.form.adjustments.list.item(0).text()


def test_an_adjustment_is_edited_with_a_typed_reason(window, monkeypatch):
    window.session.move(AppointmentKey.fraction(2), datetime(2026, 12, 8, 11, 0), "patient unwell")
    ref = window.session.spec.adjustments.moves[0].ref

    def edit(dialog):
        dialog.time.setTime(QTime(12, 15))
        dialog.reason.setCurrentText("family event")
        return True

    monkeypatch.setattr(adjustments.EditAdjustmentDialog, "exec", edit)
    window.form.adjustments.list.setCurrentRow(0)
    window.form.adjustments.edit.click()
    move = window.session.spec.adjustments.find(ref)
    assert move is not None and move.reason == "family event" and move.start == datetime(2026, 12, 8, 12, 15)
    assert window.session.schedule.find(AppointmentKey.fraction(2)).start.time() == time(12, 15)
