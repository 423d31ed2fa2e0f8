"""Holiday regions by name where a person reads them in the window: History's From and To ("England
(GB-ENG)", "none" for a course without holidays, not an empty cell) and the import's
list of courses keeping their file's calendar. The command line keeps the codes it is given."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from planner.app.audit_words import readable_change
from planner.app.stored_courses import calendar_differences
from planner.core.clinic import region_words
from planner.core.department import Department
from planner.core.spec import CourseSpec
from planner.ui.course_history import CourseHistoryModel


class NamedRegions:
    """A holiday source that knows two countries and the names of one's regions."""

    def countries(self) -> Mapping[str, str]:
        return {"GB": "United Kingdom", "US": "United States"}

    def subdivisions(self, country: str) -> tuple[str, ...]:
        return {"GB": ("ENG", "SCT", "XYZ"), "US": ("NY",)}.get(country, ())

    def subdivision_names(self, country: str) -> Mapping[str, str]:
        return {"ENG": "England", "SCT": "Scotland"} if country == "GB" else {}

    def year(self, country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
        return {}


SOURCE = NamedRegions()


def test_a_region_reads_by_its_names_and_keeps_its_code():
    assert region_words("GB-ENG", SOURCE) == "England (GB-ENG)"
    assert region_words("US", SOURCE) == "United States (US)"
    assert region_words("US-NY", SOURCE) == "United States (US-NY)"  # a region without a name: the country's
    assert region_words("DE-BY", SOURCE) == "DE-BY"  # a country the source does not know: the code
    assert region_words("GB-ENG", None) == "GB-ENG"  # no source: the code, as the command line is given it
    assert region_words(None, SOURCE) == "none" and region_words("", None) == "none"


def test_history_names_the_regions_and_says_none_for_no_holidays():
    assert readable_change("holidays", '"GB-SCT"', SOURCE) == "Scotland (GB-SCT)"
    assert readable_change("holidays", "null", SOURCE) == "none"
    assert readable_change("holidays", None, SOURCE) == "none"  # the field was not there: no holidays
    assert readable_change("holidays", '"GB-SCT"') == "GB-SCT"
    assert readable_change("review_day", "null") == "none" and readable_change("closed", "[]") == "none"
    assert readable_change("phases", "[]") == "none"
    assert readable_change("location", "null") == ""  # unset is the department's: nothing to say


def test_the_history_model_names_regions_with_its_source():
    from datetime import UTC, datetime

    from planner.store.db import AuditEntry

    model = CourseHistoryModel(holidays=SOURCE)
    model.set_entries([AuditEntry(datetime(2030, 3, 1, tzinfo=UTC), "a", "c-1", 2, "holidays", None, '"GB-ENG"')])
    assert model.cells(0)[3:] == ("Holidays", "none", "England (GB-ENG)")


def test_an_imported_courses_own_calendar_names_the_regions():
    department = Department(name="Riverside", timezone="Europe/London", holidays="GB-ENG")
    spec = CourseSpec(site="prostate", tz="Europe/London", holidays="GB-SCT", days=department.treatment_days,
                      closed=department.closures)
    assert calendar_differences(spec, department, SOURCE) == \
        "holidays Scotland (GB-SCT), not England (GB-ENG)"
    assert calendar_differences(spec, department) == "holidays GB-SCT, not GB-ENG"
    none = CourseSpec(site="prostate", tz="Europe/London", days=department.treatment_days, closed=department.closures)
    assert calendar_differences(none, department, SOURCE) == "holidays none, not England (GB-ENG)"
