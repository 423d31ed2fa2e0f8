"""Schema revisions: which one a database is at, and upgrading it, with Alembic run from code.

Alembic is imported only to upgrade: a start whose database is current reads the newest
revision from the migration files' names (`NNNN_what.py`, revision id NNNN; a test checks that
this agrees with Alembic's own view).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


@lru_cache(maxsize=1)
def head_revision_fast() -> str:
    """The newest revision, from the names of the shipped migration files."""
    found = sorted(m.group(1) for entry in (MIGRATIONS / "versions").iterdir() if (m := _REVISION_FILE.match(entry.name)))
    assert found, "the planner ships at least one migration"
    return found[-1]


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    """The newest revision, as Alembic sees it."""
    head = script_directory().get_current_head()
    assert head is not None, "the planner ships at least one migration"
    return head


def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in script_directory().walk_revisions())


def upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade the database on `connection` to `target`, committing when done."""
    from alembic import command

    command.upgrade(_config(connection), target)
    if connection.in_transaction():
        connection.commit()
