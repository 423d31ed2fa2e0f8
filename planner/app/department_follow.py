"""A window's copy of the department, kept as the store holds it: another coordinator may save Department settings
(the clinic's phone, a closure, the treatment days) while this window is open. What changed, in words, and a course
being edited moved onto the department's new calendar without losing its other edits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.department import Department
from ..core.department_closures import Closure
from ..core.spec import CourseSpec
from ..store.db import Store
from ..store.db.store import DepartmentVersion


@dataclass(frozen=True)
class DepartmentRead:
    """The department as a window read it, and the store's mark of that state (`Store.department_version`)."""

    department: Department | None
    version: DepartmentVersion | None = None


def read_department(store: Store) -> DepartmentRead:
    """The department as stored now, with its mark; StoreError when the store cannot be read."""
    department, version = store.department_and_version()
    return DepartmentRead(department, version)


def department_if_changed(store: Store, read: DepartmentRead) -> DepartmentRead | None:
    """The department as stored now when the store's mark moved since `read` (None: it did not; one small query
    then). The department read may still equal `read`'s (settings saved unchanged): the caller keeps the new mark."""
    if read.version is not None and store.department_version() == read.version:
        return None
    return read_department(store)


def department_changes(before: Department | None, after: Department | None) -> list[str]:
    """What another coordinator changed in the department, in a coordinator's words ("phone", "closures"), in the
    order Department settings shows them; [] when nothing a course or its printout uses changed."""
    if before is None or after is None:
        return [] if before is after else ["the department"]
    named = (("name", before.name != after.name), ("address", before.address != after.address),
             ("phone", before.phone != after.phone), ("time zone", before.timezone != after.timezone),
             ("holidays", before.holidays != after.holidays), ("treatment days", before.treatment_days != after.treatment_days),
             ("closures", before.closures != after.closures), ("machines", before.machines != after.machines),
             ("downtime", before.downtime != after.downtime), ("booking rules", before.booking != after.booking))
    return [words for words, changed in named if changed]


def follows_calendar(spec: CourseSpec, department: Department) -> bool:
    """Whether the course is planned on `department`'s calendar (its zone, holidays, closures and treatment days)."""
    return (spec.tz == department.timezone and (spec.holidays or None) == department.holidays
            and spec.closed == department.closures and spec.days == department.treatment_days)


def followed_closures(closed: Iterable[Closure], before: Iterable[Closure], after: Iterable[Closure],
                      kept: Iterable[Closure] = ()) -> tuple[Closure, ...]:
    """`closed` with the department's closures taken back since `before` gone (but those in `kept`, the course's own)
    and those added since put in, by day: a closure the course has of its own on that day keeps its note."""
    before_set, after_set, kept_set = set(before), set(after), set(kept)
    taken_back = before_set - after_set - kept_set
    staying = [item for item in closed if item not in taken_back]
    days = {day for day, _ in staying}
    added = [item for item in after if item not in before_set and item[0] not in days]
    return tuple(sorted((*staying, *added), key=lambda item: item[0]))


def on_new_calendar(spec: CourseSpec, before: Department, after: Department, *, own_calendar: bool = False,
                    own_closures: Iterable[Closure] = ()) -> CourseSpec:
    """`spec` (being edited: its other fields as the coordinator left them) moved from `before`'s calendar to
    `after`'s: each of its zone, holidays and treatment days that was the department's becomes the department's new
    one (one the coordinator set apart stays theirs), and the department's closures follow. A course keeping a calendar
    of its own (`own_calendar`) takes the department's closures only, as it is shown them, keeping `own_closures`."""
    changes: dict[str, object] = {"closed": followed_closures(spec.closed, before.closures, after.closures,
                                                              own_closures if own_calendar else ())}
    if not own_calendar:
        if spec.tz == before.timezone:
            changes["tz"] = after.timezone
        if (spec.holidays or None) == before.holidays:
            changes["holidays"] = after.holidays
        if spec.days == before.treatment_days:
            changes["days"] = after.treatment_days
    followed = spec.updated(**changes)
    return spec if followed == spec else followed
