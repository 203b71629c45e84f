"""Reading a readout from disk: the text, its optional sidecar, its language.

This is the first stage of the pipeline (readout → parse → extraction → RDF).
Everything that can be wrong with an input file is detected here and raised as
a :class:`ReadoutError` naming the file and the reason, so a batch can report
it in one line and go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.lang import detect_language, supported_languages


class ReadoutError(Exception):
    """A readout that cannot be processed; the message names the file and the problem."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Readout:
    """One readout text with what its publisher tells about it."""

    id: str
    path: str
    text: str
    lang: str
    sha256: str
    published: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    title: str | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)


def _parse_date(value: object, path: Path) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ReadoutError(path, f"sidecar 'published' is not an ISO date: {value!r}") from exc


def load_sidecar(txt_path: Path) -> dict:
    """The `X.meta.json` beside `X.txt`, or an empty dict when there is none."""
    meta_path = txt_path.with_name(txt_path.name[: -len(txt_path.suffix)] + ".meta.json")
    if not meta_path.exists():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadoutError(meta_path, f"sidecar is not valid JSON: {exc}") from exc
    if not isinstance(meta, dict):
        raise ReadoutError(meta_path, "sidecar must be a JSON object")
    return meta


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode readout bytes, refusing what is not a UTF-8 text."""
    if not data.strip():
        raise ReadoutError(path, "empty file")
    if b"\x00" in data[:8192]:
        raise ReadoutError(path, "binary file (contains NUL bytes), not a text readout")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadoutError(
            path, f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})"
        ) from exc
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\t")
    if controls > max(3, len(text) // 100):
        raise ReadoutError(path, "binary file (control characters), not a text readout")
    if not text.strip():
        raise ReadoutError(path, "empty file (only whitespace)")
    return text


def read_readout(path: Path | str, lang: str | None = None) -> Readout:
    """Load `path` (a `.txt` readout) with its sidecar; detect the language if not given."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadoutError(path, f"cannot read: {exc.strerror or exc}") from exc
    text = decode_text(data, path)
    meta = load_sidecar(path)
    lang = lang or meta.get("lang")
    if lang:
        lang = str(lang).lower()
        if lang not in supported_languages():
            raise ReadoutError(
                path,
                f"unsupported language {lang!r} (supported: {', '.join(supported_languages())})",
            )
    else:
        lang, reason = detect_language(text)
        if lang is None:
            raise ReadoutError(path, f"unknown language: {reason}")
    rid = str(meta.get("id") or path.stem)
    return Readout(
        id=rid,
        path=str(path),
        text=text,
        lang=lang,
        sha256=hashlib.sha256(data).hexdigest(),
        published=_parse_date(meta.get("published"), path),
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        title=meta.get("title"),
        meta=meta,
    )


def iter_readout_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Every readout file under the given files and folders, in a stable order.

    A readout is a `.txt` file; sidecars and other files are skipped.
    """
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*.txt") if q.is_file())
        elif p.exists():
            yield p
        else:
            raise ReadoutError(p, "no such file or folder")
