"""IANA time zones by name, checked: the one place a zone typed by a user (a course's, the clinic's settings') is read.

Apart from the course's rules so that reading the settings at start-up, before the window's first paint, does not
import them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Field, InputError
from .text import quoted

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo
# zoneinfo itself is imported where a zone is read: the settings read at start-up, before the window's first paint,
# name none unless the clinic chose one, and the module with the search path it builds takes about 4 ms
# (tests/test_start_frame_cost.py).

# Files of the zone folder that are no zone of their own: the computer's own setting (which another computer reads
# otherwise) and copies kept for the C library ('right/' counts leap seconds: its times are 27 seconds off).
NOT_ZONES = frozenset({"localtime", "posixrules"})
NOT_ZONE_FOLDERS = ("posix/", "right/")


def listed_zones() -> list[str]:
    """The zones a window offers to pick from: every IANA zone of this computer, none of its own settings' files."""
    from zoneinfo import available_timezones

    return sorted(name for name in available_timezones()
                  if name.lower() not in NOT_ZONES and not name.lower().startswith(NOT_ZONE_FOLDERS))


def zone(field_name: Field, name: str) -> ZoneInfo:
    """An IANA zone by name, or an InputError naming the field."""
    text = name.strip()
    if not text or text.startswith(("/", ".")) or ".." in text:
        raise InputError(field_name, f"{quoted(name)} is not an IANA time zone (e.g. Europe/London)")
    if text.lower() in NOT_ZONES:
        raise InputError(field_name, f"{quoted(name)} is this computer's setting, not an IANA time zone: name the clinic's "
                                     "zone (e.g. Europe/London), so the course reads the same on every computer")
    if text.lower().startswith(NOT_ZONE_FOLDERS):
        folder, rest = text[:text.index("/") + 1], text[text.index("/") + 1:]
        example = f" ({quoted(rest)})" if rest else " (e.g. Europe/London)"
        raise InputError(field_name, f"{quoted(name)} is not an IANA time zone: write it without {quoted(folder)}{example}")
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        meant = _zone_meant(text)
        if meant is not None:
            raise InputError(field_name, f"{quoted(name)} is not an IANA time zone: write it as {quoted(meant)}") from None
        raise InputError(field_name, f"{quoted(name)} is not an IANA time zone (e.g. Europe/London, America/New_York)") from None


def _zone_meant(text: str) -> str | None:
    """The one listed zone `text` names by its city ('Chicago', 'new york') or in another case ('europe/london')."""
    key = text.replace(" ", "_").lower()
    found = {name for name in listed_zones() if "/" in name and (name.lower() == key or name.rsplit("/", 1)[1].lower() == key)}
    return found.pop() if len(found) == 1 else None
