"""The course at a glance names each appointment in words that fit its narrow box: "Treatment 3 of 16"
rather than "Radiother…", discreet ("Clinic appointm…" left the number off) and with a phase."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageSize

from planner.core.course import Phase
from planner.core.kinds import Pattern
from planner.ui.printing import course_weeks, pdf_bytes
from planner.ui.printing.canvas import Canvas
from planner.ui.printing.glance import GlanceDocument

from .helpers import plan
from .test_printing import context


def phased(catalogue):
    """Three phases, weekly reviews, a planning scan and a follow-up: every kind of box, with a phase."""
    return plan(catalogue, site="breast", fractions=8, start=date(2027, 1, 11), tz="Europe/London", holidays="GB-ENG",
                later_phases=(Phase(5, Pattern.DAILY, 20), Phase(3, Pattern.DAILY, 20)), review_weekday=2,
                simulation=datetime(2027, 1, 4, 10, 0), follow_up_weeks=2)


def drawn_texts(monkeypatch, document: GlanceDocument, paper: QPageSize.PageSizeId) -> list[tuple[str, float, float]]:
    """Every line the page draws, with the width it needs and the width it was given, in points."""
    drawn: list[tuple[str, float, float]] = []
    text = Canvas.text

    def spy(self: Canvas, rect: QRectF, value: str, font, *args, **kwargs) -> None:
        drawn.append((value, self.text_width(value, font), rect.width()))
        text(self, rect, value, font, *args, **kwargs)

    monkeypatch.setattr(Canvas, "text", spy)
    pdf_bytes(document, paper, "t")
    return drawn


@pytest.mark.parametrize("paper", [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter])
@pytest.mark.parametrize("discreet", [False, True])
def test_no_label_is_cut_in_a_seven_day_week(qapp, catalogue, monkeypatch, paper, discreet):
    schedule = phased(catalogue)
    drawn = drawn_texts(monkeypatch, GlanceDocument(context(catalogue, schedule, discreet=discreet), course_weeks(schedule)), paper)
    assert not [t for t, _, _ in drawn if "…" in t]
    assert not [(t, need, room) for t, need, room in drawn if need > room + 0.01]  # nothing runs over its box either
    words = " ".join(t for t, _, _ in drawn).replace("\u00a0", " ")
    for fraction in schedule.fractions:
        assert f"{fraction.number} of 16" in words
    assert words.count("Phase") == 16 and words.count("3 of 3") == 3
    if discreet:
        assert not any(word in words for word in ("Breast", "Radiotherapy", "Treatment", "Review", "scan", "Follow"))
    else:
        assert words.count("Treatment") == 16 and "Planning" in words and "Review" in words and "Follow-up" in words


def test_a_wide_box_keeps_the_fullest_words(qapp, catalogue, monkeypatch):
    schedule = phased(catalogue)
    document = GlanceDocument(context(catalogue, schedule), course_weeks(schedule), week_days=5)
    words = " ".join(t for t, _, _ in drawn_texts(monkeypatch, document, QPageSize.PageSizeId.A4)).replace("\u00a0", " ")
    assert words.count("Radiotherapy") >= 16 and "Treatment" not in words
    assert "…" not in words


@pytest.mark.parametrize("paper", [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter])
def test_a_closed_day_never_runs_into_the_next(qapp, catalogue, monkeypatch, paper):
    # At 11 pt "Thanksgiving" is wider than a seventh of A4: the day says "Closed" rather than spill over.
    schedule = plan(catalogue, site="lung", fractions=5, start=date(2026, 11, 23), tz="America/New_York", holidays="US")
    drawn = drawn_texts(monkeypatch, GlanceDocument(context(catalogue, schedule), course_weeks(schedule)), paper)
    assert not [(t, need, room) for t, need, room in drawn if need > room + 0.01 or "…" in t]
    assert any(t.startswith("Closed") for t, _, _ in drawn)
