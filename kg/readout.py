"""Reading a readout from disk: the text, its optional sidecar, its language.

This is the first stage of the pipeline (readout → parse → extraction → RDF).
Everything that can be wrong with an input file is detected here and raised as
a :class:`ReadoutError` naming the file and the reason, so a batch can report
it in one line and go on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.lang import detect_language, supported_languages


class ReadoutError(Exception):
    """A readout that cannot be processed; the message names the file and the problem."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def internal_error(path: Path | str, exc: BaseException) -> ReadoutError:
    """A parser bug met on `path`, as the one line a batch reports before going on.

    The last resort of batch commands only: every input problem has its own
    ReadoutError, and the fuzz tests look for anything that ends up here.
    """
    first = str(exc).splitlines()[0] if str(exc) else ""
    return ReadoutError(path, f"internal error while parsing: {type(exc).__name__}: {first}")


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


def _parse_date(value: str | None, path: Path) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ReadoutError(path, f"sidecar 'published' is not an ISO date: {value!r}") from exc


# Sidecar fields the pipeline reads; each is a string or null (null counts as absent).
_STRING_FIELDS = ("id", "lang", "title", "publisher", "url", "published")
_JSON_TYPES = {bool: "true/false", int: "a number", float: "a number", list: "a list",
               dict: "an object"}


_MAX_SIDECAR_BYTES = 1_000_000


def sidecar_path(txt_path: Path) -> Path:
    """`X.meta.json` for `X.txt` (the one place that spells the sidecar's name)."""
    return txt_path.with_name(txt_path.name[: -len(txt_path.suffix)] + ".meta.json")


def load_sidecar(txt_path: Path) -> dict:
    """The `X.meta.json` beside `X.txt`, or an empty dict when there is none.

    The fields the pipeline reads must be strings: a number or a list in a
    `title` would otherwise surface as a TypeError deep in the parser or the
    RDF writer, far from the file that caused it. JSON is decoded from bytes so
    that UTF-16/32 sidecars with a byte-order mark are read like UTF-8 ones.
    """
    meta_path = sidecar_path(txt_path)
    try:
        with meta_path.open("rb") as f:
            raw = f.read(_MAX_SIDECAR_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ReadoutError(meta_path, f"cannot read sidecar: {exc.strerror or exc}") from exc
    if len(raw) > _MAX_SIDECAR_BYTES:
        raise ReadoutError(meta_path, f"sidecar is above {_size(_MAX_SIDECAR_BYTES)}; a "
                                      "sidecar holds a few fields")
    try:
        meta = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReadoutError(meta_path, f"sidecar is not valid JSON: {reason}") from exc
    except RecursionError as exc:
        raise ReadoutError(meta_path, "sidecar is not valid JSON: nested too deeply") from exc
    if not isinstance(meta, dict):
        raise ReadoutError(meta_path, "sidecar must be a JSON object")
    for key in _STRING_FIELDS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            kind = _JSON_TYPES.get(type(value), type(value).__name__)
            shown = json.dumps(value)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            raise ReadoutError(meta_path, f"sidecar {key!r} must be a string, not {kind} "
                                          f"({shown})")
    return meta


# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def _looks_like_utf16(sample: bytes) -> bool:
    """Most even (or most odd) bytes NUL: Latin-script text in UTF-16 without a BOM."""
    if len(sample) < 8:
        return False
    half = len(sample) // 2
    return max(sample[0::2].count(0), sample[1::2].count(0)) > 0.7 * half


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode readout bytes: UTF-8, or UTF-16/32 announced by a byte-order mark.

    Feeds and word processors export UTF-16 with a BOM; without the BOM sniff it
    was refused as "binary" because of its NUL bytes.
    """
    encoding, name = "utf-8", "UTF-8"
    body = data
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            encoding, name, body = codec, label, data[len(bom):]
            break
    if not body.strip(b" \t\r\n\x0b\x0c" + (b"\x00" if body is not data else b"")):
        raise ReadoutError(path, "empty file")
    if encoding == "utf-8" and b"\x00" in body[:8192]:
        if _looks_like_utf16(body[:8192]):
            raise ReadoutError(path, "looks like UTF-16 without a byte-order mark; save it as "
                                     "UTF-8 (or UTF-16 with a BOM)")
        raise ReadoutError(path, "binary file (contains NUL bytes), not a text readout")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + len(data) - len(body)
        raise ReadoutError(
            path, f"not valid {name} (byte {offset}: {body[exc.start:exc.start + 1]!r})"
        ) from exc
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text[:8192]:
        raise ReadoutError(path, "binary file (contains NUL characters), not a text readout")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\t")
    if controls > max(3, len(text) // 100):
        raise ReadoutError(path, "binary file (control characters), not a text readout")
    if not text.strip():
        raise ReadoutError(path, "empty file (only whitespace)")
    return text


DEFAULT_MAX_READOUT_BYTES = 1_000_000
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "m": 1_000_000, "mb": 1_000_000,
          "g": 1_000_000_000, "gb": 1_000_000_000}


def max_readout_bytes() -> int:
    """The size limit per readout: `KG_MAX_READOUT_BYTES` (e.g. 2000000, 500kB, 5MB) or 1 MB.

    Readouts are a few kilobytes; a file of megabytes is nearly always a dump or
    a wrong file, and parsing it would hold a worker for seconds.
    """
    raw = os.environ.get("KG_MAX_READOUT_BYTES", "").strip()
    if not raw:
        return DEFAULT_MAX_READOUT_BYTES
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-zA-Z]*)", raw)
    if m is None or m.group(2).lower() not in _UNITS or float(m.group(1)) <= 0:
        raise ValueError(f"KG_MAX_READOUT_BYTES must be a size in bytes such as 2000000, "
                         f"500kB or 5MB, not {raw!r}")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def _size(n: int) -> str:
    """A size for a message: "5.2 MB", "1 MB", "500 kB"."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def read_readout(path: Path | str, lang: str | None = None,
                 max_bytes: int | None = None) -> Readout:
    """Load `path` (a `.txt` readout) with its sidecar; detect the language if not given.

    Files above `max_bytes` (default :func:`max_readout_bytes`) are refused
    before they are read.
    """
    path = Path(path)
    if path.name.endswith(".meta.json"):
        raise ReadoutError(path, "a sidecar, not a readout: give its .txt file")
    limit = max_bytes if max_bytes is not None else max_readout_bytes()
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise ReadoutError(path, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0
        what = f"is {_size(size)}, above" if size > limit else "is above"  # a pipe has no size
        raise ReadoutError(path, f"{what} the {_size(limit)} limit per readout; raise it with "
                                 "kg --max-readout-size SIZE or KG_MAX_READOUT_BYTES")
    text = decode_text(data, path)
    meta = load_sidecar(path)
    lang = lang or meta.get("lang")
    if lang:
        lang = lang.strip().lower()
        if lang not in supported_languages():
            raise ReadoutError(
                path,
                f"unsupported language {lang!r} (supported: {', '.join(supported_languages())})",
            )
    else:
        lang, reason = detect_language(text)
        if lang is None:
            raise ReadoutError(path, f"unknown language: {reason}")
    rid = (meta.get("id") or "").strip() or path.stem
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


_log = logging.getLogger(__name__)


def _warn(exc: ReadoutError) -> None:
    """Default report of a listing problem: one line on stderr (logging's last resort)."""
    _log.warning("warning: %s", exc)


def iter_readout_paths(paths: Iterable[Path | str],
                       on_error: Callable[[ReadoutError], None] | None = None
                       ) -> Iterator[Path]:
    """Every readout file under the given files and folders, in a stable order.

    A readout is a `.txt` file; other files are skipped. Folders are walked
    following symbolic links, each real folder once, so a link back to an
    ancestor cannot loop. What cannot be read as listed — a sidecar without its
    `.txt`, a broken or looping link, a missing input path — is passed to
    `on_error` (default: a warning line) and the rest is still listed; with no
    `on_error`, a missing input path raises as before.
    """
    report = on_error or _warn
    for p in paths:
        p = Path(p)
        problem = _stat_problem(p)
        if problem is not None:
            if on_error is None and problem == "no such file or folder":
                raise ReadoutError(p, problem)
            report(ReadoutError(p, problem))
        elif p.is_dir():
            yield from _walk(p, report)
        elif p.name.endswith(".meta.json") and not _readout_of(p).exists():
            report(ReadoutError(p, _orphan(p)))
        elif not p.name.endswith(".meta.json"):
            yield p


def _stat_problem(p: Path) -> str | None:
    """Why `p` cannot be opened (missing, broken link, link loop), or None."""
    try:
        os.stat(p)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop, skipped"
        if p.is_symlink():
            return "broken symbolic link (its target does not exist), skipped"
        if exc.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot open: {exc.strerror or exc}"
    return None


def _readout_of(sidecar: Path) -> Path:
    return sidecar.with_name(sidecar.name[: -len(".meta.json")] + ".txt")


def _orphan(sidecar: Path) -> str:
    return f"sidecar without its readout (no {_readout_of(sidecar).name} beside it)"


def _walk(root: Path, report: Callable[[ReadoutError], None]) -> Iterator[Path]:
    """The `.txt` files under `root`, sorted; each real folder is entered once."""
    found: list[Path] = []
    seen: dict[tuple[int, int], Path] = {}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError as exc:
            report(ReadoutError(folder, f"cannot list folder: {exc.strerror or exc}"))
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            first = seen[key]
            real, target = os.path.realpath(folder.parent), os.path.realpath(folder)
            if real == target or real.startswith(target.rstrip(os.sep) + os.sep):
                report(ReadoutError(folder, f"symbolic link loop (points back to {first}), "
                                            "not followed"))
            else:
                report(ReadoutError(folder, f"same folder as {first}, not read twice"))
            continue
        seen[key] = folder
        names = {e.name for e in entries}
        for entry in entries:
            path = Path(entry.path)
            is_txt = entry.name.endswith(".txt")
            if entry.is_symlink():
                problem = _stat_problem(path)
                if problem is not None:
                    if is_txt or problem.startswith("symbolic link loop"):
                        report(ReadoutError(path, problem))
                    continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(path)
            elif is_txt:
                found.append(path)
            elif entry.name.endswith(".meta.json") and (
                    entry.name[: -len(".meta.json")] + ".txt") not in names:
                report(ReadoutError(path, _orphan(path)))
    yield from sorted(found)
