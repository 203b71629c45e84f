"""`kg extract` JSON is read back from the graph and matches golden files."""

import json

import pytest

from kg.jsonview import graph_to_json
from kg.pipeline import extract_file, extract_json, readout_graph
from kg.rdf import readout_iri

from .conftest import ROOT, SEED

GOLDEN = ROOT / "tests" / "golden"
CASES = ["fr-seed-2025-04-25-chn-kgz", "kg-en-2023-09-09-ind-gbr", "kg-fr-2024-06-06-chn-kgz"]


def test_json_view_comes_from_the_graph_only():
    x = extract_file(SEED)
    _, g = readout_graph(x)
    view = graph_to_json(g, readout_iri(x.readout.id))
    assert view == extract_json(SEED)
    # drop one participation from the graph: it disappears from the JSON
    from kg.namespaces import KG, PROV, RDF
    part = next(g.subjects(RDF.type, KG.Participation))
    g.remove((None, PROV.qualifiedAssociation, part))
    fewer = graph_to_json(g, readout_iri(x.readout.id))
    count = sum(len(e["participants"]) for e in view["events"] + view["referenced_events"])
    assert sum(len(e["participants"]) for e in fewer["events"] + fewer["referenced_events"]) \
        == count - 1


def test_json_view_has_the_gold_shape():
    view = extract_json(SEED)
    assert list(view) == ["id", "lang", "events", "referenced_events", "persons", "states",
                          "organisations", "projects"]
    ev = view["events"][0]
    assert set(ev) >= {"type", "date", "place", "participants"}
    assert set(ev["place"]) == {"city", "country"}


@pytest.mark.parametrize("rid", CASES)
def test_extraction_matches_golden_json(rid):
    path = ROOT / "data" / "readouts" / f"{rid}.txt"
    expected = json.loads((GOLDEN / f"{rid}.json").read_text(encoding="utf-8"))
    assert extract_json(path) == expected
