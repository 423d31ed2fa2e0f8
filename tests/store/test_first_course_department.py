"""The window's first course, made before the store is open, takes the department's calendar once
the store tells it (as File → New does), unless the coordinator has already changed it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved

from .booking_scenario import stock


@pytest.fixture
def url(tmp_path: Path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


def started(qtbot, monkeypatch, url: str) -> tuple[MainWindow, Store]:
    """A window whose store opens at its first Department action (as on a desk without a database yet)."""
    discard_unsaved(monkeypatch)
    store = Store.open(url)
    settings = replace(Settings(time_zone="America/New_York"), database=url)  # not the department's Europe/London
    window = MainWindow(settings, catalogue_at(""), persist_settings=False, open_store=lambda: store, store_known=False)
    qtbot.addWidget(window)
    window.show()
    window.department_menu.aboutToShow.emit()  # the coordinator looks in the Department menu
    assert window.store_link is not None and window.store_link.store is None
    return window, store


def test_the_untouched_first_course_is_planned_on_the_department_s_calendar(qtbot, monkeypatch, url):
    window, store = started(qtbot, monkeypatch, url)
    try:
        assert window.session.spec.tz == "America/New_York"
        assert window.store_link is not None and window.store_link._store_ready()
        assert window.session.spec.tz == "Europe/London"
        assert "Staff training day" in dict(window.session.spec.closed).values()  # the department's closure
        assert not window.session.dirty
    finally:
        store.close()


def test_a_first_course_already_changed_is_left_as_it_is(qtbot, monkeypatch, url):
    window, store = started(qtbot, monkeypatch, url)
    try:
        window.session.edit(window.session.spec.updated(fractions=12), "fractions")
        assert window.store_link is not None and window.store_link._store_ready()
        assert window.session.spec.tz == "America/New_York" and window.session.spec.fractions == 12
    finally:
        store.close()
