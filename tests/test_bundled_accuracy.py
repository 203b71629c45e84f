"""Accuracy on the readouts bundled with the project (written for kg, never tuned on).

A floor, not a target: it catches regressions on a fresh clone where the
development corpus is absent. The dev-corpus floors live in .ci/floors.
"""

import json

from kg.evaluate import score_corpus
from kg.pipeline import extract_json

from .conftest import GOLD, READOUTS

FLOOR = 0.80


def test_core_f1_on_bundled_readouts_stays_above_the_floor():
    pairs = []
    for gold_path in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pairs.append((extract_json(READOUTS / f"{gold_path.stem}.txt"), gold))
    report = score_corpus(pairs)
    for lang, counts in report.by_language().items():
        assert report.core_f1(counts) >= FLOOR, (lang, report.format_table())
