"""The View menu (Patients, F9, and History) is in the menu bar from the window's first paint, between
Department and Help. It was added only once the department's store was open: after the "Loading…" start,
or on a first start after the first Department action (Import department file…), so the menu bar showed
File, Edit, Department, Help without it, then the menus moved. Until the store is open its entries are off."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved

from .booking_scenario import stock

TITLES = ["&File", "&Edit", "&Department", "&View", "&Help"]


def titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions() if action.isVisible()]


@pytest.mark.parametrize("store_known", [True, False])
def test_the_view_menu_is_there_while_loading_and_keeps_its_place(qtbot, monkeypatch, tmp_path, store_known):
    discard_unsaved(monkeypatch)
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    store = Store.open(url)
    settings = replace(Settings(clinic_name="Riverside", time_zone="Europe/London"), database=url)
    window = MainWindow(settings, catalogue_at(""), persist_settings=False, deferred=True, open_store=lambda: store,
                        store_known=store_known)
    qtbot.addWidget(window)
    assert titles(window) == TITLES  # the frame shown while "Loading…"
    menu = window.view_menu
    assert menu is not None and [a.text() for a in menu.actions()] == ["Patients", "History"]
    assert not any(a.isEnabled() for a in menu.actions())
    window.show()
    qtbot.waitUntil(lambda: window.started)
    if not store_known:  # a first start: the store's entries come when the Department menu is first opened, and
        window.department_menu.aboutToShow.emit()  # the store is made by the first of them that needs it
        link = window.store_link
        assert link is not None and link.patients is None and titles(window) == TITLES
        assert not any(a.isEnabled() for a in menu.actions())
        assert link._store_ready()  # as Import department file… does
    qtbot.waitUntil(lambda: window.store_link is not None and window.store_link.patients is not None)
    link = window.store_link
    assert titles(window) == TITLES and link.view_menu is menu
    patients, history = menu.actions()
    assert patients is link.patients_key.action and history.text() == "History"
    assert patients.isEnabled() and history.isEnabled()
    window.close()
    store.close()
