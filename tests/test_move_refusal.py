"""A refused move's reasons (planner.app.move_refusal): a reason shared by many sessions said once for them, and no
more than a few reasons, however many sessions a move of the rest of a course refuses."""

from __future__ import annotations

import pytest

from planner.app.move_refusal import MOST_REASONS, numbers_text, refusal_line, said_once, shortest_reasons

HOURS = "outside Linac 1's open hours (07:30–18:00)"


@pytest.mark.parametrize(("numbers", "text"), [
    ([7], "7"), ([3, 4], "3 and 4"), ([3, 4, 5], "3–5"), ([1, 3, 5], "1, 3 and 5"), ([3, 4, 5, 9, 12, 13], "3–5, 9, 12 and 13"),
])
def test_numbers_are_said_in_runs(numbers, text):
    assert numbers_text(numbers) == text


def test_a_reason_shared_by_sessions_is_said_once_and_different_reasons_once_each():
    reasons = [f"fraction {n}: {HOURS}" for n in range(3, 21) if n != 11]
    reasons.insert(4, "fraction 11: outside Linac 1's open hours (07:30–13:00)")  # a Friday's shorter hours
    reasons += ["fraction 21: one fraction a day for this course (fraction 20 is on Fri 19 Apr at 08:30)",
                "Linac 3 cannot treat this course (it lacks dibh)", "review 2: " + HOURS, "review 3: " + HOURS]
    assert said_once(reasons) == [
        f"fractions 3–10 and 12–20: {HOURS}",
        "fraction 11: outside Linac 1's open hours (07:30–13:00)",
        "fraction 21: one fraction a day for this course (fraction 20 is on Fri 19 Apr at 08:30)",
        "Linac 3 cannot treat this course (it lacks dibh)",
        f"reviews 2 and 3: {HOURS}",
    ]


def test_a_reason_given_twice_for_one_session_is_said_once():
    assert said_once([f"fraction 3: {HOURS}", f"fraction 3: {HOURS}", "the planning scan would come after fraction 1"]) == [
        f"fraction 3: {HOURS}", "the planning scan would come after fraction 1"]


@pytest.mark.parametrize("sessions", [20, 40, 400])
def test_a_reason_per_session_is_bounded(sessions):
    reasons = [f"fraction {n}: overlaps Patient {n}'s fraction {n} of {sessions} (08:30–08:50)" for n in range(1, sessions + 1)]
    shown = shortest_reasons(reasons)
    assert shown[:MOST_REASONS] == reasons[:MOST_REASONS]
    assert shown[MOST_REASONS:] == [f"… and {sessions - MOST_REASONS} more"]
    line = refusal_line(reasons)
    assert "\n" not in line and len(line) < 600
