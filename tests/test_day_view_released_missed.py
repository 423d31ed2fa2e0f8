"""A session marked missed ahead of its day (the patient phoned) releases its machine time: the department's day view
draws it as a faint, hatched, dotted record that blocks nothing. Another session may be dropped into its time, and one
booked there since shares the column with it (the session given on the left, the record on the right), so both are
seen and a click finds the session given. Its words say the time is free."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor

from planner.core.agenda import Agenda, AgendaEntry
from planner.ui.department_views import DayView, booking_words
from tests.department_sample import DAY, TZ, at, sample_agenda


def with_released(moved_in: bool) -> Agenda:
    """The sample day with Zoë Ångström's 08:30 session on Linac 1 marked missed ahead (released); `moved_in`: Amir
    Haddad's 09:00 session booked into that time since."""
    agenda = sample_agenda()
    machines = []
    for machine in agenda.machines:
        entries = []
        for e in machine.entries:
            if e.patient == "Zoë Ångström":
                e = replace(e, missed=True, released=True)
            elif e.patient == "Amir Haddad" and moved_in:
                e = replace(e, start=at(DAY, 8, 30), end=at(DAY, 8, 45))
            entries.append(e)
        machines.append(replace(machine, entries=tuple(sorted(entries, key=lambda x: x.start))))
    return replace(agenda, machines=tuple(machines))


def entry(agenda: Agenda, patient: str) -> AgendaEntry:
    return next(e for m in agenda.machines for e in m.entries if e.patient == patient)


def shown(qtbot, agenda: Agenda) -> DayView:
    view = DayView()
    qtbot.addWidget(view)
    view.set_agenda(agenda, DAY)
    view.resize(1000, view.sizeHint().height())
    view.show()
    return view


def test_another_session_may_be_dropped_into_released_time(qtbot):
    agenda = with_released(moved_in=False)
    view = shown(qtbot, agenda)
    amir = entry(agenda, "Amir Haddad")
    assert view.check_drop(amir, "Linac 1", at(DAY, 8, 30)).free
    ordinary = replace(agenda, machines=tuple(replace(m, entries=tuple(replace(e, released=False) for e in m.entries))
                                              for m in agenda.machines))
    view.set_agenda(ordinary, DAY)  # a session marked missed on the day itself keeps its time, as before
    assert not view.check_drop(amir, "Linac 1", at(DAY, 8, 30)).free


def test_the_record_and_the_session_given_in_its_time_are_both_seen(qtbot):
    agenda = with_released(moved_in=True)
    view = shown(qtbot, agenda)
    zoe, amir = entry(agenda, "Zoë Ångström"), entry(agenda, "Amir Haddad")
    record, given = view.block_rect(zoe), view.block_rect(amir)
    assert record is not None and given is not None
    assert not record.intersects(given) and given.right() < record.left()  # side by side: the record on the right
    assert view.block_at(given.center())[0].patient == "Amir Haddad"
    assert view.block_at(record.center())[0].patient == "Zoë Ångström"
    picture = view.grab().toImage()
    base = view.palette().base().color()

    def share_of_base(rect) -> float:
        points = [(int(x), int(y)) for x in range(int(rect.left()) + 6, int(rect.right()) - 6, 3)
                  for y in range(int(rect.top()) + 3, int(rect.bottom()) - 3, 3)]
        return sum(QColor(picture.pixel(x, y)) == base for x, y in points) / len(points)

    assert share_of_base(record) > 0.5 > share_of_base(given)  # faint (hatched over the page), the other filled


def test_its_words_say_missed_and_that_its_time_is_free():
    zoe = entry(with_released(moved_in=False), "Zoë Ångström")
    assert booking_words(zoe, "Linac 1", TZ, False).endswith("missed, as marked on the course; its time is free")


@pytest.mark.parametrize("released", [False, True])
def test_a_missed_session_of_the_day_keeps_its_block_whole(qtbot, released):
    agenda = with_released(moved_in=False)
    if not released:
        agenda = replace(agenda, machines=tuple(replace(m, entries=tuple(replace(e, released=False) for e in m.entries))
                                                for m in agenda.machines))
    view = shown(qtbot, agenda)
    amir = view.block_rect(entry(agenda, "Amir Haddad"))
    zoe = view.block_rect(entry(agenda, "Zoë Ångström"))
    assert zoe is not None and amir is not None and zoe.width() == amir.width()  # nothing over it: the whole column


def test_the_week_occupancy_does_not_count_released_time():
    agenda = with_released(moved_in=False)
    linac = agenda.machine("Linac 1")
    assert linac is not None
    whole = sample_agenda().machine("Linac 1")
    assert whole is not None
    zoe = entry(agenda, "Zoë Ångström")
    assert linac.booked_minutes(DAY, TZ) == whole.booked_minutes(DAY, TZ) - zoe.minutes
