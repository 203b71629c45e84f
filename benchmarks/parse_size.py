"""Parse time against input size: is the parser linear on any input?

Run on demand (not part of the tests):

    python benchmarks/parse_size.py [--sizes 1K,4K,16K,64K,256K,1M] [--families real-en,titles]
                                    [--budget 120] [--profile FAMILY:SIZE]

For each family of texts — real readouts (the bundled ones concatenated) and
pathological ones that once made the parser quadratic (runs of titles, one
long hyphenated name, "X and Y" chains, capitalised words, one endless
sentence) — the script parses texts of growing size and prints the time and
the growth ratio between consecutive sizes next to the size ratio: a linear
parser grows by about the size ratio (x4 for each quadrupling), a quadratic
one by its square (x16). Timings are the best of a few runs in CPU seconds of
this process (one core), less disturbed than wall time by other work on the
machine; the ratios within one run are what to compare across machines. Sizes
are in characters. A family stops growing once one parse takes more than
`--budget` seconds. The texts are defined in tests/test_fuzz.py (PATHOLOGICAL),
where a test checks that the parser's work (function calls) grows linearly.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

from kg.parse import parse
from kg.readout import Readout
from kg.refdata import refdata

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.test_fuzz import PATHOLOGICAL as FAMILIES  # noqa: E402  (one home for the texts)
from tests.test_fuzz import pathological_readout  # noqa: E402

SIZES = {"1K": 1_000, "4K": 4_000, "16K": 16_000, "64K": 64_000, "256K": 256_000,
         "1M": 1_000_000}


def _time(readout: Readout, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()  # CPU time: other processes on a shared machine matter less
        parse(readout)
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=",".join(SIZES), help="comma-separated, from " +
                    ", ".join(SIZES))
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--budget", type=float, default=120.0,
                    help="stop a family after a parse slower than this (seconds)")
    ap.add_argument("--repeats", type=int, default=3, help="best of this many parses")
    ap.add_argument("--profile", metavar="FAMILY:SIZE", help="cProfile one parse and exit")
    args = ap.parse_args()

    refdata()
    parse(pathological_readout("real-en", 20_000))
    parse(pathological_readout("real-fr", 20_000))  # gazetteers built before timing
    if args.profile:
        fam, size = args.profile.split(":")
        r = pathological_readout(fam, SIZES[size])
        prof = cProfile.Profile()
        prof.runcall(parse, r)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        return
    sizes = [s for s in args.sizes.split(",") if s]
    print(f"{'family':14}" + "".join(f"{s:>14}" for s in sizes))
    print(f"{'':14}" + "".join(f"{'s (growth)':>14}" for _ in sizes))
    worst = 0.0
    for fam in args.families.split(","):
        cells: list[str] = []
        prev: tuple[int, float] | None = None
        for s in sizes:
            n = SIZES[s]
            if prev is not None and prev[1] * (n / prev[0]) ** 2 > args.budget * 4:
                cells.append(f"{'skipped':>14}")
                continue
            t = _time(pathological_readout(fam, n), repeats=args.repeats)
            if prev is None:
                cells.append(f"{t:14.4f}")
            else:
                growth = t / prev[1]
                worst = max(worst, growth / (n / prev[0]))
                cells.append(f"{t:7.3f} (x{growth:4.1f})".rjust(14))
            prev = (n, t)
            if t > args.budget:
                break
        print(f"{fam:14}" + "".join(cells), flush=True)
    print(f"size ratio per column: x{SIZES[sizes[1]] // SIZES[sizes[0]] if len(sizes) > 1 else 1}"
          f"; worst growth / size ratio: {worst:.2f} (1.0 = linear, about 1.1-1.3 with noise "
          "and n log n parts)")


if __name__ == "__main__":
    main()
