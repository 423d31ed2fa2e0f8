"""Import a department file (clinic, calendar, closures, machines, downtime): one use case for the
command line's `department import` and the window's Department → Import department…, so both read
the file the same bounded way and refuse it with the same words.

Importing replaces the department's settings but never forgets recorded downtime: downtime entered
with Machine down… or `machine-down` is kept beside the file's (a file read again would otherwise
make a broken machine bookable), and the file's downtime is added once. So are the coming closures
recorded with `closure` or Department closed… (their patients were re-booked off those days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.catalogue import Catalogue
from ..core.clinic import HolidaySource
from ..core.dates import whole_days_text
from ..core.department import Department, DepartmentFileError, Downtime, load_department
from ..core.errors import InputError
from ..core.text import counted, printable
from ..store.db import DowntimeHitsBookings, MachineStillBooked, Store
from .machine_roles import capability_notes, role_summary


class DepartmentImportError(ValueError):
    """The department file cannot be imported; the message names the file and the field at fault."""


class DowntimeOverBookings(DepartmentImportError):
    """Downtime new in the file hits booked appointments: re-booking them is the machine-down action's work
    (it reports who moved and writes their calendar updates), an import only replaces settings. With the
    file's name (`source`) and the entry, it reads like the file's other refusals."""

    def __init__(self, down: Downtime, hit: int, source: str = "", entry: str = "") -> None:
        self.down = down
        self.hit = hit
        where = "".join(f"{part}: " for part in (source, entry) if part) if source else ""  # the entry after its file
        super().__init__(f"{where}downtime of {down.machine} from {instant(down.start)} hits {counted(hit, 'booked appointment')}: "
                         "nothing imported")


class BookedMachineLeftOut(DepartmentImportError):
    """The file leaves out a machine that still holds bookings: importing it would remove the machine,
    so its patients are moved or unbooked first (or the file keeps it). Named as the file's other refusals."""

    def __init__(self, machine: str, what: str, source: str = "") -> None:
        self.machine = machine
        where = f"{source}: [[machines]]: " if source else ""
        super().__init__(f"{where}'{machine}' is left out of the file but has {what}: move or unbook them "
                         "before removing it (or keep it in the file)")


def instant(moment: datetime) -> str:
    """'2030-04-02T08:00', as the department file and the command line write a moment."""
    return f"{moment:%Y-%m-%dT%H:%M}"


@dataclass(frozen=True)
class DepartmentRead:
    """A department file read and checked, and what it says about itself before it is imported."""

    department: Department
    roles: str  # what each machine is booked for, one line
    notes: tuple[str, ...]  # capability words no catalogue entry asks for (a typo turns a room into a linac)
    source: str = ""  # the file's name, as its refusals start

    def summary(self) -> str:
        """'Riverside: 4 machines, 2 closures, 1 downtime period.'"""
        department = self.department
        return (f"{department.name}: {counted(len(department.machines), 'machine')}, "
                f"{counted(len(department.closures), 'closure')}, {counted(len(department.downtime), 'downtime period')}.")


def read_department_file(path: Path, holidays: HolidaySource | None = None,
                         catalogue: Catalogue | None = None) -> DepartmentRead:
    """The department in the file at `path` (a bounded read of a regular UTF-8 TOML file), its calendar
    checked; DepartmentImportError names the file and what is wrong. `catalogue` None: no capability notes."""
    if "\0" in str(path):  # no file name holds one (pasted into the window's field); the system call would refuse it
        raise DepartmentImportError(f"{printable(str(path))}: no file name holds a NUL character")
    try:
        department = load_department(path)
    except DepartmentFileError as exc:
        raise DepartmentImportError(str(exc)) from None
    try:
        department.clinic_calendar(holidays)
    except InputError as exc:
        raise DepartmentImportError(f"{path}: [department]: '{exc.field}': {exc.reason}") from None
    notes = tuple(capability_notes(department, catalogue)) if catalogue is not None else ()
    return DepartmentRead(department, role_summary(department), notes, str(path))


def downtime_span(down: Downtime) -> str:
    """'Mon 30 Nov 2026 08:00–13:00', or 'Mon 30 Nov 2026 08:00 – Tue 1 Dec 2026 09:00' across days (wall clock)."""
    start, end = down.start, down.end
    if (days := whole_days_text(start, end)) is not None:
        return days
    first = f"{start:%a} {start.day} {start:%b %Y %H:%M}"
    if end.date() == start.date():
        return f"{first}–{end:%H:%M}"
    return f"{first} – {end:%a} {end.day} {end:%b %Y %H:%M}"


def import_department(store: Store, department: Department, source: str = "") -> Department:
    """Replace the store's department settings with `department` in one transaction, keeping the
    downtime already recorded (core `with_recorded_downtime`, read and merged inside the write, so a
    machine-down at the same moment is not lost); returns the department now stored. Refused (nothing
    written) for new downtime over bookings (DowntimeOverBookings) and for a machine left out that still
    holds bookings (BookedMachineLeftOut), each naming the file `source` (when given) and its entry."""
    try:
        return store.set_department(department, keep_recorded_downtime=True,
                                    renamed={m.formerly: m.name for m in department.machines if m.formerly})
    except DowntimeHitsBookings as exc:
        raise DowntimeOverBookings(exc.down, exc.hit, source, _downtime_entry(department, exc.down)) from None
    except MachineStillBooked as exc:
        raise BookedMachineLeftOut(exc.machine, exc.what, source) from None


def _downtime_entry(department: Department, down: Downtime) -> str:
    """'[[downtime]] #2': the file's entry of that downtime, counted as the file's refusals count them."""
    for index, item in enumerate(department.downtime, 1):
        if (item.machine, item.start, item.end) == (down.machine, down.start, down.end):
            return f"[[downtime]] #{index}"
    return ""
