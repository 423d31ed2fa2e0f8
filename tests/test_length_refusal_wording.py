"""Every text refused for its length says so in one wording: `closure --reason` said "is longer than 200 characters",
`course save --reason` "at most 200 characters (got 201)", a name "is too long (at most 500 characters)"."""

from __future__ import annotations

import pytest

from planner.cli import main
from planner.core.course import check_reason
from planner.core.department import plain_text
from planner.core.errors import Field, InputError
from planner.core.text import single_line_problem, too_long

WORDING = "is 201 characters long (at most 200)"


def _refused(check) -> str:
    with pytest.raises(InputError) as refused:
        check()
    return refused.value.reason


def test_a_course_s_reason_and_a_department_s_text_are_refused_alike():
    assert too_long("x" * 201, 200) == WORDING and too_long("x" * 200, 200) is None
    assert _refused(lambda: check_reason("x" * 201)) == WORDING  # a move's or a missed session's reason
    assert _refused(lambda: plain_text(Field.REASON, "x" * 201)) == WORDING  # a closure's reason, a machine's group
    assert single_line_problem("x" * 201, 200) == f"'{'x' * 80}...' {WORDING}"  # after the value, quoted


def test_the_command_line_says_a_reason_too_long_as_closure_does(capsys):
    assert main(["plan", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--tz", "UTC",
                 "--missed", "3", "--reason", "x" * 201]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"planner: error: --reason: {WORDING}\n")
