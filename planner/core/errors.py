"""Errors the core raises for input it refuses."""

from __future__ import annotations


class InputError(ValueError):
    """A value the user gave is refused; `field` names it in the command line's words."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class CatalogueError(ValueError):
    """The site catalogue file is malformed: names the file, the entry and the problem."""
