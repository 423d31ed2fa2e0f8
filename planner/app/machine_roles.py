"""What each machine of a department is booked for, and capability words no catalogue entry asks
for: a department may name capabilities no site uses yet, so an unknown word is a note, never a
refusal, but a typo ("rooom") would otherwise turn a clinic room into a machine that takes fractions."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

from ..core.catalogue import Catalogue
from ..core.department import CT_CAPABILITY, ROOM_CAPABILITY, Department
from ..core.kinds import AppointmentKind

ROLE_WORDS = frozenset({CT_CAPABILITY, ROOM_CAPABILITY})  # the words that change what a machine is booked for
# Techniques a department commonly lists before any catalogue entry asks for them (the settings' own examples).
TECHNIQUE_WORDS = frozenset({"vmat", "imrt", "sbrt", "srs", "dibh", "sgrt"})


def known_capabilities(catalogue: Catalogue) -> frozenset[str]:
    """The words the catalogue's sites and regimens require, the two that name a machine's role, and
    the common technique words."""
    words = set(ROLE_WORDS | TECHNIQUE_WORDS)
    for site in catalogue.sites:
        words |= site.requires
        for preset in site.presets:
            words |= preset.requires
    return frozenset(words)


def role_summary(department: Department) -> str:
    """One line: which machines treat, which take planning scans, which take reviews."""
    def names(kind: AppointmentKind) -> str:
        return ", ".join(m.name for m in department.machines if m.holds is kind)

    parts = [f"Treats: {names(AppointmentKind.FRACTION) or 'none'}"]
    if scans := names(AppointmentKind.SIMULATION):
        parts.append(f"planning scans: {scans}")
    if reviews := names(AppointmentKind.REVIEW):
        parts.append(f"reviews: {reviews}")
    return "; ".join(parts)


def unknown_capabilities(words: Iterable[str], known: frozenset[str]) -> list[str]:
    """The words of one machine that no catalogue entry asks for, sorted, each once."""
    return sorted({word for word in words if word not in known})


def likely_meant(word: str, known: frozenset[str]) -> str | None:
    """The known word a typo most likely stands for ('rooom' -> 'room'), if one is close enough."""
    close = get_close_matches(word, sorted(known), n=1, cutoff=0.75)
    return close[0] if close else None


def capability_note(machine: str, words: Iterable[str], known: frozenset[str]) -> list[str]:
    """A note per word of one machine that no catalogue entry asks for (empty when all are known), with the known
    word it most likely stands for."""
    listed = ", ".join(sorted(known))
    notes = []
    for word in unknown_capabilities(words, known):
        meant = likely_meant(word, known)
        guess = f"did you mean '{meant}'? " if meant else ""
        notes.append(f"{machine or 'this machine'}'s capability '{word}' is not one the catalogue asks for ({guess}known: {listed})")
    return notes


def capability_notes(department: Department, catalogue: Catalogue) -> list[str]:
    """The notes of every machine of the department, in its order."""
    known = known_capabilities(catalogue)
    return [note for machine in department.machines for note in capability_note(machine.name, machine.capabilities, known)]
