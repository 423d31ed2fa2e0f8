"""A coordinator types the clinic's city ('Chicago', 'new york') or a zone in the wrong case ('europe/london') where an
IANA zone is asked for: the refusal names the one zone meant, so they need not guess the region's folder; a name
that matches no zone, or several, is refused as before."""

from __future__ import annotations

import pytest

from planner.core.errors import Field, InputError
from planner.core.zones import zone


@pytest.mark.parametrize("typed, meant", [
    ("Chicago", "America/Chicago"),
    ("new york", "America/New_York"),
    ("europe/london", "Europe/London"),
])
def test_the_one_zone_meant_is_named(typed, meant):
    with pytest.raises(InputError) as refused:
        zone(Field.TZ, typed)
    assert refused.value.reason == f"'{typed}' is not an IANA time zone: write it as '{meant}'"


def test_no_match_is_refused_as_before():
    with pytest.raises(InputError) as refused:
        zone(Field.TZ, "Mars/Olympus")
    assert refused.value.reason == "'Mars/Olympus' is not an IANA time zone (e.g. Europe/London, America/New_York)"
