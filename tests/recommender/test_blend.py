"""`Recommender.blend`: songs for a group, each pick for the member served least so far."""

from __future__ import annotations

from collections import Counter

import pytest

from recommender import InvalidQueryError
from recommender.evaluation.blend import average_taste
from tests.support.bot import tid
from tests.support.synthetic import cluster_of


def likes_in(cluster: int, count: int = 8) -> list[str]:
    return [tid(cluster, i) for i in range(count)]


def test_each_member_gets_their_own_sound_where_the_average_serves_neither(synthetic_rec):
    group = [likes_in(0), likes_in(5)]
    made = synthetic_rec.blend(group, k=10)
    clusters = Counter(cluster_of(p.recommendation.track.track_id) for p in made.picks)
    assert clusters == {0: 5, 5: 5}
    assert made.served == (5, 5)
    # The centroid of the two tastes lies between them: its songs sound like neither.
    average = Counter(cluster_of(t) for t in average_taste(synthetic_rec, group, 10))
    assert not average.keys() & {0, 5}


def test_every_pick_names_whom_it_is_for_and_the_like_it_sounds_like(synthetic_rec):
    made = synthetic_rec.blend([likes_in(1), likes_in(3), likes_in(4)], k=9)
    assert len(made.picks) == 9 and made.clusters == (3, 3, 3)
    for pick in made.picks:
        member = pick.members[0]
        assert cluster_of(pick.recommendation.track.track_id) == (1, 3, 4)[member]
        assert cluster_of(pick.because[0].track_id) == (1, 3, 4)[member]


def test_nobodys_likes_dislikes_or_left_out_artists_and_two_per_artist(synthetic_rec):
    group = [likes_in(0, 4), likes_in(2, 4)]
    disliked = {tid(0, 10), tid(2, 10)}
    artist = synthetic_rec.track(tid(0, 11)).artist
    made = synthetic_rec.blend(group, k=20, exclude_tracks=disliked, exclude_artists={artist})
    listed = [p.recommendation.track for p in made.picks]
    assert len(listed) == 20
    assert not {t.track_id for t in listed} & (disliked | {t for g in group for t in g})
    assert artist not in {t.artist for t in listed}
    assert max(Counter(t.artist for t in listed).values()) <= 2


def test_a_member_without_likes_in_the_catalog_is_named_and_nothing_is_made(synthetic_rec):
    made = synthetic_rec.blend([likes_in(0), ["0" * 22]], k=5)
    assert made.picks == () and made.no_likes == (1,) and made.missing[1] == ("0" * 22,)


@pytest.mark.parametrize("members", [1, 6])
def test_a_blend_is_for_two_to_five_members(synthetic_rec, members):
    with pytest.raises(InvalidQueryError, match="A blend is for 2 to 5 members"):
        synthetic_rec.blend([likes_in(c % 6) for c in range(members)])
