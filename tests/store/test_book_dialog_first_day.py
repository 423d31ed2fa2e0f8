"""The booking dialog's "Or from date" starts on the department's first treatment day on or after
today, not on a Sunday or a closure."""

from __future__ import annotations

from datetime import date

import pytest

from planner.app.booking import BookingDesk
from planner.store.db import Store
from planner.ui.booking_dialogs import BookDialog
from planner.ui.main_window import catalogue_at

from .booking_scenario import stock


@pytest.fixture
def url(tmp_path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")  # Mon-Fri; closed Fri 8 Mar 2030 for staff training


@pytest.mark.parametrize(("today", "shown"), [
    (date(2030, 3, 24), date(2030, 3, 25)),  # a Sunday: the Monday
    (date(2030, 3, 8), date(2030, 3, 11)),  # the closure (a Friday): past the weekend to Monday
    (date(2030, 3, 9), date(2030, 3, 11)),  # a Saturday
    (date(2030, 3, 26), date(2030, 3, 26)),  # a treatment day: today itself
])
def test_or_from_date_starts_on_the_first_treatment_day(qtbot, url, today, shown):
    with Store.open(url) as store:
        desk = BookingDesk(store, catalogue_at(""), today=today)
        dialog = BookDialog(desk, "course-spine", "Dora Mbeki")
        qtbot.addWidget(dialog)
        assert dialog.earliest.date().toPython() == shown
        dialog.use_earliest.setChecked(False)
        dialog.find_proposals()
        assert dialog.answer is not None and dialog.answer.best is not None
        assert dialog.answer.best.first >= shown
