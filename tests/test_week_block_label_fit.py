"""A week block whose whole label would wrap past its height shows the short label instead."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.ui.week_view import block_label, fitting_label

from .helpers import plan


def test_a_short_review_in_a_six_day_column_reads_whole(qapp, catalogue):
    # 1600 px wide, a six-day week: "Radiotherapy" fits the column, but "09:35 On-treatment review
    # (week 5)" wraps to three lines in a 15-minute block that holds two, and the third was cut.
    schedule = plan(catalogue, site="head-neck", fractions=35, start=date(2026, 11, 30), tz="Europe/London", review_weekday=2)
    review = schedule.find(AppointmentKey(AppointmentKind.REVIEW, 1))
    metrics = QFontMetricsF(QFont("DejaVu Sans", 9))
    width = metrics.horizontalAdvance("Radiotherapy 19") + 2
    two_lines = QRectF(0, 0, width, 2 * metrics.lineSpacing())
    assert metrics.boundingRect(two_lines, 0x1000, block_label(review, 1, "")).height() > two_lines.height()
    label = fitting_label(metrics, two_lines, review, 1, "")
    assert label == block_label(review, 1, "", narrow=True) == f"{review.start:%H:%M} Review 1"
    roomy = QRectF(0, 0, width, 4 * metrics.lineSpacing())
    assert fitting_label(metrics, roomy, review, 1, "") == block_label(review, 1, "")


def test_a_booked_fraction_in_a_narrow_column_keeps_its_number_and_machine(qapp, catalogue):
    schedule = plan(catalogue, site="prostate", fractions=20, start=date(2030, 3, 25), tz="Europe/London")
    fraction = schedule.find(AppointmentKey.fraction(7))
    metrics = QFontMetricsF(QFont("DejaVu Sans", 9))
    narrow = QRectF(0, 0, metrics.horizontalAdvance("09:00 7/20") + 4, 2 * metrics.lineSpacing())
    label = fitting_label(metrics, narrow, fraction, 1, "", "Linac 1")
    assert label == f"{fraction.start:%H:%M} 7/20 Linac 1"
    assert metrics.boundingRect(narrow, 0x1000, label).height() <= narrow.height() + 1
    roomy = QRectF(0, 0, metrics.horizontalAdvance("09:00 Radiotherapy 7 of 20 · Linac 1") + 4, 2 * metrics.lineSpacing())
    assert fitting_label(metrics, roomy, fraction, 1, "", "Linac 1") == f"{fraction.start:%H:%M} Radiotherapy 7 of 20 · Linac 1"
    assert fitting_label(metrics, narrow, fraction, 1, "") == f"{fraction.start:%H:%M} 7/20"  # not booked: the same, no machine
    narrower = QRectF(0, 0, metrics.horizontalAdvance("Linac 1") + 4, 2 * metrics.lineSpacing())
    assert fitting_label(metrics, narrower, fraction, 1, "", "Linac 1") == "7/20 Linac 1"


def test_a_fraction_not_booked_in_a_short_narrow_block_shows_whole_lines(qapp, catalogue):
    """1024 px wide, a 20-minute session: '09:00 Fraction 1/30' wrapped to three lines in a block
    that holds two, and the third (the number) was cut in half."""
    schedule = plan(catalogue, site="head-neck", fractions=30, start=date(2026, 12, 7), tz="Europe/London")
    fraction = schedule.find(AppointmentKey.fraction(1))
    metrics = QFontMetricsF(QFont("DejaVu Sans", 9))
    block = QRectF(0, 0, metrics.horizontalAdvance("Fraction") + 6, 2 * metrics.lineSpacing())
    assert metrics.boundingRect(block, 0x1000, block_label(fraction, 1, "", narrow=True)).height() > block.height() + 1
    label = fitting_label(metrics, block, fraction, 1, "")
    assert label == f"{fraction.start:%H:%M} 1/30"
    assert metrics.boundingRect(block, 0x1000, label).height() <= block.height() + 1


def _waiting_make_up(catalogue):
    """A 20-fraction course whose third session was missed: its make-up at the end, fraction 20, shown 'not booked yet'."""
    from planner.core.course import Adjustments, MissedSession

    schedule = plan(catalogue, site="prostate", fractions=20, start=date(2030, 3, 25), tz="Europe/London",
                    adjustments=Adjustments().with_missed(MissedSession(date(2030, 3, 27))))
    made_up = next(a for a in schedule.fractions if a.make_up and not a.missed)
    return made_up


def test_a_make_up_not_booked_yet_in_a_narrow_short_block_still_says_so(qapp, catalogue):
    """A laptop's week column and a 20-minute session: the block had room for one line, and the label fell back to
    '08:30 20/20', the note '(make-up, not booked yet)' left out; only the tooltip said it. Now its short words show."""
    from planner.ui.week_view import block_text
    from planner.wording import NOT_BOOKED_YET

    made_up = _waiting_make_up(catalogue)
    metrics = QFontMetricsF(QFont("DejaVu Sans", 9))
    one_line = QRectF(0, 0, metrics.horizontalAdvance("20/20 not booked") + 2, metrics.lineSpacing() + 2)
    label = fitting_label(metrics, one_line, made_up, 1, NOT_BOOKED_YET)
    assert label == "20/20 not booked"
    wider = QRectF(0, 0, metrics.horizontalAdvance(f"{made_up.start:%H:%M} 20/20 (make-up, not booked)") + 2, one_line.height())
    assert fitting_label(metrics, wider, made_up, 1, NOT_BOOKED_YET) == f"{made_up.start:%H:%M} 20/20 (make-up, not booked)"
    roomy = QRectF(0, 0, 400, 3 * metrics.lineSpacing())  # a wide column: the whole label, as before
    assert fitting_label(metrics, roomy, made_up, 1, NOT_BOOKED_YET) == block_label(made_up, 1, NOT_BOOKED_YET)

    # Narrower still (a six-day week at 1024 px): the short words in the small type rather than none
    small = QFontMetricsF(QFont("DejaVu Sans", 7.5))
    narrower = QRectF(0, 0, small.horizontalAdvance("20/20 not booked") + 2, one_line.height())
    assert "not booked" not in fitting_label(metrics, narrower, made_up, 1, NOT_BOOKED_YET)  # no room in the block's type
    assert block_text(metrics, small, narrower, made_up, 1, NOT_BOOKED_YET) == ("20/20 not booked", True)
    assert block_text(metrics, small, one_line, made_up, 1, NOT_BOOKED_YET) == ("20/20 not booked", False)
    assert block_text(metrics, small, roomy, made_up, 1, NOT_BOOKED_YET) == (block_label(made_up, 1, NOT_BOOKED_YET), False)


def test_a_session_booked_off_its_planned_time_in_a_narrow_block_says_so_in_short(qapp, catalogue):
    from planner.wording import BOOKED_OFF

    schedule = plan(catalogue, site="prostate", fractions=20, start=date(2030, 3, 25), tz="Europe/London")
    fraction = schedule.find(AppointmentKey.fraction(7))
    metrics = QFontMetricsF(QFont("DejaVu Sans", 9))
    block = QRectF(0, 0, metrics.horizontalAdvance("7/20 Linac 1 (booked off plan)") + 2, metrics.lineSpacing() + 2)
    assert fitting_label(metrics, block, fraction, 1, BOOKED_OFF, "Linac 1") == "7/20 Linac 1 (booked off plan)"


def test_a_short_review_booked_off_its_planned_time_drops_words_rather_than_cutting_them(qapp, catalogue):
    """A 15-minute review the booking put elsewhere read '16:15 Review 5 (booked off the planned time)' and, in a block
    of two lines, was cut after '(booked off'. It keeps whole words: the short note, else the time and name alone."""
    schedule = plan(catalogue, site="head-neck", fractions=35, start=date(2026, 11, 30), tz="Europe/London", review_weekday=2)
    review = schedule.find(AppointmentKey(AppointmentKind.REVIEW, 1))
    metrics = QFontMetricsF(QFont("DejaVu Sans", 9))
    when = f"{review.start:%H:%M}"
    moved = "booked off the planned time"

    def block(text: str, lines: int = 2) -> QRectF:
        return QRectF(0, 0, metrics.horizontalAdvance(text) + 2, lines * metrics.lineSpacing())

    wide = block(f"{when} Review 1 (booked off plan)", 1)  # one line: the short note fits, the whole one does not
    assert fitting_label(metrics, wide, review, 1, moved) == f"{when} Review 1 (booked off plan)"
    narrow = block("Radiotherapy 19")  # the six-day column of the test above: two lines
    label = fitting_label(metrics, narrow, review, 1, moved)
    assert metrics.boundingRect(narrow, 0x1000, label).height() <= narrow.height() + 1
    assert label in (f"{when} Review 1 (booked off plan)", f"{when} Review 1")
    room = "Review room"
    assert fitting_label(metrics, block(f"{when} Review 1", 1), review, 1, moved, room) == f"{when} Review 1"
    assert fitting_label(metrics, block(f"{when} Review 1 (booked off plan) · {room}", 1), review, 1, moved, room) \
        == f"{when} Review 1 (booked off plan) · {room}"
