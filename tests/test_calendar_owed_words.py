"""The Calendars tab's heading gives every reason a patient is owed an update, as the patient
list's mark does: a coordinator who has just cancelled (or unbooked) a course finds it named there."""

from __future__ import annotations

from planner.ui.calendar_updates import NONE_OWED, owed_words
from planner.ui.patient_list import CALENDAR_OWED_HINT


def test_the_heading_names_unbooking_cancelling_and_reinstating():
    heading = owed_words(2)
    assert heading.startswith("2 patients' exported calendar changed")
    for reason in ("a machine down", "a closure", "a move", "re-optimisation", "unbooking", "cancelling", "reinstating"):
        assert reason in heading, reason
    for reason in ("unbooking", "cancelling"):  # the patient list's tooltip sends the coordinator here for these
        assert reason in CALENDAR_OWED_HINT
    assert owed_words(0) == NONE_OWED
