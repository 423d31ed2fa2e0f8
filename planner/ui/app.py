"""Starts the desktop app: QApplication, settings, the main window (which loads the catalogue
and the course right after its first paint)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_NAME, __version__
from ..store.database_choice import department_database_known
from ..store.files import config_dir
from ..store.holiday_cache import holiday_cache
from ..store.settings import Settings, SettingsError, load_settings
from .as_written import as_written
from .guard import report
from .keyboard_focus import show_focus_in_dialogs
from .main_window import MainWindow
from .qt_settings import keep_qt_settings_private
from .shown_names import shown_name

if TYPE_CHECKING:
    from ..store.db import Store


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Exceptions that escape a Qt virtual method land here instead of killing the app."""
    report(error, tb, QApplication.activeWindow())


def open_department_store(settings: Settings) -> Store:
    """The department's store as the environment and settings choose it (the embedded file by default). An SQLite
    file this user may only read (its mode, a read-only folder or file system, a backup opened to look at) is
    opened for reading: the patients and courses show, and a save says why it cannot be made."""
    from ..store.db import Access, Store

    return Store.open(setting=settings.database, access=Access.READ)


USAGE = f"""usage: main.py [COURSE.igrt.json]

Starts the {APP_NAME} window, with the course file if one is given.
The command line (plan, export, print, the department store and bookings): python -m planner --help"""


def no_display() -> bool:
    """On Linux, whether there is no display to show a window on (Qt would abort with a long message)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _may_exist(name: str) -> bool:
    """Whether the course file named on the command line is there to open; one the system cannot even look for
    (a name too long) is opened all the same, for the window to say why it cannot be read."""
    try:
        return Path(name).exists()
    except OSError:
        return True


def _say(text: str) -> int:
    """`text` on standard output; a reader gone before the end (`main.py --help | head -1`) is no error, and no traceback."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit would fail on the closed pipe again
        os.close(devnull)
    return 0


def _keep_alt_letters_out(app: QApplication) -> None:
    from .alt_keys import keep_alt_letters_out  # its field classes imported with it: behind the first paint too

    keep_alt_letters_out(app)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    if any(a in ("-h", "--help") for a in args[1:]):
        return _say(USAGE)
    if any(a == "--version" for a in args[1:]):
        return _say(f"{APP_NAME} {__version__}")
    if QApplication.instance() is None and no_display():
        print("main.py: error: no display to show the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
              "start it on a desktop, or use the command line: python -m planner --help", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(args)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("IGRT Course Planner")
    sys.excepthook = _excepthook
    show_focus_in_dialogs(app)  # a dialog's first field shows its focus frame before any Tab
    keep_qt_settings_private(config_dir())  # the file dialog's folders (which may name patients) stay private
    holidays = holiday_cache()  # the one source of public holidays for the window and all it opens
    problem = ""
    try:
        settings = load_settings()
    except SettingsError as exc:
        settings = Settings()
        problem = (f"The settings could not be read and the defaults are used:\n{shown_name(str(exc))}\n\n"
                   "The file is left as it is (fix it, or choose Settings… and OK to replace it).")
    course = next((Path(a) for a in args[1:] if a.endswith(".json") and _may_exist(a)), None)
    # Settings that could not be read are not written over with the defaults (a window size or a recent
    # file would otherwise replace the clinic's name, phone and database) until the user saves Settings.
    window = MainWindow(settings, persist_settings=not problem, deferred=True, open_path=course,
                        open_store=partial(open_department_store, settings), holidays=holidays,
                        store_known=department_database_known(settings.database), guide_setup=not problem)
    # An Alt+letter typed into a field is kept out once the form is there to type into: the filter, in Python, sees
    # every event of the application, and the first event of each kind of widget builds that class's Python enums
    # (about 50 ms before the frame's first paint, a third of a bare window's start; docs/PERFORMANCE.md).
    window.formShown.connect(partial(_keep_alt_letters_out, app))  # once: the form is built once
    window.show()
    if problem:
        QMessageBox.warning(window, APP_NAME, as_written(problem))
    return app.exec()
