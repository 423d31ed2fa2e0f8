"""The save-conflict table says "(not set)" for a field one side leaves to its default (the preset's fraction
count), where it showed an empty cell that read as a value wiped out."""

from __future__ import annotations

from datetime import date

from planner.app.stored_courses import NOT_SET, differences, readable_value
from planner.core.spec import CourseSpec


def test_a_field_left_to_its_default_reads_not_set():
    theirs = CourseSpec(site="prostate", preset="20-daily", start=date(2026, 12, 7))
    mine = theirs.updated(fractions=25)
    assert theirs.fractions is None
    found = {d.field: d for d in differences(theirs, mine)}
    assert (found["fractions"].theirs, found["fractions"].mine) == (NOT_SET, "25")
    assert readable_value('"Level B1"') == "Level B1" and readable_value('""') == ""  # typed empty text stays empty
