"""Parse throughput: readouts per second per core, extraction alone and with RDF.

Run on demand (not part of the tests):

    python benchmarks/parse.py [--n 3000]

The bundled readouts are repeated to `--n` readouts (read from memory, so disk
speed is not measured). Speeds on a shared machine are noisy, so the script
also measures a baseline in the same run — folding and sentence-splitting the
same texts, the least any parser must do — and prints the ratio of each stage
to it, which is comparable across machines and runs. The target of the first
issue is 500 readouts/s/core for extraction.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg.lang import rules_for
from kg.parse import parse
from kg.rdf import extraction_to_graph
from kg.readout import read_readout
from kg.refdata import refdata
from kg.text import fold_text, split_sentences

ROOT = Path(__file__).resolve().parent.parent
TARGET = 500.0


def _time(fn, items, repeats: int) -> float:
    """Best-of-`repeats` seconds for running fn over all items (one core)."""
    best = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for it in items:
            fn(it)
        best.append(time.perf_counter() - t0)
    return min(best)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000, help="readouts to process per measurement")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    base = [read_readout(p) for p in sorted((ROOT / "data" / "readouts").glob("*.txt"))]
    readouts = [base[i % len(base)] for i in range(args.n)]
    t0 = time.perf_counter()
    refdata()
    for lang in {r.lang for r in base}:
        parse(next(r for r in base if r.lang == lang))  # builds the gazetteers once
    warm = time.perf_counter() - t0

    def baseline(r):
        fold_text(r.text)
        split_sentences(r.text, rules_for(r.lang).abbreviations)

    def with_rdf(r):
        extraction_to_graph(parse(r))

    t_base = _time(baseline, readouts, args.repeats)
    t_parse = _time(parse, readouts, args.repeats)
    t_rdf = _time(with_rdf, readouts, max(1, args.repeats - 1))
    words = statistics.mean(len(r.text.split()) for r in base)

    rows = [
        ("baseline (fold + split)", t_base),
        ("extraction", t_parse),
        ("extraction + RDF", t_rdf),
    ]
    print(f"{args.n} readouts ({len(base)} distinct, mean {words:.0f} words); "
          f"start-up (reference data + gazetteers) {warm:.2f} s")
    print(f"{'stage':26} {'readouts/s/core':>16} {'ms/readout':>11} {'x baseline':>11}")
    for name, t in rows:
        rate = args.n / t
        print(f"{name:26} {rate:16.0f} {1000 * t / args.n:11.2f} {t / t_base:11.1f}")
    rate = args.n / t_parse
    verdict = "meets" if rate >= TARGET else "misses"
    print(f"extraction {verdict} the target of {TARGET:.0f} readouts/s/core ({rate:.0f})")


if __name__ == "__main__":
    main()
