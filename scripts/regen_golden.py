"""Rewrite the golden files of tests/golden/ from the current parser.

Run it only after reviewing why the output changed (`pytest tests/test_jsonview.py
tests/test_golden_turtle.py` shows the difference): the golden files pin the
parser's behaviour on a few readouts, and regenerating them accepts the change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
JSON_CASES = ["fr-seed-2025-04-25-chn-kgz", "kg-en-2023-09-09-ind-gbr", "kg-fr-2024-06-06-chn-kgz"]
TURTLE_CASES = ["fr-seed-2025-04-25-chn-kgz", "kg-en-2024-05-07-deu-fra-call"]


def _path(rid: str) -> Path:
    path = ROOT / "data" / "readouts" / f"{rid}.txt"
    return path if path.exists() else GOLDEN / f"{rid}.txt"


def main() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    os.chdir(ROOT)
    from kg.pipeline import extract_file, extract_json, readout_graph

    for rid in JSON_CASES:
        data = extract_json(_path(rid))
        (GOLDEN / f"{rid}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for rid in TURTLE_CASES:
        _, g = readout_graph(extract_file(_path(rid)))
        (GOLDEN / f"{rid}.ttl").write_text(g.serialize(format="turtle"), encoding="utf-8")
    print(f"wrote {len(JSON_CASES)} JSON and {len(TURTLE_CASES)} Turtle golden files")


if __name__ == "__main__":
    main()
