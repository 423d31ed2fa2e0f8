"""How the day view shortens a patient's name that does not fit its booking's block (twelve machines on one screen):
the whole name where it fits; else the leading words' initials before the surname ('Jane Alice Smith' -> 'J. A.
Smith', 'Ludwig van Beethoven' -> 'L. van Beethoven', 'Smith, Jane Alice' -> 'Smith, J. A.'); else, the last resort,
that cut short at its end. Where two patients of one column would then read alike ('P. 00…' and 'P. 00…'), the
shortening that tells them apart is taken instead: cut in the middle ('P. …0042'), or the whole name cut short. The
block's tooltip, the status line and Ctrl+F give the whole name; discreet, the initials alone are shown as they were.
Plain text in, text out: the widths are measured by the caller's font."""

from __future__ import annotations

from collections.abc import Callable, Sequence

Fits = Callable[[str], bool]
Elided = Callable[[str, bool], str]  # the text cut short to the block's room: at its end (False) or in its middle (True)


def _initial(word: str) -> str:
    """'Jane' -> 'J.', 'Jean-Luc' -> 'J.-L.'; a word that does not start with a letter is kept whole."""
    parts = word.split("-")
    if not all(part[:1].isalpha() for part in parts):
        return word
    return "-".join(f"{part[0]}." for part in parts)


def short_name(name: str) -> str:
    """The name with its leading (given) names as initials and its surname whole: 'Jane Alice Smith' -> 'J. A. Smith';
    a surname's lower-case particles stay with it ('L. van Beethoven'); written surname first, 'Smith, Jane' -> 'Smith,
    J.'. A name of one word is itself."""
    if "," in name:
        surname, _, given = name.partition(",")
        words = given.split()
        return f"{surname.strip()}, {' '.join(_initial(word) for word in words)}" if surname.strip() and words else name.strip()
    words = name.split()
    if len(words) < 2:
        return name.strip()
    first = len(words) - 1
    while first > 1 and words[first - 1][:1].islower():  # 'van', 'de la': part of the surname
        first -= 1
    return " ".join([*(_initial(word) for word in words[:first]), *words[first:]])


def name_choices(name: str, fits: Fits, elided: Elided) -> list[str]:
    """The ways to show `name` in a block, the one to prefer first: the whole name or its short form where they fit,
    then the short form cut at its end, in its middle, and the whole name cut in its middle and at its end."""
    short = short_name(name)
    whole = [text for text in dict.fromkeys((name, short)) if fits(text)]
    cut = [elided(short, False), elided(short, True), elided(name, True), elided(name, False)]
    return list(dict.fromkeys([*whole, *(text for text in cut if text)]))


def distinct_names(blocks: Sequence[tuple[str, list[str]]]) -> list[str]:
    """What each block of one machine's column shows, given each block's patient and `name_choices`: its first choice,
    unless another patient's block shows the same; then each of those takes its next choice that reads unlike every
    other patient's (two blocks of one patient may read alike; two patients of one name cannot be told apart here)."""
    shown = [choices[0] if choices else name for name, choices in blocks]
    for _ in range(3):  # a block moved to its next choice may meet another's: look again
        before = list(shown)
        readers: dict[str, set[str]] = {}  # each text shown, and whose name it shows
        for (name, _), text in zip(blocks, before, strict=True):
            readers.setdefault(text, set()).add(name)
        clashing = [index for index, text in enumerate(before) if len(readers[text]) > 1]
        for index in clashing:
            name, choices = blocks[index]
            others = {text for text, names in readers.items() if names - {name}} \
                | {shown[each] for each in clashing if each < index and blocks[each][0] != name}
            shown[index] = next((text for text in choices if text not in others), shown[index])
        if not clashing or shown == before:
            break
    return shown
