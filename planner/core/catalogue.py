"""The clinic's catalogue of treatment sites: regimen presets and preparation reminders.

The catalogue is data (TOML), edited by each clinic; this module only reads and checks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from .bounded import read_bounded
from .course import check_fraction_count
from .errors import CatalogueError, InputError
from .giveaway import names_giveaway
from .kinds import KIND_VALUES, MAX_TWICE_DAILY_FRACTIONS, AppointmentKind, Pattern
from .limits import MAX_CATALOGUE_BYTES
from .text import quoted, single_line_problem, size_words
from .toml_text import TomlRefused, keys_too_deep, load_toml

SCHEMA_VERSION = 1
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class PrepReminder:
    """Something the patient does before an appointment.

    minutes_before == 0: a note about the appointment itself; > 0: a timed step.
    """

    text: str
    minutes_before: int
    applies_to: frozenset[AppointmentKind]
    discreet_text: str  # empty: left out of discreet exports and prints (its only wording names the treatment)
    presets: frozenset[str] = frozenset()  # only for these presets of its site (e.g. breath-hold); empty: every course

    def applies(self, kind: AppointmentKind, preset: str | None = None) -> bool:
        return kind in self.applies_to and (not self.presets or preset in self.presets)


@dataclass(frozen=True)
class RegimenPreset:
    id: str
    name: str
    fractions: int
    pattern: Pattern
    session_minutes: int | None = None
    max_span_days: int | None = None
    requires: frozenset[str] = frozenset()  # machine capabilities this regimen needs besides the site's


@dataclass(frozen=True)
class TreatmentSite:
    id: str
    name: str
    session_minutes: int
    gap_sensitive: bool
    presets: tuple[RegimenPreset, ...]
    reminders: tuple[PrepReminder, ...]
    max_span_days: int | None = None
    review_minutes_after: int | None = None
    call_team: tuple[str, ...] = ()  # "when to call your care team" lines for this site only
    requires: frozenset[str] = frozenset()  # machine capabilities every course of this site needs
    planning_days: int | None = None  # working days at least from planning scan to first fraction

    def requirements(self, preset: RegimenPreset | None = None) -> frozenset[str]:
        """The machine capabilities a course of this site (and regimen) needs."""
        return self.requires | preset.requires if preset is not None else self.requires

    def preset(self, key: str) -> RegimenPreset | None:
        """Find a preset by id or by name, ignoring case."""
        wanted = key.strip().lower()
        for preset in self.presets:
            if preset.id == wanted or preset.name.lower() == wanted:
                return preset
        return None


@dataclass(frozen=True)
class Catalogue:
    sites: tuple[TreatmentSite, ...]
    common_reminders: tuple[PrepReminder, ...]
    simulation_minutes: int
    review_minutes: int
    follow_up_minutes: int
    call_team: tuple[str, ...]
    missed_session: str
    source: str
    first_fraction_extra_minutes: int = 10  # the first fraction's set-up and imaging verification
    call_team_discreet: tuple[str, ...] = ()  # the neutral "when to call" lines of a discreet print

    def site(self, site_id: str) -> TreatmentSite | None:
        wanted = site_id.strip().lower()
        return next((s for s in self.sites if s.id == wanted), None)

    def call_team_for(self, site: TreatmentSite) -> tuple[str, ...]:
        """"When to call your care team" for one site: the common lines once, then the site's own."""
        lines: list[str] = []
        for text in (*self.call_team, *site.call_team):
            if text.casefold() not in {line.casefold() for line in lines}:
                lines.append(text)
        return tuple(lines)

    def when_to_call(self, site: TreatmentSite, discreet: bool) -> tuple[str, ...]:
        """The "when to call your care team" lines of a print; a discreet print gets the neutral
        list alone (none when the catalogue has no neutral list), so it hints at no site."""
        return self.call_team_discreet if discreet else self.call_team_for(site)

    def reminders_for(self, site: TreatmentSite, kind: AppointmentKind, preset: str | None = None) -> tuple[PrepReminder, ...]:
        """Site reminders first, then the ones every site shares; earliest step first. A reminder kept for
        some presets (a breath-hold) comes only with them: `preset` is the course's (None: its own regimen)."""
        chosen = [r for r in (*site.reminders, *self.common_reminders) if r.applies(kind, preset)]
        chosen.sort(key=lambda r: -r.minutes_before)
        return tuple(chosen)


class _Reader:
    """Reads one TOML table, naming the file and the entry in every complaint."""

    def __init__(self, source: str, where: str, table: Any) -> None:
        self.source = source
        self.where = where
        if not isinstance(table, dict):
            self.fail("must be a table of fields")
        self.table: dict[str, Any] = table

    def fail(self, problem: str) -> NoReturn:
        raise CatalogueError(f"{self.source}: {self.where}: {problem}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.table.get(key, default)
        if value is None:
            self.fail(f"missing field '{key}'")
        if not isinstance(value, str) or not value.strip():
            self.fail(f"field '{key}' must be non-empty text")
        problem = single_line_problem(value.strip(), 2000)
        if problem:
            self.fail(f"field '{key}': {problem}")
        return str(value).strip()

    def integer(self, key: str, low: int, high: int, default: int | None = None, optional: bool = False) -> int | None:
        value = self.table.get(key, default)
        if value is None:
            if optional:
                return None
            self.fail(f"missing field '{key}'")
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(f"field '{key}' must be a whole number from {low} to {high} (got {quoted(repr(value))})")
        return int(value)

    def required_int(self, key: str, low: int, high: int, default: int | None = None) -> int:
        value = self.integer(key, low, high, default)
        assert value is not None
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"field '{key}' must be true or false")
        return bool(value)

    def names(self, key: str) -> frozenset[str]:
        """A list of short lowercase names, e.g. machine capabilities."""
        value = self.table.get(key, [])
        if not isinstance(value, list) or any(not isinstance(v, str) or not _ID.match(v) for v in value):
            self.fail(f"field '{key}' must list lowercase names of letters, digits and hyphens")
        return frozenset(value)

    def tables(self, key: str) -> list[Any]:
        value = self.table.get(key, [])
        if not isinstance(value, list):
            self.fail(f"'{key}' must be a list of tables ([[{key}]])")
        return list(value)

    def ident(self) -> str:
        value = self.text("id")
        if not _ID.match(value):
            self.fail(f"id '{value}' must be lowercase letters, digits and hyphens")
        return value


def _reminder(source: str, where: str, table: Any, presets: tuple[RegimenPreset, ...] | None = None) -> PrepReminder:
    """One reminder; `presets`: its site's (None for the reminders every site shares, which name none)."""
    r = _Reader(source, where, table)
    text = r.text("text")
    kinds_raw = r.table.get("applies_to", ["fraction"])
    if not isinstance(kinds_raw, list) or not kinds_raw or any(k not in KIND_VALUES for k in kinds_raw):
        r.fail(f"field 'applies_to' must list kinds among {', '.join(KIND_VALUES)}")
    only = r.names("presets")
    if only and presets is None:
        r.fail("field 'presets' belongs to a site's reminder (a reminder every site shares is for every course)")
    known = {p.id for p in presets or ()}
    unknown = sorted(only - known)
    if unknown:
        r.fail(f"field 'presets': '{unknown[0]}' is not a preset of this site (known: {', '.join(sorted(known)) or 'none'})")
    return PrepReminder(
        text=text,
        minutes_before=r.required_int("minutes_before", 0, 7 * 24 * 60),
        applies_to=frozenset(AppointmentKind(k) for k in kinds_raw),
        discreet_text=_discreet_wording(r, text),
        presets=only,
    )


def _discreet_wording(r: _Reader, text: str) -> str:
    """A reminder's wording for discreet exports and prints: its discreet text (else its text) as the clinic wrote it,
    or empty, leaving the reminder out of them, when the clinic wrote `discreet_text = ""` or that wording names the
    treatment or the body part treated ("Empty your bladder ...", "Practise the breath-hold"): a lock screen or a
    cloud calendar would show it."""
    given = r.table.get("discreet_text")
    if isinstance(given, str) and not given.strip():
        return ""
    wording = r.text("discreet_text", text)
    return "" if names_giveaway(wording) else wording


def _preset(source: str, where: str, table: Any) -> RegimenPreset:
    r = _Reader(source, where, table)
    pattern_text = r.text("pattern")
    try:
        pattern = Pattern(pattern_text)
    except ValueError:
        r.fail(f"pattern '{pattern_text}' is not one of {', '.join(p.value for p in Pattern)}")
    fractions = r.required_int("fractions", 1, MAX_TWICE_DAILY_FRACTIONS)
    try:
        check_fraction_count(pattern, fractions)
    except InputError as exc:
        r.fail(exc.reason)
    return RegimenPreset(
        id=r.ident(),
        name=r.text("name"),
        fractions=fractions,
        pattern=pattern,
        session_minutes=r.integer("session_minutes", 5, 240, optional=True),
        max_span_days=r.integer("max_span_days", 1, 120, optional=True),
        requires=r.names("requires"),
    )


def _site(source: str, index: int, table: Any) -> TreatmentSite:
    label = table.get("id") if isinstance(table, dict) else None
    where = f"site '{label}'" if isinstance(label, str) else f"site #{index + 1}"
    r = _Reader(source, where, table)
    site_id = r.ident()
    presets = tuple(_preset(source, f"{where}, preset #{i + 1}", p) for i, p in enumerate(r.tables("preset")))
    _unique(source, where, "preset id", (p.id for p in presets))
    return TreatmentSite(
        id=site_id,
        name=r.text("name"),
        session_minutes=r.required_int("session_minutes", 5, 240),
        gap_sensitive=r.boolean("gap_sensitive", False),
        presets=presets,
        reminders=tuple(_reminder(source, f"{where}, reminder #{i + 1}", t, presets) for i, t in enumerate(r.tables("reminder"))),
        max_span_days=r.integer("max_span_days", 1, 120, optional=True),
        review_minutes_after=r.integer("review_minutes_after", 0, 600, optional=True),
        call_team=tuple(_Reader(source, f"{where}, call_team #{i + 1}", t).text("text")
                        for i, t in enumerate(r.tables("call_team"))),
        requires=r.names("requires"),
        planning_days=r.integer("planning_days", 0, 60, optional=True),
    )


def _unique(source: str, where: str, what: str, values: Iterable[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise CatalogueError(f"{source}: {where}: {what} '{value}' appears twice")
        seen.add(value)


def parse_catalogue(text: str, source: str) -> Catalogue:
    """Check and build a catalogue from TOML text; `source` names the file in messages."""
    if keys_too_deep(text):
        raise CatalogueError(f"{source}: not valid TOML for a catalogue: keys nested too deeply")
    try:
        data = load_toml(text)
    except TomlRefused as exc:
        raise CatalogueError(f"{source}: not valid TOML: {exc}") from None
    top = _Reader(source, "top level", data)
    if data.get("schema") != SCHEMA_VERSION:
        top.fail(f"field 'schema' must be {SCHEMA_VERSION} (got {quoted(repr(data.get('schema')))})")
    defaults = {
        "simulation": top.required_int("simulation_minutes", 5, 240, 45),
        "review": top.required_int("review_minutes", 5, 240, 15),
        "follow_up": top.required_int("follow_up_minutes", 5, 240, 20),
    }
    sites = tuple(_site(source, i, t) for i, t in enumerate(top.tables("site")))
    if not sites:
        top.fail("the catalogue lists no [[site]]")
    _unique(source, "top level", "site id", (s.id for s in sites))
    call_team = tuple(_Reader(source, f"call_team #{i + 1}", t).text("text") for i, t in enumerate(top.tables("call_team")))
    call_team_discreet = tuple(_Reader(source, f"call_team_discreet #{i + 1}", t).text("text")
                               for i, t in enumerate(top.tables("call_team_discreet")))
    return Catalogue(
        sites=sites,
        common_reminders=tuple(_reminder(source, f"reminder #{i + 1}", t) for i, t in enumerate(top.tables("reminder"))),
        simulation_minutes=defaults["simulation"],
        review_minutes=defaults["review"],
        follow_up_minutes=defaults["follow_up"],
        call_team=call_team,
        call_team_discreet=call_team_discreet,
        missed_session=top.text("missed_session", "If you cannot come to a session, phone the department as early as you can."),
        source=source,
        first_fraction_extra_minutes=top.required_int("first_fraction_extra_minutes", 0, 120, 10),
    )


def load_catalogue(path: Path) -> Catalogue:
    """Read a catalogue file; a missing or malformed file raises CatalogueError naming it."""
    try:
        raw = read_bounded(path, MAX_CATALOGUE_BYTES)
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot read the catalogue ({exc.strerror or exc})") from None
    if len(raw) > MAX_CATALOGUE_BYTES:
        raise CatalogueError(f"{path}: too large for a catalogue (at most {size_words(MAX_CATALOGUE_BYTES)})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogueError(f"{path}: the catalogue is not UTF-8 text") from None
    return parse_catalogue(text, str(path))
