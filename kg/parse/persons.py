"""Persons: finding names, their titles, the state they represent, and their variants.

A name is accepted when something around it says it is a person: a title
("Foreign Minister Wang Yi", "Wang Yi, member of the Political Bureau …"), an
honorific ("M.", "Dr", "H.E."), a counterpart phrase ("son homologue kirghize
X"), a known given name, or the list of known officials. Surname-alone
mentions ("Wang", "M. Xi") are resolved to a full name found in the same
readout, or to a known official when a title stands before them.

The title phrase around a mention gives the roles and, through adjectives,
country names and organisations inside it, the state or organisation the
person represents.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.extraction import Mention, Person, Rule
from kg.parse.doc import Doc, Hit, Token
from kg.refdata import Official, RefData
from kg.text import fold, slug

# Roles a counterpart shares with the person they are the counterpart of.
_OFFICE_ROLES = (
    "head_of_state", "head_of_government", "deputy_head_of_government", "foreign_minister",
    "deputy_foreign_minister", "minister", "ambassador", "special_envoy", "legislature_head",
    "vice_head_of_state", "spokesperson",
)
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X{1,3})$")
_HEAD_TITLES = ("head_of_state",)
# punctuation tokens inside a title phrase ("Minister-Counsellor", "Ministers' meeting")
_PUNCT_GLUE = frozenset({"'", "-"})
# Bounds that keep the pass linear on any text, far above what real readouts need (the
# corpora's longest name has 5 tokens and longest sentence 83): a name has at most
# _MAX_NAME tokens, and the title phrase around a name is read within _WINDOW tokens.
_MAX_NAME = 12
_WINDOW = 100


@dataclass
class TitleContext:
    """What the words around one mention say about the person."""

    roles: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    honorific: bool = False
    counterpart: bool = False
    counterpart_state: str | None = None
    former: bool = False
    plural_title: bool = False
    role_rules: dict[str, str] = field(default_factory=dict)  # role -> Rule that read it
    # named as the holder of a title another's is relative to ("Envoy of President Y"): Y
    # is spoken of, not present
    principal: bool = False
    spouse: bool = False  # named as someone's spouse ("First Lady X", "son épouse X")
    female: bool = False  # after a woman's honorific ("Mrs", "Mme")

    @property
    def is_person_context(self) -> bool:
        return bool(self.roles or self.honorific or self.counterpart or self.former)


@dataclass
class PersonMention:
    """One occurrence of a person in the text, with what its context says."""

    person: str  # Person.key
    start: int
    end: int
    sentence: int
    context: TitleContext
    surface: str


@dataclass
class _Run:
    tokens: list[Token]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def sentence(self) -> int:
        return self.tokens[0].sentence


# capitalised words looked at after a name for the venue noun that ends its phrase
_VENUE_REACH = 4


class PersonFinder:
    """Runs the person pass over a prepared :class:`Doc`."""

    def __init__(self, doc: Doc, data: RefData, home_state: str | None) -> None:
        self.doc = doc
        self.rules = doc.rules
        self.data = data
        self.home_state = home_state
        self.persons: dict[str, Person] = {}
        self.mentions: list[PersonMention] = []
        self._kin: set[str] = set()  # persons introduced as a spouse or with "Mrs"/"Mme"
        self._official_by_name, self._officials_by_short = _official_index(data)
        # which entity or title covers each token (by token start)
        self._entity_at: dict[int, Hit] = doc.covering("hits")
        self._title_at: dict[int, Hit] = doc.covering("titles")
        self._names = _NameIndex()
        rules = self.rules
        # a segment opened by one of these names somebody else ("with his counterpart, X")
        self._object_words = rules.with_words | rules.by_words | rules.to_words
        # glue that ends a title chain ("met with", "and")
        self._chain_breaks = rules.with_words | rules.by_words | rules.conjunctions
        # before a name after a title, these make it a place or a body ("Minister of X")
        self._of_or_article = rules.of_words | rules.articles
        self._plural_rx = re.compile(rules.plural_title) if rules.plural_title else None

    # ------------------------------------------------------------------ tokens

    def _hit_at(self, tok: Token, kinds: tuple[str, ...] | None = None) -> Hit | None:
        hit = self._entity_at.get(tok.start)
        if hit is None:
            return self._title_at.get(tok.start) if kinds is None else None
        if kinds is None or hit.kind in kinds:
            return hit
        return None


    def _plural(self, title: Hit) -> bool:
        """Is a title hit plural ("the foreign ministers", "les présidents")?"""
        return self._plural_rx is not None and self._plural_rx.search(
            fold(title.surface)) is not None

    def _clean_name(self, name: str) -> str:
        return _clean_name(name, self.rules.clitic_forms)

    def _is_name_token(self, tok: Token) -> bool:
        if not tok.text[:1].isalpha() or not tok.text[:1].isupper():
            return False
        if len(tok.text) == 2 and tok.text[1] == ".":
            return True  # an initial, even one that spells a short word ("S. V. Lavrov")
        if tok.norm in self.rules.non_name_words or tok.norm in self.rules.honorifics:
            return False
        hit = self._hit_at(tok)
        return hit is None or hit.kind == "official"

    def _is_initial(self, tok: Token) -> bool:
        t = tok.text.rstrip(".")
        return len(t) == 1 and t.isupper()

    # ------------------------------------------------------------------ runs

    def _runs(self, tokens: list[Token]) -> list[_Run]:
        """Maximal sequences of capitalised words (with particles and initials inside)."""
        runs: list[_Run] = []
        cur: list[Token] = []

        def close() -> None:
            while cur and (cur[-1].norm in self.rules.name_particles or self._is_initial(cur[-1])):
                cur.pop()
            k = 0
            while k < len(cur) and (cur[k].norm in self.rules.name_particles
                                    or cur[k].norm in self.rules.honorifics):
                k += 1
            if k < len(cur):
                runs.append(_Run(cur[k:]))
            cur.clear()

        text = self.doc.text
        for i, tok in enumerate(tokens):
            first = tok.text[0]
            if not first.isupper():
                if cur and tok.norm in self.rules.name_particles and tok.text.islower() and (
                        text[cur[-1].end:tok.start].isspace()):
                    cur.append(tok)
                elif cur:
                    close()
                continue
            if cur and not (cur[-1].end == tok.start or text[cur[-1].end:tok.start].isspace()):
                close()
            name_like = self._is_name_token(tok) or self._is_initial(tok) or (
                bool(_ROMAN.match(tok.text)) and bool(cur)
            )
            all_caps = (tok.text.isupper() and len(tok.text.rstrip(".")) > 1
                        and not _ROMAN.match(tok.text))  # not an initial ("S. V. Lavrov")
            if name_like and all_caps:
                # ALL-CAPS words are names only beside a capitalised word (KAMIKAWA Yoko)
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                prev = cur[-1] if cur else None
                name_like = any(
                    t is not None and t.text[:1].isupper() and not t.text.isupper()
                    and self._is_name_token(t)
                    for t in (nxt, prev)
                )
            particle = bool(cur) and tok.norm in self.rules.name_particles and i + 1 < len(
                tokens) and tokens[i + 1].text[:1].isupper()  # "Jean-Yves Le Drian"
            if name_like or particle:
                cur.append(tok)
            else:
                close()
        close()
        # a portfolio joined to a title is not part of the name that follows:
        # "Minister of State for External Affairs and Education Rajkumar Ranjan Singh"
        index = {t.start: k for k, t in enumerate(tokens)}
        out = []
        for run in runs:
            toks = run.tokens
            k = 0
            while len(toks) - k > 2 and self._portfolio(tokens, index[toks[k].start]):
                k += 1
            run = _Run(toks[k:]) if k else run
            if not self._beside_venue(tokens, index[run.tokens[0].start],
                                      index[run.tokens[-1].start]):
                out.append(run)
        return out

    def _official_names_venue(self, hit: Hit) -> bool:
        """Is a known official's name here the name of a place ("Institut Mohammed VI")?"""
        tokens = self.doc.tokens[hit.sentence]
        first = self.doc.token_index(hit.sentence, hit.start)
        last = self.doc.token_index(hit.sentence, hit.end) - 1
        return 0 <= first <= last < len(tokens) and self._beside_venue(tokens, first, last)

    def _beside_venue(self, tokens: list[Token], first: int, last: int) -> bool:
        """Does the name tokens[first..last] hold or touch a venue noun ("John McCain
        Memorial", "Centre Abdou Diouf", "aéroport Modibo Keïta")? Then it names a place
        (issue 9, class 5)."""
        venues = self.rules.venue_words
        if not venues:
            return False
        if any(tokens[k].norm in venues for k in range(first, last + 1)):
            return True
        before = tokens[first - 1] if first >= 1 else None
        if before is not None and before.norm in venues:
            return True
        # the capitalised words right after the name ("… King Jr. Memorial")
        for k in range(last + 1, min(len(tokens), last + 1 + _VENUE_REACH)):
            if not tokens[k].text[:1].isupper():
                return False
            if tokens[k].norm in venues:
                return True
        return False

    # ------------------------------------------------------------------ context

    def _context(self, run_start: int, run_end: int, sent_idx: int) -> TitleContext:
        """What the words around a name say, read within _WINDOW tokens on either side."""
        ctx = TitleContext()
        tokens = self.doc.tokens[sent_idx]
        idx = self.doc.token_index(sent_idx, run_start)
        end_idx = self.doc.token_index(sent_idx, run_end)
        lo, hi = max(0, idx - _WINDOW), min(len(tokens), end_idx + _WINDOW)
        if lo or hi < len(tokens):
            tokens, idx, end_idx = tokens[lo:hi], idx - lo, end_idx - lo
        self._left(tokens, idx, ctx)
        self._right(tokens, end_idx, ctx)
        return ctx

    def _item(self, tok: Token) -> tuple[str, Hit | None]:
        """Classify a token inside a title phrase."""
        hit = self._hit_at(tok)
        if hit is not None and hit.kind in ("state", "org", "official", "city", "project"):
            return hit.kind, hit
        title = self._title_at.get(tok.start)
        if title is not None:
            return "title", title
        n = tok.norm
        if n in self.rules.honorifics:
            return "honorific", None
        if n in self.rules.counterpart_words:
            return "counterpart", None
        if n in self.rules.former_markers:
            return "former", None
        if n in self.rules.person_nouns:
            return "noun", None
        if n in self.rules.connectors or n in self.rules.title_glue or n in _PUNCT_GLUE:
            return "glue", None
        return "other", None

    def _collect(self, items: list[tuple[str, Hit | None, Token]], ctx: TitleContext,
                 rule: str = Rule.TITLE_BEFORE) -> None:
        """Fold the items of a title phrase into the context; `rule` says where the phrase
        stands (before the name, a comma segment before it, an apposition after it)."""
        host_prev = self.rules.host_prepositions
        prev_norm = ""
        seen_titles: set[tuple[int, int]] = set()
        for kind, hit, tok in items:
            if kind == "title" and hit is not None and (hit.start, hit.end) not in seen_titles:
                seen_titles.add((hit.start, hit.end))
                role = hit.ref
                if role == "_none":
                    ctx.former = True
                elif role != "_rank" and role not in ctx.roles:
                    ctx.roles.append(role)
                    ctx.role_rules.setdefault(role, rule)
                if self._plural(hit):
                    ctx.plural_title = True
            elif kind == "state" and hit is not None:
                if prev_norm in host_prev:
                    pass  # "Ambassador of Turkiye to Kazakhstan": Kazakhstan is the host
                elif hit.ref not in ctx.states:
                    ctx.states.append(hit.ref)
            elif kind == "org" and hit is not None and hit.ref not in ctx.orgs:
                ctx.orgs.append(hit.ref)
            elif kind == "honorific":
                ctx.honorific = True
                ctx.spouse = ctx.spouse or tok.norm in self.rules.spouse_words
                ctx.female = ctx.female or tok.norm in self.rules.female_honorifics
            elif kind == "counterpart":
                ctx.counterpart = True
            elif kind == "former":
                ctx.former = True
            prev_norm = tok.norm

    def _left(self, tokens: list[Token], idx: int, ctx: TitleContext) -> None:
        items: list[tuple[str, Hit | None, Token]] = []
        i = idx - 1
        while i >= 0:
            tok = tokens[i]
            kind, hit = self._item(tok)
            if kind == "other" and tok.text[:1].isupper() and self._portfolio(tokens, i):
                i -= 1  # a further portfolio of the title: "… External Affairs and Education"
                continue
            if kind in ("other", "official") or (kind == "city"):
                break
            if tok.text in (",", ";", ":", "(", ")"):
                break
            if kind == "state" and self._of_state_of_name_before(tokens, i):
                break  # "Presidents A of X and B of Y": X is A's state, not B's
            if kind == "glue" and items and self._of_title(tokens, i):
                ctx.principal = True
                break  # "Special Envoy of President Y": the envoy is somebody else
            items.append((kind, hit, tok))
            i -= 1
        items.reverse()
        # trim leading glue; a phrase must contain something meaningful
        while items and items[0][0] == "glue":
            items.pop(0)
        has_title = any(k == "title" for k, _, _ in items)
        self._collect(items, ctx)
        if self._counterpart_adj(tokens, idx, ctx):
            ctx.counterpart = True
        if has_title:
            self._former_before(tokens, i, ctx, items)
            return
        # "X, NAME": the title is the comma segment before
        if i >= 0 and tokens[i].text in (",", ";", ":"):
            self._segment_before(tokens, i, ctx)

    def _of_state_of_name_before(self, tokens: list[Token], i: int) -> bool:
        """Does the state at tokens[i] follow "of" after a name ("Lula of Brazil")?

        Such a state qualifies that name; read leftwards from a later name it would give the
        later person the first one's state.
        """
        j = i - 1
        while j >= 0 and self._hit_at(tokens[j]) is self._hit_at(tokens[i]) and j > i - 4:
            j -= 1  # the state's own words ("the United States")
        while j >= 0 and tokens[j].norm in self.rules.articles:
            j -= 1
        if j < 1 or tokens[j].norm not in self.rules.of_words:
            return False
        kind = self._item(tokens[j - 1])[0]
        return kind == "official" or (kind == "other" and self._is_name_token(tokens[j - 1]))

    def _of_title(self, tokens: list[Token], i: int) -> bool:
        """Is tokens[i] "of" ("de", "du") before a title ("Envoy of the President")?

        The title before such an "of" is held relative to the person the title after it
        names: "X, Special Envoy of President Y" makes X the envoy and Y the president.
        """
        if tokens[i].norm not in self.rules.of_words or i == 0 or (
                self._item(tokens[i - 1])[0] != "title"):
            return False  # "the success of Prime Minister Y's visit": no title before "of"
        j = i + 1
        while j < len(tokens) and tokens[j].norm in self.rules.articles:
            j += 1
        return j < len(tokens) and self._item(tokens[j])[0] == "title"

    def _portfolio(self, tokens: list[Token], i: int) -> bool:
        """Is tokens[i] a portfolio word joined by "and"/"et" to a title on its left?"""
        j = i - 1
        while j >= 0 and j >= i - 3 and self._item(tokens[j])[0] == "other" and (
                tokens[j].text[:1].isupper()):
            j -= 1
        return (j >= 1 and tokens[j].norm in self.rules.conjunctions
                and self._item(tokens[j - 1])[0] == "title")

    def _former_before(self, tokens: list[Token], i: int, ctx: TitleContext, items) -> None:
        if items and items[0][0] == "former":
            ctx.former = True

    def _counterpart_adj(self, tokens: list[Token], idx: int, ctx: TitleContext) -> bool:
        """'his Kyrgyz counterpart X' / 'son homologue kirghize X' (maybe with a comma)."""
        window = tokens[max(0, idx - 5):idx]
        for j, tok in enumerate(window):
            if tok.norm in self.rules.counterpart_words:
                before = window[j - 2].norm if j >= 2 else ""
                if before in self.rules.with_words and any(t.text == "," for t in window[j:]):
                    return False
                for other in window[max(0, j - 1):j + 2]:
                    hit = self._hit_at(other, ("state",))
                    if hit is not None:
                        ctx.counterpart_state = hit.ref
                return True
        return False

    def _segment_before(self, tokens: list[Token], comma: int, ctx: TitleContext) -> None:
        """Walk back over comma-separated segments to the one that holds the title."""
        end = comma
        for _ in range(4):
            if end >= 2 and tokens[end - 1].text == ")":
                # an acronym in brackets between title and name: "secrétaire général du
                # Parti communiste du Vietnam (PCV), Nguyen Phu Trong"
                opening = next((j for j in range(end - 2, max(-1, end - 8), -1)
                                if tokens[j].text == "("), None)
                if opening is not None:
                    end = opening
            start = end - 1
            while start >= 0 and tokens[start].text not in (",", ";", ":", "(", ")"):
                start -= 1
            seg = tokens[start + 1:end]
            if not seg:
                return
            if seg[-1].norm in self.rules.spouse_words:
                # "le Chef de l'État et son épouse, Mme X": X is the spouse, the title is
                # the other one's
                ctx.spouse = True
                return
            titled = [self._item(t) + (t,) for t in seg]
            title_pos = [k for k, (kind, _, _) in enumerate(titled) if kind == "title"]
            if not title_pos:
                kinds = {kind for kind, _, _ in titled}
                if kinds <= {"state", "glue"} and "state" in kinds:
                    # a list item "Spain, José Albares; Latvia, Baiba Braže"
                    self._collect([x for x in titled if x[0] == "state"], ctx)
                    plural = self._plural_title_before(tokens, start)
                    if plural:
                        self._collect(plural, ctx, Rule.TITLE_SEGMENT_BEFORE)
                    return
                if kinds & {"counterpart"}:
                    if seg[0].norm not in self._object_words:
                        # "son homologue somalien, M. X"
                        self._collect(titled, ctx, Rule.TITLE_SEGMENT_BEFORE)
                    return  # "Avec son homologue tunisien, M. Attaf a souligné": not X's
                first = seg[0].norm
                if first in self.rules.connectors and start >= 0 and tokens[start].text == ",":
                    end = start  # continuation "…, de la Coopération africaine et …, NAME"
                    continue
                return
            # phrase = from the start of the title chain that holds the last title to the end
            last = title_pos[-1]
            k = last
            while k > 0 and titled[k - 1][0] in ("title", "state", "org", "glue", "honorific",
                                                  "former", "noun"):
                if titled[k - 1][0] == "glue" and seg[k - 1].norm in self._chain_breaks and not (
                        self._joins_titles(titled, k - 1)):
                    break
                k -= 1
            if k == 0 and self._apposition_of_name_before(tokens, start):
                return  # "With A, Director-General of the ILO, B discussed": A's title
            tail_kinds = {kind for kind, _, _ in titled[last + 1:]}
            if "official" in tail_kinds:
                return
            tail = seg[last + 1:]
            for run in self._runs(tail):
                # a name right after the title ("Minister Pandor will …") is somebody else's;
                # after "of" it is a place or a body ("Foreign Minister of Freedonia")
                j = bisect.bisect_right([t.end for t in tail], run.start)
                if not j or tail[j - 1].norm not in self._of_or_article:
                    return
            self._collect(titled[k:], ctx, Rule.TITLE_SEGMENT_BEFORE)
            return

    def _apposition_of_name_before(self, tokens: list[Token], comma: int) -> bool:
        """Is the title segment that ends before a name, and begins at tokens[comma] (a
        comma), the apposition of a name right before that comma?

        "With A, Director-General of the ILO, B discussed": the title is A's. But in a list
        whose items put the title first ("avec le ministre turc X, le ministre iranien Y,
        …"), A's own title comes before A, and the segment is B's."""
        first = self._name_start(tokens, comma - 1)
        if first is None:
            return False
        k = first - 1
        while k >= 0 and self._item(tokens[k])[0] in ("state", "honorific"):
            k -= 1  # "le président français M. X"
        if k >= 0 and self._title_at.get(tokens[k].start) is not None:
            return False  # "le président X, le Premier ministre indien, Y": titles first
        if first >= 1 and tokens[first - 1].text == ",":
            k = first - 2  # the segment before A: a title there makes a title-first list
            while k >= 0 and tokens[k].text not in (",", ";", ":", "(", ")"):
                if self._title_at.get(tokens[k].start) is not None:
                    return False
                k -= 1
        return True

    def _name_start(self, tokens: list[Token], i: int) -> int | None:
        """The first token of a person's name ending at tokens[i] (a known official, or two
        or more name words), else None: one capitalised word is not a name for this
        ("On Monday, the minister, X")."""
        if i < 0:
            return None
        hit = self._hit_at(tokens[i])
        if hit is not None:
            if hit.kind != "official":
                return None
            j = i
            while j > 0 and self._hit_at(tokens[j - 1]) is hit:
                j -= 1
            return j
        j = i
        while j >= 0 and self._is_name_token(tokens[j]) and self._title_at.get(
                tokens[j].start) is None:
            j -= 1
        return j + 1 if i - j >= 2 else None

    def _joins_titles(self, titled: list, j: int) -> bool:
        """Is item `j` a conjunction between two titles of one person?

        "Deputy Prime Minister and Foreign Minister, X" holds both offices: a conjunction
        with a title right on each side (no article before the second, which would begin
        another person's title: "the President and the Prime Minister") joins them.
        """
        return (titled[j][2].norm in self.rules.conjunctions and 0 < j < len(titled) - 1
                and titled[j - 1][0] == "title" and titled[j + 1][0] == "title")

    def _plural_title_before(self, tokens: list[Token], pos: int) -> list:
        for j in range(pos, -1, -1):
            kind, hit = self._item(tokens[j])
            if kind == "title" and hit is not None and self._plural(hit):
                return [(kind, hit, tokens[j])]
        return []

    def _right(self, tokens: list[Token], idx: int, ctx: TitleContext) -> None:
        i = idx
        if i < len(tokens) and tokens[i].norm in self.rules.of_words:
            # "Prime Minister Suga Yoshihide of Japan", "Guterres of the United Nations"
            j = i + 1
            while j < len(tokens) and tokens[j].norm in self.rules.articles:
                j += 1
            if j < len(tokens):
                kind, hit = self._item(tokens[j])
                if kind in ("state", "org") and hit is not None:
                    self._collect([(kind, hit, tokens[j])], ctx)
                    i = j + 1
                    while i < len(tokens) and self._hit_at(tokens[i]) is hit:
                        i += 1
        if i < len(tokens) and tokens[i].text == "(":
            # "(PRC)" style parentheses
            j = i + 1
            while j < len(tokens) and tokens[j].text != ")":
                j += 1
            i = j + 1
        while i < len(tokens) and tokens[i].text == ",":
            j = i + 1
            # skip glue like "who is also a", "qui est"
            while j < len(tokens) and self._item(tokens[j])[0] in ("glue", "honorific"):
                j += 1
            if j >= len(tokens):
                return
            kind, _ = self._item(tokens[j])
            if kind not in ("title", "former", "noun"):
                return
            k = j
            items = []
            whose = False  # past "of" + a title: "X, Special Envoy of President Y"
            if self._clause_subject(tokens, j):
                return  # ", le chef de l'État gabonais a eu …": the next clause's subject
            while k < len(tokens) and tokens[k].text not in (",", ";", ".", "(", ")"):
                kind_k, hit_k = self._item(tokens[k])
                if kind_k == "official":
                    break
                whose = whose or (kind_k == "glue" and self._of_title(tokens, k))
                if not (whose and kind_k == "title"):  # that title is Y's, not X's
                    items.append((kind_k, hit_k, tokens[k]))
                k += 1
            self._collect(items, ctx, Rule.APPOSITION_TITLE)
            if k < len(tokens) and tokens[k].text == "(":
                while k < len(tokens) and tokens[k].text != ")":
                    k += 1
                k += 1
            i = k
            # continue only into a following segment that starts with a title ("and" + title)
            if i < len(tokens) and tokens[i].text == ",":
                j2 = i + 1
                while j2 < len(tokens) and self._item(tokens[j2])[0] == "glue":
                    j2 += 1
                if j2 >= len(tokens) or self._item(tokens[j2])[0] != "title":
                    return

    def _clause_subject(self, tokens: list[Token], j: int) -> bool:
        """Does the comma segment from token `j` hold a verb of its own (so it is a clause
        whose subject is the title, not an apposition of the name before)?"""
        verbs = self.rules.clause_verbs
        k = j
        while k < len(tokens) and tokens[k].text not in (",", ";", ".", "(", ")"):
            if tokens[k].text in verbs:
                return True
            k += 1
        return False

    # ------------------------------------------------------------------ persons

    def _get(self, name: str, known: bool) -> Person:
        key = slug(name)
        person = self.persons.get(key)
        if person is None:
            person = self.persons[key] = Person(key=key, name=name, known=known)
            self._names.add(person, name)
            if self._official_by_name.get(name) is not None:
                person.known = True
        return person

    def _record(self, person: Person, start: int, end: int, sent: int, ctx: TitleContext) -> None:
        surface = self.doc.text[start:end]
        if not person.mentions and not ctx.roles and (ctx.spouse or ctx.female):
            self._kin.add(person.key)  # introduced as a spouse, or as "Mrs"/"Mme" X
        person.mentions.append(Mention(start, end, surface, sent))
        before = len(person.aliases)
        person.add_alias(surface)
        if len(person.aliases) != before:
            self._names.add(person, surface)
        self.mentions.append(PersonMention(person.key, start, end, sent, ctx, surface))

    def _resolve_short(self, run_norm: list[str],
                       ctx: TitleContext | Callable[[], TitleContext],
                       at: int | None = None) -> Person | None:
        """A surname (or part of a name) to a person already found, or a titled known official.

        `ctx` may be a function computing the context: it is only needed when the words
        name a known official, and computing it for every part of a long run was costly.
        `at` is where the words stand: of several bearers, the one named last before them.
        """
        best = self._names.find(run_norm)
        if best is not None:
            if len(run_norm) == 1:
                best = self._kin_or_officeholder(best, run_norm, ctx)
                if at is not None:
                    best = self._nearest_bearer(best, run_norm, at)
            return best
        if len(run_norm) > _NameIndex.MAX:
            best = _brute_force_find(self.persons.values(), run_norm)
            if best is not None:
                return best
        cands = self._officials_by_short.get(" ".join(run_norm), [])
        if not cands:
            return None
        if callable(ctx):
            ctx = ctx()
        if ctx.roles or ctx.honorific:
            if ctx.states:
                cands = [c for c in cands if c.state in ctx.states] or cands
            if len(cands) == 1 or (cands and len({c.state for c in cands}) == 1):
                return self._get(cands[0].name, True)
        return None

    def _nearest_bearer(self, best: Person, run_norm: list[str], at: int) -> Person:
        """Of several persons bearing a surname (President Ebrahim Raisi, Vice Admiral
        Abdullah … Al Raisi), the one named last before `at`, as a reader resolves it; with
        none before, the first named after. Spouses are left to :meth:`_kin_or_officeholder`.
        """
        cands = [p for p in self._names.bearers(run_norm)
                 if p.mentions and (p.key in self._kin) == (best.key in self._kin)]
        if len(cands) < 2:
            return best
        before = [(max(m.start for m in p.mentions if m.start < at), p) for p in cands
                  if any(m.start < at for m in p.mentions)]
        if before:
            return max(before, key=lambda sp: sp[0])[1]
        return min(cands, key=lambda p: min(m.start for m in p.mentions))

    def _kin_or_officeholder(self, best: Person, run_norm: list[str],
                             ctx: TitleContext | Callable[[], TitleContext]) -> Person:
        """A bare surname shared by an officeholder and a spouse ("Obama" for Barack and
        First Lady Michelle Obama): the spouse after a woman's honorific ("Mrs Obama"),
        else the officeholder ("President Obama", "Obama")."""
        other = self._names.find_first(run_norm)
        if other is None or other is best or (best.key in self._kin) == (other.key in self._kin):
            return best
        if callable(ctx):
            ctx = ctx()
        kin, office = (best, other) if best.key in self._kin else (other, best)
        return kin if ctx.female and not ctx.roles else office

    def _titled_surname(self, run: _Run, ctx: TitleContext) -> bool:
        if len(run.tokens) != 1 or not (ctx.roles or ctx.honorific):
            return False
        tok = run.tokens[0]
        if self.doc.sentences[run.sentence].is_headline:
            return False
        _, ends = self.doc.title_bounds_of_sentence(run.sentence)
        k = bisect.bisect_right(ends, tok.start)
        title_end = ends[k - 1] if k else -99
        gap = self.doc.text[title_end:tok.start] if title_end >= 0 else "x"
        return (len(tok.text) >= 3 and not tok.text.isupper() and gap.strip() == ""
                and tok.norm not in self.rules.non_name_words)

    def _resolve_subrun(self, run: _Run, ctx: TitleContext) -> tuple[Person, int, int] | None:
        """The longest part of a run that names a known person ("Jeenbekov Meets" → Jeenbekov).

        Parts have at most _MAX_NAME tokens: trying every part of a run of hundreds of
        capitalised words was cubic.
        """
        toks = run.tokens
        norms = [fold(t.text.rstrip(".")) for t in toks]
        found = self._initialled(run, norms, ctx)
        if found is not None:
            return found
        for size in range(min(len(toks), _MAX_NAME), 0, -1):
            for i in range(len(toks) - size + 1):
                part = toks[i:i + size]
                if part[0].norm in self.rules.name_particles or self._is_initial(part[-1]):
                    continue
                if size == len(toks):
                    sub_ctx: TitleContext | Callable[[], TitleContext] = ctx
                else:
                    def sub_ctx(part=part) -> TitleContext:
                        return self._context(part[0].start, part[-1].end, run.sentence)
                person = self._resolve_short(norms[i:i + size], sub_ctx, part[0].start)
                if person is not None:
                    return person, part[0].start, part[-1].end
        return None

    def _initialled(self, run: _Run, norms: list[str],
                    ctx: TitleContext) -> tuple[Person, int, int] | None:
        """Initials before a surname ("S. V. Lavrov", "A. Diop"): the person the surname
        names in the run's context, when the first initial begins their name."""
        toks = run.tokens
        k = 0
        while k < len(toks) - 1 and self._is_initial(toks[k]):
            k += 1
        if k == 0 or len(toks) - k > 2:
            return None
        person = self._resolve_short(norms[k:], ctx)
        if person is None or fold(person.name)[:1] != norms[0]:
            return None
        return person, toks[0].start, toks[-1].end

    def run(self) -> None:
        doc = self.doc
        pending: list[tuple[_Run, TitleContext]] = []
        # 1. known officials matched by the gazetteer
        for hit in doc.hits:
            if hit.kind == "official" and not self._official_names_venue(hit):
                ctx = self._context(hit.start, hit.end, hit.sentence)
                person = self._get(hit.ref, True)
                self._record(person, hit.start, hit.end, hit.sentence, ctx)
        # 2. unknown names with a person context, or a known given name; longest first so
        #    that "le président López Obrador" joins "Andrés Manuel López Obrador"
        accepted: list[tuple[_Run, TitleContext]] = []
        for sent_tokens in doc.tokens:
            headline = bool(sent_tokens) and doc.sentences[sent_tokens[0].sentence].is_headline
            for run in self._runs(sent_tokens):
                if any(h.kind == "official" and h.start < run.end and run.start < h.end
                       and h.sentence == run.sentence
                       for h in doc.hits_overlapping(run.start, run.end)):
                    continue  # the known official is the person; other words are not names
                ctx = self._context(run.start, run.end, run.sentence)
                words = [t for t in run.tokens if t.norm not in self.rules.name_particles]
                first = run.tokens[0].norm
                if not headline and len(words) >= 2 and len(run.tokens) <= _MAX_NAME and (
                    ctx.is_person_context or first in self.data.given_names
                ):
                    accepted.append((run, ctx))
                else:
                    pending.append((run, ctx))
        # "les présidents X et Y": Y shares the plural title of X
        plural_ends: dict[int, tuple[int, TitleContext]] = {}
        for r, c in accepted:
            if c.plural_title:  # ordered by the first run ending there, with the last's context
                plural_ends[r.end] = (plural_ends.get(r.end, (len(plural_ends), c))[0], c)
        moved: set[int] = set()
        for n, (run, ctx) in enumerate(pending):
            words = [t for t in run.tokens if t.norm not in self.rules.name_particles]
            gap = doc.text[max(0, run.start - 6):run.start]
            glue = self.rules.conjunction_before_rx.search(gap)
            if len(words) >= 2 and glue:
                prev_end = run.start - len(glue.group(0)) - (len(gap) - len(gap.rstrip()))
                near = [plural_ends[e] for e in range(prev_end - 2, prev_end + 1)
                        if e in plural_ends]
                if near:
                    pctx = min(near, key=lambda oc: oc[0])[1]
                    ctx.roles.extend(r for r in pctx.roles if r not in ctx.roles)
                    for r in pctx.roles:
                        ctx.role_rules.setdefault(r, Rule.PLURAL_TITLE)
                    accepted.append((run, ctx))
                    moved.add(n)
        if moved:
            pending = [rc for n, rc in enumerate(pending) if n not in moved]
        accepted.sort(key=lambda rc: -len(rc[0].tokens))
        for run, ctx in accepted:
            norm = [fold(t.text.rstrip(".")) for t in run.tokens]
            person = self._resolve_short(norm, ctx) if self.persons else None
            initialled = self._initialled(run, norm, ctx) if person is None else None
            if initialled is not None:
                person = initialled[0]
            if person is None:
                person = self._get(self._clean_name(doc.text[run.start:run.end]), False)
            self._record(person, run.start, run.end, run.sentence, ctx)
        # 3. partial names of persons found above, titled surnames of known officials
        for run, ctx in pending:
            found = self._resolve_subrun(run, ctx)
            if found is not None:
                person, start, end = found
                self._record(person, start, end, run.sentence, ctx)
            elif self._titled_surname(run, ctx):
                # "President Ramaphosa", with no full name anywhere: the surname names him
                person = self._get(self._clean_name(doc.text[run.start:run.end]), False)
                self._record(person, run.start, run.end, run.sentence, ctx)
        self.mentions.sort(key=lambda m: m.start)
        self._addressed()
        self._assign()
        self._bare_titles()

    def _bare_titles(self) -> None:
        """A top office named with no name, right after an article ("Le Président de la
        République a rencontré …", "the Prime Minister said"): the one person of the text who
        holds it for the state the title names, else for the publisher's state. Holding it
        is having the role here, or the office in the officials list at the readout's
        date. Described offices count too: "the visiting President" is the one holder from
        another state than the publisher's, "the Sri Lankan leader" (a leader word: head of
        state or government) the one of that state."""
        starts = [m.start for m in self.mentions]
        found: list[PersonMention] = []
        leaders = ("head_of_state", "head_of_government")
        offices = [(t.start, t.end, t.sentence, (t.ref,), t.surface) for t in self.doc.titles
                   if t.ref in _BARE_TITLE_ROLES]
        if self.rules.leader_words:
            offices += [(t.start, t.end, t.sentence, leaders, t.text)
                        for sent in self.doc.tokens for t in sent
                        if t.norm in self.rules.leader_words]
            offices.sort()
        for start, end, sentence, roles, surface in offices:
            i = bisect.bisect_left(starts, start)
            nxt = self.mentions[i] if i < len(self.mentions) else None
            prev = self.mentions[i - 1] if i else None
            if (nxt is not None and nxt.sentence == sentence
                    and nxt.start - end <= _BARE_TITLE_GAP
                    and not self._verb_between(sentence, end, nxt.start)) or (
                    prev is not None and prev.sentence == sentence
                    and start - prev.end <= _APPOSITION_GAP):
                continue  # the title of a name beside it ("X, Président de la République")
            described = self._described(start, end, sentence)
            if described is None:
                continue
            state, guest = described
            if state is None and roles is leaders:
                continue  # "the leader": nobody in particular
            holder = self._holder(roles, state, guest)
            if holder is None:
                continue
            role = next((r for r in roles if r in holder.roles), roles[0])
            if role not in holder.roles:
                holder.add_role(role, Rule.BARE_TITLE)
            found.append(PersonMention(holder.key, start, end, sentence,
                                       TitleContext(roles=[role]), surface))
        self._add_mentions(found)

    def _verb_between(self, sentence: int, start: int, end: int) -> bool:
        """Does a verb stand between an office and the next name ("the Sri Lankan leader is
        to call on President X": X is the object, not the leader's name)?"""
        tokens = self.doc.tokens[sentence]
        k = self.doc.token_index(sentence, start)
        while k < len(tokens) and tokens[k].start < end:
            if tokens[k].text in self.rules.clause_verbs:
                return True
            k += 1
        return False

    def _described(self, start: int, end: int, sentence: int
                   ) -> tuple[str | None, bool] | None:
        """The state and guest words describing an office that follows an article ("the
        visiting Sri Lankan President", "le président sénégalais"): (state or None, is the
        guest); None when no article opens the phrase ("President X", "his President")."""
        tokens = self.doc.tokens[sentence]
        k = self.doc.token_index(sentence, start) - 1
        state_hits = self.doc.hits_in(max(0, start - 60), end + 20, ("state",))
        before = [h for h in state_hits if h.end <= start]
        after = [h for h in state_hits if h.start >= end]
        state: str | None = None
        guest = False
        while k >= 0:
            tok = tokens[k]
            if tok.norm in self.rules.guest_words:
                guest = True
            elif before and before[-1].start <= tok.start < before[-1].end:
                state = before[-1].key.ref
            else:
                break
            k -= 1
        if k < 0:
            return None
        word = tokens[k].norm
        if word not in self.rules.articles and not word.endswith(("'", "’")):
            return None
        j = self.doc.token_index(sentence, end)
        if j < len(tokens) and tokens[j].norm in self.rules.guest_words:
            guest = True
        if state is None and after:
            state = after[0].key.ref
        return state, guest

    def _holder(self, roles: tuple[str, ...], state: str | None,
                guest: bool) -> Person | None:
        """The one person of the text holding one of these offices: for that state, else
        (a guest) for another state than the publisher's, else for the publisher's."""
        when = self.doc.readout.published
        if state is None and not guest:
            state = self.home_state
        if state is None and (not guest or self.home_state is None):
            return None
        holders = [p for p in self.persons.values()
                   if (p.state == state if state else p.state not in (None, self.home_state))
                   and any(r in p.roles or self._held(p, r, when) for r in roles)]
        return holders[0] if len(holders) == 1 else None

    def _add_mentions(self, found: list[PersonMention]) -> None:
        """Merge mentions found after the name passes, keeping mentions in text order."""
        if found:
            self.mentions = sorted(self.mentions + found, key=lambda m: m.start)

    def _held(self, person: Person, role: str, when: dt.date | None) -> bool:
        """Did a known official hold an office with this role at that date?"""
        off = self._official_by_name.get(person.name)
        return off is not None and off.held(role, when.isoformat() if when else None)

    def _addressed(self) -> None:
        """A form of address alone ("His Majesty was received by …", "Sa Majesté a reçu")
        stands for the last person named with it ("His Majesty Sultan Haitham bin Tariq")."""
        words = self.rules.address_honorifics
        if not words:
            return
        found: list[PersonMention] = []
        by_word: dict[str, str] = {}  # address word -> the last person named with it
        starts = [m.start for m in self.mentions]
        for sent_tokens in self.doc.tokens:
            for k, tok in enumerate(sent_tokens):
                if tok.norm not in words or k == 0 or \
                        sent_tokens[k - 1].norm not in self.rules.possessives:
                    continue
                i = bisect.bisect_left(starts, tok.end)
                nxt = self.mentions[i] if i < len(self.mentions) else None
                if nxt is not None and nxt.sentence == tok.sentence and \
                        nxt.start - tok.end <= _ADDRESS_GAP:
                    by_word[tok.norm] = nxt.person  # "His Majesty Sultan X": X is addressed so
                elif tok.norm in by_word:
                    start = sent_tokens[k - 1].start
                    surface = self.doc.text[start:tok.end]
                    found.append(PersonMention(by_word[tok.norm], start, tok.end,
                                               tok.sentence, TitleContext(honorific=True),
                                               surface))
        self._add_mentions(found)

    def _assign(self) -> None:
        """Roles and state of each person from all their mentions."""
        first_with_roles: PersonMention | None = None
        by_sentence: dict[int, list[PersonMention]] = {}
        for m in self.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        plural: dict[int, TitleContext] = {}
        for m in self.mentions:
            person = self.persons[m.person]
            ctx = m.context
            if ctx.plural_title:
                plural[m.sentence] = ctx
            if not ctx.former:
                for role in ctx.roles:
                    person.add_role(role, ctx.role_rules.get(role, Rule.TITLE_BEFORE))
            if ctx.orgs and ("org_head" in ctx.roles or any(
                r in _HEAD_TITLES for r in ctx.roles)) and not ctx.states:
                person.org = person.org or ctx.orgs[0]
                person.state_rule = person.state_rule or Rule.ORG_TITLE
                if "head_of_state" in person.roles and "org_head" not in ctx.roles:
                    person.roles.remove("head_of_state")
                    person.add_role("org_head", Rule.ORG_HEAD_TITLE)
            elif "org_head" in ctx.roles and ctx.orgs:
                person.org = person.org or ctx.orgs[0]
                person.state_rule = person.state_rule or Rule.ORG_TITLE
            if ctx.states and person.state is None and "org_head" not in person.roles:
                person.state = ctx.states[0]
                person.state_rule = Rule.TITLE_STATE
            if first_with_roles is None and ctx.roles:
                first_with_roles = m
        # a bare "secretary general" (no organisation named) beside a specific office of the
        # same person is that office, not the head of an organisation: "le secrétaire
        # général Nguyen Phu Trong" in a headline, "secrétaire général du Comité central du
        # Parti communiste du Vietnam" in the text; the state of that office then applies
        first_state: dict[str, str] = {}  # the first state a mention of each person names
        for m in self.mentions:
            if m.context.states:
                first_state.setdefault(m.person, m.context.states[0])
        for pid, person in self.persons.items():
            if "org_head" in person.roles and person.org is None and len(person.roles) > 1:
                person.roles.remove("org_head")
                if person.state is None:
                    person.state = first_state.get(pid)
                    person.state_rule = Rule.TITLE_STATE
        # list continuation: "les présidents X et Y": Y shares the plural title
        starts = {k: [o.start for o in v] for k, v in by_sentence.items()}
        for m in self.mentions:
            person = self.persons[m.person]
            if not m.context.roles and m.sentence in plural and not m.context.counterpart:
                k = bisect.bisect_left(starts[m.sentence], m.start)
                prev = by_sentence[m.sentence][k - 1] if k else None  # the mention before
                if prev is not None and prev.context.plural_title or (
                    prev is not None
                    and self.doc.text[prev.end:m.start].strip(" ,") in self.rules.conjunctions
                    and plural[m.sentence] is not None and prev.context.roles
                ):
                    for role in plural[m.sentence].roles:
                        person.add_role(role, Rule.PLURAL_TITLE)
        # a known official's state comes before guesses from counterpart phrases
        for person in self.persons.values():
            if person.known and person.state is None and "org_head" not in person.roles:
                off = self._official_by_name.get(person.name)
                if off is not None and off.state:
                    person.state = off.state
                    person.state_rule = Rule.KNOWN_OFFICIAL
        self._kin_states(by_sentence)
        # counterparts take the office of the person they are the counterpart of: the first
        # other person of the sentence (the first two persons of each sentence say who)
        first_two: dict[int, tuple[PersonMention, PersonMention | None]] = {}
        for idx, ms in by_sentence.items():
            first_two[idx] = (ms[0], next((o for o in ms if o.person != ms[0].person), None))
        for m in self.mentions:
            if not m.context.counterpart:
                continue
            person = self.persons[m.person]
            one, two = first_two[m.sentence]
            anchor = (one if one.person != m.person else two) or first_with_roles
            if m.context.counterpart_state and person.state is None:
                person.state = m.context.counterpart_state
                person.state_rule = Rule.COUNTERPART_STATE
            if person.state is None and not m.context.states:
                other = self.persons[anchor.person].state if anchor is not None else None
                sent = self.doc.sentences[m.sentence]
                for h in self.doc.hits_in(sent.start, sent.end, ("state",)):
                    if h.ref != other and h.key.form_kind in ("adj", "name", "alias"):
                        person.state = h.ref
                        person.state_rule = Rule.COUNTERPART_SENTENCE_STATE
                        break
            if any(r in _OFFICE_ROLES for r in person.roles):
                continue
            if anchor is not None:
                for role in self.persons[anchor.person].roles:
                    if role in _OFFICE_ROLES:
                        person.add_role(role, Rule.COUNTERPART_OFFICE)
        for person in self.persons.values():
            if person.state is None and person.org is None and self.home_state and any(
                r in _OFFICE_ROLES or r == "other_official" for r in person.roles
            ) and "org_head" not in person.roles:
                person.state = self.home_state
                person.state_rule = Rule.HOME_STATE
            if "minister" in person.roles and (
                "foreign_minister" in person.roles or "deputy_foreign_minister" in person.roles
            ):
                person.roles.remove("minister")
            if "org_head" in person.roles:
                person.state = None
        # an office a mention says is held no more ("l'ancien président X") is not given back
        # by a courtesy title elsewhere ("le président X" later in the readout); the state it
        # gave stays
        for m in self.mentions:
            if m.context.former:
                person = self.persons[m.person]
                for role in m.context.roles:
                    if role in person.roles:
                        person.roles.remove(role)


    def _kin_states(self, by_sentence: dict[int, list[PersonMention]]) -> None:
        """The state of a spouse or relative, who holds no office of their own: that of the
        person a spouse is joined to ("President X and First Lady Y", "X et son épouse Y"),
        the sentence's subject for a possessive further off ("X … in the presence of his
        wife Y"), else the one named just before ("X, accompanied by First Lady Y"); or of
        the officeholder whose family name they share ("Mme Brigitte Macron" beside "le
        président Emmanuel Macron")."""
        text = self.doc.text
        for m in self.mentions:
            person = self.persons[m.person]
            if not m.context.spouse or person.state is not None or person.roles:
                continue
            ms = by_sentence[m.sentence]
            k = ms.index(m)
            before = [o for o in reversed(ms[:k]) if o.person != m.person]
            after = [o for o in ms[k + 1:] if o.person != m.person]
            gap = fold(text[before[0].end:m.start]).replace(",", " ").split() if before else []
            joined = bool(gap) and gap[0] in self.rules.conjunctions
            possessive = len(gap) >= 2 and gap[-2] in self.rules.possessives
            order = before[:1] if joined or not possessive else [
                o for o in ms[:k] if o.person != m.person][:1]
            partner = next((self.persons[o.person] for o in order + before + after
                            if self.persons[o.person].state), None)
            if partner is not None:
                person.state, person.state_rule = partner.state, Rule.SPOUSE_STATE
        words = {key: _variant_words(p.name) for key, p in self.persons.items()}
        families: dict[str, set[str]] = {}
        for key, p in self.persons.items():
            if p.state and p.roles and len(words[key]) >= 2:
                families.setdefault(words[key][-1], set()).add(p.state)
        for key, p in self.persons.items():
            if p.state is None and not p.roles and p.org is None and len(words[key]) >= 2:
                states = families.get(words[key][-1], set())
                if len(states) == 1:
                    p.state, p.state_rule = next(iter(states)), Rule.FAMILY_NAME_STATE


# characters between a form of address and the name it addresses ("His Majesty Sultan ")
_ADDRESS_GAP = 30
# offices whose bare title names their one holder, and how near a name makes it that name's
_BARE_TITLE_ROLES = ("head_of_state", "head_of_government", "foreign_minister")
_BARE_TITLE_GAP = 40
_APPOSITION_GAP = 6


class _NameIndex:
    """Which person found so far a part of a name refers to, in constant time.

    Answers what a scan of every variant of every person would: among persons with a
    variant holding the words, the last whose first such variant ends with the same word,
    else the first. The scan, once per candidate name, was quadratic on long readouts.
    Word sequences of up to MAX words are indexed as variants are added.
    """

    MAX = _MAX_NAME

    def __init__(self) -> None:
        self._order: dict[str, int] = {}
        self._seen: set[tuple[str, tuple[str, ...]]] = set()
        self._first: dict[tuple[str, ...], tuple[int, Person]] = {}
        self._bearers: dict[tuple[str, ...], list[Person]] = {}  # every person, in order
        self._last_end: dict[tuple[str, ...], tuple[int, Person]] = {}

    def add(self, person: Person, variant: str) -> None:
        order = self._order.setdefault(person.key, len(self._order))
        words = _variant_words(variant)
        for i in range(len(words)):
            for n in range(1, min(self.MAX, len(words) - i) + 1):
                key = tuple(words[i:i + n])
                if (person.key, key) in self._seen:
                    continue
                self._seen.add((person.key, key))
                self._bearers.setdefault(key, []).append(person)
                first = self._first.get(key)
                if first is None or order < first[0]:
                    self._first[key] = (order, person)
                if words[-1] == key[-1]:
                    last = self._last_end.get(key)
                    if last is None or order > last[0]:
                        self._last_end[key] = (order, person)

    def find(self, words: list[str]) -> Person | None:
        key = tuple(words)
        hit = self._last_end.get(key) or self._first.get(key)
        return hit[1] if hit is not None else None

    def bearers(self, words: list[str]) -> list[Person]:
        """Every person found with a variant holding the words, in the order found."""
        return self._bearers.get(tuple(words), [])

    def find_first(self, words: list[str]) -> Person | None:
        """The first person found with a variant holding the words."""
        hit = self._first.get(tuple(words))
        return hit[1] if hit is not None else None


def _variant_words(variant: str) -> list[str]:
    return fold(variant).replace(",", " ").split()


def _brute_force_find(persons: Iterable[Person], words: list[str]) -> Person | None:
    """The scan :class:`_NameIndex` replaces, for the rare part longer than it indexes."""
    n = len(words)
    best: Person | None = None
    for person in persons:
        for variant in [person.name, *person.aliases]:
            vt = _variant_words(variant)
            if any(vt[i:i + n] == words for i in range(len(vt) - n + 1)):
                if best is None or (vt[-1] == words[-1] and best is not person):
                    best = person
                break
    return best


_INDEX: dict[int, tuple[dict[str, Official], dict[str, list[Official]]]] = {}


def _official_index(data: RefData) -> tuple[dict[str, Official], dict[str, list[Official]]]:
    """Officials by canonical name and by folded surname, built once per reference data."""
    index = _INDEX.get(id(data))
    if index is None:
        by_short: dict[str, list[Official]] = {}
        for off in data.officials:
            for short in off.short:
                by_short.setdefault(fold(short), []).append(off)
        index = _INDEX[id(data)] = ({o.name: o for o in data.officials}, by_short)
    return index


def _clean_name(name: str, clitic_forms: tuple[str, ...]) -> str:
    """One space between words, without a clitic left at the end ("Kishida's")."""
    name = re.sub(r"\s+", " ", name).strip()
    for clitic in clitic_forms:
        if name.endswith(clitic):
            return name[:-len(clitic)]
    return name


def find_persons(doc: Doc, data: RefData, home_state: str | None) -> PersonFinder:
    finder = PersonFinder(doc, data, home_state)
    finder.run()
    return finder
