"""A burst of interactions is answered in full (timings are printed by `python -m bot bench`)."""

from benchmarks.bot_burst import run_burst
from bot.settings import Settings


async def test_a_burst_of_200_interactions_is_all_answered(real_rec, tmp_path):
    report = await run_burst(Settings(index_dir=tmp_path / "index"), real_rec, 200)
    assert report["interactions"] == 200
    assert report["answered"] == 200
