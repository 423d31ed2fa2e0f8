"""Test set-up: Qt offscreen, the user's own settings and folders kept out of every test."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = tempfile.mkdtemp(prefix="planner-tests-")
os.environ["IGRT_PLANNER_CONFIG_DIR"] = os.path.join(_SANDBOX, "config")
os.environ["IGRT_PLANNER_DATA_DIR"] = os.path.join(_SANDBOX, "data")
os.environ["IGRT_PLANNER_CACHE_DIR"] = os.path.join(_SANDBOX, "cache")
os.environ.pop("IGRT_PLANNER_CATALOGUE", None)
os.environ["TZ"] = "UTC"

import pytest  # noqa: E402

from planner.core.catalogue import Catalogue, load_catalogue  # noqa: E402
from planner.resources_path import default_catalogue_path  # noqa: E402


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(default_catalogue_path())

os.environ["IGRT_PLANNER_NO_DIALOGS"] = "1"  # an unexpected error is logged, not shown in a modal box

# Property tests (tests/test_properties.py): a quick, repeatable run by default; HYPOTHESIS_PROFILE=thorough for a long search.
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile("default", max_examples=40, deadline=None, derandomize=True, database=None)
hypothesis_settings.register_profile("thorough", max_examples=2000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True, scope="session")
def _widgets_application(qapp):
    """A QApplication from the first test on: a command that prints (CLI `print`) would otherwise
    start a bare QGuiApplication, on which a later window test cannot build widgets."""
    return qapp


@pytest.fixture(autouse=True)
def _cold_zone_cache():
    """Every test computes its VTIMEZONE (and the days the clocks go back) afresh: a block cached by an
    earlier test would hide a fault in the zone rules from this one (and from mutation testing)."""
    from planner.core.schedule import fall_back_days
    from planner.ics.vtimezone import _observances

    _observances.cache_clear()
    fall_back_days.cache_clear()


@pytest.fixture(autouse=True)
def _own_settings_folder(tmp_path_factory, monkeypatch):
    """Each test starts with no saved settings: what one test saves (say, treatment weekdays)
    cannot change what a later one plans, whatever the order or however often the suite runs."""
    monkeypatch.setenv("IGRT_PLANNER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def loose_umask():
    """The usual umask (022), under which a file made without care is readable by everyone: what the
    privacy tests check the planner's files are not."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def restore_style():
    """The application, its style and palette put back after a test that changes them."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    name, palette = app.style().name(), app.palette()
    yield app
    app.setPalette(palette)
    app.setStyle(name)


@pytest.fixture(autouse=True)
def _questions_answered(monkeypatch):
    """A question that its test does not answer (QMessageBox.question, or the window's unsaved-changes question)
    is answered Cancel and fails the test, where its modal box would hang the run."""
    from PySide6.QtWidgets import QMessageBox

    from planner.ui import discard_question

    unanswered: list[str] = []

    def cancel(_parent, _title, text, *_a, **_k) -> QMessageBox.StandardButton:
        unanswered.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    monkeypatch.setattr(discard_question, "unsaved_question", cancel)
    yield
    assert not unanswered, f"a question nobody answered: {unanswered}"
