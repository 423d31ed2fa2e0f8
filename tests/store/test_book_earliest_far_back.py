"""An earliest start more than a year before today is a mistyped year: `book --earliest 1900-01-01 --dry-run` proposed
a wait of 32,014 working days, and a booking would have kept 1900 as the course's ready date. The desk refuses it, so
the command line (one line, exit 2) and the Book dialog (beside the earliest start) say the same."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.core.errors import Field, InputError
from planner.core.limits import MAX_EARLIEST_PAST_DAYS
from planner.resources_path import default_catalogue_path
from planner.ui.booking_dialogs import BookDialog

from .booking_scenario import stock
from .command_line import run


@pytest.fixture
def url(tmp_path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


def test_book_refuses_an_earliest_start_years_back_in_one_line(capsys, url):
    status, out, err = run(capsys, "book", "--db", url, "--course-id", "course-prostate", "--earliest", "1900-01-01",
                           "--dry-run")
    assert (status, out) == (2, "")
    assert err.startswith("planner: error: --earliest: Mon 1 Jan 1900 is more than a year before today (")
    assert err.endswith("): check the year\n") and err.count("\n") == 1


def test_the_desk_takes_an_earliest_start_up_to_a_year_back_and_refuses_one_day_more(url):
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.today = date(2030, 3, 25)
        year_back = desk.today - timedelta(days=MAX_EARLIEST_PAST_DAYS)
        assert desk.propose("course-prostate", earliest=year_back).proposals
        with pytest.raises(InputError) as refused:
            desk.propose("course-prostate", earliest=year_back - timedelta(days=1))
        assert refused.value.field is Field.EARLIEST and refused.value.reason.endswith("check the year")


def test_the_book_dialog_says_it_beside_the_earliest_start(qtbot, url):
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        dialog = BookDialog(desk, "course-prostate")
        qtbot.addWidget(dialog)
        dialog.use_earliest.setChecked(False)
        dialog.earliest.setDate(date(1900, 1, 1))
        dialog.find_proposals()
        assert dialog.answer is None
        assert dialog.error.text().startswith("Earliest start: Mon 1 Jan 1900 is more than a year before today (")
