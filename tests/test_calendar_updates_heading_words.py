"""The Bookings window's Calendars tab says plainly what to do with the updates: write them and give
each patient theirs (it said "give them to them")."""

from __future__ import annotations

import pytest

from planner.ui.calendar_updates import owed_words


@pytest.mark.parametrize("count", [1, 2])
def test_the_heading_says_each_patient_gets_theirs(count):
    said = owed_words(count)
    assert "Write the updates and give each patient theirs;" in said
    assert "them to them" not in said
