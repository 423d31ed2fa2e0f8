"""A course as the coordinator describes it (form, command line, saved file), before checking.

`CourseSpec` holds what was chosen, including what was left to defaults; `to_request` resolves
presets and defaults against the catalogue and checks everything, naming the field at fault.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from .catalogue import Catalogue, RegimenPreset, TreatmentSite
from .clinic import DEFAULT_TREATMENT_DAYS, ClinicCalendar, HolidayRegion, HolidaySource, PackageHolidays
from .course import (
    Adjustments,
    AdjustmentType,
    CourseRequest,
    Phase,
    fractions_from_weeks,
)
from .errors import Field, InputError
from .kinds import MAX_REASON_CHARS, SAME_DAY_MIN_HOURS, Pattern
from .limits import MAX_TEXT_CHARS
from .text import quoted, single_line, single_line_problem
from .zones import zone

_ADJUSTMENT_WORDS = {AdjustmentType.MOVE: "the move of", AdjustmentType.MISSED: "the session missed on",
                     AdjustmentType.RETIME: "the re-timing from fraction", AdjustmentType.SHIFT: "the shift from fraction"}

DEFAULT_TIME = time(9, 0)
Clock = time  # a field named `time` hides the type inside CourseSpec


def new_course_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class PhaseSpec:
    """A later phase as chosen: its fractions, and its pattern and session length when they differ."""

    fractions: int
    pattern: Pattern = Pattern.DAILY
    duration: int | None = None  # None: the first phase's session length


@dataclass(frozen=True)
class CourseSpec:
    """Everything a course file holds. None means 'not chosen: use the preset or default'."""

    course_id: str = field(default_factory=new_course_id)
    patient_name: str = ""
    patient_id: str = ""
    site: str = ""
    preset: str | None = None
    fractions: int | None = None
    weeks: int | None = None
    pattern: Pattern | None = None
    start: date | None = None
    time: time = DEFAULT_TIME
    duration: int | None = None
    tz: str = "UTC"
    holidays: str | None = None
    closed: tuple[tuple[date, str], ...] = ()
    days: frozenset[int] = DEFAULT_TREATMENT_DAYS
    simulation: datetime | None = None  # naive, local to tz
    follow_up_weeks: int | None = None
    review_day: int | None = None
    location: str = ""
    discreet: bool = False
    urgent: bool = False  # palliative (cord compression, bleeding, pain): booked to start within the department's days
    adjustments: Adjustments = field(default_factory=Adjustments)
    phases: tuple[PhaseSpec, ...] = ()  # phases 2 and 3
    phase_gap: int = 0
    second_time: Clock | None = None  # twice daily; None: SAME_DAY_MIN_HOURS after `time`

    def updated(self, **changes: object) -> CourseSpec:
        return replace(self, **changes)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ resolving
    def site_in(self, catalogue: Catalogue) -> TreatmentSite:
        if not self.site.strip():
            raise InputError(Field.SITE, f"choose a treatment site ({', '.join(s.id for s in catalogue.sites)})")
        site = catalogue.site(self.site)
        if site is None:
            raise InputError(Field.SITE, f"{quoted(self.site)} is not in the catalogue (known: {', '.join(s.id for s in catalogue.sites)})")
        return site

    def preset_in(self, site: TreatmentSite) -> RegimenPreset | None:
        if self.preset is None or not self.preset.strip():
            return None
        preset = site.preset(self.preset)
        if preset is None:
            known = ", ".join(p.id for p in site.presets) or "none"
            raise InputError(Field.PRESET, f"{quoted(self.preset)} is not a preset of {site.id} (known: {known})")
        return preset

    def clinic_calendar(self, source: HolidaySource | None = None) -> ClinicCalendar:
        """The course's calendar, its holidays asked of `source` (else of the holidays package)."""
        asked = source if source is not None else PackageHolidays()
        region = HolidayRegion.parse(Field.HOLIDAYS, self.holidays, asked) if self.holidays else None
        return ClinicCalendar(treatment_days=self.days, holiday_region=region, closures=dict(self.closed),
                              holidays_from=asked)

    def check_text(self) -> None:
        """Every text field is one clean line (no line break, control character or undecodable byte)."""
        for name, value in ((Field.COURSE_ID, self.course_id), (Field.PATIENT, self.patient_name), (Field.PATIENT_ID, self.patient_id),
                            (Field.SITE, self.site), (Field.PRESET, self.preset or ""), (Field.TZ, self.tz),
                            (Field.HOLIDAYS, self.holidays or ""), (Field.LOCATION, self.location)):
            single_line(name, value)
        for _, note in self.closed:
            single_line(Field.CLOSED, note)
        # The adjustments' reasons are checked when each adjustment is made (course.check_reason); one an older version
        # stored (read for repair, kept as it was) is refused here until it is replaced
        for entry in self.adjustments.entries():
            problem = single_line_problem(entry.reason, MAX_REASON_CHARS)
            if problem:
                what = _ADJUSTMENT_WORDS[entry.ref.type]
                target = entry.ref.target if entry.ref.type is AdjustmentType.MISSED else entry.ref.target.replace("-", " ")
                raise InputError(Field.REASON, f"the reason of {what} {target}: {problem}; "
                                               "give it a plain reason or remove that adjustment")

    def text_left_out(self) -> CourseSpec:
        """This course with each free text today's rules refuse (one an older version stored, read for repair) left
        empty: the times are planned from it alone (a booked course's, say), the text playing no part in them."""

        def kept(text: str, limit: int = MAX_TEXT_CHARS) -> str:
            return "" if single_line_problem(text, limit) else text

        return replace(self, patient_name=kept(self.patient_name), patient_id=kept(self.patient_id),
                       location=kept(self.location), closed=tuple((day, kept(note)) for day, note in self.closed),
                       adjustments=self.adjustments.with_refused_reasons(""))

    def regimen_defaults(self, catalogue: Catalogue) -> dict[str, object] | None:
        """What the fractions, pattern and session length are when left unset (None): the preset's, else
        the site's and daily (no fraction count without a preset); None for a site or preset not in the catalogue."""
        site = catalogue.site(self.site)
        preset = site.preset(self.preset) if site is not None and self.preset else None
        if site is None or (self.preset and preset is None):
            return None
        return {"fractions": preset.fractions if preset is not None else None,
                "pattern": default_pattern(preset), "duration": default_duration(site, preset)}

    def defaults_kept(self, before: CourseSpec, catalogue: Catalogue) -> CourseSpec:
        """This course with the fractions, pattern and session length left unset where `before` (the same
        site and preset) had them unset and this one merely writes out what unset gives: a field left in
        the window then changes nothing in the course, nor in the store's history."""
        defaults = self.regimen_defaults(catalogue)
        if defaults is None or (before.site, before.preset) != (self.site, self.preset):
            return self
        kept: dict[str, object] = {}
        if before.fractions is None and before.weeks is None and self.weeks is None and defaults["fractions"] is not None \
                and self.fractions == defaults["fractions"]:
            kept["fractions"] = None
        if before.pattern is None and self.pattern is defaults["pattern"]:
            kept["pattern"] = None
        if before.duration is None and self.duration == defaults["duration"]:
            kept["duration"] = None
        return self.updated(**kept) if kept else self

    def to_request(self, catalogue: Catalogue, source: HolidaySource | None = None) -> CourseRequest:
        self.check_text()
        site = self.site_in(catalogue)
        preset = self.preset_in(site)
        tz = zone(Field.TZ, self.tz)
        calendar = self.clinic_calendar(source)
        pattern = self.pattern or default_pattern(preset)
        if self.fractions is not None and self.weeks is not None:
            raise InputError(Field.WEEKS, "give either fractions or weeks, not both")
        if self.weeks is not None:
            fractions = fractions_from_weeks(self.weeks, pattern, calendar)
        elif self.fractions is not None:
            fractions = self.fractions
        elif preset is not None:
            fractions = preset.fractions
        else:
            raise InputError(Field.FRACTIONS, "give the number of fractions (or weeks, or a preset)")
        duration = self.duration
        if duration is None:
            duration = default_duration(site, preset)
        if self.start is None:
            raise InputError(Field.START, "give the date of the first fraction")
        return CourseRequest(
            site_id=site.id,
            fractions=fractions,
            pattern=pattern,
            start=self.start,
            time=self.time,
            duration_minutes=duration,
            tz=tz,
            calendar=calendar,
            simulation=self.simulation,
            review_weekday=self.review_day,
            follow_up_weeks=self.follow_up_weeks,
            adjustments=self.adjustments,
            later_phases=tuple(Phase(p.fractions, p.pattern, p.duration if p.duration is not None else duration)
                               for p in self.phases),
            phase_gap_days=self.phase_gap,
            second_time=self.second_session_time(),
            preset_id=preset.id if preset is not None else None,
        )

    def second_session_time(self) -> Clock | None:
        """The chosen second-session time, or SAME_DAY_MIN_HOURS after the first when it fits the day."""
        if self.second_time is not None:
            return self.second_time
        minutes = self.time.hour * 60 + self.time.minute + SAME_DAY_MIN_HOURS * 60
        return time(minutes // 60, minutes % 60) if minutes < 24 * 60 else None


def default_pattern(preset: RegimenPreset | None) -> Pattern:
    """A course's pattern when it gives none: its preset's, else daily."""
    return preset.pattern if preset is not None else Pattern.DAILY


def default_duration(site: TreatmentSite, preset: RegimenPreset | None) -> int:
    """A course's session length when it gives none: its preset's, else its site's."""
    return preset.session_minutes if preset is not None and preset.session_minutes else site.session_minutes
