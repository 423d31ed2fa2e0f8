"""Which department database, told without SQLAlchemy: the window asks at start whether there is
one to open (importing the store's code costs 300 ms and 25 MiB, creating a database more)."""

from __future__ import annotations

import os

from .files import data_dir

ENVIRONMENT = "IGRT_PLANNER_DB"
FILE_NAME = "planner.db"


def default_url() -> str:
    """The embedded database: `planner.db` in the user's data folder."""
    return f"sqlite:///{data_dir() / FILE_NAME}"


def chosen_url(option: str | None = None, setting: str = "") -> str:
    """The database to use: the option, else IGRT_PLANNER_DB, else the setting, else the default."""
    for candidate in (option, os.environ.get(ENVIRONMENT), setting):
        if candidate and candidate.strip():
            return candidate.strip()
    return default_url()


def department_database_known(setting: str = "") -> bool:
    """True when a start should open the store: a database was chosen (IGRT_PLANNER_DB, the
    setting), or the embedded file exists; False for a planner used with course files only."""
    if chosen_url(None, setting) != default_url():
        return True
    try:
        return (data_dir() / FILE_NAME).exists()
    except OSError:  # a data folder the system cannot look into (a name too long): opening the store will say why
        return True
