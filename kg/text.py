"""Language-independent text helpers: folding with an offset map, sentences, slugs.

Every match the parser makes is made on *folded* text (no diacritics, case
folded, one kind of dash and apostrophe, single spaces) so that "Kirghizstan",
"KIRGHIZSTAN" and "Kırghızstan" meet the same gazetteer key. Facts must point
back to character spans of the original text, so folding keeps a map from
every folded character to the original character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters that NFKD does not decompose but readers treat as their base letter.
_SPECIAL = {
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ħ": "h", "þ": "th", "ð": "d",
}
_DASHES = "-‐‑‒–—―−﹘﹣－"
_APOSTROPHES = "'’‘ʼ`´′"
_QUOTES = "\"«»“”„‟‹›"


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Fold one character the way gazetteer keys are folded."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch in _DASHES:
        return "-"
    if ch in _APOSTROPHES:
        return "'"
    if ch in _QUOTES:
        return '"'
    if ch.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    return out.casefold()


@dataclass(frozen=True)
class Folded:
    """Folded text plus, for every folded character, the index of its source character."""

    text: str
    origin: tuple[int, ...]
    source_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span [start, end) back to a span of the original text."""
        if start >= len(self.origin):
            return self.source_length, self.source_length
        s = self.origin[start]
        e = self.origin[end - 1] + 1 if end > start else s
        return s, e


_TABLE: dict[int, str] = {}
_ONE_TO_ONE: set[str] = set()
_SQUEEZE = re.compile(r" *- *| {2,}|^ +| +$")


def fold_text(text: str) -> Folded:
    """Fold *text*, collapsing whitespace runs and spaces around dashes.

    Spaces around a dash are dropped ("China — Kyrgyzstan" → "china-kyrgyzstan")
    so that compound names spelt with spaced dashes meet the unspaced key.
    Fast path: when every character folds to exactly one character (nearly
    always), `str.translate` folds and one regex pass squeezes the spaces.
    """
    chars_seen = set(text)
    new = chars_seen - _ONE_TO_ONE
    for ch in new:
        f = fold_char(ch)
        if len(f) != 1:
            return _fold_text_slow(text)
        _ONE_TO_ONE.add(ch)
        if f != ch:
            _TABLE[ord(ch)] = f
    t = text.translate(_TABLE)
    pieces: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _SQUEEZE.finditer(t):
        s, e = m.span()
        pieces.append(t[pos:s])
        origin.extend(range(pos, s))
        run = m.group()
        if "-" in run:
            k = s + run.index("-")
            pieces.append("-")
            origin.append(k)
        elif s != 0 and e != len(t):
            pieces.append(" ")
            origin.append(s)
        pos = e
    pieces.append(t[pos:])
    origin.extend(range(pos, len(t)))
    return Folded("".join(pieces), tuple(origin), len(text))


def _fold_text_slow(text: str) -> Folded:
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for f in fold_char(ch):
            if f == " ":
                if not chars or chars[-1] in (" ", "-"):
                    continue
            elif f == "-" and chars and chars[-1] == " ":
                chars.pop()
                origin.pop()
            chars.append(f)
            origin.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return Folded("".join(chars), tuple(origin), len(text))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Folded form of a short string (a name, a key)."""
    return fold_text(text).text


_PUNCT_RUN = re.compile(r"[\W_]+", re.UNICODE)


def match_key(name: str) -> str:
    """The SCHEMA.md matching form: folded, punctuation and dashes as one space."""
    return _PUNCT_RUN.sub(" ", fold(name).replace("'", " ")).strip()


def slug(name: str) -> str:
    """A readable IRI segment: ASCII-ish, lower case, words joined by '-'."""
    s = _PUNCT_RUN.sub("-", fold(name).replace("'", "-")).strip("-")
    return s or "x"


def is_word_char(ch: str) -> bool:
    return ch.isalnum()


@dataclass(frozen=True)
class Sentence:
    """A sentence of the readout, with its character span in the original text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    is_headline: bool = False


# A sentence ends at . ! ? … followed by space and an upper-case letter, a quote or a digit;
# abbreviations listed by the language module do not end sentences.
_END = re.compile(r"[.!?…](?:[\"»”’)]*)\s+(?=[\"«“(]?[A-ZÀ-ÖØ-ÞА-Я0-9])")
_INITIAL = re.compile(r"[A-Z]")

# Longest sentence the parser works on, in characters. The longest of the corpora has 473; a
# "sentence" of 100 kB (a list without full stops, a dump) is cut at a comma or a space below
# this length, which bounds everything the parser does per sentence.
MAX_SENTENCE = 2000


def _last_word(line: str, start: int, cut: int) -> str | None:
    """The word before a sentence end at `cut`, without its dots ("Mr" in "… met Mr."); None
    after a space. Walks back from `cut` instead of searching the text from `start`: with
    skipped abbreviations the text from `start` grows, and searching it per candidate end made
    splitting quadratic."""
    e = cut
    while e > start and line[e - 1] == ".":
        e -= 1
    if e == start or line[e - 1].isspace():
        return None
    b = e - 1
    while b > start and not line[b - 1].isspace():
        b -= 1
    return line[b:e]


def split_sentences(text: str, abbreviations: frozenset[str],
                    max_length: int = MAX_SENTENCE) -> list[Sentence]:
    """Split into paragraphs (lines) and sentences, keeping exact offsets.

    The first line is treated as a headline when it is followed by more text and
    does not end like a sentence. Sentences longer than `max_length` are cut
    (see :data:`MAX_SENTENCE`).
    """
    sentences: list[Sentence] = []
    paragraph = 0
    pos = 0
    lines = text.split("\n")
    nonempty = 0
    for ln in lines:
        if ln.strip():
            nonempty += 1
            if nonempty > 1:
                break
    for line_no, line in enumerate(lines):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        headline = (
            line_no == 0 and nonempty > 1 and not line.rstrip().endswith((".", ":"))
        )
        start = 0
        for m in _END.finditer(line):
            cut = m.start() + 1
            word = _last_word(line, start, cut)
            if word is not None and (word.rstrip(".") + ".") in abbreviations:
                continue
            if word is not None and _INITIAL.fullmatch(word.rstrip(".")):
                continue  # an initial: "Joseph R. Biden"
            _add(sentences, line, line_start, start, m.end(), paragraph, headline, max_length)
            start = m.end()
        _add(sentences, line, line_start, start, len(line), paragraph, headline, max_length)
        paragraph += 1
    return sentences


def _cut_point(chunk: str, limit: int) -> int:
    """Where to cut an over-long sentence: after the last ';' or ',' in the second half of
    the first `limit` characters, else at the last space there, else at `limit`."""
    for sep in ("; ", ", ", " "):
        k = chunk.rfind(sep, limit // 2, limit)
        if k >= 0:
            return k + len(sep)
    return limit


def _add(
    out: list[Sentence], line: str, line_start: int, s: int, e: int, par: int, headline: bool,
    max_length: int = MAX_SENTENCE,
) -> None:
    while e - s > max_length:
        k = s + _cut_point(line[s:s + max_length], max_length)
        _add(out, line, line_start, s, k, par, headline, max_length)
        s = k
    chunk = line[s:e]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if not chunk:
        return
    start = line_start + s + lead
    out.append(Sentence(len(out), start, start + len(chunk), chunk, par, headline))
