"""/blend and /privacy through discord.py's own command tree, on a real SQLite file: consent
enforced (standing and one-time), whom each song is for, nobody's dislikes, /forget removing
consent, and bad input answered privately."""

from __future__ import annotations

import sqlite3

from bot.cogs.blend.ask import Person
from bot.cogs.blend.handlers import BlendReplies
from bot.storage import Verdict
from tests.support.bot import ALICE, BOB, restarted_bot, tid
from tests.support.discord_driver import (
    command_payload,
    component_payload,
    dispatch,
    user_payload,
    wait_for,
)
from tests.support.synthetic import cluster_of

CAROL, ROBOT = 303, 404


def blend_payload(user_id: int, members: dict[str, int], bots=(), **options) -> dict:
    """/blend as Discord sends it: each member option a user id, the users resolved."""
    payload = command_payload("blend", user_id=user_id, **options)
    data = payload["data"]
    users = {}
    for option, member in members.items():
        data["options"].append({"name": option, "type": 6, "value": str(member)})
        users[str(member)] = {**user_payload(member, f"m{member}"), "bot": member in bots}
    data["resolved"] = {"users": users}
    return payload


async def send(bot, adapter, payload):
    await dispatch(bot, payload)
    return (await wait_for(adapter, payload))[0]


async def say(bot, adapter, name, user_id=ALICE, **options):
    return await send(bot, adapter, command_payload(name, user_id=user_id, **options))


async def press(bot, adapter, sent, label, user_id):
    button = next(c for c in sent.components if c.get("label") == label)
    return await send(
        bot, adapter, component_payload(sent.message_id, button["custom_id"], user_id)
    )


async def likes(bot, member: int, cluster: int, count: int = 6) -> None:
    for i in range(count):
        await bot.tastes.set_verdict(member, tid(cluster, i), f"song {i}", Verdict.LIKE)


def listed(sent) -> list[str]:
    lines = sent.embeds[0]["description"].split("\n\n", 1)[-1].splitlines()
    return [line.split("/track/")[1][:22] for line in lines if "/track/" in line]


def consent_rows(bot, member: int) -> list[tuple]:
    with sqlite3.connect(bot.settings.database_file) as db:
        return db.execute(
            "SELECT scope, allowed FROM blend_consent WHERE member_id = ?", (member,)
        ).fetchall()


async def test_a_member_who_never_allowed_it_is_named_and_their_press_makes_the_blend(bot, adapter):
    await likes(bot, ALICE, 0)
    await likes(bot, BOB, 3)
    waiting = await send(bot, adapter, blend_payload(ALICE, {"with": BOB}, count=6))
    assert not waiting.ephemeral and not waiting.embeds  # the channel sees who it waits for
    assert waiting.content.startswith(f"Waiting for <@{BOB}>: their likes join")
    assert [c["label"] for c in waiting.components] == ["Allow this blend"]

    outsider = await press(bot, adapter, waiting, "Allow this blend", CAROL)
    assert outsider.ephemeral and "for the members the blend waits for" in outsider.content
    assert consent_rows(bot, CAROL) == []

    made = await press(bot, adapter, waiting, "Allow this blend", BOB)
    assert consent_rows(bot, BOB) == [(f"{ALICE}:{BOB}", 1)]  # this blend only
    description = made.embeds[0]["description"]
    assert f"for <@{ALICE}>" in description and f"for <@{BOB}>" in description
    clusters = {cluster_of(t) for t in listed(made)}
    assert clusters == {0, 3}  # each member's sound, not the average between them

    # Allowed once for Alice's blend, not for Carol's.
    await likes(bot, CAROL, 5)
    other = await send(bot, adapter, blend_payload(CAROL, {"with": BOB}))
    assert other.content.startswith(f"Waiting for <@{BOB}>:")


async def test_privacy_allow_lets_likes_join_and_nobodys_dislikes_are_listed(bot, adapter):
    await likes(bot, ALICE, 0)
    await likes(bot, BOB, 3)
    await likes(bot, CAROL, 5)
    hidden = [tid(3, 10), tid(0, 10)]
    await bot.tastes.set_verdict(BOB, hidden[0], "", Verdict.DISLIKE)
    await bot.tastes.set_verdict(CAROL, hidden[1], "", Verdict.DISLIKE)
    for member in (BOB, CAROL):
        allowed = await say(bot, adapter, "privacy", user_id=member, blends="allow")
        assert allowed.ephemeral and allowed.content.startswith("Your likes may join")
    made = await send(bot, adapter, blend_payload(ALICE, {"with": BOB, "with2": CAROL}, count=9))
    songs = listed(made)
    assert len(songs) == 9 and not set(songs) & set(hidden)
    assert {cluster_of(t) for t in songs} == {0, 3, 5}
    # Denying takes the likes out again.
    await say(bot, adapter, "privacy", user_id=CAROL, blends="deny")
    again = await send(bot, adapter, blend_payload(ALICE, {"with": BOB, "with2": CAROL}))
    assert again.content.startswith(f"Waiting for <@{CAROL}>:") and f"<@{BOB}>" not in again.content


async def test_forget_removes_the_blend_permission(bot, adapter):
    await likes(bot, ALICE, 0)
    await likes(bot, BOB, 3)
    await say(bot, adapter, "privacy", user_id=BOB, blends="allow")
    assert consent_rows(bot, BOB) == [("*", 1)]
    prompt = await say(bot, adapter, "forget", user_id=BOB)
    done = await press(bot, adapter, prompt, "Delete everything", BOB)
    assert "Your blend permission is gone too." in (done.data.get("content") or "")
    assert consent_rows(bot, BOB) == []
    await likes(bot, BOB, 3)
    waiting = await send(bot, adapter, blend_payload(ALICE, {"with": BOB}))
    assert waiting.content.startswith(f"Waiting for <@{BOB}>:")


async def test_forget_with_only_a_permission_stored_deletes_it(bot, adapter):
    await say(bot, adapter, "privacy", user_id=BOB, blends="deny")
    done = await say(bot, adapter, "forget", user_id=BOB)
    assert done.ephemeral and "deleted your blend permission" in done.content
    assert consent_rows(bot, BOB) == []


async def test_bad_members_are_answered_privately(bot, adapter):
    await likes(bot, ALICE, 0)
    robot = await send(bot, adapter, blend_payload(ALICE, {"with": ROBOT}, bots=(ROBOT,)))
    assert robot.ephemeral and robot.content.startswith("Bots have no likes")
    itself = await send(bot, adapter, blend_payload(ALICE, {"with": ALICE}))
    assert itself.ephemeral and "use `/mix`" in itself.content
    await say(bot, adapter, "privacy", user_id=BOB, blends="allow")
    empty = await send(bot, adapter, blend_payload(ALICE, {"with": BOB}))
    assert empty.ephemeral and f"No liked songs yet from <@{BOB}>" in empty.content
    assert not empty.embeds


async def test_six_members_are_refused_in_one_line(bot):
    replies = BlendReplies(bot.likes)
    others = [Person(m, f"@m{m}") for m in range(2, 7)]
    reply = await replies.blend(Person(1, "@me"), others)
    assert reply.ephemeral and reply.content == (
        "A blend is for you and up to 4 members; leave some out."
    )


def test_the_console_blends_with_another_local_member_by_name(synthetic_index, tmp_path):
    from tests.bot.test_taste_console import console

    db = tmp_path / "members.db"
    console(
        synthetic_index, db, "/like song:golden heart 01", "/like song:golden heart 02", user="bob"
    )
    waiting = console(synthetic_index, db, "/like song:blue river 03", "/blend with:bob count:4")
    assert "Waiting for @bob: their likes join a blend only if they allow it." in waiting
    console(synthetic_index, db, "/privacy blends:allow", user="bob")
    made = console(synthetic_index, db, "/blend with:bob count:4", "next")
    assert "A blend for 2 members" in made and "for @bob" in made and "for @ada" in made
    assert "page 2/4" in made
    alone = console(synthetic_index, db, "/blend with:bob", user=None)
    assert "/blend remembers you: start the console with --user NAME" in alone


async def test_a_blends_pages_and_export_answer_after_a_restart(bot, synthetic_rec, adapter):
    await likes(bot, ALICE, 0)
    await likes(bot, BOB, 3)
    await say(bot, adapter, "privacy", user_id=BOB, blends="allow")
    made = await send(bot, adapter, blend_payload(ALICE, {"with": BOB}, count=3))
    assert "page 1/4" in made.embeds[0]["footer"]["text"]
    before = await press(bot, adapter, made, "Next ▶", ALICE)
    await bot.close()

    again = await restarted_bot(bot.settings, synthetic_rec)
    try:
        after = await press(again, adapter, made, "Next ▶", ALICE)
        by_bob = await press(again, adapter, made, "Next ▶", BOB)  # any member of the blend
        outsider = await press(again, adapter, made, "Next ▶", CAROL)
        export = await press(again, adapter, made, "Export", BOB)
        await say(again, adapter, "privacy", user_id=BOB, blends="deny")
        denied = await press(again, adapter, made, "Next ▶", ALICE)
    finally:
        await again.close()
    assert "page 2/4" in after.embeds[0]["footer"]["text"]
    assert after.embeds == before.embeds == by_bob.embeds  # the same blend, run again
    assert listed(after) and not set(listed(after)) & set(listed(made))
    assert outsider.ephemeral and "for the members of this blend" in outsider.content
    assert export.ephemeral and export.content.startswith("The blend: a table")
    table = next(data for name, data in export.contents.items() if name.endswith(".csv"))
    assert len(table.decode().strip().splitlines()) == 1 + 12  # a header, every page's songs
    assert set(listed(made)) <= {
        line.split("/track/")[1][:22] for line in table.decode().splitlines()[1:]
    }
    # Bob no longer allows blends: the old message's buttons stop using his likes.
    assert denied.ephemeral and denied.content.startswith("Not everyone in this blend allows it")


async def test_a_page_press_shows_the_blend_as_the_members_likes_are_now(bot, adapter):
    await likes(bot, ALICE, 0)
    await likes(bot, BOB, 3)
    await say(bot, adapter, "privacy", user_id=BOB, blends="allow")
    made = await send(bot, adapter, blend_payload(ALICE, {"with": BOB}, count=3))
    before = await press(bot, adapter, made, "Next ▶", ALICE)
    again = await press(bot, adapter, made, "Next ▶", ALICE)
    assert again.embeds == before.embeds
    await likes(bot, BOB, 5, count=12)  # Bob's taste moves: the blend follows it
    after = await press(bot, adapter, made, "Next ▶", ALICE)
    assert "page 2/4" in after.embeds[0]["footer"]["text"]
    assert 5 not in {cluster_of(t) for t in listed(before)}
    assert 5 in {cluster_of(t) for t in listed(after)}


def test_the_blends_button_ids_fit_discords_limit_for_five_members_and_any_mood():
    import discord

    from bot.cogs.blend.ask import BlendAsk
    from bot.cogs.blend.view import AllowView, BlendView
    from recommender.ranking.moods import mood_names

    biggest = 2**63 - 1  # a Discord id is a 64-bit snowflake
    for mood in mood_names():
        ask = BlendAsk(biggest, (biggest - 1, biggest - 2, biggest - 3, biggest - 4), 25, mood)
        views = [
            BlendView(lambda page: discord.Embed(), 4, ask, dict, "", page) for page in range(4)
        ] + [AllowView(ask)]
        ids = [item.custom_id for view in views for item in view.children]  # type: ignore[attr-defined]
        assert len(ids) == 4 * 3 + 1 and max(map(len, ids)) <= 100
