"""A manual move keeps the course's own rules: fractions in order, one a day (twice daily: two, at least
6 hours apart), the spacing of an alternate-day course, the planning scan first, none of the patient's
appointments at once, and a machine that can treat the course. The desk refuses each with a reason
naming the rule and the fraction, and the day view says the same while the booking is dragged."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from planner.app.booking import BookingDesk, Relocation
from planner.app.course_booking import booking_facts, booking_line
from planner.core.catalogue import load_catalogue
from planner.core.errors import InputError
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import COURSES, place_bookings, stock

LONDON = ZoneInfo("Europe/London")
FRACTION = AppointmentKind.FRACTION
TWICE_DAILY = ("course-lung-bid", "Fay Okafor", "H0007", "lung", "30-twice-daily", None)


@pytest.fixture
def desk(tmp_path):
    """The golden scenario, and a twice-daily lung course booked on Linac 1 at 09:00 / 15:00, then 08:00 / 14:00."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", (*COURSES, TWICE_DAILY))
    place_bookings(url)
    store = Store.open(url)
    opened = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 22))
    opened.commit(opened.propose("course-lung-bid", earliest=date(2030, 3, 25), prefer_time=time(8, 0)).best)
    yield opened
    store.close()


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2030, month, day, hour, minute, tzinfo=LONDON)


def places(desk, course_id: str) -> dict[tuple[AppointmentKind, int], tuple[str, datetime]]:
    with desk.store.engine.connect() as connection:
        return {(b.kind, b.number): (b.machine, b.start.astimezone(LONDON)) for b in db.course_bookings(connection, course_id)}


def refused(desk, course_id: str, *moves: Relocation) -> list[str]:
    """The desk's reasons, and that `move` refuses with them and changes nothing."""
    before = places(desk, course_id)
    reasons = desk.check_move(course_id, list(moves))
    with pytest.raises(InputError) as error:
        desk.move(course_id, list(moves))
    assert error.value.reason == "; ".join(reasons)
    assert places(desk, course_id) == before
    return reasons


def test_the_scenario_is_as_the_tests_read_it(desk):
    fay = places(desk, "course-lung-bid")
    assert fay[(FRACTION, 3)] == ("Linac 1", at(26, 8)) and fay[(FRACTION, 4)] == ("Linac 1", at(26, 14))
    assert places(desk, "course-prostate")[(FRACTION, 4)] == ("Linac 1", at(28, 8, 30))
    assert places(desk, "course-lung")[(FRACTION, 1)] == ("Linac 2", at(26, 9))


def test_twice_daily_sessions_stay_six_hours_apart(desk):
    reasons = refused(desk, "course-lung-bid", Relocation(FRACTION, 4, "Linac 1", at(26, 9)))
    assert reasons == ["fraction 4: twice daily: at least 6 hours between the two sessions of a day (fraction 3 is at 08:00)"]
    desk.move("course-lung-bid", [Relocation(FRACTION, 4, "Linac 1", at(26, 14, 30))])  # 6 h 30 min after: fine
    assert places(desk, "course-lung-bid")[(FRACTION, 4)] == ("Linac 1", at(26, 14, 30))


def test_a_move_that_would_swap_two_fractions_is_refused_not_renumbered(desk):
    reasons = refused(desk, "course-prostate", Relocation(FRACTION, 3, "Linac 1", at(29, 13)))
    assert reasons == ["fraction 3 would come after fraction 4 (Thu 28 Mar 08:30)",
                       "fraction 3: one fraction a day for this course (fraction 5 is on Fri 29 Mar at 08:30)"]
    assert refused(desk, "course-prostate", Relocation(FRACTION, 5, "Linac 1", at(27, 16))) == [
        "fraction 5 would come before fraction 4 (Thu 28 Mar 08:30)",
        "fraction 5: one fraction a day for this course (fraction 3 is on Wed 27 Mar at 08:30)"]


def test_a_daily_course_that_is_not_twice_daily_has_one_fraction_a_day(desk):
    reasons = refused(desk, "course-prostate", Relocation(FRACTION, 4, "Linac 1", at(27, 16)))
    assert reasons == ["fraction 4: one fraction a day for this course (fraction 3 is on Wed 27 Mar at 08:30)"]


def test_an_alternate_day_course_keeps_its_days_apart(desk):
    after = refused(desk, "course-lung", Relocation(FRACTION, 2, "Linac 2", at(27, 11)))
    assert after == ["fraction 2: alternate days: at least 2 days after fraction 1 (fraction 1 is on Tue 26 Mar)"]
    before = refused(desk, "course-lung", Relocation(FRACTION, 3, "Linac 2", at(2, 11, month=4)))
    assert before == ["fraction 3: alternate days: at least 2 days before fraction 4 (fraction 4 is on Wed 3 Apr)"]
    desk.move("course-lung", [Relocation(FRACTION, 2, "Linac 2", at(29, 11))])  # three days after the first: fine


def test_no_fraction_before_the_planning_scan(desk):
    desk.today = date(2030, 3, 18)  # before the scan: the day before it is still to come (no move goes into the past)
    reasons = refused(desk, "course-rectum", Relocation(FRACTION, 1, "Linac 2", at(19, 11)))
    assert reasons == ["fraction 1 would come before the planning scan (Wed 20 Mar 10:00)"]


def test_the_patient_is_never_at_two_appointments_at_once(desk):
    scan = refused(desk, "course-rectum", Relocation(AppointmentKind.SIMULATION, 1, "CT simulator", at(27, 8, 40)))
    assert "the planning scan would overlap fraction 1 (Wed 27 Mar 08:30–09:00)" in scan
    twice = refused(desk, "course-lung-bid", Relocation(FRACTION, 2, "Linac 2", at(25, 9, 20)))
    assert twice[0] == "fraction 2 would overlap fraction 1 (Mon 25 Mar 09:00–09:40)"


def test_a_machine_without_the_capability_is_refused(desk):
    assert refused(desk, "course-lung", Relocation(FRACTION, 2, "Linac 3", at(28, 11))) == [
        "Linac 3 cannot treat this course (it lacks sbrt)"]


def test_the_rest_of_a_twice_daily_course_keeps_each_days_second_session_apart(desk):
    moves = desk.rest_of_course("course-lung-bid", 5, "Linac 3", time(9, 30))
    assert not desk.check_move("course-lung-bid", moves)
    desk.move("course-lung-bid", moves)
    after = places(desk, "course-lung-bid")
    assert after[(FRACTION, 4)] == ("Linac 1", at(26, 14))  # before the first one moved: unchanged
    for number in range(5, 31):
        machine, start = after[(FRACTION, number)]
        assert machine == "Linac 3" and start.time() == (time(9, 30) if number % 2 else time(15, 30)), number
    with desk.store.engine.connect() as connection:
        course = db.course_bookings_of(connection, ["course-lung-bid"])["course-lung-bid"]
    assert (course.machine, course.daily_time) == ("Linac 3", time(9, 30))  # 26 of its 30 fractions: the course's now


def test_the_rest_of_a_twice_daily_course_is_refused_when_the_second_session_runs_past_closing(desk):
    with pytest.raises(InputError) as error:
        desk.rest_of_course("course-lung-bid", 5, "Linac 2", time(10, 0))  # Linac 2 closes at 16:00 on Fridays
    assert error.value.reason == ("fraction 10 on Fri 29 Mar 2030 would be at 16:00, 6 hours after fraction 9 at 10:00, past "
                                  "Linac 2's closing time (16:00): choose an earlier daily time")


def test_the_rest_of_a_course_from_a_second_session_keeps_it_after_the_days_first(desk):
    moves = desk.rest_of_course("course-lung-bid", 4, "Linac 3", time(9, 30))
    assert moves[0] == Relocation(FRACTION, 4, "Linac 3", at(26, 14))  # fraction 3 stays at 08:00: 4 keeps 6 h after it
    assert moves[1] == Relocation(FRACTION, 5, "Linac 3", at(27, 9, 30))


def test_a_value_error_of_the_store_is_a_refusal_not_a_crash(desk, monkeypatch):
    monkeypatch.setattr(BookingDesk, "check_move", lambda self, course_id, moves: [])
    same = at(1, 11, month=4)
    with pytest.raises(InputError, match="two appointments overlap on Linac 3"):
        desk.move("course-lung-bid", [Relocation(FRACTION, 11, "Linac 3", same), Relocation(FRACTION, 12, "Linac 3", same)])


def test_the_course_follows_the_rest_of_it_to_another_machine_and_time_but_not_one_drag(desk):
    def recorded():
        with desk.store.engine.connect() as connection:
            course = db.course_bookings_of(connection, ["course-prostate"])["course-prostate"]
        return course.machine, course.daily_time

    desk.move("course-prostate", [Relocation(FRACTION, 3, "Linac 2", at(27, 14))])
    assert recorded() == ("Linac 1", time(8, 30))  # one fraction of 20: a departure, not the course's new place
    desk.move("course-prostate", desk.rest_of_course("course-prostate", 1, "Linac 2", time(14, 0)))
    assert recorded() == ("Linac 2", time(14, 0))
    assert booking_line(booking_facts(desk.store, "course-prostate")) == "Booked on Linac 2 at 14:00 from Mon 25 Mar 2030"
    assert desk.engine().departures("course-prostate") == (0, 0, 0)  # none of the 20 counted off its machine or time


def test_one_dragged_fraction_stays_a_departure_from_the_courses_place(desk):
    desk.move("course-prostate", [Relocation(FRACTION, 20, "Linac 2", at(19, 14, month=4))])
    assert desk.engine().departures("course-prostate") == (1, 1, 0)  # a departure, counted as one


def test_a_make_up_second_session_of_a_gap_sensitive_daily_course_is_allowed_six_hours_apart(desk):
    from dataclasses import replace

    rules = desk.move_rules("course-rectum")
    assert not rules.second_sessions  # rectum is not gap-sensitive
    make_ups = replace(rules, second_sessions=True)
    assert make_ups.conflicts([(FRACTION, 2, "Linac 2", at(27, 14, 30))]) == []
    assert make_ups.conflicts([(FRACTION, 2, "Linac 2", at(27, 13))]) == [
        "fraction 2: a second session on one day needs at least 6 hours between the two sessions of a day (fraction 1 is at 08:30)"]


# ---------------------------------------------------------------------- the day view, while dragging
@pytest.fixture
def window(qtbot, desk):
    shown = DepartmentWindow(desk, date(2030, 3, 26))
    qtbot.addWidget(shown)
    shown.resize(1200, 900)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def entry(window, patient: str, number: int):
    return next(e for m in window.day_view.machines for e in m.entries if e.patient == patient and e.number == number)


def test_dragging_shows_the_courses_own_rules_before_the_drop(window):
    view = window.day_view
    fay = entry(window, "Fay Okafor", 4)
    check = view.check_drop(fay, "Linac 1", at(26, 9))
    assert not check.free
    assert check.reason() == "fraction 4: twice daily: at least 6 hours between the two sessions of a day (fraction 3 is at 08:00)"
    assert view.check_drop(fay, "Linac 1", at(26, 14, 30)).free
    zoe = entry(window, "Zoë Ångström", 2)
    assert view.check_drop(zoe, "Linac 1", at(26, 16)).free  # the same day later: still its only fraction that day
    assert not view.drop(fay, "Linac 1", "Linac 1", at(26, 9))
    assert window.message.text() == ("Cannot move there: fraction 4: twice daily: at least 6 hours between the two sessions "
                                     "of a day (fraction 3 is at 08:00)")


def test_the_drag_outline_is_refused_under_the_mouse(qtbot, window):
    view = window.day_view
    fay = entry(window, "Fay Okafor", 4)
    rect = view.block_rect(fay)
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center().toPoint())
    up = QPointF(rect.center().x(), rect.center().y() - 5 * 60 * view.per_minute)  # 09:00, an hour after fraction 3
    check = view.drag_to(up)
    assert check is not None and "twice daily" in check.reason()
    view.cancel_drag()


def test_dragging_an_sbrt_fraction_onto_a_machine_without_sbrt_is_refused_while_dragging(window):
    bea = entry(window, "Bea Lindqvist", 1)
    check = window.day_view.check_drop(bea, "Linac 3", at(26, 11))
    assert not check.free and check.reason() == "Linac 3 cannot treat this course (it lacks sbrt)"
    assert window.day_view.check_drop(bea, "Linac 1", at(26, 11)).free


def test_the_day_view_says_why_when_the_course_cannot_be_read(window, monkeypatch):
    from planner.store.db import StoreError

    def broken(course_id):
        raise StoreError("the database stayed locked by another writer; try again")

    window.day_view.set_agenda(window.day_view.agenda)  # the rules read so far are forgotten
    window.day_view.course_rules = broken
    check = window.day_view.check_drop(entry(window, "Zoë Ångström", 2), "Linac 1", at(26, 16))
    assert check.reason() == "the course's rules could not be read (the database stayed locked by another writer; try again)"


def test_the_move_rest_dialog_names_initials_when_discreet(qtbot, window):
    from planner.ui.booking_dialogs import MoveRestDialog

    fay = entry(window, "Fay Okafor", 3)
    shown = MoveRestDialog(window.desk, fay, "Linac 1", window, discreet=True)
    qtbot.addWidget(shown)
    assert shown.windowTitle() == "Move the rest of the course of F. O."
    assert "Fay" not in shown.windowTitle()
    plain = MoveRestDialog(window.desk, fay, "Linac 1", window)
    qtbot.addWidget(plain)
    assert plain.windowTitle() == "Move the rest of the course of Fay Okafor"


def test_the_window_opens_the_move_rest_dialog_discreetly(window, monkeypatch):
    from planner.ui import department_window

    titles: list[str] = []
    monkeypatch.setattr(department_window.MoveRestDialog, "exec", lambda self: titles.append(self.windowTitle()) or 0)
    window.discreet.setChecked(True)
    window.move_rest(entry(window, "Fay Okafor", 3))
    assert titles == ["Move the rest of the course of F. O."]


def test_moving_the_rest_of_a_twice_daily_course_in_the_dialog_moves_it(qtbot, window, monkeypatch):
    from PySide6.QtCore import QTime
    from PySide6.QtWidgets import QDialog, QMessageBox

    from planner.ui.booking_dialogs import MoveRestDialog
    from tests.window_helpers import answer

    fay = entry(window, "Fay Okafor", 3)
    dialog = MoveRestDialog(window.desk, fay, "Linac 1", window)
    qtbot.addWidget(dialog)
    dialog.machine.setCurrentIndex(dialog.machine.findData("Linac 2"))
    dialog.time.setTime(QTime(10, 0))
    dialog.move()  # Fridays the second session would end past Linac 2's closing: said, not "something went wrong"
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "past Linac 2's closing time (16:00)" in dialog.error.text()
    dialog.machine.setCurrentIndex(dialog.machine.findData("Linac 3"))
    dialog.time.setTime(QTime(9, 30))
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", answer("&Go back", seen))
    dialog.move()  # Linac 3 is of another beam-matched group: asked, and Go back moves nothing
    assert seen == ["Linac 3 is not beam-matched with Linac 1 (group versa). The rest of the course would be treated on a "
                    "machine its plan was not made for: move it only once the physicists have checked (or redone) the plan for it."]
    assert dialog.result() != QDialog.DialogCode.Accepted and places(window.desk, "course-lung-bid")[(FRACTION, 4)][0] == "Linac 1"
    monkeypatch.setattr(QMessageBox, "exec", answer("&Move to Linac 3", seen))
    dialog.move()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert places(window.desk, "course-lung-bid")[(FRACTION, 4)] == ("Linac 3", at(26, 15, 30))


def test_a_discreet_move_rest_dialog_names_another_patient_in_the_way_by_initials(qtbot, window):
    from PySide6.QtCore import QTime

    from planner.ui.booking_dialogs import MoveRestDialog

    zoe = entry(window, "Zoë Ångström", 2)
    dialog = MoveRestDialog(window.desk, zoe, "Linac 1", window, discreet=True)
    qtbot.addWidget(dialog)
    dialog.machine.setCurrentIndex(dialog.machine.findData("Linac 3"))
    dialog.time.setTime(QTime(8, 30))  # Amir Haddad's time on Linac 3
    dialog.move()
    assert "overlaps A. H.'s fraction" in dialog.error.text() and "Amir" not in dialog.error.text()


@pytest.mark.parametrize(("number", "machine", "start", "reason"), [
    (3, "Linac 1", at(26, 14, 30), "fraction 3 would come after fraction 4 (Tue 26 Mar 14:00)"),
    (4, "Linac 2", at(26, 8, 10), "fraction 4 would overlap fraction 3 (Tue 26 Mar 08:00–08:30)"),
    (4, "Linac 2", at(26, 8), "fraction 4 would come before fraction 3 (Tue 26 Mar 08:00)"),  # at once: not after it
])
def test_a_drag_within_the_day_says_each_rule_it_breaks(window, number, machine, start, reason):
    fay = entry(window, "Fay Okafor", number)
    check = window.day_view.check_drop(fay, machine, start)
    assert reason in [c.reason for c in check.conflicts]
    assert reason in window.desk.check_move("course-lung-bid", [Relocation(FRACTION, number, machine, start)])


def test_a_session_dragged_to_another_beam_matched_group_is_asked_about_first(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.window_helpers import answer

    view = window.day_view
    zoe = entry(window, "Zoë Ångström", 2)  # on Linac 1, of group versa
    free = next(at(26, hour, minute) for hour in range(9, 17) for minute in (0, 30)
                if view.check_drop(zoe, "Linac 3", at(26, hour, minute)).free)
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", answer("&Go back", seen))
    window.move_entry(zoe, "Linac 3", free)
    assert len(seen) == 1 and seen[0].startswith("Linac 3 is not beam-matched with Linac 1 (group versa). Fraction 2 would be")
    assert places(window.desk, "course-prostate")[(FRACTION, 2)][0] == "Linac 1"
    assert window.message.text() == "Not moved: Linac 3 is not beam-matched with Linac 1 (group versa)."
    monkeypatch.setattr(QMessageBox, "exec", answer("&Move to Linac 3", seen))
    window.move_entry(zoe, "Linac 3", free)
    assert places(window.desk, "course-prostate")[(FRACTION, 2)] == ("Linac 3", free)
    eamon = entry(window, "Eamon O'Neill", 2)  # on Linac 2, of group versa too
    twin = next(at(26, hour, minute) for hour in range(9, 17) for minute in (0, 30)
                if view.check_drop(eamon, "Linac 1", at(26, hour, minute)).free)
    window.move_entry(eamon, "Linac 1", twin)  # Linac 1 is beam-matched with Linac 2: not asked
    assert len(seen) == 2 and places(window.desk, "course-prostate-2")[(FRACTION, 2)] == ("Linac 1", twin)


def test_one_session_moves_to_another_day_and_a_refused_day_says_why(qtbot, window, monkeypatch):
    from PySide6.QtCore import QDate, QTime

    from planner.ui.booking_dialogs import MoveOneDialog

    desk = window.desk
    last = next(e for m in desk.agenda(date(2030, 4, 19), 1).machines for e in m.entries
                if e.course_id == "course-prostate" and e.number == 20)
    dialog = MoveOneDialog(desk, last, "Linac 1", window)
    qtbot.addWidget(dialog)
    assert dialog.day.text().endswith("19 Apr 2030") and dialog.time.time() == QTime(8, 30)
    assert [dialog.machine.itemText(i) for i in range(dialog.machine.count())] == ["Linac 1", "Linac 2", "Linac 3"]
    dialog.day.setDate(QDate(2030, 4, 22))
    dialog.time.setTime(QTime(9, 0))
    dialog.move()
    assert dialog.moved == ("Linac 1", at(22, 9, month=4)) and places(desk, "course-prostate")[(FRACTION, 20)] == dialog.moved
    zoe = entry(window, "Zoë Ångström", 2)  # Tue 26 Mar; fraction 3 is on Wednesday
    refused = MoveOneDialog(desk, zoe, "Linac 1", window)
    qtbot.addWidget(refused)
    refused.day.setDate(QDate(2030, 3, 28))
    refused.move()
    assert refused.moved is None and refused.error.text().startswith("Not moved:\nfraction 2")
    assert places(desk, "course-prostate")[(FRACTION, 2)] == ("Linac 1", at(26, 8, 30))


def test_the_window_moves_the_chosen_session_to_another_day_and_ctrl_z_puts_it_back(qtbot, window, monkeypatch):
    from PySide6.QtCore import QDate

    from planner.ui.booking_dialogs import MoveOneDialog

    def chosen_day(dialog: MoveOneDialog) -> int:
        dialog.day.setDate(QDate(2030, 3, 26))  # the same day, later: a drag could do it too, the dialog as well
        dialog.time.setTime(dialog.time.time().addSecs(6 * 3600))
        dialog.move()
        return dialog.result()

    monkeypatch.setattr(MoveOneDialog, "exec", chosen_day)
    zoe = entry(window, "Zoë Ångström", 2)
    window.day_view._select(zoe)
    window.move_one_action.trigger()
    assert places(window.desk, "course-prostate")[(FRACTION, 2)] == ("Linac 1", at(26, 14, 30))
    assert window.message.text().startswith("Moved Zoë Ångström (2 of 20 · Treatment) from Linac 1 on Tue 26 Mar 2030 at "
                                            "08:30 to Linac 1 on Tue 26 Mar 2030 at 14:30.")
    window.undo_move_action.trigger()
    assert places(window.desk, "course-prostate")[(FRACTION, 2)] == ("Linac 1", at(26, 8, 30))
