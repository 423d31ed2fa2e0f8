"""Who holds which time on a machine: per machine and local day, sorted intervals of real instants.

Intervals are UTC epoch seconds, so overlaps are decided on real instants; the free windows a
search reads are in minutes of the department's local day, so 08:30 stays 08:30 across a
daylight-saving change. A lookup is a bisection in one machine-day, never a scan of every booking.

An occupancy may be given a `reader` of stored time: it then reads the machine-days of a block of
`BLOCK_DAYS` local days the first time the search looks at any of them, so proposing one course
reads only the weeks its search reaches, and exactly what a full read would have held there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..core.department import Booking
from ..core.errors import Field, InputError

# None: downtime; str: the course id of a stored booking held as bare time (read to book around it, never re-booked)
Owner = Booking | str | None
BLOCK_DAYS = 28  # local days read at once from a reader of stored time
# A reader of stored time, for the local days [first, last): the epoch second each of those days
# begins (and the day after the last), and (machine's key, start, end, course id) of every booking
# starting on them, instants in UTC epoch seconds, by start. The key is the store's (its row id), so that
# thousands of rows need no join to the machines' names.
TimeReader = Callable[[date, date], tuple[Sequence[int], Iterable[tuple[int, int, int, str]]]]


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

    def take(self, start: int, end: int, owner: Owner) -> bool:
        """Hold [start, end) unless something held here meets it; False when left out."""
        if not self.starts or start >= self.ends[-1]:  # the usual case, read in order: after everything held
            self.starts.append(start)
            self.ends.append(end)
            self.owners.append(owner)
            if owner is not None:
                self.booked_seconds += end - start
            self.free_cache.clear()
            return True
        if self.overlaps(start, end):
            return False
        self.add(start, end, owner)
        return True

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
        epoch second of the local day's minute 0, from which minutes count real time (also on a day
        the clocks change: the engine turns wall-clock hours into such minutes)."""
        key = (opens, closes)
        cached = self.free_cache.get(key)
        if cached is not None:
            return cached
        windows: list[tuple[int, int]] = []
        cursor = opens
        for start, end in zip(self.starts, self.ends, strict=True):
            a = (start - base) // 60
            if a > cursor:  # free time before this one (none empty: it starts after the cursor)
                if a >= closes:
                    break  # it starts after closing: what is left of the day is free
                windows.append((cursor, a))
            b = -((base - end) // 60)  # ceiling
            if b > cursor:
                cursor = b
                if cursor >= closes:
                    break
        if cursor < closes:
            windows.append((cursor, closes))
        self.free_cache[key] = windows
        return windows


class Occupancy:
    """Every machine-day that holds something, by (machine index, local date)."""

    def __init__(self) -> None:
        self._days: dict[tuple[int, date], MachineDay] = {}
        self._reader: TimeReader | None = None
        self._machines: Mapping[int, int] = {}
        self._names: Mapping[int, str] = {}
        self._read: set[int] = set()  # blocks of BLOCK_DAYS days already read

    def read_from(self, reader: TimeReader, machines: Mapping[int, int], names: Mapping[int, str]) -> None:
        """Read stored time through `reader` as the search reaches it: each block of days once, its
        bookings left out where they meet time already held (give downtime first). `machines`: each
        machine's index by the key the reader gives; `names`: the name of each key the store knows (to say which
        machine it is when it is none of this department's)."""
        self._reader = reader
        self._machines = machines
        self._names = names
        self._read.clear()

    def _ensure(self, day: date) -> None:
        block = day.toordinal() // BLOCK_DAYS
        if self._reader is None or block in self._read:
            return
        self._read.add(block)
        first = date.fromordinal(block * BLOCK_DAYS)
        midnights, rows = self._reader(first, first + timedelta(days=BLOCK_DAYS))
        days, machines = self._days, self._machines
        k, local, tomorrow = 0, first, midnights[1]
        today: dict[int, MachineDay] = {}  # the machine-days of `local` met so far, by the reader's key
        for key, start, end, course_id in rows:  # by start: the local day only moves on
            if start >= tomorrow:
                while start >= tomorrow:
                    k += 1
                    local, tomorrow = first + timedelta(days=k), midnights[k + 1]
                today = {}
            held = today.get(key)
            if held is None:
                machine = machines.get(key)
                if machine is None:
                    known = ", ".join(self._names[k] for k in machines if k in self._names)
                    raise InputError(Field.MACHINE, f"'{self._names.get(key, key)}' is not a machine of this department (known: {known})")
                held = days.get((machine, local))
                if held is None:
                    held = days[(machine, local)] = MachineDay()
                held.free_cache.clear()
                today[key] = held
            if held.starts and start < held.ends[-1]:
                held.take(start, end, course_id)  # before something held (downtime given first), or meeting it
            else:  # the usual case, as in `take`: after everything held, appended (thousands of rows read at once)
                held.starts.append(start)
                held.ends.append(end)
                held.owners.append(course_id)
                held.booked_seconds += end - start

    def day(self, machine: int, day: date) -> MachineDay:
        self._ensure(day)
        found = self._days.get((machine, day))
        if found is None:
            found = self._days[(machine, day)] = MachineDay()
        return found

    def peek(self, machine: int, day: date) -> MachineDay | None:
        self._ensure(day)
        return self._days.get((machine, day))
