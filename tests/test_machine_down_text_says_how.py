"""`machine-down`'s (and `closure`'s) text says how a session went to another day, as the window's report does: a
head and neck patient whose Monday session became a second session on Tuesday at 16:00 read as a plain move, and
the coordinator phoning did not know to say "twice on Tuesday"; a gap-sensitive course made up at the end says its
overall treatment time grows."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from planner.booking.model import Move, RebookReport
from planner.cli_booking import down_text
from planner.core.department import Downtime

TZ = ZoneInfo("America/Los_Angeles")


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=TZ)


def test_the_text_says_a_second_session_a_weekend_and_a_gap_sensitive_course_s_longer_course():
    report = RebookReport(
        Downtime("Linac 2", at(23, 9), at(24, 12), "beam fault"),
        moved=(Move("hn", 6, "Linac 2", at(23, 10), "Linac 1", at(24, 16), "second session"),
               Move("cx", 4, "Linac 2", at(23, 11), "Linac 1", at(28, 10), "weekend"),
               Move("pr", 6, "Linac 2", at(23, 14), "Linac 1", at(23, 15), "same day")),
        appended=(Move("lung", 30, "Linac 2", at(23, 13), "Linac 2", at(30, 13), "end of course", was=4),
                  Move("breast", 15, "Linac 2", at(23, 9), "Linac 2", at(30, 9), "end of course", was=6)),
        unplaced=(), updated_courses=("hn", "cx", "pr", "lung", "breast"))
    names = {"hn": "Chen Wei (B003)", "cx": "Cara Xu (B010)", "pr": "Pia Ryan (B016)", "lung": "Hugo Park (B008)",
             "breast": "Beth Carter (B002)"}
    lines = down_text(report, [], TZ, names, sensitive={"lung", "hn"}).splitlines()
    assert "  Chen Wei (B003) fraction 6: Linac 2 Mon 2026-11-23 10:00 -> Linac 1 Tue 2026-11-24 16:00 (second session)" in lines
    assert "  Cara Xu (B010) fraction 4: Linac 2 Mon 2026-11-23 11:00 -> Linac 1 Sat 2026-11-28 10:00 (weekend)" in lines
    assert "  Pia Ryan (B016) fraction 6: Linac 2 Mon 2026-11-23 14:00 -> Linac 1 Mon 2026-11-23 15:00" in lines  # "Moved" says it
    assert ("  Hugo Park (B008) fraction 30 (was 4): Linac 2 Mon 2026-11-23 13:00 -> Linac 2 Mon 2026-11-30 13:00 "
            "(gap-sensitive: the overall treatment time grows)") in lines
    assert "  Beth Carter (B002) fraction 15 (was 6): Linac 2 Mon 2026-11-23 09:00 -> Linac 2 Mon 2026-11-30 09:00" in lines


def test_a_course_that_lost_its_first_fractions_starts_later_rather_than_growing():
    """A lung SBRT course booked from Tuesday lost its first two fractions to a week's downtime: made up at the end, the
    course simply starts later (its overall treatment time is no longer), and a single-fraction course the same; the
    report said "gap-sensitive: the overall treatment time grows" for both."""
    report = RebookReport(
        Downtime("Linac 1", at(24, 7), at(30, 19), "magnetron"), moved=(),
        appended=(Move("bea", 2, "Linac 1", at(25, 9), "Linac 1", at(27, 9), "end of course", was=1),
                  Move("bea", 3, "Linac 1", at(30, 9), "Linac 1", at(30, 10), "end of course", was=2),
                  Move("hana", 1, "Linac 1", at(24, 8), "Linac 1", at(26, 8), "end of course"),
                  Move("gus", 20, "Linac 1", at(24, 14), "Linac 1", at(30, 14), "end of course", was=2)),
        unplaced=(), updated_courses=("bea", "hana", "gus"))
    names = {"bea": "Bea Lindqvist (H0003)", "hana": "Hana Kobayashi (H0009)", "gus": "Gus Papadopoulos (H0008)"}
    lines = down_text(report, [], TZ, names, sensitive={"bea", "hana", "gus"}).splitlines()
    said = [line for line in lines if line.startswith("  ")]
    assert [line.endswith("(the course starts later)") for line in said] == [True, True, True, False]
    assert said[3].endswith("(gap-sensitive: the overall treatment time grows)")  # its first fraction was given before
