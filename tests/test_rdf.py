"""The graphs kg writes: SHACL-valid, round-trippable, deterministic, traceable."""

import pytest
from rdflib import Dataset, Graph
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
