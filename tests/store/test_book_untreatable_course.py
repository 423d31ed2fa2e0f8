"""A course whose regimen needs a capability no machine of the department has (Brain SRS where no linac
has `srs`) is refused naming the course's regimen, what it needs and where to add it; not as a problem
with the Machine field, which the coordinator left at 'Any eligible machine'."""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.errors import Field, InputError
from planner.ui.booking_dialogs import BookDialog

from .booking_scenario import desk_on, stock

SRS = ("course-srs", "Ines Duarte", "H0010", "brain", "srs-1", None)


@pytest.fixture
def desk(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", (SRS,))
    with desk_on(url) as opened:
        opened.today = date(2030, 3, 22)
        yield opened


def test_the_refusal_names_the_regimen_and_the_missing_capability(desk):
    with pytest.raises(InputError) as refused:
        desk.propose("course-srs")
    assert refused.value.field is Field.COURSE_ID
    assert refused.value.reason.startswith("this course (Brain SRS single fraction) needs a machine with srs, and no machine "
                                           "of the department has it: add srs to the capabilities")


def test_the_book_dialog_says_it_without_naming_the_machine_field(qtbot, desk):
    dialog = BookDialog(desk, "course-srs", "Ines Duarte")
    qtbot.addWidget(dialog)
    dialog.find_proposals()
    said = dialog.error.text()
    assert "Brain SRS single fraction" in said and "needs a machine with srs" in said
    assert not said.startswith("machine:")


def test_a_course_some_machine_can_treat_is_proposed_as_before(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'other.db'}", (("course-lung", "Bea Lindqvist", "H0003", "lung", "sbrt-5-alternate", None),))
    with desk_on(url) as desk:
        desk.today = date(2030, 3, 22)
        assert desk.propose("course-lung", earliest=date(2030, 3, 25)).best is not None


def test_the_book_dialog_writes_the_refusal_as_a_sentence(qtbot, desk):
    """In the window the command line's reason reads as a sentence: a capital first, a full stop last."""
    dialog = BookDialog(desk, "course-srs", "Ines Duarte")
    qtbot.addWidget(dialog)
    dialog.find_proposals()
    said = dialog.error.text()
    assert said.startswith("This course (Brain SRS single fraction)") and said.endswith("another regimen.")
