"""The clinic's calendar: which days are treatment days, and which are closed and why."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from importlib.util import find_spec
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from .dates import day_text
from .errors import Field, InputError
from .text import quoted

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_TREATMENT_DAYS = frozenset(range(5))
SEARCH_DAYS = 731  # the one bound on every walk through the calendar: two years


def parse_weekday(field_name: Field, text: str) -> int:
    """'mon', 'Monday', 'MO' -> 0; refuses anything else naming the field."""
    key = text.strip().lower()
    for index, name in enumerate(WEEKDAY_NAMES):
        if key and (name.lower() == key or name.lower().startswith(key)) and len(key) >= 2:
            return index
    raise InputError(field_name, f"{quoted(text)} is not a weekday (use mon, tue, wed, thu, fri, sat, sun)")


def parse_weekdays(field_name: Field, text: str) -> frozenset[int]:
    """'mon,tue,thu,fri' -> {0, 1, 3, 4}."""
    parts = [p for p in (s.strip() for s in text.split(",")) if p]
    if not parts:
        raise InputError(field_name, "give at least one weekday, e.g. mon,tue,wed,thu,fri")
    days = [parse_weekday(field_name, p) for p in parts]
    if len(set(days)) != len(days):
        raise InputError(field_name, f"{quoted(text)} names a weekday twice")
    return frozenset(days)


def format_weekdays(days: Iterable[int]) -> str:
    return ",".join(WEEKDAY_KEYS[d] for d in sorted(days))


@dataclass(frozen=True)
class HolidayRegion:
    """A country and optional subdivision whose public holidays close the clinic."""

    country: str
    subdivision: str | None = None

    @property
    def code(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country

    @classmethod
    def parse(cls, field_name: Field, text: str, source: HolidaySource | None = None) -> HolidayRegion:
        """'US-NY', 'GB-ENG', 'de-by' -> a region the holidays package knows (asked of `source`,
        else of the holidays package itself)."""
        raw = text.strip()
        if not raw:
            raise InputError(field_name, "give a country code such as US, GB-ENG or DE-BY")
        country, _, subdivision = raw.partition("-")
        country = country.upper()
        asked = source if source is not None else PackageHolidays()
        if country not in asked.countries():
            raise InputError(field_name, f"{quoted(country)} is not a country the holidays package knows "
                                         "(use an ISO code such as US, GB, DE, CA, AU)")
        if not subdivision:
            return cls(country, None)
        known = asked.subdivisions(country)
        match = next((s for s in known if s.upper() == subdivision.upper()), None)
        if match is None:
            listing = ", ".join(known[:40]) + (" ..." if len(known) > 40 else "")
            reason = f"{quoted(subdivision)} is not a subdivision of {country}"
            reason += f" (known: {listing})" if known else f" ({country} has none)"
            raise InputError(field_name, reason)
        return cls(country, match)


class HolidaySource(Protocol):
    """Where public holidays come from: the holidays package itself (`PackageHolidays`), or a
    cache of what it answered (`planner.store.holiday_cache`). Each calendar is handed its own."""

    def countries(self) -> Mapping[str, str]:
        """ISO code -> English name of every country known."""
        ...

    def subdivisions(self, country: str) -> tuple[str, ...]:
        ...

    def subdivision_names(self, country: str) -> Mapping[str, str]:
        """Subdivision code -> its name, where the package knows one ('ENG' -> 'England')."""
        ...

    def year(self, country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
        """Every public holiday of the region dated in `year`, by date."""
        ...


def holidays_version() -> str | None:
    """The installed holidays package's version (None when it cannot be told), read from the
    name of its metadata folder: importing the package, or importlib.metadata, costs tens of ms."""
    spec = find_spec("holidays")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    if not folders:
        return None
    found = {match.group(1) for entry in Path(folders[0]).parent.glob("holidays-*")
             if (match := re.fullmatch(r"holidays-([^-]+)\.(?:dist|egg)-info", entry.name))}
    if len(found) == 1:
        return found.pop()
    try:
        from importlib.metadata import version

        return version("holidays")
    except Exception:  # noqa: BLE001 - no version known: nothing is cached
        return None


@lru_cache(maxsize=1)
def _package_countries() -> Mapping[str, str]:
    # The package's registry table names each country without loading its module.
    try:
        from holidays.registry import COUNTRIES

        return {entry[1]: key.replace("_", " ").title() for key, entry in COUNTRIES.items()}
    except (ImportError, AttributeError, IndexError):
        import holidays

        return {code: code for code in holidays.list_supported_countries() if len(code) == 2}


@lru_cache(maxsize=64)
def _package_subdivisions(country: str) -> tuple[str, ...]:
    import holidays

    if country not in _package_countries():
        return ()
    return tuple(type(holidays.country_holidays(country)).subdivisions)


@lru_cache(maxsize=64)
def _package_subdivision_names(country: str) -> Mapping[str, str]:
    """Each subdivision's name from the package's aliases: the first that reads as a name, not another code
    (France's 971 has 'GP', 'GUA' and 'Guadeloupe')."""
    import holidays

    if country not in _package_countries():
        return {}
    names: dict[str, str] = {}
    for alias, code in getattr(type(holidays.country_holidays(country)), "subdivisions_aliases", {}).items():
        if isinstance(alias, str) and isinstance(code, str) and code not in names and any(c.islower() for c in alias):
            names[code] = alias
    return MappingProxyType(names)  # one answer per country, kept: read-only


@lru_cache(maxsize=128)
def _package_year(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    import holidays

    probe = holidays.country_holidays(country)
    language = probe.default_language
    if language and not language.startswith("en"):
        english = [lang for lang in probe.supported_languages if lang.startswith("en")]
        language = english[0] if english else language
    # The years either side too: a holiday of one year may be observed in the next or the last.
    table = holidays.country_holidays(country, subdiv=subdivision, language=language, years=range(year - 1, year + 2))
    return {day: str(name) for day, name in sorted(table.items()) if day.year == year}


class PackageHolidays:
    """Holidays asked of the holidays package, which is imported on first use. Looking up any
    one country makes it import all of its 250 country modules (about 100 ms and 15 MB); what
    the package answered is remembered for the program (the answers never change while it runs)."""

    def countries(self) -> Mapping[str, str]:
        return _package_countries()

    def subdivisions(self, country: str) -> tuple[str, ...]:
        return _package_subdivisions(country)

    def subdivision_names(self, country: str) -> Mapping[str, str]:
        return _package_subdivision_names(country)

    def year(self, country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
        return _package_year(country, subdivision, year)


@dataclass(frozen=True)
class ClinicCalendar:
    """Treatment weekdays, public holidays of a region, and the clinic's own closure dates.

    `holidays_from` answers the holiday questions of this calendar alone, so two departments
    (or a test) can each bring their own source; without one, the holidays package is asked."""

    treatment_days: frozenset[int] = DEFAULT_TREATMENT_DAYS
    holiday_region: HolidayRegion | None = None
    closures: Mapping[date, str] = field(default_factory=dict)
    holidays_from: HolidaySource = field(default_factory=PackageHolidays, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.treatment_days:
            raise InputError(Field.DAYS, "the clinic needs at least one treatment weekday")
        if any(d not in range(7) for d in self.treatment_days):
            raise InputError(Field.DAYS, "weekdays are numbered 0 (Monday) to 6 (Sunday)")

    def holiday_name(self, day: date) -> str | None:
        if self.holiday_region is None:
            return None
        region = self.holiday_region
        return self.holidays_from.year(region.country, region.subdivision, day.year).get(day)

    def closure_reason(self, day: date) -> str | None:
        """Why the clinic is closed on `day` (a holiday or a closure), or None when it is not."""
        if day in self.closures:
            note = self.closures[day]
            return f"clinic closure ({note})" if note else "clinic closure"
        name = self.holiday_name(day)
        if name:
            return f"{name} (public holiday, {self.region_name})"
        return None

    @cached_property
    def region_name(self) -> str:
        """The holidays' region as a coordinator reads it in a pushed-date notice: 'Scotland', 'United States';
        its code where the source names none; '' without a region."""
        if self.holiday_region is None:
            return ""
        words = region_words(self.holiday_region.code, self.holidays_from)
        return words.removesuffix(f" ({self.holiday_region.code})")

    def closure_name(self, day: date) -> str | None:
        """A short label for a closed day: the holiday's name, or 'Clinic closure (note)'."""
        if day in self.closures:
            note = self.closures[day]
            return f"Clinic closure ({note})" if note else "Clinic closure"
        return self.holiday_name(day)

    def is_treatment_weekday(self, day: date) -> bool:
        return day.weekday() in self.treatment_days

    def is_open(self, day: date) -> bool:
        # closure_reason's test without its words: asked of every day of every walk
        return day.weekday() in self.treatment_days and day not in self.closures and not self.holiday_name(day)

    def walk(self, start: date) -> Iterator[date]:
        """Every calendar day from `start` on, for at most SEARCH_DAYS days: the single bound of
        every search through the calendar (open days, pushed fractions, follow-up, make-ups)."""
        last = date.max - timedelta(days=1)
        if start > last:
            return
        one = timedelta(days=1)
        day = start
        for _ in range(min(SEARCH_DAYS, (last - start).days + 1)):
            yield day
            day += one

    def open_days(self, start: date) -> Iterator[date]:
        """The open treatment days from `start` (included) on, within the walk's bound."""
        return (day for day in self.walk(start) if self.is_open(day))

    def next_open_day(self, day: date) -> date:
        """`day` itself when open, else the first open day after it (within two years)."""
        for candidate in self.open_days(day):
            return candidate
        raise InputError(Field.DAYS, "the clinic calendar has no open treatment day in the next two years")

    def next_closed_weekday(self, day: date) -> date:
        """The first day from `day` on that is not a treatment weekday and not closed: a weekend
        make-up day. A clinic that treats every day of the week has none."""
        if len(self.treatment_days) == 7:
            raise InputError(Field.MISSED, "the clinic treats on all seven days, so there is no weekend day for a "
                                       "make-up; add it at the end or as a second session")
        for candidate in self.walk(day):
            if not self.is_treatment_weekday(candidate) and self.closure_reason(candidate) is None:
                return candidate
        raise InputError(Field.MISSED, "no open weekend day in the next two years for a make-up session")

    def why_not_open(self, day: date) -> str | None:
        """A sentence a coordinator understands, or None when the day is open."""
        if day.weekday() not in self.treatment_days:
            return f"{day_text(day)} is not a treatment day (no treatment on {WEEKDAY_NAMES[day.weekday()]}s)"
        reason = self.closure_reason(day)
        if reason:
            return f"{day_text(day)} is closed: {reason}"
        return None


def country_names(source: HolidaySource) -> Mapping[str, str]:
    """ISO code -> English name of every country `source` knows."""
    return source.countries()


def holiday_countries(source: HolidaySource) -> tuple[tuple[str, str], ...]:
    """(ISO code, English name), by name."""
    return tuple(sorted(country_names(source).items(), key=lambda pair: pair[1]))


def holiday_subdivisions(source: HolidaySource, country: str) -> tuple[str, ...]:
    """The subdivision codes of one country."""
    return source.subdivisions(country)


def region_words(code: str | None, source: HolidaySource | None) -> str:
    """A course's holidays as a person reads them, short enough for a narrow column: 'England (GB-ENG)',
    'United States (US)' (a region without a name: 'United States (US-NY)'), 'none' for no region; the code
    alone where `source` is None or does not know it."""
    if not code:
        return "none"
    if source is None:
        return code
    country, _, subdivision = code.partition("-")
    country_name = source.countries().get(country)
    if not country_name:
        return code
    name = source.subdivision_names(country).get(subdivision, "") if subdivision else ""
    return f"{name} ({code})" if name and name != subdivision else f"{country_name} ({code})"


def subdivision_label(names: Mapping[str, str], code: str) -> str:
    """'England (ENG)' where `names` (HolidaySource.subdivision_names) knows the subdivision, else the code alone."""
    name = names.get(code, "")
    return f"{name} ({code})" if name and name != code else code
