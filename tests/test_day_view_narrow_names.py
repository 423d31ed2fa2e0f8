"""Twelve machines in the Bookings window's day view on a 1366 px screen: a column about 100 px wide, and every patient
read "Patient 00…" alike. A name that does not fit its block is now shortened: its inner names as initials, its first
and last word whole ("Jane A. Smith": which of them is the family name is not guessed), else its initials, cut short
only as a last resort and never so that two patients of one column read alike when that can be avoided; discreet,
the initials are shown as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetrics

from planner.core.agenda import Agenda, AgendaEntry, MachineAgenda, Period
from planner.core.kinds import AppointmentKind
from planner.core.short_forms import distinct_names, name_choices, name_initials, short_name
from planner.ui.department_views import DayView

from .department_sample import DAY, TZ, at
from .test_day_view_down_label import narrow_view  # noqa: F401 - the fixture


@pytest.fixture
def view(narrow_view: DayView) -> DayView:  # noqa: F811 - the imported fixture
    """Twelve machines at 1366 px, as the downtime label's tests see them."""
    return narrow_view


def names_by_column(view: DayView) -> dict[str, dict[str, str]]:
    """Each machine's patients and the name each one's block shows."""
    view._layout()
    names = view.block_names()
    columns: dict[str, dict[str, str]] = {}
    for _, entry, machine in view._blocks:
        columns.setdefault(machine, {})[entry.patient] = names[id(entry)]
    return columns


def test_a_name_too_long_for_its_block_is_shortened_keeping_its_first_and_last_word(view):
    for machine, shown in names_by_column(view).items():
        assert shown["Jane Alice Smith"] == "Jane A. Smith", machine
        assert shown["Zoë Ångström"] == "Zoë Ångström"
        assert shown["Patient 0042"] != "Patient 00…" and shown["Patient 0042"].endswith("0042")
        assert shown["Maria Garcia Lopez"] == "Maria G. Lopez"


def test_no_two_patients_of_a_column_read_alike(view):
    for machine, shown in names_by_column(view).items():
        assert len(set(shown.values())) == len(shown), (machine, shown)


def test_the_tooltip_keeps_the_whole_name(view):
    rect, entry, _ = next(block for block in view._blocks if block[1].patient == "Jane Alice Smith")
    assert view.tip_at(rect.center()).startswith("Jane Alice Smith · ")


def test_discreet_shows_the_initials_as_before(view):
    view.set_discreet(True)
    view._layout()
    assert view.block_names() == {}  # the initials, cut short where they must be, as before


def test_the_last_resort_keeps_two_names_apart():
    def fits(text: str) -> bool:
        return len(text) <= 5

    def elided(text: str, middle: bool) -> str:
        return f"{text[:2]}…{text[-2:]}" if middle else f"{text[:4]}…"

    choices = [(name, name_choices(name, fits, elided)) for name in ("Patient 0042", "Patient 0043", "Patient 0042")]
    shown = distinct_names(choices)
    assert shown[0] != shown[1] and shown[0] == shown[2]  # the same patient twice may read alike
    assert short_name("Ludwig van Beethoven") == "Ludwig van Beethoven" and short_name("Smith, Jane Alice") == "Smith, J. A."
    assert short_name("Jean-Luc PICARD") == "J.-L. PICARD" and short_name("Cher") == "Cher"


NAMES_OF_THE_WORLD = ("Christopher Montgomery", "Zoë Ångström", "Jean-Luc Picard-Dupont", "王小明", "محمد بن سلمان",
                      "Nguyễn Thị Minh Khai", "Maria Garcia Lopez", "NAGY Ádám")


@pytest.fixture
def narrowest(qtbot) -> DayView:
    """Fourteen machines in the Bookings window at 1024 px: the day view's columns at their narrowest (it scrolls
    sideways beyond), each booking a block of two lines, one patient each of many scripts."""
    machines = tuple(MachineAgenda(f"Linac {number}", (Period(at(DAY, 8), at(DAY, 18)),), (), tuple(
        AgendaEntry(f"course-{number}-{k}", name, AppointmentKind.FRACTION, 7, 20, at(DAY, 9) + timedelta(minutes=40 * k),
                    at(DAY, 9) + timedelta(minutes=40 * k + 30), f"H{number:02d}{k}")
        for k, name in enumerate(NAMES_OF_THE_WORLD))) for number in range(1, 15))
    shown = DayView()
    qtbot.addWidget(shown)
    shown.set_agenda(Agenda(DAY, 1, TZ, machines), DAY)
    shown.resize(shown.minimumSizeHint())
    shown.show()
    qtbot.waitExposed(shown)
    assert shown._column_width() < 95
    return shown


def test_a_name_shortens_to_its_short_form_then_to_its_initials_never_cut_hard(narrowest):
    """In the narrowest blocks 'Christopher Montgomery' read 'C. Montgo…' and 'Zoë Ångström' 'Z. Ångstr…': where the
    short form ('Nguyễn T. M. Khai', 'NAGY Á.') does not fit, the initials are shown whole ('C. M.'), as clinical schedules shorten a
    name; a name in a script without capitals is never made into initials, shown whole or cut with an ellipsis."""
    view = narrowest
    bold = QFont(view.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    names = view.block_names()
    used = set()
    for rect, entry, _ in view._blocks:
        room, two_lines = view._text_room(rect, entry)
        assert two_lines
        shown, name = names[id(entry)], entry.patient

        def fits(text: str, room: QRectF = room) -> bool:
            return metrics.horizontalAdvance(text) <= room.width()

        forms = [name, short_name(name), name_initials(name), name_initials(name).replace(" ", "")]
        wanted = next((form for form in forms if fits(form)), None)
        assert fits(shown), (name, shown)
        if wanted is not None:
            assert shown == wanted, (name, shown)
            used.add(forms.index(wanted))
        else:
            assert "…" in shown, (name, shown)
        if not any(letter.isupper() for letter in name):  # Chinese, Arabic: no initials
            assert shown == name or "…" in shown and "." not in shown, (name, shown)
    assert 2 in used, "some names shortened to their initials in the narrowest blocks"
    tip = view.tip_at(next(rect for rect, entry, _ in view._blocks if entry.patient == "Christopher Montgomery").center())
    assert tip.startswith("Christopher Montgomery · ") and "7 of 20" in tip and "Treatment" in tip
