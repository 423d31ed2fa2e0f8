"""Holidays come from the package once per region and year, then from the cache file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date

from planner.core.clinic import ClinicCalendar, HolidayRegion, PackageHolidays, holidays_version
from planner.store.holiday_cache import CachedHolidays


class CountingSource:
    """Stands in for the package: counts the questions that reach it."""

    def __init__(self) -> None:
        self.asked: list[tuple] = []

    def countries(self):
        self.asked.append(("countries",))
        return {"US": "United States", "GB": "United Kingdom"}

    def subdivisions(self, country):
        self.asked.append(("subdivisions", country))
        return ("NY", "CA") if country == "US" else ()

    def subdivision_names(self, country):
        self.asked.append(("subdivision_names", country))
        return {"NY": "New York", "CA": "California"} if country == "US" else {}

    def year(self, country, subdivision, year):
        self.asked.append(("year", country, subdivision, year))
        return {date(year, 1, 1): "New Year's Day", date(year, 7, 4): f"Independence Day {subdivision or ''}".strip()}


def test_each_question_reaches_the_package_once_then_comes_from_the_file(tmp_path):
    path = tmp_path / "cache" / "holidays.json"
    inner = CountingSource()
    first = CachedHolidays(path, inner, version=lambda: "0.99")
    assert first.year("US", "NY", 2026)[date(2026, 7, 4)] == "Independence Day NY"
    assert first.year("US", "NY", 2026) == first.year("US", "NY", 2026)
    assert first.countries()["GB"] == "United Kingdom"
    assert first.subdivisions("US") == ("NY", "CA")
    assert len(inner.asked) == 3
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

    later = CountingSource()  # the next start of the app
    second = CachedHolidays(path, later, version=lambda: "0.99")
    assert second.year("US", "NY", 2026) == {date(2026, 1, 1): "New Year's Day", date(2026, 7, 4): "Independence Day NY"}
    assert second.countries() == {"US": "United States", "GB": "United Kingdom"}
    assert second.subdivisions("US") == ("NY", "CA")
    assert later.asked == []
    second.year("US", "NY", 2027)  # a year not asked before
    second.year("US", None, 2026)  # the whole country is another region
    assert later.asked == [("year", "US", "NY", 2027), ("year", "US", None, 2026)]


def test_an_updated_package_is_asked_again(tmp_path):
    path = tmp_path / "holidays.json"
    CachedHolidays(path, CountingSource(), version=lambda: "0.99").year("US", None, 2026)
    updated = CountingSource()
    CachedHolidays(path, updated, version=lambda: "0.100").year("US", None, 2026)
    assert updated.asked == [("year", "US", None, 2026)]
    assert json.loads(path.read_text(encoding="utf-8"))["key"].endswith(":0.100")


def test_a_damaged_or_foreign_file_is_ignored_and_replaced(tmp_path):
    path = tmp_path / "holidays.json"
    for content in ("{not json", "[]", json.dumps({"key": "1:0.99", "years": {"US-:2026": {"not a date": "x"}},
                                                   "subdivisions": {}}),
                    json.dumps({"key": "1:0.99", "years": "nonsense", "subdivisions": {}})):
        path.write_text(content, encoding="utf-8")
        inner = CountingSource()
        source = CachedHolidays(path, inner, version=lambda: "0.99")
        assert source.year("US", None, 2026)[date(2026, 1, 1)] == "New Year's Day"
        assert inner.asked == [("year", "US", None, 2026)]
    assert json.loads(path.read_text(encoding="utf-8"))["years"]["US-:2026"]["2026-01-01"] == "New Year's Day"


def test_without_a_known_version_nothing_is_kept(tmp_path):
    path = tmp_path / "holidays.json"
    inner = CountingSource()
    source = CachedHolidays(path, inner, version=lambda: None)
    source.year("US", None, 2026)
    assert not path.exists() and len(inner.asked) == 1


def test_an_unwritable_cache_folder_still_plans(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    source = CachedHolidays(blocked / "holidays.json", CountingSource(), version=lambda: "0.99")
    assert source.year("US", None, 2026)[date(2026, 1, 1)] == "New Year's Day"


def test_the_cache_answers_what_the_package_answers(tmp_path):
    package = PackageHolidays()
    cached = CachedHolidays(tmp_path / "holidays.json", package)
    assert holidays_version()
    for region, year in ((("US", "NY"), 2027), (("DE", "BY"), 2026), (("GB", "ENG"), 2026)):
        assert cached.year(*region, year) == package.year(*region, year)
    assert dict(cached.countries()) == dict(package.countries())
    reread = CachedHolidays(tmp_path / "holidays.json", CountingSource())
    assert reread.year("US", "NY", 2027) == package.year("US", "NY", 2027)
    # A holiday of one year observed in the year before: New Year 2028 is a Saturday.
    assert reread.year("US", "NY", 2027)[date(2027, 12, 31)] == "New Year's Day (observed)"
    assert dict(reread.countries()) == dict(package.countries())


def test_the_clinic_calendar_reads_the_source_it_is_given(tmp_path):
    source = CachedHolidays(tmp_path / "holidays.json", CountingSource(), version=lambda: "0.99")
    calendar = ClinicCalendar(holiday_region=HolidayRegion.parse("holidays", "us-ny", source), holidays_from=source)
    assert calendar.holiday_region == HolidayRegion("US", "NY")
    assert calendar.closure_reason(date(2026, 7, 4)) == "Independence Day NY (public holiday, New York)"
    assert calendar.is_open(date(2026, 7, 6))


PLAN = ["-m", "planner", "plan", "--site", "prostate", "--fractions", "20", "--start", "2026-11-16", "--holidays", "US-NY",
        "--tz", "America/New_York", "--json"]
PROBE = """
import runpy, sys
sys.argv = ["planner"] + sys.argv[1:]
try:
    runpy.run_module("planner", run_name="__main__")
finally:
    print("holidays imported:", "holidays" in sys.modules, file=sys.stderr)
"""


def test_a_warm_cache_plans_without_importing_the_holidays_package(tmp_path):
    env = dict(os.environ, IGRT_PLANNER_CACHE_DIR=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", PROBE, *PLAN[2:]], capture_output=True, text=True, env=env, timeout=120)
            for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert "holidays imported: True" in runs[0].stderr  # the first time asks the package
    assert "holidays imported: False" in runs[1].stderr
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)
    assert "Thanksgiving" in runs[1].stdout


def test_subdivision_names_are_asked_once_then_read_from_the_file(tmp_path):
    path = tmp_path / "cache" / "holidays.json"
    inner = CountingSource()
    assert CachedHolidays(path, inner, version=lambda: "0.99").subdivision_names("US") == {"NY": "New York", "CA": "California"}
    later = CountingSource()
    assert CachedHolidays(path, later, version=lambda: "0.99").subdivision_names("US")["NY"] == "New York"
    assert inner.asked == [("subdivision_names", "US")] and later.asked == []


def test_the_package_names_a_subdivision_by_a_name_not_another_code():
    package = PackageHolidays()
    assert package.subdivision_names("GB")["ENG"] == "England"
    assert package.subdivision_names("FR")["971"] == "Guadeloupe"  # its aliases 'GP' and 'GUA' are codes
    assert package.subdivision_names("XX") == {}


def test_a_cache_edited_to_hold_a_name_no_package_gives_is_asked_again(tmp_path):
    """A holiday or country name edited into the cache with a line break, a right-to-left override or a tag is
    never shown (beside a closed day, in the list of countries): the whole file is ignored, asked again, replaced."""
    path = tmp_path / "holidays.json"
    CachedHolidays(path, CountingSource(), version=lambda: "0.99").year("US", "NY", 2026)
    CachedHolidays(path, CountingSource(), version=lambda: "0.99").countries()
    written = json.loads(path.read_text(encoding="utf-8"))
    for edit in ("Thanks\ngiving", "Thanks\u202egiving", "<img src='/dev/zero'>", "Day\x00"):
        data = json.loads(json.dumps(written))
        data["years"]["US-NY:2026"]["2026-07-04"] = edit
        data["countries"]["GB"] = edit
        path.write_text(json.dumps(data), encoding="utf-8")
        again = CountingSource()
        cache = CachedHolidays(path, again, version=lambda: "0.99")
        assert cache.year("US", "NY", 2026)[date(2026, 7, 4)] == "Independence Day NY"
        assert cache.countries()["GB"] == "United Kingdom"
        assert again.asked == [("year", "US", "NY", 2026), ("countries",)]
        assert edit not in path.read_text(encoding="utf-8")  # replaced by the package's answers
    untouched = CountingSource()  # the file as the package's answers wrote it is read, not asked again
    CachedHolidays(path, untouched, version=lambda: "0.99").year("US", "NY", 2026)
    assert untouched.asked == []
