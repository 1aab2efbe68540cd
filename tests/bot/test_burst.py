"""A burst of interactions is answered in full (timings: `python -m benchmarks.bot_burst`)."""

from benchmarks.bot_burst import run_burst
from bot.host.settings import Settings


async def test_a_burst_of_200_interactions_is_all_acknowledged_and_answered(real_rec, tmp_path):
    report = await run_burst(Settings(index_dir=tmp_path / "index"), real_rec, 200)
    assert report["interactions"] == 200
    assert report["commands_acknowledged_within_3s"] == report["commands"] == 100
    # Every interaction is answered, or (an autocomplete on a starved machine) knowingly skipped.
    assert report["answered"] + report["skipped_too_late"] == 200
