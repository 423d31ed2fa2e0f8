"""The printed week puts every block at its own time on the axis: a short session whose text needs more
room than its minutes no longer pushes the next block down (a 07:10 review printed on the 09:00 row of a
twice-daily lung course whose day ran 07:00 to 21:00), and no block's text runs outside its box."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageSize

from planner.core.kinds import AppointmentKind, Pattern
from planner.ui.printing import WeekDocument, pdf_bytes
from planner.ui.printing.canvas import Canvas

from .helpers import plan
from .test_printing import context

AXIS_LABEL = re.compile(r"^\d\d:\d\d$")


def twice_daily_lung(catalogue, second: time = time(20, 30)):
    return plan(catalogue, site="lung", fractions=30, pattern=Pattern.TWICE_DAILY, start=date(2026, 11, 23), at=time(7, 0),
                minutes=10, second_time=second, tz="Europe/London", holidays="GB-ENG", review_weekday=1,
                simulation=datetime(2026, 11, 16, 10, 0))


def drawn_page(catalogue, schedule, monday, monkeypatch, **document):
    """The axis labels (hour -> the y of its line) and each block with the text rectangles drawn in it."""
    labels: dict[float, float] = {}
    blocks: list[tuple[QRectF, object, list[QRectF]]] = []
    inside: list[QRectF] | None = None
    words_drawn: list[str] = []
    text, draw_block = Canvas.text, WeekDocument._block

    def record_text(self, rect, words, font, *args, **kwargs):
        if inside is not None:
            inside.append(QRectF(rect))
            words_drawn.append(words)
        elif AXIS_LABEL.match(words):
            labels[int(words[:2]) + int(words[3:]) / 60] = rect.top() + 1  # drawn 1 pt above its line
        return text(self, rect, words, font, *args, **kwargs)

    def record_block(self, canvas, rect, appointment):
        nonlocal inside
        inside = []
        try:
            draw_block(self, canvas, rect, appointment)
        finally:
            blocks.append((QRectF(rect), appointment, inside))
            inside = None

    monkeypatch.setattr(Canvas, "text", record_text)
    monkeypatch.setattr(WeekDocument, "_block", record_block)
    paper = document.pop("paper", QPageSize.PageSizeId.A4)
    pdf_bytes(WeekDocument(context(catalogue, schedule, discreet=document.pop("discreet", False)), [monday], **document), paper, "t")
    drawn_page.words = words_drawn  # type: ignore[attr-defined]
    return labels, blocks


def hours_of(moment: datetime) -> float:
    return moment.hour + moment.minute / 60


def assert_blocks_at_their_times(labels, blocks):
    assert labels and blocks
    for rect, appointment, texts in blocks:
        start = hours_of(appointment.start)
        before = max(h for h in labels if h <= start)
        after = [h for h in labels if h > start]
        if start == before:
            assert rect.top() == pytest.approx(labels[before], abs=0.01), appointment.key
        assert rect.top() >= labels[before] - 0.01, (appointment.key, rect.top(), labels)
        if after:
            assert rect.top() < labels[min(after)], (appointment.key, rect.top(), labels)
        for drawn in texts:  # every line of the block inside its box: nothing cut off or run over
            assert drawn.top() >= rect.top() - 0.01 and drawn.bottom() <= rect.bottom() + 0.01, appointment.key
    by_day: dict[date, list[tuple[QRectF, object]]] = {}
    for rect, appointment, _ in blocks:
        by_day.setdefault(appointment.start.date(), []).append((rect, appointment))
    for day_blocks in by_day.values():
        day_blocks.sort(key=lambda pair: pair[1].start)
        for (upper, first), (lower, second) in zip(day_blocks, day_blocks[1:], strict=False):
            if first.end <= second.start:  # one after the other: stacked, never overlapping
                assert upper.bottom() <= lower.top() + 0.01, (first.key, second.key)


def test_a_review_right_after_a_short_session_prints_on_its_own_row(qapp, catalogue, monkeypatch):
    schedule = twice_daily_lung(catalogue)
    labels, blocks = drawn_page(catalogue, schedule, date(2026, 11, 23), monkeypatch)
    assert min(labels) == 7 and max(labels) == 20  # the day's axis runs 07:00 to 21:00
    review = next(rect for rect, a, _ in blocks if a.kind is AppointmentKind.REVIEW)
    assert labels[7] < review.top() < labels[8]  # 07:10, below the 07:00 line and above the 08:00 one
    assert len(blocks) == 11
    assert_blocks_at_their_times(labels, blocks)


@pytest.mark.parametrize("document", [{}, {"week_days": 7, "hours": (6.0, 22.0)}, {"hours": (8.0, 18.0)}])
def test_every_block_starts_at_its_time_on_the_axis(qapp, catalogue, monkeypatch, document):
    schedule = twice_daily_lung(catalogue, second=time(13, 0))
    labels, blocks = drawn_page(catalogue, schedule, date(2026, 11, 30), monkeypatch, **document)
    assert_blocks_at_their_times(labels, blocks)


def test_more_text_than_the_page_holds_still_keeps_blocks_apart(qapp, catalogue, monkeypatch):
    block_lines = WeekDocument._block_lines

    def long(self, canvas, width, appointment):  # fourteen lines a block: a day's three no longer fit the page
        lines = block_lines(self, canvas, width, appointment)
        return lines + [lines[-1]] * (14 - len(lines))

    monkeypatch.setattr(WeekDocument, "_block_lines", long)
    schedule = twice_daily_lung(catalogue, second=time(13, 0))
    _, blocks = drawn_page(catalogue, schedule, date(2026, 11, 23), monkeypatch)
    by_day: dict[date, list[QRectF]] = {}
    for rect, appointment, texts in blocks:
        by_day.setdefault(appointment.start.date(), []).append(rect)
        assert all(rect.top() - 0.01 <= drawn.top() and drawn.bottom() <= rect.bottom() + 0.01 for drawn in texts)
    assert max(len(rects) for rects in by_day.values()) == 3
    for rects in by_day.values():
        rects.sort(key=QRectF.top)
        assert all(upper.bottom() <= lower.top() for upper, lower in zip(rects, rects[1:], strict=False))


def test_a_narrow_discreet_week_keeps_titles_whole_and_labels_the_busy_hours(qapp, catalogue, monkeypatch):
    # Seven days on Letter, 06:00 to 22:00: 'Clinic appointm…' was cut at two lines, and the 07:00 label,
    # the hour every session starts in, gave way to the 06:00 one above it.
    schedule = twice_daily_lung(catalogue)
    labels, blocks = drawn_page(catalogue, schedule, date(2026, 11, 23), monkeypatch, week_days=7, hours=(6.0, 22.0),
                                paper=QPageSize.PageSizeId.Letter, discreet=True)
    assert_blocks_at_their_times(labels, blocks)
    assert 7 in labels and 20 in labels
    words = drawn_page.words  # type: ignore[attr-defined]
    assert words and not any(text.endswith("…") for text in words)
    assert " ".join(words).replace("\u00a0", " ").count("of 30") == 10
