"""A catalog without popularity, album, year or duration: a popularity band is refused in
words (CLI, /similar, /mix, in the member's language) instead of quietly ignored, and
`features` / /features say "unknown" instead of printing None or "?:??"."""

from __future__ import annotations

import pytest

from recommender import Query, Recommender
from recommender.cli.commands import main
from recommender.errors import InvalidQueryError
from recommender.store.opening import build
from tests.support import synthetic
from tests.support.bot import run, started_bot
from tests.support.discord_driver import command_payload

LACKING = ["track_popularity", "track_album_name", "track_album_release_date", "duration_ms"]


@pytest.fixture(scope="module")
def bare_index(tmp_path_factory):
    directory = tmp_path_factory.mktemp("bare")
    source = directory / "bare.csv"
    synthetic.frame().drop(columns=LACKING).to_csv(source, index=False)
    build(str(source), directory / "index", n_trees=5)
    return directory / "index"


@pytest.fixture(scope="module")
def bare_rec(bare_index) -> Recommender:
    return Recommender.load(bare_index)


@pytest.mark.parametrize("band", ["mainstream", "deep"])
def test_a_popularity_band_without_popularity_is_refused_not_ignored(bare_rec, band):
    with pytest.raises(InvalidQueryError, match="no popularity"):
        bare_rec.recommend(Query(seeds=("blue river 00",), popularity=band))
    assert len(bare_rec.recommend(Query(seeds=("blue river 00",), popularity="any")).items)


def test_the_cli_says_the_catalog_has_no_popularity(bare_index, capsys):
    args = ["similar", "blue river 00", "--popularity", "deep", "--index-dir", str(bare_index)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert (
        err.strip() == "error: This catalog has no popularity, so a popularity band can't be used."
    )


def test_features_never_prints_none_for_what_the_catalog_lacks(bare_index, capsys):
    assert main(["features", "blue river 00", "--index-dir", str(bare_index)]) == 0
    out = capsys.readouterr().out
    assert "None" not in out and "?:??" not in out and "(," not in out
    assert "duration unknown · popularity unknown" in out
    assert main(["features", "blue river 00", "--json", "--index-dir", str(bare_index)]) == 0
    assert '"duration": null' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("command", "locale", "said"),
    [
        ("similar", "en-US", "This catalog has no popularity"),
        ("similar", "es-ES", "Este catálogo no tiene popularidad"),
        ("mix", "en-US", "This catalog has no popularity"),
        ("mix", "es-ES", "Este catálogo no tiene popularidad"),
    ],
)
async def test_the_bots_popularity_option_says_it_cannot(
    bare_rec, tmp_path, adapter, command, locale, said
):
    bot = await started_bot(bare_rec, tmp_path, cooldown_rate=0)
    try:
        options = {"song": "blue river 00"} if command == "similar" else {}
        if command == "mix":  # a mix starts from the member's likes
            await run(bot, adapter, command_payload("like", song="blue river 00"))
        payload = command_payload(command, popularity="deep", **options)
        payload["locale"] = locale
        sent = await run(bot, adapter, payload, count=1)
        text = " ".join(s.content or "" for s in sent)
        assert said in text
        assert all(s.ephemeral for s in sent if s.content)
    finally:
        await bot.close()


async def test_features_embed_says_unknown_for_what_the_catalog_lacks(bare_rec, tmp_path, adapter):
    bot = await started_bot(bare_rec, tmp_path, cooldown_rate=0)
    try:
        payload = command_payload("features", song="blue river 00")
        sent = await run(bot, adapter, payload, count=2)
        fields = {f["name"]: f["value"] for f in sent[1].embeds[0]["fields"]}
        assert fields["Duration"] == fields["Popularity"] == fields["Album"] == "unknown"
        assert all("None" not in v and "?:??" not in v for v in fields.values())
    finally:
        await bot.close()
