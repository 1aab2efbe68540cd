"""SIGTERM during a burst (Docker's stop, a rolling restart): a real signal to a real process
running the bot's own stop path. Every acknowledged interaction gets its answer or is told to
try again, new ones are told to try again, and the process exits 0 within Docker's 10 s."""

from __future__ import annotations

from benchmarks.stop_burst import measure


def test_sigterm_mid_burst_answers_every_acknowledged_interaction_and_exits_0(real_index, tmp_path):
    report = measure(real_index, interactions=200, signal_after=0.2, work=tmp_path)
    assert report["returncode"] == 0 and report["exit_code"] == 0
    assert report["seconds_to_exit"] < 10
    assert report["acknowledged"] == report["commands"] >= 100
    assert report["acknowledged_unanswered"] == 0
    # Members kept coming while it stopped: each was told to try again, none left waiting.
    assert report["late_commands"] >= 1
    assert report["late_commands_told_to_retry"] == report["late_commands"]


def test_work_still_running_when_the_grace_ends_is_told_to_try_again(real_index, tmp_path):
    report = measure(real_index, interactions=200, signal_after=0.0, grace=0.0, work=tmp_path)
    assert report["returncode"] == 0
    assert report["seconds_to_exit"] < 10
    assert report["acknowledged_unanswered"] == 0
    # Cut short, not dropped: more were told to retry than arrived after the signal.
    assert report["told_to_retry"] > report["late_commands"]
