"""The graphs kg writes: SHACL-valid, round-trippable, deterministic, traceable."""

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.namespaces import KG, NIF, PROV, RDF, SEM
from kg.pipeline import extract_file, readout_graph
from kg.rdf import event_iri
from kg.validate import validate_graph

from .conftest import READOUTS, SEED

BUNDLED = sorted(READOUTS.glob("*.txt"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_readout_graph_passes_shacl(path):
    _, g = readout_graph(extract_file(path))
    result = validate_graph(g)
    assert result.conforms, result.report


def test_turtle_written_and_read_back_is_isomorphic():
    _, g = readout_graph(extract_file(SEED))
    back = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert isomorphic(g, back)


def test_trig_written_and_read_back_is_isomorphic():
    gi, g = readout_graph(extract_file(SEED))
    ds = Dataset()
    named = ds.graph(gi)
    for t in g:
        named.add(t)
    back = Dataset()
    back.parse(data=ds.serialize(format="trig"), format="trig")
    assert isomorphic(back.graph(gi), g)


def test_same_meeting_from_two_readouts_gets_the_same_iri(write_readout):
    a = write_readout("a", "Le 25 avril 2025, le ministre chinois des Affaires étrangères Wang "
                           "Yi a rencontré son homologue kirghize Jeenbek Kulubaev à Almaty.",
                      {"lang": "fr", "id": "a"})
    b = write_readout("b", "On April 25, 2025, Chinese Foreign Minister Wang Yi held talks with "
                           "Kyrgyz Foreign Minister Zheenbek Kulubaev in Almaty.",
                      {"lang": "en", "id": "b"})
    ea, eb = extract_file(a).events[0], extract_file(b).events[0]
    assert ea.type != eb.type
    assert event_iri(ea, "a", 1) == event_iri(eb, "b", 1)


@pytest.mark.parametrize("text,kinds", [
    # a welcome ceremony and a press conference of the same two presidents on one day
    ("On 19 August 2024, an official welcome ceremony was held for President Vladimir Putin "
     "in Baku. After the ceremony, President Ilham Aliyev and President Vladimir Putin held "
     "talks. Ilham Aliyev and Vladimir Putin then made statements to the press.",
     ["in-person", "other", "other"]),
    # the two messages of an exchange
    ("On 1 January 2024, President Xi Jinping and President Vladimir Putin exchanged New Year "
     "messages.", ["message", "message"]),
])
def test_events_told_apart_by_the_parser_stay_apart_in_the_graph(write_readout, text, kinds):
    # the bug: their IRIs were type + day + people only, so the graph merged them into one
    from kg.pipeline import extract_json

    path = write_readout("t", "Visit\n" + text, {"lang": "en", "id": "t"})
    events = extract_json(path)["events"]
    coarse = sorted("in-person" if e["type"] in ("meeting", "talks", "visit") else e["type"]
                    for e in events)
    assert coarse == kinds


def test_every_fact_points_to_the_sentence_it_came_from():
    x = extract_file(SEED)
    text = x.readout.text
    _, g = readout_graph(x)
    facts = list(g.subjects(RDF.type, KG.Event)) + list(g.subjects(RDF.type, KG.Participation))
    assert facts
    for fact in facts:
        sentence = g.value(fact, PROV.wasDerivedFrom)
        begin, end = int(g.value(sentence, NIF.beginIndex)), int(g.value(sentence, NIF.endIndex))
        assert text[begin:end] == str(g.value(sentence, NIF.anchorOf))
    meeting = next(e for e in g.subjects(RDF.type, KG.Event)
                   if str(g.value(e, SEM.hasTimeStamp)) == "2025-04-25")
    anchor = str(g.value(g.value(meeting, PROV.wasDerivedFrom), NIF.anchorOf))
    assert "a rencontré son homologue kirghize Jeenbek Kulubaev" in anchor


def test_mentions_cover_their_surface_text():
    x = extract_file(SEED)
    _, g = readout_graph(x)
    mentions = list(g.subjects(RDF.type, KG.Mention))
    assert len(mentions) > 10
    for m in mentions:
        begin, end = int(g.value(m, NIF.beginIndex)), int(g.value(m, NIF.endIndex))
        assert x.readout.text[begin:end] == str(g.value(m, NIF.anchorOf))


def test_readout_ids_are_percent_encoded_in_every_iri(write_readout):
    # A readout id is user data (file name or sidecar): spaces, quotes, braces, slashes
    # or a '#' must not break an IRI, nor make one readout's IRIs reach into another's.
    from kg.rdf import graph_iri, readout_iri

    rid = 'a b/c"d{e}#f%g'
    path = write_readout("odd", "Le 25 avril 2025, le ministre chinois des Affaires étrangères "
                                "Wang Yi a rencontré son homologue kirghize Jeenbek Kulubaev.",
                         {"lang": "fr", "id": rid})
    gi, g = readout_graph(extract_file(path))
    assert str(gi) == "https://w3id.org/kg-diplo/id/graph/a%20b%2Fc%22d%7Be%7D%23f%25g"
    assert gi == graph_iri(rid)
    r = readout_iri(rid)
    assert str(r).endswith("/readout/a%20b%2Fc%22d%7Be%7D%23f%25g")
    spans = [s for s in g.subjects() if str(s).startswith(f"{r}#char=")]
    assert spans
    for term in set(g.subjects()) | set(g.objects()):
        if isinstance(term, URIRef):
            assert not any(c in str(term) for c in ' "{}<>'), term
    result = validate_graph(g)
    assert result.conforms, result.report
    back = Dataset()
    ds = Dataset()
    named = ds.graph(gi)
    for t in g:
        named.add(t)
    back.parse(data=ds.serialize(format="nquads"), format="nquads")
    assert isomorphic(back.graph(gi), g)


def test_no_readout_id_names_a_store_graph():
    from kg.rdf import ENTITIES_GRAPH, graph_iri, readout_id_of_graph

    for rid in ("entities", "store/entities", "../store/entities", "graph", "%2E%2E"):
        gi = graph_iri(rid)
        assert gi != ENTITIES_GRAPH and str(gi).startswith("https://w3id.org/kg-diplo/id/graph/")
        assert "/" not in str(gi)[len("https://w3id.org/kg-diplo/id/graph/"):]
        assert readout_id_of_graph(gi) == rid
    assert readout_id_of_graph(ENTITIES_GRAPH) is None
    for bad in ("", ".", ".."):
        with pytest.raises(ValueError):
            graph_iri(bad)
