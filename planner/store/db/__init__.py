"""The department store: patients, courses, exports and the department in one database (SQLite or PostgreSQL)."""

from ..database_choice import ENVIRONMENT, chosen_url, default_url
from .errors import (
           ConflictDetails,
           CourseCancelled,
           CourseConflict,
           CourseDamaged,
           CourseFromNewer,
           CourseNotFound,
           CourseUnreadable,
           DowntimeHitsBookings,
           MachineStillBooked,
           StoreError,
)
from .store import Access, AuditEntry, CourseStatus, CourseSummary, Store, StoredCourse, same_calendar, with_department_calendar
from .url import masked

__all__ = ["ENVIRONMENT", "Access", "AuditEntry", "ConflictDetails", "CourseCancelled", "CourseConflict", "CourseDamaged",
           "CourseFromNewer", "CourseNotFound", "CourseStatus", "CourseUnreadable",
           "CourseSummary", "DowntimeHitsBookings", "MachineStillBooked", "Store", "StoreError", "StoredCourse", "chosen_url", "default_url",
           "masked", "same_calendar", "with_department_calendar"]
