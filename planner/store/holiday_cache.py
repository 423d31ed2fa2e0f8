"""What the holidays package answered, kept in a file in the user's cache folder.

Looking up any country makes the holidays package import its 250 country modules: about 150 ms
and 17 MB, at every start of the app. A clinic plans in a few regions and years, so the
holidays of each (region, year), the country names and the subdivisions are written to
`holidays.json` once and read from there afterwards. The file is keyed by the package's
version: after the package is updated (a holiday added or moved) everything is asked again.
Holds no patient data; a damaged or foreign file is ignored and replaced, and so is one holding a name no
package answer holds (a line break, a control character, a bidirectional override or a tag: the file edited by
hand), as the window would show that name beside a closed day or in the list of countries.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ..core.clinic import HolidaySource, PackageHolidays, holidays_version
from ..core.limits import MAX_HOLIDAY_CACHE_BYTES
from ..core.text import MARKUP, holds_unsafe
from .files import cache_dir, ensure_private_dir, parse_json, read_bounded, write_private

FORMAT = 1  # raised when what is stored, or how the planner asks the package, changes
MAX_BYTES = MAX_HOLIDAY_CACHE_BYTES


class CachedHolidays:
    """A HolidaySource that asks `inner` only what its file does not hold yet."""

    def __init__(self, path: Path, inner: HolidaySource | None = None, version: Callable[[], str | None] = holidays_version):
        self.path = path
        self.inner = inner if inner is not None else PackageHolidays()
        self._version = version
        self._data: dict[str, Any] | None = None
        self._years: dict[tuple[str, str | None, int], Mapping[date, str]] = {}

    # ------------------------------------------------------------------ the file
    def _key(self) -> str | None:
        version = self._version()
        return f"{FORMAT}:{version}" if version else None

    @staticmethod
    def _clean(stored: Any) -> bool:
        """Whether every text in `stored` (keys and values, at any depth) is one clean line without a tag."""
        left = [stored]
        while left:
            item = left.pop()
            if isinstance(item, dict):
                left.extend(item.keys())
                left.extend(item.values())
            elif isinstance(item, list):
                left.extend(item)
            elif isinstance(item, str) and (holds_unsafe(item) or MARKUP.search(item) is not None):
                return False
        return True

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            self._data = {"key": self._key(), "countries": None, "subdivisions": {}, "years": {}}
            try:
                raw = read_bounded(self.path, MAX_BYTES)
                stored = parse_json(raw) if len(raw) <= MAX_BYTES else None
            except (OSError, ValueError):
                stored = None
            if (isinstance(stored, dict) and self._data["key"] is not None and stored.get("key") == self._data["key"]
                    and isinstance(stored.get("subdivisions"), dict) and isinstance(stored.get("years"), dict)
                    and self._clean(stored)):
                self._data.update(stored)
        return self._data

    def _save(self) -> None:
        data = self._load()
        if data["key"] is None:  # the package's version cannot be told: nothing is kept
            return
        try:
            ensure_private_dir(self.path.parent)
            write_private(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        except OSError:
            pass  # a read-only home still plans; it asks the package each time

    # ------------------------------------------------------------------ HolidaySource
    def countries(self) -> Mapping[str, str]:
        data = self._load()
        stored = data["countries"]
        if isinstance(stored, dict) and stored and all(isinstance(v, str) for v in stored.values()):
            return stored
        countries = dict(self.inner.countries())
        data["countries"] = countries
        self._save()
        return countries

    def subdivisions(self, country: str) -> tuple[str, ...]:
        data = self._load()
        stored = data["subdivisions"].get(country)
        if isinstance(stored, list) and all(isinstance(code, str) for code in stored):
            return tuple(stored)
        found = self.inner.subdivisions(country)
        data["subdivisions"][country] = list(found)
        self._save()
        return found

    def subdivision_names(self, country: str) -> Mapping[str, str]:
        data = self._load()
        kept = data.setdefault("subdivision_names", {})
        stored = kept.get(country) if isinstance(kept, dict) else None
        if isinstance(stored, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in stored.items()):
            return stored
        found = dict(self.inner.subdivision_names(country))
        if isinstance(kept, dict):
            kept[country] = found
            self._save()
        return found

    def year(self, country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
        known = self._years.get((country, subdivision, year))
        if known is not None:
            return known
        data = self._load()
        name = f"{country}-{subdivision or ''}:{year}"
        stored = data["years"].get(name)
        table: Mapping[date, str] | None = None
        if isinstance(stored, dict):
            try:
                table = {date.fromisoformat(day): str(title) for day, title in stored.items()}
            except (TypeError, ValueError):
                table = None
        if table is None:
            table = dict(self.inner.year(country, subdivision, year))
            data["years"][name] = {day.isoformat(): title for day, title in table.items()}
            self._save()
        self._years[(country, subdivision, year)] = table
        return table


def holiday_cache(path: Path | None = None) -> CachedHolidays:
    """The holiday source a front end creates once and hands down: the holidays package,
    through the cache file (`holidays.json` in the cache folder)."""
    return CachedHolidays(path if path is not None else cache_dir() / "holidays.json")
