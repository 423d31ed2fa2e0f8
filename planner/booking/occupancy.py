"""Who holds which time on a machine: per machine and local day, sorted intervals of real instants.

Intervals are UTC epoch seconds, so overlaps are decided on real instants; the free windows a
search reads are in minutes of the department's local day, so 08:30 stays 08:30 across a
daylight-saving change. A lookup is a bisection in one machine-day, never a scan of every booking.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from .model import Booking

Owner = Booking | None  # None: downtime


@dataclass
class MachineDay:
    """The bookings and downtime of one machine on one local day, sorted by start."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    owners: list[Owner] = field(default_factory=list)
    booked_seconds: int = 0
    free_cache: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict)

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) meets any interval held here."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def clashes(self, start: int, end: int) -> list[Owner]:
        """Everything held here that meets [start, end)."""
        found: list[Owner] = []
        i = bisect_left(self.starts, end) - 1
        while i >= 0:
            if self.ends[i] <= start:
                break  # intervals never overlap, so their ends are sorted too: nothing further left reaches `start`
            found.append(self.owners[i])
            i -= 1
        found.reverse()
        return found

    def add(self, start: int, end: int, owner: Owner) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        self.owners.insert(i, owner)
        if owner is not None:
            self.booked_seconds += end - start
        self.free_cache.clear()

    def remove(self, start: int, owner: Owner) -> bool:
        i = bisect_left(self.starts, start)
        while i < len(self.starts) and self.starts[i] == start:
            if self.owners[i] is owner or self.owners[i] == owner:
                if owner is not None:
                    self.booked_seconds -= self.ends[i] - self.starts[i]
                del self.starts[i], self.ends[i], self.owners[i]
                self.free_cache.clear()
                return True
            i += 1
        return False

    def free_windows(self, base: int, opens: int, closes: int) -> list[tuple[int, int]]:
        """Free (from, to) minutes of the local day between `opens` and `closes`; `base` is the
        epoch second of the local day's minute 0 (valid while the zone's offset holds all day)."""
        key = (opens, closes)
        cached = self.free_cache.get(key)
        if cached is not None:
            return cached
        windows: list[tuple[int, int]] = []
        cursor = opens
        for start, end in zip(self.starts, self.ends, strict=True):
            a = (start - base) // 60
            b = -((base - end) // 60)  # ceiling
            if b <= cursor:
                continue
            if a > cursor:
                windows.append((cursor, min(a, closes)))
            cursor = max(cursor, b)
            if cursor >= closes:
                break
        if cursor < closes:
            windows.append((cursor, closes))
        windows = [(a, b) for a, b in windows if b > a]
        self.free_cache[key] = windows
        return windows


class Occupancy:
    """Every machine-day that holds something, by (machine index, local date)."""

    def __init__(self) -> None:
        self._days: dict[tuple[int, date], MachineDay] = {}

    def day(self, machine: int, day: date) -> MachineDay:
        found = self._days.get((machine, day))
        if found is None:
            found = self._days[(machine, day)] = MachineDay()
        return found

    def peek(self, machine: int, day: date) -> MachineDay | None:
        return self._days.get((machine, day))
