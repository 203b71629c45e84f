"""Score a parser's JSON view of a readout against the hand-made gold annotation.

This module is the project's definition of accuracy. It is pure: it takes the two
dicts in the "gold shape" (see ``corpus/SCHEMA.md``) and returns counts; it reads
no files and prints nothing, so that the CLI, the benchmarks and the tests all
measure the same thing.

Rules
=====

Name folding (``fold``)
    Unicode NFKD, combining marks dropped, case folded, a few letters that NFKD
    does not decompose mapped by hand (ł→l, ø→o, đ→d, ð→d, þ→th, ß→ss, æ→ae,
    œ→oe, ı→i), and every run of whitespace, punctuation (hyphens and all
    Unicode dashes included), control characters and modifier symbols made one
    space; stripped. So ``"Jean-Yves  Le Drian"`` and ``"jean yves le drian"``
    are equal, and ``"Radosław"`` equals ``"Radoslaw"``.

Name match
    A predicted name matches a gold entry if its fold equals the fold of the
    entry's ``name`` or of any of its ``aliases``. For an event participant the
    alias list is the gold participant's name plus the aliases of the gold
    ``persons`` entry that has that name. Only the predicted ``name`` is used;
    predicted aliases are ignored (they cannot earn credit).

One-to-one matching
    Wherever items are "matched one-to-one" a maximum bipartite matching is
    computed (augmenting paths, predictions tried in their order), so one
    predicted item never counts for two gold items and vice versa. Extra
    duplicates in the prediction are false positives.

Fields (TP/FP/FN, micro-summed over readouts)
    ``event``
        ``events`` matched one-to-one on coarse type and date. ``meeting``,
        ``talks`` and ``visit`` are one coarse class (in person); every other
        type is its own class. Dates compare as strings (``"2025-04"`` does not
        equal ``"2025-04-25"``); null equals null. Among compatible pairs the
        pairing is chosen greedily, best first, by (number of matched
        participants, number of agreeing place slots), ties broken by list
        order, which is deterministic and makes gold against itself perfect.
        TP = matched pairs, FP = unmatched predicted, FN = unmatched gold.
    ``participant``
        Inside each matched event pair, participants matched one-to-one on
        (name match, equal ``state``; null equals null). Every participant of an
        unmatched predicted event is FP, of an unmatched gold event FN.
    ``role``
        Over matched participant pairs only, role sets compared: TP = |P ∩ G|,
        FP = |P − G|, FN = |G − P|. Roles of unmatched participants are not
        counted (the participant error already is).
    ``place``
        Over matched event pairs only (not referenced events). ``city``
        (compared folded) and ``country`` (code) are each a slot: both set and
        equal → TP; only predicted set → FP; only gold set → FN; both set and
        different → FP + FN; both null → nothing. A null ``place`` is a place
        with both slots null.
    ``person``
        ``persons`` matched one-to-one on name match. State and roles of persons
        are not scored here (roles are scored on participants).
    ``state``
        ``states`` compared as sets of codes.
    ``organisation``, ``project``
        One-to-one on name match against the gold entry's name and aliases.
    ``referenced_event``
        Like ``event``, over ``referenced_events``; their participants, places
        and ``organisation`` are used only to choose the pairing, not scored.

Codes (states, countries) compare after stripping and upper-casing; types after
stripping and lower-casing. Missing lists count as empty, a missing ``roles`` as
no roles, a missing ``place`` as no place.

Metrics
    Per field P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2PR/(P+R). When
    TP+FP+FN = 0 the field is n/a (``None``) for that group and is left out of
    means. Otherwise an undefined ratio (zero denominator) counts as 0.
    Core F1 is the arithmetic mean of the F1 of ``CORE_FIELDS`` (event,
    participant, person, state, organisation, project) that are not n/a;
    ``None`` when all are n/a.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CORE_FIELDS",
    "FIELDS",
    "Counts",
    "ReadoutScore",
    "Report",
    "fold",
    "score_corpus",
    "score_readout",
]

FIELDS: tuple[str, ...] = (
    "event",
    "participant",
    "role",
    "place",
    "person",
    "state",
    "organisation",
    "project",
    "referenced_event",
)
CORE_FIELDS: tuple[str, ...] = (
    "event",
    "participant",
    "person",
    "state",
    "organisation",
    "project",
)

IN_PERSON_TYPES = frozenset({"meeting", "talks", "visit"})

# Letters NFKD leaves whole; without them "Radosław" would not match "Radoslaw".
_LETTER_MAP = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
    }
)
# Apostrophe-like letters used in transliteration (Ukrainian, Hawaiian …).
_APOSTROPHE_LETTERS = frozenset({"\u02bb", "\u02bc", "\u02bd", "\u02be", "\u02bf"})


def _is_separator(ch: str) -> bool:
    """Whether ``ch`` is whitespace or punctuation-like, i.e. folds to a space."""
    if ch.isspace() or ch in _APOSTROPHE_LETTERS:
        return True
    cat = unicodedata.category(ch)
    # P*: punctuation incl. all dashes (Pd); Z*: separators; Cc/Cf: controls,
    # zero-width marks; Sk: modifier symbols such as a spacing acute accent.
    return cat[0] in "PZ" or cat in ("Cc", "Cf", "Sk")


def fold(name: str) -> str:
    """Fold a name for comparison, so spelling noise does not count as an error.

    >>> fold("Joseph R. Biden, Jr.")
    'joseph r biden jr'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = stripped.casefold().translate(_LETTER_MAP)
    # Mapped letters never decompose further, so no second NFKD pass is needed.
    out: list[str] = []
    pending_space = False
    for ch in lowered:
        if _is_separator(ch):
            pending_space = True
            continue
        if pending_space and out:
            out.append(" ")
        pending_space = False
        out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- counts


@dataclass
class Counts:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def is_na(self) -> bool:
        """No item on either side: the field says nothing about this group."""
        return self.tp + self.fp + self.fn == 0

    @property
    def precision(self) -> float | None:
        if self.is_na:
            return None
        denom = self.tp + self.fp
        return self.tp / denom if denom else 0.0

    @property
    def recall(self) -> float | None:
        if self.is_na:
            return None
        denom = self.tp + self.fn
        return self.tp / denom if denom else 0.0

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def _empty_counts() -> dict[str, Counts]:
    return {f: Counts() for f in FIELDS}


def _empty_lists() -> dict[str, list[str]]:
    return {f: [] for f in FIELDS}


def _core_f1(counts: dict[str, Counts]) -> float | None:
    scores = [c.f1 for f in CORE_FIELDS if (c := counts.get(f)) is not None and c.f1 is not None]
    return sum(scores) / len(scores) if scores else None


@dataclass
class ReadoutScore:
    """Counts and human-readable errors of one readout.

    ``missed`` holds gold items the prediction lacks (false negatives),
    ``invented`` predicted items the gold lacks (false positives), per field.
    """

    id: str
    lang: str
    counts: dict[str, Counts] = field(default_factory=_empty_counts)
    missed: dict[str, list[str]] = field(default_factory=_empty_lists)
    invented: dict[str, list[str]] = field(default_factory=_empty_lists)

    @property
    def core_f1(self) -> float | None:
        return _core_f1(self.counts)

    def _add(self, name: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.counts[name] = self.counts[name] + Counts(tp, fp, fn)


# ----------------------------------------------------------------------- helpers


def _list(d: Any, key: str) -> list[Any]:
    """``d[key]`` as a list of dicts/values, tolerating a missing or null key."""
    if not isinstance(d, dict):
        return []
    value = d.get(key)
    return list(value) if isinstance(value, (list, tuple)) else []


def _dicts(d: Any, key: str) -> list[dict[str, Any]]:
    return [x for x in _list(d, key) if isinstance(x, dict)]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _code(value: Any) -> str | None:
    """A state or country code, normalised; ``None`` for null or blank."""
    if value is None:
        return None
    code = str(value).strip().upper()
    return code or None


def _date(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _type(event: dict[str, Any]) -> str:
    return _text(event.get("type")).strip().lower()


def _coarse(event: dict[str, Any]) -> str:
    kind = _type(event)
    return "in_person" if kind in IN_PERSON_TYPES else kind


def _roles(participant: dict[str, Any]) -> set[str]:
    return {str(r).strip() for r in _list(participant, "roles") if r is not None}


def _place(event: dict[str, Any]) -> tuple[str | None, str | None]:
    """(city, country) with city kept as written (for messages) or None."""
    place = event.get("place")
    if not isinstance(place, dict):
        return None, None
    city = place.get("city")
    city = city.strip() if isinstance(city, str) and city.strip() else None
    return city, _code(place.get("country"))


def _label(event: dict[str, Any]) -> str:
    return f"{_type(event) or '?'} {_date(event.get('date')) or 'undated'}"


def _who(participant: dict[str, Any]) -> str:
    state = _code(participant.get("state")) or "no state"
    return f"{_text(participant.get('name'))} ({state})"


def _describe_event(kind: str, event: dict[str, Any]) -> str:
    text = f"{kind} {_label(event)}"
    names = [_text(p.get("name")) for p in _dicts(event, "participants")]
    if names:
        return f"{text} with {', '.join(names)}"
    org = event.get("organisation")
    return f"{text} of {org}" if org else text


def _max_matching(
    n_pred: int, n_gold: int, ok: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """Maximum bipartite matching (Kuhn); returns (pred, gold) index pairs.

    Why not greedy: a prediction that matches two gold entries (an ambiguous
    surname alias) must not steal the only gold entry another prediction fits.
    Predictions and gold entries are tried in list order, so it is deterministic.
    """
    edges = [[g for g in range(n_gold) if ok(p, g)] for p in range(n_pred)]
    gold_to_pred: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in gold_to_pred or augment(gold_to_pred[g], seen):
                gold_to_pred[g] = p
                return True
        return False

    for p in range(n_pred):
        augment(p, set())
    return sorted((p, g) for g, p in gold_to_pred.items())


class _Names:
    """Folded name sets of gold entries, for name matching."""

    def __init__(self, entries: Sequence[dict[str, Any]]) -> None:
        self.sets: list[set[str]] = []
        for entry in entries:
            forms = [_text(entry.get("name"))] + [_text(a) for a in _list(entry, "aliases")]
            self.sets.append({f for f in (fold(x) for x in forms) if f})

    def matches(self, name: Any, index: int) -> bool:
        folded = fold(_text(name))
        return bool(folded) and folded in self.sets[index]


def _person_aliases(gold: dict[str, Any]) -> dict[str, set[str]]:
    """Folded gold person name → folded names and aliases of that person."""
    table: dict[str, set[str]] = {}
    for person in _dicts(gold, "persons"):
        forms = [_text(person.get("name"))] + [_text(a) for a in _list(person, "aliases")]
        folded = {f for f in (fold(x) for x in forms) if f}
        key = fold(_text(person.get("name")))
        if key:
            table.setdefault(key, set()).update(folded)
    return table


def _match_participants(
    pred_ps: list[dict[str, Any]],
    gold_ps: list[dict[str, Any]],
    aliases: dict[str, set[str]],
) -> list[tuple[int, int]]:
    gold_names: list[set[str]] = []
    for gp in gold_ps:
        key = fold(_text(gp.get("name")))
        gold_names.append(({key} if key else set()) | aliases.get(key, set()))
    pred_names = [fold(_text(pp.get("name"))) for pp in pred_ps]

    def ok(p: int, g: int) -> bool:
        return (
            bool(pred_names[p])
            and pred_names[p] in gold_names[g]
            and _code(pred_ps[p].get("state")) == _code(gold_ps[g].get("state"))
        )

    return _max_matching(len(pred_ps), len(gold_ps), ok)


def _place_agreement(pred: dict[str, Any], gold: dict[str, Any]) -> int:
    (pc, pk), (gc, gk) = _place(pred), _place(gold)
    city = pc is not None and gc is not None and fold(pc) == fold(gc)
    return int(city) + int(pk is not None and pk == gk)


def _pair_events(
    preds: list[dict[str, Any]],
    golds: list[dict[str, Any]],
    aliases: dict[str, set[str]],
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Pair events on (coarse type, date), best participant overlap first.

    Returns (pred index, gold index, participant pairs). Within one
    (coarse type, date) class every pred fits every gold, so any maximal
    pairing has the same size; the greedy order only decides which participants
    line up, and it picks the pairs that agree most.
    """
    candidates: list[tuple[int, int, int, int, list[tuple[int, int]]]] = []
    for p, pe in enumerate(preds):
        for g, ge in enumerate(golds):
            if _coarse(pe) != _coarse(ge) or _date(pe.get("date")) != _date(ge.get("date")):
                continue
            parts = _match_participants(
                _dicts(pe, "participants"), _dicts(ge, "participants"), aliases
            )
            candidates.append((-len(parts), -_place_agreement(pe, ge), p, g, parts))
    candidates.sort(key=lambda c: c[:4])
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int, list[tuple[int, int]]]] = []
    for _, _, p, g, parts in candidates:
        if p in used_p or g in used_g:
            continue
        used_p.add(p)
        used_g.add(g)
        pairs.append((p, g, parts))
    pairs.sort()
    return pairs


# ----------------------------------------------------------------------- scoring


def _score_events(
    score: ReadoutScore,
    preds: list[dict[str, Any]],
    golds: list[dict[str, Any]],
    aliases: dict[str, set[str]],
) -> None:
    pairs = _pair_events(preds, golds, aliases)
    matched_p = {p for p, _, _ in pairs}
    matched_g = {g for _, g, _ in pairs}
    score._add("event", tp=len(pairs), fp=len(preds) - len(pairs), fn=len(golds) - len(pairs))

    for p, pe in enumerate(preds):
        if p not in matched_p:
            score.invented["event"].append(_describe_event("event", pe))
            for pp in _dicts(pe, "participants"):
                score._add("participant", fp=1)
                score.invented["participant"].append(f"{_label(pe)}: {_who(pp)}")
    for g, ge in enumerate(golds):
        if g not in matched_g:
            score.missed["event"].append(_describe_event("event", ge))
            for gp in _dicts(ge, "participants"):
                score._add("participant", fn=1)
                score.missed["participant"].append(f"{_label(ge)}: {_who(gp)}")

    for p, g, parts in pairs:
        pe, ge = preds[p], golds[g]
        pred_ps, gold_ps = _dicts(pe, "participants"), _dicts(ge, "participants")
        _score_participants(score, pe, ge, pred_ps, gold_ps, parts)
        _score_place(score, pe, ge)


def _score_participants(
    score: ReadoutScore,
    pe: dict[str, Any],
    ge: dict[str, Any],
    pred_ps: list[dict[str, Any]],
    gold_ps: list[dict[str, Any]],
    parts: list[tuple[int, int]],
) -> None:
    score._add(
        "participant",
        tp=len(parts),
        fp=len(pred_ps) - len(parts),
        fn=len(gold_ps) - len(parts),
    )
    done_p = {p for p, _ in parts}
    done_g = {g for _, g in parts}
    for i, pp in enumerate(pred_ps):
        if i not in done_p:
            score.invented["participant"].append(f"{_label(pe)}: {_who(pp)}")
    for i, gp in enumerate(gold_ps):
        if i not in done_g:
            score.missed["participant"].append(f"{_label(ge)}: {_who(gp)}")

    for p, g in parts:
        pr, gr = _roles(pred_ps[p]), _roles(gold_ps[g])
        score._add("role", tp=len(pr & gr), fp=len(pr - gr), fn=len(gr - pr))
        pname, gname = _text(pred_ps[p].get("name")), _text(gold_ps[g].get("name"))
        for role in sorted(gr - pr):
            score.missed["role"].append(f"role {role} for {gname} in {_label(ge)}")
        for role in sorted(pr - gr):
            score.invented["role"].append(f"role {role} for {pname} in {_label(pe)}")


def _score_place(score: ReadoutScore, pe: dict[str, Any], ge: dict[str, Any]) -> None:
    (pc, pk), (gc, gk) = _place(pe), _place(ge)
    slots = (("city", pc, gc, fold), ("country", pk, gk, lambda s: s))
    for slot, pv, gv, norm in slots:
        if pv is not None and gv is not None and norm(pv) == norm(gv):
            score._add("place", tp=1)
            continue
        if pv is not None:
            score._add("place", fp=1)
            score.invented["place"].append(f"place {slot} {pv} for {_label(pe)}")
        if gv is not None:
            score._add("place", fn=1)
            score.missed["place"].append(f"place {slot} {gv} for {_label(ge)}")


def _score_named(
    score: ReadoutScore,
    name: str,
    preds: list[dict[str, Any]],
    golds: list[dict[str, Any]],
) -> None:
    """One-to-one name matching of persons, organisations or projects."""
    names = _Names(golds)
    pairs = _max_matching(
        len(preds), len(golds), lambda p, g: names.matches(preds[p].get("name"), g)
    )
    score._add(name, tp=len(pairs), fp=len(preds) - len(pairs), fn=len(golds) - len(pairs))
    done_p = {p for p, _ in pairs}
    done_g = {g for _, g in pairs}
    score.invented[name].extend(
        f"{name} {_text(x.get('name'))}" for i, x in enumerate(preds) if i not in done_p
    )
    score.missed[name].extend(
        f"{name} {_text(x.get('name'))}" for i, x in enumerate(golds) if i not in done_g
    )


def _score_referenced(
    score: ReadoutScore,
    preds: list[dict[str, Any]],
    golds: list[dict[str, Any]],
    aliases: dict[str, set[str]],
) -> None:
    pairs = _pair_events(preds, golds, aliases)
    n = len(pairs)
    score._add("referenced_event", tp=n, fp=len(preds) - n, fn=len(golds) - n)
    matched_p = {p for p, _, _ in pairs}
    matched_g = {g for _, g, _ in pairs}
    score.invented["referenced_event"].extend(
        _describe_event("referenced", e) for i, e in enumerate(preds) if i not in matched_p
    )
    score.missed["referenced_event"].extend(
        _describe_event("referenced", e) for i, e in enumerate(golds) if i not in matched_g
    )


def score_readout(pred: dict[str, Any], gold: dict[str, Any]) -> ReadoutScore:
    """Score one predicted view against its gold view; id and lang come from gold."""
    score = ReadoutScore(id=_text(gold.get("id")), lang=_text(gold.get("lang")) or "?")
    aliases = _person_aliases(gold)

    _score_events(score, _dicts(pred, "events"), _dicts(gold, "events"), aliases)
    _score_named(score, "person", _dicts(pred, "persons"), _dicts(gold, "persons"))

    pred_states = {c for c in (_code(s) for s in _list(pred, "states")) if c}
    gold_states = {c for c in (_code(s) for s in _list(gold, "states")) if c}
    score._add(
        "state",
        tp=len(pred_states & gold_states),
        fp=len(pred_states - gold_states),
        fn=len(gold_states - pred_states),
    )
    score.missed["state"].extend(f"state {c}" for c in sorted(gold_states - pred_states))
    score.invented["state"].extend(f"state {c}" for c in sorted(pred_states - gold_states))

    _score_named(
        score, "organisation", _dicts(pred, "organisations"), _dicts(gold, "organisations")
    )
    _score_named(score, "project", _dicts(pred, "projects"), _dicts(gold, "projects"))
    _score_referenced(
        score, _dicts(pred, "referenced_events"), _dicts(gold, "referenced_events"), aliases
    )
    return score


# ------------------------------------------------------------------------ report


def _sum(scores: Iterable[ReadoutScore]) -> dict[str, Counts]:
    total = _empty_counts()
    for s in scores:
        for f in FIELDS:
            total[f] = total[f] + s.counts.get(f, Counts())
    return total


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _aligned(rows: list[list[str]], rules_after: tuple[int, ...]) -> list[str]:
    """Rows as text columns (the first left-aligned, the rest right-aligned), with a rule of
    dashes after each row index in `rules_after`."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    rule = "  ".join("-" * w for w in widths)
    out = []
    for n, cells in enumerate(rows):
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        out.append("  ".join([cells[0].ljust(widths[0]), *rest]).rstrip())
        if n in rules_after:
            out.append(rule)
    return out


@dataclass
class Report:
    """Scores of a corpus, aggregated overall and per language (micro sums)."""

    readouts: list[ReadoutScore] = field(default_factory=list)
    # readout id -> a group of the caller's (a publisher, a split): see `by_group`
    groups: dict[str, str] = field(default_factory=dict)

    def languages(self) -> list[str]:
        return sorted({r.lang for r in self.readouts})

    def by_language(self) -> dict[str, dict[str, Counts]]:
        return {lang: _sum(r for r in self.readouts if r.lang == lang) for lang in self.languages()}

    def overall(self) -> dict[str, Counts]:
        return _sum(self.readouts)

    def by_group(self) -> dict[str, tuple[int, dict[str, Counts]]]:
        """Readout count and summed counts per group (`groups`; `?` where a readout has
        none), largest group first: which sources the parser fails on."""
        names: dict[str, list[ReadoutScore]] = {}
        for r in self.readouts:
            names.setdefault(self.groups.get(r.id) or "?", []).append(r)
        ordered = sorted(names.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        return {g: (len(rs), _sum(rs)) for g, rs in ordered}

    def format_groups(self, title: str) -> str:
        """One row per group: readouts, core F1 and the F1 of each core field."""
        header = [title, "n", "core F1"] + list(CORE_FIELDS)
        rows = [[g, str(n), _fmt(self.core_f1(c))] + [_fmt(c[f].f1) for f in CORE_FIELDS]
                for g, (n, c) in self.by_group().items()]
        return "\n".join(_aligned([header, *rows], rules_after=(0,)))

    @staticmethod
    def core_f1(counts: dict[str, Counts]) -> float | None:
        """Mean F1 of the non-n/a core fields; one number to compare parser versions."""
        return _core_f1(counts)

    def _group_json(self, counts: dict[str, Counts], n: int) -> dict[str, Any]:
        return {
            "n_readouts": n,
            "fields": {
                f: {
                    "p": _round(c.precision),
                    "r": _round(c.recall),
                    "f1": _round(c.f1),
                    "tp": c.tp,
                    "fp": c.fp,
                    "fn": c.fn,
                }
                for f, c in ((f, counts[f]) for f in FIELDS)
            },
            "core_f1": _round(self.core_f1(counts)),
        }

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: ``all``, ``by_language`` and per-readout errors.

        Ratios are rounded to 4 places and are ``null`` where n/a.
        """
        sizes = {lang: sum(r.lang == lang for r in self.readouts) for lang in self.languages()}
        grouped = {"by_group": {g: self._group_json(c, n) for g, (n, c) in
                                self.by_group().items()}} if self.groups else {}
        return grouped | {
            "fields": list(FIELDS),
            "core_fields": list(CORE_FIELDS),
            "all": self._group_json(self.overall(), len(self.readouts)),
            "by_language": {
                lang: self._group_json(counts, sizes[lang])
                for lang, counts in self.by_language().items()
            },
            "readouts": [
                {
                    "id": r.id,
                    "lang": r.lang,
                    "core_f1": _round(r.core_f1),
                    "counts": {
                        f: {"tp": c.tp, "fp": c.fp, "fn": c.fn} for f, c in r.counts.items()
                    },
                    "missed": {f: list(v) for f, v in r.missed.items() if v},
                    "invented": {f: list(v) for f, v in r.invented.items() if v},
                }
                for r in self.readouts
            ],
        }

    def format_table(self, errors: bool = False) -> str:
        """Plain-text table: P, R, F1, TP, FP, FN overall, then F1 per language."""
        overall = self.overall()
        by_lang = self.by_language()
        langs = list(by_lang)
        header = ["field", "P", "R", "F1", "TP", "FP", "FN"] + [f"F1 {lang}" for lang in langs]
        rows: list[list[str]] = []
        for f in FIELDS:
            c = overall[f]
            rows.append(
                [f, _fmt(c.precision), _fmt(c.recall), _fmt(c.f1), str(c.tp), str(c.fp), str(c.fn)]
                + [_fmt(by_lang[lang][f].f1) for lang in langs]
            )
        rows.append(
            ["core F1", "", "", _fmt(self.core_f1(overall)), "", "", ""]
            + [_fmt(self.core_f1(by_lang[lang])) for lang in langs]
        )
        counts_row = ["readouts", "", "", str(len(self.readouts)), "", "", ""] + [
            str(sum(r.lang == lang for r in self.readouts)) for lang in langs
        ]
        rows.append(counts_row)

        out = _aligned([header, *rows], rules_after=(0, len(FIELDS)))

        if errors:
            for r in self.readouts:
                items = [
                    f"  {sign} {text}"
                    for f in FIELDS
                    for sign, source in (("-", r.missed), ("+", r.invented))
                    for text in source.get(f, [])
                ]
                if items:
                    out.append("")
                    out.append(f"{r.id} ({r.lang}) core F1 {_fmt(r.core_f1)}")
                    out.extend(items)
        return "\n".join(out)


def score_corpus(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> Report:
    """Score (pred, gold) pairs, in the given order, into one ``Report``."""
    return Report([score_readout(pred, gold) for pred, gold in pairs])
