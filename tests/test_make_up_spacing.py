"""A make-up is never offered, let alone pre-selected, where it would break the course's spacing (an SBRT
fraction a day after another) or not be given in its slot (a weekend after the course's last session)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.app.adjusting import make_up_options
from planner.app.planning import plan
from planner.cli import main
from planner.core.course import MakeUp
from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.ui import dialogs
from tests.window_helpers import open_window

SBRT = CourseSpec(patient_name="Ann Example", site="lung", preset="sbrt-5-alternate", start=date(2026, 12, 23),
                  tz="Europe/London", holidays="GB-ENG")
DAILY = CourseSpec(patient_name="Ann Example", site="head-neck", preset="30-daily", start=date(2026, 11, 2),
                   tz="Europe/London")
FOURTH = date(2027, 1, 4)  # fraction 4 of the SBRT course: Mon 4 Jan 2027 (after Christmas and Boxing Day)


def test_an_sbrt_course_is_offered_neither_a_second_session_nor_a_weekend_after_its_end(catalogue):
    schedule = plan(SBRT, catalogue)
    assert schedule.find(AppointmentKey.fraction(4)).start.date() == FOURTH
    options = make_up_options(SBRT, schedule, catalogue, FOURTH)
    assert options[MakeUp.END].schedule is not None
    same_day, weekend = options[MakeUp.SAME_DAY], options[MakeUp.WEEKEND]
    assert same_day.schedule is None and "fractions 4 and 5 are 1 day apart; an alternate course needs at least 2" in same_day.error.reason
    assert weekend.schedule is None and "after the course's last session" in weekend.error.reason


def test_a_daily_course_keeps_both_offers(catalogue):
    schedule = plan(DAILY, catalogue)
    day = schedule.find(AppointmentKey.fraction(3)).start.date()
    options = make_up_options(DAILY, schedule, catalogue, day)
    assert all(options[m].schedule is not None for m in MakeUp)
    assert not [w for w in options[MakeUp.SAME_DAY].schedule.warnings if "apart" in w]


@pytest.mark.parametrize(("kind", "words"), [("second-session", "it would break the course's spacing: fractions 4 and 5"),
                                             ("weekend", "Sat 9 Jan 2027, 09:00 is after the course's last session")])
def test_the_command_line_refuses_them_in_one_line(capsys, kind, words):
    status = main(["plan", "--site", "lung", "--preset", "sbrt-5-alternate", "--start", "2026-12-23", "--tz", "Europe/London",
                   "--holidays", "GB-ENG", "--missed", f"4={kind}"])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and err.startswith("planner: error: --missed: ") and words in err


def test_the_dialog_shows_them_not_possible_with_why_and_picks_the_end(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, SBRT)
    seen = {}

    def look(dialog):
        seen.update({m: (b.isEnabled(), b.isChecked(), b.text()) for m, b in dialog.buttons.items()})
        seen["choice"] = dialog.choice()
        return False

    monkeypatch.setattr(dialogs.MissedDialog, "exec", look)
    window.mark_missed(AppointmentKey.fraction(4))
    assert seen[MakeUp.END][:2] == (True, True)
    assert seen[MakeUp.SAME_DAY][0] is False and "not possible: it would break the course's spacing" in seen[MakeUp.SAME_DAY][2]
    assert seen[MakeUp.WEEKEND][0] is False and "after the course's last session" in seen[MakeUp.WEEKEND][2]
    assert seen["choice"][:2] == (MakeUp.END, None)


def daily_dialog(qtbot, monkeypatch):
    """The make-up dialog shown for fraction 3 of the head and neck course (gap-sensitive: every option offered)."""
    window = open_window(qtbot, monkeypatch, DAILY)
    schedule = window.session.schedule
    fraction = schedule.find(AppointmentKey.fraction(3))
    dialog = dialogs.MissedDialog(fraction, schedule, window.session.make_up_options(fraction.start.date()), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_options_are_chosen_with_arrows_or_their_alt_letters(qtbot, monkeypatch):
    dialog = daily_dialog(qtbot, monkeypatch)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.reason.setFocus()
    letters = [b.text()[b.text().index("&") + 1].lower() for b in dialog.buttons.values()]
    assert sorted(letters) == ["d", "e", "w"]
    for letter, make_up in ((Qt.Key.Key_E, MakeUp.END), (Qt.Key.Key_D, MakeUp.SAME_DAY), (Qt.Key.Key_W, MakeUp.WEEKEND)):
        QTest.keyClick(QApplication.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda make_up=make_up: dialog.chosen() is make_up)
    end = dialog.buttons[MakeUp.END]
    end.setChecked(True)
    end.setFocus()
    QTest.keyClick(end, Qt.Key.Key_Down)  # an arrow moves to the next option and chooses it, as radio buttons do
    assert dialog.chosen() is not MakeUp.END and QApplication.focusWidget() is dialog.buttons[dialog.chosen()]


def test_the_dialog_opens_with_the_focus_on_the_chosen_option(qtbot, monkeypatch):
    dialog = daily_dialog(qtbot, monkeypatch)
    chosen = dialog.buttons[dialog.chosen()]
    assert dialog.chosen() is not MakeUp.END and dialog.focusWidget() is chosen  # head and neck: the time-keeping one
