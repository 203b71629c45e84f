"""A progress line on a terminal with an ETA that tells the truth.

Why not `click.progressbar`: its ETA divides the time since the bar opened by
the items done so far. The first readout of an ingest also pays for loading
the reference data and starting the parser processes, and skipped (unchanged)
files arrive in one jump, so click showed "00:37:42" at 0 % for a 9 s job.
Here the rate is measured only over items that needed work, from the moment
the first of them finished (start-up excluded), and no ETA is shown until the
rate rests on at least a second and a few items.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

MIN_SECONDS = 1.0  # no ETA before the rate rests on this much time …
MIN_ITEMS = 3  # … and this many timed items


def eta_seconds(total: int, done: int, timed_items: int, timed_seconds: float) -> float | None:
    """Seconds left, from the rate of the timed items; None while that rate is not known."""
    if done >= total:
        return 0.0
    if timed_items < MIN_ITEMS or timed_seconds < MIN_SECONDS:
        return None
    return (total - done) * timed_seconds / timed_items


def format_eta(seconds: float | None) -> str:
    """`HH:MM:SS`, or `--:--:--` when unknown."""
    if seconds is None:
        return "--:--:--"
    s = int(round(seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


@dataclass
class Progress:
    """Counts items done; `skip(n)` for items that cost nothing (excluded from the rate)."""

    total: int
    label: str = ""
    clock: Callable[[], float] = time.monotonic
    done: int = 0
    _first: float | None = field(default=None, repr=False)
    _timed: int = field(default=0, repr=False)

    def skip(self, n: int) -> None:
        self.done += n

    def step(self, n: int = 1) -> None:
        """`n` items finished that needed work. The first one only starts the clock: its
        time includes start-up."""
        self.done += n
        if self._first is None:
            self._first = self.clock()
        else:
            self._timed += n

    def eta(self) -> float | None:
        elapsed = 0.0 if self._first is None else self.clock() - self._first
        return eta_seconds(self.total, self.done, self._timed, elapsed)

    def line(self, width: int = 30) -> str:
        frac = min(1.0, self.done / self.total) if self.total else 1.0
        filled = int(frac * width)
        bar = "#" * filled + "-" * (width - filled)
        return (f"{self.label}  [{bar}]  {self.done}/{self.total}  {frac:4.0%}  "
                f"ETA {format_eta(self.eta())}")


class TerminalProgress:
    """Draws a :class:`Progress` on a terminal at most every 0.2 s; nothing elsewhere."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.progress = Progress(total, label)
        self.stream = stream or sys.stderr
        self._drawn = 0.0

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._drawn >= 0.2:
            self._drawn = now
            self.stream.write("\r" + self.progress.line())
            self.stream.flush()

    def skip(self, n: int) -> None:
        self.progress.skip(n)
        self._draw()

    def step(self, n: int = 1) -> None:
        self.progress.step(n)
        self._draw()

    def __enter__(self) -> TerminalProgress:
        self._draw(force=True)
        return self

    def __exit__(self, *exc) -> None:
        self._draw(force=True)
        self.stream.write("\n")
        self.stream.flush()
