"""A store's failure as the window says it: one sentence naming what failed and what to do, never the driver's
message, a SQL statement or the store's address (the command line says the store's own line, naming --db)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.text import quoted
from ..store.db.errors import ASK_FOR_WRITES, StoreError, Trouble

if TYPE_CHECKING:
    from ..store.db import Store

ROLE_SHOWN = 24  # of a role's name in the short message: a name of 63 characters cut the message at 1024 px

_WHY_AND_WHAT = {
    Trouble.BUSY: ("another program holds it", "try again in a moment"),
    Trouble.DAMAGED: ("the store file is damaged", "ask the administrator to restore it from a backup"),
    Trouble.READ_ONLY: ("it may only be read here", "ask the administrator to let you write it"),
    Trouble.FULL: ("its disk is full", "ask the administrator to free some space, then try again"),
    Trouble.UNREACHABLE: ("it cannot be reached (its disk, share or server is gone)",
                          "check the connection, then try again"),
    Trouble.REPLACED: ("its file was replaced or moved while the planner had it open",
                       "close the planner's windows on this store and open it again"),
    Trouble.OTHER: ("the database failed", "try again, and ask the administrator if it happens again"),
}


def store_words(exc: StoreError, display_url: str = "", undone: str = "Nothing was changed") -> str:
    """`exc` for the window. A failure of the database itself (`StoreError.trouble`): 'The department store could not
    be written: another program holds it. Nothing was changed; try again in a moment.' (`undone`: what a failed write
    left undone; "" where part of the work was done before it, as calendar files written). Any other refusal of the
    store (a course changed meanwhile, one cancelled...) in its own words, without the store's address (`display_url`)
    that starts a store's line. A write refused to a database role that may not write names the role and why: 'The
    department store could not be written: your database role 'viewer' may only read this database. Nothing was
    changed; ask the department's database administrator for write access.'"""
    if exc.trouble is not None:
        why, what = _why_and_what(exc)
        if exc.writing and undone:
            return f"The department store could not be written: {why}. {undone}; {what}."
        return f"The department store could not be {'written' if exc.writing else 'read'}: {why}. {what[:1].upper()}{what[1:]}."
    said = str(exc)
    if display_url and said.startswith(f"{display_url}: "):
        said = said.removeprefix(f"{display_url}: ")
    return f"{said[:1].upper()}{said[1:]}"


def store_reason(exc: StoreError, display_url: str = "") -> str:
    """`store_words` as a reason within a sentence ("… could not be read (REASON)"): not capitalised, no full stop:
    'the department store could not be read: another program holds it; try again in a moment'."""
    if exc.trouble is not None:
        why, what = _why_and_what(exc)
        return f"the department store could not be {'written' if exc.writing else 'read'}: {why}; {what}"
    said = str(exc)
    return said.removeprefix(f"{display_url}: ") if display_url else said


def _why_and_what(exc: StoreError) -> tuple[str, str]:
    """Why the store failed and what to do, as a coordinator can act on it: the role and why where the store said so."""
    return (exc.why, ASK_FOR_WRITES) if exc.why else _WHY_AND_WHAT[exc.trouble or Trouble.OTHER]


def read_only_words(store: Store) -> tuple[str, str]:
    """What a window says of a store it may only read: a short message, which fits the status bar of a window 1024 px
    wide beside its 'Store read-only' mark ("Store read-only: your database role 'viewer' may not write it; its courses
    can be looked at, not saved.", a long role's name cut short), and the whole reason, for the mark's tooltip."""
    whole = f"The department's store is read-only here ({store.read_only_why}): its courses can be looked at, not saved."
    who = f"your database role {quoted(store.read_only_role, ROLE_SHOWN)} may not write it" if store.read_only_role \
        else "its file may not be written here"
    return f"Store read-only: {who}; its courses can be looked at, not saved.", whole
