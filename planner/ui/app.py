"""Starts the desktop app: QApplication, settings, the main window (which loads the catalogue
and the course right after its first paint)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_NAME, __version__
from ..store.database_choice import department_database_known
from ..store.holiday_cache import holiday_cache
from ..store.settings import Settings, SettingsError, load_settings
from .guard import report
from .main_window import MainWindow

if TYPE_CHECKING:
    from ..store.db import Store


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Exceptions that escape a Qt virtual method land here instead of killing the app."""
    report(error, tb, QApplication.activeWindow())


def open_department_store(settings: Settings) -> Store:
    """The department's store as the environment and settings choose it (the embedded file by default)."""
    from ..store.db import Store

    return Store.open(setting=settings.database)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(args)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("IGRT Course Planner")
    sys.excepthook = _excepthook
    holidays = holiday_cache()  # the one source of public holidays for the window and all it opens
    problem = ""
    try:
        settings = load_settings()
    except SettingsError as exc:
        settings = Settings()
        problem = f"The settings could not be read and the defaults are used:\n{exc}"
    course = next((Path(a) for a in args[1:] if a.endswith(".json") and Path(a).exists()), None)
    window = MainWindow(settings, deferred=True, open_path=course, open_store=partial(open_department_store, settings),
                        holidays=holidays, store_known=department_database_known(settings.database))
    window.show()
    if problem:
        QMessageBox.warning(window, APP_NAME, problem)
    return app.exec()
