"""A clinic that has not set itself up is shown, above the form, where to do it; the note goes once it has."""

from __future__ import annotations

from planner.app.catalogues import catalogue_at
from planner.store.settings import Settings
from planner.ui import dialogs
from planner.ui.main_window import MainWindow
from tests.questions import discard_unsaved


def start(qtbot, monkeypatch, settings, guide=True, store=False):
    discard_unsaved(monkeypatch)
    window = MainWindow(settings, catalogue_at(""), persist_settings=False, guide_setup=guide,
                        open_store=(lambda: None) if store else None, store_known=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_first_start_says_what_the_courses_use_until_the_clinic_is_set_up_and_where_to_set_it(qtbot, monkeypatch):
    window = start(qtbot, monkeypatch, Settings(time_zone="Europe/London"), store=True)
    hint = window.setup_hint
    assert hint is not None and hint.isVisible()
    words = hint.label.text()
    assert "Europe/London" in words and "no public holidays" in words and "no number to call" in words
    assert "Department settings, on the Department menu" in words
    assert window.form.layout().itemAt(0).widget() is hint  # above the patient's name


def test_the_note_names_the_holidays_region_in_words_and_leaves_the_department_out_without_a_store(qtbot, monkeypatch):
    window = start(qtbot, monkeypatch, Settings(time_zone="Europe/London", holidays="GB-ENG"))
    words = window.setup_hint.label.text()
    assert "the public holidays of England (GB-ENG)" in words and "Department" not in words


def test_open_settings_sets_the_clinic_up_and_the_note_goes(qtbot, monkeypatch):
    window = start(qtbot, monkeypatch, Settings(time_zone="UTC"))

    def save(dialog):
        dialog.clinic_name.setText("Riverside Cancer Centre")
        dialog.clinic_phone.setText("+44 20 7946 0000")
        dialog._accept()
        return dialog.result_settings is not None

    monkeypatch.setattr(dialogs.SettingsDialog, "exec", save)
    window.setup_hint.open_button.click()
    assert window.settings.clinic_name == "Riverside Cancer Centre"
    assert not window.setup_hint.isVisible()


def test_settings_saved_without_the_clinic_keep_the_note_on_the_new_settings(qtbot, monkeypatch):
    window = start(qtbot, monkeypatch, Settings(time_zone="UTC"))

    def save(dialog):
        dialog.time_zone.setCurrentText("Europe/Paris")
        dialog._accept()
        return dialog.result_settings is not None

    monkeypatch.setattr(dialogs.SettingsDialog, "exec", save)
    window.setup_hint.open_button.click()
    assert window.setup_hint.isVisible() and "Europe/Paris" in window.setup_hint.label.text()


def test_not_now_hides_it_and_a_clinic_set_up_or_a_window_not_asked_to_guide_shows_none(qtbot, monkeypatch):
    window = start(qtbot, monkeypatch, Settings(time_zone="UTC"))
    window.setup_hint.later_button.click()
    assert not window.setup_hint.isVisible()
    assert start(qtbot, monkeypatch, Settings(time_zone="UTC", clinic_phone="+44 20 7946 0000")).setup_hint is None
    assert start(qtbot, monkeypatch, Settings(time_zone="UTC"), guide=False).setup_hint is None


def test_a_department_in_the_store_is_the_clinic_set_up_and_the_note_goes(qtbot, monkeypatch, tmp_path):
    from planner.core.department import load_department
    from planner.store.db import Store
    from tests.store.booking_scenario import DEPARTMENT_FILE

    with Store.open(f"sqlite:///{tmp_path / 'department.db'}") as store:
        store.set_department(load_department(DEPARTMENT_FILE))
        discard_unsaved(monkeypatch)
        window = MainWindow(Settings(time_zone="UTC"), catalogue_at(""), persist_settings=False, guide_setup=True,
                            open_store=lambda: store)
        qtbot.addWidget(window)
        window.show()
        assert window.store_link is not None and window.session.department is not None
        assert window.setup_hint is None  # never made, so never shown for a moment before the store is read


def test_a_store_without_a_department_leaves_it_to_the_settings_and_the_note_shows(qtbot, monkeypatch, tmp_path):
    from planner.store.db import Store

    with Store.open(f"sqlite:///{tmp_path / 'department.db'}") as store:
        discard_unsaved(monkeypatch)
        window = MainWindow(Settings(time_zone="UTC"), catalogue_at(""), persist_settings=False, guide_setup=True,
                            open_store=lambda: store)
        qtbot.addWidget(window)
        window.show()
        assert window.store_link is not None and window.session.department is None
        assert window.setup_hint is not None and window.setup_hint.isVisible()


def test_department_settings_saved_set_the_clinic_up_and_the_note_goes(qtbot, monkeypatch, tmp_path):
    """A first-time coordinator goes straight to Department settings: once they are saved, the department's zone,
    holidays and phone are the courses', and the note (which said the courses use this computer's zone and pointed
    to the Settings the department overrides) goes, as it does for an imported department."""
    from planner.store.db import Store
    from planner.ui.department_settings import DepartmentDialog

    with Store.open(f"sqlite:///{tmp_path / 'department.db'}") as store:
        discard_unsaved(monkeypatch)
        window = MainWindow(Settings(time_zone="UTC"), catalogue_at(""), persist_settings=False, guide_setup=True,
                            open_store=lambda: store)
        qtbot.addWidget(window)
        window.show()
        assert window.setup_hint is not None and window.setup_hint.isVisible()

        def save(dialog):
            dialog.accept()
            return dialog.result_department is not None

        monkeypatch.setattr(DepartmentDialog, "exec", save)
        assert window.store_link is not None
        window.store_link.edit_department()
        assert window.session.department is not None
        assert not window.setup_hint.isVisible()
