"""Calibrate the parser's rules: the precision of the facts each one produces, against gold.

    python scripts/calibrate_confidence.py            # measure, write ontology/kg.ttl, print
    python scripts/calibrate_confidence.py --check    # exit 1 if kg.ttl is not what it measures

Runs the parser over the development corpora (by default ../shared/corpus/gold with
../shared/corpus/readouts, and data/gold with data/readouts; English and French readouts),
reads each readout's graph back as JSON with the rules of every fact, attributes each predicted
fact to the rule that produced it and scores it against the gold (kg.confidence.outcomes says
exactly what counts), and writes each rule's counts and add-one smoothed precision into its
concept in ontology/kg.ttl (kg:factsScored, kg:factsCorrect, kg:precision), which is where the
parser reads them (kg.confidence). Run it after any change to the parser or to the rules, and
commit kg.ttl with the change.

The held-out split data/unseen is never read: a calibration that saw it would make it
useless as a test of how the confidences generalise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_CORPORA = [(SHARED / "gold", SHARED / "readouts"),
                   (ROOT / "data" / "gold", ROOT / "data" / "readouts")]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
LANGS = ("en", "fr")

sys.path.insert(0, str(ROOT))

from kg.confidence import (  # noqa: E402
    ASPECTS,
    RuleStats,
    calibrate,
    outcomes,
    read_rule_table,
)
from kg.jsonview import graph_to_json  # noqa: E402
from kg.pipeline import extract_file, readout_graph  # noqa: E402
from kg.rdf import readout_iri  # noqa: E402
from kg.readout import ReadoutError  # noqa: E402


def corpus_outcomes(gold_dir: Path, readout_dir: Path, aspects: dict[str, str],
                    langs: Iterable[str] = LANGS) -> tuple[list[tuple[str, bool]], int]:
    """(rule, right) of every fact predicted on the readouts of one corpus, and how many
    readouts were scored. A readout the parser refuses predicts nothing."""
    if "unseen" in gold_dir.resolve().parts + readout_dir.resolve().parts:
        raise SystemExit(f"refusing to calibrate on the held-out split ({gold_dir})")
    found: list[tuple[str, bool]] = []
    n = 0
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if gold.get("lang") not in langs:
            continue
        n += 1
        try:
            x = extract_file(readout_dir / f"{gold_path.stem}.txt")
        except ReadoutError:
            continue
        _, g = readout_graph(x)
        found += outcomes(graph_to_json(g, readout_iri(x.readout.id), methods=True), gold,
                          aspects)
    return found, n


_NUMBERS = "    kg:precision {p} ; kg:factsScored {n} ; kg:factsCorrect {k} ."


def rewrite_ontology(text: str, table: dict[str, RuleStats]) -> str:
    """`text` (kg.ttl) with the numbers of every rule's concept replaced by `table`'s."""
    for rule, stats in table.items():
        rx = re.compile(rf"(^rule:{re.escape(rule)}\n(?:.+\n)*?)    kg:precision .*\.$",
                        re.MULTILINE)
        numbers = _NUMBERS.format(p=f"{stats.precision:.3f}", n=stats.scored, k=stats.correct)
        text, count = rx.subn(lambda m, numbers=numbers: m.group(1) + numbers, text)
        if count != 1:
            raise SystemExit(f"{ONTOLOGY}: no concept rule:{rule} ending with its kg:precision "
                             f"line (found {count})")
    return text


def format_table(table: dict[str, RuleStats]) -> str:
    """The rules by aspect, as a Markdown table."""
    lines = ["| aspect | rule | facts | correct | precision |", "|---|---|---:|---:|---:|"]
    for stats in table.values():
        lines.append(f"| {stats.aspect} | `{stats.rule}` | {stats.scored} | {stats.correct} | "
                     f"{stats.precision:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs=2, action="append", metavar=("GOLD_DIR", "READOUT_DIR"),
                    type=Path, help="a gold folder and its readouts (repeatable; default: "
                    "../shared/corpus and data)")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if ontology/kg.ttl differs from the measure")
    args = ap.parse_args(argv)
    corpora = [tuple(c) for c in args.corpus] if args.corpus else DEFAULT_CORPORA
    for gold_dir, readout_dir in corpora:
        if not gold_dir.is_dir() or not readout_dir.is_dir():
            print(f"error: {gold_dir} or {readout_dir} is not a folder", file=sys.stderr)
            return 2
    shipped = read_rule_table(ONTOLOGY)
    aspects = {rule: stats.aspect for rule, stats in shipped.items()}
    results: list[tuple[str, bool]] = []
    for gold_dir, readout_dir in corpora:
        found, n = corpus_outcomes(gold_dir, readout_dir, aspects)
        print(f"{gold_dir}: {n} readouts, {len(found)} facts", file=sys.stderr)
        results += found
    table = calibrate(results, aspects)
    order = sorted(table.values(), key=lambda s: (ASPECTS.index(s.aspect), s.rule))
    table = {s.rule: s for s in order}
    text = ONTOLOGY.read_text(encoding="utf-8")
    new = rewrite_ontology(text, table)
    if args.check:
        if new != text:
            changed = [f"  {r}: {shipped[r].correct}/{shipped[r].scored} shipped, "
                       f"{s.correct}/{s.scored} now" for r, s in table.items()
                       if (s.scored, s.correct) != (shipped[r].scored, shipped[r].correct)]
            print("\n".join([f"{ONTOLOGY}: the rules' numbers are not those measured now; run "
                             "scripts/calibrate_confidence.py and commit kg.ttl", *changed]),
                  file=sys.stderr)
            return 1
        return 0
    print(format_table(table))
    if new != text:
        ONTOLOGY.write_text(new, encoding="utf-8")
        print(f"wrote {ONTOLOGY}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
