"""Words that tell a reader of a discreet calendar or print what the appointments are for: the treatment, the
technique, the diagnosis or the part of the body treated ("Empty your bladder", "the breath-hold", "your mask").

A discreet export or print shows a preparation reminder only in a wording that holds none of them (the
catalogue's `discreet_text`, else its `text`); one that names one is left out of discreet pages and files.
"""

from __future__ import annotations

import re

# The treatment, a technique or the diagnosis: words no place name holds, so a part of a discreet location or address
# naming one ("Radiation Oncology, Level B1", "Linac 2 bunker") is left out too (planner.app.discretion).
_TREATMENT = (r"radiother|radiation|radio-?oncolog|oncolog|cancer|tumou?r|carcinom|sarcom|lymphom|leuka?emi|metasta|chemo"
              r"|linac|igrt|imrt|vmat|sbrt|sabr|srs\b|proton|brachyther|radiosurg|cyberknife|gamma\W?knife|tomother|palliat")
TREATMENT_WORDS = re.compile(rf"\b(?:{_TREATMENT})", re.IGNORECASE)
# With them, what a preparation text says of the session or the body part treated. Place names hold some of these
# ("Liverpool", "Braintree"), so only reminders are judged by them, never an address.
GIVEAWAY_WORDS = re.compile(
    rf"\b(?:{_TREATMENT}"
    r"|treatment|treated|fraction|hyperfract|dibh|breath\W?hold|mask\b|planning scan|enema|catheter"
    r"|bladder|bowel|prostat|breast|lung|rect(?:um|al)|pelvi|cervi[xc]|vagin|womb|uter|ovar|testic|brain|spin(?:e|al)"
    r"|liver|pancrea|stomach|o?esophag|throat|laryn|tongue)",
    re.IGNORECASE)


def names_giveaway(text: str) -> bool:
    """Whether `text` names the treatment, a technique, a diagnosis or the part of the body treated."""
    return GIVEAWAY_WORDS.search(text) is not None
