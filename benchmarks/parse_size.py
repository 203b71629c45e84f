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
machine; the ratios within one run are what to compare across machines. A family stops growing
once one parse takes more than `--budget` seconds in total.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import time
from collections.abc import Callable
from pathlib import Path

from kg.parse import parse
from kg.readout import Readout
from kg.refdata import refdata

ROOT = Path(__file__).resolve().parent.parent
READOUTS = ROOT / "data" / "readouts"


def _repeat(unit: Callable[[random.Random], str], size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    n = 0
    while n < size:
        piece = unit(rng)
        parts.append(piece)
        n += len(piece.encode("utf-8"))
    return "".join(parts)[:size]


def _bundled(lang: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(READOUTS.glob("*.txt"))
                     if f"-{lang}-" in p.name or p.name.startswith(f"{lang}-"))


_TITLES = ["President", "Prime Minister", "Foreign Minister", "Vice President",
           "Minister of State for External Affairs", "Secretary-General", "Ambassador",
           "State Councilor", "Deputy Prime Minister"]
_NAMES = ["Wang", "Yi", "Sergei", "Lavrov", "Jean-Yves", "Le", "Drian", "Kulubaev", "Blinken",
          "Jaishankar", "Baerbock", "Colonna", "Modi", "Lula", "Xi", "Jinping"]
_WORDS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
          "Juliet", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa"]


def _real(lang: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        text = _bundled(lang)
        return (text + "\n") * (size // len(text.encode("utf-8")) + 1)
    return lambda size: make(size)[:size]


FAMILIES: dict[str, tuple[str, Callable[[int], str]]] = {
    "real-en": ("en", _real("en")),
    "real-fr": ("fr", _real("fr")),
    "titles": ("en", lambda n: _repeat(lambda r: r.choice(_TITLES) + " ", n)),
    "hyphen": ("en", lambda n: "Foreign Minister " + _repeat(
        lambda r: r.choice(_NAMES) + "-", n) + " met Wang Yi."),
    "and-chain": ("en", lambda n: _repeat(
        lambda r: f"{r.choice(_NAMES)} {r.choice(_NAMES)} and ", n)),
    "capitals": ("en", lambda n: _repeat(lambda r: r.choice(_WORDS) + " ", n)),
    "one-sentence": ("en", lambda n: "President Xi Jinping met " + _repeat(
        lambda r: r.choice(("the minister ", "and discussed ", "relations with ", "in Beijing ",
                            "on 5 May 2023 ", "Foreign Minister Wang Yi ", "said that ")), n)
        + "."),
    "titled-names": ("en", lambda n: _repeat(
        lambda r: f"{r.choice(_TITLES)} {r.choice(_NAMES)} {r.choice(_NAMES)}, ", n)),
    "fr-titles": ("fr", lambda n: _repeat(lambda r: r.choice(
        ("le président ", "le ministre des Affaires étrangères ", "son homologue ",
         "M. Wang Yi ", "a rencontré ", "et ")), n)),
}

SIZES = {"1K": 1_000, "4K": 4_000, "16K": 16_000, "64K": 64_000, "256K": 256_000,
         "1M": 1_000_000}


def _readout(text: str, lang: str) -> Readout:
    import datetime as dt
    return Readout(id="bench", path="bench.txt", text=text, lang=lang, sha256="",
                   published=dt.date(2025, 4, 25), publisher="Ministry of Foreign Affairs")


def _time(text: str, lang: str, repeats: int) -> float:
    r = _readout(text, lang)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()  # CPU time: other processes on a shared machine matter less
        parse(r)
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=",".join(SIZES), help="comma-separated, from " +
                    ", ".join(SIZES))
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--budget", type=float, default=120.0,
                    help="stop a family after a parse slower than this (seconds)")
    ap.add_argument("--profile", metavar="FAMILY:SIZE", help="cProfile one parse and exit")
    args = ap.parse_args()

    refdata()
    parse(_readout(_bundled("en"), "en"))
    parse(_readout(_bundled("fr"), "fr"))  # gazetteers built before timing
    if args.profile:
        fam, size = args.profile.split(":")
        lang, make = FAMILIES[fam]
        r = _readout(make(SIZES[size]), lang)
        prof = cProfile.Profile()
        prof.runcall(parse, r)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        return
    sizes = [s for s in args.sizes.split(",") if s]
    print(f"{'family':14}" + "".join(f"{s:>14}" for s in sizes))
    print(f"{'':14}" + "".join(f"{'s (growth)':>14}" for _ in sizes))
    worst = 0.0
    for fam in args.families.split(","):
        lang, make = FAMILIES[fam]
        cells: list[str] = []
        prev: tuple[int, float] | None = None
        for s in sizes:
            n = SIZES[s]
            if prev is not None and prev[1] * (n / prev[0]) ** 2 > args.budget * 4:
                cells.append(f"{'skipped':>14}")
                continue
            t = _time(make(n), lang, repeats=3 if n <= 64_000 else 1)
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
