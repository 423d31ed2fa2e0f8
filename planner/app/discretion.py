"""What an export or print tells the patient of the clinic, and what a discreet one leaves out.

A clinic's name ("Riverside Cancer Centre", "... Oncology Institute") tells the diagnosis on a lock
screen or in a cloud calendar, so a discreet export or print never names it: the patient still gets
the street address and the phone number, which is all they need to come and to call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core.department import Department
from ..core.giveaway import TREATMENT_WORDS
from ..store.settings import Settings
from .planning import clinic_contact

_SEPARATOR = re.compile(r"(\s*[,;·|]\s*)")
_DANGLING = " \t-–—:"  # what a removed name leaves at the ends of its part ("Centre - Level 2" -> "Level 2")
_WORD = re.compile(r"[^\W\d_]{4,}")  # a word of a clinic's name worth warning about: four letters or more


@dataclass(frozen=True)
class PatientContact:
    """The clinic as an export or a print shows it: whom to call, where to come."""

    name: str  # empty on a discreet export or print
    phone: str
    address: str
    location: str  # the course's location (each appointment's "where")


def clinic_names(settings: Settings, department: Department | None) -> tuple[str, ...]:
    """Every name the clinic goes by here (the department's and the desk's settings'), none of which a discreet page shows."""
    names = (department.name if department is not None else "", settings.clinic_name)
    return tuple(dict.fromkeys(name.strip() for name in names if name.strip()))


def without_names(text: str, names: Iterable[str]) -> str:
    """`text` with each of `names` (in any case) taken out, and the commas and dashes it leaves dangling:
    "Riverside Cancer Centre, 1 River Road" -> "1 River Road". Text naming none of them comes back as it was."""
    found = text
    for name in sorted((n for n in names if n.strip()), key=len, reverse=True):
        found = re.sub(re.escape(name.strip()), "", found, flags=re.IGNORECASE)
    if found == text:
        return text
    return _parts_kept(found, lambda part: False)


def without_treatment(text: str) -> str:
    """`text` without its parts (between commas, semicolons or dots) that name the treatment or the diagnosis:
    "Radiation Oncology, Level B1" -> "Level B1". Text naming none comes back as it was."""
    if not TREATMENT_WORDS.search(text):
        return text
    return _parts_kept(text, lambda part: TREATMENT_WORDS.search(part) is not None)


def treatment_parts(text: str) -> tuple[str, ...]:
    """The parts of `text` that `without_treatment` leaves out, as typed."""
    parts = (" ".join(part.split()).strip(_DANGLING) for part in _SEPARATOR.split(text)[0::2])
    return tuple(part for part in parts if TREATMENT_WORDS.search(part))


def _parts_kept(text: str, dropped: Callable[[str], bool]) -> str:
    pieces = _SEPARATOR.split(text)
    parts, separators = pieces[0::2], pieces[1::2]
    kept = ""
    for index, part in enumerate(parts):
        words = " ".join(part.split()).strip(_DANGLING)
        if words and not dropped(words):
            kept += (_spaced(separators[index - 1]) if kept else "") + words
    return kept


def _spaced(separator: str) -> str:
    """A separator as it reads between two kept parts: ", " or " · "."""
    mark = separator.strip()
    return f"{mark} " if mark in ",;" else f" {mark} "


def name_words_in(text: str, names: Iterable[str], address: str = "") -> tuple[str, ...]:
    """The words of the clinic's names (four letters or more, not in its street address) that `text` still
    holds: a typed location such as "Oncology wing" tells the diagnosis even without the whole name."""
    held = {word.casefold() for word in _WORD.findall(text)}
    in_address = {word.casefold() for word in _WORD.findall(address)}
    words = (word for name in names for word in _WORD.findall(name))
    return tuple(dict.fromkeys(w for w in words if w.casefold() in held and w.casefold() not in in_address))


def shown_contact(contact: PatientContact, names: Iterable[str], discreet: bool) -> PatientContact:
    """`contact` as the page or the file shows it: whole, or discreet without any of the clinic's names (nor
    `contact.name`) nor a part naming the treatment; a location that was only those becomes its street address."""
    if not discreet:
        return contact
    every = (*names, contact.name)
    address = without_treatment(without_names(contact.address, every))
    location = without_treatment(without_names(contact.location, every))
    if contact.location.strip() and not location:
        location = address
    return PatientContact("", contact.phone, address, location)


def patient_contact(settings: Settings, department: Department | None, *, location: str, discreet: bool,
                    phone: str | None = None) -> PatientContact:
    """The clinic as the window's and the command line's exports and prints show it (`clinic_contact` precedence)."""
    name, known = clinic_contact(settings, department, phone)
    address = (department.address if department is not None else "") or settings.clinic_address
    return shown_contact(PatientContact(name, known, address, location), clinic_names(settings, department), discreet)


def words_left_in_location(settings: Settings, department: Department | None, location: str) -> tuple[str, ...]:
    """The words of the clinic's name a discreet export would still write in the course's typed location
    (the whole name is taken out; "Riverside wing" is written as typed), for the export dialog to warn of."""
    contact = patient_contact(settings, department, location=location, discreet=True)
    names = (*clinic_names(settings, department), clinic_contact(settings, department)[0])
    return name_words_in(contact.location, names, contact.address)


def treatment_left_out_of_location(settings: Settings, department: Department | None, location: str) -> tuple[str, ...]:
    """The parts of the course's typed location ("Radiation Oncology") a discreet export or print leaves out as naming
    the treatment, beyond the clinic's name, which is always left out: for the export dialog and the command line to say."""
    names = (*clinic_names(settings, department), clinic_contact(settings, department)[0])
    return treatment_parts(without_names(location, names))
