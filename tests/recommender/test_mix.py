"""The mix engine: clusters of liked songs each contribute; nothing liked or excluded."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from recommender.catalog.text import normalize, primary_artist
from recommender.ranking.mix import cluster_count, kmeans, quotas
from tests.support.synthetic import cluster_of


def tid(cluster: int, i: int) -> str:
    return f"{cluster:02d}{i:02d}".ljust(22, "x")


def test_kmeans_separates_groups_that_are_far_apart():
    rng = np.random.default_rng(1)
    points = np.vstack([rng.normal(c * 10, 0.5, size=(40, 3)) for c in range(3)])
    labels = kmeans(points, 3)
    for group in range(3):
        assert len(set(labels[group * 40 : (group + 1) * 40])) == 1
    assert len(set(labels)) == 3


def test_quotas_add_up_to_k_and_give_every_cluster_a_song():
    assert quotas([90, 5, 5], 10) == [8, 1, 1]
    assert sum(quotas([3, 3, 3, 3, 3], 3)) == 3
    assert quotas([1], 7) == [7]
    assert cluster_count(1, 10) == 1 and cluster_count(500, 10) == 4 and cluster_count(9, 2) == 2


def test_likes_in_two_styles_give_a_mix_of_both_each_pick_naming_a_like_of_its_style(
    synthetic_rec,
):
    liked = [tid(0, i) for i in (1, 2, 3, 4)] + [tid(2, i) for i in (1, 2, 3, 4)]
    made = synthetic_rec.mix(liked, k=8)
    assert made.clusters >= 2  # about √8 groups: a style may be split, never merged
    styles = Counter(cluster_of(p.recommendation.track.track_id) for p in made.picks)
    assert styles == {0: 4, 2: 4}  # each style its share, nothing from the styles between
    for pick in made.picks:
        assert pick.because.track_id in liked
        assert cluster_of(pick.because.track_id) == cluster_of(pick.recommendation.track.track_id)


def test_a_mix_never_holds_a_liked_excluded_or_left_out_song(synthetic_rec):
    liked = [tid(1, i) for i in range(12)]
    excluded = {tid(1, i) for i in range(12, 18)}
    made = synthetic_rec.mix(liked, k=10, exclude_tracks=excluded, exclude_artists=["Band 1-9"])
    picked = [p.recommendation.track for p in made.picks]
    assert len(picked) == 10 and len({t.track_id for t in picked}) == 10
    assert not {t.track_id for t in picked} & (set(liked) | excluded)
    assert "Band 1-9" not in {t.artist for t in picked}
    per_artist = Counter(normalize(primary_artist(t.artist)) for t in picked)
    assert max(per_artist.values()) <= 2


def test_a_mix_within_a_genre_holds_only_that_genre(synthetic_rec):
    made = synthetic_rec.mix([tid(0, 1), tid(0, 2)], k=5, genre="rap")
    assert made.picks and all("rap" in p.recommendation.track.genres for p in made.picks)


def test_liked_songs_a_rebuilt_catalog_dropped_are_reported_not_dropped(synthetic_rec):
    made = synthetic_rec.mix(["gone-from-catalog", tid(3, 1)], k=3)
    assert made.missing == ("gone-from-catalog",)
    assert len(made.picks) == 3
    assert synthetic_rec.mix(["gone-from-catalog"], k=3).picks == ()


def test_serving_a_mix_never_imports_scikit_learn(synthetic_index):
    code = (
        "import sys; from recommender import Recommender; "
        f"rec = Recommender.load({str(synthetic_index)!r}); "
        "assert rec.mix([rec.tracks.ids[0], rec.tracks.ids[60]], k=5).picks; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_mix_from_half_a_real_playlist_is_full_and_new(real_rec):
    catalog = real_rec.catalog
    playlist = catalog["playlists"].str.split("|").explode().value_counts().index[0]
    members = catalog.loc[catalog["playlists"].str.contains(playlist, regex=False), "track_id"]
    liked = members.tolist()[::2]
    made = real_rec.mix(liked, k=10)
    picked = [p.recommendation.track.track_id for p in made.picks]
    assert len(picked) == 10 == len(set(picked))
    assert not set(picked) & set(liked)
    assert made.clusters == cluster_count(len(liked), 10)


def test_a_mix_takes_a_mood_and_a_popularity_band_like_any_list(real_rec):
    catalog = real_rec.catalog
    playlist = catalog["playlists"].str.split("|").explode().value_counts().index[0]
    liked = catalog.loc[catalog["playlists"].str.contains(playlist, regex=False), "track_id"]
    liked = liked.tolist()[::2]

    def mean_of(made, column):
        values = [
            catalog.loc[catalog["track_id"] == p.recommendation.track.track_id, column].iloc[0]
            for p in made.picks
        ]
        return float(np.mean(values))

    calm, energetic = (real_rec.mix(liked, k=10, mood=m) for m in ("calm", "energetic"))
    assert mean_of(energetic, "energy") > mean_of(calm, "energy") + 0.1
    deep, mainstream = (real_rec.mix(liked, k=10, popularity=p) for p in ("deep", "mainstream"))
    assert mean_of(mainstream, "popularity") > mean_of(deep, "popularity") + 20
    assert all(len(m.picks) == 10 for m in (calm, energetic, deep, mainstream))
