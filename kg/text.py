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


def split_sentences(text: str, abbreviations: frozenset[str]) -> list[Sentence]:
    """Split into paragraphs (lines) and sentences, keeping exact offsets.

    The first line is treated as a headline when it is followed by more text and
    does not end like a sentence.
    """
    sentences: list[Sentence] = []
    paragraph = 0
    pos = 0
    lines = text.split("\n")
    nonempty = [ln for ln in lines if ln.strip()]
    for line_no, line in enumerate(lines):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        headline = (
            line_no == 0 and len(nonempty) > 1 and not line.rstrip().endswith((".", ":"))
        )
        start = 0
        for m in _END.finditer(line):
            cut = m.start() + 1
            prev = line[start:cut]
            last_word = re.search(r"(\S+)$", prev.rstrip("."))
            if last_word and (last_word.group(1).rstrip(".") + ".") in abbreviations:
                continue
            if last_word and re.fullmatch(r"[A-Z]", last_word.group(1).rstrip(".")):
                continue  # an initial: "Joseph R. Biden"
            _add(sentences, line, line_start, start, m.end(), paragraph, headline)
            start = m.end()
        _add(sentences, line, line_start, start, len(line), paragraph, headline)
        paragraph += 1
    return sentences


def _add(
    out: list[Sentence], line: str, line_start: int, s: int, e: int, par: int, headline: bool
) -> None:
    chunk = line[s:e]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if not chunk:
        return
    start = line_start + s + lead
    out.append(Sentence(len(out), start, start + len(chunk), chunk, par, headline))
