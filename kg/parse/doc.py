"""A readout prepared for parsing: folded text, sentences, tokens, dictionary matches.

Built once per readout; the person and event passes only read it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from kg.lang import rules_for
from kg.lang.base import LanguageRules
from kg.parse.gazetteer import (
    Gazetteer,
    Key,
    gazetteer,
    select_longest,
    select_longest_first,
)
from kg.readout import Readout
from kg.text import Folded, Sentence, fold, fold_text, split_sentences


class Token(NamedTuple):
    """A word of the original text; `norm` is its folded form without a final dot.

    A NamedTuple rather than a dataclass: readouts have thousands of tokens and
    tuples are several times cheaper to create.
    """

    start: int
    end: int
    text: str
    norm: str
    sentence: int


class Hit(NamedTuple):
    """A dictionary match mapped to the original text (a tuple: readouts have hundreds)."""

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


def _norm(word: str) -> str:
    return fold(word).rstrip(".")


def tokenize(text: str, start: int, sentence: int, keep_dot: frozenset[str],
             rules: LanguageRules) -> list[Token]:
    """Words and punctuation of a sentence, splitting the language's elisions ("l'") and
    clitics ("'s") from the words they are written with."""
    out: list[Token] = []
    append = out.append
    elision, clitic = rules.elision_rx, rules.clitic_rx
    for m in _WORD.finditer(text):
        w, s = m.group(), start + m.start()
        if w[-1] == "." and len(w) > 2 and w not in keep_dot and "." not in w[:-1]:
            w = w[:-1]
        if "'" in w or "’" in w:
            el = elision.match(w) if elision is not None else None
            pos = None if el or clitic is None else clitic.match(w)
            if el or pos:
                first = (el or pos).group(1)
                append(Token(s, s + len(first), first, _norm(first), sentence))
                s, w = s + len(first), (el or pos).group(2)
        append(Token(s, s + len(w), w, _norm(w), sentence))
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
    fsent: list[Folded] = field(default_factory=list)  # per sentence, origins in doc offsets
    fbase: list[int] = field(default_factory=list)  # start of each sentence in `folded`
    _starts: list[int] = field(default_factory=list)
    _indexes: dict = field(default_factory=dict, repr=False)
    _token_starts: dict[int, list[int]] = field(default_factory=dict, repr=False)

    def sentence_of(self, pos: int) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        return max(0, i)

    def folded_sentence(self, idx: int) -> str:
        return self.fsent[idx].text

    def fsentence_of(self, fpos: int) -> int:
        """The sentence holding a position of the document fold."""
        return max(0, bisect.bisect_right(self.fbase, fpos) - 1)

    def by_sentence(self, spans):
        """Bucket (fstart, fend, payload) found on the whole fold into sentences, dropping
        what crosses a sentence boundary; positions become sentence-relative."""
        out: dict[int, list] = {}
        for fstart, fend, payload in spans:
            i = self.fsentence_of(fstart)
            base = self.fbase[i]
            if fend - base > len(self.fsent[i].text):
                continue
            out.setdefault(i, []).append((fstart - base, fend - base, payload))
        return out

    # Lookups by position. Hits and titles are sorted by start and do not overlap (ties of one
    # span aside), so a bisection finds those inside a span; scanning every hit of the document
    # for each mention or trigger made the passes quadratic in the length of the readout.

    def _index(self, name: str, items: list[Hit]) -> list[int]:
        cached = self._indexes.get(name)
        if cached is None or cached[0] is not items or cached[1] != len(items):
            cached = self._indexes[name] = (items, len(items), [h.start for h in items])
        return cached[2]

    def _inside(self, name: str, items: list[Hit], start: int, end: int,
                kinds: tuple[str, ...] | None) -> list[Hit]:
        starts = self._index(name, items)
        out = []
        for i in range(bisect.bisect_left(starts, start), len(items)):
            h = items[i]
            if h.start >= end:
                break
            if h.end <= end and (kinds is None or h.key.kind in kinds):
                out.append(h)
        return out

    def hits_in(self, start: int, end: int, kinds: tuple[str, ...] | None = None) -> list[Hit]:
        """Entity hits lying within [start, end), in text order."""
        return self._inside("hits", self.hits, start, end, kinds)

    def hits_overlapping(self, start: int, end: int) -> list[Hit]:
        """Entity hits sharing at least one character with [start, end)."""
        starts = self._index("hits", self.hits)
        i = max(0, bisect.bisect_left(starts, start) - 1)
        while i > 0 and self.hits[i - 1].end > start:  # ties of one span
            i -= 1
        out = []
        for k in range(i, len(self.hits)):
            h = self.hits[k]
            if h.start >= end:
                break
            if h.end > start:
                out.append(h)
        return out

    def titles_in(self, start: int, end: int) -> list[Hit]:
        """Title hits lying within [start, end), in text order."""
        return self._inside("titles", self.titles, start, end, None)

    def hits_of_sentence(self, idx: int) -> list[Hit]:
        """Entity hits of sentence `idx` (bucketed once: scanning all hits per sentence was
        quadratic in the number of sentences)."""
        return self._by_sentence("hits", self.hits).get(idx, [])

    def titles_of_sentence(self, idx: int) -> list[Hit]:
        return self._by_sentence("titles", self.titles).get(idx, [])

    def title_bounds_of_sentence(self, idx: int) -> tuple[list[int], list[int]]:
        """Starts and ends of the titles of sentence `idx` (both increasing), for bisection."""
        key = ("title_bounds", idx)
        titles = self.titles_of_sentence(idx)
        cached = self._indexes.get(key)
        if cached is None or cached[0] is not titles:
            cached = self._indexes[key] = (titles, [t.start for t in titles],
                                           [t.end for t in titles])
        return cached[1], cached[2]

    def _by_sentence(self, name: str, items: list[Hit]) -> dict[int, list[Hit]]:
        key = "by_sentence_" + name
        cached = self._indexes.get(key)
        if cached is None or cached[0] is not items or cached[1] != len(items):
            buckets: dict[int, list[Hit]] = {}
            for h in items:
                buckets.setdefault(h.sentence, []).append(h)
            cached = self._indexes[key] = (items, len(items), buckets)
        return cached[2]

    def token_starts(self, idx: int) -> list[int]:
        """Start offsets of the tokens of sentence `idx` (increasing), for bisection."""
        starts = self._token_starts.get(idx)
        if starts is None:
            starts = self._token_starts[idx] = [t.start for t in self.tokens[idx]]
        return starts

    def token_index(self, idx: int, pos: int) -> int:
        """Index of the first token of sentence `idx` starting at or after `pos`."""
        return bisect.bisect_left(self.token_starts(idx), pos)

    def covering(self, layer: str, kinds: tuple[str, ...] | None = None) -> dict[int, Hit]:
        """For each token start, the first hit of `layer` ("hits" or "titles"; of `kinds`
        only, if given) of its sentence that covers the token."""
        key = f"covering_{layer}_{kinds}"
        cached = self._indexes.get(key)
        items = self.hits if layer == "hits" else self.titles
        if cached is None or cached[0] is not items or cached[1] != len(items):
            at: dict[int, Hit] = {}
            for h in items:
                if h.sentence >= len(self.tokens) or (kinds is not None
                                                      and h.key.kind not in kinds):
                    continue
                starts = self.token_starts(h.sentence)
                toks = self.tokens[h.sentence]
                for i in range(bisect.bisect_left(starts, h.start), len(toks)):
                    if toks[i].start >= h.end:
                        break
                    at.setdefault(toks[i].start, h)
            cached = self._indexes[key] = (items, len(items), at)
        return cached[2]


def _to_hits(doc: Doc, found, folded: Folded | None = None) -> list[Hit]:
    """Matches as hits of the original text; a match running into the next sentence is
    dropped (folding joins lines, so a name can be matched across a line break, and a
    mention must lie inside its sentence)."""
    folded = folded or doc.folded
    hits = []
    for m in found:
        s, e = folded.span(m.start, m.end)
        idx = doc.sentence_of(s)
        if doc.sentences and e > doc.sentences[idx].end:
            continue
        hits.append(Hit(s, e, m.key, doc.text[s:e], idx))
    return hits


def _masked(folded: Folded, spans: list[tuple[int, int]]) -> Folded:
    """The folded text without the given spans (and one following space)."""
    text, origin = folded.text, folded.origin
    pieces: list[str] = []
    origins: list[int] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        pieces.append(text[pos:start])
        origins.extend(origin[pos:start])
        pos = end + 1 if end < len(text) and text[end] == " " else end
    pieces.append(text[pos:])
    origins.extend(origin[pos:])
    return Folded("".join(pieces), tuple(origins), folded.source_length)


def _sentence_folds(folded: Folded, sentences: list[Sentence]) -> tuple[list[Folded], list[int]]:
    """Each sentence's slice of the document fold (origins stay document offsets), and
    where each slice starts in the document fold."""
    out, bases = [], []
    for s in sentences:
        i = bisect.bisect_left(folded.origin, s.start)
        j = bisect.bisect_left(folded.origin, s.end)
        out.append(Folded(folded.text[i:j], folded.origin[i:j], folded.source_length))
        bases.append(i)
    return out, bases


@cache
def _abbreviations(rules: LanguageRules) -> frozenset[str]:
    """Words whose dot ends no sentence: the language's abbreviations and its honorifics
    ("Smt. Droupadi Murmu", "Gen. Tiani"), as written with a capital."""
    honorifics = {w.capitalize() + "." for w in rules.honorifics if "." not in w}
    return frozenset(rules.abbreviations) | honorifics


def build_doc(readout: Readout) -> Doc:
    """Fold, split, tokenise and match a readout."""
    rules = rules_for(readout.lang)
    gaz = gazetteer(readout.lang)
    text = readout.text
    folded = fold_text(text)
    abbreviations = _abbreviations(rules)
    sentences = split_sentences(text, abbreviations)
    doc = Doc(readout, rules, gaz, text, folded, sentences)
    doc._starts = [s.start for s in sentences]
    doc.fsent, doc.fbase = _sentence_folds(folded, sentences)
    ents = select_longest(gaz.entities.find(folded, text))
    doc.hits = _to_hits(doc, ents)
    project_spans = [(m.start, m.end) for m in ents if m.key.kind == "project"]
    if project_spans:  # sorted and apart, as all entity matches: bisect for the enclosing one
        starts = [a for a, _ in project_spans]

        def inside_project(m) -> bool:
            k = bisect.bisect_right(starts, m.start) - 1
            return k >= 0 and m.end <= project_spans[k][1]

        inner = [m for m in select_longest(gaz.nested_states.find(folded, text))
                 if inside_project(m)]
        doc.nested = _to_hits(doc, inner)
    adjs = select_longest(gaz.adjectives.find(folded, text))
    masked = _masked(folded, [(m.start, m.end) for m in adjs]) if adjs else folded
    doc.titles = _to_hits(doc, select_longest_first(gaz.titles.find(masked, text)), masked)
    keep_dot = abbreviations
    doc.tokens = [tokenize(s.text, s.start, s.index, keep_dot, rules) for s in sentences]
    return doc
