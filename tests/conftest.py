"""Shared fixtures: the bundled readouts and a helper to write throwaway readouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READOUTS = ROOT / "data" / "readouts"
GOLD = ROOT / "data" / "gold"
SEED = READOUTS / "fr-seed-2025-04-25-chn-kgz.txt"


@pytest.fixture
def write_readout(tmp_path):
    """Write `text` (str or bytes) as a readout, with an optional sidecar."""

    def _write(name: str, text, meta: dict | None = None) -> Path:
        path = tmp_path / f"{name}.txt"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        if meta is not None:
            (tmp_path / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        return path

    return _write
