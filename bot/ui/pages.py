"""A page source for lists of songs: it holds the query and its results and renders page N;
the view that pages through it only knows buttons."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import discord

from bot.ui import embeds
from recommender import Query, Recommendation, Recommendations

Fetch = Callable[[Query], Awaitable[Recommendations]]
PAGES = 4  # pages fetched up front, so paging is instant and every page stays as first seen


@dataclass(frozen=True)
class Catalog:
    """What the footer says about the catalog being served."""

    name: str
    size: int


@dataclass(frozen=True)
class SongPages:
    query: Query  # as asked, `count` songs per page
    result: Recommendations  # PAGES pages of results, fetched once
    catalog: Catalog
    fetch: Fetch  # runs a query off the event loop; for starting over from a listed song

    @classmethod
    async def start(cls, query: Query, catalog: Catalog, fetch: Fetch) -> SongPages:
        result = await fetch(dataclasses.replace(query, k=query.k * PAGES))
        return cls(query, result, catalog, fetch)

    @property
    def count(self) -> int:
        return self.query.k

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.result.items) // self.count))

    def items(self, page: int) -> tuple[Recommendation, ...]:
        start = page * self.count
        return self.result.items[start : start + self.count]

    def first_number(self, page: int) -> int:
        return page * self.count + 1

    def embed(self, page: int) -> discord.Embed:
        result = self.result
        return embeds.similar_embed(
            self.items(page),
            seed=result.seed,
            seed_summary=result.summary,
            genre=result.genre,
            first_number=self.first_number(page),
            page=page + 1,
            pages=self.pages,
            alternatives=result.alternatives,
            catalog=self.catalog.name,
            catalog_size=self.catalog.size,
            seed_names=(*(s.track.name for s in result.seeds), *result.artists),
            steering=result.steering,
        )

    async def like(self, track_id: str) -> SongPages:
        """The same search started over from `track_id` (genre, mood, band and count kept)."""
        return await SongPages.start(started_from(self.query, track_id), self.catalog, self.fetch)


def started_from(query: Query, track_id: str) -> Query:
    """`query` started over from one song: its seeds (songs and artists) give way to it."""
    return dataclasses.replace(query, seeds=(track_id,), artists=())
