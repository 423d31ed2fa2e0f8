"""The course file: a CourseSpec as versioned JSON, shared by the desktop app and the CLI."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.clinic import WEEKDAY_KEYS, format_weekdays, parse_weekday, parse_weekdays
from ..core.course import Adjustments, AdjustmentT, MakeUp, MissedSession, Move, Retime, Shift
from ..core.errors import InputError
from ..core.kinds import MAX_PHASES, MAX_REASON_CHARS, AppointmentKey
from ..core.limits import MAX_COURSE_FILE_BYTES
from ..core.parsing import parse_date, parse_local_datetime, parse_pattern, parse_time
from ..core.spec import CourseSpec, PhaseSpec
from ..core.text import printable, quoted, single_line_problem, size_words
from .files import parse_json, read_bounded, write_private

SCHEMA_VERSION = 2  # 2: phases, twice-daily second time, adjustments with reasons, re-timings, shifts
READABLE_SCHEMAS = (1, 2)
APP_TAG = "igrt-course-planner"
MAX_FILE_BYTES = MAX_COURSE_FILE_BYTES
MAX_ITEMS = 1000
MAX_NUMBER = 1_000_000


class CourseFileError(ValueError):
    """A course file that cannot be read: names the file, the field and the reason."""


# The free-text fields a coordinator retypes with one option (`course save --course-id ID --location TEXT`) or in
# the window's form: a course stored before today's rules refused their text (markup, say) can be read for repair.
REPAIRABLE_FIELDS = ("patient.name", "patient.id", "location", "closed.note")
# An adjustment's reason, named by its list ("adjustments.moves.reason"): replaced by `course save --course-id ID
# --reason TEXT` (given with no adjustment), or in the window by editing or removing the adjustment.
REASON_FIELDS = tuple(f"adjustments.{kind}.reason" for kind in ("moves", "missed", "retimes", "shifts"))


@dataclass(frozen=True)
class DamagedText:
    """A free-text field of a stored course that today's rules refuse (`field` as the course file names it, e.g.
    'patient.name'): read as it is for a repair, never shown as markup nor written out again."""

    field: str
    problem: str  # why, with the value quoted (escaped: no markup, one line)
    day: str = ""  # a closure's note: the closure's date (YYYY-MM-DD), which `--closed` gives again to repair it;
    # an adjustment's reason: the adjustment (its target: 'fraction-7', the missed date, the fraction number)


# Every field a course file of schema 1 or 2 holds, by the object it is in ("" the course itself; "moves" an item of
# adjustments.moves). A field outside these is a misspelling in a file edited by hand, or a field of a newer planner:
# read without it, the course would be planned (and saved again) as if it were not there.
KNOWN_FIELDS: dict[str, frozenset[str]] = {
    "": frozenset({"schema", "app", "course_id", "patient", "site", "preset", "fractions", "weeks", "pattern", "start",
                   "time", "duration", "tz", "holidays", "closed", "days", "simulation", "follow_up_weeks", "review_day",
                   "location", "discreet", "urgent", "phases", "phase_gap", "second_time", "adjustments"}),
    "patient": frozenset({"name", "id"}),
    "closed": frozenset({"date", "note"}),
    "phases": frozenset({"fractions", "pattern", "duration"}),
    "adjustments": frozenset({"moves", "missed", "retimes", "shifts"}),
    "adjustments.moves": frozenset({"appointment", "start", "reason"}),
    "adjustments.missed": frozenset({"date", "make_up", "make_up_at", "reason"}),
    "adjustments.retimes": frozenset({"from", "at", "reason"}),
    "adjustments.shifts": frozenset({"from", "days", "reason"}),
}


def unknown_fields(data: Any) -> tuple[str, ...]:
    """The fields of a course's JSON that this planner does not know, named as the course file nests them
    ("follow_up_weks", "adjustments.breaks", "adjustments.moves.colour"), each once, in the file's order. What is not
    an object where one is expected is left for `spec_from_json` to refuse."""
    found: dict[str, None] = {}

    def look(where: str, value: Any) -> None:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                for key in item:
                    if key not in KNOWN_FIELDS[where]:
                        found.setdefault(f"{where}.{key}" if where else str(key))

    look("", data)
    if isinstance(data, dict):
        for where in ("patient", "closed", "phases", "adjustments"):
            look(where, data.get(where))
        adjustments = data.get("adjustments")
        if isinstance(adjustments, dict):
            for kind in ("moves", "missed", "retimes", "shifts"):
                look(f"adjustments.{kind}", adjustments.get(kind))
    return tuple(found)


def fields_named(names: tuple[str, ...]) -> str:
    """"field 'a'" or "fields 'a', 'b'" (at most five named, escaped)."""
    shown = ", ".join(quoted(name, 60) for name in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"field{'s' if len(names) != 1 else ''} {shown}"


def _local(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(timespec="minutes")


def spec_to_json(spec: CourseSpec) -> dict[str, Any]:
    adjustments = spec.adjustments
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "app": APP_TAG,
        "course_id": spec.course_id,
        "patient": {"name": spec.patient_name, "id": spec.patient_id},
        "site": spec.site,
        "preset": spec.preset,
        "fractions": spec.fractions,
        "weeks": spec.weeks,
        "pattern": spec.pattern.value if spec.pattern else None,
        "start": spec.start.isoformat() if spec.start else None,
        "time": spec.time.strftime("%H:%M"),
        "duration": spec.duration,
        "tz": spec.tz,
        "holidays": spec.holidays,
        "closed": [{"date": d.isoformat(), "note": note} for d, note in spec.closed],
        "days": format_weekdays(spec.days),
        "simulation": _local(spec.simulation) if spec.simulation else None,
        "follow_up_weeks": spec.follow_up_weeks,
        "review_day": WEEKDAY_KEYS[spec.review_day] if spec.review_day is not None else None,
        "location": spec.location,
        "discreet": spec.discreet,
        "phases": [{"fractions": p.fractions, "pattern": p.pattern.value, "duration": p.duration} for p in spec.phases],
        "phase_gap": spec.phase_gap,
        "second_time": spec.second_time.strftime("%H:%M") if spec.second_time else None,
        "adjustments": {
            "moves": [{"appointment": str(m.key), "start": _local(m.start), "reason": m.reason} for m in adjustments.moves],
            "missed": [
                {"date": m.day.isoformat(), "make_up": m.make_up.value,
                 "make_up_at": _local(m.make_up_at) if m.make_up_at else None, "reason": m.reason}
                for m in adjustments.missed
            ],
            "retimes": [{"from": r.from_number, "at": r.at.strftime("%H:%M"), "reason": r.reason} for r in adjustments.retimes],
            "shifts": [{"from": s.from_number, "days": s.days, "reason": s.reason} for s in adjustments.shifts],
        },
    }
    if spec.urgent:  # written only when set: a course that is not urgent keeps the very file (and stored text) it had
        data["urgent"] = True
    return data


def dumps(spec: CourseSpec) -> bytes:
    return (json.dumps(spec_to_json(spec), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def save_course(spec: CourseSpec, path: Path) -> None:
    write_private(path, dumps(spec))


class _Fields:
    def __init__(self, source: str, data: dict[str, Any], prefix: str = "", damaged: list[DamagedText] | None = None) -> None:
        self.source = source
        self.data = data
        self.prefix = prefix  # "patient." for the patient's object: how a damaged field is named
        self.damaged = damaged  # not None: a repairable field whose text is refused is kept and listed here

    def fail(self, key: str, reason: str) -> CourseFileError:
        return CourseFileError(f"{self.source}: field '{key}': {reason}")

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, "must be text")
        problem = single_line_problem(value) if value is not None else None
        if problem:
            if self.damaged is not None and self.prefix + key in REPAIRABLE_FIELDS:
                self.damaged.append(DamagedText(self.prefix + key, problem))
                return value
            raise self.fail(key, problem)
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or abs(value) > MAX_NUMBER):
            raise self.fail(key, f"must be a whole number (at most {MAX_NUMBER})")
        return value

    def items(self, key: str, container: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        value = (container if container is not None else self.data).get(key, [])
        if not isinstance(value, list) or len(value) > MAX_ITEMS or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "must be a list of objects")
        return value

    def parsed(self, key: str, parse: Any, raw: Any) -> Any:
        if not isinstance(raw, str):
            raise self.fail(key, "must be text")
        try:
            return parse(key, raw)
        except InputError as exc:
            raise self.fail(key, exc.reason) from None


def spec_from_json(data: Any, source: str, damaged: list[DamagedText] | None = None, *,
                   unknown: list[str] | None = None) -> CourseSpec:
    """The course the JSON object holds; CourseFileError naming the field that does not read. With `damaged` (a
    stored course opened for repair), a REPAIRABLE_FIELDS text that today's rules refuse is kept as it is and listed
    there instead. A field this planner does not know (`unknown_fields`) is refused, naming it, unless `unknown` is
    given (a stored course, read for display): then it is listed there, and the course read without it."""
    if not isinstance(data, dict):
        raise CourseFileError(f"{source}: not a course file (expected a JSON object)")
    if data.get("app") != APP_TAG:
        raise CourseFileError(f"{source}: not a course file of this planner")
    schema = data.get("schema")
    if isinstance(schema, bool) or schema not in READABLE_SCHEMAS:
        shown = quoted(schema, 20) if isinstance(schema, str) else printable(str(schema))[:20]  # "2", the text, is not 2
        raise CourseFileError(f"{source}: course file schema {shown} is not supported "
                              f"(expected {' or '.join(map(str, READABLE_SCHEMAS))})")
    strange = unknown_fields(data)
    if strange and unknown is None:
        raise CourseFileError(f"{source}: {fields_named(strange)}: not known to this planner (misspelt, or written by a "
                              "newer version of the planner); the course is not read without it")
    if unknown is not None:
        unknown.extend(strange)
    f = _Fields(source, data, damaged=damaged)
    patient = data.get("patient", {})
    if not isinstance(patient, dict):
        raise f.fail("patient", "must be an object with name and id")
    pf = _Fields(source, patient, "patient.", damaged)
    course_id = f.text("course_id")
    if not course_id or len(course_id) > 100:
        raise f.fail("course_id", "missing")
    pattern = f.text("pattern")
    start = f.text("start")
    simulation = f.text("simulation")
    review = f.text("review_day")
    closed = []
    for entry in f.items("closed"):
        day = f.parsed("closed", parse_date, entry.get("date", ""))
        seen = len(damaged) if damaged is not None else 0
        closed.append((day, _Fields(source, entry, "closed.", damaged).text("note", "") or ""))
        if damaged is not None and len(damaged) > seen:  # this closure's note: named by its date
            damaged[-1] = replace(damaged[-1], day=day.isoformat())
    adjustments = data.get("adjustments", {})
    if not isinstance(adjustments, dict):
        raise f.fail("adjustments", "must be an object")
    moves = []
    for entry in f.items("moves", adjustments):
        key_text = entry.get("appointment")
        if not isinstance(key_text, str) or single_line_problem(key_text, 40):
            raise f.fail("adjustments.moves", "each move names its appointment")
        try:
            key = AppointmentKey.parse(key_text)
        except ValueError as exc:
            raise f.fail("adjustments.moves", str(exc)) from None
        when = f.parsed("adjustments.moves", parse_local_datetime, entry.get("start", ""))
        reason, stored = _reason(f, "adjustments.moves", entry, key_text)
        moves.append(_as_stored(Move(key, when, reason), stored))
    missed = []
    for entry in f.items("missed", adjustments):
        try:
            make_up = MakeUp(entry.get("make_up", "end"))
        except (ValueError, TypeError):
            raise f.fail("adjustments.missed", f"make_up must be one of {', '.join(m.value for m in MakeUp)}") from None
        at = entry.get("make_up_at")
        day = f.parsed("adjustments.missed", parse_date, entry.get("date", ""))
        slot = f.parsed("adjustments.missed", parse_local_datetime, at) if at else None
        reason, stored = _reason(f, "adjustments.missed", entry, day.isoformat())
        missed.append(_as_stored(MissedSession(day=day, make_up=make_up, make_up_at=slot, reason=reason), stored))
    retimes = []
    for entry in f.items("retimes", adjustments):
        number = _number(f, "adjustments.retimes", entry.get("from"))
        at = f.parsed("adjustments.retimes", parse_time, entry.get("at", ""))
        reason, stored = _reason(f, "adjustments.retimes", entry, str(number))
        retimes.append(_as_stored(_checked(f, "adjustments.retimes", Retime, number, at, reason), stored))
    shifts = []
    for entry in f.items("shifts", adjustments):
        number = _number(f, "adjustments.shifts", entry.get("from"))
        days = _number(f, "adjustments.shifts", entry.get("days", 1))
        reason, stored = _reason(f, "adjustments.shifts", entry, str(number))
        shifts.append(_as_stored(_checked(f, "adjustments.shifts", Shift, number, days, reason), stored))
    phases = []
    phase_items = f.items("phases")
    if len(phase_items) > MAX_PHASES - 1:
        raise f.fail("phases", f"a course has at most {MAX_PHASES} phases")
    for entry in phase_items:
        pf_ = _Fields(source, entry)
        fractions = pf_.integer("fractions")
        if fractions is None:
            raise f.fail("phases", "each phase gives its number of fractions")
        phase_pattern = pf_.text("pattern")
        phases.append(PhaseSpec(
            fractions=fractions,
            pattern=f.parsed("phases", parse_pattern, phase_pattern) if phase_pattern else PhaseSpec.pattern,
            duration=pf_.integer("duration"),
        ))
    second_time = f.text("second_time")
    adjustment_values = Adjustments(moves=tuple(moves), missed=tuple(missed), retimes=tuple(retimes), shifts=tuple(shifts))
    return CourseSpec(
        course_id=course_id,
        patient_name=pf.text("name", "") or "",
        patient_id=pf.text("id", "") or "",
        site=f.text("site", "") or "",
        preset=f.text("preset"),
        fractions=f.integer("fractions"),
        weeks=f.integer("weeks"),
        pattern=f.parsed("pattern", parse_pattern, pattern) if pattern else None,
        start=f.parsed("start", parse_date, start) if start else None,
        time=f.parsed("time", parse_time, f.text("time", "09:00")),
        duration=f.integer("duration"),
        tz=f.text("tz", "UTC") or "UTC",
        holidays=f.text("holidays") or None,
        closed=tuple(closed),
        days=f.parsed("days", parse_weekdays, f.text("days", "mon,tue,wed,thu,fri")),
        simulation=f.parsed("simulation", parse_local_datetime, simulation) if simulation else None,
        follow_up_weeks=f.integer("follow_up_weeks"),
        review_day=f.parsed("review_day", parse_weekday, review) if review else None,
        location=f.text("location", "") or "",
        discreet=f.flag("discreet"),
        urgent=f.flag("urgent"),
        adjustments=adjustment_values,
        phases=tuple(phases),
        phase_gap=f.integer("phase_gap") or 0,
        second_time=f.parsed("second_time", parse_time, second_time) if second_time else None,
    )


def _reason(f: _Fields, key: str, entry: dict[str, Any], target: str) -> tuple[str, str | None]:
    """The entry's reason, and None. A reason today's rules refuse (a line break, a control character, markup, too
    long) fails, naming `key`; read for repair (`f.damaged`), it is listed there with the adjustment's `target` and
    given back as ("", the reason as stored), for `_as_stored` to keep."""
    reason = entry.get("reason", "")
    if not isinstance(reason, str):
        raise f.fail(key, "a reason must be text")
    problem = single_line_problem(reason, MAX_REASON_CHARS)
    if not problem:
        return reason, None
    if f.damaged is None:
        raise f.fail(key, f"the reason {problem}")
    f.damaged.append(DamagedText(f"{key}.reason", problem, target))
    return "", reason


def _as_stored(made: AdjustmentT, stored: str | None) -> AdjustmentT:
    """`made` with the reason as stored (`_reason`'s damaged one), set past the adjustment's own check: the form shows
    it plain, and CourseSpec.check_text refuses it (a save, a schedule) until it is replaced."""
    if stored is not None:
        object.__setattr__(made, "reason", stored)
    return made


def _number(f: _Fields, key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 1000:
        raise f.fail(key, "must give a fraction number")
    return value


def _checked(f: _Fields, key: str, make: Any, *args: Any) -> Any:
    try:
        return make(*args)
    except InputError as exc:
        raise f.fail(key, exc.reason) from None


def loads(raw: bytes, source: str) -> CourseSpec:
    if len(raw) > MAX_FILE_BYTES:
        raise CourseFileError(f"{source}: too large for a course file (at most {size_words(MAX_FILE_BYTES)})")
    try:
        data = parse_json(raw)
    except ValueError as exc:
        raise CourseFileError(f"{source}: not a course file ({exc})") from None
    return spec_from_json(data, source)


def load_course(path: Path) -> CourseSpec:
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except OSError as exc:
        raise CourseFileError(f"{path}: cannot open ({exc.strerror or exc})") from None
    return loads(raw, str(path))
