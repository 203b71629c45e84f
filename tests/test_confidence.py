"""Every fact says how it was found (its rules) and how sure the parser is (its confidence).

The rules are the concepts of rule:scheme in ontology/kg.ttl, named in code by
kg.extraction.Rule and listed again by the shapes; their precision is measured by
scripts/calibrate_confidence.py (see kg.confidence).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

import kg
from kg.confidence import (
    ASPECTS,
    assess,
    calibrate,
    membership_confidence,
    outcomes,
    precision,
    rule_table,
    smoothed_precision,
)
from kg.extraction import Rule
from kg.jsonview import graph_to_json
from kg.namespaces import KG, ORG, PROV, RDF, RULE, SKOS, XSD
from kg.pipeline import extract_file, extract_json, readout_graph
from kg.rdf import readout_iri
from kg.validate import validate_graph

from .conftest import READOUTS, ROOT, SEED

BUNDLED = sorted(READOUTS.glob("*.txt"))
SHARED = ROOT.parent / "shared" / "corpus"
FACT_CLASSES = (KG.Event, KG.Participation, ORG.Membership)
# the aspects each kind of fact node states, one rule each
NODE_ASPECTS = {KG.Event: ("event", "date", "place"), KG.Participation: ("participant", "state")}


@cache
def graph_of(path: Path) -> Graph:
    return readout_graph(extract_file(path))[1]


def rules_of(g: Graph, node) -> list[str]:
    return [str(r).removeprefix(str(RULE)) for r in g.objects(node, KG.method)]


# ---------------------------------------------------------------------------- the graph


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_fact_node_of_every_bundled_readout_has_rules_and_one_confidence(path):
    g = graph_of(path)
    table = rule_table()
    nodes = 0
    for cls in FACT_CLASSES:
        for node in g.subjects(RDF.type, cls):
            nodes += 1
            rules = rules_of(g, node)
            assert rules and all(r in table for r in rules), (node, rules)
            (confidence,) = list(g.objects(node, KG.confidence))
            assert confidence.datatype == XSD.decimal
            assert 0 <= Decimal(str(confidence)) <= 1, node
            if cls in NODE_ASPECTS:  # one rule per aspect the node states
                assert sorted(table[r].aspect for r in rules) == sorted(NODE_ASPECTS[cls]), (
                    node, rules)
    assert nodes and any(g.subjects(RDF.type, KG.Event))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_fact_of_the_model_has_a_rule_of_its_aspect_and_a_confidence(path):
    x = extract_file(path)
    table = rule_table()

    def aspect(rule: str) -> str:
        return table[rule].aspect

    for ev in x.events:
        assert (aspect(ev.rule), aspect(ev.date_rule), aspect(ev.place_rule)) == (
            "event", "date", "place")
        assert 0 < ev.confidence <= 1
        for p in ev.participants:
            assert (aspect(p.rule), aspect(p.state_rule)) == ("participant", "state")
            assert 0 < p.confidence <= min(precision(ev.rule), precision(ev.date_rule))
    for person in x.persons.values():
        assert aspect(person.state_rule) == "state"
        assert set(person.role_rules) >= set(person.roles)
        assert all(aspect(person.role_rules[r]) == "role" for r in person.roles)


def test_a_fact_is_as_sure_as_the_weakest_rule_of_its_chain():
    x = extract_file(SEED)
    ev = next(e for e in x.events if e.participants)
    assert ev.confidence == min(precision(ev.rule), precision(ev.date_rule),
                                precision(ev.place_rule))
    p = ev.participants[0]
    assert p.confidence == min(precision(ev.rule), precision(ev.date_rule), precision(p.rule),
                               precision(p.state_rule))
    person = x.persons[p.person]
    role = person.roles[0]
    assert membership_confidence(person, role) == min(precision(person.role_rules[role]),
                                                      precision(person.state_rule))
    assert membership_confidence(person, None) == precision(person.state_rule)


def test_the_parser_says_which_rule_found_the_meeting_its_date_place_and_sides():
    x = extract_file(SEED)
    meeting = next(e for e in x.events if e.date == "2025-04-25")
    assert (meeting.rule, meeting.date_rule, meeting.place_rule) == (
        Rule.TRIGGER_ACTIVE, Rule.DATE_WRITTEN, Rule.PLACE_NAMED)
    sides = {x.persons[p.person].name: p.rule for p in meeting.participants}
    assert sides == {"Wang Yi": Rule.TRIGGER_SUBJECT, "Jeenbek Kulubaev": Rule.TRIGGER_OBJECT}
    kulubaev = next(p for p in x.persons.values() if p.name == "Jeenbek Kulubaev")
    assert kulubaev.role_rules["foreign_minister"] == Rule.COUNTERPART_OFFICE  # "son homologue"


def test_a_relative_day_and_the_dateline_place_are_named_as_such(write_readout):
    path = write_readout("x", "Astana, 12 March 2024 – Foreign Minister Murat Nurtleu of "
                              "Kazakhstan met Foreign Minister Wang Yi of China on Monday.",
                         {"lang": "en", "published": "2024-03-12"})
    (ev,) = extract_file(path).events
    assert (ev.date, ev.date_rule) == ("2024-03-11", Rule.DATE_RELATIVE)
    assert (ev.city, ev.place_rule) == ("Astana", Rule.PLACE_DATELINE)


def test_rules_without_use_cannot_be_assessed():
    x = extract_file(SEED)
    x.events[0].rule = "guessed"
    with pytest.raises(ValueError, match="'guessed' is not in rule:scheme"):
        assess(x)


def test_the_default_json_view_keeps_the_gold_shape():
    view = extract_json(SEED)
    assert all("methods" not in e and "confidence" not in e for e in view["events"])
    x = extract_file(SEED)
    g = graph_of(SEED)
    full = graph_to_json(g, readout_iri(x.readout.id), methods=True)
    ev = full["events"][0]
    assert ev["methods"] and 0 < ev["confidence"] <= 1
    part = ev["participants"][0]
    assert part["methods"] and set(part["role_methods"]) == set(part["roles"])


# ---------------------------------------------------------------------------- SHACL


def _seed_with(change) -> Graph:
    g = Graph()
    g += graph_of(SEED)
    event = next(g.subjects(RDF.type, KG.Event))
    change(g, event)
    return g


def test_bundled_graphs_with_their_rules_pass_the_shapes():
    g = Graph()
    for path in BUNDLED[:4]:
        g += graph_of(path)
    result = validate_graph(g)
    assert result.conforms, result.report


@pytest.mark.parametrize("change, message", [
    (lambda g, e: g.remove((e, KG.method, None)), "needs kg:method"),
    (lambda g, e: g.remove((e, KG.confidence, None)), "needs a kg:confidence"),
    (lambda g, e: g.add((e, KG.method, RULE.guessed)), "rules of rule:scheme"),
    (lambda g, e: g.set((e, KG.confidence, Literal("1.5", datatype=XSD.decimal))),
     "in [0, 1]"),
    (lambda g, e: g.set((e, KG.confidence, Literal(0.9))), "an xsd:decimal"),
], ids=["no-method", "no-confidence", "unknown-rule", "above-one", "double"])
def test_a_fact_node_without_rules_or_with_a_bad_confidence_is_refused(change, message):
    result = validate_graph(_seed_with(change))
    assert not result.conforms
    assert message in result.report


# ---------------------------------------------------------------------------- SPARQL


def _readme_query() -> str:
    """The first SPARQL example of ontology/README.md that filters on kg:confidence."""
    text = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", text, re.DOTALL)
    return next(b for b in blocks if "kg:confidence" in b and ">= 0.8" in b)


def test_the_readme_query_keeps_the_participations_of_confidence_at_least_0_8(tmp_path):
    from kg.query import query_store
    from kg.store import KgStore

    with KgStore(tmp_path / "store") as store:
        assert store.ingest(BUNDLED).ok
        strong = query_store(store.ox, _readme_query(), {})
        everything = query_store(store.ox, """
            PREFIX kg: <https://w3id.org/kg-diplo/ontology#>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?event ?person ?confidence ?graph WHERE { GRAPH ?graph {
                ?event prov:qualifiedAssociation ?p .
                ?p prov:agent ?person ; kg:confidence ?confidence } }""", {})
    def values(row) -> tuple[str, ...]:
        return tuple(getattr(v, "value", v) for v in row)

    rows = {values(row) for row in strong.rows}
    expected = {values(row) for row in everything.rows if Decimal(values(row)[2]) >= Decimal("0.8")}
    assert strong.variables == ["event", "person", "confidence", "graph"]
    assert rows == expected
    assert 0 < len(rows) < len(everything.rows)


# ---------------------------------------------------------------------------- the rules


@cache
def _ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")


def test_code_ontology_and_shapes_name_the_same_rules():
    onto = _ontology()
    in_scheme = {str(r).removeprefix(str(RULE)) for r in onto.subjects(RDF.type,
                                                                        KG.ExtractionRule)}
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    (head,) = [o for s in shapes.subjects(SH.path, KG.method) for o in shapes.objects(s, SH["in"])]
    listed = {str(r).removeprefix(str(RULE)) for r in Collection(shapes, head)}
    assert set(Rule.all()) == in_scheme == listed == set(rule_table())
    assert len(Rule.all()) == len(set(Rule.all()))


@pytest.mark.parametrize("rule", Rule.all())
def test_each_rule_is_a_documented_concept_with_its_smoothed_precision(rule):
    onto, node = _ontology(), RULE[rule]
    stats = rule_table()[rule]
    assert (node, SKOS.inScheme, RULE.scheme) in onto
    assert (RULE.scheme, SKOS.hasTopConcept, RULE[stats.aspect]) in onto
    assert stats.aspect in ASPECTS
    assert onto.value(node, SKOS.definition) is not None
    assert any(label.language == "en" for label in onto.objects(node, SKOS.prefLabel))
    assert "_" in rule  # identifiers, never words (tests/test_lang_contract.py)
    assert 0 <= stats.correct <= stats.scored
    assert stats.precision == pytest.approx(smoothed_precision(stats.correct, stats.scored),
                                            abs=5e-4)


def test_the_parser_names_only_rules_that_exist():
    used = set()
    for path in (Path(kg.__file__).parent / "parse").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (
                    node.value.id == "Rule"):
                used.add(node.attr)
    assert used and all(hasattr(Rule, name) for name in used), used - set(vars(Rule))


# ---------------------------------------------------------------------------- calibration


def test_smoothed_precision_adds_one_success_and_one_failure():
    assert smoothed_precision(0, 0) == 0.5
    assert smoothed_precision(9, 10) == pytest.approx(10 / 12)
    assert smoothed_precision(0, 3) == pytest.approx(1 / 5)


def test_calibration_counts_each_rule_and_smooths_it():
    aspects = {"a_rule": "event", "b_rule": "date", "c_rule": "place"}
    table = calibrate([("a_rule", True), ("a_rule", True), ("a_rule", False),
                       ("b_rule", False)], aspects)
    assert (table["a_rule"].scored, table["a_rule"].correct) == (3, 2)
    assert table["a_rule"].precision == round(3 / 5, 3)
    assert table["b_rule"].precision == round(1 / 3, 3)
    assert (table["c_rule"].scored, table["c_rule"].precision) == (0, 0.5)
    with pytest.raises(ValueError, match="'x_rule'"):
        calibrate([("x_rule", True)], aspects)


def _event(kind, date, people, methods, city=None, country=None):
    return {"type": kind, "date": date, "place": {"city": city, "country": country},
            "participants": people, "methods": methods}


def _person(name, state, roles, methods, role_methods=None):
    return {"name": name, "state": state, "roles": roles, "methods": methods,
            "role_methods": role_methods or {}}


def test_outcomes_give_each_fact_to_its_rule_given_the_fact_it_refines():
    aspects = {r: s.aspect for r, s in rule_table().items()}
    a = _person("Wang Yi", "CHN", ["foreign_minister"], ["trigger_subject", "title_state"],
                {"foreign_minister": ["title_before", "title_state"]})
    b = _person("Jeenbek Kulubaev", "KAZ", ["foreign_minister", "minister"],
                ["trigger_object", "counterpart_sentence_state"],
                {"foreign_minister": ["counterpart_office"], "minister": ["plural_title"]})
    c = _person("Somebody Else", "FRA", [], ["protagonist_fallback", "home_state"])
    pred = {"events": [
        _event("talks", "2025-04-25", [a, b, c], ["trigger_active", "date_written",
                                                   "place_main_event"], "Almaty", "KAZ"),
        _event("meeting", "2025-04-26", [a, b], ["bilateral_split", "date_main_event",
                                                  "place_named"], "Bishkek", "KGZ"),
        _event("phone_call", "2025-04-20", [a], ["names_follow", "no_date", "call_no_place"]),
    ], "referenced_events": []}
    gold = {"events": [
        {"type": "meeting", "date": "2025-04-25", "place": {"city": "Bishkek", "country": "KGZ"},
         "participants": [{"name": "Wang Yi", "state": "CHN", "roles": ["foreign_minister"]},
                          {"name": "Jeenbek Kulubaev", "state": "KGZ",
                           "roles": ["foreign_minister"]}]},
        {"type": "visit", "date": "2025-05", "place": {"city": "Bishkek", "country": "KGZ"},
         "participants": [{"name": "Wang Yi", "state": "CHN"}]},
    ], "persons": [{"name": "Jeenbek Kulubaev", "aliases": ["Kulubaev"]}]}
    assert Counter(outcomes(pred, gold, aspects)) == Counter([
        # the talks of the 25th are the gold meeting: found, dated, misplaced
        ("trigger_active", True), ("date_written", True), ("place_main_event", False),
        # their sides: two of three right; Kulubaev's state wrong, one of his two roles
        ("trigger_subject", True), ("title_state", True), ("title_before", True),
        ("trigger_object", True), ("counterpart_sentence_state", False),
        ("counterpart_office", True), ("plural_title", False),
        ("protagonist_fallback", False),
        # the meeting of the 26th is the gold visit (in person, Wang Yi in both), another day
        ("bilateral_split", True), ("date_main_event", False), ("place_named", True),
        ("trigger_subject", True), ("title_state", True), ("title_before", False),
        ("trigger_object", False),
        # the call is not in the gold: only its finding counts
        ("names_follow", False),
    ])


def _script():
    spec = importlib.util.spec_from_file_location(
        "calibrate_confidence", ROOT / "scripts" / "calibrate_confidence.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_calibration_refuses_the_held_out_split(tmp_path):
    unseen = tmp_path / "data" / "unseen"
    (unseen / "gold").mkdir(parents=True)
    with pytest.raises(SystemExit, match="held-out"):
        _script().corpus_outcomes(unseen / "gold", unseen / "readouts", {})


def test_the_script_rewrites_only_the_numbers_of_each_rule():
    script = _script()
    text = (ROOT / "ontology" / "kg.ttl").read_text(encoding="utf-8")
    table = dict(rule_table())
    stats = table[Rule.NO_DATE]
    table[Rule.NO_DATE] = type(stats)(stats.rule, stats.aspect, 7, 3, 0.444)
    new = script.rewrite_ontology(text, table)
    changed = [(a, b) for a, b in zip(text.splitlines(), new.splitlines(), strict=True)
               if a != b]
    if (stats.scored, stats.correct) == (7, 3):
        assert changed == []
    else:
        assert changed == [(f"    kg:precision {stats.precision:.3f} ; kg:factsScored "
                            f"{stats.scored} ; kg:factsCorrect {stats.correct} .",
                            "    kg:precision 0.444 ; kg:factsScored 7 ; kg:factsCorrect 3 .")]


@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="needs ../shared/corpus")
def test_the_shipped_precisions_are_what_the_calibration_measures_today():
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "calibrate_confidence.py"),
                          "--check"], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr


def test_a_rule_never_seen_is_an_even_bet():
    never = [s for s in rule_table().values() if s.scored == 0]
    assert all(s.precision == 0.5 for s in never)


def test_confidence_literal_of_a_node_is_its_rounded_model_value():
    x = extract_file(SEED)
    g = graph_of(SEED)
    ev = next(e for e in x.events if e.date == "2025-04-25")
    node = next(n for n in g.subjects(RDF.type, KG.Event) if str(n).endswith(
        "2025-04-25/in-person/jeenbek-kulubaev--wang-yi"))
    assert g.value(node, KG.confidence) == Literal(f"{ev.confidence:.2f}", datatype=XSD.decimal)
    assert isinstance(node, URIRef) and (node, PROV.wasDerivedFrom, None) in g
