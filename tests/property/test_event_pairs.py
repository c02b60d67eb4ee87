"""The event grouping scores every pair at once (matrices); each score must be the one the plain
pairwise function gives, dates that rule one happening out included."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from warta.cluster import Profile
from warta.config import EventConfig
from warta.events import EventMember, _pair_score, pair_scores

CFG = EventConfig()
TERMS = [f"t{i}" for i in range(12)]
NAMES = [f"nama {i}" for i in range(6)]
DAYS = [None, "2023-07-25", "2023-07-26", "2023-07-27", "2023-07-30", "2023-08-10"]


def unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {k: w / norm for k, w in weights.items()} if norm else {}


@st.composite
def members(draw: st.DrawFn) -> EventMember:
    terms = draw(st.dictionaries(st.sampled_from(TERMS), st.floats(0.05, 1.0), max_size=8))
    names = draw(st.dictionaries(st.sampled_from(NAMES), st.floats(0.1, 3.0), max_size=4))
    day = draw(st.sampled_from(DAYS))
    happened = draw(st.sampled_from(DAYS))
    ahead = day is not None and happened is not None and happened > day
    n = draw(st.integers(0, 10**6))
    return EventMember(f"a{n}", day, day, Profile(unit(terms), names), None, ahead, happened)


@settings(max_examples=60, deadline=None)
@given(st.lists(members(), min_size=2, max_size=9))
def test_every_pair_scored_at_once_is_scored_as_one_pair_at_a_time(group: list[EventMember]) -> None:
    value, apart = pair_scores(group, CFG)
    for i in range(len(group)):
        for j in range(i + 1, len(group)):
            expected = _pair_score(group[i], group[j], CFG)
            if expected is None:
                assert apart[i, j], (i, j)
            else:
                assert not apart[i, j], (i, j)
                assert math.isclose(value[i, j], expected, abs_tol=1e-9), (i, j, value[i, j], expected)
