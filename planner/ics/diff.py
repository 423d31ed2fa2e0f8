"""What changed between two exports of a course, in words a coordinator reads to the patient."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..core.dates import moment_text
from ..core.text import quoted
from .state import EventState, ExportState

MAKE_UP_MARK = "Make-up session"  # how the writer's description of a make-up begins
PLACE_CHARS = 120  # a new place is quoted up to this long (the clinic's address may follow the machine)


@dataclass(frozen=True)
class Change:
    kind: str  # "moved", "added", "cancelled", "changed", "missed"
    when: datetime  # for ordering: the new time, or the old one when cancelled
    text: str


def _at(moment: datetime) -> str:
    """'Mon 7 Dec 2026 09:00': the planner's one wording of a day and its time."""
    return moment_text(moment)


def _live(events: dict[str, EventState]) -> dict[str, EventState]:
    return {uid: e for uid, e in events.items() if e.status != "CANCELLED" and not e.is_preparation}


def _named(event: EventState) -> str:
    """The summary, marked when the event makes up a missed session."""
    return f"{event.summary} (make-up)" if event.description.startswith(MAKE_UP_MARK) else event.summary


def compare(old: ExportState, new: ExportState) -> list[Change]:
    before, after = _live(old.events), _live(new.events)
    changes: list[Change] = []
    for uid, event in after.items():
        earlier = before.get(uid)
        if earlier is None:
            changes.append(Change("added", event.start, f"Added: {_named(event)}, {_at(event.start)}"))
        elif earlier.start == event.start and earlier.end != event.end:  # not moved: longer or shorter, said so
            changes.append(Change("changed", event.start,
                                  f"{'Longer' if event.end > earlier.end else 'Shorter'}: {_named(event)}, {_at(event.start)}, "
                                  f"now until {event.end:%H:%M} (was until {earlier.end:%H:%M})"))
        elif (earlier.start, earlier.end) != (event.start, event.end):
            changes.append(Change("moved", event.start,
                                  f"Moved: {_named(event)}, from {_at(earlier.start)} to {_at(event.start)}"))
        elif earlier.summary != event.summary:
            changes.append(Change("changed", event.start, f"Renamed: {earlier.summary} is now {event.summary}, {_at(event.start)}"))
        elif (earlier.location, earlier.description) != (event.location, event.description):
            if earlier.location != event.location:  # where it now is, said: a machine changed at the same time
                where = f"now {quoted(event.location, PLACE_CHARS)}" if event.location.strip() else "no place given now"
                changes.append(Change("changed", event.start, f"New place: {event.summary}, {_at(event.start)}, {where}"))
            else:
                changes.append(Change("changed", event.start, f"New preparation notes: {event.summary}, {_at(event.start)}"))
    for uid, event in before.items():
        if uid not in after:
            changes.append(Change("cancelled", event.start, f"Cancelled: {event.summary}, {_at(event.start)}"))
    earlier_missed = {uid for uid, e in old.events.items() if e.is_missed}
    for uid, event in new.events.items():
        if event.is_missed and uid not in earlier_missed:
            changes.append(Change("missed", event.start, f"{event.summary}, {_at(event.start)}"))
    changes.sort(key=lambda c: c.when)
    return changes
