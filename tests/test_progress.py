"""The ingest progress line: its ETA rests on measured work, never on start-up or skips."""

from __future__ import annotations

import io

from kg.progress import Progress, TerminalProgress, eta_seconds, format_eta


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_eta_is_unknown_before_a_rate_is_measured():
    assert eta_seconds(total=100, done=1, timed_items=0, timed_seconds=0.0) is None
    assert format_eta(None) == "--:--:--"


def test_slow_start_up_does_not_inflate_the_eta():
    # 900 files; the first takes 2.5 s (reference data, worker start), then 0.01 s each:
    # click's bar said ~37 minutes at this point, the truth is ~9 s.
    clock = FakeClock()
    p = Progress(total=900, clock=clock)
    clock.now = 2.5
    p.step()
    for _ in range(150):
        clock.now += 0.01
        p.step()
    eta = p.eta()
    assert eta is not None and 7.0 < eta < 8.0


def test_skipped_files_count_as_done_but_not_in_the_rate():
    clock = FakeClock()
    p = Progress(total=1000, clock=clock)
    p.skip(900)  # unchanged files, skipped in one jump
    p.step()
    for _ in range(20):
        clock.now += 0.1
        p.step()
    assert p.done == 921
    assert abs(p.eta() - 79 * 0.1) < 1e-6


def test_finished_work_has_zero_eta_and_a_full_bar():
    p = Progress(total=3)
    p.step(3)
    assert p.eta() == 0.0
    assert "3/3" in p.line() and "100%" in p.line() and "00:00:00" in p.line()


def test_terminal_progress_ends_its_line():
    out = io.StringIO()
    with TerminalProgress(2, "ingest", stream=out) as bar:
        bar.step()
        bar.step()
    assert out.getvalue().endswith("\n") and "2/2" in out.getvalue()
