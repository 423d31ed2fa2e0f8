"""Make-up sessions are recognisable in the department's day view (block, tooltip, status words) and on the
printed day list, discreet too; and every booking of the day view has words of its own for a screen reader,
the chosen one (arrow keys) said as the view's description."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QPageSize

from planner.core.agenda import Agenda, AgendaEntry
from planner.core.department import MakeUpCause, MakeUpMark
from planner.ui.department_views import NOTHING_CHOSEN, BookingMarker, DayView, block_label, booking_words, note_line
from planner.ui.printing import pdf_bytes
from planner.ui.printing.day_list import DayListDocument
from tests.department_sample import DAY, TZ, sample_agenda
from tests.test_day_list_print import pages_text

MISSED = MakeUpMark(date(2026, 11, 17), MakeUpCause.MISSED)
DOWN = MakeUpMark(date(2026, 11, 10), MakeUpCause.DOWNTIME)


def with_make_ups() -> Agenda:
    """The sample day with Zoë Ångström's fraction a make-up for a missed session, and Chen Wei's for one lost to downtime."""
    agenda = sample_agenda()
    machines = []
    for machine in agenda.machines:
        entries = tuple(replace(e, make_up=MISSED) if e.patient == "Zoë Ångström" else
                        replace(e, make_up=DOWN) if e.patient == "Chen Wei" else e for e in machine.entries)
        machines.append(replace(machine, entries=entries))
    return replace(agenda, machines=tuple(machines))


def entry(agenda: Agenda, patient: str) -> tuple[AgendaEntry, str]:
    return next((e, m.name) for m in agenda.machines for e in m.entries if e.patient == patient)


@pytest.fixture
def view(qtbot):
    shown = DayView()
    qtbot.addWidget(shown)
    shown.set_agenda(with_make_ups(), DAY)
    shown.resize(1000, shown.sizeHint().height())
    shown.show()
    return shown


def test_a_make_up_says_so_on_its_block_and_which_session_it_replaces():
    zoe, _ = entry(with_make_ups(), "Zoë Ångström")
    assert block_label(zoe, False) == ("Zoë Ångström", "3 of 20 · Treatment · make-up")
    assert block_label(zoe, True) == ("Z. Å.", "3/20 · make-up")
    assert note_line(zoe) == "Make-up for the session missed on Tue 17 Nov 2026"
    chen, _ = entry(with_make_ups(), "Chen Wei")
    assert note_line(chen) == "Make-up for the session of Tue 10 Nov 2026 (machine down)"
    amir, _ = entry(with_make_ups(), "Amir Haddad")
    assert block_label(amir, False) == ("Amir Haddad", "11 of 15 · Treatment") and note_line(amir) == ""


def test_a_booking_in_words_names_who_which_session_machine_time_and_make_up():
    zoe, machine = entry(with_make_ups(), "Zoë Ångström")
    assert booking_words(zoe, machine, TZ, False) == ("Zoë Ångström · RCC-00001, fraction 3 of 20, Treatment, on Linac 1, "
                                                      "08:30–08:45, make-up for the session missed on Tue 17 Nov 2026")
    discreet = booking_words(zoe, machine, TZ, True)
    assert discreet == "Z. Å., session 3 of 20, on Linac 1, 08:30–08:45, make-up for the session missed on Tue 17 Nov 2026"
    for hidden in ("Zoë", "RCC-", "Treatment"):
        assert hidden not in discreet


def test_every_booking_is_an_accessible_child_of_the_day_view_named_in_words(view):
    interface = QAccessible.queryAccessibleInterface(view)
    names = [interface.child(k).text(QAccessible.Text.Name) for k in range(interface.childCount())]
    assert len([n for n in names if n]) == 7  # the sample day's seven bookings
    assert "Chen Wei · RCC-00004, fraction 7 of 30, Treatment, on Linac 1, 10:15–10:30, " \
           "make-up for the session of Tue 10 Nov 2026 (machine down)" in names
    view.set_discreet(True)
    names = [interface.child(k).text(QAccessible.Text.Name) for k in range(interface.childCount())]
    assert "C. W., session 7 of 30, on Linac 1, 10:15–10:30, make-up for the session of Tue 10 Nov 2026 (machine down)" in names
    assert not any("Chen" in n or "RCC-" in n or "Treatment" in n for n in names)


def test_the_markers_lie_on_their_blocks_and_leave_the_mouse_to_the_view(view):
    markers = [m for m in view.findChildren(BookingMarker) if not m.isHidden()]
    assert len(markers) == 7
    for marker in markers:
        shown = next(e for m in view.machines for e in m.entries if e.key == marker.key)
        assert marker.geometry() == view.block_rect(shown).toRect()
        assert marker.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


def test_the_arrow_keys_make_the_chosen_booking_the_views_description(view, qtbot):
    assert view.accessibleDescription() == NOTHING_CHOSEN
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)  # the first booking in view is chosen (focus already chose it: the next)
    chosen = view.selected
    assert chosen is not None
    machine = next(m.name for m in view.machines for e in m.entries if e.key == chosen.key)
    assert view.accessibleDescription() == booking_words(chosen, machine, TZ, False)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    first = view.selected
    assert first.patient == "Zoë Ångström"
    assert view.accessibleDescription().endswith("make-up for the session missed on Tue 17 Nov 2026")
    assert QAccessible.queryAccessibleInterface(view).text(QAccessible.Text.Description) == view.accessibleDescription()
    view.set_discreet(True)  # what is said follows the Discreet box at once
    assert view.accessibleDescription().startswith("Z. Å., session 3 of 20, on Linac 1")


def test_the_tooltip_of_a_make_up_says_which_session_it_replaces(view, qtbot, monkeypatch):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    said: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *rest: said.append(text))
    zoe, _ = entry(view.agenda, "Zoë Ångström")
    centre = view.block_rect(zoe).center()
    move = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(centre), view.mapToGlobal(centre), Qt.MouseButton.NoButton,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view, move)
    assert said[-1] == ("Zoë Ångström · RCC-00001\n3 of 20 · Treatment · make-up\nLinac 1, 08:30–08:45\n"
                        "Make-up for the session missed on Tue 17 Nov 2026")


@pytest.mark.parametrize("discreet", [False, True])
def test_the_printed_day_list_says_each_make_up_under_its_row(qtbot, discreet):
    document = DayListDocument(with_make_ups(), DAY, discreet=discreet, clinic_name="City Cancer Centre",
                               printed_on=date(2026, 11, 21))
    text = " ".join(pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list")))
    assert "Make-up for the session missed on Tue 17 Nov 2026" in text
    assert "Make-up for the session of Tue 10 Nov 2026 (machine down)" in text
    assert text.count("Make-up for") == 2  # no other booking says it
    if discreet:
        for hidden in ("Zoë", "Chen", "Treatment", "RCC-"):
            assert hidden not in text
