"""The store's audit trail as the coordinator reads it: the course file's field names ("tz", "days",
"own_calendar") in the window's words ("Time zone", "Treatment days", "Calendar"), their values in
words, and without the entries that only wrote out a default (an older window saved "pattern
null→daily" beside the field really changed: the same course, nothing the user did)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..core.catalogue import Catalogue
from ..core.clinic import WEEKDAY_KEYS, WEEKDAY_NAMES, HolidaySource, region_words
from ..core.dates import day_text
from ..core.spec import CourseSpec
from ..store.db import AuditEntry

FIELD_WORDS = {
    "(created)": "Course added to the store",
    "patient.name": "Name", "patient.id": "Hospital number", "site": "Site", "preset": "Preset",
    "fractions": "Fractions", "weeks": "Weeks", "pattern": "Frequency", "start": "First fraction", "time": "Time",
    "duration": "Session length", "tz": "Time zone", "holidays": "Holidays", "closed": "Closures",
    "days": "Treatment days", "simulation": "Planning scan", "follow_up_weeks": "Follow-up visit",
    "review_day": "Weekly review", "location": "Location", "discreet": "Discreet export and print",
    "urgent": "Urgent start", "phases": "Later phases", "phase_gap": "Gap between phases", "second_time": "Second session",
    "adjustments.moves": "Moved appointments", "adjustments.missed": "Missed sessions",
    "adjustments.retimes": "New daily time from a fraction", "adjustments.shifts": "Course shifted from a fraction",
    "own_calendar": "Calendar", "schema": "Course file format", "app": "Saved by",
    "booking": "Booking",  # booked, moved or released on the machines (the Bookings window, book, unbook)
}
REGIMEN_FIELDS = ("fractions", "pattern", "duration")  # unset: the preset's (or the site's and daily)
NONE_WHEN_UNSET = ("holidays", "closed", "simulation", "follow_up_weeks", "review_day", "phases")  # unset: there are none


def readable_field(name: str) -> str:
    """An audit entry's field in the window's words (the name itself for one it does not know)."""
    return FIELD_WORDS.get(name, name)


def readable_change(name: str, value: str | None, holidays: HolidaySource | None = None) -> str:
    """An audit entry's old or new value (JSON text, None: the field was not there) in words; a holiday
    region by the names `holidays` knows ('England (GB-ENG)'), else by its code."""
    unset = "none" if name in NONE_WHEN_UNSET else "not booked" if name == "booking" else ""
    if value is None:
        return unset
    try:
        loaded = json.loads(value)
    except ValueError:  # a store changed by hand: the text as it stands
        return value
    if loaded is None or (unset and loaded == []):
        return unset
    if name == "holidays" and isinstance(loaded, str):
        return region_words(loaded, holidays)
    words = _words(name, loaded)
    if words is not None:
        return words
    return loaded if isinstance(loaded, str) else json.dumps(loaded, ensure_ascii=False)


def _words(name: str, value: Any) -> str | None:
    """The words for the fields that have their own; None for the others."""
    if name == "own_calendar" and isinstance(value, bool):
        return "its own" if value else "the department's"
    if name in ("discreet", "urgent") and isinstance(value, bool):
        return "yes" if value else "no"
    if name == "days" and isinstance(value, str):
        keys = [key for key in value.split(",") if key in WEEKDAY_KEYS]
        return ", ".join(WEEKDAY_NAMES[WEEKDAY_KEYS.index(key)][:3] for key in keys) or "none"
    if name == "review_day" and isinstance(value, str) and value in WEEKDAY_KEYS:
        return WEEKDAY_NAMES[WEEKDAY_KEYS.index(value)]
    if name == "pattern" and isinstance(value, str):
        return {"alternate": "Alternate days"}.get(value, value.replace("-", " ").capitalize())
    if name in ("duration", "phase_gap", "follow_up_weeks") and isinstance(value, int) and not isinstance(value, bool):
        unit = {"duration": "min", "phase_gap": "days", "follow_up_weeks": "weeks after"}[name]
        return f"{value} {unit}"
    if name == "start" and isinstance(value, str):
        return _day(value)
    if name == "closed" and isinstance(value, list):
        return "; ".join(_closure(entry) for entry in value) or "none"
    return None


def _day(text: str) -> str:
    try:
        return day_text(date.fromisoformat(text))
    except ValueError:
        return text


def _closure(entry: Any) -> str:
    if not isinstance(entry, dict):
        return json.dumps(entry, ensure_ascii=False)
    day, note = _day(str(entry.get("date", ""))), str(entry.get("note") or "")
    return f"{day} ({note})" if note else day


def real_changes(entries: list[AuditEntry], current: CourseSpec, catalogue: Catalogue) -> list[AuditEntry]:
    """`entries` (oldest first) without those that only wrote out a default: the fractions, pattern or session
    length going from unset to what unset gave for the course's site and preset at that version."""
    site, preset = current.site, current.preset
    spurious: set[int] = set()
    by_version: dict[int, list[int]] = {}
    for index, entry in enumerate(entries):
        by_version.setdefault(entry.version, []).append(index)
    for version in sorted(by_version, reverse=True):  # the site and preset after each version, newest first
        defaults = CourseSpec(site=site, preset=preset).regimen_defaults(catalogue)
        for index in by_version[version]:
            entry = entries[index]
            if defaults is not None and entry.field in REGIMEN_FIELDS and _unset(entry.old_value) \
                    and entry.new_value is not None and _loaded(entry.new_value) == _plain(defaults[entry.field]):
                spurious.add(index)
        for index in by_version[version]:  # back to what they were before this version
            entry = entries[index]
            if entry.field == "site":
                site = str(_loaded(entry.old_value) or "") if entry.old_value is not None else site
            elif entry.field == "preset":
                old = _loaded(entry.old_value) if entry.old_value is not None else None
                preset = old if isinstance(old, str) else None
    return [entry for index, entry in enumerate(entries) if index not in spurious]


def _unset(value: str | None) -> bool:
    return value is None or _loaded(value) is None


def _loaded(text: str) -> object:
    """An audit value read back; one that no longer reads (a store changed by hand) as the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _plain(value: object) -> object:
    """A default as the course file writes it (a pattern by its value)."""
    return getattr(value, "value", value)
