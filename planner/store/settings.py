"""The clinic's settings, declared in one place with types and defaults, kept as JSON in the
user's config folder and shared by the desktop app and the command line."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import time
from pathlib import Path
from typing import Any

from ..core.clinic import DEFAULT_TREATMENT_DAYS, HolidayRegion, HolidaySource, format_weekdays, parse_weekdays
from ..core.errors import Field, InputError
from ..core.limits import MAX_SETTINGS_BYTES
from ..core.parsing import parse_time
from ..core.text import single_line_problem, size_words
from ..core.zones import zone
from .files import config_dir, ensure_private_dir, parse_json, read_bounded, write_private

MAX_RECENT = 8
PRINT_LAYOUTS = ("", "week", "glance", "sheet")  # empty: no print chosen yet
PRINT_DAYS = ("", "5", "7")  # empty: the clinic's treatment days
PRINT_PAPERS = ("", "default", "a4", "letter")  # empty: the printer's or the locale's default


class SettingsError(ValueError):
    """The settings file is malformed; names the file and the key."""


def machine_zone() -> str:
    """The IANA name of this machine's time zone, 'UTC' when it cannot be told. A $TZ (or /etc/timezone) that names
    no IANA zone ('Nowhere/Land', a POSIX rule) is passed over: it was refused as a --tz the user never gave."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz and not tz.startswith("/") and _known_zone(tz):
        return tz
    try:
        link = os.path.realpath("/etc/localtime")
        marker = "/zoneinfo/"
        if marker in link and _known_zone(name := link.split(marker, 1)[1]):
            return name
    except OSError:
        pass
    try:
        name = read_bounded(Path("/etc/timezone"), 200)[:200].decode("utf-8", "replace").strip()
        if name and _known_zone(name):
            return name
    except OSError:
        pass
    return "UTC"


def _known_zone(name: str) -> bool:
    if single_line_problem(name):
        return False
    try:
        zone(Field.TIME_ZONE, name)
    except InputError:
        return False
    return True


@dataclass(frozen=True)
class Settings:
    clinic_name: str = ""
    clinic_address: str = ""
    clinic_phone: str = ""
    time_zone: str = ""  # empty: the machine's zone
    treatment_days: str = format_weekdays(DEFAULT_TREATMENT_DAYS)
    holidays: str = ""  # e.g. "US-NY"; empty: no public holidays
    treatment_time: str = "09:00"
    catalogue_path: str = ""  # empty: the catalogue shipped with the planner
    recent_files: tuple[str, ...] = ()
    window_geometry: str = ""  # the main window's geometry, base64 as Qt saves it
    window_state: str = ""  # the main window's docks as the user left them (shown or closed, widths), base64 as Qt saves it
    discreet_print_shows_id: bool = True  # False: a discreet print or export leaves the hospital number off
    sheet_names_machine: bool = False  # the patient's printed sheet names the booked machine
    database: str = ""  # the department store's URL; empty: IGRT_PLANNER_DB, else the embedded SQLite file
    print_layout: str = ""  # the last print's layout, offered again after a restart (PRINT_LAYOUTS)
    print_days: str = ""  # the last print's days a week (PRINT_DAYS)
    print_hours: str = ""  # the last weekly print's time axis, e.g. "7-19"; empty: fit each week
    print_paper: str = ""  # the last print's paper (PRINT_PAPERS)
    import_folder: str = ""  # the folder Department > Import course files last opened, where the next import starts

    @property
    def print_hour_range(self) -> tuple[float, float] | None:
        """The remembered time axis as (first hour, last hour); None: fit each week."""
        if not self.print_hours:
            return None
        first, _, last = self.print_hours.partition("-")
        return float(first), float(last)

    @property
    def zone_name(self) -> str:
        return self.time_zone or machine_zone()

    @property
    def treatment_weekdays(self) -> frozenset[int]:
        return parse_weekdays(Field.TREATMENT_DAYS, self.treatment_days)

    @property
    def default_time(self) -> time:
        return parse_time(Field.TIME, self.treatment_time)

    def with_recent(self, path: str) -> Settings:
        recent = (path,) + tuple(p for p in self.recent_files if p != path)
        return replace(self, recent_files=recent[:MAX_RECENT])


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None, holidays: HolidaySource | None = None) -> Settings:
    """The settings in `path` (the user's by default). With `holidays`, the holiday region is checked too
    (the command line: else a bad region is blamed on a --holidays the user never gave)."""
    path = path or settings_path()
    try:
        raw = read_bounded(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the settings ({exc.strerror or exc})") from None
    if len(raw) > MAX_SETTINGS_BYTES:
        raise SettingsError(f"{path}: too large for a settings file (at most {size_words(MAX_SETTINGS_BYTES)})")
    try:
        data: Any = parse_json(raw)
    except ValueError as exc:
        raise SettingsError(f"{path}: cannot read the settings ({exc})") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: the settings must be a JSON object")
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        if spec.name not in data:
            continue
        value = data[spec.name]
        if spec.name == "recent_files":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SettingsError(f"{path}: 'recent_files' must be a list of paths")
            value = tuple(value[:MAX_RECENT])
        elif spec.type == "bool":
            if not isinstance(value, bool):
                raise SettingsError(f"{path}: '{spec.name}' must be true or false")
        elif not isinstance(value, str):
            raise SettingsError(f"{path}: '{spec.name}' must be text")
        elif spec.name not in ("window_geometry", "window_state") and (problem := single_line_problem(value)):
            raise SettingsError(f"{path}: '{spec.name}': {problem}")
        values[spec.name] = value
    _check_print_choice(path, values)
    settings = Settings(**values)
    try:
        settings.default_time  # noqa: B018 - the same form as --time: '0900' or '09:00:00' is refused
    except InputError:
        raise SettingsError(f"{path}: 'treatment_time' must be HH:MM") from None
    try:
        settings.treatment_weekdays  # noqa: B018 - checks the stored text
        if settings.time_zone:  # else a bad zone is blamed on a --tz the user never gave
            zone(Field.TIME_ZONE, settings.time_zone)
        if settings.holidays and holidays is not None:
            HolidayRegion.parse(Field.HOLIDAYS, settings.holidays, holidays)
    except InputError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    return settings


def _check_print_choice(path: Path, values: dict[str, Any]) -> None:
    """The remembered print choice holds only values the print dialog offers."""
    for key, allowed in (("print_layout", PRINT_LAYOUTS), ("print_days", PRINT_DAYS), ("print_paper", PRINT_PAPERS)):
        if values.get(key, "") not in allowed:
            raise SettingsError(f"{path}: '{key}' must be one of {', '.join(repr(a) for a in allowed)}")
    hours = values.get("print_hours", "")
    if hours:
        # ASCII digits only: str.isdigit() also takes '²', which int() then refuses with a traceback
        match = re.fullmatch(r"([0-9]{1,2})-([0-9]{1,2})", hours)
        if not (match and int(match[1]) < int(match[2]) <= 24):
            raise SettingsError(f"{path}: 'print_hours' must be FIRST-LAST whole hours, e.g. 7-19")


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    ensure_private_dir(path.parent)
    data = asdict(settings)
    data["recent_files"] = list(settings.recent_files)
    write_private(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
