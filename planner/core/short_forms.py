"""Shorter forms of the day view's words where a narrow block or column has no room for them whole (twelve machines
on one screen). Plain text in, text out: the caller measures with its own font (`fits`, `elided`), so the rules are
the same on a screen and on paper.

A patient's name, as clinical schedules shorten it: the whole name where it fits; else a shorter form that never
guesses which word is the family name. The name is one free text (the store keeps no family name apart), so it is
shortened by what the text itself says:
- written 'Family name, given names' (the comma, as clinical records write it): the family name before the comma
  whole, the given names as initials ('Smith, Jane Alice' -> 'Smith, J. A.', 'Garcia Lopez, Maria' -> 'Garcia Lopez,
  M.', 'Nguyễn, Thị Minh Khai' -> 'Nguyễn, T. M. K.');
- the family name written in capitals, where the other words are not ('Jane Alice SMITH', 'NGUYỄN Thị Minh Khai',
  'KIM Min-jun', the passports' way): the words in capitals whole, with the lower-case particles just before them,
  the others as initials, in the order written ('J. A. SMITH', 'NGUYỄN T. M. K.', 'KIM M.-j.', 'L. van BEETHOVEN');
- otherwise the order is not known ('Jane Alice Smith' is given names first, 'Nguyễn Thị Minh Khai' and 'Nagy Ádám'
  family name first, and the app does not guess by language): the first and the last word, where a family name is
  written in either order, stay whole, with their lower-case particles ('van', 'de la'); only the words between
  become initials ('Jane Alice Smith' -> 'Jane A. Smith', 'Nguyễn Thị Minh Khai' -> 'Nguyễn T. M. Khai',
  'Ludwig van Beethoven' and 'Nagy Ádám' stay whole).
Where that does not fit either, the initials, in the order written ('J. A. S.', 'N. T. M. K.'; 'Smith, Jane' gives
'J. S.'); else, the last resort, cut short with an ellipsis, never a hard cut. Where two patients of one column would
then read alike ('C. M.' beside 'C. M.'), the shortening that tells them apart is taken instead: cut at its end or in
its middle ('Chri…mery' beside 'C. M…mery'). A name written in a script without capital letters (Chinese, Arabic,
Hebrew, Thai...) has no initials to shorten it to: it is shown whole, or cut short with an ellipsis. The block's
tooltip gives the whole name.

A downtime's label: 'Down 08:00–13:00 (magnetron)' where it fits on one line; narrower, 'Down 08:00–13:00' over the
reason wrapped at its spaces, then 'Down' over '08:00–13:00' over the reason; where the downtime leaves room for one
line only, 'Down 08:00–08:20', else 'Down'. A reason with more words than the room has lines ends in '…'; the tooltip
gives it whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Fits = Callable[[str], bool]  # the text fits the room whole
Elided = Callable[[str, bool], str]  # the text cut short to the room, with '…': at its end (False) or in its middle (True)
ELLIPSIS = "…"


def _has_case(letter: str) -> bool:
    """A letter of a script with capitals (Latin, Greek, Cyrillic...): one that has an initial to shorten a name to."""
    return letter.isalpha() and letter.upper() != letter.lower()


def _abbreviable(name: str) -> bool:
    """Every word of the name that starts with a letter starts with one of a script with capitals: 'محمد بن سلمان' and
    '王小明' are not (a hyphen, a digit, an apostrophe leave a word as it is)."""
    return all(_has_case(word[0]) for part in name.replace(",", " ").split() for word in part.split("-") if word[:1].isalpha())


def _initial(word: str) -> str:
    """'Jane' -> 'J.', 'Jean-Luc' -> 'J.-L.'; a word that does not start with a letter is kept whole ('0042')."""
    parts = word.split("-")
    if not all(part[:1].isalpha() for part in parts):
        return word
    return "-".join(f"{part[0]}." for part in parts)


def _in_capitals(word: str) -> bool:
    """'SMITH', 'NGUYỄN', 'SMITH-JONES': a word of two letters or more, all capitals (a family name so written)."""
    letters = [letter for letter in word if _has_case(letter)]
    return len(letters) > 1 and all(letter.isupper() for letter in letters)


def _kept_whole(words: list[str]) -> list[bool]:
    """Which words of a name without a comma a short form keeps whole (see the module's docstring): the family name's
    words where capitals say which they are, else the first and the last; with each one's lower-case particles."""
    cased = [word for word in words if any(_has_case(letter) for letter in word)]
    capitals = [_in_capitals(word) for word in words]
    marked = any(capitals) and not all(_in_capitals(word) for word in cased)
    lead = next((index for index, word in enumerate(words) if not word[:1].islower()), 0)  # 'de Gaulle Charles'
    kept = capitals if marked else [index <= lead or index == len(words) - 1 for index in range(len(words))]
    for index in range(len(words) - 2, 0 if not marked else -1, -1):  # 'van', 'de la' before a word kept whole
        if kept[index + 1] and words[index][:1].islower():
            kept[index] = True
    return kept


def short_name(name: str) -> str:
    """The name with the words that may be its family name whole and the others as initials (the module's docstring
    says which): 'Smith, Jane Alice' -> 'Smith, J. A.', 'Jane Alice SMITH' -> 'J. A. SMITH', 'Jane Alice Smith' ->
    'Jane A. Smith', 'Nguyễn Thị Minh Khai' -> 'Nguyễn T. M. Khai'. A name of one or two words without a comma or
    capitals, or in a script without capitals, is itself."""
    name = name.strip()
    if not _abbreviable(name):
        return name
    if "," in name:
        surname, _, given = name.partition(",")
        words = given.split()
        return f"{surname.strip()}, {' '.join(_initial(word) for word in words)}" if surname.strip() and words else name
    words = name.split()
    if len(words) < 2:
        return name
    return " ".join(word if whole else _initial(word) for word, whole in zip(words, _kept_whole(words), strict=True))


def name_initials(name: str) -> str:
    """The name's initials in the order written, the given names' first where a comma says which they are: 'Jane
    Alice Smith' and 'Smith, Jane Alice' -> 'J. A. S.', 'Nguyễn Thị Minh Khai' -> 'N. T. M. K.'; a word not starting with
    a letter stays whole ('Patient 0042' -> 'P. 0042'). A name of one word, or in a script without capitals, is
    itself."""
    name = name.strip()
    if not _abbreviable(name):
        return name
    surname, comma, given = name.partition(",")
    words = [*given.split(), *surname.split()] if comma and surname.strip() and given.strip() else name.replace(",", " ").split()
    return " ".join(_initial(word) for word in words) if len(words) > 1 else name


def name_choices(name: str, fits: Fits, elided: Elided) -> list[str]:
    """The ways to show `name` in a block, the one to prefer first: the whole name, its short form, its initials (with
    and without spaces) where they fit, then the short form cut at its end and in its middle, the whole name cut in its
    middle and at its end, and the initials cut at their end."""
    short, letters = short_name(name), name_initials(name)
    tight = letters.replace(" ", "") if letters != name.strip() else letters  # 'J.A.S.'; a name's own spaces stay
    whole = [text for text in dict.fromkeys((name, short, letters, tight)) if text and fits(text)]
    cut = [elided(short, False), elided(short, True), elided(name, True), elided(name, False), elided(letters, False)]
    return list(dict.fromkeys([*whole, *(text for text in cut if text.strip(ELLIPSIS))])) or [elided(name, False)]


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


def _wrapped(words: str, fits: Fits, cut: Callable[[str], str]) -> list[str]:
    """`words` wrapped at their spaces into lines that fit; a word longer than a line cut short with '…'."""
    lines: list[str] = []
    for word in words.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and fits(joined):
            lines[-1] = joined
        else:
            lines.append(word if fits(word) else cut(word))
    return lines


def down_label_lines(span: str, reason: str, fits: Fits, cut: Callable[[str], str], lines: int) -> list[str]:
    """A downtime's label, a line each, within the room (`fits`; `cut`: a text cut short to it with '…') and at most
    `lines` lines (see the module's docstring): `span` is its time on the day shown ('08:00–13:00'), `reason` why."""
    reason = " ".join(reason.split())
    head = f"Down {span}" if span else "Down"
    one = f"{head} ({reason})" if reason else head
    if fits(one):
        return [one]
    top = [head] if fits(head) else ["Down", span] if span and fits(span) else ["Down"]
    top = [text if fits(text) else cut(text) for text in top[:max(1, lines)]]
    room = lines - len(top)
    below = _wrapped(reason, fits, cut) if room > 0 else []
    if len(below) > room:  # more words than room: the last line says there is more
        below = [*below[:room - 1], cut(" ".join(below[room - 1:]))]
    return [*top, *below]
