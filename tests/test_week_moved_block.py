"""A block the coordinator moved, in a narrow week column, read '3/5 (moved)' where its neighbours read '09:00 1/5': the
time, what the move changed, was the first thing left out. It keeps its time first now ('10:00 3/5 moved'), then its
machine where there is room, shortening as the other blocks do; its tooltip and screen-reader words say in full from
which planned time it was moved, and why, as the list's words do."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from planner.core.course import Adjustments
from planner.core.kinds import AppointmentKey
from planner.ui.result_panel import WEEK_TAB
from planner.ui.week_view import block_text, fitting_label
from planner.wording import MOVED
from tests.test_list_moved_mark import COURSE
from tests.window_helpers import open_window

from .helpers import plan

METRICS = QFontMetricsF(QFont("DejaVu Sans", 9))
SMALL = QFontMetricsF(QFont("DejaVu Sans", 7.5))


def moved_third(catalogue):
    """Fraction 3 of 5 moved from Wed 9 Dec 2026 09:00 to 10:00."""
    moves = Adjustments().with_move(AppointmentKey.fraction(3), datetime(2026, 12, 9, 10, 0), "transport")
    schedule = plan(catalogue, fractions=5, start=date(2026, 12, 7), tz="Europe/London", adjustments=moves)
    return schedule, schedule.find(AppointmentKey.fraction(3))


def one_line(text: str, metrics: QFontMetricsF = METRICS) -> QRectF:
    """A 20-minute block of a laptop's column: one line, as wide as `text`."""
    return QRectF(0, 0, metrics.horizontalAdvance(text) + 2, metrics.lineSpacing() + 2)


def test_a_moved_block_keeps_its_time_before_its_note(qapp, catalogue):
    schedule, moved = moved_third(catalogue)
    assert schedule.planned_start(moved.key) == datetime(2026, 12, 9, 9, 0, tzinfo=moved.start.tzinfo)
    assert fitting_label(METRICS, one_line("10:00 3/5 moved"), moved, 1, MOVED) == "10:00 3/5 moved"  # was '3/5 (moved)'
    assert fitting_label(METRICS, one_line("10:00 3/5 (moved)"), moved, 1, MOVED) == "10:00 3/5 (moved)"
    # no room for the note beside the time in the block's type: the time, and the note in the small type
    tight = one_line("10:00 3/5 mov")
    assert block_text(METRICS, SMALL, tight, moved, 1, MOVED) == ("10:00 3/5 (moved)", True)
    # not even in the small type: the time stays, the note goes (the tooltip says it)
    tighter = QRectF(0, 0, max(METRICS.horizontalAdvance("10:00 3/5"), SMALL.horizontalAdvance("10:00 3/5 mo")) + 2,
                     METRICS.lineSpacing() + 2)
    assert block_text(METRICS, SMALL, tighter, moved, 1, MOVED)[0] == "10:00 3/5"
    # the whole label where it fits, as before
    roomy = QRectF(0, 0, 400, 3 * METRICS.lineSpacing())
    assert fitting_label(METRICS, roomy, moved, 1, MOVED) == "10:00 Radiotherapy 3 of 5 (moved)"


def test_a_booked_moved_block_names_its_machine_where_there_is_room(qapp, catalogue):
    _, moved = moved_third(catalogue)
    assert fitting_label(METRICS, one_line("10:00 3/5 Linac 1 moved"), moved, 1, MOVED, "Linac 1") == "10:00 3/5 Linac 1 moved"
    # narrower: the machine goes before the time or the note does
    assert fitting_label(METRICS, one_line("10:00 3/5 moved"), moved, 1, MOVED, "Linac 1") == "10:00 3/5 moved"
    two_lines = QRectF(0, 0, METRICS.horizontalAdvance("10:00 3/5 Linac 1") + 2, 2 * METRICS.lineSpacing() + 2)
    assert fitting_label(METRICS, two_lines, moved, 1, MOVED, "Linac 1") == "10:00 3/5 Linac 1 (moved)"  # wrapped


def test_a_moved_blocks_tooltip_and_words_say_from_when_and_why(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1024, 700))
    window.tabs.setCurrentIndex(WEEK_TAB)
    view = window.week.view
    view.show_week(date(2026, 12, 7))
    third, fifth, fourth = (window.session.schedule.find(AppointmentKey.fraction(n)) for n in (3, 5, 4))
    tip = view.block_tip(third).split("\n")
    assert tip[:2] == ["Radiotherapy 3 of 20", "Wed 9 Dec 2026, 13:00–13:20"]
    assert "Moved from its planned time (Wed 9 Dec 2026 09:00): transport" in tip
    assert "Moved from its planned time (Fri 11 Dec 2026 09:00)" in view.block_tip(fifth).split("\n")  # no reason given
    assert not any(line.startswith("Moved") for line in view.block_tip(fourth).split("\n"))
    spoken = {m.key: m.accessibleDescription() for m in view.markers.visible()}
    assert "moved from its planned time (Wed 9 Dec 2026 09:00): transport" in spoken[third.key]
    assert "moved" not in spoken[fourth.key]
