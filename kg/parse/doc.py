"""A readout prepared for parsing: folded text, sentences, tokens, dictionary matches.

Built once per readout; the person and event passes only read it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg.lang import rules_for
from kg.lang.base import LanguageRules
from kg.parse.gazetteer import Gazetteer, Key, gazetteer, select_longest
from kg.readout import Readout
from kg.text import Folded, Sentence, fold_char, fold_text, split_sentences


@dataclass(frozen=True)
class Token:
    """A word of the original text; `norm` is its folded form without a final dot."""

    start: int
    end: int
    text: str
    norm: str
    sentence: int

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Hit:
    """A dictionary match mapped to the original text."""

    start: int
    end: int
    key: Key
    surface: str
    sentence: int

    @property
    def kind(self) -> str:
        return self.key.kind

    @property
    def ref(self) -> str:
        return self.key.ref


_WORD = re.compile(r"[^\W\d_](?:\w|[-’'.](?=\w))*\.?|\d+(?:[.,:/]\d+)*|[^\w\s]", re.UNICODE)
_ELISION = re.compile(r"^((?:[ldLD]|[sncjmt]|qu|jusqu|lorsqu|puisqu)['’])(?=\w)(.+)$")
_POSSESSIVE = re.compile(r"^(.+?)(['’]s)$")


def _norm(word: str) -> str:
    return "".join(fold_char(c) for c in word).rstrip(".")


def tokenize(text: str, start: int, sentence: int, keep_dot: frozenset[str]) -> list[Token]:
    """Words and punctuation of a sentence, splitting French elisions and English possessives."""
    out: list[Token] = []
    for m in _WORD.finditer(text):
        w, s = m.group(), start + m.start()
        if w.endswith(".") and len(w) > 2 and w not in keep_dot and "." not in w[:-1]:
            w = w[:-1]
        parts: list[tuple[int, str]] = [(s, w)]
        el = _ELISION.match(w)
        if el:
            parts = [(s, el.group(1)), (s + len(el.group(1)), el.group(2))]
        else:
            pos = _POSSESSIVE.match(w)
            if pos:
                parts = [(s, pos.group(1)), (s + len(pos.group(1)), pos.group(2))]
        for ps, pw in parts:
            out.append(Token(ps, ps + len(pw), pw, _norm(pw), sentence))
    return out


@dataclass
class Doc:
    """Everything the person and event passes read about one readout."""

    readout: Readout
    rules: LanguageRules
    gaz: Gazetteer
    text: str
    folded: Folded
    sentences: list[Sentence]
    hits: list[Hit] = field(default_factory=list)  # entities, non-overlapping
    nested: list[Hit] = field(default_factory=list)  # states inside project names
    titles: list[Hit] = field(default_factory=list)
    tokens: list[list[Token]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def sentence_of(self, pos: int) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        return max(0, i)

    def folded_sentence(self, idx: int) -> str:
        s = self.sentences[idx]
        return fold_text(s.text).text

    def hits_in(self, start: int, end: int, kinds: tuple[str, ...] | None = None) -> list[Hit]:
        return [
            h for h in self.hits
            if h.start >= start and h.end <= end and (kinds is None or h.kind in kinds)
        ]

    def titles_in(self, start: int, end: int) -> list[Hit]:
        return [t for t in self.titles if t.start >= start and t.end <= end]


def _to_hits(doc: Doc, found, folded: Folded | None = None) -> list[Hit]:
    folded = folded or doc.folded
    hits = []
    for m in found:
        s, e = folded.span(m.start, m.end)
        hits.append(Hit(s, e, m.key, doc.text[s:e], doc.sentence_of(s)))
    return hits


def _masked(folded: Folded, spans: list[tuple[int, int]]) -> Folded:
    """The folded text without the given spans (and one following space)."""
    chars: list[str] = []
    origin: list[int] = []
    cut = sorted(spans)
    j = 0
    i = 0
    text = folded.text
    while i < len(text):
        if j < len(cut) and i == cut[j][0]:
            i = cut[j][1]
            if i < len(text) and text[i] == " ":
                i += 1
            j += 1
            continue
        while j < len(cut) and cut[j][0] < i:
            j += 1
        chars.append(text[i])
        origin.append(folded.origin[i])
        i += 1
    return Folded("".join(chars), tuple(origin), folded.source_length)


def build_doc(readout: Readout) -> Doc:
    """Fold, split, tokenise and match a readout."""
    rules = rules_for(readout.lang)
    gaz = gazetteer(readout.lang)
    text = readout.text
    folded = fold_text(text)
    sentences = split_sentences(text, rules.abbreviations)
    doc = Doc(readout, rules, gaz, text, folded, sentences)
    doc._starts = [s.start for s in sentences]
    ents = select_longest(gaz.entities.find(folded, text))
    doc.hits = _to_hits(doc, ents)
    project_spans = [(m.start, m.end) for m in ents if m.key.kind == "project"]
    if project_spans:
        inner = [
            m for m in select_longest(gaz.nested_states.find(folded, text))
            if any(a <= m.start and m.end <= b for a, b in project_spans)
        ]
        doc.nested = _to_hits(doc, inner)
    adjs = select_longest(gaz.adjectives.find(folded, text))
    masked = _masked(folded, [(m.start, m.end) for m in adjs]) if adjs else folded
    doc.titles = _to_hits(doc, select_longest(gaz.titles.find(masked, text)), masked)
    keep_dot = frozenset(rules.abbreviations)
    doc.tokens = [tokenize(s.text, s.start, s.index, keep_dot) for s in sentences]
    return doc
