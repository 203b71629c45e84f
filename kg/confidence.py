"""How sure the parser is of each fact it extracts, from how the fact was found.

Every fact of an :class:`~kg.extraction.Extraction` records the rule that decided it
(:class:`~kg.extraction.Rule`): an event the rule that found it, the rule that dated it and the
rule that placed it; a participant the rule that made the person a participant, and the rule
of the state the person represents; a person each role's rule. Each rule is a concept of
rule:scheme in ontology/kg.ttl carrying its precision on the development corpus
(scripts/calibrate_confidence.py measures it, :func:`outcomes` says what is counted).

Facts are nested: a participant is right only if its event is, its state only if the person
took part. So each rule is calibrated *given the fact it refines* (a date rule's precision is
over events that exist, a state rule's over persons rightly made participants), and a fact
node is as sure as the weakest rule of its chain, the rules the scorer of kg.evaluate needs
right for the node's facts to count:

    event         = min(P(event rule), P(date rule), P(place rule))
    participation = min(P(event rule), P(date rule), P(participant rule), P(state rule))
    membership    = min(P(role rule), P(state rule))          (a role the person holds)

Why the minimum and not the product, which would hold if the rules of a fact failed
independently: they do not, errors come in clusters (a readout the parser misreads gives a
dozen wrong facts, each with several weak rules), so the product is far too low for facts whose
rules are all good. Measured on the development corpus (Brier score of the confidence of
participations against the scorer's verdict, lower is better): calibrated on
../shared/corpus and tested on data/, 0.120 for the minimum against 0.173 for the product; the
other way round 0.131 against 0.174 (the product then put no participation at 0.8 or more,
the minimum 107 of 193, 95 % of them right). Precisions are smoothed with add-one (Laplace):
(correct + 1) / (scored + 2), so a rule never seen on the corpus is 0.5, not 0 or 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

# kg.evaluate is the definition of a match: calibration reuses its pairing and name folding
from kg.evaluate import (
    _coarse,
    _code,
    _date,
    _dicts,
    _max_matching,
    _pair_events,
    _person_aliases,
    _place,
    _roles,
    _text,
    fold,
)
from kg.extraction import Extraction, Person, Rule
from kg.namespaces import KG, RULE, SKOS
from kg.resources import ontology_dir

# What a rule decides; each is a top concept of rule:scheme (rule:event, rule:date ...).
ASPECTS = ("event", "date", "place", "participant", "state", "role")



@dataclass(frozen=True)
class RuleStats:
    """One rule of rule:scheme: what it decides and how often it was right when calibrated."""

    rule: str
    aspect: str
    scored: int  # facts it produced on the calibration corpus that could be scored
    correct: int  # of which right
    precision: float  # (correct + 1) / (scored + 2)


def smoothed_precision(correct: int, scored: int) -> float:
    """Add-one (Laplace) smoothed precision: 0.5 with no evidence, never 0 or 1."""
    return (correct + 1) / (scored + 2)


def read_rule_table(path: Path) -> dict[str, RuleStats]:
    """The rules of rule:scheme in an ontology file, by identifier (skos:notation)."""
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    query = f"""
        SELECT ?n ?aspect ?scored ?correct ?p WHERE {{
            ?r a <{KG.ExtractionRule}> ; <{SKOS.notation}> ?n ; <{SKOS.broader}> ?a ;
               <{KG.precision}> ?p ; <{KG.factsScored}> ?scored ; <{KG.factsCorrect}> ?correct .
            BIND(STRAFTER(STR(?a), "{RULE}") AS ?aspect)
        }}"""
    table = {}
    for row in store.query(query):
        rule = row["n"].value
        table[rule] = RuleStats(rule, row["aspect"].value, int(row["scored"].value),
                                int(row["correct"].value), float(row["p"].value))
    return table


@lru_cache(maxsize=1)
def rule_table() -> dict[str, RuleStats]:
    """The shipped rules (ontology/kg.ttl), read once per process."""
    return read_rule_table(ontology_dir() / "kg.ttl")


def precision(rule: str) -> float:
    """The calibrated precision of a rule; a rule missing from the ontology is a bug."""
    stats = rule_table().get(rule)
    if stats is None:
        raise ValueError(f"parser rule {rule!r} is not in rule:scheme (ontology/kg.ttl)")
    return stats.precision


def state_rule(person: Person) -> str:
    """The rule of whom a person represents: an organisation's title, no one, or the rule that
    set the state (the parser clears the state of an organisation's head afterwards)."""
    if person.org:
        return Rule.ORG_TITLE
    if person.state is None:
        return Rule.NO_STATE
    return person.state_rule


def assess(x: Extraction) -> Extraction:
    """Fill in the confidence of every fact of `x` from its rules (see the module docstring),
    and give each participant its person's state rule. Returns `x`."""
    for person in x.persons.values():
        person.state_rule = state_rule(person)
        person.state_confidence = precision(person.state_rule)
        person.role_confidence = {r: precision(person.role_rules.get(r, "")) for r in person.roles}
    for ev in x.events:
        occurred = min(precision(ev.rule), precision(ev.date_rule))
        ev.confidence = min(occurred, precision(ev.place_rule))
        for part in ev.participants:
            part.state_rule = x.persons[part.person].state_rule
            part.confidence = min(occurred, precision(part.rule), precision(part.state_rule))
    return x


def membership_confidence(person: Person, role: str | None) -> float:
    """Confidence that `person` holds `role` (None: no role) for whom they represent."""
    state = person.state_confidence if person.state_confidence is not None else 1.0
    return min(state, person.role_confidence.get(role, 1.0)) if role else state


# ------------------------------------------------------------------ calibration

def outcomes(pred: dict[str, Any], gold: dict[str, Any],
             aspects: dict[str, str]) -> list[tuple[str, bool]]:
    """(rule, right) for every fact of a predicted JSON view that carries its methods
    (``graph_to_json(..., methods=True)``), scored against the gold view of the same readout.

    What counts, per aspect (each given the fact it refines, as the chain above):

    - event: the predicted event is one of the gold's, in the same list (reported or
      referenced): paired by kg.evaluate on coarse type and date, or else, one-to-one among
      the events left, the same coarse type with a participant in common (events without
      participants: the same organisation, or the same place);
    - date: of an event that exists, the same date as its gold event (null equals null);
    - place: of a reported event that exists, the same city (folded) and country;
    - participant: of a reported event that exists, a person of the gold event (name match
      as in kg.evaluate, the state aside), one-to-one;
    - state: of such a participant, the same state code (null equals null);
    - role: of such a participant, each predicted role in the gold participant's roles.

    `aspects` maps each rule to its aspect (:func:`rule_table`). Participants, places and
    roles of referenced events are not counted, as kg.evaluate does not score them.
    """
    aliases = _person_aliases(gold)
    found: list[tuple[str, bool]] = []
    for key in ("events", "referenced_events"):
        found += _event_outcomes(_dicts(pred, key), _dicts(gold, key), key == "events",
                                 aliases, aspects)
    return found


def _by_aspect(item: dict[str, Any], aspects: dict[str, str]) -> dict[str, str]:
    """The rule of each aspect among an item's methods ("?" aspect for unknown rules)."""
    out: dict[str, str] = {}
    for rule in item.get("methods", []):
        out.setdefault(aspects.get(rule, "?"), rule)
    return out


def _folded_place(ev: dict[str, Any]) -> tuple[str | None, str | None]:
    city, country = _place(ev)
    return (fold(city) if city else None), country


def _event_outcomes(preds: list[dict[str, Any]], golds: list[dict[str, Any]], reported: bool,
                    aliases: dict[str, set[str]], aspects: dict[str, str]
                    ) -> list[tuple[str, bool]]:
    """Outcomes of the events of one list (reported or referenced), see :func:`outcomes`."""
    partner = {p: g for p, g, _ in _pair_events(preds, golds, aliases)}
    free_p = [p for p in range(len(preds)) if p not in partner]
    taken = set(partner.values())
    free_g = [g for g in range(len(golds)) if g not in taken]

    def names(ev: dict[str, Any]) -> set[str]:
        out = set()
        for person in _dicts(ev, "participants"):
            key = fold(_text(person.get("name")))
            out |= {key} | aliases.get(key, set())
        return out - {""}

    def same_event(i: int, j: int) -> bool:
        pe, ge = preds[free_p[i]], golds[free_g[j]]
        if _coarse(pe) != _coarse(ge):
            return False
        if _dicts(pe, "participants") or _dicts(ge, "participants"):
            return bool(names(pe) & names(ge))
        org_p, org_g = fold(_text(pe.get("organisation"))), fold(_text(ge.get("organisation")))
        if org_p or org_g:
            return org_p == org_g
        return _folded_place(pe) == _folded_place(ge) != (None, None)

    for i, j in _max_matching(len(free_p), len(free_g), same_event):
        partner[free_p[i]] = free_g[j]
    found: list[tuple[str, bool]] = []
    for p, pe in enumerate(preds):
        rules = _by_aspect(pe, aspects)
        g = partner.get(p)
        found.append((rules.get("event", "?"), g is not None))
        if g is None:
            continue
        ge = golds[g]
        found.append((rules.get("date", "?"), _date(pe.get("date")) == _date(ge.get("date"))))
        if reported:
            found.append((rules.get("place", "?"), _folded_place(pe) == _folded_place(ge)))
            found += _participant_outcomes(pe, ge, aliases, aspects)
    return found


def _participant_outcomes(pe: dict[str, Any], ge: dict[str, Any],
                          aliases: dict[str, set[str]], aspects: dict[str, str]
                          ) -> list[tuple[str, bool]]:
    """Participant, state and role outcomes of one pair of events (see :func:`outcomes`)."""
    pred_ps, gold_ps = _dicts(pe, "participants"), _dicts(ge, "participants")
    gold_names = []
    for gp in gold_ps:
        key = fold(_text(gp.get("name")))
        gold_names.append(({key} if key else set()) | aliases.get(key, set()))

    def ok(p: int, g: int) -> bool:
        name = fold(_text(pred_ps[p].get("name")))
        return bool(name) and name in gold_names[g]

    matched = dict(_max_matching(len(pred_ps), len(gold_ps), ok))
    found = []
    for p, pp in enumerate(pred_ps):
        rules = _by_aspect(pp, aspects)
        g = matched.get(p)
        found.append((rules.get("participant", "?"), g is not None))
        if g is None:
            continue
        gp = gold_ps[g]
        found.append((rules.get("state", "?"), _code(pp.get("state")) == _code(gp.get("state"))))
        gold_roles = _roles(gp)
        role_methods = pp.get("role_methods", {})
        for role in _roles(pp):
            rule = next((r for r in role_methods.get(role, []) if aspects.get(r) == "role"), "?")
            found.append((rule, role in gold_roles))
    return found


def calibrate(results: list[tuple[str, bool]], rules: dict[str, str]) -> dict[str, RuleStats]:
    """Per-rule counts and smoothed precision from (rule, right) outcomes; `rules` maps every
    rule to its aspect, so rules that produced nothing get 0.5. Outcomes of a rule not in
    `rules` ("?": a fact without a method) raise ValueError."""
    scored = dict.fromkeys(rules, 0)
    correct = dict.fromkeys(rules, 0)
    for rule, right in results:
        if rule not in rules:
            raise ValueError(f"a fact was found by {rule!r}, which is not in rule:scheme")
        scored[rule] += 1
        correct[rule] += int(right)
    return {r: RuleStats(r, rules[r], scored[r], correct[r],
                         round(smoothed_precision(correct[r], scored[r]), 3)) for r in rules}
